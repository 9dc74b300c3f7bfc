//! Avenants (`avenant.yaml`, written by hand or computed by `avenant diff`): the base contract is
//! loaded and validated, the earlier avenants given by file are applied to it (the contract in
//! force), then this avenant's modifications (the result must still be a valid contract); the
//! avenant is rendered — one article per modification, a before/after table for each replaced
//! annex — with every replaced or added annex attached in full, through the same templates →
//! markup → document model → PDF/DOCX flow.

use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Failure};
use crate::model::Cpom;
use crate::model::avenant::{AvenantFile, Modification};
use crate::model::load::Source;
use crate::model::validate::Problems;
use crate::render::{self, Library, Loaded, Options, Rendered};
use diff::Changement;

pub mod apply;
pub mod articles;
pub mod calcul;
pub mod consolidation;
pub mod diff;
pub mod vigilance;

/// Whether a data file is an avenant (its top level is `avenant:`).
pub fn is_avenant(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("avenant:"))
}

pub struct LoadedAvenant {
    pub source: Source,
    pub file: AvenantFile,
    /// The contract as signed; as in force before this avenant (the earlier avenants given by
    /// file applied); and as amended by this avenant.
    pub base: Loaded,
    pub avant: Loaded,
    pub amended: Loaded,
    /// What a jurist would question though the avenant is valid ([`vigilance`]), located.
    pub warnings: Vec<Diagnostic>,
}

/// An earlier avenant read from its file, to apply before this one.
pub struct Precedent {
    pub source: Source,
    pub file: AvenantFile,
}

/// One article of the avenant, as the templates see it.
#[derive(Debug, Serialize)]
pub struct ArticleAvenant {
    /// remplacement_annexe, ajout_annexe, suppression_annexe, modification_article, prorogation.
    pub nature: &'static str,
    pub annexe_titre: Option<String>,
    pub annexe_numero: Option<usize>,
    pub article: Option<String>,
    /// The rewritten article's number and title, read from its heading (« Article 9 –
    /// Litiges » → « 9 », « Litiges »), so that the avenant writes « l’article 9 (Litiges) ».
    pub article_numero: Option<String>,
    pub article_intitule: Option<String>,
    pub nouvelle_redaction: Option<String>,
    pub nouvelle_date_fin: Option<String>,
    /// A prorogation: the end in force before it.
    pub ancienne_date_fin: Option<String>,
    /// A replaced annex: what changed in it, for the before/after table.
    pub changements: Vec<Changement>,
}

pub fn load(path: &Path, lib: &Library) -> Result<LoadedAvenant, Failure> {
    load_source(Source::read(path)?, lib)
}

/// An avenant already read; the files it names (`contrat`, earlier avenants' `fichier`) are
/// relative to the folder of `source.name`, its path.
pub fn load_source(source: Source, lib: &Library) -> Result<LoadedAvenant, Failure> {
    let file: AvenantFile = source.parse()?;
    let dir = Path::new(&source.name)
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let base_path = dir.join(&file.avenant.contrat);
    let base = render::load(&base_path, lib).map_err(|f| {
        let mut all = vec![source.locate(at(
            "avenant.contrat",
            format!("the base contract {} is not valid", base_path.display()),
        ))];
        all.extend(f.0);
        Failure(all)
    })?;
    let mut precedents = Vec::new();
    let mut errors = Vec::new();
    for (i, p) in file.avenant.avenants_precedents.iter().enumerate() {
        let Some(f) = &p.fichier else { continue };
        match Source::read(&dir.join(f)).and_then(|s| s.parse().map(|file| (s, file))) {
            Ok((source, file)) => precedents.push(Precedent { source, file }),
            Err(e) => {
                errors.push(source.locate(at(
                    &format!("avenant.avenants_precedents[{i}].fichier"),
                    format!("avenant n° {} cannot be read from {f}", p.numero),
                )));
                errors.extend(e.0);
            }
        }
    }
    if !errors.is_empty() {
        return Err(Failure(errors));
    }
    check(source, file, base, precedents, lib)
}

