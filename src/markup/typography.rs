//! French typographic spacing, applied to every text of the document model so that both
//! backends get it: a no-break space before `:` and inside « », a narrow no-break space before
//! `;`, `!` and `?` (Imprimerie nationale usage; the line can never break there).

use crate::doc::{Block, Document, Inline};

pub fn apply(doc: &mut Document) {
    for part in [
        &mut doc.header.left,
        &mut doc.header.right,
        &mut doc.footer.left,
        &mut doc.footer.right,
    ] {
        inlines(part);
    }
    for b in &mut doc.blocks {
        block(b);
    }
}

fn block(b: &mut Block) {
    match b {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => inlines(content),
        Block::List { items, .. } => items.iter_mut().flatten().for_each(block),
        Block::Table(t) => {
            t.header.iter_mut().for_each(|c| inlines(c));
            t.rows.iter_mut().flatten().for_each(|c| inlines(c));
        }
        Block::Signatures { intro, parties } => {
            intro.iter_mut().for_each(|l| inlines(l));
            for p in parties {
                p.lines.iter_mut().for_each(|l| inlines(l));
                inlines(&mut p.name);
            }
        }
        Block::PageBreak => {}
    }
}

fn inlines(content: &mut [Inline]) {
    for i in content {
        match i {
            Inline::Text(t) => *t = spacing(t),
            Inline::Strong(c) | Inline::Emph(c) => inlines(c),
            _ => {}
        }
    }
}

pub fn spacing(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        if c == ' ' {
            match next {
                Some(':') | Some('»') => {
                    out.push('\u{a0}');
                    continue;
                }
                Some(';') | Some('!') | Some('?') => {
                    out.push('\u{202f}');
                    continue;
                }
                _ => {}
            }
            if prev == Some('«') {
                out.push('\u{a0}');
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn french_spacing() {
        assert_eq!(
            super::spacing("Vu : « ARS » ; oui ?"),
            "Vu\u{a0}: «\u{a0}ARS\u{a0}»\u{202f}; oui\u{202f}?"
        );
        assert_eq!(super::spacing("http://x"), "http://x");
    }
}
