//! What a signer holds: the page with the signatures also carries the end of the document's
//! text, so that it cannot be swapped or read apart from what is signed (PDF and DOCX keep the
//! last paragraph, or the last list item, with the "Fait à …" line and the signature table).

use crate::batch::files_under;
use crate::common::*;

#[test]
fn the_signature_page_holds_text_of_the_document_body() {
    let mut checked = 0;
    for o in rendered() {
        let Some(page) =
            (1..=o.pdf_pages).find(|&p| pdf_page_body(&o.pdf, p).contains("exemplaires originaux"))
        else {
            continue;
        };
        // The text area of that page only (no running header), before « Fait à », without
        // the title block of a one-page document.
        let body = pdf_page_body(&o.pdf, page);
        let before = &body[..body
            .find("Fait à")
            .expect("« Fait à » on the signature page")];
        let chars: usize = before
            .lines()
            .filter(|l| page > 1 || !l.contains("Référence du contrat"))
            .map(|l| l.trim().chars().count())
            .sum();
        assert!(
            chars >= 40,
            "{}/{}: the signatures stand alone on their page:\n{body}",
            o.fixture,
            o.stem
        );
        checked += 1;
    }
    assert!(checked >= 30, "{checked} documents checked");
}

/// What the running header must name: the document, from its file name.
fn document_named(stem: &str) -> Vec<String> {
    let parts: Vec<&str> = stem.split('-').collect();
    match parts.as_slice() {
        ["socle"] | ["contrat"] => vec!["Contrat".into()],
        ["annexe", n, ..] => vec![format!("Annexe {n} –")],
        ["avenant", n] => vec![format!("Avenant n° {n}")],
        ["avenant", n, "annexe", m, ..] => {
            vec![format!("Annexe {m} –"), format!("(avenant n° {n})")]
        }
        _ => panic!("unknown document {stem}"),
    }
}

/// A loose page can be attributed: from page 2 on, the running header of every document names
/// the contract (its reference and titulaire) and the document the page belongs to.
#[test]
fn every_page_header_names_its_contract_and_document() {
    let mut checked = 0;
    let mut extra = crate::avenants::avenant_in("chu-montpellier-avenant-1", "headers-av1");
    extra.extend(crate::avenants::avenant_in(
        "medico-social-ehpad-avenant-1",
        "headers-ms-av1",
    ));
    let consolidated = crate::consolidation::consolidated_in("2022-01-01", "headers");
    for o in rendered().iter().chain(&extra).chain(&consolidated) {
        let reference = o
            .doc
            .metadata
            .keywords
            .iter()
            .find(|k| k.starts_with("CPOM-"))
            .cloned()
            .expect("the reference among the keywords");
        for page in 2..=o.pdf_pages {
            let header = collapse(&pdf_page_header(&o.pdf, page));
            for want in document_named(&o.stem).iter().chain([&reference]) {
                assert!(
                    header.contains(want.as_str()),
                    "{}/{} page {page}: the header « {header} » does not name « {want} »",
                    o.fixture,
                    o.stem
                );
            }
            checked += 1;
        }
        let docx = docx_part(&o.docx, "word/header1.xml");
        for want in document_named(&o.stem) {
            assert!(
                squeeze(&wordml_text(&docx)).contains(&squeeze(&want)),
                "{}/{}: the DOCX header does not name « {want} »",
                o.fixture,
                o.stem
            );
        }
    }
    // A consolidated version says it on every page: it is not the signed contract.
    for o in &consolidated {
        for page in 2..=o.pdf_pages {
            assert!(
                collapse(&pdf_page_header(&o.pdf, page))
                    .contains("version consolidée au 01/01/2022, document d’information"),
                "{}/{} page {page}",
                o.fixture,
                o.stem
            );
        }
    }
    assert!(checked >= 50, "{checked} pages checked");
}

