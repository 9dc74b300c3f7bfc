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
            "EHPAD Les Oliviers (Montpellier), FINESS 34 000 511 5 EHPAD arrêté n° 2017-0012 du 3 janvier 2017 102",
            "L’association, reconnue d’utilité publique, gère quatre EHPAD dans l’Hérault",
            "À la signature, aucun projet de restructuration ou de transformation",
            "Le tarif annuel de chaque établissement ou service est fixé par application d’une équation tarifaire",
            "Vu la loi n° 2015-1776 du 28 décembre 2015 relative à l’adaptation de la société au vieillissement, notamment son article 58",
            "Vu le décret n° 2016-1164 du 26 août 2016",
            "Vu le décret n° 2016-1814 du 21 décembre 2016",
            "Vu le décret n° 2016-1815 du 21 décembre 2016",
            "Vu l’arrêté n° ARS-OC-CD34-2017-5412 du 20 décembre 2017 fixant la programmation pluriannuelle",
            "Vu le schéma départemental d’organisation sociale et médico-sociale adopté par le Département de l’Hérault par délibération n° CD-2017-0618 du 26 juin 2017",
            "pour le Département de l’Hérault : le directeur de l’autonomie du Département de l’Hérault ;",
            "Les conventions pluriannuelles tripartites et les conventions d’habilitation à recevoir des bénéficiaires de l’aide sociale en vigueur",
            "Article 2 – Le diagnostic partagé",
            "Article 3 – Les objectifs fixés dans le cadre du contrat",
            "Article 4 – Les moyens dédiés à la réalisation du contrat",
            "R. 314-160",
            "Titre II – Mise en œuvre du contrat",
            "Article 5 – Le suivi et l’évaluation du contrat",
            "15 juin 2021 : comité de suivi à mi-parcours",
            "Article 9 – L’entrée en vigueur et la durée du contrat",
            "conclu pour une durée de cinq ans, du 1er janvier 2019 au 31 décembre 2023",
            "prorogé par avenant pour une durée d’un an au plus",
            "Fait à Montpellier, le 14 décembre 2018, en trois exemplaires originaux.",
            "Pour l’Agence régionale de santé Occitanie La Directrice générale",
            "Pour le Département de l’Hérault Le Président du Conseil départemental",
            "Pour l’Association Les Jardins d’Oc Présidente",
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

/// Whether a phrase appears in either format of a document.
fn in_either(fixture: &str, stem: &str, needle: &str) -> bool {
    let (pdf, docx) = texts(fixture, stem);
    pdf.contains(&squeeze(needle)) || docx.contains(&squeeze(needle))
}

fn signature_columns(fixture: &str) -> (usize, usize) {
    let o = out(fixture, "contrat");
    let parties = o
        .doc
        .blocks
        .iter()
        .find_map(|b| match b {
            cpom::doc::Block::Signatures { parties, .. } => Some(parties.len()),
            _ => None,
        })
        .unwrap();
    let xml = docx_part(&o.docx, "word/document.xml");
    let last_table = &xml[xml.rfind("<w:tbl>").unwrap()..];
    (parties, last_table.matches("<w:gridCol ").count())
}

#[test]
fn a_cpom_of_essms_under_the_ars_alone_is_signed_by_the_ars_and_the_gestionnaire() {
    // IME, MAS and ESAT are authorised by the ARS alone (CASF L. 313-3 b)): an L. 313-12-2 CPOM,
    // no Conseil départemental, no Métropole, two originals.
    let f = "medico-social-handicap-rhone-ain";
    assert_both(
        f,
        "contrat",
        &[
            "D’une part, l’autorité ayant délivré les autorisations des activités couvertes par le contrat",
            "l’organisme gestionnaire des établissements et services désignés à l’article 1er : l’Association Horizons Solidaires",
            "Le présent contrat est conclu en application de l’article L. 313-12-2 du code de l’action sociale et des familles, dans les conditions prévues à l’article L. 313-11 du même code.",
            "Vu la loi n° 2015-1702 du 21 décembre 2015 de financement de la sécurité sociale pour 2016, notamment son article 75",
            "Vu le décret n° 2018-519 du 27 juin 2018",
            "Vu la décision n° 2019-17-0412 du 2 septembre 2019 portant délégation de signature du directeur général de l’agence régionale de santé Auvergne-Rhône-Alpes",
            "Vu le décret du 30 mars 2016 portant nomination de M. Jean-Yves GRALL",
            "R. 314-43-2",
            "Pour les établissements et services « IME Les Tilleuls » et « MAS Le Revermont », les financements sont modulés",
            "« taux d’occupation » (objectif : 95 %)",
            "la minoration du tarif ne peut excéder le pourcentage correspondant à la moitié de l’écart",
            "Le présent contrat est conclu pour une durée de cinq ans, du 1er janvier 2020 au 31 décembre 2024",
            "Les établissements et services « IME Les Tilleuls » et « MAS Le Revermont » perçoivent une dotation globalisée commune (article R. 314-43-1 du code de l’action sociale et des familles), versée à l’organisme gestionnaire.",
            "susceptibles de modifier, pendant la durée du contrat, la nature ou le nombre des autorisations : – transformation de six places d’internat",
            "Le tarif annuel de chaque établissement ou service est fixé par application directe à la base budgétaire du taux d’actualisation des dotations régionales limitatives (R. 314-40, 1°).",
            "Fait à Lyon, le 18 décembre 2019, en deux exemplaires originaux.",
            "Pour le directeur général et par délégation, Directrice de l’autonomie",
            "entre en vigueur le 1er janvier 2020",
        ],
    );
    for absent in [
        "Département du Rhône",
        "Département de l’Ain",
        "Métropole",
        "conseil départemental",
        "Conseil départemental",
        "IV ter",
        "conventions pluriannuelles tripartites",
        "Vu l’arrêté du 3 mars 2017",
        "R. 314-160",
        "schéma départemental",
    ] {
        assert!(
            !in_either(f, "contrat", absent),
            "{f}: «{absent}» has no place in an ARS-only L. 313-12-2 CPOM"
        );
    }
    // ESSMS of the ARS alone: no habilitation à l’aide sociale to state in the fiche.
    assert!(!in_either(f, "annexe-1-fiche-signaletique", "Habilitation"));
    assert_eq!(signature_columns(f), (2, 2));
}

