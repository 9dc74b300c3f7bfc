//! Data that looks like markup (Markdown, Tera, Typst, XML) comes out literally in both formats
//! and never changes the document's structure (fixture `balisage-dans-les-donnees.yaml`).

use cpom::doc::Block;

use crate::common::*;

const LITERALS: &[&str] = &[
    "Clinique « Les Œillets » *pas gras* _pas italique_ #read(\"/etc/passwd\") $x^2$ @ref <lbl> ]) [ \\ \"guillemets\" // `raw` {{ ars.region }} {% if true %}x{% endif %} <w:p><w:r><w:t>XML</w:t></w:r></w:p> &amp; | pipe | {n} {page}",
    "#import \"/etc/passwd\": *",
    "Occitanie *pas gras* _pas italique_",
    "M. Jean-[Marc] DUPONT <w:p>",
    "1. rue du #Port, 11000 - Carcassonne",
    "M. ::: pagebreak # TITRE",
    "Ligne 1 # Titre injecté ::: pagebreak - élément de liste — | a | b | |---|---| | 1 | 2 |",
    "#panic(\"injection\")",
    "Vu {% include \"sanitaire/clauses/objet.md\" %} et {{ titulaire }}",
    "Fait à Carcassonne ## Article {n} – Injecté, le 1er mars 2019",
];

#[test]
fn markup_in_data_is_printed_literally_in_pdf_and_docx() {
    let o = out("balisage-dans-les-donnees", "socle");
    let pdf = squeeze(&pdf_text(&o.pdf));
    let docx = squeeze(&docx_body_text(&o.docx));
    for l in LITERALS {
        assert!(pdf.contains(&squeeze(l)), "PDF lacks the literal «{l}»");
        assert!(docx.contains(&squeeze(l)), "DOCX lacks the literal «{l}»");
    }
    assert!(!pdf.contains("root:"), "a file was read");
}

#[test]
fn markup_in_data_never_changes_the_structure() {
    let evil = out("balisage-dans-les-donnees", "socle");
    let plain = out("clinique-saint-roch", "socle");
    let shape = |blocks: &[Block]| -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Heading { level, .. } => format!("h{level}"),
                Block::Paragraph { style, .. } => format!("p{style:?}"),
                Block::List { items, .. } => format!("list{}", items.len()),
                Block::Table(t) => format!("table{}x{}", t.rows.len(), t.columns.len()),
                Block::Signatures { parties, .. } => format!("sig{}", parties.len()),
                Block::PageBreak => "break".into(),
                Block::Chart(c) => format!("chart:{}", c.title),
            })
            .collect()
    };
    // Same kinds of data → same skeleton (the clinic has a SIREN line and no visa of its own:
    // compare the headings and the special blocks, which markup in data would have added to).
    let headings = |s: &[String]| {
        s.iter()
            .filter(|x| x.starts_with('h') || x.starts_with("sig") || *x == "break")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        headings(&shape(&evil.doc.blocks)),
        headings(&shape(&plain.doc.blocks))
    );
    let docx = docx_part(&evil.docx, "word/document.xml");
    assert_eq!(
        docx.matches("<w:tbl>").count(),
        1,
        "only the signature table"
    );
    assert_eq!(
        docx.matches("w:type=\"page\"").count(),
        0,
        "no page break came from data"
    );
}
