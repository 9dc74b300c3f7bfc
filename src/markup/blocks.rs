//! CommonMark (pulldown-cmark events) → blocks of the document model.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::doc::{Align, Block, Inline, ParagraphStyle, Table};

pub fn parse(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        b.event(event);
    }
    b.blocks.pop().unwrap_or_default()
}

struct ListState {
    ordered: bool,
    start: u64,
    items: Vec<Vec<Block>>,
}

#[derive(Default)]
struct TableState {
    columns: Vec<Align>,
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
}

struct Builder {
    /// Block containers: the root, then one per open list item.
    blocks: Vec<Vec<Block>>,
    lists: Vec<ListState>,
    /// Inline containers: paragraph, heading, cell, then strong/emphasis/link inside them.
    inlines: Vec<Vec<Inline>>,
    /// A tight list item's text, which CommonMark gives without a paragraph.
    implicit: bool,
    table: Option<TableState>,
    /// The destination of the image being read (its alt text is read as inlines).
    image: Option<String>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            blocks: vec![Vec::new()],
            lists: Vec::new(),
            inlines: Vec::new(),
            implicit: false,
            table: None,
            image: None,
        }
    }
}

impl Builder {
    fn push_block(&mut self, b: Block) {
        self.blocks
            .last_mut()
            .expect("root is never popped")
            .push(b);
    }

    fn push_inline(&mut self, i: Inline) {
        if self.inlines.is_empty() {
            // Text directly in a tight list item: open an implicit paragraph.
            self.inlines.push(Vec::new());
            self.implicit = true;
        }
        let top = self.inlines.last_mut().expect("just ensured");
        if let (Inline::Text(new), Some(Inline::Text(prev))) = (&i, top.last_mut()) {
            prev.push_str(new);
            return;
        }
        top.push(i);
    }

    fn close_implicit(&mut self) {
        if self.implicit {
            self.implicit = false;
            let content = self.inlines.pop().unwrap_or_default();
            self.push_block(Block::Paragraph {
                style: ParagraphStyle::Body,
                content,
            });
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t)
            | Event::Code(t)
            | Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => self.push_inline(Inline::Text(t.to_string())),
            Event::SoftBreak => self.push_inline(Inline::Text(" ".into())),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::FootnoteReference(t) => self.push_inline(Inline::Text(t.to_string())),
            Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.close_implicit();
                self.inlines.push(Vec::new());
            }
            Tag::Image { dest_url, .. } => {
                self.image = Some(dest_url.to_string());
                self.inlines.push(Vec::new());
            }
            Tag::Strong
            | Tag::Emphasis
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Superscript
            | Tag::Subscript => self.inlines.push(Vec::new()),
            Tag::List(start) => {
                self.close_implicit();
                self.lists.push(ListState {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                });
            }
            Tag::Item => {
                self.close_implicit();
                self.blocks.push(Vec::new());
            }
            Tag::Table(aligns) => {
                let columns = aligns
                    .iter()
                    .map(|a| match a {
                        Alignment::Right => Align::Right,
                        Alignment::Center => Align::Center,
                        _ => Align::Left,
                    })
                    .collect();
                self.table = Some(TableState {
                    columns,
                    ..TableState::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::TableCell => self.inlines.push(Vec::new()),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                let mut content = self.inlines.pop().unwrap_or_default();
                if let Some(Inline::Text(t)) = content.last_mut() {
                    let trimmed = t.trim_end().len();
                    t.truncate(trimmed);
                }
                self.push_block(Block::Paragraph {
                    style: ParagraphStyle::Body,
                    content,
                });
            }
            TagEnd::Heading(level) => {
                let content = self.inlines.pop().unwrap_or_default();
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                self.push_block(Block::Heading { level, content });
            }
            TagEnd::Strong | TagEnd::Emphasis => {
                let content = self.inlines.pop().unwrap_or_default();
                let wrapped = if tag == TagEnd::Strong {
                    Inline::Strong(content)
                } else {
                    Inline::Emph(content)
                };
                self.push_wrapped(wrapped);
            }
            TagEnd::Image => {
                let alt = crate::doc::text::inline_text(&self.inlines.pop().unwrap_or_default());
                let src = self.image.take().unwrap_or_default();
                self.push_wrapped(Inline::Image { src, alt });
            }
            TagEnd::Strikethrough | TagEnd::Link | TagEnd::Superscript | TagEnd::Subscript => {
                let content = self.inlines.pop().unwrap_or_default();
                for i in content {
                    self.push_inline(i);
                }
            }
            TagEnd::Item => {
                self.close_implicit();
                let item = self.blocks.pop().unwrap_or_default();
                if let Some(l) = self.lists.last_mut() {
                    l.items.push(item);
                }
            }
            TagEnd::List(_) => {
                self.close_implicit();
                if let Some(l) = self.lists.pop() {
                    self.push_block(Block::List {
                        ordered: l.ordered,
                        start: l.start,
                        items: l.items,
                    });
                }
            }
            TagEnd::TableCell => {
                let cell = self.inlines.pop().unwrap_or_default();
                if let Some(t) = &mut self.table {
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.header = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table(Table {
                        columns: t.columns,
                        header: t.header,
                        rows: t.rows,
                        widths: Vec::new(),
                    }));
                }
            }
            _ => {}
        }
    }

    /// Pushes a finished strong/emphasis span into its parent without merging it as text.
    fn push_wrapped(&mut self, i: Inline) {
        match self.inlines.last_mut() {
            Some(top) => top.push(i),
            None => self.push_inline(i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_inlines() {
        let md = "# Titre\n\nUn **gras** et *ital*\\\nligne.\n\n- a\n- b\n\n1. x\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n";
        let b = parse(md);
        assert_eq!(b.len(), 5, "{b:#?}");
        assert!(matches!(&b[0], Block::Heading { level: 1, .. }));
        let Block::Paragraph { content, .. } = &b[1] else {
            panic!()
        };
        assert_eq!(
            content[1],
            Inline::Strong(vec![Inline::Text("gras".into())])
        );
        assert!(content.contains(&Inline::LineBreak));
        let Block::List {
            ordered: false,
            items,
            ..
        } = &b[2]
        else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        let Block::Table(t) = &b[4] else { panic!() };
        assert_eq!(t.columns, vec![Align::Left, Align::Right]);
        assert_eq!(t.rows.len(), 1);
    }
}