#[test]
fn an_ehpad_cpom_including_a_ssiad_modulates_the_ssiad_alone() {
    let f = "medico-social-ehpad-ssiad-gard";
    assert_both(
        f,
        "contrat",
        &[
            "conformément aux dispositions du IV ter A de l’article L. 313-12",
            "le Département du Gard, représenté par son président, M. Denis BOUAD",
            "y compris ceux qui ne sont pas des établissements d’hébergement pour personnes âgées dépendantes",
            "SSIAD du Pays alésien (Alès), FINESS 30 000 203 7",
            "Vu l’arrêté du 3 mars 2017",
            "Vu la loi n° 2015-1702 du 21 décembre 2015",
            "L. 313-12-2",
            "modulé selon le taux d’occupation de l’hébergement permanent dans les conditions de l’article R. 314-160",
            "Pour l’établissement ou le service « SSIAD du Pays alésien », les financements sont modulés en fonction de l’activité dans les conditions de l’article R. 314-43-2",
            "« nombre de personnes accompagnées au cours de l’année civile » (objectif : 130 personnes accompagnées par an)",
            "Les conventions pluriannuelles tripartites et les conventions d’habilitation",
            "Fait à Nîmes, le 16 décembre 2019, en trois exemplaires originaux.",
            "Pour le Département du Gard Le Président du Conseil départemental",
        ],
    );
    assert_eq!(signature_columns(f), (3, 3));
}

#[test]
fn ehpad_in_two_collectivities_the_metropole_de_lyon_signs_for_its_territory() {
    let f = "medico-social-ehpad-ain-lyon";
    assert_both(
        f,
        "contrat",
        &[
            "le Département de l’Ain, représenté par son président, M. Jean DEGUERRY ;",
            "la Métropole de Lyon, représentée par son président, M. Bruno BERNARD,",
            "Vu le code général des collectivités territoriales, notamment ses articles L. 3641-1 et suivants",
            "adopté par la Métropole de Lyon par délibération n° 2017-2381 du 6 novembre 2017",
            "pour la Métropole de Lyon : la directrice de la vie à domicile et des établissements de la Métropole de Lyon",
            "Fait à Lyon, le 15 décembre 2020, en quatre exemplaires originaux.",
            "Pour le Département de l’Ain Le Président du Conseil départemental",
            "Pour la Métropole de Lyon Le Président de la Métropole",
            "Relèvent également, au titre de sa compétence, de chaque collectivité signataire : – le Département de l’Ain : « EHPAD Les Dombes » ; – la Métropole de Lyon : « EHPAD Le Tonkin ».",
            "le forfait global relatif à la dépendance par le président du conseil départemental ou, pour ceux situés sur le territoire de la Métropole de Lyon, par le président de la Métropole",
            "la Fondation Saint-Joseph des Dombes, fondation reconnue d’utilité publique",
            "représentée par M. Henri MOREL, président, ci-après dénommée « l’organisme gestionnaire »",
        ],
    );
    assert!(!in_either(f, "contrat", "Département du Rhône"));
    assert_eq!(signature_columns(f), (4, 4));
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
        "Habilitation à recevoir des bénéficiaires de l’aide sociale : 80 places habilitées"
    )));
    assert!(pdf.contains(&squeeze(
        "Habilitation à recevoir des bénéficiaires de l’aide sociale : non habilité"
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

/// With one section only (dotations globales), the table has one total row, not the section's
/// total repeated as the grand total.
#[test]
fn a_single_section_has_one_total_row() {
    let (pdf, docx) = texts(
        "medico-social-handicap-rhone-ain",
        "annexe-4-annexe-financiere",
    );
    for text in [&pdf, &docx] {
        assert!(!text.contains("Totaldotationsglobales"), "{text}");
        assert_eq!(
            text.matches("Total").count(),
            2,
            "the header's and the total row's: {text}"
        );
    }
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
