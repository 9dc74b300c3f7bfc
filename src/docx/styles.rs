//! `word/styles.xml`: the document defaults and the styles, with Word's own ids.
//!
//! Built-in style ids and names (`Normal`, `Title`, `Heading1` named "heading 1", `Header`
//! named "header"…) are what Word recognises as its built-in styles: the navigation pane, the
//! table of contents and the style gallery work on them, and a user who edits the file finds the
//! styles they know. Sizes, line heights and spacing come from the table of measures the PDF's
//! style reads too ([`crate::doc::layout`]), so that both outputs paginate alike; the body font
//! is Times New Roman, metric-compatible with the Liberation Serif the PDF embeds (and which
//! LibreOffice substitutes when Times is missing). A style's `before` is its kind's `above`; the
//! body writer adds the larger space a preceding block asks for.

use std::fmt::Write as _;

use super::props::{Ind, Jc, Ppr, Rpr, Spacing};
use super::xml::{DECL, NS_W};
use crate::doc::layout::{BlockKind, Layout};

/// Body font, set once in `w:docDefaults`.
pub const FONT: &str = "Times New Roman";
/// Heading and title colour (the PDF's accent).
pub const ACCENT: &str = "1F3864";
/// Running header/footer text colour.
const GREY: &str = "5A5A5A";

/// The spacing of a style for a kind of block: its `above` before, nothing after, its line.
fn spacing_of(k: &BlockKind) -> Spacing {
    Spacing {
        before: Some(k.above),
        after: Some(0),
        line: Some(k.text.line),
    }
}

/// Flags of `CT_Style` between `w:next` and `w:pPr`.
#[derive(Default, Clone, Copy)]
struct Ui {
    priority: Option<u32>,
    semi_hidden: bool,
    unhide_when_used: bool,
    q_format: bool,
}

const GALLERY: Ui = Ui {
    priority: None,
    semi_hidden: false,
    unhide_when_used: false,
    q_format: true,
};

/// One `w:style`. Order (CT_Style): name, basedOn, next, uiPriority, semiHidden,
/// unhideWhenUsed, qFormat, pPr, rPr, tblPr.
#[allow(clippy::too_many_arguments)]
fn style(
    o: &mut String,
    kind: &str,
    id: &str,
    name: &str,
    default: bool,
    based_on: Option<&str>,
    next: Option<&str>,
    ui: Ui,
    ppr: Ppr,
    rpr: Rpr,
    tbl_pr: &str,
) {
    let _ = write!(o, "<w:style w:type=\"{kind}\"");
    if default {
        o.push_str(" w:default=\"1\"");
    }
    let _ = write!(o, " w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>");
    if let Some(b) = based_on {
        let _ = write!(o, "<w:basedOn w:val=\"{b}\"/>");
    }
    if let Some(n) = next {
        let _ = write!(o, "<w:next w:val=\"{n}\"/>");
    }
    if let Some(p) = ui.priority {
        let _ = write!(o, "<w:uiPriority w:val=\"{p}\"/>");
    }
    if ui.semi_hidden {
        o.push_str("<w:semiHidden/>");
    }
    if ui.unhide_when_used {
        o.push_str("<w:unhideWhenUsed/>");
    }
    if ui.q_format {
        o.push_str("<w:qFormat/>");
    }
    ppr.write(o);
    rpr.write(o);
    o.push_str(tbl_pr);
    o.push_str("</w:style>");
}

fn para_style(o: &mut String, id: &str, name: &str, ui: Ui, ppr: Ppr, rpr: Rpr) {
    style(
        o,
        "paragraph",
        id,
        name,
        false,
        Some("Normal"),
        Some("Normal"),
        ui,
        ppr,
        rpr,
        "",
    );
}

