//! The tripartite médico-social CPOM: three (or more) signature columns, every ESSMS with its
//! FINESS and capacities, objectives with indicators, dotation totals per year recomputed from the
//! YAML, the originals following the parties — in both formats. (Parity, determinism and the
//! conformance checks run on these documents with all the others.)

use crate::common::*;

fn texts(fixture: &str, stem: &str) -> (String, String) {
    let [pdf, docx] = both(out(fixture, stem));
    (pdf, docx)
}

fn assert_both(fixture: &str, stem: &str, needles: &[&str]) {
    let (pdf, docx) = texts(fixture, stem);
    for n in needles {
        assert!(
            pdf.contains(&squeeze(n)),
            "{fixture}/{stem} PDF lacks «{n}»"
        );
        assert!(
            docx.contains(&squeeze(n)),
            "{fixture}/{stem} DOCX lacks «{n}»"
        );
    }
}

#[test]
fn the_ehpad_contract_follows_the_2017_model_with_three_signatures() {
    assert_both(
        "medico-social-ehpad-herault",
        "contrat",
        &[
            "Médico-social — Association Les Jardins d’Oc",
            "l’Agence régionale de santé Occitanie, représentée par sa directrice générale, Mme Monique CAVALIER",
            "le Département de l’Hérault, représenté par son président, M. Kléber MESQUIDA",
            "conformément aux dispositions du IV ter A de l’article L. 313-12 du code de l’action sociale et des familles",
            "Vu l’arrêté du 3 mars 2017",
            "Préambule",
            "Titre I – Objet du contrat",
            "Article 1er – L’identification du gestionnaire et le périmètre du contrat",
            "EHPAD Les Oliviers 34 000 511 5 EHPAD (500) 34 102",
            "Article 2 – Le diagnostic partagé",
            "Article 3 – Les objectifs fixés dans le cadre du contrat",
            "Article 4 – Les moyens dédiés à la réalisation du contrat",
            "R. 314-160",
            "Titre II – Mise en œuvre du contrat",
            "Article 5 – Le suivi et l’évaluation du contrat",
            "15 juin 2021 : comité de suivi à mi-parcours",
            "Article 9 – L’entrée en vigueur et la durée du contrat",
            "prorogé par avenant pour une durée d’un an au plus",
            "Fait à Montpellier, le 14 décembre 2018, en trois exemplaires originaux.",
            "Pour l’Agence régionale de santé Occitanie La Directrice générale",
            "Pour le Département de l’Hérault Le Président du Conseil départemental",
            "Pour Association Les Jardins d’Oc Présidente",
            "Mme Hélène VIDAL",
        ],
    );
    let doc = &out("medico-social-ehpad-herault", "contrat").doc;
    let parties = doc.blocks.iter().find_map(|b| match b {
        cpom::doc::Block::Signatures { parties, .. } => Some(parties.len()),
        _ => None,
    });
    assert_eq!(parties, Some(3));
    let xml = docx_part(
        &out("medico-social-ehpad-herault", "contrat").docx,
        "word/document.xml",
    );
    let last_table = &xml[xml.rfind("<w:tbl>").unwrap()..];
    assert_eq!(
        last_table.matches("<w:gridCol ").count(),
        3,
        "three signature columns in the DOCX"
    );
}

#[test]
fn several_departements_sign_and_the_originals_follow_the_parties() {
    assert_both(
        "medico-social-handicap-rhone-ain",
        "contrat",
        &[
            "le Département du Rhône, représenté par son président, M. Christophe GUILLOTEAU",
            "le Département de l’Ain, représenté par son président, M. Jean DEGUERRY",
            "R. 314-43-2",
            "« taux d’occupation » (objectif : 95 %)",
            "Fait à Lyon, le 18 décembre 2019, en quatre exemplaires originaux.",
            "Pour le directeur général et par délégation, Directrice de l’autonomie",
            "Pour le Département du Rhône Le Président du Conseil départemental",
            "Pour le Département de l’Ain Le Président du Conseil départemental",
            "entre en vigueur le 1er janvier 2020",
        ],
    );
}