/// Every enumerated value of the data model (from the committed JSON schemas).
fn codes() -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Array(e)) = m.get("enum") {
                    out.extend(e.iter().filter_map(|x| x.as_str().map(str::to_string)));
                }
                if let Some(serde_json::Value::String(c)) = m.get("const") {
                    out.push(c.clone());
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in ["contrat", "medico-social", "avenant"] {
        let text =
            std::fs::read_to_string(root().join(format!("schemas/{s}.schema.json"))).unwrap();
        walk(&serde_json::from_str(&text).unwrap(), &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// A code a reader must never see: a snake_case value as it is, or a value printed with `upper`
/// (« CONVENTION », « TELEMEDECINE »). Acronyms (mig → MIG, ght → GHT) are how those read.
fn leaked_codes(text: &str, codes: &[String]) -> Vec<String> {
    let words: std::collections::BTreeSet<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    codes
        .iter()
        .filter(|c| {
            (c.contains('_')
                && (words.contains(c.as_str()) || words.contains(c.to_uppercase().as_str())))
                || (c.chars().count() > 4 && words.contains(c.to_uppercase().as_str()))
        })
        .cloned()
        .collect()
}

#[test]
fn no_coded_value_reaches_a_reader() {
    let codes = codes();
    assert!(
        codes.iter().any(|c| c == "equipe_territoriale"),
        "{codes:?}"
    );
    let mut texts: Vec<(String, String)> = Vec::new();
    for o in rendered() {
        let [pdf, docx] = [pdf_text(&o.pdf), docx_body_text(&o.docx)];
        texts.push((format!("{}/{}.pdf", o.fixture, o.stem), pdf));
        texts.push((format!("{}/{}.docx", o.fixture, o.stem), docx));
    }
    // The avenants, whose before/after tables print changed values.
    let out = fresh("codes-avenants");
    for a in yaml_files("fixtures/avenants") {
        let o = cpom(&["render", a.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for f in files_under(&out) {
        if f.ends_with(".pdf") {
            texts.push((f.clone(), pdf_text(&out.join(&f))));
        }
    }
    assert!(texts.len() > 60, "{}", texts.len());
    for (name, text) in &texts {
        let leaked = leaked_codes(text, &codes);
        assert!(leaked.is_empty(), "{name} shows coded values {leaked:?}");
    }
    // The scan itself sees a leaked code.
    assert_eq!(
        leaked_codes("une (CONVENTION) et garde_sur_place", &codes),
        ["convention", "garde_sur_place"]
    );
}

#[test]
fn each_visa_is_its_own_paragraph() {
    for o in rendered().iter().filter(|o| !o.stem.starts_with("annexe")) {
        let xml = docx_part(&o.docx, "word/document.xml");
        for p in xml.split("</w:p>") {
            let text: String = p
                .split("<w:t")
                .skip(1)
                .filter_map(|r| {
                    r.split_once('>')
                        .map(|(_, t)| t.split('<').next().unwrap_or(""))
                })
                .collect();
            assert!(
                text.matches("Vu ").count() <= 1,
                "{}/{}: two visas in one paragraph: {text}",
                o.fixture,
                o.stem
            );
        }
    }
}

/// Paraphes on every page of a signable document but the one where the parties sign in full
/// (PDF); the DOCX, for negotiation, keeps its paraphe zone in its footer.
#[test]
fn paraphe_zones_are_on_every_page_but_the_signature_page() {
    let mut checked = 0;
    for o in rendered() {
        let text = pdf_text(&o.pdf);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(pages.len(), o.pdf_pages, "{}/{}", o.fixture, o.stem);
        for (i, p) in pages.iter().enumerate() {
            let signing = p.contains("exemplaires originaux");
            assert_eq!(
                p.contains("Paraphes"),
                !signing,
                "{}/{} page {}: {}",
                o.fixture,
                o.stem,
                i + 1,
                if signing {
                    "a paraphe zone on the signature page"
                } else {
                    "no paraphe zone"
                }
            );
        }
        let footers: String = (1..=2)
            .map(|n| docx_part(&o.docx, &format!("word/footer{n}.xml")))
            .collect();
        assert!(
            footers.contains("Paraphes"),
            "{}/{}: DOCX footer",
            o.fixture,
            o.stem
        );
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");
}
