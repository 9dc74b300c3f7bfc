//! Blocks → the body of `word/document.xml`.

use std::fmt::Write as _;

use super::inline::{Fmt, inlines};
use super::numbering::{BULLETS, MAX_LEVEL, Numbering};
use super::props::{Ind, Jc, Ppr, Spacing};
use super::section::Section;
use super::table;
use super::xml::{DECL, NS_R, NS_W};
use crate::doc::{Block, Document, Inline, ParagraphStyle};

/// Space before the first paragraph after a table (the body's paragraph spacing), twips.
const AFTER_TABLE: u32 = 160;
/// Space before the first paragraph after a list (added to the list's own 80), twips.
const AFTER_LIST: u32 = 80;
/// Space between the signature block's intro lines and its table, twips.
const BEFORE_SIGNATURES: u32 = 240;

/// `word/document.xml` of `doc`; the ordered lists met are registered in `numbering`.
pub fn document(doc: &Document, section: &Section, numbering: &mut Numbering) -> String {
    let mut b = Body {
        o: String::with_capacity(4096 + 512 * doc.blocks.len()),
        numbering,
        space_before: None,
        last_table: false,
        keep_with_next: false,
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

struct Body<'a> {
    o: String,
    numbering: &'a mut Numbering,
    /// Extra space for the next body or list paragraph, after a table or a list: paragraph
    /// spacing is "after" only, which a table or a list's last paragraph does not provide.
    space_before: Option<u32>,
    /// The last thing written was a table: a table right after it would be merged with it by
    /// Word, and the body cannot end with one.
    last_table: bool,
    /// The block being written precedes the signatures: each of its paragraphs is kept with
    /// the next (`keepNext`), down to the "Fait à …" line and the signature table.
    keep_with_next: bool,
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
                self.para(
                    Ppr {
                        style: Some(style),
                        ..Ppr::default()
                    },
                    content,
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
                self.para(ppr, content);
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                self.list(*ordered, *start, items, 0);
                self.space_before = Some(AFTER_LIST);
            }
            Block::Table(t) => {
                self.before_table();
                let keep = std::mem::take(&mut self.keep_with_next);
                if table::table(&mut self.o, t, keep) {
                    self.after_table();
                }
            }
            Block::Signatures { intro, parties } => {
                let n = intro.len();
                for (i, line) in intro.iter().enumerate() {
                    // Kept with the table: "Fait à …" never ends a page without the signatures.
                    let spacing = (i + 1 == n).then_some(Spacing {
                        after: Some(BEFORE_SIGNATURES),
                        ..Spacing::default()
                    });
                    self.para(
                        Ppr {
                            keep_next: true,
                            spacing,
                            ..Ppr::default()
                        },
                        line,
                    );
                }
                self.before_table();
                if table::signatures(&mut self.o, parties) {
                    self.after_table();
                }
            }
            Block::PageBreak => {
                self.o
                    .push_str("<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:r><w:br w:type=\"page\"/></w:r></w:p>");
                self.space_before = None;
                self.last_table = false;
            }
        }
    }

    /// One paragraph. A pending [`Body::space_before`] applies to body and list paragraphs
    /// only: headings and titles have their own space before.
    fn para(&mut self, mut ppr: Ppr, content: &[Inline]) {
        ppr.keep_next |= self.keep_with_next;
        if let Some(before) = self.space_before.take()
            && matches!(ppr.style, None | Some("ListParagraph"))
        {
            let sp = ppr.spacing.unwrap_or_default();
            ppr.spacing = Some(Spacing {
                before: Some(sp.before.unwrap_or(0).max(before)),
                ..sp
            });
        }
        self.o.push_str("<w:p>");
        ppr.write(&mut self.o);
        inlines(&mut self.o, content, Fmt::default());
        self.o.push_str("</w:p>");
        self.last_table = false;
    }

    fn before_table(&mut self) {
        if self.last_table {
            self.o
                .push_str("<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:p>");
        }
    }

    fn after_table(&mut self) {
        self.last_table = true;
        self.space_before = Some(AFTER_TABLE);
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
        for (i, item) in items.iter().enumerate() {
            self.keep_with_next = keep_last && i + 1 == items.len();
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
                        self.para(ppr, content);
                    }
                    other => {
                        if !numbered {
                            numbered = true;
                            self.para(marker, &[]);
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
                self.para(marker, &[]);
            }
        }
    }
}
