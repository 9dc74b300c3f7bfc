//! The consolidated contract as of a date (`cpom render CONTRACT AVENANTS… --as-of DATE`): the
//! CHU contract with avenant n° 1 (Financements replaced, article « Litiges » rewritten, in force
//! on 1 July 2020) and avenant n° 2 (article « Moyens » rewritten, in force on 1 October 2021),
//! consolidated at three dates. Both formats are read back.

use chrono::NaiveDate;
use cpom::avenant::consolidation;
use cpom::render::{self, Library, Options};

use crate::common::*;

const CONTRACT: &str = "fixtures/chu-montpellier.yaml";
const AVENANTS: [&str; 2] = [
    "fixtures/avenants/chu-montpellier-avenant-1.yaml",
    "fixtures/avenants/chu-montpellier-avenant-2.yaml",
];

const MOYENS_INITIAL: &str = "Les moyens dédiés à la mise en œuvre du présent contrat";
const MOYENS_AV2: &str = "Les moyens dédiés au contrat sont précisés à l’annexe « Financements », telle que remplacée par l’avenant n° 1, sous réserve des crédits disponibles.";
const LITIGES_INITIAL: &str = "Les parties s’efforcent de régler à l’amiable tout différend";
const LITIGES_AV1: &str = "Les parties recherchent une solution amiable devant le comité de suivi avant toute saisine du tribunal administratif territorialement compétent.";

/// The consolidated documents at `date`, written under a folder of their own.
fn consolidated(date: &str) -> Vec<Out> {
    consolidated_in(date, date)
}

/// Same, into the output folder `folder` (tests running at once never share a folder).
pub fn consolidated_in(date: &str, folder: &str) -> Vec<Out> {
    let lib = Library::builtin().unwrap();
    let base = render::load(&root().join(CONTRACT), &lib).unwrap();
    // Given in reverse order: the consolidation orders them by number.
    let avenants = AVENANTS
        .iter()
        .rev()
        .map(|a| cpom::avenant::load(&root().join(a), &lib).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let d: NaiveDate = date.parse().unwrap();
    let c = consolidation::consolider(base, avenants, d, &lib).unwrap_or_else(|e| panic!("{e}"));
    let docs = consolidation::render(&c, &lib, &Options::default()).unwrap();
    let dir = output_dir().join("consolidation").join(folder);
    docs.into_iter()
        .map(|r| Out::write(&format!("consolide-{date}"), &dir, r))
        .collect()
}

fn find<'a>(docs: &'a [Out], stem: &str) -> &'a Out {
    docs.iter().find(|o| o.stem == stem).unwrap()
}

#[test]
fn consolidated_after_the_first_avenant_only() {
    let docs = consolidated("2021-01-01");
    for t in both(find(&docs, "socle")) {
        assert!(t.contains(&squeeze(
            "Version consolidée au 1er janvier 2021, intégrant l’avenant n° 1 du 30 juin 2020."
        )));
        assert!(t.contains(&squeeze(
            "Document établi pour information : seuls font foi le contrat et ses avenants signés."
        )));
        assert!(t.contains(&squeeze(&format!(
            "Article 9 – Litiges {LITIGES_AV1} Rédaction issue de l’avenant n° 1 signé le 30 juin 2020, en vigueur à compter du 1er juillet 2020."
        ))));
        assert!(
            !t.contains(&squeeze(LITIGES_INITIAL)),
            "old wording replaced"
        );
        // Avenant n° 2 is not yet in force.
        assert!(t.contains(&squeeze(MOYENS_INITIAL)));
        assert!(!t.contains(&squeeze(MOYENS_AV2)));
    }
    // The Financements annex is avenant n° 1's.
    for t in both(find(&docs, "annexe-5-financements")) {
        assert!(t.contains(&squeeze("Version consolidée au 1er janvier 2021")));
        assert!(t.contains(&squeeze("MIG – Équipes mobiles de gériatrie (R) 412 000,00 € 498 500,00 € 512 000,00 € 525 300,50 € 538 900,00 € 2 486 700,50 €")));
        assert!(!t.contains(&squeeze("Lactarium")));
    }
    for d in &docs {
        crate::parity::assert_parity(d);
    }
}

#[test]
fn consolidated_after_both_avenants() {
    let docs = consolidated("2022-01-01");
    for t in both(find(&docs, "socle")) {
        assert!(t.contains(&squeeze("Version consolidée au 1er janvier 2022, intégrant les avenants n° 1 du 30 juin 2020 et n° 2 du 15 septembre 2021.")));
        assert!(t.contains(&squeeze(&format!(
            "Article 4 – Moyens {MOYENS_AV2} Rédaction issue de l’avenant n° 2 signé le 15 septembre 2021, en vigueur à compter du 1er octobre 2021. Article 5 – Suivi et évaluation"
        ))));
        assert!(!t.contains(&squeeze(MOYENS_INITIAL)));
        assert!(t.contains(&squeeze(LITIGES_AV1)));
        // The contract's parties, as signed: an avenant's signatories sign only the avenant.
        assert!(t.contains("CAVALIER") && !t.contains("JAFFRE"));
    }
    // The other annexes are the contract's, labelled as consolidated.
    for t in both(find(&docs, "annexe-4-permanence-des-soins")) {
        assert!(t.contains(&squeeze("Version consolidée au 1er janvier 2022")));
        assert!(t.contains(&squeeze("Chirurgie viscérale")));
    }
    let props = docx_part(&find(&docs, "socle").docx, "docProps/core.xml");
    assert!(
        props.contains("version consolidée au 1er janvier 2022"),
        "{props}"
    );
    for d in &docs {
        crate::parity::assert_parity(d);
    }
}

