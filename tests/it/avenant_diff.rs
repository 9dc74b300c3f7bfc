//! `cpom avenant diff OLD NEW`: the avenant computed from two versions of a contract. The
//! fixture `fixtures/versions/chu-montpellier-2021.yaml` changes all five annexes; the tests
//! read each change's old and new values back from both formats, with the yearly totals
//! recomputed here from the two YAML files, and check the written `avenant-N.yaml` renders
//! again to the same bytes.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use cpom::avenant::calcul::{self, EnTete, Resultat};
use cpom::render::{Library, Options};

use crate::common::*;

const OLD: &str = "fixtures/chu-montpellier.yaml";
const NEW: &str = "fixtures/versions/chu-montpellier-2021.yaml";

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

const AVENANT_1: &str = "fixtures/avenants/chu-montpellier-avenant-1.yaml";

fn en_tete() -> EnTete {
    EnTete {
        numero: 2,
        date_signature: date("2021-09-15"),
        date_effet: date("2021-10-01"),
        lieu_signature: None,
        objet: None,
        motif: None,
        precedents: vec![root().join(AVENANT_1)],
    }
}

/// Runs `cpom avenant diff OLD NEW` with the avenant's signature and effective dates, the
/// `extra` arguments, into `out`.
fn diff_cli(
    old: &str,
    new: &str,
    (signed, effect): (&str, &str),
    extra: &[&str],
    out: &std::path::Path,
) -> std::process::Output {
    let mut args = vec!["avenant", "diff", old, new, "--date-signature", signed];
    args.extend(["--date-effet", effect, "-o", out.to_str().unwrap()]);
    args.extend(extra);
    cpom(&args)
}

/// A new version of the contract file `from`, edited by `edit`, in a fresh folder named after
/// the test; and the output folder to render into.
fn edited_version(
    test: &str,
    from: &str,
    edit: impl FnOnce(String) -> String,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = fresh(test);
    let new = dir.join("version.yaml");
    std::fs::write(
        &new,
        edit(std::fs::read_to_string(root().join(from)).unwrap()),
    )
    .unwrap();
    (new, dir.join("out"))
}

pub struct Computed {
    pub docs: Vec<Out>,
    yaml: std::path::PathBuf,
}

/// The computed avenant, rendered once and written with its data file.
pub fn computed() -> &'static Computed {
    static C: OnceLock<Computed> = OnceLock::new();
    C.get_or_init(|| {
        let lib = Library::builtin().unwrap();
        let out = fresh("avenant-diff");
        let r = calcul::calculer(&root().join(OLD), &root().join(NEW), en_tete(), &out, &lib)
            .unwrap_or_else(|e| panic!("{e}"));
        let Resultat::Avenant(c) = r else {
            panic!("the versions differ")
        };
        assert!(c.hors_avenant.is_empty(), "{:?}", c.hors_avenant);
        let dir = c.fichier.parent().unwrap().to_path_buf();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&c.fichier, &c.yaml).unwrap();
        let docs = cpom::avenant::render(&c.avenant, &lib, &Options::default()).unwrap();
        Computed {
            docs: docs
                .into_iter()
                .map(|d| Out::write("avenant-diff", &dir, d))
                .collect(),
            yaml: c.fichier.clone(),
        }
    })
}

fn doc<'a>(stem: &str) -> &'a Out {
    computed()
        .docs
        .iter()
        .find(|o| o.stem == stem)
        .unwrap_or_else(|| panic!("no {stem}"))
}

/// The yearly totals, in cents, of a Financements annex found at `at` in a YAML file.
fn totals(path: &str, at: &[&str]) -> BTreeMap<i64, i64> {
    let mut v: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap();
    for key in at {
        v = match key.parse::<usize>() {
            Ok(i) => v[i].clone(),
            Err(_) => v[*key].clone(),
        };
    }
    let mut t = BTreeMap::new();
    for l in v["lignes"].as_sequence().unwrap() {
        for (y, m) in l["montants"].as_mapping().unwrap() {
            *t.entry(y.as_i64().unwrap()).or_insert(0) += cents(m);
        }
    }
    t
}

