//! Unit tests of the DOCX writer: determinism, escaping, package contents.

use std::io::Read as _;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::render;
use super::xml::escape;
use crate::doc::{
    Align, Block, Document, Inline, Metadata, ParagraphStyle, Running, Signatory, Table,
};

fn t(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph {
        style: ParagraphStyle::Body,
        content,
    }
}

fn sample() -> Document {
    Document {
        images: Default::default(),
        layout: *crate::doc::layout::Layout::builtin(),
        metadata: Metadata {
            title: "Contrat pluriannuel d’objectifs et de moyens".into(),
            subject: "CPOM 2019–2023".into(),
            authors: vec!["ARS Occitanie".into(), "CHU de Montpellier".into()],
            keywords: vec!["CPOM".into(), "santé".into()],
            language: "fr-FR".into(),
            date: "2018-12-31".into(),
        },
        header: Running {
            left: vec![t("CPOM « CHU »")],
            right: vec![t("Réf. 34-2018")],
        },
        footer: Running {
            left: vec![t("Paraphes : ____")],
            right: vec![t("Page "), Inline::PageNumber, t(" / "), Inline::PageCount],
        },
        blocks: vec![
            Block::Paragraph {
                style: ParagraphStyle::Title,
                content: vec![t("Contrat")],
            },
            Block::Heading {
                level: 1,
                content: vec![t("Titre Ier")],
            },
            para(vec![
                t("Le "),
                Inline::Strong(vec![t("titulaire")]),
                t(" s’engage."),
                Inline::LineBreak,
                t("Suite"),
            ]),
            Block::List {
                ordered: true,
                start: 3,
                items: vec![vec![para(vec![t("trois")])], vec![para(vec![t("quatre")])]],
            },
            Block::List {
                ordered: true,
                start: 1,
                items: vec![vec![para(vec![t("un")])]],
            },
            Block::List {
                ordered: false,
                start: 1,
                items: vec![vec![para(vec![t("puce")])]],
            },
            Block::Table(Table {
                columns: vec![Align::Left, Align::Right],
                header: vec![vec![t("Poste")], vec![t("Montant")]],
                rows: vec![vec![vec![t("Soins")], vec![t("1\u{202f}000\u{a0}€")]]],
                widths: Vec::new(),
            }),
            Block::PageBreak,
            Block::Signatures {
                intro: vec![vec![t("Fait à Montpellier")]],
                parties: vec![
                    Signatory {
                        champ: "signature-ars".into(),
                        lines: vec![vec![Inline::Strong(vec![t("Pour l’ARS")])]],
                        name: vec![t("A. B.")],
                    },
                    Signatory {
                        champ: "signature-2".into(),
                        lines: vec![],
                        name: vec![t("C. D.")],
                    },
                ],
            },
        ],
    }
}

