//! Hand-written avenants: one article per modification, references to the base contract and the
//! earlier avenants, replaced annexes attached in full with their new values, three signatories
//! for the médico-social variant; parity, determinism; invalid avenants located.

use std::path::PathBuf;

use cpom::render::{Library, Options};

use crate::common::*;

/// Every document of an avenant, rendered once through the library and written for the readers.
fn avenant(name: &str) -> Vec<Out> {
    avenant_in(name, name)
}

/// Same, into the output folder `folder` (tests running at once never share a folder).
pub fn avenant_in(name: &str, folder: &str) -> Vec<Out> {
    let lib = Library::builtin().unwrap();
    let path = root().join(format!("fixtures/avenants/{name}.yaml"));
    let av = cpom::avenant::load(&path, &lib).unwrap_or_else(|e| panic!("{e}"));
    let docs = cpom::avenant::render(&av, &lib, &Options::default()).unwrap();
    let dir = output_dir().join("avenants").join(folder);
    docs.into_iter()
        .map(|d| Out::write(name, &dir, d))
        .collect()
}

fn text_of(o: &Out) -> (String, String) {
    let [pdf, docx] = both(o);
    (pdf, docx)
}

#[test]
fn an_avenant_replacing_the_financements_annex() {
    let docs = avenant("chu-montpellier-avenant-1");
    let stems: Vec<&str> = docs.iter().map(|d| d.stem.as_str()).collect();
    assert_eq!(stems, ["avenant-1", "avenant-1-annexe-5-financements"]);
    let (pdf, docx) = text_of(&docs[0]);
    for t in [&pdf, &docx] {
        for n in [
            "AVENANT N° 1 AU CONTRAT PLURIANNUEL D’OBJECTIFS ET DE MOYENS 2019-2023",
            "conclu le 31 décembre 2018 entre l’Agence régionale de santé Occitanie et le Centre hospitalier universitaire de Montpellier",
            "Vu le contrat pluriannuel d’objectifs et de moyens signé le 31 décembre 2018 (référence CPOM-OCC-2019-340780477)",
            "Il a été préalablement exposé ce qui suit",
            "Article 2 – Annexe « Financements » L’annexe 5 « Financements » du contrat est remplacée par l’annexe jointe au présent avenant.",
            "Article 3 – Modification de l’article 9 (Litiges)",
            "L’article 9 (Litiges) du contrat est ainsi rédigé : « Les parties recherchent",
            "Exposé préalable",
            "Article 4 – Date d’effet Le présent avenant prend effet le 1er juillet 2020.",
            "Les autres stipulations du contrat demeurent inchangées.",
            "Fait à Montpellier, le 30 juin 2020, en deux exemplaires originaux.",
        ] {
            assert!(t.contains(&squeeze(n)), "avenant lacks «{n}»");
        }
    }
    // The replaced annex, attached in full with its new lines and totals.
    let (pdf, docx) = text_of(&docs[1]);
    for t in [&pdf, &docx] {
        assert!(t.contains(&squeeze("Annexe 5 – Financements")));
        assert!(t.contains(&squeeze("MIG – Équipes mobiles de gériatrie (R) 412 000,00 € 498 500,00 € 512 000,00 € 525 300,50 € 538 900,00 € 2 486 700,50 €")));
        assert!(t.contains(&squeeze(
            "Total 412 000,00 € 648 500,00 € 587 000,00 € 525 300,50 € 538 900,00 € 2 711 700,50 €"
        )));
        assert!(!t.contains(&squeeze("Lactarium")), "the old lines are gone");
    }
    for d in &docs {
        crate::parity::assert_parity(d);
    }
}

