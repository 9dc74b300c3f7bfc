//! PDFs ready for electronic signature: one empty signature field per signatory, where the
//! block leaves room to sign, described beside the PDF, signable in turn by a real signing
//! library (pyHanko) without breaking the file or the earlier signatures.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// The description cpom writes beside a PDF (`<stem>.signatures.json`).
fn places(pdf: &Path) -> serde_json::Value {
    let path = pdf.with_extension("signatures.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// (name, type, page, annotation object) of each form field, as qpdf reads the file.
fn qpdf_fields(pdf: &Path) -> Vec<(String, String, u64, String)> {
    let json = run(
        "qpdf",
        &["--json", "--json-key=acroform", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["acroform"]["needappearances"],
        serde_json::json!(false),
        "{}: NeedAppearances would break PDF/A",
        pdf.display()
    );
    v["acroform"]["fields"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            (
                f["fullname"].as_str().unwrap_or_default().to_string(),
                f["fieldtype"].as_str().unwrap_or_default().to_string(),
                f["pageposfrom1"].as_u64().unwrap_or_default(),
                f["annotation"]["object"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

/// The `/Rect` and `/F` of an annotation object, as qpdf shows it.
fn rect_and_flags(pdf: &Path, object: &str) -> ([f64; 4], i64) {
    let id = object.split(' ').next().unwrap();
    let dict = run(
        "qpdf",
        &[&format!("--show-object={id}"), pdf.to_str().unwrap()],
    );
    let after = |key: &str| dict.split(key).nth(1).unwrap_or_default().to_string();
    let r: Vec<f64> = after("/Rect [")
        .split(']')
        .next()
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let flags = after("/F ")
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    ([r[0], r[1], r[2], r[3]], flags)
}

/// The text pdftotext reads in a rectangle given in PDF points (origin bottom-left).
fn text_in(pdf: &Path, page: u64, [x0, y0, x1, y1]: [f64; 4]) -> String {
    let height: f64 = pdfinfo(pdf)
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .and_then(|l| l.split_whitespace().nth(4))
        .and_then(|h| h.parse().ok())
        .unwrap();
    let p = page.to_string();
    run(
        "pdftotext",
        &[
            "-f",
            &p,
            "-l",
            &p,
            "-x",
            &format!("{}", x0.floor()),
            "-y",
            &format!("{}", (height - y1).floor()),
            "-W",
            &format!("{}", (x1 - x0).ceil()),
            "-H",
            &format!("{}", (y1 - y0).ceil()),
            pdf.to_str().unwrap(),
            "-",
        ],
    )
}

#[test]
fn each_signatory_has_an_empty_field_in_the_space_above_their_name() {
    let mut checked = 0;
    for o in rendered() {
        let described = places(&o.pdf);
        let wanted = described["signatures"].as_array().unwrap();
        let fields = qpdf_fields(&o.pdf);
        // One field per party of the block, named after its role, on the signature page.
        let parties = o
            .doc
            .blocks
            .iter()
            .find_map(|b| match b {
                cpom::doc::Block::Signatures { parties, .. } => Some(parties.len()),
                _ => None,
            })
            .expect("a signature block");
        assert_eq!(fields.len(), parties, "{}/{}", o.fixture, o.stem);
        assert_eq!(wanted.len(), parties, "{}/{}", o.fixture, o.stem);
        for (w, (name, kind, page, object)) in wanted.iter().zip(&fields) {
            assert_eq!(w["champ"].as_str(), Some(name.as_str()));
            assert_eq!(kind, "/Sig");
            assert_eq!(w["page"].as_u64(), Some(*page));
            assert_eq!(*page as usize, o.pdf_pages, "{}/{}", o.fixture, o.stem);
            assert!(
                pdf_page_body(&o.pdf, o.pdf_pages).contains("exemplaires originaux"),
                "{}/{}: the fields are not on the signature page",
                o.fixture,
                o.stem
            );
            let (rect, flags) = rect_and_flags(&o.pdf, object);
            let r: Vec<f64> = w["rectangle"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            for i in 0..4 {
                assert!((rect[i] - r[i]).abs() < 0.01, "{name}: {rect:?} vs {r:?}");
            }
            assert_eq!(flags & 0b111, 4, "{name}: printable, not hidden");
            // The space is empty, and the signatory's name is right under it.
            let inside = text_in(&o.pdf, *page, rect);
            assert!(inside.trim().is_empty(), "{name} covers text: {inside}");
            let under = text_in(&o.pdf, *page, [rect[0], rect[1] - 16.0, rect[2], rect[1]]);
            let signataire = w["signataire"].as_str().unwrap();
            assert!(
                squeeze(&under).contains(&squeeze(signataire)),
                "{}/{} {name}: under the field « {under} », not « {signataire} »",
                o.fixture,
                o.stem
            );
            assert!(!w["qualite"].as_str().unwrap().is_empty());
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked} documents checked");
}

#[test]
fn fields_are_named_after_the_signatories_roles() {
    let names = |o: &Out| -> Vec<String> {
        qpdf_fields(&o.pdf)
            .into_iter()
            .map(|f| f.0)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(out("chu-montpellier", "socle")),
        ["signature-ars", "signature-titulaire"]
    );
    // The médico-social CPOM: the ARS, each Département in its competence, the gestionnaire.
    let ms = out("medico-social-ehpad-ain-lyon", "contrat");
    let n = names(ms);
    assert_eq!(n.first().map(String::as_str), Some("signature-ars"));
    assert_eq!(n.last().map(String::as_str), Some("signature-gestionnaire"));
    assert!(
        n.iter().any(|f| f.starts_with("signature-departement-")),
        "{n:?}"
    );
}

/// Signs every field of `pdf` in turn with pyHanko; returns the signed file and pyHanko's verdicts.
fn sign(pdf: &Path, name: &str) -> (PathBuf, serde_json::Value) {
    let dir = output_dir().join("signed");
    std::fs::create_dir_all(&dir).unwrap();
    let signed = dir.join(format!("{name}.pdf"));
    let out = Command::new("python3")
        .arg(root().join("tests/tools/sign_pdf.py"))
        .arg(pdf)
        .arg(&signed)
        .arg(dir.join("certificat"))
        .output()
        .expect("python3; scripts/test.sh installs pyHanko");
    assert!(
        out.status.success(),
        "sign_pdf.py {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    (signed, serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn pyhanko_signs_each_field_in_turn_and_every_signature_stays_valid() {
    // A sanitaire socle, a médico-social contract with two Départements, an annex, an avenant
    // and a bundle: every shape of signature block and of document.
    let dir = fresh("signature-fields");
    let chu = root().join("fixtures/chu-montpellier.yaml");
    let avenant = root().join("fixtures/avenants/chu-montpellier-avenant-1.yaml");
    ok(&[
        "render",
        chu.to_str().unwrap(),
        avenant.to_str().unwrap(),
        "--bundle",
        "--format",
        "pdf",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let folder = dir.join("CPOM-OCC-2019-340780477");
    let mut pdfs: Vec<PathBuf> = ["socle", "annexe-5-financements", "contrat-complet"]
        .iter()
        .map(|s| folder.join(format!("{s}.pdf")))
        .collect();
    pdfs.extend(
        std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                n.starts_with("avenant-") && n.ends_with(".pdf")
            })
            .take(1),
    );
    pdfs.push(out("medico-social-ehpad-ain-lyon", "contrat").pdf.clone());
    assert_eq!(pdfs.len(), 5, "{pdfs:?}");
    for pdf in &pdfs {
        let name = pdf.file_stem().unwrap().to_string_lossy().to_string();
        let described: Vec<String> = places(pdf)["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["champ"].as_str().unwrap().to_string())
            .collect();
        let (signed, verdict) = sign(pdf, &name);
        // pyHanko found exactly the fields described, all empty.
        let before: Vec<(String, bool)> =
            serde_json::from_value(verdict["fields_before"].clone()).unwrap();
        assert_eq!(
            before,
            described
                .iter()
                .map(|d| (d.clone(), false))
                .collect::<Vec<_>>(),
            "{name}"
        );
        let sigs = verdict["signatures"].as_array().unwrap();
        assert_eq!(sigs.len(), described.len(), "{name}: {verdict}");
        for (i, s) in sigs.iter().enumerate() {
            assert_eq!(s["field"].as_str(), Some(described[i].as_str()));
            assert_eq!(s["intact"], true, "{name}: {s}");
            assert_eq!(s["valid"], true, "{name}: {s}");
            assert_eq!(s["bottom_line"], true, "{name}: {s}");
            // Each signature covers its revision; what follows it is only form filling.
            if i + 1 == sigs.len() {
                assert_eq!(s["coverage"], "ENTIRE_FILE", "{name}: {s}");
            } else {
                assert_eq!(s["coverage"], "ENTIRE_REVISION", "{name}: {s}");
                assert_eq!(s["modification_level"], "FORM_FILLING", "{name}: {s}");
            }
        }
        // The signed file is sound and reads as the unsigned one.
        let check = Command::new("qpdf")
            .args(["--check", signed.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        // pyHanko draws its stamp in each field (« Digitally signed by … », « Timestamp: … »):
        // the signatures show where the fields were, and nothing else of the text moved.
        let stamps = pdf_text(&signed);
        let text: String = stamps
            .lines()
            .filter(|l| !l.starts_with("Digitally signed by") && !l.starts_with("Timestamp:"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            stamps.matches("Digitally signed by").count(),
            described.len(),
            "{name}: a stamp per signature"
        );
        assert_eq!(
            text,
            pdf_text(pdf)
                .lines()
                .map(|l| format!("{l}\n"))
                .collect::<String>(),
            "{name}"
        );
        assert_eq!(pdf_page_count(&signed), pdf_page_count(pdf), "{name}");
    }
}

#[test]
fn the_bundle_is_signed_once_at_its_end() {
    let dir = fresh("signature-fields-bundle");
    let chu = root().join("fixtures/chu-montpellier.yaml");
    ok(&[
        "render",
        chu.to_str().unwrap(),
        "--bundle",
        "--format",
        "pdf",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let bundle = dir.join("CPOM-OCC-2019-340780477/contrat-complet.pdf");
    let pages = pdf_page_count(&bundle) as u64;
    let fields = qpdf_fields(&bundle);
    assert_eq!(
        fields.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["signature-ars", "signature-titulaire"]
    );
    assert!(fields.iter().all(|f| f.2 == pages), "{fields:?}");
}

#[test]
fn no_field_with_the_flag_and_none_in_a_consolidated_version() {
    let dir = fresh("signature-fields-off");
    let chu = root().join("fixtures/chu-montpellier.yaml");
    ok(&[
        "render",
        chu.to_str().unwrap(),
        "--no-signature-fields",
        "--format",
        "pdf",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let socle = dir.join("CPOM-OCC-2019-340780477/socle.pdf");
    assert!(qpdf_fields(&socle).is_empty());
    // The places are still described, for platforms that place signatures by coordinates.
    assert_eq!(places(&socle)["signatures"].as_array().unwrap().len(), 2);

    let avenant = root().join("fixtures/avenants/chu-montpellier-avenant-1.yaml");
    ok(&[
        "render",
        chu.to_str().unwrap(),
        avenant.to_str().unwrap(),
        "--as-of",
        "2021-01-01",
        "--format",
        "pdf",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let consolidated: Vec<PathBuf> = files_under(&dir.join("CPOM-OCC-2019-340780477"))
        .into_iter()
        .filter(|p| {
            p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with("consolide-"))
        })
        .collect();
    assert!(!consolidated.is_empty(), "no consolidated version written");
    for p in consolidated {
        let n = p.to_string_lossy();
        assert!(!n.ends_with(".signatures.json"), "{n}");
        if n.ends_with(".pdf") {
            assert!(qpdf_fields(&p).is_empty(), "{n}");
        }
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