/// `word/styles.xml` for a document in language `lang` (BCP 47).
pub fn xml(lang: &str, l: &Layout) -> String {
    let mut o = String::with_capacity(8192);
    o.push_str(DECL);
    let _ = write!(o, "<w:styles xmlns:w=\"{NS_W}\">");

    // Document defaults: font, size and language of every run; single spacing.
    o.push_str("<w:docDefaults><w:rPrDefault>");
    Rpr {
        font: Some(FONT),
        kern: Some(2),
        size: Some(l.body.text.size / 10),
        lang: Some(lang),
        ..Rpr::default()
    }
    .write(&mut o);
    o.push_str("</w:rPrDefault><w:pPrDefault>");
    Ppr {
        spacing: Some(Spacing {
            before: Some(0),
            after: Some(0),
            line: Some(l.body.text.line),
        }),
        ..Ppr::default()
    }
    .write(&mut o);
    o.push_str("</w:pPrDefault></w:docDefaults>");

    // Normal: justified body text, widow/orphan control, the PDF's paragraph spacing.
    style(
        &mut o,
        "paragraph",
        "Normal",
        "Normal",
        true,
        None,
        None,
        GALLERY,
        Ppr {
            widow_control: true,
            spacing: Some(spacing_of(&l.body)),
            jc: Some(Jc::Both),
            ..Ppr::default()
        },
        Rpr::default(),
        "",
    );
    // Word's three other defaults: character, table and numbering.
    o.push_str(
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
         <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">\
         <w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>\
         <w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>\
         </w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\">\
         <w:name w:val=\"No List\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>",
    );

    let display = Ui {
        priority: Some(10),
        ..GALLERY
    };
    para_style(
        &mut o,
        "Title",
        "Title",
        display,
        Ppr {
            keep_next: true,
            no_hyphens: true,
            spacing: Some(spacing_of(&l.title)),
            jc: Some(Jc::Center),
            ..Ppr::default()
        },
        Rpr {
            bold: true,
            color: Some(ACCENT),
            size: Some(l.title.text.size / 10),
            ..Rpr::default()
        },
    );
    para_style(
        &mut o,
        "Subtitle",
        "Subtitle",
        Ui {
            priority: Some(11),
            ..GALLERY
        },
        Ppr {
            keep_next: true,
            no_hyphens: true,
            spacing: Some(spacing_of(&l.subtitle)),
            jc: Some(Jc::Center),
            ..Ppr::default()
        },
        Rpr {
            size: Some(l.subtitle.text.size / 10),
            ..Rpr::default()
        },
    );

    // Headings: outline levels 0–2 (navigation pane, TOC), kept with the next paragraph.
    for (level, kind) in (1u8..).zip(&l.headings) {
        para_style(
            &mut o,
            &format!("Heading{level}"),
            &format!("heading {level}"),
            Ui {
                priority: Some(9),
                ..GALLERY
            },
            Ppr {
                keep_next: true,
                keep_lines: true,
                no_hyphens: true,
                spacing: Some(spacing_of(kind)),
                jc: Some(Jc::Left),
                outline: Some(level - 1),
                ..Ppr::default()
            },
            Rpr {
                bold: true,
                color: Some(ACCENT),
                size: Some(kind.text.size / 10),
                ..Rpr::default()
            },
        );
    }

    // Running header and footer.
    let running = Ppr {
        no_hyphens: true,
        spacing: Some(Spacing {
            before: Some(0),
            after: Some(0),
            line: Some(l.running.line),
        }),
        jc: Some(Jc::Left),
        ..Ppr::default()
    };
    let running_r = Rpr {
        color: Some(GREY),
        size: Some(l.running.size / 10),
        ..Rpr::default()
    };
    let hf = Ui {
        priority: Some(99),
        unhide_when_used: true,
        ..Ui::default()
    };
    para_style(&mut o, "Header", "header", hf, running, running_r);
    para_style(&mut o, "Footer", "footer", hf, running, running_r);

    para_style(
        &mut o,
        "ListParagraph",
        "List Paragraph",
        Ui {
            priority: Some(34),
            ..GALLERY
        },
        Ppr {
            spacing: Some(Spacing {
                before: Some(l.list_item_spacing),
                after: Some(0),
                line: None,
            }),
            ..Ppr::default()
        },
        Rpr::default(),
    );
    para_style(
        &mut o,
        "TableText",
        "Table Text",
        GALLERY,
        Ppr {
            spacing: Some(Spacing {
                before: Some(0),
                after: Some(0),
                line: Some(l.table.text.line),
            }),
            ind: Some(Ind::default()),
            jc: Some(Jc::Left),
            ..Ppr::default()
        },
        Rpr {
            size: Some(l.table.text.size / 10),
            ..Rpr::default()
        },
    );

    // A bordered table style for the user's own tables; ours also carry their borders directly.
    let mut grid = String::from("<w:tblPr>");
    borders(&mut grid, "single", l);
    grid.push_str("</w:tblPr>");
    style(
        &mut o,
        "table",
        "TableGrid",
        "Table Grid",
        false,
        Some("TableNormal"),
        None,
        Ui {
            priority: Some(39),
            ..Ui::default()
        },
        Ppr::default(),
        Rpr::default(),
        &grid,
    );

    o.push_str("</w:styles>");
    o
}

/// `w:tblBorders` with every edge set to `val` ("single": thin grey rules; "nil": none).
/// Order (CT_TblBorders): top, left, bottom, right, insideH, insideV.
pub fn borders(o: &mut String, val: &str, l: &Layout) {
    o.push_str("<w:tblBorders>");
    for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        if val == "nil" {
            let _ = write!(o, "<w:{edge} w:val=\"nil\"/>");
        } else {
            let _ = write!(
                o,
                "<w:{edge} w:val=\"{val}\" w:sz=\"{}\" w:space=\"0\" w:color=\"8C8C8C\"/>",
                l.rule * 8 / 20
            );
        }
    }
    o.push_str("</w:tblBorders>");
}