#[test]
fn a_second_avenant_cites_the_first() {
    let docs = avenant("chu-montpellier-avenant-2");
    let (pdf, docx) = text_of(&docs[0]);
    for t in [&pdf, &docx] {
        assert!(t.contains(&squeeze("AVENANT N° 2")));
        assert!(t.contains(&squeeze("Vu l’avenant n° 1 au contrat, signé le 30 juin 2020, relatif à l’actualisation des financements")));
        assert!(t.contains(&squeeze("L’article 4 (Moyens) du contrat est ainsi rédigé")));
        // Signed for the ARS by its new directeur général (`signataires`).
        assert!(t.contains(&squeeze(
            "L’Agence régionale de santé Occitanie, représentée par son directeur général, M. Didier JAFFRE"
        )));
        assert!(!t.contains("CAVALIER"));
        assert!(t.contains(&squeeze(
            "Vu le décret du 20 mai 2021 portant nomination de M. Didier JAFFRE en qualité de directeur général de l’agence régionale de santé Occitanie"
        )));
    }
    assert_eq!(docs.len(), 1, "no annex attached");
}

#[test]
fn a_medico_social_avenant_is_signed_by_the_three_parties() {
    let docs = avenant("medico-social-ehpad-avenant-1");
    let (pdf, docx) = text_of(&docs[0]);
    for t in [&pdf, &docx] {
        for n in [
            "Le terme du contrat, fixé au 31 décembre 2023, est prorogé jusqu’au 31 décembre 2024, conformément à l’article 2 de l’arrêté du 3 mars 2017.",
            "Fait à Montpellier, le 20 juin 2023, en trois exemplaires originaux.",
            "Pour l’Agence régionale de santé Occitanie",
            "Pour le Département de l’Hérault Le Président du Conseil départemental",
            "Pour l’Association Les Jardins d’Oc",
        ] {
            assert!(t.contains(&squeeze(n)), "médico-social avenant lacks «{n}»");
        }
    }
    crate::parity::assert_parity(&docs[0]);
}

#[test]
fn avenants_render_identically_twice() {
    let a: Vec<Vec<u8>> = avenant_in("chu-montpellier-avenant-1", "twice-a")
        .iter()
        .flat_map(|o| {
            [
                std::fs::read(&o.pdf).unwrap(),
                std::fs::read(&o.docx).unwrap(),
            ]
        })
        .collect();
    let b: Vec<Vec<u8>> = avenant_in("chu-montpellier-avenant-1", "twice-b")
        .iter()
        .flat_map(|o| {
            [
                std::fs::read(&o.pdf).unwrap(),
                std::fs::read(&o.docx).unwrap(),
            ]
        })
        .collect();
    assert!(a == b);
}

#[test]
fn invalid_avenants_are_located_and_write_nothing() {
    let files: Vec<PathBuf> = yaml_files("fixtures/avenants/invalid");
    assert!(files.len() >= 5);
    for f in files {
        let rel = f
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let text = std::fs::read_to_string(&f).unwrap();
        let (line, msg) = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect: "))
            .unwrap()
            .split_once(" | ")
            .unwrap();
        let out = fresh(&format!(
            "avenant-invalid-{}",
            f.file_stem().unwrap().to_string_lossy()
        ));
        for args in [
            vec!["check", rel.as_str()],
            vec!["render", rel.as_str(), "-o", out.to_str().unwrap()],
        ] {
            let o = cpom(&args);
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{rel}: {stderr}");
            assert!(
                stderr
                    .lines()
                    .any(|l| l.starts_with(&format!("{rel}:{line}:")) && l.contains(msg)),
                "{rel}: expected {line} | {msg}\n{stderr}"
            );
        }
        assert_eq!(
            std::fs::read_dir(&out).unwrap().count(),
            0,
            "{rel}: files written"
        );
    }
}

/// A variant of the CHU's avenant n° 1 (its contract given by absolute path), written in `dir`.
fn avenant_1_variant(
    dir: &std::path::Path,
    name: &str,
    edit: impl Fn(String) -> String,
) -> PathBuf {
    let text =
        std::fs::read_to_string(root().join("fixtures/avenants/chu-montpellier-avenant-1.yaml"))
            .unwrap();
    let text = text.replace(
        "contrat: ../chu-montpellier.yaml",
        &format!(
            "contrat: {}",
            root().join("fixtures/chu-montpellier.yaml").display()
        ),
    );
    let p = dir.join(name);
    std::fs::write(&p, edit(text)).unwrap();
    p
}

