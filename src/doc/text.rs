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
        Block::Chart(c) => {
            out.push_str(&c.title);
            out.push('\n');
        }
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
            Inline::Superscript(t) => s.push_str(t),
            Inline::LineBreak => s.push('\n'),
            Inline::PageNumber | Inline::PageCount => s.push('#'),
            // An image has no text a reader sees on the page (its alt text is for screen readers).
            Inline::Image { .. } => {}
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

/// Every image a document shows (`src` of each `Inline::Image`), in order of appearance.
pub fn images(doc: &Document) -> Vec<String> {
    fn walk(content: &[Inline], out: &mut Vec<String>) {
        for i in content {
            match i {
                Inline::Image { src, .. } if !out.contains(src) => out.push(src.clone()),
                Inline::Strong(c) | Inline::Emph(c) => walk(c, out),
                _ => {}
            }
        }
    }
    fn block(b: &Block, out: &mut Vec<String>) {
        match b {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => walk(content, out),
            Block::List { items, .. } => items.iter().flatten().for_each(|b| block(b, out)),
            Block::Table(t) => t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|c| walk(c, out)),
            Block::Signatures { intro, parties } => {
                intro.iter().for_each(|l| walk(l, out));
                for p in parties {
                    p.lines.iter().for_each(|l| walk(l, out));
                    walk(&p.name, out);
                }
            }
            Block::PageBreak | Block::Chart(_) => {}
        }
    }
    let mut out = Vec::new();
    for r in [
        &doc.header.left,
        &doc.header.right,
        &doc.footer.left,
        &doc.footer.right,
    ] {
        walk(r, &mut out);
    }
    doc.blocks.iter().for_each(|b| block(b, &mut out));
    out
}
