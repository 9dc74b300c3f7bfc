//! What a signer holds: the page with the signatures also carries the end of the document's
//! text, so that it cannot be swapped or read apart from what is signed (PDF and DOCX keep the
//! last paragraph, or the last list item, with the "Fait à …" line and the signature table).

use crate::common::*;

#[test]
fn the_signature_page_holds_text_of_the_document_body() {
    let mut checked = 0;
    for o in rendered() {
        let text = pdf_text(&o.pdf);
        let pages: Vec<&str> = text.split('\u{c}').collect();
        let Some(page) = pages.iter().find(|p| p.contains("exemplaires originaux")) else {
            continue;
        };
        let before = &page[..page.find("Fait à").expect("« Fait à » on the signature page")];
        // Without the running header (first line, from page 2 on) and the title block of a
        // one-page document, the body text on this page before « Fait à ».
        let body: Vec<&str> = before
            .lines()
            .filter(|l| !l.contains("Réf.") && !l.trim().is_empty())
            .collect();
        let chars: usize = body.iter().map(|l| l.chars().count()).sum();
        assert!(
            chars >= 40,
            "{}/{}: the signatures stand alone on their page:\n{page}",
            o.fixture,
            o.stem
        );
        checked += 1;
    }
    assert!(checked >= 30, "{checked} documents checked");
}