#[test]
fn every_essms_appears_with_its_finess_and_capacities() {
    let y: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("fixtures/medico-social-ehpad-herault.yaml")).unwrap(),
    )
    .unwrap();
    let (pdf, docx) = texts("medico-social-ehpad-herault", "annexe-1-fiche-signaletique");
    let label = |t: &str| match t {
        "hebergement_permanent" => "Hébergement permanent",
        "hebergement_temporaire" => "Hébergement temporaire",
        "accueil_de_jour" => "Accueil de jour",
        "pasa" => "Pôle d’activités et de soins adaptés (PASA)",
        "uhr" => "Unité d’hébergement renforcée (UHR)",
        other => panic!("{other}"),
    };
    for e in y["etablissements"].as_sequence().unwrap() {
        let f = e["finess_geographique"].as_str().unwrap();
        let shown = format!("{} {} {} {}", &f[0..2], &f[2..5], &f[5..8], &f[8..9]);
        for text in [&pdf, &docx] {
            assert!(text.contains(&squeeze(e["nom"].as_str().unwrap())));
            assert!(
                text.contains(&squeeze(&format!("N° FINESS géographique {shown}"))),
                "{shown}"
            );
            for c in e["capacites"].as_sequence().unwrap() {
                let row = format!(
                    "{} {} {}",
                    label(c["type_accueil"].as_str().unwrap()),
                    c["autorisees"].as_u64().unwrap(),
                    c["installees"].as_u64().unwrap()
                );
                assert!(text.contains(&squeeze(&row)), "missing «{row}»");
            }
        }
    }
    assert!(pdf.contains(&squeeze(
        "Habilitation à l’aide sociale départementale : 80 places habilitées"
    )));
    assert!(pdf.contains(&squeeze(
        "Habilitation à l’aide sociale départementale : non habilité"
    )));
}

#[test]
fn dotation_totals_per_year_are_the_sums_of_the_lines() {
    let y: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("fixtures/medico-social-ehpad-herault.yaml")).unwrap(),
    )
    .unwrap();
    let mut per_year = std::collections::BTreeMap::<i64, i64>::new();
    let mut soins = std::collections::BTreeMap::<i64, i64>::new();
    for d in y["moyens"]["dotations"].as_sequence().unwrap() {
        for (k, v) in d["montants"].as_mapping().unwrap() {
            *per_year.entry(k.as_i64().unwrap()).or_default() += cents(v);
            if d["section"].as_str() == Some("soins") {
                *soins.entry(k.as_i64().unwrap()).or_default() += cents(v);
            }
        }
    }
    let total: i64 = per_year.values().sum();
    let (pdf, docx) = texts("medico-social-ehpad-herault", "annexe-4-annexe-financiere");
    let row = total_row("Total", &per_year);
    let soins_row = total_row("Total soins", &soins);
    for text in [&pdf, &docx] {
        assert!(text.contains(&squeeze(&row)), "missing «{row}»");
        assert!(text.contains(&squeeze(&soins_row)), "missing «{soins_row}»");
    }
    let (contrat, _) = texts("medico-social-ehpad-herault", "contrat");
    assert!(contrat.contains(&squeeze(&format!("ils s’élèvent à {}", euros(total)))));
}

#[test]
fn objectives_carry_their_indicators_and_milestones() {
    assert_both(
        "medico-social-ehpad-herault",
        "annexe-3-fiches-objectifs",
        &[
            "Objectif stratégique 1 – Adapter l’offre aux besoins des personnes atteintes de troubles cognitifs",
            "Objectif opérationnel 1.1 – Ouvrir un second PASA sur le site de La Garrigue",
            "Établissements concernés : EHPAD La Garrigue (34 000 512 3).",
            "Ouverture du PASA — date de l’arrêté de reconnaissance non ouvert 2020 : étude réalisée ouvert au 30/06/2021",
            "Taux d’absentéisme — tableau de bord de la performance ANAP 11 % 2021 : 9 % ; 2022 : 8 % 7 % au 31/12/2023",
        ],
    );
    assert_both(
        "medico-social-ehpad-herault",
        "annexe-5-tableau-de-bord",
        &["2.1 Taux d’absentéisme 11 % 7 % 31/12/2023"],
    );
}
