//! Phased signing, as the campaign of the seed does it: the socle signed first (with the
//! annexes ready), the other annexes negotiated and signed months later, each on its own date —
//! and the socle signed first reads the same once they are.

use std::path::{Path, PathBuf};

use crate::common::*;

const ANNONCEES: &str = "    orientations_strategiques: { date_prevue: 2019-08-03 }
    cooperations_territoriales: { date_prevue: 2019-08-03 }
    reconnaissances_contractuelles: { date_prevue: 2019-08-03 }";

const SIGNEES: &str = "    orientations_strategiques: { date_prevue: 2019-08-03, date: 2019-07-26 }
    cooperations_territoriales: { date_prevue: 2019-08-03, date: 2019-07-26 }
    reconnaissances_contractuelles: { date_prevue: 2019-08-03, date: 2019-07-26, lieu: Toulouse }";

/// The CHU fixture with `annexes` as its `signature.annexes`, written to `dir/name`.
fn contract(dir: &Path, name: &str, annexes: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join("fixtures/chu-montpellier.yaml")).unwrap();
    let one_line = "signature: { lieu: Montpellier, date: 2018-12-31, exemplaires: 2 }";
    assert!(text.contains(one_line));
    let text = text.replace(
        one_line,
        &format!(
            "signature:\n  lieu: Montpellier\n  date: 2018-12-31\n  exemplaires: 2\n  annexes:\n{annexes}"
        ),
    );
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn names(folder: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    n.sort();
    n
}

