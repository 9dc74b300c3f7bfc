//! Plain text of a document, in reading order: what a reader sees, without layout.
//! Used by tests (parity with the PDF text) and by `cpom` diagnostics.

use super::{Block, Document, Inline};

/// The plain text of the body blocks, one line per paragraph, table row or signature line.
pub fn body_text(doc: &Document) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        block_text(block, &mut out);
    }
    out
}

fn block_text(block: &Block, out: &mut String) {
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
            line(content, out);
        }
        Block::List { items, .. } => {
            for item in items {
                for b in item {
                    block_text(b, out);
                }
            }
        }
        Block::Table(t) => {
            for row in std::iter::once(&t.header).chain(t.rows.iter()) {
                let cells: Vec<String> = row.iter().map(|c| inline_text(c)).collect();
                out.push_str(&cells.join(" "));
                out.push('\n');
            }
        }
        Block::Signatures { intro, parties } => {
            for l in intro {
                line(l, out);
            }
            for p in parties {
                for l in &p.lines {
                    line(l, out);
                }
                line(&p.name, out);
            }
        }
        Block::PageBreak => {}
    }
}

fn line(content: &[Inline], out: &mut String) {
    out.push_str(&inline_text(content));
    out.push('\n');
}

/// The text of inline content; a line break becomes a newline.
pub fn inline_text(content: &[Inline]) -> String {
    let mut s = String::new();
    push_inline(content, &mut s);
    s
}

fn push_inline(content: &[Inline], s: &mut String) {
    for i in content {
        match i {
            Inline::Text(t) => s.push_str(t),
            Inline::Strong(c) | Inline::Emph(c) => push_inline(c, s),
            Inline::LineBreak => s.push('\n'),
            Inline::PageNumber | Inline::PageCount => s.push('#'),
        }
    }
}

/// All text of a list of blocks, concatenated (for searches over a whole body).
pub fn all_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        block_text(b, &mut out);
    }
    out
}