/// The Financements in force before the computed avenant (avenant n° 1's), and after it.
fn totals_before_after() -> (BTreeMap<i64, i64>, BTreeMap<i64, i64>) {
    (
        totals(
            AVENANT_1,
            &[
                "avenant",
                "modifications",
                "0",
                "remplacement_annexe",
                "donnees",
            ],
        ),
        totals(NEW, &["annexes", "financements"]),
    )
}

#[test]
fn each_change_is_a_row_with_its_old_and_new_values() {
    let rows = [
        // Orientations stratégiques: a target raised, an indicator added.
        "Indicateur « Tenue du dossier patient » (objectif « Améliorer les résultats des indicateurs de qualité et de sécurité des soins (IQSS) ») — cible 67 % 70 %",
        "Indicateur « Taux de patients ayant reçu une lettre de liaison à la sortie » (objectif « Améliorer les résultats des indicateurs de qualité et de sécurité des soins (IQSS) ») — valeur initiale 55 % (2021) ; cible 75 % au 31/12/2023",
        // Coopérations territoriales: one added.
        "Coopération « CPTS du Grand Montpellier » — CPTS avec CPTS du Grand Montpellier ; engagement : Organiser l’adressage direct des patients de la CPTS vers les services",
        // Reconnaissances contractuelles: a capacity.
        "Reconnaissance « Lits identifiés de soins palliatifs (LISP) » (site 34 000 003 3) — capacité 10 lits 12 lits",
        // Permanence des soins: a line reinforced, a line removed.
        "Permanence des soins : Anesthésie-réanimation (site 34 000 003 3) — nombre de lignes 2 lignes 3 lignes",
        "Permanence des soins : Chirurgie viscérale (site 34 000 003 3) 1 × astreinte opérationnelle (nuit, samedi après-midi, dimanche et jours fériés) Stipulation supprimée",
        // Financements, as replaced by avenant n° 1: two amounts revised, a line added.
        "Crédit MIG « Équipes mobiles de gériatrie » — montant 2022 525 300,50 € 560 000,00 €",
        "Crédit MIG « Équipes mobiles de gériatrie » — montant 2023 538 900,00 € 575 000,00 €",
        "Crédit FIR « Coordination de la CPTS du Grand Montpellier » — 2022 : 45 000,00 € ; 2023 : 45 000,00 € (non reconductible)",
    ];
    let (old, new) = totals_before_after();
    let years: std::collections::BTreeSet<&i64> = old.keys().chain(new.keys()).collect();
    let moved: Vec<String> = years
        .into_iter()
        .filter(|y| old.get(y) != new.get(y))
        .map(|y| {
            format!(
                "Total des financements — montant {y} {} {}",
                euros(old[y]),
                euros(new[y])
            )
        })
        .collect();
    assert_eq!(moved.len(), 2, "2022 and 2023 totals move");
    for t in both(doc("avenant-2")) {
        assert!(t.contains(&squeeze("Ancienne rédaction Nouvelle rédaction")));
        for r in rows.iter().copied().chain(moved.iter().map(String::as_str)) {
            assert!(t.contains(&squeeze(r)), "avenant lacks the row «{r}»");
        }
        // Nothing that did not change is listed.
        assert!(!t.contains(&squeeze("Délai d’envoi du courrier")));
        assert!(!t.contains(&squeeze("Télé-expertise en neurologie vasculaire")));
        assert!(!t.contains(&squeeze("Cardiologie interventionnelle")));
    }
}

