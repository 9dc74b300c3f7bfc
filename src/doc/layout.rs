//! The page layout both backends set: one table of measures, so that a PDF and its DOCX break
//! their lines and pages alike (a "page 3" or a paraphe cited in negotiation points to the same
//! text in both).
//!
//! The table is a template, `style/mise-en-page.yaml` (an agency adapts it like any template),
//! written in points; the program holds it in twips (1/20 pt), Word's own unit, so that the DOCX
//! carries it exactly. The document model carries it ([`crate::doc::Document::layout`]): the PDF
//! style reads it from the document JSON, the DOCX writer from the model. The model of vertical
//! space is the one both formats can express exactly:
//! - every line of a paragraph is a box of `line` height (Word: `w:lineRule="atLeast"`; Typst:
//!   text edges set so that a line box is that high, no leading), which grows only for a
//!   taller inline image;
//! - the space between two blocks is the larger of the first's `below` and the second's
//!   `above` (Typst's collapsing spacing; the DOCX writer computes it and writes it as the
//!   second block's `w:before`, with no `w:after`).
//!
//! The face is Liberation Serif in the PDF and Times New Roman in the DOCX: the same widths
//! ([`crate::fonts`]).

use serde::{Deserialize, Serialize};

/// Size and line height of one kind of text, twips.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub size: u32,
    pub line: u32,
}

/// A kind of block: its text and the space wanted above and below it, twips.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockKind {
    pub text: Text,
    pub above: u32,
    pub below: u32,
}

/// Inner space of a table cell, twips.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Padding {
    pub x: u32,
    pub y: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub page_width: u32,
    pub page_height: u32,
    pub margin_x: u32,
    pub margin_top: u32,
    pub margin_bottom: u32,
    /// From the page edge to the running header's top and to the running footer's bottom.
    pub header_distance: u32,
    pub running: Text,
    pub body: BlockKind,
    /// Level 1, 2, 3.
    pub headings: [BlockKind; 3],
    pub title: BlockKind,
    pub subtitle: BlockKind,
    /// Data tables; `table_wide` for six columns or more.
    pub table: BlockKind,
    pub table_wide: BlockKind,
    pub cell: Padding,
    pub cell_wide: Padding,
    /// Width of a table's rules. Word and LibreOffice add it to the height of every row; the
    /// PDF's cells are as much taller (half above, half below), so that rows match.
    pub rule: u32,
    /// Between two items of a list.
    pub list_item_spacing: u32,
    /// Text position of a list item at level 0 (each level adds as much) and the marker's
    /// width before it (bullet list, numbered list).
    pub list_indent: u32,
    pub bullet_width: u32,
    pub number_width: u32,
    /// Between the "Fait à …" lines and the signature table; the room left to sign.
    pub before_signatures: u32,
    pub signature_height: u32,
    /// Horizontal inner space of a signature cell.
    pub signature_padding: u32,
    /// Height of a chart (an indicator's trajectory in a review).
    #[serde(default = "chart_height")]
    pub chart_height: u32,
}

/// 130 pt, for a style written before charts existed.
fn chart_height() -> u32 {
    2600
}

impl Layout {
    /// Width of the text area.
    pub const fn text_width(&self) -> u32 {
        self.page_width - 2 * self.margin_x
    }
}

/// The template that holds the measures.
pub const FILE: &str = "style/mise-en-page.yaml";

impl Layout {
    /// Reads the measures, written in points, as twips. Every measure must be a positive number
    /// (zero allowed for spacing), and the text must keep some width.
    pub fn parse(text: &str) -> Result<Layout, String> {
        let mut v: serde_yaml::Value =
            serde_yaml::from_str(text).map_err(|e| format!("YAML invalide : {e}"))?;
        en_twips(&mut v, "")?;
        let l: Layout = serde_path_to_error::deserialize(v)
            .map_err(|e| format!("{} : {}", e.path(), e.inner()))?;
        if l.page_width <= 2 * l.margin_x + 1440
            || l.page_height <= l.margin_top + l.margin_bottom + 1440
        {
            return Err("les marges ne laissent pas 1 pouce (72 pt) de texte sur la page".into());
        }
        for (name, t) in [
            ("running", l.running),
            ("body", l.body.text),
            ("title", l.title.text),
            ("subtitle", l.subtitle.text),
            ("table", l.table.text),
            ("table_wide", l.table_wide.text),
        ]
        .into_iter()
        .chain(l.headings.iter().map(|h| ("headings", h.text)))
        {
            if t.size == 0 || t.line < t.size {
                return Err(format!(
                    "{name} : `line` ({} pt) doit être au moins `size` ({} pt), et `size` positif",
                    f64::from(t.line) / 20.0,
                    f64::from(t.size) / 20.0
                ));
            }
        }
        Ok(l)
    }

    /// The built-in measures (`templates/style/mise-en-page.yaml`).
    pub fn builtin() -> &'static Layout {
        static BUILTIN: std::sync::OnceLock<Layout> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            Layout::parse(include_str!("../../templates/style/mise-en-page.yaml"))
                .expect("the built-in layout is valid")
        })
    }
}

/// Every number of the file, points, made twips (rounded); a negative one is an error.
fn en_twips(v: &mut serde_yaml::Value, path: &str) -> Result<(), String> {
    match v {
        serde_yaml::Value::Number(n) => {
            let pt = n.as_f64().unwrap_or(-1.0);
            if !(0.0..=10_000.0).contains(&pt) {
                return Err(format!(
                    "{path} : {n} n’est pas une mesure en points (positive)"
                ));
            }
            *v = serde_yaml::Value::Number(((pt * 20.0).round() as u64).into());
        }
        serde_yaml::Value::Mapping(m) => {
            for (k, x) in m.iter_mut() {
                let key = k.as_str().unwrap_or("?");
                let p = if path.is_empty() {
                    key.to_string()
                } else {
                    format!("{path}.{key}")
                };
                en_twips(x, &p)?;
            }
        }
        serde_yaml::Value::Sequence(s) => {
            for (i, x) in s.iter_mut().enumerate() {
                en_twips(x, &format!("{path}[{i}]"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Layout;

    #[test]
    fn the_builtin_measures_are_read_as_twips() {
        let l = Layout::builtin();
        assert_eq!((l.page_width, l.page_height), (11906, 16838));
        assert_eq!(l.body.text.size, 220);
        assert_eq!(l.cell_wide.x, 70);
        assert_eq!(l.text_width(), 11906 - 2 * 1247);
    }

    #[test]
    fn wrong_measures_are_refused_with_their_place() {
        let text = include_str!("../../templates/style/mise-en-page.yaml");
        let e = Layout::parse(&text.replace("margin_x: 62.35", "margin_x: -3")).unwrap_err();
        assert!(e.contains("margin_x"), "{e}");
        let e = Layout::parse(&text.replace("margin_x: 62.35", "margin_x: 290")).unwrap_err();
        assert!(e.contains("marges"), "{e}");
        let e = Layout::parse(&text.replace("rule: 0.5", "rule: 0.5\nrules: 1")).unwrap_err();
        assert!(e.contains("rules"), "{e}");
        let e = Layout::parse(&text.replace(
            "{ size: 11, line: 14 }, above: 6",
            "{ size: 11, line: 9 }, above: 6",
        ))
        .unwrap_err();
        assert!(e.contains("line"), "{e}");
    }
}
