//! The annexes as a reader sees them: every row and total with the right values (totals
//! recomputed here from the YAML, independently of cpom), header rows repeated on later pages,
//! the bundle in order.

use std::collections::BTreeMap;

use crate::common::*;

fn fixture_yaml(name: &str) -> serde_yaml::Value {
    serde_yaml::from_str(
        &std::fs::read_to_string(root().join(format!("fixtures/{name}.yaml"))).unwrap(),
    )
    .unwrap()
}

#[test]
fn financements_rows_and_totals_are_the_sums_of_the_lines() {
    let y = fixture_yaml("chu-montpellier");
    let lignes = y["annexes"]["financements"]["lignes"]
        .as_sequence()
        .unwrap();
    assert!(lignes.len() >= 40);
    let o = out("chu-montpellier", "annexe-5-financements");
    let pdf = squeeze(&pdf_text(&o.pdf));
    let docx = squeeze(&docx_body_text(&o.docx));
    let mut per_year: BTreeMap<i64, i64> = BTreeMap::new();
    for l in lignes {
        let montants = l["montants"].as_mapping().unwrap();
        let mut total = 0;
        for (year, amount) in montants {
            let c = cents(amount);
            *per_year.entry(year.as_i64().unwrap()).or_default() += c;
            total += c;
            for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
                assert!(
                    text.contains(&squeeze(&euros(c))),
                    "{what} lacks amount {}",
                    euros(c)
                );
            }
        }
        for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
            assert!(
                text.contains(&squeeze(&euros(total))),
                "{what} lacks line total {}",
                euros(total)
            );
        }
    }
    let grand: i64 = per_year.values().sum();
    let total_row = total_row("Total", &per_year);
    for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
        assert!(
            text.contains(&squeeze(&total_row)),
            "{what} lacks the total row «{total_row}»"
        );
        assert!(
            text.contains(&squeeze(&format!("({})", euros(grand)))),
            "{what}: grand total in the closing sentence"
        );
        assert!(text.contains(&squeeze("sous réserve des crédits disponibles")));
    }
    // The table spans several pages and its header row repeats on each.
    assert!(o.pdf_pages >= 3, "{} pages", o.pdf_pages);
    let layout = pdf_layout_text(&o.pdf);
    let table_pages: Vec<&str> = layout.split('\u{c}').filter(|p| p.contains(" €")).collect();
    assert!(table_pages.len() >= 2, "the table spans pages");
    for (i, p) in table_pages.iter().enumerate() {
        assert!(
            p.contains("Nature et intitulé"),
            "table page {} lacks the header row",
            i + 1
        );
    }
    let xml = docx_part(&o.docx, "word/document.xml");
    assert!(
        xml.contains("<w:tblHeader/>"),
        "DOCX header row marked to repeat"
    );
}

#[test]
fn orientations_table_of_forty_indicators_repeats_its_header() {
    let y = fixture_yaml("chu-montpellier");
    let o = out("chu-montpellier", "annexe-1-orientations-strategiques");
    let pdf = squeeze(&pdf_text(&o.pdf));
    let docx = squeeze(&docx_body_text(&o.docx));
    let mut count = 0;
    for axe in y["annexes"]["orientations_strategiques"]["axes"]
        .as_sequence()
        .unwrap()
    {
        for obj in axe["objectifs"].as_sequence().unwrap() {
            for ind in obj["indicateurs"].as_sequence().unwrap() {
                count += 1;
                let lib = ind["libelle"].as_str().unwrap();
                let cible = ind["cible"].as_str().unwrap();
                let ech = ind["echeance"].as_str().unwrap();
                let (yy, mm, dd) = (&ech[0..4], &ech[5..7], &ech[8..10]);
                let cell = squeeze(&format!("{cible} au {dd}/{mm}/{yy}"));
                for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
                    assert!(
                        text.contains(&squeeze(lib)),
                        "{what} lacks indicator «{lib}»"
                    );
                    assert!(text.contains(&cell), "{what} lacks «{cell}»");
                }
            }
        }
    }
    assert!(count >= 40, "{count} indicators");
    let layout = pdf_layout_text(&o.pdf);
    let pages: Vec<&str> = layout
        .split('\u{c}')
        .filter(|p| p.contains("(2017)"))
        .collect();
    assert!(pages.len() >= 2);
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains("Indicateur (mode de calcul, source)"),
            "page {} lacks the header row",
            i + 1
        );
    }
    assert!(pdf.contains(&squeeze(
        "Objectif 1.1 – Améliorer les résultats des indicateurs de qualité"
    )));
    assert!(pdf.contains(&squeeze("Taux global de chirurgie ambulatoire — PMSI MCO, GHM en C hors séances 47,5 % (2017) 2019 : 54 % ; 2021 : 61 % 66,2 % au 31/12/2022")), "a full row");
}

