//! One source of words: the PDF and the DOCX of every document say the same thing, in the same
//! order. Compared without whitespace (layout breaks lines differently) and without the running
//! header and footer (the PDF repeats them on every page; the DOCX keeps them in their own parts).

use cpom::doc::text::inline_text;

use crate::common::*;

/// The PDF text with each page's header and footer removed.
fn pdf_body(o: &Out) -> String {
    let mut text = squeeze(&pdf_text(&o.pdf));
    let pages = o.pdf_pages;
    let header = squeeze(&(inline_text(&o.doc.header.left) + &inline_text(&o.doc.header.right)));
    let footer_left = squeeze(&inline_text(&o.doc.footer.left));
    let footer_right = squeeze(&inline_text(&o.doc.footer.right));
    for page in 1..=pages {
        let right = footer_right.replacen('#', &page.to_string(), 1).replacen('#', &pages.to_string(), 1);
        let footer = format!("{footer_left}{right}");
        assert!(text.contains(&footer), "{}: footer of page {page} not found", o.pdf.display());
        text = text.replacen(&footer, "", 1);
        if page > 1 && !header.is_empty() {
            assert!(text.contains(&header), "{}: header of page {page} not found", o.pdf.display());
            text = text.replacen(&header, "", 1);
        }
    }
    text
}

#[test]
fn pdf_text_equals_docx_text_for_every_document() {
    for o in rendered() {
        let pdf = pdf_body(o);
        let docx = squeeze(&docx_body_text(&o.docx));
        if pdf != docx {
            let at = pdf.chars().zip(docx.chars()).take_while(|(a, b)| a == b).count();
            let ctx = |s: &str| s.chars().skip(at.saturating_sub(60)).take(120).collect::<String>();
            panic!(
                "{}/{}: PDF and DOCX differ at char {at}\n PDF: …{}…\nDOCX: …{}…",
                o.fixture, o.stem, ctx(&pdf), ctx(&docx)
            );
        }
        assert!(pdf.len() > 2000, "{}: suspiciously short", o.fixture);
    }
}
