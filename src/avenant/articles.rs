//! The articles of a contract as a reader names them: "Article 9 – Litiges". An avenant's
//! `modification_article` names the article it rewrites that way; it must exist in the
//! contract (checked when the avenant is loaded) and, in a consolidated version, its body is
//! replaced under that heading.

use crate::doc::{Block, Document, text};

/// Headings compare as a reader reads them: any run of spaces (thin, non-breaking) is one space.
fn normalise(s: &str) -> String {
    s.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The article headings (level 2) of the documents, as read.
pub fn headings<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Vec<String> {
    docs.into_iter()
        .flat_map(|d| &d.blocks)
        .filter_map(|b| match b {
            Block::Heading { level: 2, content } => Some(normalise(&text::inline_text(content))),
            _ => None,
        })
        .collect()
}

/// « Article 9 – Litiges » → (« 9 », « Litiges »); « Article 1er » → (« 1er », none); `None`
/// for a heading that does not start with « Article ».
pub fn numero_et_intitule(heading: &str) -> Option<(String, Option<String>)> {
    let rest = heading.trim().strip_prefix("Article")?.trim_start();
    let (numero, intitule) = match rest.find(['–', '—', '-']) {
        Some(i) => {
            let sep = rest[i..].chars().next().map(char::len_utf8).unwrap_or(1);
            (rest[..i].trim(), Some(rest[i + sep..].trim()))
        }
        None => (rest.trim(), None),
    };
    if numero.is_empty() {
        return None;
    }
    Some((
        numero.to_string(),
        intitule.filter(|t| !t.is_empty()).map(str::to_string),
    ))
}

/// Whether `article` names one of `headings`.
pub fn exists(headings: &[String], article: &str) -> bool {
    let wanted = normalise(article);
    headings.contains(&wanted)
}

/// The message for an article the contract lacks.
pub fn unknown(article: &str, headings: &[String]) -> String {
    format!(
        "the contract has no article « {article} » (its articles: {})",
        headings.join(" ; ")
    )
}

/// Replaces the body of the article headed `article` (up to the next heading of its level or
/// above, or the signatures) with `body`. Whether the heading was found.
pub fn replace(doc: &mut Document, article: &str, body: &[Block]) -> bool {
    let wanted = normalise(article);
    let Some((start, level)) = doc.blocks.iter().enumerate().find_map(|(i, b)| match b {
        Block::Heading { level, content } if normalise(&text::inline_text(content)) == wanted => {
            Some((i, *level))
        }
        _ => None,
    }) else {
        return false;
    };
    let end = doc.blocks[start + 1..]
        .iter()
        .position(|b| match b {
            Block::Heading { level: l, .. } => *l <= level,
            Block::Signatures { .. } | Block::PageBreak => true,
            _ => false,
        })
        .map_or(doc.blocks.len(), |p| start + 1 + p);
    doc.blocks.splice(start + 1..end, body.iter().cloned());
    true
}
