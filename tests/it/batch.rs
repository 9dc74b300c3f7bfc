//! `cpom batch`: good contracts render exactly as alone, bad ones are reported and leave nothing,
//! the manifest tells the truth, reruns skip what is up to date, shards add up to the whole, a
//! killed run leaves no truncated file, and spreadsheets feed contracts.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Every file under `dir`, relative, sorted, but cpom's own bookkeeping: the output folder's lock
/// and each set's record (`.cpom-…`).
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !e.file_name().to_string_lossy().starts_with(".cpom") {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// A file a killed run may leave half-written where no reader looks: an old-style temporary, or
/// a file inside a hidden staging folder (`.REF.nouveau-PID/`, see `output::set`).
fn is_temporary(f: &str) -> bool {
    f.contains(".tmp") || f.contains(".nouveau-")
}

/// `n` copies of the clinic's contract, each with its own valid FINESS juridique and reference.
/// Returns their folders (named after the references).
pub fn clinic_campaign(dir: &Path, n: usize) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("fixtures/clinique-saint-roch.yaml")).unwrap();
    let mut finess = Vec::new();
    for i in 0..n {
        let body = format!("31{:06}", 100 + i);
        let f = format!("{body}{}", cpom::fr::luhn_check_digit(&body).unwrap());
        std::fs::write(
            dir.join(format!("c{i:02}.yaml")),
            text.replace(
                "finess_juridique: \"310000120\"",
                &format!("finess_juridique: \"{f}\""),
            )
            .replace(
                "reference: CPOM-OCC-2019-310000120",
                &format!("reference: CPOM-OCC-2019-{f}"),
            ),
        )
        .unwrap();
        finess.push(format!("CPOM-OCC-2019-{f}"));
    }
    finess
}

#[test]
fn a_batch_renders_the_good_contracts_as_alone_and_reports_the_bad() {
    let input = fresh("batch-in");
    for f in valid_fixtures() {
        std::fs::copy(&f, input.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        root().join("fixtures/invalid/finess-cle-invalide.yaml"),
        input.join("zz-bad-finess.yaml"),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/invalid/syntaxe-yaml.yaml"),
        input.join("zz-bad-syntax.yaml"),
    )
    .unwrap();
    let out = fresh("batch-out");
    let report = output_dir().join("batch-report.json");
    let o = cpom(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--jobs",
        "2",
        "--report",
        report.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("zz-bad-finess.yaml:21:3: error: titulaire.finess_juridique: FINESS `310000121` has a wrong check digit"), "{stderr}");
    assert!(
        stderr.contains("zz-bad-syntax.yaml:21:22: error: did not find expected key"),
        "{stderr}"
    );
    assert!(
        stderr.contains("11 contracts: 9 rendered, 0 up to date, 2 failed"),
        "{stderr}"
    );
    // Good contracts: byte for byte what a single render gives.
    for o in rendered() {
        // One folder per contract, named after its reference.
        let data: serde_yaml::Value = serde_yaml::from_str(
            &std::fs::read_to_string(root().join(format!("fixtures/{}.yaml", o.fixture))).unwrap(),
        )
        .unwrap();
        let folder = cpom::output::safe_name(data["reference"].as_str().unwrap());
        for (ext, single) in [("pdf", &o.pdf), ("docx", &o.docx)] {
            let batch = std::fs::read(out.join(format!("{folder}/{}.{ext}", o.stem))).unwrap();
            assert!(
                batch == std::fs::read(single).unwrap(),
                "{folder}/{}.{ext} differs from a single render",
                o.stem
            );
        }
    }
    // Nothing of the bad ones (one folder per good contract), no temporary file anywhere.
    let all = files_under(&out);
    assert!(!all.iter().any(|f| f.contains(".tmp")), "{all:?}");
    let mut folders: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(folders.len(), 9, "{folders:?}");
    // The report and the manifest tell the truth.
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["failed"], 2);
    assert_eq!(r["rendered"], 9);
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let mut listed = 0;
    for (_, c) in m["contracts"].as_object().unwrap() {
        for f in c["files"].as_array().unwrap() {
            let bytes = std::fs::read(out.join(f["path"].as_str().unwrap())).unwrap();
            assert_eq!(f["bytes"].as_u64().unwrap(), bytes.len() as u64);
            assert_eq!(
                f["sha256"].as_str().unwrap(),
                cpom::batch::manifest::sha256_hex(&bytes)
            );
            listed += 1;
        }
    }
    assert_eq!(
        listed,
        all.len() - 1,
        "every file but the manifest is listed"
    );
}

