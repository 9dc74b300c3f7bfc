//! What a reader of the socle sees: articles, parties, identifiers, dates, signature block,
//! running header and footer — in the PDF (pdftotext) and in the DOCX (its XML).

use crate::common::*;

const ARTICLES: &[&str] = &[
    "Article 1er – Objet du contrat",
    "Article 2 – Engagements et orientations stratégiques",
    "Article 3 – Annexes du contrat",
    "Article 4 – Moyens",
    "Article 5 – Suivi et évaluation",
    "Article 6 – Révision",
    "Article 7 – Résiliation et sanctions",
    "Article 8 – Durée, entrée en vigueur et renouvellement",
    "Article 9 – Litiges",
    "Article 10 – Liste des annexes",
];

/// Asserts that each needle appears in `text` (whitespace-insensitive, like a reader).
fn assert_contains_all(what: &str, text: &str, needles: &[&str]) {
    let hay = squeeze(text);
    for n in needles {
        assert!(
            hay.contains(&squeeze(n)),
            "{what}: missing «{n}»\n---\n{}",
            collapse(text)
        );
    }
}

#[test]
fn chu_socle_pdf_says_what_the_contract_says() {
    let o = out("chu-montpellier", "socle");
    let text = pdf_text(&o.pdf);
    assert_contains_all("PDF", &text, ARTICLES);
    assert_contains_all(
        "PDF",
        &text,
        &[
            "CONTRAT PLURIANNUEL D’OBJECTIFS ET DE MOYENS 2019-2023",
            "Centre hospitalier universitaire de Montpellier",
            "N° FINESS juridique : 34 078 047 7",
            "Hôpital Lapeyronie 34 000 003 3",
            "Hôpital Gui de Chauliac 34 001 109 7",
            "représentée par sa directrice générale, Mme Monique CAVALIER",
            "représenté par M. Thomas LE LUDEC, directeur général",
            "Vu le décret du 17 décembre 2015 portant nomination de Mme Monique CAVALIER en qualité de directrice générale de l’agence régionale de santé Occitanie",
            "du 3 août 2018 portant adoption du projet régional de santé",
            "Vu la concertation avec le directoire de l’établissement",
            "Vu l’avis de la commission médicale d’établissement du 12 décembre 2018",
            "Il est convenu ce qui suit",
            "1. Développer la prise en charge ambulatoire — virage ambulatoire en chirurgie",
            "4. Conforter les missions de recours, d’enseignement et de recherche",
            "Le présent contrat est conclu pour une durée maximale de cinq ans.",
            "du 1er janvier 2019 au 31 décembre 2023",
            "annexe 5 : « Financements ».",
            "Contrat d’amélioration de la qualité et de l’efficience des soins (CAQES) du 15 mars 2018",
            "Fait à Montpellier, le 31 décembre 2018, en deux exemplaires originaux.",
            "La directrice générale de l’Agence régionale de santé Occitanie",
            "Pour le titulaire,",
            "M. Thomas LE LUDEC",
        ],
    );
    // Pre-2020 wording only: no tacit renewal, no mid-term evaluation.
    assert!(!text.contains("tacitement"));
    assert!(!text.contains("mi-parcours"));
}

#[test]
fn pages_are_numbered_and_headed() {
    let o = out("chu-montpellier", "socle");
    let pages = pdf_page_count(&o.pdf);
    assert_eq!(pages, o.pdf_pages);
    assert!(pages >= 3, "a socle is several pages, got {pages}");
    let layout = pdf_layout_text(&o.pdf);
    let pages_text: Vec<&str> = layout
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages_text.len(), pages);
    for (i, p) in pages_text.iter().enumerate() {
        let footer = format!("Page {} / {pages}", i + 1);
        assert!(
            collapse(p).contains(&footer),
            "page {} lacks «{footer}»",
            i + 1
        );
        // Paraphes on every page but the one where the parties sign in full.
        let signing = p.contains("exemplaires originaux");
        assert_eq!(
            p.contains("Paraphes"),
            !signing,
            "page {}: paraphe zone {}",
            i + 1,
            if signing {
                "on the signature page"
            } else {
                "missing"
            }
        );
        let header = "Réf. CPOM-OCC-2019-340780477";
        // The running header starts on page 2; the title page has none.
        assert_eq!(p.contains(header), i > 0, "header on page {}", i + 1);
    }
}