#[test]
fn the_computed_avenant_cites_the_contract_and_the_earlier_avenant() {
    for t in both(doc("avenant-2")) {
        for n in [
            "AVENANT N° 2 AU CONTRAT PLURIANNUEL D’OBJECTIFS ET DE MOYENS 2019-2023",
            "Vu le contrat pluriannuel d’objectifs et de moyens signé le 31 décembre 2018 (référence CPOM-OCC-2019-340780477)",
            "Vu l’avenant n° 1 au contrat, signé le 30 juin 2020, relatif à l’actualisation des financements",
            "Le présent avenant a pour objet : la modification de l’annexe « Orientations stratégiques », la modification de l’annexe « Coopérations territoriales », la modification de l’annexe « Reconnaissances contractuelles », la modification de l’annexe « Permanence des soins » et la modification de l’annexe « Financements ».",
            "Article 6 – Annexe « Financements » L’annexe 5 « Financements » du contrat est remplacée par l’annexe jointe au présent avenant.",
            "Article 7 – Date d’effet Le présent avenant prend effet le 1er octobre 2021.",
            "Les autres stipulations du contrat demeurent inchangées.",
            "Fait à Montpellier, le 15 septembre 2021, en deux exemplaires originaux.",
        ] {
            assert!(t.contains(&squeeze(n)), "avenant lacks «{n}»");
        }
    }
}

#[test]
fn the_new_annexes_are_attached_in_full() {
    let stems: Vec<&str> = computed().docs.iter().map(|d| d.stem.as_str()).collect();
    assert_eq!(
        stems,
        [
            "avenant-2",
            "avenant-2-annexe-1-orientations-strategiques",
            "avenant-2-annexe-2-cooperations-territoriales",
            "avenant-2-annexe-3-reconnaissances-contractuelles",
            "avenant-2-annexe-4-permanence-des-soins",
            "avenant-2-annexe-5-financements",
        ]
    );
    for t in both(doc("avenant-2-annexe-4-permanence-des-soins")) {
        assert!(t.contains(&squeeze("Anesthésie-réanimation garde sur place 3")));
        assert!(!t.contains(&squeeze("Chirurgie viscérale")));
    }
    for t in both(doc("avenant-2-annexe-5-financements")) {
        assert!(t.contains(&squeeze(&total_row("Total", &totals_before_after().1))));
    }
    for t in both(doc("avenant-2-annexe-2-cooperations-territoriales")) {
        assert!(t.contains(&squeeze("CPTS du Grand Montpellier")));
        assert!(t.contains(&squeeze("GHT Est-Hérault-Sud-Aveyron")));
    }
    for d in &computed().docs {
        crate::parity::assert_parity(d);
    }
}

#[test]
fn the_written_avenant_renders_again_to_the_same_bytes() {
    let c = computed();
    let lib = Library::builtin().unwrap();
    let av = cpom::avenant::load(&c.yaml, &lib).unwrap_or_else(|e| panic!("{e}"));
    let again = cpom::avenant::render(&av, &lib, &Options::default()).unwrap();
    assert_eq!(again.len(), c.docs.len());
    for (a, o) in again.iter().zip(&c.docs) {
        assert_eq!(
            a.pdf.as_ref().unwrap().bytes,
            std::fs::read(&o.pdf).unwrap()
        );
        assert_eq!(a.docx.as_ref().unwrap(), &std::fs::read(&o.docx).unwrap());
    }
}

