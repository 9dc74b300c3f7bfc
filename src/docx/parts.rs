//! The package's fixed and metadata parts: content types, relationships, core and app
//! properties, settings, font table, theme.

use std::fmt::Write as _;

use super::section::Section;
use super::styles::FONT;
use super::xml::{DECL, NS_W, escape};
use crate::doc::Metadata;

const CT_WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
const REL_DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The parts under `word/` that every document has, with their relationship ids (rId1–rId5,
/// in this order; header/footer ids follow, see `section`) and content types. The validator
/// requires the main part to relate to styles, settings, fontTable and theme.
const FIXED: [(&str, &str, &str); 5] = [
    ("styles", "styles.xml", "styles+xml"),
    ("settings", "settings.xml", "settings+xml"),
    ("fontTable", "fontTable.xml", "fontTable+xml"),
    ("theme", "theme/theme1.xml", ""),
    ("numbering", "numbering.xml", "numbering+xml"),
];

/// `[Content_Types].xml`.
pub fn content_types(section: &Section, png: bool, charts: usize) -> String {
    let mut o = String::with_capacity(2048);
    o.push_str(DECL);
    o.push_str(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    );
    if png {
        o.push_str("<Default Extension=\"png\" ContentType=\"image/png\"/>");
    }
    for n in 1..=charts {
        let _ = write!(
            o,
            "<Override PartName=\"/word/{}\" ContentType=\"{}\"/>",
            super::chart::file(n),
            super::chart::CONTENT_TYPE
        );
    }
    let _ = write!(
        o,
        "<Override PartName=\"/word/document.xml\" ContentType=\"{CT_WML}.document.main+xml\"/>"
    );
    for (_, file, ct) in FIXED {
        if ct.is_empty() {
            let _ = write!(
                o,
                "<Override PartName=\"/word/{file}\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>"
            );
        } else {
            let _ = write!(
                o,
                "<Override PartName=\"/word/{file}\" ContentType=\"{CT_WML}.{ct}\"/>"
            );
        }
    }
    for p in &section.parts {
        let _ = write!(
            o,
            "<Override PartName=\"/word/{}\" ContentType=\"{CT_WML}.{}+xml\"/>",
            p.file,
            p.element()
        );
    }
    o.push_str(
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         </Types>",
    );
    o
}

/// `_rels/.rels`: the main document and the two property parts.
pub fn package_rels() -> String {
    let mut o = String::with_capacity(512);
    o.push_str(DECL);
    let _ = write!(
        o,
        "<Relationships xmlns=\"{NS_RELS}\">\
         <Relationship Id=\"rId1\" Type=\"{REL_DOC}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{REL_DOC}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    );
    o
}

/// `word/_rels/document.xml.rels`.
pub fn document_rels(section: &Section, images: &str) -> String {
    let mut o = String::with_capacity(1024);
    o.push_str(DECL);
    let _ = write!(o, "<Relationships xmlns=\"{NS_RELS}\">");
    for (i, (ty, file, _)) in FIXED.iter().enumerate() {
        let _ = write!(
            o,
            "<Relationship Id=\"rId{}\" Type=\"{REL_DOC}/{ty}\" Target=\"{file}\"/>",
            i + 1
        );
    }
    for p in &section.parts {
        let _ = write!(
            o,
            "<Relationship Id=\"{}\" Type=\"{REL_DOC}/{}\" Target=\"{}\"/>",
            p.rid,
            p.element(),
            p.file
        );
    }
    o.push_str(images);
    o.push_str("</Relationships>");
    o
}

/// The document date as a W3CDTF timestamp: `Metadata::date` at midnight UTC, or 2000-01-01
/// when it is not a `YYYY-MM-DD` date (never the clock: the output must be reproducible, and an
/// ill-formed date would make the part invalid).
pub fn timestamp(date: &str) -> String {
    let b = date.as_bytes();
    let ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    format!("{}T00:00:00Z", if ok { date } else { "2000-01-01" })
}

/// `docProps/core.xml`: title, subject, creator (the parties, joined by "; "), keywords (joined
/// by ", "), language, created = modified = the document date.
pub fn core(m: &Metadata) -> String {
    let mut o = String::with_capacity(1024);
    o.push_str(DECL);
    o.push_str(
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let mut el = |name: &str, value: &str| {
        let _ = write!(o, "<{name}>");
        escape(&mut o, value);
        let _ = write!(o, "</{name}>");
    };
    el("dc:title", &m.title);
    el("dc:subject", &m.subject);
    el("dc:creator", &m.authors.join("; "));
    el("cp:keywords", &m.keywords.join(", "));
    el("dc:language", language(m));
    let ts = timestamp(&m.date);
    let _ = write!(
        o,
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{ts}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{ts}</dcterms:modified></cp:coreProperties>"
    );
    o
}

/// The document language: `Metadata::language`, or `fr-FR` when unset.
pub fn language(m: &Metadata) -> &str {
    if m.language.trim().is_empty() {
        "fr-FR"
    } else {
        m.language.trim()
    }
}

/// `docProps/app.xml`. No application version: Word reads `AppVersion` to decide on
/// compatibility behaviour, and we are not Word.
pub fn app() -> String {
    format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Application>cpom</Application><DocSecurity>0</DocSecurity></Properties>"
    )
}

/// `word/settings.xml`. Order (CT_Settings): zoom, defaultTabStop, characterSpacingControl,
/// compat, themeFontLang, decimalSymbol, listSeparator.
/// No `autoHyphenation`: the PDF does not hyphenate running text either (`cpom.typ`).
/// `compatibilityMode` 15 makes Word open the file in its current mode rather than
/// "compatibility mode";
/// `doNotExpandShiftReturn` keeps a line that ends with a line break (`Inline::LineBreak`) from
/// being stretched to the full width in a justified paragraph (Word and LibreOffice stretch it by
/// default; the PDF does not).
pub fn settings(m: &Metadata) -> String {
    let mut o = String::with_capacity(1024);
    o.push_str(DECL);
    let _ = write!(
        o,
        "<w:settings xmlns:w=\"{NS_W}\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"708\"/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\""
    );
    escape(&mut o, language(m));
    o.push_str("\"/><w:decimalSymbol w:val=\",\"/><w:listSeparator w:val=\";\"/></w:settings>");
    o
}

/// `word/fontTable.xml`: the one font used. Order (CT_Font): panose1, charset, family, pitch.
pub fn font_table() -> String {
    format!(
        "{DECL}<w:fonts xmlns:w=\"{NS_W}\"><w:font w:name=\"{FONT}\"><w:panose1 w:val=\"02020603050405020304\"/>\
         <w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    )
}

/// `word/theme/theme1.xml`: a minimal DrawingML theme (colour, font and format schemes). Nothing
/// in the document refers to theme colours or fonts; the part is there because the validator
/// (and Word's own files) expect the relationship.
pub const THEME: &str = include_str!("theme1.xml");