/// The entries of a package, in order, with their contents.
fn entries(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            assert_eq!(f.compression(), zip::CompressionMethod::Deflated, "{name}");
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (name, s)
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    entries(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

/// Parses `xml` to the end (panics if it is not well-formed) and returns the text of its
/// `w:t` elements, one string per element.
fn texts(xml: &str) -> Vec<String> {
    for c in xml.chars() {
        let ok = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
        assert!(ok, "character U+{:04X} is not allowed in XML 1.0", c as u32);
    }
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"w:t" => cur = Some(String::new()),
            Event::End(e) if e.name().as_ref() == b"w:t" => out.push(cur.take().unwrap()),
            Event::Text(e) => {
                if let Some(c) = cur.as_mut() {
                    c.push_str(&e.decode().unwrap());
                }
            }
            Event::GeneralRef(e) => {
                let ch = if e.is_char_ref() {
                    e.resolve_char_ref().unwrap().unwrap()
                } else {
                    match e.decode().unwrap().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other}"),
                    }
                };
                if let Some(c) = cur.as_mut() {
                    c.push(ch);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn same_document_same_bytes() {
    let doc = sample();
    let a = render(&doc);
    let b = render(&doc.clone());
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn package_has_the_expected_entries() {
    let names: Vec<String> = entries(&render(&sample()))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "docProps/app.xml",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/styles.xml",
            "word/settings.xml",
            "word/fontTable.xml",
            "word/theme/theme1.xml",
            "word/numbering.xml",
            "word/header1.xml",
            "word/header2.xml",
            "word/footer1.xml",
            "word/footer2.xml",
        ]
    );
}

#[test]
fn every_part_is_well_formed_and_declared() {
    let bytes = render(&sample());
    let all = entries(&bytes);
    let types = &all[0].1;
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    for (name, xml) in &all {
        texts(xml);
        if let Some(file) = name
            .strip_prefix("word/")
            .filter(|f| !f.starts_with("_rels"))
        {
            assert!(
                types.contains(&format!("PartName=\"/{name}\"")),
                "{name} has no content type"
            );
            if file != "document.xml" {
                assert!(
                    rels.contains(&format!("Target=\"{file}\"")),
                    "{name} is not related"
                );
            }
        }
    }
}

#[test]
fn hostile_text_is_escaped_and_sanitised() {
    let mut doc = sample();
    let hostile =
        "<w:p> & \"quotes\" 'apos' ]]> \u{0}\u{1}\u{b}\u{c}\u{1f}\u{fffe}\u{ffff}\u{fffd} ok";
    doc.metadata.title = hostile.into();
    doc.blocks = vec![para(vec![t(hostile)]), para(vec![t("a\tb\nc\r\nd\re")])];
    let bytes = render(&doc);
    let document = part(&bytes, "word/document.xml");
    let expected = "<w:p> & \"quotes\" 'apos' ]]> \u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd} ok";
    assert_eq!(texts(&document), [expected, "a", "b", "c", "d", "e"]);
    assert!(document.contains(
        "<w:t xml:space=\"preserve\">a</w:t><w:tab/><w:t xml:space=\"preserve\">b</w:t><w:br/>\
         <w:t xml:space=\"preserve\">c</w:t><w:br/><w:t xml:space=\"preserve\">d</w:t><w:br/>"
    ));
    let core = part(&bytes, "docProps/core.xml");
    texts(&core);
    assert!(core.contains(
        "<dc:title>&lt;w:p&gt; &amp; &quot;quotes&quot; &apos;apos&apos; ]]&gt; \u{fffd}"
    ));
}

#[test]
fn escape_handles_every_special_character() {
    let mut s = String::new();
    escape(&mut s, "a&b<c>d\"e'f\tg\nh\ri\u{7}j\u{fffe}k€");
    assert_eq!(
        s,
        "a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i\u{fffd}j\u{fffd}k€"
    );
}

#[test]
fn formatting_fields_and_structure() {
    let bytes = render(&sample());
    let d = part(&bytes, "word/document.xml");
    assert!(d.contains(
        "<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">titulaire</w:t></w:r>"
    ));
    assert!(d.contains("<w:pStyle w:val=\"Title\"/>"));
    assert!(d.contains("<w:pStyle w:val=\"Heading1\"/>"));
    assert!(d.contains("<w:tblHeader/>"));
    assert!(d.contains("<w:trHeight w:val=\"1800\" w:hRule=\"atLeast\"/>"));
    assert!(d.contains("<w:br w:type=\"page\"/>"));
    assert!(d.contains("<w:titlePg/>"));
    assert!(d.contains("<w:headerReference w:type=\"first\""));
    assert!(d.contains("<w:footerReference w:type=\"first\""));
    let footer = part(&bytes, "word/footer1.xml");
    assert!(footer.contains("<w:fldSimple w:instr=\" PAGE \">"));
    assert!(footer.contains("<w:fldSimple w:instr=\" NUMPAGES \">"));
    // Each ordered list restarts at its own start.
    let n = part(&bytes, "word/numbering.xml");
    assert!(n.contains(
        "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"3\"/>"
    ));
    assert!(n.contains(
        "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/>"
    ));
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:creator>ARS Occitanie; CHU de Montpellier</dc:creator>"));
    assert!(core.contains("<cp:keywords>CPOM, santé</cp:keywords>"));
    assert!(core.contains(">2018-12-31T00:00:00Z</dcterms:created>"));
}

#[test]
fn no_running_parts_when_empty() {
    let mut doc = sample();
    doc.header = Running::default();
    doc.footer = Running::default();
    doc.metadata.date = String::new();
    let bytes = render(&doc);
    let names: Vec<String> = entries(&bytes).into_iter().map(|(n, _)| n).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("header") || n.contains("footer"))
    );
    let d = part(&bytes, "word/document.xml");
    assert!(!d.contains("Reference") && !d.contains("titlePg"));
    assert!(part(&bytes, "docProps/core.xml").contains(">2000-01-01T00:00:00Z<"));
}

#[test]
fn footer_only_is_on_every_page_without_title_page() {
    let mut doc = sample();
    doc.header = Running::default();
    let bytes = render(&doc);
    let d = part(&bytes, "word/document.xml");
    assert!(d.contains("<w:footerReference w:type=\"default\" r:id=\"rId6\"/>"));
    assert!(!d.contains("titlePg") && !d.contains("w:type=\"first\""));
}

#[test]
fn column_widths_add_up() {
    let w = super::table::widths(&[4, 36, 7], 9638);
    assert_eq!(w.iter().sum::<u32>(), 9638);
    assert!(w[1] > w[2] && w[2] > w[0]);
    assert_eq!(super::table::widths(&[1, 1, 1], 9638), [3212, 3212, 3214]);
}
