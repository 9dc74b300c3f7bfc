//! Blocks → the body of `word/document.xml`.

use std::fmt::Write as _;

use super::inline::{Fmt, inlines};
use super::numbering::{BULLETS, MAX_LEVEL, Numbering};
use super::props::{Ind, Jc, Ppr, Spacing};
use super::section::Section;
use super::table;
use super::xml::{DECL, NS_R, NS_W};
use crate::doc::layout::{BlockKind, Layout};
use crate::doc::{Block, Document, Inline, ParagraphStyle};

/// `word/document.xml` of `doc`; the ordered lists met are registered in `numbering`.
pub fn document(doc: &Document, section: &Section, numbering: &mut Numbering) -> String {
    let mut b = Body {
        layout: &doc.layout,
        o: String::with_capacity(4096 + 512 * doc.blocks.len()),
        numbering,
        below: None,
        last_after: None,
        last_table: false,
        keep_with_next: false,
        charts: 0,
    };
    b.o.push_str(DECL);
    let _ = write!(
        b.o,
        "<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:body>"
    );
    for (i, block) in doc.blocks.iter().enumerate() {
        // The signatures never stand alone on their page: the text just before them (its last
        // paragraph or list) is kept with them, as the PDF's unbreakable block does.
        b.keep_with_next = matches!(
            block,
            Block::Paragraph { .. } | Block::List { .. } | Block::Table(_)
        ) && matches!(doc.blocks.get(i + 1), Some(Block::Signatures { .. }));
        b.block(block);
    }
    if b.last_table {
        // Word ends every document with a paragraph and adds a full-size one after a final
        // table; after a signature table that fills the page it lands alone on a blank last
        // page. Ours is 1 pt high (exact line, 1 pt paragraph mark), so it practically always
        // fits under the table. CT_PPr order: spacing, then the paragraph mark's rPr.
        b.o.push_str(
            "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>\
             <w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr></w:pPr></w:p>",
        );
    }
    section.write(&mut b.o);
    b.o.push_str("</w:body></w:document>");
    b.o
}

/// How [`Body::para`] writes a paragraph's space after: found in its `w:pPr` to be raised when
/// a table follows.
const AFTER_ZERO: &str = "w:after=\"0\"";

struct Body<'a> {
    /// The page measures ([`crate::doc::layout`]).
    layout: &'a Layout,
    o: String,
    numbering: &'a mut Numbering,
    /// The space the last block written wants below it, twips; none at the top of the document
    /// or after a page break. The next block is set at the larger of it and its own `above`
    /// (the rule of the PDF, see [`crate::doc::layout`]), written as its `w:before`.
    below: Option<u32>,
    /// Where the last paragraph written says `w:after="0"` in the output, while nothing else has
    /// been written after it: a table that follows (Word puts no space above a table) asks its
    /// space there.
    last_after: Option<usize>,
    /// The last thing written was a table: a table right after it would be merged with it by
    /// Word, and the body cannot end with one.
    last_table: bool,
    /// The block being written precedes the signatures: each of its paragraphs is kept with
    /// the next (`keepNext`), down to the "Fait à …" line and the signature table.
    keep_with_next: bool,
    /// Charts written so far: the next one is `chart{charts + 1}.xml`.
    charts: usize,
}