#[test]
fn identical_versions_give_a_message_and_no_avenant() {
    let out = output_dir().join("avenant-diff-identical");
    let _ = std::fs::remove_dir_all(&out);
    let o = diff_cli(OLD, OLD, ("2021-09-15", "2021-10-01"), &[], &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("no change that an avenant carries (annexes, end date): nothing written"),
        "{stderr}"
    );
    assert!(o.stdout.is_empty());
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn the_command_writes_the_avenant_data_and_documents() {
    let out = fresh("avenant-diff-cli");
    let o = diff_cli(
        OLD,
        NEW,
        ("2021-09-15", "2021-10-01"),
        &[
            "--precedent",
            "fixtures/avenants/chu-montpellier-avenant-1.yaml",
            "--format",
            "docx",
        ],
        &out,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("replaces annex `financements` (5 changes)"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(stdout.lines().count(), 7, "{stdout}");
    let yaml = std::fs::read_to_string(out.join("CPOM-OCC-2019-340780477/avenant-2.yaml")).unwrap();
    assert!(yaml.contains("numero: 2"));
    assert!(
        yaml.contains("contrat: ../../../../fixtures/chu-montpellier.yaml"),
        "{yaml}"
    );
    // The number follows the earlier avenant given; its objet is cited in the visas.
    let body = docx_body_text(&out.join("CPOM-OCC-2019-340780477/avenant-2.docx"));
    assert!(squeeze(&body).contains(&squeeze(
        "relatif à l’actualisation des financements pour les années 2020 à 2023"
    )));
}

#[test]
fn a_computed_prorogation_of_a_medico_social_contract() {
    let out = fresh("avenant-diff-ms");
    let o = diff_cli(
        "fixtures/medico-social-ehpad-herault.yaml",
        "fixtures/versions/medico-social-ehpad-herault-proroge.yaml",
        ("2023-06-20", "2024-01-01"),
        &["--format", "docx"],
        &out,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let t = squeeze(&docx_body_text(
        &out.join("CPOM-MS-34-2019-001/avenant-1.docx"),
    ));
    for n in [
        "Le présent avenant a pour objet : la prorogation du contrat.",
        "Le terme du contrat, fixé au 31 décembre 2023, est prorogé jusqu’au 31 décembre 2024",
    ] {
        assert!(t.contains(&squeeze(n)), "lacks «{n}»");
    }
}

#[test]
fn versions_of_two_structures_are_refused() {
    let out = fresh("avenant-diff-other");
    let o = diff_cli(
        OLD,
        "fixtures/clinique-saint-roch.yaml",
        ("2021-09-15", "2021-10-01"),
        &[],
        &out,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("fixtures/clinique-saint-roch.yaml:")
            && stderr.contains("not of the same structure"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

#[test]
fn new_signatories_sign_and_other_changes_are_reported() {
    let (new, out) = edited_version("avenant-diff-socle", OLD, |text| {
        text.replace("nom: LE LUDEC", "nom: MARTIN")
            .replace("voie: 191 avenue", "voie: 193 avenue")
            .replace("        capacite: 10\n", "        capacite: 14\n")
    });
    let o = diff_cli(
        OLD,
        new.to_str().unwrap(),
        ("2022-03-01", "2022-04-01"),
        &["--format", "docx"],
        &out,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    // The address is not the avenant's business: reported, not carried.
    assert!(
        stderr.contains("carried by no computed modification")
            && stderr.contains("titulaire.adresse.voie")
            && !stderr.contains("representant"),
        "{stderr}"
    );
    // The new legal representative signs the avenant.
    let yaml = std::fs::read_to_string(out.join("CPOM-OCC-2019-340780477/avenant-1.yaml")).unwrap();
    assert!(
        yaml.contains("signataires:") && yaml.contains("nom: MARTIN"),
        "{yaml}"
    );
    let t = squeeze(&docx_body_text(
        &out.join("CPOM-OCC-2019-340780477/avenant-1.docx"),
    ));
    assert!(t.contains(&squeeze(
        "représenté par M. Thomas MARTIN, directeur général"
    )));
    assert!(!t.contains("LUDEC"));
    assert!(t.contains(&squeeze(
        "Reconnaissance « Lits identifiés de soins palliatifs (LISP) » (site 34 000 003 3) — capacité 10 lits 14 lits"
    )));
}

#[test]
fn new_signatories_alone_need_no_avenant() {
    let (new, out) = edited_version("avenant-diff-signatories-only", OLD, |text| {
        text.replace("nom: LE LUDEC", "nom: MARTIN")
    });
    let o = diff_cli(
        OLD,
        new.to_str().unwrap(),
        ("2022-03-01", "2022-04-01"),
        &[],
        &out,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn the_computed_avenant_consolidates_into_the_new_version() {
    let lib = Library::builtin().unwrap();
    let base = cpom::render::load(&root().join(OLD), &lib).unwrap();
    let avenants = vec![
        cpom::avenant::load(&root().join(AVENANT_1), &lib).unwrap(),
        cpom::avenant::load(&computed().yaml, &lib).unwrap_or_else(|e| panic!("{e}")),
    ];
    let c = cpom::avenant::consolidation::consolider(base, avenants, date("2022-01-01"), &lib)
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = output_dir().join("avenant-diff-consolidated");
    let docs: Vec<Out> = cpom::avenant::consolidation::render(&c, &lib, &Options::default())
        .unwrap()
        .into_iter()
        .map(|r| Out::write("avenant-diff-consolidated", &dir, r))
        .collect();
    let find = |stem: &str| docs.iter().find(|o| o.stem == stem).unwrap();
    // The consolidated contract says what the new version says.
    for t in both(find("annexe-5-financements")) {
        assert!(t.contains(&squeeze(&total_row("Total", &totals_before_after().1))));
        assert!(t.contains(&squeeze("Coordination de la CPTS du Grand Montpellier")));
    }
    for t in both(find("annexe-4-permanence-des-soins")) {
        assert!(!t.contains(&squeeze("Chirurgie viscérale")));
    }
    for t in both(find("socle")) {
        assert!(t.contains(&squeeze(
            "intégrant les avenants n° 1 du 30 juin 2020 et n° 2 du 15 septembre 2021"
        )));
    }
}

#[test]
fn an_avenant_given_as_a_version_is_refused_with_the_way_out() {
    let out = fresh("avenant-diff-avenant-given");
    let o = diff_cli(OLD, AVENANT_1, ("2021-09-15", "2021-10-01"), &[], &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{AVENANT_1}: error: NEW is an avenant"))
            && stderr.contains("--precedent"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

#[test]
fn an_annex_added_and_an_annex_removed() {
    let (new, out) = edited_version(
        "avenant-diff-add-remove",
        "fixtures/clinique-saint-roch.yaml",
        |text| {
            let (before, _pds) = text.split_once("  permanence_des_soins:\n").unwrap();
            format!(
                "{before}  financements:\n    lignes:\n      - {{ nature: fir, intitule: Chirurgie ambulatoire, objet: Accompagnement du virage ambulatoire, engagement_contrepartie: Taux cible atteint, caractere: non_reconductible, montants: {{ 2021: 80000.00, 2022: 40000.00 }} }}\n"
            )
        },
    );
    let dir = out.parent().unwrap().to_path_buf();
    let o = diff_cli(
        "fixtures/clinique-saint-roch.yaml",
        new.to_str().unwrap(),
        ("2021-03-01", "2021-04-01"),
        &[],
        &out,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    // The written avenant, rendered again and read back.
    let lib = Library::builtin().unwrap();
    let av = cpom::avenant::load(&out.join("CPOM-OCC-2019-310000120/avenant-1.yaml"), &lib)
        .unwrap_or_else(|e| panic!("{e}"));
    let docs: Vec<Out> = cpom::avenant::render(&av, &lib, &Options::default())
        .unwrap()
        .into_iter()
        .map(|d| Out::write("add-remove", &dir.join("again"), d))
        .collect();
    let stems: Vec<&str> = docs.iter().map(|d| d.stem.as_str()).collect();
    assert_eq!(stems, ["avenant-1", "avenant-1-annexe-3-financements"]);
    for t in both(&docs[0]) {
        for n in [
            "Le présent avenant a pour objet : la suppression de l’annexe « Permanence des soins » et l’ajout de l’annexe « Financements ».",
            "L’annexe « Permanence des soins » du contrat est supprimée.",
            "L’annexe « Financements », jointe au présent avenant, est ajoutée au contrat ; elle en constitue l’annexe 3.",
        ] {
            assert!(t.contains(&squeeze(n)), "lacks «{n}»");
        }
    }
    for t in both(&docs[1]) {
        assert!(t.contains(&squeeze(
            "Le montant total des financements prévus sur la durée du contrat s’élève à cent vingt mille euros (120 000,00 €)."
        )));
    }
    for d in &docs {
        crate::parity::assert_parity(d);
    }
}
