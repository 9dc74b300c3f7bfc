//! The page: A4 geometry, which header/footer parts exist, and the section properties.

use std::fmt::Write as _;

use crate::doc::Document;

use crate::doc::layout::Layout;

/// Relationship id of the first header/footer part: rId1–rId5 are the fixed parts (styles,
/// settings, fontTable, theme, numbering; see `parts::document_rels`).
const FIRST_RID: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Header,
    Footer,
}

/// One header or footer part of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HdrFtr {
    pub kind: Kind,
    /// The first-page variant (`w:type="first"`) rather than the default one.
    pub first: bool,
    /// Part name under `word/`, e.g. `header1.xml`.
    pub file: String,
    pub rid: String,
}

impl HdrFtr {
    pub fn element(&self) -> &'static str {
        match self.kind {
            Kind::Header => "header",
            Kind::Footer => "footer",
        }
    }
}

/// The single section of the document.
#[derive(Debug, Clone)]
pub struct Section {
    pub parts: Vec<HdrFtr>,
    /// A distinct first page (`w:titlePg`): set when there is a running header, which the
    /// title page does not show.
    pub title_pg: bool,
    /// The page measures of the document.
    pub layout: Layout,
}

impl Section {
    /// The parts a document needs: none for an empty [`crate::doc::Running`]. The header, on
    /// every page but the first, is a default header plus an empty first-page header under
    /// `w:titlePg`. The footer is on every page, so under `w:titlePg` it is given twice, as the
    /// default and as the first-page footer (two identical parts: each reference gets its own).
    pub fn new(doc: &Document) -> Section {
        let title_pg = !doc.header.is_empty();
        let mut wanted = Vec::new();
        if title_pg {
            wanted.push((Kind::Header, false));
            wanted.push((Kind::Header, true));
        }
        if !doc.footer.is_empty() {
            wanted.push((Kind::Footer, false));
            if title_pg {
                wanted.push((Kind::Footer, true));
            }
        }
        let mut parts = Vec::new();
        let (mut headers, mut footers) = (0, 0);
        for (i, (kind, first)) in wanted.into_iter().enumerate() {
            let n = match kind {
                Kind::Header => {
                    headers += 1;
                    headers
                }
                Kind::Footer => {
                    footers += 1;
                    footers
                }
            };
            let stem = if kind == Kind::Header {
                "header"
            } else {
                "footer"
            };
            parts.push(HdrFtr {
                kind,
                first,
                file: format!("{stem}{n}.xml"),
                rid: format!("rId{}", FIRST_RID + i),
            });
        }
        Section {
            parts,
            title_pg,
            layout: doc.layout,
        }
    }

    /// `w:sectPr`. Order (CT_SectPr): headerReference/footerReference, pgSz, pgMar, titlePg.
    pub fn write(&self, o: &mut String) {
        o.push_str("<w:sectPr>");
        for p in &self.parts {
            let ty = if p.first { "first" } else { "default" };
            let _ = write!(
                o,
                "<w:{}Reference w:type=\"{ty}\" r:id=\"{}\"/>",
                p.element(),
                p.rid
            );
        }
        // The page of the PDF (same table of measures).
        let l = self.layout;
        let _ = write!(
            o,
            "<w:pgSz w:w=\"{}\" w:h=\"{}\"/>\
             <w:pgMar w:top=\"{}\" w:right=\"{x}\" w:bottom=\"{}\" w:left=\"{x}\" \
             w:header=\"{h}\" w:footer=\"{h}\" w:gutter=\"0\"/>",
            l.page_width,
            l.page_height,
            l.margin_top,
            l.margin_bottom,
            x = l.margin_x,
            h = l.header_distance,
        );
        if self.title_pg {
            o.push_str("<w:titlePg/>");
        }
        o.push_str("</w:sectPr>");
    }
}