#[test]
fn a_rerun_skips_what_is_up_to_date_and_renders_only_what_changed() {
    let input = fresh("rerun-in");
    let finess = clinic_campaign(&input, 3);
    let out = fresh("rerun-out");
    let args = [
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "pdf",
    ];
    assert!(cpom(&args).status.success());
    let o = cpom(&args);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("3 contracts: 0 rendered, 3 up to date, 0 failed")
    );
    // Change one contract: only it is rendered again.
    let f = input.join("c01.yaml");
    std::fs::write(
        &f,
        std::fs::read_to_string(&f)
            .unwrap()
            .replace("lieu: Toulouse", "lieu: Blagnac"),
    )
    .unwrap();
    let o = cpom(&args);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("3 contracts: 1 rendered, 2 up to date, 0 failed"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        squeeze(&pdf_text(&out.join(format!("{}/socle.pdf", finess[1]))))
            .contains(&squeeze("Fait à Blagnac"))
    );
    // A damaged file is noticed and re-rendered; --force re-renders everything.
    std::fs::write(out.join(format!("{}/socle.pdf", finess[2])), b"truncated").unwrap();
    let o = cpom(&args);
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 rendered, 2 up to date"));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(String::from_utf8_lossy(&cpom(&forced).stderr).contains("3 rendered, 0 up to date"));
}