#[test]
fn every_annex_says_what_its_data_says() {
    let reco = squeeze(&pdf_text(
        &out("chu-montpellier", "annexe-3-reconnaissances-contractuelles").pdf,
    ));
    for s in [
        "Lits identifiés de soins palliatifs (LISP) nationale 34 000 003 3 10 lits 01/03/2019",
        "Date d’effet de la reconnaissance tarifaire : 1er mars 2019",
        "Centre mémoire de ressources et de recherche (CMRR) régionale",
    ] {
        assert!(reco.contains(&squeeze(s)), "reconnaissances lack «{s}»");
    }
    let pds = squeeze(&pdf_text(
        &out("clinique-saint-roch", "annexe-3-permanence-des-soins").pdf,
    ));
    for s in [
        "Anesthésie-réanimation astreinte opérationnelle 0,5 31 078 150 5 (Haute-Garonne nord) nuit, dimanche et jours fériés",
        "ligne partagée avec la Clinique des Cèdres",
    ] {
        assert!(pds.contains(&squeeze(s)), "PDS lacks «{s}»");
    }
    let coop = squeeze(&pdf_text(
        &out("chu-montpellier", "annexe-2-cooperations-territoriales").pdf,
    ));
    for s in [
        "GHT Est-Hérault-Sud-Aveyron (GHT)",
        "Centre hospitalier de Sète (FINESS 34 078 005 5)",
        "condition substantielle de l’autorisation d’activité de soins « médecine — unité neurovasculaire »",
        "Convention constitutive du 30 juin 2016",
    ] {
        assert!(coop.contains(&squeeze(s)), "coopérations lack «{s}»");
    }
    let fin = squeeze(&pdf_text(
        &out("imagerie-perpignan", "annexe-3-financements").pdf,
    ));
    for s in [
        "48 500,00 € 12 250,50 € — — — 60 750,50 €",
        // A year no line has an amount in reads « — » down to its total.
        "Total 48 500,00 € 12 250,50 € — — — 60 750,50 €",
        "soixante mille sept cent cinquante euros et cinquante centimes (60 750,50 €)",
    ] {
        assert!(
            fin.contains(&squeeze(s)),
            "imaging financements lack «{s}»\n{fin}"
        );
    }
}