/// The files an avenant's documents depend on besides itself: its contract and the earlier
/// avenants it gives by file (what `batch` hashes to know whether its documents are up to date).
pub fn dependencies(source: &Source) -> Vec<std::path::PathBuf> {
    let Ok(file) = source.parse::<AvenantFile>() else {
        return Vec::new();
    };
    let dir = Path::new(&source.name).parent().unwrap_or(Path::new("."));
    std::iter::once(dir.join(&file.avenant.contrat))
        .chain(
            file.avenant
                .avenants_precedents
                .iter()
                .filter_map(|p| p.fichier.as_ref().map(|f| dir.join(f))),
        )
        .collect()
}

/// The contract in force after the earlier avenants: `base` with each of `precedents` applied in
/// order. Problems are located in the earlier avenant's own file.
pub fn en_vigueur(
    base: &Loaded,
    precedents: &[Precedent],
    lib: &Library,
) -> Result<Loaded, Failure> {
    appliquer(
        base,
        precedents.iter().map(|p| (&p.source, &p.file.avenant)),
        lib,
    )
}

/// `base` with each avenant applied in the order given; problems located in each avenant's file.
pub fn appliquer<'a>(
    base: &Loaded,
    avenants: impl IntoIterator<Item = (&'a Source, &'a crate::model::avenant::Avenant)>,
    lib: &Library,
) -> Result<Loaded, Failure> {
    let mut contrat = base.contrat.clone();
    let mut errors = Vec::new();
    for (source, avenant) in avenants {
        let mut p = Problems::default();
        apply::apply(&mut contrat, avenant, lib, &mut p);
        errors.extend(
            p.0.into_iter()
                .filter(Diagnostic::is_error)
                .map(|d| source.locate(d)),
        );
    }
    if !errors.is_empty() {
        return Err(Failure(errors));
    }
    Ok(Loaded {
        source: base.source.clone(),
        contrat,
        warnings: base.warnings.clone(),
    })
}

/// Checks an avenant against its base contract and applies it: the avenant's own rules
/// (FINESS, numbering, dates), then [`apply::apply`]. Problems are located in `source`.
pub fn check(
    source: Source,
    file: AvenantFile,
    base: Loaded,
    precedents: Vec<Precedent>,
    lib: &Library,
) -> Result<LoadedAvenant, Failure> {
    let a = &file.avenant;
    let mut p = Problems::default();
    // Each earlier avenant given by file is the one the visas cite, of the same contract.
    for (i, entry) in a.avenants_precedents.iter().enumerate() {
        let Some(prec) = precedents
            .iter()
            .find(|x| entry.fichier.is_some() && x.file.avenant.numero == entry.numero)
        else {
            if entry.fichier.is_some() {
                p.error(
                    format!("avenant.avenants_precedents[{i}].fichier"),
                    format!("this file is not avenant n° {}", entry.numero),
                );
            }
            continue;
        };
        let x = &prec.file.avenant;
        if x.date_signature != entry.date_signature || x.finess_juridique != a.finess_juridique {
            p.error(
                format!("avenant.avenants_precedents[{i}]"),
                format!(
                    "avenant n° {} of {} is signed on {} for FINESS {}",
                    x.numero, prec.source.name, x.date_signature, x.finess_juridique
                ),
            );
        }
    }
    let avant = en_vigueur(&base, &precedents, lib)?;
    if base.contrat.finess_juridique() != a.finess_juridique {
        p.error(
            "avenant.finess_juridique",
            format!(
                "the base contract is that of FINESS {}, not {}",
                base.contrat.finess_juridique(),
                a.finess_juridique
            ),
        );
    }
    if a.numero == 0 {
        p.error("avenant.numero", "avenants are numbered from 1");
    }
    let expected: Vec<u32> = (1..a.numero).collect();
    let given: Vec<u32> = a.avenants_precedents.iter().map(|x| x.numero).collect();
    if given != expected {
        p.error(
            "avenant.avenants_precedents",
            format!(
                "avenant n° {} must follow avenants {expected:?} (consecutive numbers), found {given:?}",
                a.numero
            ),
        );
    }
    let signed = base.contrat.date_signature();
    if a.date_signature < signed {
        p.error(
            "avenant.date_signature",
            format!("the avenant is signed before the contract ({signed})"),
        );
    }
    if let Some(w) = a
        .avenants_precedents
        .iter()
        .find(|x| x.date_signature > a.date_signature)
    {
        p.error(
            "avenant.date_signature",
            format!(
                "avenant n° {} was signed after this one ({})",
                w.numero, w.date_signature
            ),
        );
    }
    if a.modifications.is_empty() {
        p.error(
            "avenant.modifications",
            "an avenant modifies at least one stipulation",
        );
    }
    let mut amended = avant.contrat.clone();
    if let Some(s) = &a.signataires {
        apply::signataires(&mut amended, s, a.date_signature, &mut p);
    }
    apply::apply(&mut amended, a, lib, &mut p);
    vigilance::avertissements(a, &avant.contrat, &amended, &lib.matrice, &mut p);
    // An article rewritten must be one the contract has, named as its heading reads.
    if a.modifications
        .iter()
        .any(|m| matches!(m, Modification::ModificationArticle { .. }))
    {
        // The articles are the contract body's (the first document), not the annexes' sections.
        let docs = render::documents_only(&avant, lib)?;
        let headings = articles::headings(docs.iter().take(1).map(|(_, _, d)| d));
        for (i, m) in a.modifications.iter().enumerate() {
            if let Modification::ModificationArticle { article, .. } = m
                && !article.trim().is_empty()
                && !articles::exists(&headings, article)
            {
                p.error(
                    format!("avenant.modifications[{i}].modification_article.article"),
                    articles::unknown(article, &headings),
                );
            }
        }
    }
    let errors: Vec<Diagnostic> = p.0.into_iter().map(|d| source.locate(d)).collect();
    if errors.iter().any(Diagnostic::is_error) {
        return Err(Failure(errors));
    }
    let warnings = errors;
    let amended = Loaded {
        source: base.source.clone(),
        contrat: amended,
        warnings: Vec::new(),
    };
    Ok(LoadedAvenant {
        source,
        file,
        base,
        avant,
        amended,
        warnings,
    })
}