#[test]
fn pdf_metadata_come_from_the_data() {
    let o = out("chu-montpellier", "socle");
    let info = pdfinfo(&o.pdf);
    assert!(info.contains("Title:           Contrat pluriannuel d’objectifs et de moyens 2019-2023 — Centre hospitalier universitaire de Montpellier"), "{info}");
    assert!(
        info.contains("Agence régionale de santé Occitanie"),
        "{info}"
    );
    assert!(info.contains("FINESS 340780477"), "{info}");
    assert!(
        info.contains("Page size:       595.3 x 841.9 pts (A4)"),
        "{info}"
    );
    // The document date is the signature date: never the clock.
    assert!(
        info.contains("CreationDate:    Mon Dec 31 00:00:00 2018"),
        "{info}"
    );
    assert!(info.contains("Tagged:          yes"), "{info}");
}

#[test]
fn pdf_outline_lists_the_articles() {
    let o = out("chu-montpellier", "socle");
    let bytes = std::fs::read(&o.pdf).unwrap();
    // Typst writes the outline (bookmarks) from the headings: /Outlines with one entry each.
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/Outlines"), "no PDF outline");
    let headings = o
        .doc
        .blocks
        .iter()
        .filter(|b| matches!(b, cpom::doc::Block::Heading { .. }))
        .count();
    assert_eq!(headings, 12, "2 unnumbered headings + 10 articles");
}

#[test]
fn clinic_signed_by_delegation_with_private_wording() {
    let o = out("clinique-saint-roch", "socle");
    let text = pdf_text(&o.pdf);
    assert_contains_all("PDF", &text, ARTICLES);
    assert_contains_all(
        "PDF",
        &text,
        &[
            "et la Clinique Saint-Roch",
            "La Clinique Saint-Roch, société par actions simplifiée",
            "représentée par Mme Sophie BERTRAND, présidente, ci-après dénommée « le titulaire »",
            "Pour le titulaire, la Clinique Saint-Roch",
            "SIREN 732 829 320",
            "N° FINESS géographique : 31 078 150 5",
            "Pour le directeur général de l’Agence régionale de santé Occitanie et par délégation",
            "Directrice de l’offre de soins et de l’autonomie",
            "Mme Claire MARTIN-DUVAL",
            "le directeur général de l’ARS peut résilier le présent contrat par une décision motivée, dans les conditions de l’article R. 6114-9 du code de la santé publique",
            "le titulaire dispose d’un mois à compter de cette réception pour s’en acquitter",
            "Ces stipulations mettent en œuvre l’article R. 6114-10 du code de la santé publique.",
            "Fait à Toulouse, le 15 février 2019, en deux exemplaires originaux.",
            "taux cible de chirurgie ambulatoire : 70 %",
        ],
    );
    // Private establishment: no concertation of a directoire.
    assert!(!text.contains("directoire"));
    // The same words in the DOCX.
    let docx = docx_body_text(&o.docx);
    assert_contains_all(
        "DOCX",
        &docx,
        &[
            "La Clinique Saint-Roch, société par actions simplifiée",
            "représentée par Mme Sophie BERTRAND, présidente, ci-après dénommée « le titulaire »",
            "Pour le titulaire, la Clinique Saint-Roch",
        ],
    );
}

#[test]
fn imaging_centre_under_the_wording_before_2020() {
    // A titulaire d'EML contracts under the wording before ordonnance n° 2020-1407 only (under
    // the new wording only établissements de santé do: fixtures/invalid/eml-sous-ordonnance-2020).
    let o = out("imagerie-perpignan", "socle");
    let text = pdf_text(&o.pdf);
    assert_contains_all("PDF", &text, ARTICLES);
    assert_contains_all(
        "PDF",
        &text,
        &[
            "titulaire d’une autorisation d’équipement matériel lourd",
            "Le présent contrat est conclu pour une durée maximale de cinq ans.",
            "du 1er janvier 2021 au 31 décembre 2025",
            "Pour cette typologie, les annexes suivantes sont sans objet : « Reconnaissances contractuelles », « Permanence des soins ».",
            "Fait à Montpellier, le 18 décembre 2020, en deux exemplaires originaux.",
        ],
    );
    assert!(!text.contains("ordonnance n° 2020-1407"), "{text}");
    assert!(
        !text.contains("laboratoire"),
        "one typology, one value: {text}"
    );
}

#[test]
fn clinic_under_the_2020_wording() {
    let o = out("clinique-saint-roch-2026", "socle");
    let text = pdf_text(&o.pdf);
    assert_contains_all("PDF", &text, ARTICLES);
    assert_contains_all(
        "PDF",
        &text,
        &[
            "Vu l’ordonnance n° 2020-1407 du 18 novembre 2020",
            "Le présent contrat est conclu pour une durée de cinq ans.",
            "du 1er janvier 2026 au 31 décembre 2030",
            "le contrat est renouvelé tacitement",
            "évaluation à mi-parcours",
            "Vu la décision n° 2025-0388 du 1er septembre 2025 portant délégation de signature du directeur général de l’agence régionale de santé Occitanie",
            "Vu le décret du 20 mai 2021 portant nomination de M. Didier JAFFRE en qualité de directeur général",
            "du 31 octobre 2023 portant adoption du projet régional de santé",
        ],
    );
}