#[test]
fn the_socle_lists_the_annexes_of_the_typology() {
    let chu = squeeze(&pdf_text(&out("chu-montpellier", "socle").pdf));
    assert!(chu.contains(&squeeze("annexe 4 : « Permanence des soins » ;")));
    assert!(chu.contains(&squeeze("annexe 5 : « Financements ».")));
    let clinic = squeeze(&pdf_text(&out("clinique-saint-roch", "socle").pdf));
    assert!(clinic.contains(&squeeze("annexe 3 : « Permanence des soins ».")));
    assert!(!clinic.contains(&squeeze("annexe 4 : « Financements »"))); // si applicable and absent
    // The moyens article cites the Financements annex only where the contract has it.
    let [chu_pdf, chu_docx] = both(out("chu-montpellier", "socle")).map(|t| squeeze(&t));
    let [cl_pdf, cl_docx] = both(out("clinique-saint-roch", "socle")).map(|t| squeeze(&t));
    for t in [&chu_pdf, &chu_docx] {
        assert!(
            t.contains(&squeeze(
                "(FIR), sont précisés à l’annexe « Financements »."
            )),
            "{t}"
        );
        assert!(!t.contains("au titre."), "{t}");
    }
    for t in [&cl_pdf, &cl_docx] {
        assert!(t.contains(&squeeze("Le présent contrat ne comporte pas d’annexe « Financements » : les financements de la permanence des soins, accordés au titre du fonds d’intervention régional (FIR), figurent à l’annexe « Permanence des soins » ; les autres financements éventuellement accordés")), "{t}");
        assert!(
            !t.contains(&squeeze("sont précisés à l’annexe « Financements »")),
            "{t}"
        );
    }
    // Without a Financements annex, the PDS annex carries each line's FIR amount and the totals.
    for t in both(out("clinique-saint-roch", "annexe-3-permanence-des-soins")).map(|t| squeeze(&t))
    {
        for n in [
            "FIR par an",
            "52 000,00 €",
            "Total 52 000,00 €",
            "soit, pour les cinq années civiles du contrat, 260 000,00 € (deux cent soixante mille euros).",
        ] {
            assert!(t.contains(&squeeze(n)), "PDS annex lacks «{n}»: {t}");
        }
        assert!(!t.contains(&squeeze("l’annexe « Financements »")), "{t}");
    }
    // The matrix's statuses are rules, not stipulations: no reader sees them in any socle.
    for o in rendered().iter().filter(|o| o.stem == "socle") {
        for text in both(o) {
            assert!(
                !text.contains("(obligatoire)") && !text.contains("(si applicable)"),
                "{}: {text}",
                o.fixture
            );
        }
    }
    let stems: Vec<&str> = rendered()
        .iter()
        .filter(|o| o.fixture == "imagerie-perpignan")
        .map(|o| o.stem.as_str())
        .collect();
    assert_eq!(
        stems,
        [
            "socle",
            "annexe-1-orientations-strategiques",
            "annexe-2-cooperations-territoriales",
            "annexe-3-financements"
        ]
    );
}

#[test]
fn the_bundle_holds_every_document_in_order_with_continuous_pages() {
    let dir = fresh("bundle");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args([
            "render",
            "fixtures/chu-montpellier.yaml",
            "--bundle",
            "--format",
            "pdf",
            "-o",
            dir.to_str().unwrap(),
        ])
        .current_dir(root())
        .status()
        .unwrap();
    assert!(status.success());
    let bundle = dir.join("CPOM-OCC-2019-340780477/contrat-complet.pdf");
    let parts: Vec<&Out> = rendered()
        .iter()
        .filter(|o| o.fixture == "chu-montpellier")
        .collect();
    let total: usize = parts.iter().map(|o| o.pdf_pages).sum();
    assert_eq!(pdf_page_count(&bundle), total);
    let text = squeeze(&pdf_text(&bundle));
    let mut at = 0;
    for title in [
        "CONTRAT PLURIANNUEL D’OBJECTIFS ET DE MOYENS 2019-2023",
        "Annexe 1 – Orientations stratégiques",
        "Annexe 2 – Coopérations territoriales",
        "Annexe 3 – Reconnaissances contractuelles",
        "Annexe 4 – Permanence des soins",
        "Annexe 5 – Financements",
    ] {
        let title = squeeze(title);
        let pos = text[at..]
            .find(&title)
            .unwrap_or_else(|| panic!("bundle lacks «{title}» after position {at}"));
        at += pos + title.len();
    }
    assert!(
        text.contains(&squeeze(&format!("Page 1 / {total}")))
            && text.contains(&squeeze(&format!("Page {total} / {total}")))
    );
}