fn at(path: &str, message: String) -> Diagnostic {
    let mut d = Diagnostic::error("", message);
    d.path = Some(path.into());
    d
}

/// The avenant, then each annex it replaces or adds, attached in full.
pub fn render(av: &LoadedAvenant, lib: &Library, opts: &Options) -> Result<Vec<Rendered>, Failure> {
    let style = lib.set.text(render::STYLE)?;
    models(av, lib)?
        .into_iter()
        .map(|(_, stem, doc)| Rendered::new(stem, doc, lib, style, opts))
        .collect()
}

/// The avenant's documents in the document model: (kind for the checklist, stem, document).
/// The avenant itself is of kind `avenant` or `avenant_medico_social`; an attached annex is of
/// its annex's kind.
pub fn models(
    av: &LoadedAvenant,
    lib: &Library,
) -> Result<Vec<(String, String, crate::doc::Document)>, Failure> {
    let a = &av.file.avenant;
    let mut ctx = render::context_for(&av.amended, lib)?;
    let plans = render::documents(&av.amended.contrat, &lib.matrice);
    let annex = |id: &str| {
        plans
            .iter()
            .find_map(|p| p.annexe.as_ref().filter(|x| x.id == id))
            .cloned()
    };
    let titre = |id: &str| {
        lib.matrice
            .annexes
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.titre.clone())
    };
    let articles: Vec<ArticleAvenant> = a
        .modifications
        .iter()
        .map(|m| {
            let mut art = ArticleAvenant {
                nature: "",
                annexe_titre: None,
                annexe_numero: None,
                article: None,
                article_numero: None,
                article_intitule: None,
                nouvelle_redaction: None,
                nouvelle_date_fin: None,
                ancienne_date_fin: None,
                changements: Vec::new(),
            };
            match m {
                Modification::RemplacementAnnexe { annexe, .. }
                | Modification::AjoutAnnexe { annexe, .. } => {
                    art.nature = if matches!(m, Modification::AjoutAnnexe { .. }) {
                        "ajout_annexe"
                    } else {
                        "remplacement_annexe"
                    };
                    art.annexe_titre = titre(annexe);
                    art.annexe_numero = annex(annexe).map(|x| x.numero);
                    if let (Cpom::Sanitaire(old), Cpom::Sanitaire(new)) =
                        (&av.avant.contrat, &av.amended.contrat)
                        && matches!(m, Modification::RemplacementAnnexe { .. })
                    {
                        art.changements = diff::changements(annexe, &old.annexes, &new.annexes);
                    }
                }
                Modification::SuppressionAnnexe { annexe } => {
                    art.nature = "suppression_annexe";
                    art.annexe_titre = titre(annexe);
                }
                Modification::ModificationArticle {
                    article,
                    nouvelle_redaction,
                } => {
                    art.nature = "modification_article";
                    art.article = Some(article.clone());
                    if let Some((numero, intitule)) = articles::numero_et_intitule(article) {
                        art.article_numero = Some(numero);
                        art.article_intitule = intitule;
                    }
                    art.nouvelle_redaction = Some(nouvelle_redaction.clone());
                }
                Modification::Prorogation { nouvelle_date_fin } => {
                    art.nature = "prorogation";
                    art.nouvelle_date_fin = Some(nouvelle_date_fin.to_string());
                    art.ancienne_date_fin = Some(av.avant.contrat.periode().date_fin.to_string());
                }
            }
            art
        })
        .collect();
    ctx.insert("avenant", a);
    // "Fait à …, le …": the avenant's own signature, same parties and number of originals.
    let exemplaires = match &av.amended.contrat {
        Cpom::Sanitaire(c) => c.signature.exemplaires as usize,
        Cpom::MedicoSocial(c) => c.parties(),
    };
    ctx.insert("signature", &serde_json::json!({
        "lieu": a.lieu_signature, "date": a.date_signature.to_string(), "exemplaires": exemplaires
    }));
    ctx.insert("articles_avenant", &articles);
    let (base_debut, base_fin, base_signature) = (
        av.base.contrat.periode().date_debut,
        av.base.contrat.periode().date_fin,
        av.base.contrat.date_signature(),
    );
    ctx.insert("contrat_initial", &serde_json::json!({
        "date_debut": base_debut.to_string(), "date_fin": base_fin.to_string(), "date_signature": base_signature.to_string()
    }));
    let template = match av.amended.contrat {
        Cpom::Sanitaire(_) => "sanitaire/avenant.md",
        Cpom::MedicoSocial(_) => "medico-social/avenant.md",
    };
    let kind = match av.amended.contrat {
        Cpom::Sanitaire(_) => "avenant",
        Cpom::MedicoSocial(_) => "avenant_medico_social",
    };
    let mut out = vec![(
        kind.to_string(),
        format!("avenant-{}", a.numero),
        render::document(lib, template, &ctx)?,
    )];
    for m in &a.modifications {
        if let Modification::RemplacementAnnexe { annexe: id, .. }
        | Modification::AjoutAnnexe { annexe: id, .. } = m
            && let Some(plan) = plans
                .iter()
                .find(|p| p.annexe.as_ref().is_some_and(|x| &x.id == id))
        {
            let mut c = ctx.clone();
            c.insert("annexe", plan.annexe.as_ref().expect("an annex plan"));
            out.push((
                plan.kind.clone(),
                format!("avenant-{}-{}", a.numero, plan.stem),
                render::document(lib, &plan.template, &c)?,
            ));
        }
    }
    Ok(out)
}

/// One line for the terminal saying what a modification does (infrastructure English; the
/// contract's words are in the templates).
pub fn summary(m: &Modification, av: &LoadedAvenant) -> String {
    match (m, &av.avant.contrat, &av.amended.contrat) {
        (
            Modification::RemplacementAnnexe { annexe, .. },
            Cpom::Sanitaire(o),
            Cpom::Sanitaire(n),
        ) => {
            let n = diff::changements(annexe, &o.annexes, &n.annexes).len();
            format!(
                "replaces annex `{annexe}` ({n} change{})",
                if n == 1 { "" } else { "s" }
            )
        }
        (Modification::RemplacementAnnexe { annexe, .. }, ..) => {
            format!("replaces annex `{annexe}`")
        }
        (Modification::AjoutAnnexe { annexe, .. }, ..) => format!("adds annex `{annexe}`"),
        (Modification::SuppressionAnnexe { annexe }, ..) => format!("removes annex `{annexe}`"),
        (Modification::ModificationArticle { article, .. }, ..) => {
            format!("rewrites « {article} »")
        }
        (Modification::Prorogation { nouvelle_date_fin }, ..) => {
            format!("prorogues the contract to {nouvelle_date_fin}")
        }
    }
}
