//! Tables that fit: a value a reader must read whole — an amount, a date, a FINESS, a number
//! with its unit — is never broken across two lines of a cell, in the PDF; and the DOCX's grid
//! gives each column of figures at least the width of its widest value.

use cpom::doc::text::inline_text;
use cpom::doc::{Align, Block, Table};

use crate::common::*;

/// The data tables (`Some`) and signature tables (`None`) of a document, in the order the DOCX
/// writes its `w:tbl`.
fn tables(blocks: &[Block]) -> Vec<Option<&Table>> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Table(t) => out.push(Some(t)),
            Block::Signatures { parties, .. } if !parties.is_empty() => out.push(None),
            Block::List { items, .. } => items.iter().for_each(|i| out.extend(tables(i))),
            _ => {}
        }
    }
    out
}

/// What may not break in a cell: each run of the text between ordinary spaces that holds a
/// figure and is joined by no-break spaces, a slash or a dash, or has four digits or more.
fn unbreakable(text: &str) -> Vec<String> {
    text.split([' ', '\n'])
        .map(|r| r.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '.' | ':')))
        .filter(|r| {
            let digits = r.chars().filter(char::is_ascii_digit).count();
            digits > 0 && (r.contains(['\u{a0}', '\u{202f}', '/', '-']) || digits >= 4)
        })
        .map(normal)
        .collect()
}

/// Without spaces of any kind (a reader of the PDF may drop a narrow one) nor invisible marks.
fn normal(s: &str) -> String {
    squeeze(s).replace(['\u{2060}', '\u{ad}'], "")
}

#[test]
fn no_amount_date_or_identifier_is_broken_in_a_cell() {
    let mut checked = 0;
    for o in rendered() {
        let lines: Vec<String> = pdf_layout_text(&o.pdf).lines().map(normal).collect();
        for t in tables(&o.doc.blocks).into_iter().flatten() {
            for cell in std::iter::once(&t.header).chain(&t.rows).flatten() {
                for run in unbreakable(&inline_text(cell)) {
                    checked += 1;
                    assert!(
                        lines.iter().any(|l| l.contains(&run)),
                        "{} {}: « {run} » is broken across lines of its cell",
                        o.fixture,
                        o.stem
                    );
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} values checked");
}

/// The `w:gridCol` widths of each `w:tbl` of a DOCX body.
fn grids(xml: &str) -> Vec<Vec<u32>> {
    xml.split("<w:tblGrid>")
        .skip(1)
        .map(|part| {
            let grid = &part[..part.find("</w:tblGrid>").unwrap()];
            grid.split("w:w=\"")
                .skip(1)
                .map(|w| w[..w.find('"').unwrap()].parse().unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn the_docx_grid_gives_each_column_of_figures_its_widest_value() {
    let mut checked = 0;
    for o in rendered() {
        let xml = docx_part(&o.docx, "word/document.xml");
        let grids = grids(&xml);
        let tables = tables(&o.doc.blocks);
        assert_eq!(grids.len(), tables.len(), "{} {}", o.fixture, o.stem);
        for (grid, t) in grids.iter().zip(tables) {
            let Some(t) = t else { continue };
            let l = &o.doc.layout;
            assert_eq!(grid.iter().sum::<u32>(), l.text_width());
            let (size, pad) = if t.is_wide() {
                (l.table_wide.text.size, l.cell_wide)
            } else {
                (l.table.text.size, l.cell)
            };
            for (i, align) in t.columns.iter().enumerate() {
                if *align != Align::Right {
                    continue;
                }
                for row in &t.rows {
                    let Some(cell) = row.get(i) else { continue };
                    let text = inline_text(cell);
                    let bold = cell
                        .iter()
                        .any(|x| matches!(x, cpom::doc::Inline::Strong(_)));
                    let need = cpom::fonts::width(&text, size, bold) + 2 * pad.x;
                    checked += 1;
                    assert!(
                        grid[i] >= need,
                        "{} {}: column {i} is {} twips, « {text} » needs {need}",
                        o.fixture,
                        o.stem,
                        grid[i]
                    );
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} values checked");
}
