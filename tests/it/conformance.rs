//! Independent readers accept every output: an OOXML schema validator and python-docx read the
//! DOCX, LibreOffice converts it, qpdf and pdffonts check the PDF (PDF/A-2b, fonts embedded).

use std::process::Command;

use crate::common::*;

/// The (PDF, DOCX) of every valid avenant fixture, of the computed avenant and of a
/// consolidated version.
fn avenants() -> Vec<(std::path::PathBuf, std::path::PathBuf)> {
    let hand_written = yaml_files("fixtures/avenants").into_iter().flat_map(|f| {
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        crate::avenants::avenant_in(&name, &format!("conformance-{name}"))
    });
    hand_written
        .chain(crate::consolidation::consolidated_in(
            "2022-01-01",
            "conformance",
        ))
        .map(|o| (o.pdf, o.docx))
        .chain(
            crate::avenant_diff::computed()
                .docs
                .iter()
                .map(|o| (o.pdf.clone(), o.docx.clone())),
        )
        .collect()
}

#[test]
fn every_docx_has_no_schema_error_and_reads_in_python_docx() {
    let files: Vec<String> = rendered()
        .iter()
        .map(|o| o.docx.clone())
        .chain(avenants().into_iter().map(|(_, docx)| docx))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    let script = root().join("tests/tools/validate_docx.py");
    let mut args = vec![script.to_str().unwrap().to_string()];
    args.extend(files);
    let out = Command::new("python3")
        .args(&args)
        .output()
        .expect("python3 (scripts/test.sh installs the validators)");
    assert!(
        out.status.success(),
        "validate_docx.py failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The first words of the body of each page of `pdf` (running lines left out).
fn first_words_of_pages(pdf: &std::path::Path) -> Vec<String> {
    (1..=pdf_page_count(pdf))
        .map(|page| {
            let text = pdf_page_body(pdf, page);
            text.split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// LibreOffice reads every DOCX and sets it on the PDF's pages: the same number of pages, and
/// each page begins with the same words (a paraphe or a "page 3" cited in negotiation points to
/// the same text in both formats). The footer's fields are computed.
#[test]
fn libreoffice_converts_every_docx_to_the_pages_of_its_pdf() {
    let outdir = fresh("libreoffice");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        output_dir().join("lo-profile").display()
    );
    let mut args = vec![
        profile,
        "--headless".into(),
        "--convert-to".into(),
        "pdf".into(),
        "--outdir".into(),
        outdir.to_str().unwrap().into(),
    ];
    let mut expected = Vec::new();
    for (i, o) in rendered().iter().enumerate() {
        // Distinct names: every fixture has a socle.docx.
        let copy = outdir.join(format!("{i}-{}-{}.docx", o.fixture, o.stem));
        std::fs::copy(&o.docx, &copy).unwrap();
        args.push(copy.to_str().unwrap().into());
        expected.push((copy.with_extension("pdf"), o));
    }
    let avenants = avenants();
    let mut expected_avenants = Vec::new();
    for (i, (pdf, docx)) in avenants.iter().enumerate() {
        let copy = outdir.join(format!(
            "avenant-{i}-{}",
            docx.file_name().unwrap().to_string_lossy()
        ));
        std::fs::copy(docx, &copy).unwrap();
        args.push(copy.to_str().unwrap().into());
        expected_avenants.push((copy.with_extension("pdf"), pdf));
    }
    let status = Command::new("soffice")
        .args(&args)
        .output()
        .expect("soffice (scripts/test.sh installs LibreOffice)");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    for (pdf, o) in expected {
        assert!(
            pdf.is_file(),
            "LibreOffice did not convert {}",
            o.docx.display()
        );
        let text = collapse(&pdf_text(&pdf));
        let title = o
            .doc
            .blocks
            .iter()
            .find_map(|b| match b {
                cpom::doc::Block::Paragraph {
                    style: cpom::doc::ParagraphStyle::Title,
                    content,
                } => Some(cpom::doc::text::inline_text(content)),
                _ => None,
            })
            .expect("a title");
        assert!(
            squeeze(&text).contains(&squeeze(&title)),
            "{}: «{title}» missing in {text}",
            pdf.display()
        );
        let pages = pdf_page_count(&pdf);
        assert!(pages >= 1, "{}: {pages} pages", pdf.display());
        assert_eq!(
            first_words_of_pages(&pdf),
            first_words_of_pages(&o.pdf),
            "{}: the DOCX (through LibreOffice) and the PDF begin their pages differently",
            o.docx.display()
        );
        // Fields computed by LibreOffice: the last page's footer reads "Page N / N".
        assert!(
            text.contains(&format!("Page {pages} / {pages}")),
            "{}: footer fields",
            pdf.display()
        );
    }
    for (converted, pdf) in expected_avenants {
        assert_eq!(
            first_words_of_pages(&converted),
            first_words_of_pages(pdf),
            "{}: the DOCX (through LibreOffice) and the PDF begin their pages differently",
            pdf.display()
        );
    }
}

/// The signable bundle of every fixture, written next to the shared renders.
fn bundles() -> Vec<std::path::PathBuf> {
    let lib = cpom::render::Library::builtin().unwrap();
    let style = lib.set.text(cpom::render::STYLE).unwrap();
    let mut out = Vec::new();
    for f in valid_fixtures() {
        let loaded = cpom::render::load(&f, &lib).unwrap();
        let docs = cpom::render::render(
            &loaded,
            &lib,
            &cpom::render::Options {
                docx: false,
                ..Default::default()
            },
        )
        .unwrap();
        let bundle = cpom::render::bundle(&docs).unwrap();
        let pdf = cpom::pdf::render(
            &bundle,
            cpom::render::STYLE,
            style,
            cpom::pdf::Standard::default(),
            true,
        )
        .unwrap();
        let path = output_dir().join(format!(
            "bundle-{}.pdf",
            f.file_stem().unwrap().to_string_lossy()
        ));
        std::fs::write(&path, pdf.bytes).unwrap();
        out.push(path);
    }
    out
}

#[test]
fn every_pdf_is_sound_pdfa_with_embedded_fonts() {
    let all: Vec<std::path::PathBuf> = rendered()
        .iter()
        .map(|o| o.pdf.clone())
        .chain(bundles())
        .chain(avenants().into_iter().map(|(pdf, _)| pdf))
        .collect();
    for path in &all {
        let p = path.to_str().unwrap();
        let qpdf = Command::new("qpdf")
            .args(["--check", p])
            .output()
            .expect("qpdf");
        assert!(
            qpdf.status.success(),
            "{p}: {}",
            String::from_utf8_lossy(&qpdf.stdout)
        );
        let fonts = run("pdffonts", &[p]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{p}: no fonts");
        for r in rows {
            let cols: Vec<&str> = r.split_whitespace().collect();
            // name type encoding emb sub uni object ID: "emb" is the 4th column from the end-3.
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "{p}: font not embedded: {r}");
        }
        let bytes = std::fs::read(path).unwrap();
        let raw = String::from_utf8_lossy(&bytes);
        assert!(
            raw.contains("<pdfaid:part>2</pdfaid:part>"),
            "{p}: PDF/A part"
        );
        assert!(
            raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{p}: PDF/A conformance"
        );
        assert!(raw.contains("/OutputIntents"), "{p}: sRGB output intent");
        assert!(
            raw.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{p}: PDF/UA-1 identification"
        );
        assert!(
            raw.contains("/StructTreeRoot") && raw.contains("/MarkInfo"),
            "{p}: tagged"
        );
        assert!(raw.contains("/Lang"), "{p}: document language");
        assert!(!raw.contains("/Encrypt"), "{p}: encrypted");
    }
}