#[test]
fn consolidated_before_any_avenant_is_the_contract_as_signed() {
    let docs = consolidated("2020-01-01");
    for t in both(find(&docs, "socle")) {
        assert!(t.contains(&squeeze(
            "Version consolidée au 1er janvier 2020, aucun avenant n’étant en vigueur à cette date."
        )));
        assert!(t.contains(&squeeze(MOYENS_INITIAL)));
        assert!(t.contains(&squeeze(LITIGES_INITIAL)));
        assert!(!t.contains(&squeeze("Rédaction issue de l’avenant")));
    }
}

#[test]
fn a_consolidation_renders_identically_twice() {
    let lib = Library::builtin().unwrap();
    let render_bytes = || {
        let base = render::load(&root().join(CONTRACT), &lib).unwrap();
        let avenants = AVENANTS
            .iter()
            .map(|a| cpom::avenant::load(&root().join(a), &lib).unwrap())
            .collect();
        let c =
            consolidation::consolider(base, avenants, "2022-01-01".parse().unwrap(), &lib).unwrap();
        consolidation::render(&c, &lib, &Options::default())
            .unwrap()
            .into_iter()
            .flat_map(|r| r.files())
            .collect::<Vec<_>>()
    };
    assert!(render_bytes() == render_bytes());
}

#[test]
fn the_command_writes_a_consolidated_folder() {
    let out = fresh("consolidation-cli");
    let mut args = vec!["render", CONTRACT];
    args.extend(AVENANTS);
    args.extend(["--as-of", "2021-01-01", "--format", "docx", "-o"]);
    args.push(out.to_str().unwrap());
    let o = cpom(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let dir = out.join("CPOM-OCC-2019-340780477/consolide-2021-01-01");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(names.contains(&"socle.docx".to_string()));
    // Only the consolidated folder: the contract's own documents are not rewritten.
    assert_eq!(
        std::fs::read_dir(out.join("CPOM-OCC-2019-340780477"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn an_avenant_rewriting_an_article_the_contract_lacks_is_located() {
    let dir = fresh("consolidation-unknown-article");
    let text = std::fs::read_to_string(root().join(AVENANTS[1]))
        .unwrap()
        .replace(
            "contrat: ../chu-montpellier.yaml",
            &format!("contrat: {}", root().join(CONTRACT).display()),
        )
        .replace(
            "fichier: chu-montpellier-avenant-1.yaml",
            &format!("fichier: {}", root().join(AVENANTS[0]).display()),
        )
        .replace(
            "article: Article 4 – Moyens",
            "article: Article 42 – Moyens",
        );
    let avenant = dir.join("avenant-2.yaml");
    std::fs::write(&avenant, &text).unwrap();
    let line = text.lines().position(|l| l.contains("Article 42")).unwrap() + 1;
    let out = dir.join("out");
    let o = cpom(&[
        "render",
        CONTRACT,
        AVENANTS[0],
        avenant.to_str().unwrap(),
        "--as-of",
        "2022-01-01",
        "-o",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("avenant-2.yaml:{line}:"))
            && stderr.contains("the contract has no article « Article 42 – Moyens »")
            && stderr.contains("Article 4 – Moyens"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn avenants_of_another_contract_are_refused() {
    let out = fresh("consolidation-other");
    let o = cpom(&[
        "render",
        "fixtures/medico-social-ehpad-herault.yaml",
        AVENANTS[0],
        "--as-of",
        "2022-01-01",
        "-o",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("amends another contract"), "{stderr}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

/// A consolidated version informs; it is not signed: no signature block and no paraphe zone in
/// any of its documents, a footer that says what it is, and the consolidation date as the
/// documents' date.
#[test]
fn a_consolidated_version_carries_no_signature_and_says_it_informs() {
    let docs = consolidated_in("2022-01-01", "information");
    assert!(docs.len() >= 6);
    for o in &docs {
        for t in both(o) {
            assert!(
                !t.contains("exemplairesoriginaux"),
                "{}: a signature block",
                o.stem
            );
        }
        let all = squeeze(&pdf_text(&o.pdf));
        assert!(!all.contains("Paraphes"), "{}: a paraphe zone", o.stem);
        assert!(
            all.contains(&squeeze(
                "Document d’information : seuls font foi le contrat et ses avenants signés"
            )),
            "{}: the footer",
            o.stem
        );
        let footer = docx_part(&o.docx, "word/footer1.xml");
        assert!(
            !footer.contains("Paraphes") && footer.contains("Document d’information"),
            "{}: the DOCX footer",
            o.stem
        );
        assert!(
            pdfinfo(&o.pdf).contains("CreationDate:    Sat Jan  1 00:00:00 2022"),
            "{}: dated as of the consolidation",
            o.stem
        );
        assert_eq!(o.doc.metadata.date, "2022-01-01");
    }
}
