//! IR → DOCX (WordprocessingML), written by hand.
//!
//! Why our own writer rather than a crate: docx-rs writes elements out of schema order (451
//! validator errors on a contract, files Word may "repair"), lacks repeated table headers and
//! core properties, and keeps process-global counters; typed-tree crates cost minutes of build
//! (see `shared/design/DOCX-NOTES.md`). A contract needs some thirty element types, so each part
//! is built as a string by a small function that writes its children in `xsd:sequence` order:
//! the output is schema-valid by construction (0 errors from `openxml-audit`; checked by
//! `tests/tools/validate_docx.py`) and every datum goes through one escape function
//! ([`xml::escape`]).
//!
//! Deterministic: the same [`Document`] gives the same bytes — no clock (dates come from
//! [`crate::doc::Metadata::date`], ZIP entries carry a fixed date), no global counters (list
//! and relationship ids are numbered in document order), no hash-map iteration.
//!
//! Modules: [`xml`] escaping, [`props`] paragraph/run properties, [`inline`] runs and fields,
//! [`body`] blocks, [`table`] data and signature tables, [`numbering`] lists, [`styles`],
//! [`section`] page geometry and header/footer parts, [`running`] header/footer content,
//! [`parts`] the other package parts, [`package`] the ZIP.

mod body;
mod chart;
mod inline;
mod media;
mod numbering;
mod package;
mod parts;
mod props;
mod running;
mod section;
mod styles;
mod table;
pub mod xml;

#[cfg(test)]
mod tests;

use crate::doc::Document;

/// Renders `doc` as a DOCX package (the bytes of the `.docx` file).
///
/// Parts: `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml`, `docProps/app.xml`,
/// `word/document.xml`, `word/styles.xml`, `word/settings.xml`, `word/fontTable.xml`,
/// `word/theme/theme1.xml`, `word/numbering.xml`, `word/headerN.xml` / `word/footerN.xml`
/// (only for a non-empty running header/footer) and `word/_rels/document.xml.rels`.
pub fn render(doc: &Document) -> Vec<u8> {
    let media = media::prepare(&doc.images);
    let bytes = render_with(doc, &media);
    media::clear();
    bytes
}

fn render_with(doc: &Document, media: &[media::Media]) -> Vec<u8> {
    let section = section::Section::new(doc);
    let mut numbering = numbering::Numbering::default();
    let document = body::document(doc, &section, &mut numbering);
    let lang = parts::language(&doc.metadata);

    let charts: Vec<(String, String)> = chart::charts(doc)
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("word/{}", chart::file(i + 1)), chart::part(c)))
        .collect();
    let running: Vec<(String, String)> = section
        .parts
        .iter()
        .map(|p| (format!("word/{}", p.file), running::part(p, doc)))
        .collect();
    let fixed = [
        (
            "[Content_Types].xml".to_string(),
            parts::content_types(&section, !media.is_empty(), charts.len()),
        ),
        ("_rels/.rels".to_string(), parts::package_rels()),
        ("docProps/core.xml".to_string(), parts::core(&doc.metadata)),
        ("docProps/app.xml".to_string(), parts::app()),
        (
            "word/_rels/document.xml.rels".to_string(),
            parts::document_rels(
                &section,
                &(media::relationships(media, "") + &chart::relationships(charts.len())),
            ),
        ),
        ("word/document.xml".to_string(), document),
        (
            "word/styles.xml".to_string(),
            styles::xml(lang, &doc.layout),
        ),
        (
            "word/settings.xml".to_string(),
            parts::settings(&doc.metadata),
        ),
        ("word/fontTable.xml".to_string(), parts::font_table()),
        (
            "word/theme/theme1.xml".to_string(),
            parts::THEME.to_string(),
        ),
        ("word/numbering.xml".to_string(), numbering.xml()),
    ];
    // Headers and footers relate to the images too (their own `.rels`).
    let running_rels: Vec<(String, String)> = if media.is_empty() {
        Vec::new()
    } else {
        section
            .parts
            .iter()
            .map(|p| {
                (
                    format!("word/_rels/{}.rels", p.file),
                    format!(
                        "{}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{}</Relationships>",
                        xml::DECL,
                        media::relationships(media, "")
                    ),
                )
            })
            .collect()
    };
    let all: Vec<(&str, &[u8])> = fixed
        .iter()
        .chain(running.iter())
        .chain(running_rels.iter())
        .chain(charts.iter())
        .map(|(n, c)| (n.as_str(), c.as_bytes()))
        .chain(media.iter().map(|m| (m.file.as_str(), m.bytes.as_slice())))
        .collect();
    let named: Vec<(String, &[u8])> = all
        .into_iter()
        .map(|(n, b)| {
            (
                if n.starts_with("media/") {
                    format!("word/{n}")
                } else {
                    n.to_string()
                },
                b,
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = named.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    package::zip(&refs)
}
