//! The command line as a user runs it: paths printed, formats, template overlay.

use crate::common::*;

#[test]
fn render_writes_both_formats_under_the_finess_folder_and_prints_the_paths() {
    let dir = fresh("cli-render");
    let out = cpom(&[
        "render",
        "fixtures/clinique-saint-roch.yaml",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let printed: Vec<&str> = stdout.lines().collect();
    let mut expected = Vec::new();
    for stem in [
        "socle",
        "annexe-1-orientations-strategiques",
        "annexe-2-cooperations-territoriales",
        "annexe-3-permanence-des-soins",
    ] {
        for ext in ["pdf", "signatures.json", "docx"] {
            expected.push(
                dir.join(format!("CPOM-OCC-2019-310000120/{stem}.{ext}"))
                    .to_str()
                    .unwrap()
                    .to_string(),
            );
        }
    }
    assert_eq!(printed, expected);
    assert!(expected.iter().all(|p| std::path::Path::new(p).is_file()));
    // No temporary file left behind.
    let names: Vec<String> = std::fs::read_dir(dir.join("CPOM-OCC-2019-310000120"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 12, "{names:?}");
}

#[test]
fn format_limits_the_output() {
    let dir = fresh("cli-format");
    let out = cpom(&[
        "render",
        "fixtures/clinique-saint-roch.yaml",
        "-o",
        dir.to_str().unwrap(),
        "--format",
        "docx",
    ]);
    assert!(out.status.success());
    assert!(dir.join("CPOM-OCC-2019-310000120/socle.docx").is_file());
    assert!(!dir.join("CPOM-OCC-2019-310000120/socle.pdf").exists());
}

#[test]
fn check_accepts_every_valid_fixture() {
    let files: Vec<String> = valid_fixtures()
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    let mut args = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let out = cpom(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        files.len()
    );
}

#[test]
fn a_templates_directory_shadows_one_clause_in_both_formats() {
    let tpl = fresh("overlay-templates");
    std::fs::create_dir_all(tpl.join("sanitaire/clauses")).unwrap();
    std::fs::write(
        tpl.join("sanitaire/clauses/litiges.md"),
        "## Article {n} – Règlement des différends\n\nTout différend est soumis au comité régional de conciliation de la région {{ ars.region }}.\n",
    )
    .unwrap();
    let dir = fresh("cli-overlay");
    let out = cpom(&[
        "render",
        "fixtures/chu-montpellier.yaml",
        "-o",
        dir.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = collapse(&pdf_text(&dir.join("CPOM-OCC-2019-340780477/socle.pdf")));
    let docx = collapse(&docx_body_text(
        &dir.join("CPOM-OCC-2019-340780477/socle.docx"),
    ));
    let base_pdf = collapse(&pdf_text(&out_chu().pdf));
    for text in [&pdf, &docx] {
        assert!(text.contains("Article 9 – Règlement des différends"));
        assert!(text.contains("comité régional de conciliation de la région Occitanie"));
        assert!(!text.contains("tribunal administratif"));
        assert!(
            text.contains("Article 10 – Liste des annexes"),
            "numbering continues"
        );
    }
    // Everything else is unchanged.
    let cut = |s: &str| s.split("Article 9").next().unwrap().to_string();
    assert_eq!(cut(&pdf), cut(&base_pdf));
}

fn out_chu() -> &'static Out {
    out("chu-montpellier", "socle")
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let tpl = fresh("broken-templates");
    std::fs::create_dir_all(tpl.join("sanitaire/clauses")).unwrap();
    std::fs::write(
        tpl.join("sanitaire/clauses/litiges.md"),
        "## Article {n} – Litiges\n\nTexte {{ titulaire.inexistant }}.\n",
    )
    .unwrap();
    let out = cpom(&[
        "render",
        "fixtures/chu-montpellier.yaml",
        "-o",
        output_dir().join("never").to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let path = tpl.join("sanitaire/clauses/litiges.md");
    assert!(
        stderr.contains(&format!("{}:3:", path.display())),
        "{stderr}"
    );
    assert!(!output_dir().join("never").exists());
}

#[test]
fn explain_gives_each_annex_its_status_rule_and_data() {
    let out = cpom(&["explain", "fixtures/imagerie-perpignan.yaml"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("typologie: titulaire_eml"), "{text}");
    assert!(text.contains("+ « Financements » [si applicable] annexe 3: rule titulaire_eml × financements = si applicable; data present under annexes.financements, so it applies"), "{text}");
    assert!(text.contains("- « Permanence des soins » [sans objet] not included: rule titulaire_eml × permanence_des_soins = sans objet"), "{text}");
    let bad = cpom(&[
        "explain",
        "fixtures/invalid/annexe-sans-objet-presente.yaml",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8(bad.stdout)
            .unwrap()
            .contains("! « Permanence des soins » [sans objet] ERROR")
    );
}

#[test]
fn the_matrix_is_data_an_agency_can_replace() {
    let tpl = fresh("matrix-templates");
    std::fs::create_dir_all(tpl.join("sanitaire")).unwrap();
    let builtin = std::fs::read_to_string(root().join("templates/sanitaire/matrice.yaml")).unwrap();
    // This agency reads the rule otherwise: Permanence des soins is sans objet for pluriactivités.
    let changed = builtin.replacen(
        "      permanence_des_soins: si_applicable\n      financements: obligatoire",
        "      permanence_des_soins: sans_objet\n      financements: obligatoire",
        1,
    );
    assert_ne!(changed, builtin);
    std::fs::write(tpl.join("sanitaire/matrice.yaml"), changed).unwrap();
    let out = cpom(&[
        "check",
        "fixtures/chu-montpellier.yaml",
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("annexes.permanence_des_soins: the annex « Permanence des soins » is sans objet for typology `pluriactivites`"), "{stderr}");
}

#[test]
fn a_corsican_finess_is_a_warning_not_an_error() {
    let dir = fresh("corse");
    let text = std::fs::read_to_string(root().join("fixtures/clinique-saint-roch.yaml")).unwrap();
    let f = dir.join("corse.yaml");
    std::fs::write(
        &f,
        text.replace(
            "finess_juridique: \"310000120\"",
            "finess_juridique: \"2B0000012\"",
        ),
    )
    .unwrap();
    let out = cpom(&["check", f.to_str().unwrap()]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(": warning: titulaire.finess_juridique: FINESS `2B0000012` (Corsica) has a valid format; its check digit cannot be verified"), "{stderr}");
}