#[test]
fn what_a_jurist_would_question_in_a_valid_avenant_is_a_located_warning() {
    let dir = fresh("avenant-vigilance");
    // Avenant n° 1 takes effect on 1 July 2020 but rewrites 2019 amounts (a line's 2019 amount,
    // and two lines with 2019 amounts removed): checked, rendered, and questioned.
    let as_is = avenant_1_variant(&dir, "tel-quel.yaml", |t| t);
    let retro = avenant_1_variant(&dir, "retroactif.yaml", |t| {
        t.replace("date_effet: 2020-07-01", "date_effet: 2020-06-01")
    });
    let objet = avenant_1_variant(&dir, "objet-incomplet.yaml", |t| {
        t.replace(
            "objet: l’actualisation des financements pour les années 2020 à 2023 et la procédure de règlement des litiges",
            "objet: la procédure de règlement des litiges",
        )
    });
    let check = |p: &PathBuf| {
        let o = cpom(&["check", p.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(0), "warnings do not fail: {err}");
        err
    };
    let err = check(&as_is);
    assert!(
        err.contains(&format!("{}:21:9: warning: avenant.modifications[0].remplacement_annexe.donnees: l’annexe modifie des montants ou des cibles de 2019 : années antérieures à la date d’effet (2020-07-01)", as_is.display())),
        "{err}"
    );
    let err = check(&retro);
    assert!(
        err.contains(&format!("{}:8:3: warning: avenant.date_effet: la date d’effet (2020-06-01) précède la signature (2020-06-30)", retro.display())),
        "{err}"
    );
    let err = check(&objet);
    assert!(
        err.contains(&format!("{}:10:3: warning: avenant.objet: l’objet ne nomme pas tout ce que l’avenant modifie : l’annexe « Financements »", objet.display())),
        "{err}"
    );
    assert!(
        !err.contains("l’article « Article 9 – Litiges »"),
        "litiges is named: {err}"
    );
    // render says the same and still writes the avenant.
    let out = dir.join("out");
    let o = cpom(&[
        "render",
        retro.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("précède la signature"));
    assert!(out.join("CPOM-OCC-2019-340780477/avenant-1.pdf").is_file());
}

#[test]
fn a_consolidation_before_the_contract_starts_is_refused() {
    let out = fresh("avenant-as-of-before-start");
    let o = cpom(&[
        "render",
        "fixtures/chu-montpellier.yaml",
        "fixtures/avenants/chu-montpellier-avenant-1.yaml",
        "--as-of",
        "2018-06-01",
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("fixtures/chu-montpellier.yaml: error: --as-of 2018-06-01 precedes the start of the contract (2019-01-01)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing written"
    );
}

/// A number a data text writes with spaces (« 1 200 interventions ») reads whole: its groups are
/// joined by a narrow no-break space in both formats, and no line of the PDF ends inside it.
#[test]
fn a_number_of_a_data_text_is_never_split() {
    let docs = avenant_in("chu-montpellier-avenant-1", "numbers");
    let mut seen = 0;
    for o in &docs {
        let xml = docx_part(&o.docx, "word/document.xml");
        if !xml.contains("interventions par an") {
            continue;
        }
        seen += 1;
        assert!(
            xml.contains("1\u{202f}200 interventions"),
            "{}: DOCX",
            o.stem
        );
        let lines: Vec<String> = pdf_layout_text(&o.pdf).lines().map(squeeze).collect();
        assert!(
            lines.iter().any(|l| l.contains("1200")),
            "{}: « 1 200 » split across lines of the PDF",
            o.stem
        );
    }
    assert!(seen > 0, "no document carries the text");
}
