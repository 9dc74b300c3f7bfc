//! Running header and footer parts (`word/headerN.xml`, `word/footerN.xml`).

use std::fmt::Write as _;

use super::inline::{Fmt, inlines};
use super::props::{Ppr, Rule};
use super::section::{HdrFtr, Kind};
use super::xml::{DECL, NS_R, NS_W};
use crate::doc::{Document, Inline, Running};

/// The XML of one header/footer part of `doc`.
///
/// A running line is one paragraph: the left part, a tab to a right-aligned stop at the text
/// width, the right part; a thin rule separates it from the body (under the header, over the
/// footer), like the PDF. The first-page header (under `w:titlePg`) is an empty paragraph.
pub fn part(p: &HdrFtr, doc: &Document) -> String {
    let (root, style, rule, running) = match p.kind {
        Kind::Header => ("w:hdr", "Header", Rule::Below, &doc.header),
        Kind::Footer => ("w:ftr", "Footer", Rule::Above, &doc.footer),
    };
    let mut o = String::with_capacity(1024);
    o.push_str(DECL);
    let _ = write!(o, "<{root} xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p>");
    if p.kind == Kind::Header && p.first {
        Ppr {
            style: Some(style),
            ..Ppr::default()
        }
        .write(&mut o);
    } else {
        line(&mut o, style, rule, running, doc.layout.text_width());
    }
    let _ = write!(o, "</w:p></{root}>");
    o
}

fn line(o: &mut String, style: &str, rule: Rule, running: &Running, text_width: u32) {
    let has_right = !running.right.is_empty();
    Ppr {
        style: Some(style),
        rule: Some(rule),
        right_tab: has_right.then_some(text_width),
        ..Ppr::default()
    }
    .write(o);
    // The right part goes with the left part's first line, as in the PDF (a grid of two
    // columns): a left part of two lines (contract, then document) keeps the reference on top.
    let split = running
        .left
        .iter()
        .position(|i| matches!(i, Inline::LineBreak))
        .unwrap_or(running.left.len());
    let (first, rest) = running.left.split_at(split);
    inlines(o, first, Fmt::default());
    if has_right {
        o.push_str("<w:r><w:tab/></w:r>");
        inlines(o, &running.right, Fmt::default());
    }
    inlines(o, rest, Fmt::default());
}
