//! The consolidated version of a contract as of a date: the contract as signed with every
//! avenant in force at that date applied, in order. Annexes and dates come from the amended
//! data; an article an avenant rewrote gets its new wording in the document model, under its
//! own heading. The documents say they are a consolidated version, and which avenants they
//! include (`avenant/version-consolidee.md`).

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Failure};
use crate::doc::Document;
use crate::model::avenant::Modification;
use crate::render::{self, Library, Loaded, Options, Rendered};

use super::{LoadedAvenant, articles};

/// The partial giving a rewritten article's body.
pub const ARTICLE_MODIFIE: &str = "avenant/article-modifie.md";

pub struct Consolidation {
    pub date: NaiveDate,
    /// The contract with the avenants in force applied.
    pub contrat: Loaded,
    /// Every avenant given, in number order (those in force and those not yet).
    pub avenants: Vec<LoadedAvenant>,
}

/// An avenant in force at the date, as the templates see it.
#[derive(Debug, Serialize)]
struct EnVigueur {
    numero: u32,
    date_signature: String,
    date_effet: String,
}

impl Consolidation {
    fn en_vigueur(&self) -> impl Iterator<Item = &LoadedAvenant> {
        self.avenants
            .iter()
            .filter(|a| a.file.avenant.date_effet <= self.date)
    }
}

/// Applies to `base` every avenant of `avenants` whose date d'effet is on or before `date`.
/// The avenants must all amend `base` and be numbered 1, 2, 3… without gaps.
pub fn consolider(
    base: Loaded,
    mut avenants: Vec<LoadedAvenant>,
    date: NaiveDate,
    lib: &Library,
) -> Result<Consolidation, Failure> {
    let mut errors = Vec::new();
    let debut = base.contrat.periode().date_debut;
    if date < debut {
        return Err(Diagnostic::error(
            &base.source.name,
            format!(
                "--as-of {date} precedes the start of the contract ({debut}): there is no version in force to consolidate"
            ),
        )
        .into());
    }
    let signed = base.contrat.donnees();
    for av in &avenants {
        if av.base.contrat.donnees() != signed {
            let mut d = Diagnostic::error(
                "",
                format!(
                    "avenant n° {} amends another contract (or another version of it) than {}",
                    av.file.avenant.numero, base.source.name
                ),
            );
            d.path = Some("avenant.contrat".into());
            errors.push(av.source.locate(d));
        }
    }
    avenants.sort_by_key(|a| a.file.avenant.numero);
    for (i, av) in avenants.iter().enumerate() {
        let expected = i as u32 + 1;
        if av.file.avenant.numero != expected {
            errors.push(Diagnostic::error(
                &av.source.name,
                format!(
                    "the avenants of a consolidation are numbered 1, 2, 3… without gaps (give every avenant of the contract): expected n° {expected}, found n° {}",
                    av.file.avenant.numero
                ),
            ));
            break;
        }
    }
    if !errors.is_empty() {
        return Err(Failure(errors));
    }
    let contrat = super::appliquer(
        &base,
        avenants
            .iter()
            .filter(|a| a.file.avenant.date_effet <= date)
            .map(|a| (&a.source, &a.file.avenant)),
        lib,
    )?;
    Ok(Consolidation {
        date,
        contrat,
        avenants,
    })
}

/// The folder of a consolidated version, inside the contract's folder.
pub fn folder_name(date: NaiveDate) -> String {
    format!("consolide-{date}")
}

/// Every document of the consolidated contract.
pub fn render(c: &Consolidation, lib: &Library, opts: &Options) -> Result<Vec<Rendered>, Failure> {
    let docs = models(c, lib)?;
    let style = lib.set.text(render::STYLE)?;
    docs.into_iter()
        .map(|(stem, doc)| Rendered::new(stem, doc, lib, style, opts))
        .collect()
}

/// The document models of the consolidated contract, rewritten articles in place.
pub fn models(c: &Consolidation, lib: &Library) -> Result<Vec<(String, Document)>, Failure> {
    let mut ctx = render::context_for(&c.contrat, lib)?;
    let en_vigueur: Vec<EnVigueur> = c
        .en_vigueur()
        .map(|a| EnVigueur {
            numero: a.file.avenant.numero,
            date_signature: a.file.avenant.date_signature.to_string(),
            date_effet: a.file.avenant.date_effet.to_string(),
        })
        .collect();
    ctx.insert(
        "consolidation",
        &serde_json::json!({ "date": c.date.to_string(), "avenants": en_vigueur }),
    );
    let mut docs: Vec<(String, Document)> = render::models(&c.contrat, lib, &ctx)?
        .into_iter()
        .map(|(plan, doc)| (plan.stem, doc))
        .collect();

    // Each rewritten article, in avenant order: a later avenant's wording wins.
    let mut errors = Vec::new();
    for av in c.en_vigueur() {
        let a = &av.file.avenant;
        for (i, m) in a.modifications.iter().enumerate() {
            let Modification::ModificationArticle {
                article,
                nouvelle_redaction,
            } = m
            else {
                continue;
            };
            let mut ctx = ctx.clone();
            ctx.insert(
                "article_modifie",
                &serde_json::json!({
                    "article": article,
                    "nouvelle_redaction": nouvelle_redaction,
                    "avenant": { "numero": a.numero, "date_signature": a.date_signature.to_string(),
                                 "date_effet": a.date_effet.to_string() },
                }),
            );
            let body = render::document(lib, ARTICLE_MODIFIE, &ctx).map_err(|d| lib.located(d))?;
            // The articles are the contract body's (the first document).
            let found = docs
                .first_mut()
                .is_some_and(|(_, doc)| articles::replace(doc, article, &body.blocks));
            if !found {
                let headings = articles::headings(docs.iter().take(1).map(|(_, d)| d));
                let mut d = Diagnostic::error("", articles::unknown(article, &headings));
                d.path = Some(format!(
                    "avenant.modifications[{i}].modification_article.article"
                ));
                errors.push(av.source.locate(d));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Failure(errors));
    }
    Ok(docs)
}