#[test]
fn the_socle_signed_first_announces_the_annexes_to_come_and_is_the_same_once_they_are_signed() {
    let dir = fresh("phased-signing");
    let first = contract(&dir, "periode-1.yaml", ANNONCEES);
    let out = dir.join("out");
    let o = out.to_str().unwrap();

    // At the first period, the contract is accepted with three annexes still to sign…
    ok(&["check", first.to_str().unwrap()]);
    let explain = ok(&["explain", first.to_str().unwrap()]);
    assert_eq!(explain.matches("RESTE À SIGNER").count(), 3, "{explain}");
    assert!(explain.contains("reste à signer après le socle : « Orientations stratégiques », « Coopérations territoriales », « Reconnaissances contractuelles »"), "{explain}");

    // …and the socle is rendered with the two annexes signed with it.
    ok(&[
        "render",
        first.to_str().unwrap(),
        "--documents",
        "socle,permanence_des_soins,annexe-5",
        "-o",
        o,
    ]);
    let folder = out.join("CPOM-OCC-2019-340780477");
    let stems = [
        "socle",
        "annexe-4-permanence-des-soins",
        "annexe-5-financements",
    ];
    let mut expected: Vec<String> = stems
        .iter()
        .flat_map(|s| {
            ["docx", "pdf", "signatures.json"]
                .iter()
                .map(move |e| format!("{s}.{e}"))
        })
        .collect();
    expected.sort();
    assert_eq!(names(&folder), expected);
    let socle = folder.join("socle.pdf");
    let announced = "annexe 1 : « Orientations stratégiques », en cours de négociation à la signature du présent contrat, dont la signature est prévue au plus tard le 3 août 2019 ;";
    for text in [
        squeeze(&pdf_body_text(&socle)),
        squeeze(&docx_body_text(&folder.join("socle.docx"))),
    ] {
        assert!(text.contains(&squeeze(announced)), "{text}");
        assert!(text.contains(&squeeze("Annexe 3 : Reconnaissances contractuelles (signature prévue au plus tard le 3 août 2019)")), "{text}");
        assert!(
            text.contains(&squeeze("annexe 4 : « Permanence des soins » ;")),
            "{text}"
        );
    }
    let socle_bytes = std::fs::read(&socle).unwrap();

    // Months later the three annexes are signed: rendered alone, beside the socle, which
    // stays as it was signed.
    let second = contract(&dir, "periode-2.yaml", SIGNEES);
    ok(&[
        "render",
        second.to_str().unwrap(),
        "--documents",
        "orientations_strategiques,cooperations-territoriales,annexe-3",
        "-o",
        o,
    ]);
    assert_eq!(names(&folder).len(), 18, "{:?}", names(&folder));
    assert_eq!(std::fs::read(&socle).unwrap(), socle_bytes);
    let annexe = "annexe-3-reconnaissances-contractuelles";
    for text in [
        squeeze(&pdf_body_text(&folder.join(format!("{annexe}.pdf")))),
        squeeze(&docx_body_text(&folder.join(format!("{annexe}.docx")))),
    ] {
        assert!(
            text.contains(&squeeze(
                "Annexe au contrat signé le 31 décembre 2018, signée le 26 juillet 2019"
            )),
            "{text}"
        );
        assert!(
            text.contains(&squeeze(
                "Fait à Toulouse, le 26 juillet 2019, en deux exemplaires originaux."
            )),
            "{text}"
        );
    }
    // Its properties are dated as signed, not as the socle.
    let info = pdfinfo(&folder.join(format!("{annexe}.pdf")));
    assert!(info.contains("2019"), "{info}");
    assert!(
        info.lines()
            .any(|l| l.starts_with("CreationDate:") && l.contains("Jul 26")),
        "{info}"
    );
    // An annex signed with the socle keeps the socle's « Fait à ».
    let pds = pdf_body_text(&folder.join("annexe-4-permanence-des-soins.pdf"));
    assert!(squeeze(&pds).contains(&squeeze("Fait à Montpellier, le 31 décembre 2018")));

    // The whole contract rendered at the second period gives the same socle, byte for byte.
    let again = dir.join("again");
    ok(&[
        "render",
        second.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(again.join("CPOM-OCC-2019-340780477/socle.pdf")).unwrap(),
        socle_bytes
    );
}

#[test]
fn a_wrong_phase_is_refused_at_its_place() {
    let dir = fresh("phased-signing-errors");
    let cases = [
        (
            "    financements: { date_prevue: 2018-12-01 }",
            "signature.annexes.financements.date_prevue",
            "avant",
        ),
        (
            "    financements: { date_prevue: 2019-03-01, date: 2018-06-01 }",
            "signature.annexes.financements.date",
            "au plus tard avec le socle",
        ),
        (
            "    financement: { date_prevue: 2019-03-01 }",
            "signature.annexes.financement",
            "orientations_strategiques, cooperations_territoriales",
        ),
        (
            "    financements: { date: 2019-03-01 }",
            "signature.annexes.financements",
            "date_prevue",
        ),
    ];
    for (i, (annexes, path, words)) in cases.iter().enumerate() {
        let file = contract(&dir, &format!("cas-{i}.yaml"), annexes);
        let out = cpom(&["check", file.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{annexes}: {err}");
        // file:line:col of the faulty entry, its field path, and what to do.
        assert!(err.contains(&format!("cas-{i}.yaml:")), "{err}");
        assert!(err.contains(path), "{annexes}: {err}");
        assert!(
            err.contains(words) || (i == 0 && err.contains("au plus tard à la signature du socle")),
            "{annexes}: {err}"
        );
    }
}

#[test]
fn documents_are_chosen_by_the_names_users_give_them() {
    let dir = fresh("phased-signing-documents");
    let chu = root().join("fixtures/chu-montpellier.yaml");
    let o = dir.join("out");
    let out = cpom(&[
        "render",
        chu.to_str().unwrap(),
        "--documents",
        "socle,pds",
        "-o",
        o.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("pas de document `pds`"), "{err}");
    assert!(
        err.contains("socle, orientations_strategiques, cooperations_territoriales, reconnaissances_contractuelles, permanence_des_soins, financements"),
        "{err}"
    );
    assert!(
        !o.join("CPOM-OCC-2019-340780477").exists(),
        "nothing written"
    );

    let out = cpom(&[
        "render",
        chu.to_str().unwrap(),
        "--documents",
        "socle",
        "--bundle",
        "-o",
        o.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));

    // `cpom batch` takes the same choice, for a whole campaign.
    let campaign = dir.join("campagne");
    std::fs::create_dir_all(&campaign).unwrap();
    std::fs::copy(&chu, campaign.join("chu.yaml")).unwrap();
    ok(&[
        "batch",
        campaign.to_str().unwrap(),
        "--documents",
        "socle",
        "--format",
        "pdf",
        "-q",
        "-o",
        o.to_str().unwrap(),
    ]);
    assert_eq!(
        names(&o.join("CPOM-OCC-2019-340780477")),
        ["socle.pdf", "socle.signatures.json"]
    );
}
