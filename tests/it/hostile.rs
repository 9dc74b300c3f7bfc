//! Hostile input (`fixtures/hostile/`, plus huge inputs generated here): for every case, no panic,
//! no hang, a located error or a correct literal rendering, nothing written outside the output
//! directory, no partial file. And a template cannot read the file system through Typst.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// Runs `cpom` with a deadline: a hang is a failure, not a stuck test suite.
fn cpom_bounded(args: &[&str], cwd: &Path, limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code(), err);
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("cpom {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every file under `dir` but the output folder's lock (which stays, empty of meaning, after a run).
fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&d) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p)
                } else if e.file_name() != cpom::output::lock::FILE_NAME {
                    out.push(p)
                }
            }
        }
    }
    out
}

/// Renders `file` in a sandbox folder and checks the outcome its header announces.
fn check_case(file: &Path, header: &str) {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let sandbox = fresh(&format!("hostile/{name}"));
    let (code, stderr) = cpom_bounded(
        &["render", file.to_str().unwrap(), "-o", "out"],
        &sandbox,
        Duration::from_secs(60),
    );
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    // Nothing outside the output directory, no temporary or partial file inside it.
    let entries: Vec<String> = std::fs::read_dir(&sandbox)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        entries.is_empty() || entries == ["out"],
        "{name}: wrote {entries:?}"
    );
    let files = all_files(&sandbox.join("out"));
    assert!(
        !files.iter().any(|f| f.to_string_lossy().contains(".tmp")),
        "{name}: temporary left"
    );
    let expect = header
        .lines()
        .find_map(|l| l.strip_prefix("# expect: "))
        .unwrap_or("error");
    if expect == "renders" {
        assert_eq!(code, Some(0), "{name}: {stderr}");
        // Four documents: PDF, DOCX and the PDF's signature places.
        assert_eq!(files.len(), 12, "{name}: {files:?}");
        // The folder is the reference made a safe name: a path in it stays one folder name.
        let reference: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let folder = cpom::output::safe_name(reference["reference"].as_str().unwrap());
        assert!(!folder.contains(['/', '\\', '.']), "{name}: {folder}");
        for f in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "pdf"))
        {
            assert!(
                f.parent() == Some(&sandbox.join("out").join(&folder)),
                "{name}: {}",
                f.display()
            );
            assert!(pdf_page_count(f) >= 1);
        }
        if let Some(literal) = header.lines().find_map(|l| l.strip_prefix("# literal: ")) {
            let socle = sandbox.join("out").join(&folder).join("socle");
            assert!(
                squeeze(&pdf_text(&socle.with_extension("pdf"))).contains(&squeeze(literal)),
                "{name}: PDF lacks «{literal}»"
            );
            assert!(
                squeeze(&docx_body_text(&socle.with_extension("docx"))).contains(&squeeze(literal)),
                "{name}: DOCX lacks «{literal}»"
            );
        }
    } else {
        assert_eq!(code, Some(1), "{name}: {stderr}");
        assert!(
            files.is_empty(),
            "{name}: files written for an invalid contract: {files:?}"
        );
        let rel = file.display().to_string();
        match expect.split_once(" | ") {
            Some((line, msg)) => assert!(
                stderr
                    .lines()
                    .any(|l| l.starts_with(&format!("{rel}:{line}:")) && l.contains(msg)),
                "{name}: expected {line} | {msg}, got {stderr}"
            ),
            None => assert!(stderr.contains(": error: "), "{name}: {stderr}"),
        }
    }
}

#[test]
fn every_hostile_fixture_gives_a_located_error_or_a_literal_rendering() {
    let dir = root().join("fixtures/hostile");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 15);
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let header = String::from_utf8_lossy(&bytes)
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        let header = if bytes.is_empty() {
            "# expect: error".to_string()
        } else {
            header
        };
        check_case(&f, &header);
    }
}

#[test]
fn huge_inputs_are_refused_quickly_and_located() {
    let clinic = std::fs::read_to_string(root().join("fixtures/clinique-saint-roch.yaml")).unwrap();
    let dir = fresh("hostile-generated");
    // A 10 MB string.
    let big = dir.join("texte-de-10-mo.yaml");
    std::fs::write(
        &big,
        clinic.replace(
            "raison_sociale: Clinique Saint-Roch",
            &format!("raison_sociale: \"{}\"", "A".repeat(10 * 1024 * 1024)),
        ),
    )
    .unwrap();
    // 100 000 visas.
    let many = dir.join("cent-mille-visas.yaml");
    std::fs::write(
        &many,
        format!(
            "{clinic}\nvisas_complementaires:\n{}",
            "  - Vu un texte\n".repeat(100_000)
        ),
    )
    .unwrap();
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let cases = [
        (
            big.clone(),
            line_of(&std::fs::read_to_string(&big).unwrap(), "raison_sociale:"),
            "titulaire.raison_sociale: a text of 10485760 characters; the limit is 20000",
        ),
        (
            many.clone(),
            line_of(&std::fs::read_to_string(&many).unwrap(), "  - Vu un texte"),
            "visas_complementaires: a list of 100000 items; the limit is 5000",
        ),
    ];
    for (file, line, msg) in cases {
        let start = Instant::now();
        let (code, stderr) = cpom_bounded(
            &["check", file.to_str().unwrap()],
            &dir,
            Duration::from_secs(30),
        );
        assert_eq!(code, Some(1));
        let prefix = format!("{}:{line}:", file.display());
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(msg)),
            "{stderr}"
        );
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn a_template_cannot_reach_the_file_system_through_typst() {
    for (what, style) in [
        (
            "read",
            "#let doc = json(\"/doc.json\")\n#read(\"/etc/passwd\")\n",
        ),
        (
            "import",
            "#import \"/etc/passwd\": *\n#let doc = json(\"/doc.json\")\n",
        ),
        (
            "relative",
            "#let doc = json(\"/doc.json\")\n#read(\"../../../../../../etc/hostname\")\n",
        ),
        (
            "image",
            "#let doc = json(\"/doc.json\")\n#image(\"/etc/passwd\")\n",
        ),
    ] {
        let tpl = fresh(&format!("typst-sandbox-{what}"));
        std::fs::create_dir_all(tpl.join("style")).unwrap();
        std::fs::write(tpl.join("style/cpom.typ"), style).unwrap();
        let out = fresh(&format!("typst-sandbox-{what}-out"));
        let (code, stderr) = cpom_bounded(
            &[
                "render",
                "fixtures/clinique-saint-roch.yaml",
                "-o",
                out.to_str().unwrap(),
                "--templates",
                tpl.to_str().unwrap(),
                "--format",
                "pdf",
            ],
            &root(),
            Duration::from_secs(60),
        );
        assert_eq!(code, Some(1), "{what}: {stderr}");
        let path = tpl.join("style/cpom.typ");
        assert!(
            stderr.contains(&format!("{}:", path.display()))
                && (stderr.contains("not found") || stderr.contains("escape the project root")),
            "{what}: {stderr}"
        );
        assert!(!stderr.contains("root:"), "{what}: a file was read");
        assert!(
            !out.exists() || all_files(&out).is_empty(),
            "{what}: output written"
        );
    }
}