#[test]
fn shards_together_equal_the_whole() {
    let input = fresh("shard-in");
    clinic_campaign(&input, 5);
    let whole = fresh("shard-whole");
    let parts = fresh("shard-parts");
    let (a, b) = (fresh("shard-a"), fresh("shard-b"));
    let base = |out: &Path, extra: &[&str]| {
        let mut v = vec![
            "batch".to_string(),
            input.display().to_string(),
            "-o".into(),
            out.display().to_string(),
            "--format".into(),
            "pdf".into(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = v.iter().map(String::as_str).collect();
        assert!(cpom(&args).status.success());
    };
    base(&whole, &[]);
    base(&parts, &["--shard", "1/2"]);
    base(&parts, &["--shard", "2/2"]);
    base(&a, &["--shard", "1/2"]);
    base(&b, &["--shard", "2/2"]);
    assert_eq!(files_under(&parts), files_under(&whole));
    let read = |p: PathBuf| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    };
    assert_eq!(
        read(parts.join("manifest.json")),
        read(whole.join("manifest.json"))
    );
    // Shards rendered on different machines: their manifests merge into the whole.
    let merged = output_dir().join("shard-merged.json");
    assert!(
        cpom(&[
            "manifest-merge",
            "-o",
            merged.to_str().unwrap(),
            a.join("manifest.json").to_str().unwrap(),
            b.join("manifest.json").to_str().unwrap()
        ])
        .status
        .success()
    );
    assert_eq!(read(merged), read(whole.join("manifest.json")));
    let (na, nb) = (files_under(&a).len(), files_under(&b).len());
    assert!(
        na > 1 && nb > 1 && na + nb == files_under(&whole).len() + 1,
        "{na} + {nb}"
    );
}

#[test]
fn a_killed_batch_leaves_no_truncated_file_and_a_rerun_completes() {
    let input = fresh("kill-in");
    let finess = clinic_campaign(&input, 24);
    let out = fresh("kill-out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args([
            "batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--jobs",
            "1",
            "--quiet",
        ])
        .spawn()
        .unwrap();
    // Kill it once a few contracts are written.
    let start = std::time::Instant::now();
    while std::fs::read_dir(&out).unwrap().count() < 4 && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let written = files_under(&out);
    assert!(
        written.iter().filter(|f| f.ends_with(".pdf")).count() < 24 * 4,
        "the run was killed midway"
    );
    for f in written
        .iter()
        .filter(|f| !is_temporary(f) && f.ends_with(".pdf"))
    {
        let bytes = std::fs::read(out.join(f)).unwrap();
        assert!(
            bytes.starts_with(b"%PDF") && bytes.trim_ascii_end().ends_with(b"%%EOF"),
            "{f} is truncated"
        );
    }
    for f in written
        .iter()
        .filter(|f| !is_temporary(f) && f.ends_with(".docx"))
    {
        let file = std::fs::File::open(out.join(f)).unwrap();
        assert!(zip::ZipArchive::new(file).is_ok(), "{f} is truncated");
    }
    let o = cpom(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--jobs",
        "2",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = files_under(&out);
    assert!(
        !after.iter().any(|f| is_temporary(f)),
        "temporaries cleaned: {after:?}"
    );
    for f in &finess {
        assert!(
            after.contains(&format!("{f}/annexe-3-permanence-des-soins.docx")),
            "{f} incomplete"
        );
    }
}

#[test]
fn a_campaign_file_with_shared_data_and_a_spreadsheet() {
    let dir = fresh("campaign");
    let clinic: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("fixtures/clinique-saint-roch.yaml")).unwrap(),
    )
    .unwrap();
    let mut commun = clinic.clone();
    let m = commun.as_mapping_mut().unwrap();
    m.remove("titulaire");
    m.remove("reference");
    std::fs::write(
        dir.join("commun.yaml"),
        serde_yaml::to_string(&commun).unwrap(),
    )
    .unwrap();
    let header = "reference,titulaire.raison_sociale,titulaire.statut_juridique,titulaire.forme_juridique,titulaire.finess_juridique,titulaire.adresse.voie,titulaire.adresse.code_postal,titulaire.adresse.commune,titulaire.representant_legal.civilite,titulaire.representant_legal.prenom,titulaire.representant_legal.nom,titulaire.representant_legal.qualite,titulaire.sites[0].nom,titulaire.sites[0].finess_geographique";
    let csv = format!(
        "{header}\nCPOM-A,Clinique des Lilas,prive_lucratif,SAS,310000120,1 rue A,31000,Toulouse,Mme,Ana,LILAS,Présidente,Clinique des Lilas,310781505\nCPOM-B,Clinique des Roses,prive_lucratif,SAS,310000121,2 rue B,31000,Toulouse,M.,Bo,ROSE,Gérant,Clinique des Roses,310781505\n"
    );
    std::fs::write(dir.join("structures.csv"), csv).unwrap();
    // The same rows as an XLSX sheet, with the FINESS stored as numbers.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.split(',').enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    let row = [
        "CPOM-C",
        "Clinique des Iris",
        "prive_lucratif",
        "SAS",
        "",
        "3 rue C",
        "",
        "Albi",
        "Mme",
        "Cé",
        "IRIS",
        "Directrice",
        "Clinique des Iris",
        "",
    ];
    for (c, v) in row.iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    ws.write_number(1, 4, 810000034.0).unwrap();
    ws.write_number(1, 6, 81000.0).unwrap();
    ws.write_number(1, 13, 310781505.0).unwrap();
    wb.save(dir.join("structures.xlsx")).unwrap();
    std::fs::write(
        dir.join("campagne.yaml"),
        "campagne:\n  commun: commun.yaml\n  tableur: structures.csv\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("campagne-xlsx.yaml"),
        "campagne:\n  commun: commun.yaml\n  tableur: structures.xlsx\n",
    )
    .unwrap();

    let out = fresh("campaign-out");
    let o = cpom(&[
        "batch",
        dir.join("campagne.yaml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "pdf",
        "--quiet",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    // Row 3, column 5 (titulaire.finess_juridique) is wrong: located in the sheet.
    let csv_path = dir.join("structures.csv");
    assert!(
        stderr.contains(&format!(
            "{}:3:5: error: titulaire.finess_juridique: FINESS `310000121` has a wrong check digit",
            csv_path.display()
        )),
        "{stderr}"
    );
    let text = squeeze(&pdf_text(&out.join("CPOM-A/socle.pdf")));
    assert!(text.contains(&squeeze(
        "Clinique des Lilas, SAS, dont le siège est situé 1 rue A, 31000 Toulouse"
    )));
    assert!(
        text.contains(&squeeze("Fait à Toulouse, le 15 février 2019")),
        "shared data from commun.yaml"
    );

    let out = fresh("campaign-xlsx-out");
    let o = cpom(&[
        "batch",
        dir.join("campagne-xlsx.yaml").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "pdf",
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = squeeze(&pdf_text(&out.join("CPOM-C/socle.pdf")));
    assert!(text.contains(&squeeze("Clinique des Iris, SAS, dont le siège est situé 3 rue C, 81000 Albi, N° FINESS juridique 81 000 003 4")), "{text}");
}

#[test]
fn a_batch_renders_avenants_beside_their_contracts_and_tracks_what_they_depend_on() {
    let input = fresh("batch-avenants-in");
    std::fs::copy(
        root().join("fixtures/chu-montpellier.yaml"),
        input.join("chu-montpellier.yaml"),
    )
    .unwrap();
    for n in [1, 2] {
        let text = std::fs::read_to_string(root().join(format!(
            "fixtures/avenants/chu-montpellier-avenant-{n}.yaml"
        )))
        .unwrap()
        .replace(
            "contrat: ../chu-montpellier.yaml",
            "contrat: chu-montpellier.yaml",
        );
        std::fs::write(
            input.join(format!("chu-montpellier-avenant-{n}.yaml")),
            text,
        )
        .unwrap();
    }
    let out = fresh("batch-avenants-out");
    let batch = || {
        let o = cpom(&[
            "batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "docx",
            "--jobs",
            "2",
            "--quiet",
        ]);
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(0), "{stderr}");
        stderr
    };
    let first = batch();
    assert!(
        first.contains("3 contracts: 3 rendered, 0 up to date, 0 failed"),
        "{first}"
    );
    let files = files_under(&out.join("CPOM-OCC-2019-340780477"));
    for f in [
        "socle.docx",
        "annexe-5-financements.docx",
        "avenant-1.docx",
        "avenant-1-annexe-5-financements.docx",
        "avenant-2.docx",
    ] {
        assert!(files.contains(&f.to_string()), "{f} in {files:?}");
    }
    // Written as `cpom render` writes them.
    let alone = fresh("batch-avenants-alone");
    let o = cpom(&[
        "render",
        input
            .join("chu-montpellier-avenant-2.yaml")
            .to_str()
            .unwrap(),
        "-o",
        alone.to_str().unwrap(),
        "--format",
        "docx",
    ]);
    assert!(o.status.success());
    assert_eq!(
        std::fs::read(out.join("CPOM-OCC-2019-340780477/avenant-2.docx")).unwrap(),
        std::fs::read(alone.join("CPOM-OCC-2019-340780477/avenant-2.docx")).unwrap()
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("CPOM-OCC-2019-340780477/avenant-2.docx"));
    // Up to date; then the contract changes, and so do the documents of both avenants.
    assert!(batch().contains("3 contracts: 0 rendered, 3 up to date"));
    let contract = input.join("chu-montpellier.yaml");
    let text = std::fs::read_to_string(&contract).unwrap();
    std::fs::write(&contract, text.replace("nom: LE LUDEC", "nom: MARTIN")).unwrap();
    let third = batch();
    assert!(
        third.contains("3 contracts: 3 rendered, 0 up to date"),
        "{third}"
    );
    let body = docx_body_text(&out.join("CPOM-OCC-2019-340780477/avenant-1.docx"));
    assert!(body.contains("MARTIN"));
    // avenant n° 1 is in avenant n° 2's inputs (`fichier`): editing it re-renders both.
    let a1 = input.join("chu-montpellier-avenant-1.yaml");
    let text = std::fs::read_to_string(&a1).unwrap();
    std::fs::write(
        &a1,
        text.replace("lieu_signature: Montpellier", "lieu_signature: Nîmes"),
    )
    .unwrap();
    assert!(batch().contains("3 contracts: 2 rendered, 1 up to date"));
}
