//! Markup → document model.
//!
//! The markup is a CommonMark subset (headings, paragraphs, emphasis, lists, GFM tables) plus
//! directives on their own lines:
//!
//! | directive | meaning |
//! |---|---|
//! | `::: metadata` … `:::` | `key: value` lines: title, subject, authors, keywords (`;`-separated), language, date |
//! | `::: header` … `:::` | running header: first paragraph left, second right |
//! | `::: footer` … `:::` | running footer, same shape; `{page}` and `{pages}` are the page fields |
//! | `::: title` / `::: subtitle` / `::: center` / `::: right` … `:::` | paragraphs in that style |
//! | `::: signatures` … `:::` | paragraphs kept with the block ("Fait à …"), then a list: one item per party, its last paragraph the signatory's name; `- {signature-ars} …` names the party's PDF signature field |
//! | `::: pagebreak` | a page break |
//!
//! In a level-2 heading, `{n}` is the article number ("1er", "2", …), counted in the document.
//! Data printed by templates is escaped (`crate::templates::escape`), so none of this syntax can
//! come from data.

mod blocks;
mod directives;
mod typography;

use crate::diagnostic::Diagnostic;
use crate::doc::Document;

/// Parses rendered markup into a document, laid out with the built-in measures (a template set
/// gives its own with [`Document::lay_out`]). `origin` names the template, for messages; lines
/// are lines of the rendered markup.
pub fn parse(origin: &str, markup: &str) -> Result<Document, Diagnostic> {
    let mut doc = directives::parse(origin, markup)?;
    typography::apply(&mut doc);
    doc.lay_out(crate::doc::layout::Layout::builtin());
    Ok(doc)
}
