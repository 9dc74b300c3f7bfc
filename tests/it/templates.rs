//! Template authoring: export/import round trip, `templates check` catching each class of error
//! with its location, the JSON Schemas in sync with the model and agreeing with validation.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

#[test]
fn list_describes_every_builtin_template() {
    let out = cpom(&["templates", "list"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let set = cpom::templates::TemplateSet::builtin();
    for name in set.names() {
        let line = text
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} not listed"));
        assert!(
            line[name.len()..].trim().len() > 10,
            "{name} has no description: {line}"
        );
    }
    assert!(text.contains("sanitaire/clauses/litiges.md"));
    assert!(text.contains("style/cpom.typ"));
}

#[test]
fn an_exported_set_reimported_unchanged_gives_identical_bytes() {
    let tpl = fresh("exported");
    let out = cpom(&["templates", "export", tpl.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        tpl.join("sanitaire/clauses/litiges.md").is_file() && tpl.join("style/cpom.typ").is_file()
    );
    // Exporting again refuses to overwrite the author's files.
    let again = cpom(&[
        "templates",
        "export",
        tpl.to_str().unwrap(),
        "sanitaire/clauses/",
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let dir = fresh("exported-render");
    let r = cpom(&[
        "render",
        "fixtures/chu-montpellier.yaml",
        "-o",
        dir.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert!(r.status.success());
    for o in rendered().iter().filter(|o| o.fixture == "chu-montpellier") {
        for (ext, single) in [("pdf", &o.pdf), ("docx", &o.docx)] {
            let b = std::fs::read(dir.join(format!("CPOM-OCC-2019-340780477/{}.{ext}", o.stem)))
                .unwrap();
            assert!(
                b == std::fs::read(single).unwrap(),
                "{}.{ext} differs with the exported set",
                o.stem
            );
        }
    }
    // Exporting by name takes just that template.
    let one = fresh("export-one");
    assert!(
        cpom(&[
            "templates",
            "export",
            one.to_str().unwrap(),
            "sanitaire/clauses/litiges.md"
        ])
        .status
        .success()
    );
    assert_eq!(
        std::fs::read_dir(one.join("sanitaire/clauses"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn overriding_one_clause_changes_exactly_that_clause_in_both_formats() {
    let tpl = fresh("one-clause");
    std::fs::create_dir_all(tpl.join("sanitaire/clauses")).unwrap();
    std::fs::write(tpl.join("sanitaire/clauses/litiges.md"), "## Article {n} – Litiges\n\nTout différend est soumis à la commission régionale de conciliation.\n").unwrap();
    let dir = fresh("one-clause-out");
    assert!(
        cpom(&[
            "render",
            "fixtures/chu-montpellier.yaml",
            "-o",
            dir.to_str().unwrap(),
            "--templates",
            tpl.to_str().unwrap()
        ])
        .status
        .success()
    );
    let base = out("chu-montpellier", "socle");
    let old = squeeze(
        "Les parties s’efforcent de régler à l’amiable tout différend relatif à l’interprétation ou à l’exécution du présent contrat. À défaut d’accord, le litige est porté devant le tribunal administratif territorialement compétent.",
    );
    let new = squeeze("Tout différend est soumis à la commission régionale de conciliation.");
    let pdf_before = squeeze(&pdf_text(&base.pdf));
    let pdf_after = squeeze(&pdf_text(&dir.join("CPOM-OCC-2019-340780477/socle.pdf")));
    assert!(pdf_before.contains(&old));
    assert_eq!(
        pdf_after,
        pdf_before.replace(&old, &new),
        "PDF: only the clause changed"
    );
    let docx_before = squeeze(&docx_body_text(&base.docx));
    let docx_after = squeeze(&docx_body_text(
        &dir.join("CPOM-OCC-2019-340780477/socle.docx"),
    ));
    assert_eq!(
        docx_after,
        docx_before.replace(&old, &new),
        "DOCX: only the clause changed"
    );
}

/// An agency's page measures (`style/mise-en-page.yaml`) hold for both formats; a wrong one is
/// refused at its place.
#[test]
fn the_page_measures_are_a_template_both_formats_follow() {
    let builtin =
        std::fs::read_to_string(root().join("templates/style/mise-en-page.yaml")).unwrap();
    let (tpl, _) = broken(
        "layout-narrow",
        "style/mise-en-page.yaml",
        &builtin.replace("margin_x: 62.35", "margin_x: 42.5"),
    );
    let dir = fresh("layout-narrow-out");
    let run = cpom(&[
        "render",
        "fixtures/chu-montpellier.yaml",
        "-o",
        dir.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let socle = dir.join("CPOM-OCC-2019-340780477/socle");
    // The DOCX's page margins (twips) and the PDF's left text edge (points): 1.5 cm.
    let xml = docx_part(&socle.with_extension("docx"), "word/document.xml");
    assert!(
        xml.contains("w:right=\"850\"") && xml.contains("w:left=\"850\""),
        "{xml}"
    );
    let bbox = run_pdftotext_bbox(&socle.with_extension("pdf"));
    let left = bbox
        .split("xMin=\"")
        .skip(1)
        .map(|x| x[..x.find('"').unwrap()].parse::<f64>().unwrap())
        .fold(f64::MAX, f64::min);
    assert!((left - 42.5).abs() < 0.6, "left edge at {left} pt");
    // A wrong measure: the agency's file, the field, in French.
    let (tpl, path) = broken(
        "layout-negative",
        "style/mise-en-page.yaml",
        &builtin.replace("margin_x: 62.35", "margin_x: -3"),
    );
    let e = check_fails(&tpl, &path.display().to_string());
    assert!(
        e.contains("margin_x") && e.contains("mesure en points"),
        "{e}"
    );
}

fn run_pdftotext_bbox(pdf: &Path) -> String {
    run("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"])
}

/// A template set with one defect, and the located message `templates check` must give.
fn broken(name: &str, file: &str, content: &str) -> (PathBuf, PathBuf) {
    let tpl = fresh(&format!("broken-{name}"));
    let path = tpl.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    (tpl, path)
}

fn check_fails(tpl: &Path, expected: &str) -> String {
    let out = cpom(&["templates", "check", tpl.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected «{expected}» in:\n{stderr}"
    );
    stderr
}

#[test]
fn templates_check_passes_on_the_builtins_and_lists_the_checklist() {
    let out = cpom(&["templates", "check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("socle: 15/15 mandatory elements"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Révision par avenant (CSP L. 6114-1) — sanitaire/clauses/revision.md:4"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Nombre d’exemplaires originaux (C. civ. art. 1375) — sanitaire/partials/signatures.md:"
        ),
        "{stdout}"
    );
    // The sample avenants are checked too, and the wording both sectors share is traced.
    for needle in [
        "avenant: 7/7 mandatory elements",
        "avenant_medico_social: 7/7 mandatory elements",
        "Objet de l’avenant (usage) — avenant/objet.md:",
        "Intitulé de l’avenant, numéroté, et du contrat qu’il modifie (CSP L. 6114-1 ; usage) — sanitaire/avenant.md:13",
    ] {
        assert!(stdout.contains(needle), "{needle}\n{stdout}");
    }
}

#[test]
fn templates_check_sees_an_avenant_template_that_drops_a_stipulation() {
    let text = std::fs::read_to_string(root().join("templates/avenant/fin.md"))
        .unwrap()
        .replace(
            "Les autres stipulations du contrat demeurent inchangées.",
            "",
        );
    let (t, _) = broken("avenant-dropped", "avenant/fin.md", &text);
    check_fails(
        &t,
        "avenant: mandatory element « Maintien des autres stipulations » (usage) is missing",
    );
}

#[test]
fn templates_check_catches_each_class_of_error_where_it_is() {
    // Syntax error.
    let (t, p) = broken(
        "syntax",
        "sanitaire/clauses/litiges.md",
        "## Article {n} – Litiges\n\nTexte {% if %}.\n",
    );
    check_fails(&t, &format!("{}:3:", p.display()));
    // Unknown variable.
    let (t, p) = broken(
        "variable",
        "sanitaire/clauses/litiges.md",
        "## Article {n} – Litiges\n\nTexte {{ titulaire.inconnu }}.\n",
    );
    check_fails(&t, &format!("{}:3:", p.display()));
    // Unknown filter.
    let (t, p) = broken(
        "filter",
        "sanitaire/clauses/litiges.md",
        "## Article {n} – Litiges\n\n{{ ars.region | majuscules }}\n",
    );
    let e = check_fails(&t, &format!("{}:3:", p.display()));
    assert!(e.contains("majuscules"), "{e}");
    // A clause referenced but missing.
    let (t, p) = broken(
        "missing",
        "sanitaire/clauses/litiges.md",
        "## Article {n} – Litiges\n\n{% include \"sanitaire/clauses/mediation.md\" %}\n",
    );
    let e = check_fails(&t, &format!("{}:3:", p.display()));
    assert!(e.contains("sanitaire/clauses/mediation.md"), "{e}");
    // Markup that does not parse into the document model.
    let (t, _) = broken(
        "markup",
        "sanitaire/clauses/litiges.md",
        "## Article {n} – Litiges\n\n::: encadre\ntexte\n:::\n",
    );
    check_fails(&t, "sanitaire/socle.md:");
    check_fails(&t, "unknown directive `::: encadre`");
    // A mandatory element silently dropped.
    let (t, _) = broken(
        "dropped",
        "sanitaire/clauses/revision.md",
        "## Article {n} – Adaptation\n\nLes parties se rencontrent chaque année.\n",
    );
    check_fails(
        &t,
        "socle: mandatory element « Révision par avenant » (CSP L. 6114-1) is missing",
    );
    // A broken page style.
    let (t, p) = broken(
        "style",
        "style/cpom.typ",
        "#let doc = json(\"/doc.json\")\n#set page(paper: \"a4\")\n#read(\"/etc/passwd\")\n",
    );
    let e = check_fails(&t, &format!("{}:3:", p.display()));
    assert!(e.contains("not found") || e.contains("file"), "{e}");
}

#[test]
fn check_reports_a_dropped_mandatory_element_for_a_contract() {
    let (t, _) = broken(
        "dropped-check",
        "sanitaire/clauses/resiliation.md",
        "## Article {n} – Fin du contrat\n\nLe contrat prend fin à son terme.\n",
    );
    let out = cpom(&[
        "check",
        "fixtures/clinique-saint-roch.yaml",
        "--templates",
        t.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("mandatory element missing from the documents: socle: « Résiliation pour manquement grave »"), "{e}");
    assert!(e.contains("« Pénalités et procédure »"), "{e}");
    let ok = cpom(&["check", "--exigences", "fixtures/clinique-saint-roch.yaml"]);
    assert!(ok.status.success());
    assert!(
        String::from_utf8_lossy(&ok.stdout)
            .contains("permanence_des_soins: 1/1 mandatory elements")
    );
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for kind in cpom::schema::KINDS {
        let committed =
            std::fs::read_to_string(root().join(format!("schemas/{kind}.schema.json"))).unwrap();
        assert_eq!(
            committed,
            cpom::schema::text(kind).unwrap(),
            "schemas/{kind}.schema.json is stale: cpom schema {kind} > schemas/{kind}.schema.json"
        );
        let out = cpom(&["schema", kind]);
        assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);
    }
}

fn yaml_as_json(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    serde_json::to_value(v).ok()
}

#[test]
fn the_schema_accepts_every_valid_fixture_and_rejects_the_structural_errors() {
    let schema = cpom::schema::schema("contrat").unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let ms = jsonschema::validator_for(&cpom::schema::schema("medico-social").unwrap())
        .expect("a valid JSON Schema");
    for f in valid_fixtures() {
        let v = yaml_as_json(&f).unwrap();
        let validator = if v.get("secteur").is_some() {
            &ms
        } else {
            &validator
        };
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.display());
    }
    // What a schema can see: shape, types, enumerations, FINESS format. (A FINESS check digit, a
    // five-year limit or the typology matrix are semantic: `cpom check` reports those.)
    for name in [
        "champ-inconnu",
        "champ-manquant",
        "type-incorrect",
        "finess-format-invalide",
        "indicateur-sans-cible",
    ] {
        let v = yaml_as_json(&root().join(format!("fixtures/invalid/{name}.yaml"))).unwrap();
        let structural = name != "indicateur-sans-cible";
        assert_eq!(!validator.is_valid(&v), structural, "{name}");
    }
    let campagne = cpom::schema::schema("campagne").unwrap();
    let v = jsonschema::validator_for(&campagne).unwrap();
    assert!(v.is_valid(
        &serde_json::json!({"campagne": {"commun": "commun.yaml", "tableur": "structures.xlsx"}})
    ));
    assert!(!v.is_valid(&serde_json::json!({"campagne": {"contracts": []}})));
}

#[test]
fn the_guide_lists_the_variables_of_the_model() {
    let guide = std::fs::read_to_string(root().join("TEMPLATES.md")).unwrap();
    let start = guide
        .find("<!-- variables:begin -->\n")
        .expect("begin marker")
        + "<!-- variables:begin -->\n".len();
    let end = guide.find("<!-- variables:end -->").expect("end marker");
    assert_eq!(
        &guide[start..end],
        cpom::schema::variables_markdown(),
        "TEMPLATES.md is stale: paste `cpom templates variables`"
    );
    assert!(guide.contains("| `titulaire.finess_juridique` | text |"));
}

#[test]
fn the_worked_example_of_the_guide_works() {
    let tpl = fresh("guide-example");
    assert!(
        cpom(&[
            "templates",
            "export",
            tpl.to_str().unwrap(),
            "sanitaire/socle.md"
        ])
        .status
        .success()
    );
    std::fs::create_dir_all(tpl.join("sanitaire/clauses")).unwrap();
    std::fs::write(
        tpl.join("sanitaire/clauses/cooperation-regionale.md"),
        "{#- Clause régionale : participation aux instances de coopération du territoire. -#}\n## Article {n} – Coopération territoriale en {{ ars.region }}\n\nLe titulaire participe aux instances de coopération de son territoire de santé et en rend compte lors de la revue annuelle du contrat.\n",
    )
    .unwrap();
    let socle = tpl.join("sanitaire/socle.md");
    let text = std::fs::read_to_string(&socle).unwrap();
    let text = text.replace("{% include \"sanitaire/clauses/moyens.md\" %}\n", "{% include \"sanitaire/clauses/moyens.md\" %}\n{% include \"sanitaire/clauses/cooperation-regionale.md\" %}\n");
    std::fs::write(&socle, text).unwrap();
    assert!(
        cpom(&["templates", "check", tpl.to_str().unwrap()])
            .status
            .success()
    );
    let dir = fresh("guide-example-out");
    assert!(
        cpom(&[
            "render",
            "fixtures/chu-montpellier.yaml",
            "-o",
            dir.to_str().unwrap(),
            "--templates",
            tpl.to_str().unwrap()
        ])
        .status
        .success()
    );
    for text in [
        pdf_text(&dir.join("CPOM-OCC-2019-340780477/socle.pdf")),
        docx_body_text(&dir.join("CPOM-OCC-2019-340780477/socle.docx")),
    ] {
        let t = squeeze(&text);
        assert!(t.contains(&squeeze(
            "Article 5 – Coopération territoriale en Occitanie"
        )));
        assert!(t.contains(&squeeze("Article 11 – Liste des annexes")));
    }
}

#[test]
fn watch_rerenders_when_the_data_changes() {
    let dir = fresh("watch");
    let data = dir.join("contrat.yaml");
    std::fs::copy(root().join("fixtures/clinique-saint-roch.yaml"), &data).unwrap();
    let out = dir.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args(["watch", data.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pdf = out.join("CPOM-OCC-2019-310000120/socle.pdf");
    let wait_for = |what: &str| {
        let start = std::time::Instant::now();
        while start.elapsed().as_secs() < 30 {
            if pdf.is_file() && squeeze(&pdf_text(&pdf)).contains(&squeeze(what)) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    };
    let first = wait_for("Fait à Toulouse");
    std::thread::sleep(std::time::Duration::from_millis(1100)); // a distinct modification time
    std::fs::write(
        &data,
        std::fs::read_to_string(&data)
            .unwrap()
            .replace("lieu: Toulouse", "lieu: Colomiers"),
    )
    .unwrap();
    let second = wait_for("Fait à Colomiers");
    // A broken edit keeps the last good PDF.
    std::fs::write(&data, "reference: [").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let kept = squeeze(&pdf_text(&pdf)).contains(&squeeze("Fait à Colomiers"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        first && second && kept,
        "first {first}, second {second}, kept {kept}"
    );
}

/// Whether page `page` of the PDF shows the logo's blue near its top-left corner (rendered by
/// poppler as a PPM image: read the pixels as a reader sees them).
fn blue_in_top_left(pdf: &Path, page: usize) -> bool {
    let prefix = output_dir().join(format!("ppm-{}", pdf.to_string_lossy().len()));
    let p = page.to_string();
    run(
        "pdftoppm",
        &[
            "-r",
            "30",
            "-f",
            &p,
            "-l",
            &p,
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let ppm = std::fs::read(prefix.with_extension("ppm")).unwrap();
    // P6\nW H\n255\n then RGB triplets.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !ppm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&ppm[start..i]).into_owned());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let px = &ppm[i + 1..];
    (0..h / 8).any(|y| {
        (0..w / 4).any(|x| {
            let o = (y * w + x) * 3;
            let (r, g, b) = (px[o], px[o + 1], px[o + 2]);
            r < 60 && g < 120 && b > 130
        })
    })
}

#[test]
fn an_agency_logo_in_the_templates_directory_heads_both_formats() {
    for (kind, dir) in [("png", "fixtures/logo-png"), ("svg", "fixtures/logo-svg")] {
        let out = fresh(&format!("logo-{kind}"));
        let o = cpom(&[
            "render",
            "fixtures/clinique-saint-roch.yaml",
            "-o",
            out.to_str().unwrap(),
            "--templates",
            dir,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let pdf = out.join("CPOM-OCC-2019-310000120/socle.pdf");
        let docx = out.join("CPOM-OCC-2019-310000120/socle.docx");
        // PDF: the logo in the running header (from page 2), not on the title page.
        assert!(
            blue_in_top_left(&pdf, 2),
            "{kind}: no logo in the PDF header"
        );
        assert!(
            !blue_in_top_left(&pdf, 1),
            "{kind}: the title page has no running header"
        );
        // DOCX: a picture in the header part, its media, a valid package, the same text.
        let rels = docx_part(&docx, "word/_rels/document.xml.rels");
        assert!(rels.contains("media/image1.png"), "{kind}: {rels}");
        let headers: Vec<String> = (1..=3)
            .filter_map(|n| {
                std::panic::catch_unwind(|| docx_part(&docx, &format!("word/header{n}.xml"))).ok()
            })
            .collect();
        assert!(
            headers
                .iter()
                .any(|h| h.contains("<w:drawing>") && h.contains("r:embed=\"rIdImg1\"")),
            "{kind}: no picture in the header"
        );
        let media = std::io::Read::bytes(
            zip::ZipArchive::new(std::fs::File::open(&docx).unwrap())
                .unwrap()
                .by_name("word/media/image1.png")
                .unwrap(),
        )
        .count();
        assert!(media > 100);
        let v = Command::new("python3")
            .args([
                root()
                    .join("tests/tools/validate_docx.py")
                    .to_str()
                    .unwrap(),
                docx.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            v.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&v.stdout)
        );
        assert_eq!(
            squeeze(&docx_body_text(&docx)),
            squeeze(&docx_body_text(&out_plain_docx())),
            "{kind}: the body text is unchanged"
        );
    }
}

fn out_plain_docx() -> PathBuf {
    out("clinique-saint-roch", "socle").docx.clone()
}