impl Body<'_> {
    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, content } => {
                let style = match level {
                    0 | 1 => "Heading1",
                    2 => "Heading2",
                    _ => "Heading3",
                };
                let kind = &self.layout.headings[usize::from(level.clamp(&1, &3) - 1)];
                self.para(
                    Ppr {
                        style: Some(style),
                        ..Ppr::default()
                    },
                    content,
                    kind.above,
                    kind.below,
                );
            }
            Block::Paragraph { style, content } => {
                let ppr = match style {
                    ParagraphStyle::Body => Ppr::default(),
                    ParagraphStyle::Title => Ppr {
                        style: Some("Title"),
                        ..Ppr::default()
                    },
                    ParagraphStyle::Subtitle => Ppr {
                        style: Some("Subtitle"),
                        ..Ppr::default()
                    },
                    ParagraphStyle::Centered => Ppr {
                        jc: Some(Jc::Center),
                        ..Ppr::default()
                    },
                    ParagraphStyle::Right => Ppr {
                        jc: Some(Jc::Right),
                        ..Ppr::default()
                    },
                };
                let kind = match style {
                    ParagraphStyle::Title => &self.layout.title,
                    ParagraphStyle::Subtitle => &self.layout.subtitle,
                    _ => &self.layout.body,
                };
                self.para(ppr, content, kind.above, kind.below);
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                self.list(*ordered, *start, items, 0);
            }
            Block::Table(t) => {
                let kind = if t.is_wide() {
                    &self.layout.table_wide
                } else {
                    &self.layout.table
                };
                let keep = std::mem::take(&mut self.keep_with_next);
                let at = self.o.len();
                let space = self.before_table(kind);
                if table::table(&mut self.o, t, keep, self.layout) {
                    self.after_table(kind);
                } else {
                    // Nothing written: the space asked above it is not wanted either.
                    self.o.truncate(at);
                    self.below = space;
                }
            }
            Block::Signatures { intro, parties } => {
                let n = intro.len();
                let body = &self.layout.body;
                for (i, line) in intro.iter().enumerate() {
                    // Kept with the table: "Fait à …" never ends a page without the signatures.
                    let below = if i + 1 == n {
                        self.layout.before_signatures
                    } else {
                        body.below
                    };
                    self.para(
                        Ppr {
                            keep_next: true,
                            ..Ppr::default()
                        },
                        line,
                        body.above,
                        below,
                    );
                }
                self.before_table(body);
                if table::signatures(&mut self.o, parties, self.layout) {
                    self.after_table(body);
                }
            }
            Block::Chart(c) => {
                // A paragraph as high as the chart (the PDF's block), with the body's spacing.
                self.charts += 1;
                let n = self.charts;
                let emu = |twips: u32| u64::from(twips) * 635;
                let (cx, cy) = (emu(self.layout.text_width()), emu(self.layout.chart_height));
                let ppr = Ppr {
                    spacing: Some(Spacing {
                        line: Some(self.layout.chart_height),
                        ..Spacing::default()
                    }),
                    ..Ppr::default()
                };
                let body = &self.layout.body;
                self.para_with(ppr, body.above, body.below, |o| {
                    super::chart::drawing(o, n, &c.title, cx, cy)
                });
            }
            Block::PageBreak => {
                self.o.push_str(
                    "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr><w:r><w:br w:type=\"page\"/></w:r></w:p>",
                );
                self.below = None;
                self.last_after = None;
                self.last_table = false;
            }
        }
    }

    /// One paragraph, `above`/`below` being the space its kind wants around it: it is set at
    /// the larger of `above` and what the block before wants below it, as `w:before`, with no
    /// `w:after` (a table that follows may ask for one, see [`Body::before_table`]).
    fn para(&mut self, ppr: Ppr, content: &[Inline], above: u32, below: u32) {
        self.para_with(ppr, above, below, |o| inlines(o, content, Fmt::default()));
    }

    /// [`Body::para`] with its runs written by `content` (a chart's drawing).
    fn para_with(
        &mut self,
        mut ppr: Ppr,
        above: u32,
        below: u32,
        content: impl FnOnce(&mut String),
    ) {
        ppr.keep_next |= self.keep_with_next;
        let before = self.below.map_or(0, |b| b.max(above));
        let sp = ppr.spacing.unwrap_or_default();
        ppr.spacing = Some(Spacing {
            before: Some(before),
            after: Some(0),
            ..sp
        });
        self.o.push_str("<w:p>");
        let start = self.o.len();
        ppr.write(&mut self.o);
        self.last_after = self.o[start..]
            .find(AFTER_ZERO)
            .map(|i| start + i + AFTER_ZERO.len() - 2);
        content(&mut self.o);
        self.o.push_str("</w:p>");
        self.below = Some(below);
        self.last_table = false;
    }

    /// The space above a table (of `kind`): Word has no space above a table, so the paragraph
    /// before takes it as its `w:after`; right after another table (which Word would merge with
    /// this one), an empty paragraph exactly that high separates them. Returns the space the
    /// block before wanted below it.
    fn before_table(&mut self, kind: &BlockKind) -> Option<u32> {
        let wanted = self.below;
        let space = wanted.map(|b| b.max(kind.above));
        if self.last_table {
            let h = space.unwrap_or(kind.above).max(20);
            let _ = write!(
                self.o,
                "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{h}\" w:lineRule=\"exact\"/>\
                 <w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr></w:pPr></w:p>"
            );
        } else if let (Some(pos), Some(space)) = (self.last_after.take(), space) {
            self.o.replace_range(pos..pos + 1, &space.to_string());
        }
        self.last_after = None;
        wanted
    }

    fn after_table(&mut self, kind: &BlockKind) {
        self.last_table = true;
        self.last_after = None;
        self.below = Some(kind.below);
    }

    /// A list at nesting `depth`. The first paragraph of each item carries the number or bullet;
    /// its other paragraphs are list paragraphs indented like the text, without a marker; a list
    /// inside an item is one level deeper; other blocks inside an item are written as they are,
    /// after its paragraphs. An item that does not start with a paragraph gets an empty numbered
    /// paragraph, so that its marker still shows.
    fn list(&mut self, ordered: bool, start: u64, items: &[Vec<Block>], depth: u8) {
        let level = depth.min(MAX_LEVEL);
        let num = if ordered {
            self.numbering.ordered(level, start)
        } else {
            BULLETS
        };
        let marker = Ppr {
            style: Some("ListParagraph"),
            num: Some((level, num)),
            ..Ppr::default()
        };
        // Only a list's last item is kept with the signatures that follow it (as in the PDF).
        let keep_last = std::mem::take(&mut self.keep_with_next);
        let body = &self.layout.body;
        for (i, item) in items.iter().enumerate() {
            self.keep_with_next = keep_last && i + 1 == items.len();
            // The list is a block of the body; its items are `list_item_spacing` apart, whatever
            // the last block of the item before wanted below it (as in the PDF's list).
            let mut above = body.above;
            if i > 0 {
                self.below = Some(0);
                above = self.layout.list_item_spacing;
            }
            let mut numbered = false;
            for block in item {
                match block {
                    Block::Paragraph { style, content } => {
                        let jc = match style {
                            ParagraphStyle::Centered
                            | ParagraphStyle::Title
                            | ParagraphStyle::Subtitle => Some(Jc::Center),
                            ParagraphStyle::Right => Some(Jc::Right),
                            ParagraphStyle::Body => None,
                        };
                        let ppr = if numbered {
                            Ppr {
                                style: Some("ListParagraph"),
                                ind: Some(Ind {
                                    left: Numbering::indent(level),
                                    ..Ind::default()
                                }),
                                jc,
                                ..Ppr::default()
                            }
                        } else {
                            Ppr { jc, ..marker }
                        };
                        numbered = true;
                        self.para(ppr, content, above, body.below);
                        above = body.above;
                    }
                    other => {
                        if !numbered {
                            numbered = true;
                            self.para(marker, &[], above, body.below);
                            above = body.above;
                        }
                        match other {
                            Block::List {
                                ordered,
                                start,
                                items,
                            } => self.list(*ordered, *start, items, depth.saturating_add(1)),
                            _ => self.block(other),
                        }
                    }
                }
            }
            if !numbered {
                self.para(marker, &[], above, body.below);
            }
        }
        self.below = Some(body.below);
    }
}
