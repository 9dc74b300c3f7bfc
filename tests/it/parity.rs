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
        let right =
            footer_right
                .replacen('#', &page.to_string(), 1)
                .replacen('#', &pages.to_string(), 1);
        // The page of the signatures has no paraphe zone: its footer is the right part alone.
        let mut footer = format!("{footer_left}{right}");
        if !text.contains(&footer) {
            footer = right.clone();
        }
        assert!(
            text.contains(&footer),
            "{}: footer of page {page} not found",
            o.pdf.display()
        );
        text = text.replacen(&footer, "", 1);
        if page > 1 && !header.is_empty() {
            assert!(
                text.contains(&header),
                "{}: header of page {page} not found",
                o.pdf.display()
            );
            text = text.replacen(&header, "", 1);
        }
    }
    text
}

/// The header rows of the document's tables: the PDF repeats them on every page a table spans.
fn table_headers(o: &Out) -> Vec<Vec<char>> {
    let mut v: Vec<Vec<char>> = o
        .doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            cpom::doc::Block::Table(t) => Some(
                squeeze(&t.header.iter().map(|c| inline_text(c)).collect::<String>())
                    .chars()
                    .collect(),
            ),
            _ => None,
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Walks both texts together; where they differ and the PDF shows a repeated table header row,
/// skips it. Returns the position of the first real difference, if any.
fn first_difference(pdf: &str, docx: &str, headers: &[Vec<char>]) -> Option<(usize, usize)> {
    let (p, d): (Vec<char>, Vec<char>) = (pdf.chars().collect(), docx.chars().collect());
    let (mut i, mut j) = (0, 0);
    while i < p.len() || j < d.len() {
        if i < p.len() && j < d.len() && p[i] == d[j] {
            i += 1;
            j += 1;
            continue;
        }
        if let Some(h) = headers
            .iter()
            .find(|h| !h.is_empty() && p[i..].starts_with(h))
        {
            i += h.len();
            continue;
        }
        return Some((i, j));
    }
    None
}

#[test]
fn pdf_text_equals_docx_text_for_every_document() {
    for o in rendered() {
        assert_parity(o);
    }
}

/// The PDF and the DOCX of `o` say the same thing, in the same order.
pub fn assert_parity(o: &Out) {
    {
        let pdf = pdf_body(o);
        let docx = squeeze(&docx_body_text(&o.docx));
        if let Some((at_pdf, at_docx)) = first_difference(&pdf, &docx, &table_headers(o)) {
            let ctx = |s: &str, at: usize| {
                s.chars()
                    .skip(at.saturating_sub(60))
                    .take(120)
                    .collect::<String>()
            };
            panic!(
                "{}/{}: PDF and DOCX differ at char {at_pdf} / {at_docx}\n PDF: …{}…\nDOCX: …{}…",
                o.fixture,
                o.stem,
                ctx(&pdf, at_pdf),
                ctx(&docx, at_docx)
            );
        }
        assert!(
            pdf.len() > 500,
            "{}/{}: suspiciously short",
            o.fixture,
            o.stem
        );
    }
}