#[test]
fn docx_has_word_headings_fields_signature_table_and_properties() {
    let o = out("chu-montpellier", "socle");
    let doc = docx_part(&o.docx, "word/document.xml");
    // Articles are real Word headings (navigation pane, TOC).
    for a in ARTICLES {
        // « 1er » is « 1 » and a superscript run « er »: look for what follows it.
        let needle = a.rsplit("1er").next().unwrap();
        let idx = doc
            .find(needle)
            .unwrap_or_else(|| panic!("DOCX lacks «{a}»"));
        let para_start = doc[..idx]
            .rfind("<w:p>")
            .or_else(|| doc[..idx].rfind("<w:p "))
            .unwrap();
        assert!(
            doc[para_start..idx].contains("w:val=\"Heading2\""),
            "«{a}» is not a Heading2 paragraph"
        );
    }
    assert!(doc.contains("<w:tbl>"), "tables");
    // « 1er » with its « er » in superscript, in the DOCX as in the PDF (Typst `super`).
    assert!(
        doc.contains(
            "<w:vertAlign w:val=\"superscript\"/></w:rPr><w:t xml:space=\"preserve\">er</w:t>"
        ),
        "no superscript « er »"
    );
    let body = docx_body_text(&o.docx);
    assert_contains_all(
        "DOCX",
        &body,
        &[
            "Fait à Montpellier, le 31 décembre 2018, en deux exemplaires originaux.",
            "portant nomination de Mme Monique CAVALIER en qualité de directrice générale de l’agence régionale de santé Occitanie",
            "Mme Monique CAVALIER",
            "M. Thomas LE LUDEC",
            "34 078 047 7",
        ],
    );
    let styles = docx_part(&o.docx, "word/styles.xml");
    assert!(styles.contains("w:styleId=\"Heading2\""));
    // Footer: PAGE and NUMPAGES fields, and the paraphes zone.
    let rels = docx_part(&o.docx, "word/_rels/document.xml.rels");
    let footer_part = rels
        .split("Target=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .find(|t| t.starts_with("footer"))
        .expect("a footer part");
    let footer = docx_part(&o.docx, &format!("word/{footer_part}"));
    assert!(footer.contains("PAGE"), "PAGE field");
    assert!(footer.contains("NUMPAGES"), "NUMPAGES field");
    assert!(wordml_text(&footer).contains("Paraphes"));
    let core = docx_part(&o.docx, "docProps/core.xml");
    assert!(core.contains("Contrat pluriannuel d’objectifs et de moyens 2019-2023 — Centre hospitalier universitaire de Montpellier"), "{core}");
    assert!(core.contains("2018-12-31T00:00:00Z"), "{core}");
}

#[test]
fn no_line_breaks_inside_a_reference_a_date_or_an_amount() {
    // No-break spaces in the document model reach the DOCX XML…
    let o = out("chu-montpellier", "socle");
    let xml = docx_part(&o.docx, "word/document.xml");
    for needle in [
        "L.\u{a0}6114-1",
        "D.\u{a0}6114-8",
        "R.\u{a0}6114-10",
        "Mme\u{a0}Monique",
        "31\u{a0}décembre\u{a0}2018",
        "n°\u{a0}2009-879",
    ] {
        assert!(xml.contains(needle), "DOCX lacks «{needle}»");
    }
    assert!(
        !xml.contains("L. 6114"),
        "an ordinary space after « L. » in the DOCX"
    );
    // … and the PDF's lines never end on « L. », « n° », « Mme » or between a month and its year.
    let mois = cpom::fr::MOIS;
    for o in rendered() {
        let text = pdf_text(&o.pdf);
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        for (i, l) in lines.iter().enumerate() {
            let last = l.rsplit(' ').next().unwrap_or("");
            let next_first = lines
                .get(i + 1)
                .and_then(|n| n.split_whitespace().next())
                .unwrap_or("");
            let year = next_first
                .chars()
                .take(4)
                .filter(char::is_ascii_digit)
                .count()
                == 4;
            assert!(
                !["L.", "R.", "D.", "n°", "M.", "Mme"].contains(&last)
                    && !(mois.contains(&last) && year),
                "{}/{}: a line ends on « {last} »: «{l}» / «{}»",
                o.fixture,
                o.stem,
                lines.get(i + 1).unwrap_or(&"")
            );
        }
    }
}
