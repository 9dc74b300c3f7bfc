//! Suivi: the yearly review of a contract, computed from what was achieved.
//!
//! The team writes the values achieved in a year (`suivi:` file: the contract, the year, per
//! indicator the value and a comment); cpom matches each to the contract's indicator (by axe,
//! objective and libellé, as avenants match them), computes the target of the year, the gap and
//! a status by the rule of `suivi/statuts.yaml` (data, which an agency adapts), and renders the
//! revue annuelle (`suivi/revue-annuelle.md`) as PDF and DOCX like every other document.

pub mod execution;
pub mod renegociation;
pub mod statut;
pub mod synthese;
pub mod tableur;
pub mod valeur;

use std::path::Path;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Failure};
use crate::model::Cpom;
use crate::model::load::Source;
use crate::render::{self, Library, Loaded, Options, Rendered};
use statut::{Calcul, Regle};
use valeur::Valeur;

/// The template of the yearly review.
pub const REVUE_ANNUELLE: &str = "suivi/revue-annuelle.md";
/// The template of the mid-term review and of the final report.
pub const BILAN: &str = "suivi/bilan.md";

/// A `suivi:` file: the values achieved in one year of one contract.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FichierSuivi {
    pub suivi: Suivi,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suivi {
    /// The contract's reference (`reference:` of its file).
    pub contrat: String,
    /// The year reviewed.
    pub annee: i32,
    /// The day of the review (the meeting ARS / titulaire); printed when given.
    #[serde(default)]
    pub date_revue: Option<NaiveDate>,
    /// One entry per indicator measured; an indicator of the contract without an entry, or
    /// with no `valeur`, is « non renseigné ».
    #[serde(default)]
    pub valeurs: Vec<ValeurRealisee>,
    /// The amounts paid in the year (exécution financière), per line of the Financements
    /// annex (sanitaire) or dotation (médico-social); without them the review has no
    /// financial part.
    #[serde(default)]
    pub financements: Vec<execution::MontantVerse>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValeurRealisee {
    /// The axe (sanitaire) or strategic objective (médico-social) of the indicator; needed
    /// only when its libellé is not unique in the contract.
    #[serde(default)]
    pub axe: Option<String>,
    /// Its objective (sanitaire) or operational objective (médico-social), same rule.
    #[serde(default)]
    pub objectif: Option<String>,
    pub libelle: String,
    /// The value achieved, written as the contract writes its targets (« 64 % », « oui »).
    #[serde(default)]
    pub valeur: Option<String>,
    #[serde(default)]
    pub commentaire: Option<String>,
}

/// An indicator of the contract, whatever its sector.
#[derive(Debug, Clone)]
pub struct IndicateurDuContrat {
    pub axe: String,
    pub objectif: String,
    pub libelle: String,
    pub valeur_initiale: String,
    /// The year of the initial value.
    pub annee_reference: i32,
    pub cible: Option<String>,
    pub echeance: Option<NaiveDate>,
    /// (year, target) milestones.
    pub cibles_intermediaires: Vec<(i32, String)>,
    /// The stated direction, if any.
    pub sens: Option<crate::model::annexes::orientations::Sens>,
}

/// Every indicator of a contract, in the contract's order.
pub fn indicateurs(c: &Cpom) -> Vec<IndicateurDuContrat> {
    let mut out = Vec::new();
    match c {
        Cpom::Sanitaire(c) => {
            if let Some(o) = &c.annexes.orientations_strategiques {
                for axe in &o.axes {
                    for obj in &axe.objectifs {
                        for i in &obj.indicateurs {
                            out.push(IndicateurDuContrat {
                                axe: axe.intitule.clone(),
                                objectif: obj.intitule.clone(),
                                libelle: i.libelle.clone(),
                                valeur_initiale: i.valeur_initiale.clone(),
                                annee_reference: i.annee_reference,
                                cible: i.cible.clone(),
                                echeance: i.echeance,
                                cibles_intermediaires: i
                                    .cibles_intermediaires
                                    .iter()
                                    .map(|c| (c.annee, c.valeur.clone()))
                                    .collect(),
                                sens: i.sens,
                            });
                        }
                    }
                }
            }
        }
        Cpom::MedicoSocial(c) => {
            // The initial value is the diagnostic's: the year before the contract starts.
            let reference = chrono::Datelike::year(&c.periode.date_debut) - 1;
            for obj in &c.objectifs {
                for op in &obj.operationnels {
                    for i in &op.indicateurs {
                        out.push(IndicateurDuContrat {
                            axe: obj.intitule.clone(),
                            objectif: op.intitule.clone(),
                            libelle: i.libelle.clone(),
                            valeur_initiale: i.valeur_initiale.clone(),
                            annee_reference: reference,
                            cible: Some(i.cible.clone()),
                            echeance: Some(i.echeance),
                            cibles_intermediaires: i
                                .jalons
                                .iter()
                                .map(|j| (j.annee, j.valeur.clone()))
                                .collect(),
                            sens: i.sens,
                        });
                    }
                }
            }
        }
    }
    out
}

/// A suivi file read and matched to its contract.
pub struct LoadedSuivi {
    pub source: Source,
    pub suivi: Suivi,
    /// For each indicator of the contract, the entry of the file that measures it.
    pub mesures: Vec<Option<usize>>,
    pub warnings: Vec<Diagnostic>,
}

/// Whether a file is a suivi file: its top level says `suivi:`.
pub fn is_suivi(source: &Source) -> bool {
    is_suivi_text(&source.text)
}

/// Whether `text` is a suivi file (a top-level `suivi:` key): `cpom batch` leaves such files of
/// a campaign folder to `cpom suivi` and `cpom synthese`.
pub fn is_suivi_text(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("suivi:"))
}

/// Reads the suivi file `path` of the contract `contrat` — a `suivi:` YAML file, or a
/// spreadsheet with one row per indicator ([`tableur`]): every entry must name an indicator of
/// the contract (unknown and ambiguous ones are located errors), the year must lie in the
/// contract's period.
pub fn load(path: &Path, contrat: &Loaded, lib: &Library) -> Result<LoadedSuivi, Failure> {
    if tableur::is_tableur(path) {
        let (source, suivi) = tableur::lire(path, &lib.set)?;
        return associer(source, suivi, contrat);
    }
    let source = Source::read(path)?;
    let file: FichierSuivi = source.parse()?;
    associer(source, file.suivi, contrat)
}

/// Matches the values of `suivi` (read from `source`) to the indicators of `contrat`.
pub fn associer(source: Source, suivi: Suivi, contrat: &Loaded) -> Result<LoadedSuivi, Failure> {
    let all = indicateurs(&contrat.contrat);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut error = |path: String, message: String| {
        let mut d = Diagnostic::error("", message);
        d.path = Some(path);
        problems.push(d);
    };
    if suivi.contrat != contrat.contrat.reference() {
        error(
            "suivi.contrat".into(),
            format!(
                "ce suivi porte sur le contrat `{}`, pas sur `{}` ({})",
                suivi.contrat,
                contrat.contrat.reference(),
                contrat.source.name
            ),
        );
    }
    let periode = contrat.contrat.periode();
    let (debut, fin) = (
        chrono::Datelike::year(&periode.date_debut),
        chrono::Datelike::year(&periode.date_fin),
    );
    if suivi.annee < debut || suivi.annee > fin {
        error(
            "suivi.annee".into(),
            format!(
                "l’année {} n’est pas une année du contrat ({debut}-{fin})",
                suivi.annee
            ),
        );
    }
    let mut mesures: Vec<Option<usize>> = vec![None; all.len()];
    for (k, v) in suivi.valeurs.iter().enumerate() {
        let path = format!("suivi.valeurs[{k}]");
        let same = |a: &Option<String>, b: &str| a.as_deref().is_none_or(|a| a.trim() == b.trim());
        let found: Vec<usize> = all
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                i.libelle.trim() == v.libelle.trim()
                    && same(&v.axe, &i.axe)
                    && same(&v.objectif, &i.objectif)
            })
            .map(|(n, _)| n)
            .collect();
        match found.as_slice() {
            [] => {
                let close: Vec<String> = all
                    .iter()
                    .filter(|i| i.libelle.trim() == v.libelle.trim())
                    .map(|i| format!("« {} » / « {} »", i.axe, i.objectif))
                    .collect();
                let hint = if close.is_empty() {
                    let known: Vec<String> =
                        all.iter().map(|i| format!("« {} »", i.libelle)).collect();
                    format!("les indicateurs du contrat sont : {}", known.join(", "))
                } else {
                    format!("cet indicateur existe sous : {}", close.join(" ; "))
                };
                error(
                    format!("{path}.libelle"),
                    format!(
                        "le contrat n’a pas d’indicateur « {} » ici ; {hint}",
                        v.libelle
                    ),
                );
            }
            [one] => {
                if let Some(previous) = mesures[*one] {
                    error(
                        format!("{path}.libelle"),
                        format!(
                            "l’indicateur « {} » est déjà renseigné (suivi.valeurs[{previous}])",
                            v.libelle
                        ),
                    );
                } else {
                    mesures[*one] = Some(k);
                }
            }
            many => {
                let places: Vec<String> = many
                    .iter()
                    .map(|n| format!("« {} » / « {} »", all[*n].axe, all[*n].objectif))
                    .collect();
                error(
                    format!("{path}.libelle"),
                    format!(
                        "plusieurs indicateurs s’appellent « {} » : précisez axe et objectif ({})",
                        v.libelle,
                        places.join(" ; ")
                    ),
                );
            }
        }
    }
    for (path, message) in execution::erreurs(&contrat.contrat, &suivi.financements) {
        error(path, message);
    }
    let problems: Vec<Diagnostic> = problems.into_iter().map(|d| source.locate(d)).collect();
    if !problems.is_empty() {
        return Err(Failure(problems));
    }
    Ok(LoadedSuivi {
        source,
        suivi,
        mesures,
        warnings: Vec::new(),
    })
}

/// One indicator at the review, as the template prints it.
#[derive(Debug, Clone, Serialize)]
pub struct LigneRevue {
    pub libelle: String,
    pub valeur_initiale: String,
    pub cible: String,
    /// The target of the year, as written or computed on the trajectory.
    pub cible_annee: String,
    /// `intermediaire`, `trajectoire`, `finale` or `non_chiffree`.
    pub origine_cible: &'static str,
    pub realise: Option<String>,
    /// The gap to the target of the year, signed, with its unit (« −2 % »).
    pub ecart: Option<String>,
    /// The share of the way from the initial value to the target of the year, in percent.
    pub avancement: Option<String>,
    /// The same as a fraction (1 = the target of the year), for the workbook.
    pub avancement_valeur: Option<f64>,
    /// `atteint`, `en_bonne_voie`, `en_retard`, `non_renseigne`.
    pub statut: &'static str,
    pub statut_libelle: String,
    pub commentaire: Option<String>,
    /// The chart of a numeric indicator with a value: its series as `::: graphique` reads them.
    pub graphique: Option<GraphiqueRevue>,
    /// The contract's indicator (for the charts of a bilan).
    #[serde(skip)]
    pub indicateur: Option<IndicateurDuContrat>,
}

/// An indicator's chart: the trajectory of its targets (initial value, intermediate targets,
/// final target) and the value achieved, one entry per year (`60; ; ; 63`).
#[derive(Debug, Clone, Serialize)]
pub struct GraphiqueRevue {
    pub unite: String,
    pub annees: String,
    pub cibles: String,
    pub realises: String,
}

fn graphique(
    i: &IndicateurDuContrat,
    realises: &std::collections::BTreeMap<i32, f64>,
) -> Option<GraphiqueRevue> {
    let (premiere, derniere) = (*realises.keys().next()?, *realises.keys().next_back()?);
    let cible = i.cible.as_deref().map(Valeur::lire)?;
    let finale = cible.nombre()?;
    let initiale = Valeur::lire(&i.valeur_initiale).nombre()?;
    let fin = i.echeance.map_or(derniere, |d| chrono::Datelike::year(&d));
    let debut = i.annee_reference.min(premiere);
    let fin = fin.max(derniere);
    let mut cibles: std::collections::BTreeMap<i32, f64> = Default::default();
    cibles.insert(i.annee_reference, initiale);
    for (a, v) in &i.cibles_intermediaires {
        if let Some(n) = Valeur::lire(v).nombre() {
            cibles.insert(*a, n);
        }
    }
    if let Some(d) = i.echeance {
        cibles.insert(chrono::Datelike::year(&d), finale);
    }
    let annees: Vec<i32> = (debut..=fin).collect();
    let join = |m: &std::collections::BTreeMap<i32, f64>| {
        annees
            .iter()
            .map(|a| m.get(a).map(|v| format!("{v}")).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("; ")
    };
    Some(GraphiqueRevue {
        unite: cible.unite().to_string(),
        annees: annees
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join("; "),
        cibles: join(&cibles),
        realises: join(realises),
    })
}

/// An objective of a review or a bilan, with its indicators' lines (`L`).
#[derive(Debug, Clone, Serialize)]
pub struct Objectif<L> {
    pub intitule: String,
    pub indicateurs: Vec<L>,
    /// The indicators of the objective that carry a comment, in order (yearly review).
    pub commentaires: Vec<Commentaire>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Commentaire {
    pub libelle: String,
    pub commentaire: String,
}

/// An axe (sanitaire) or strategic objective (médico-social) of a review or a bilan.
#[derive(Debug, Clone, Serialize)]
pub struct Axe<L> {
    pub intitule: String,
    pub objectifs: Vec<Objectif<L>>,
}

/// The yearly review of a contract, computed: what the template prints.
#[derive(Debug, Clone, Serialize)]
pub struct Revue {
    pub annee: i32,
    pub date_revue: Option<String>,
    pub axes: Vec<Axe<LigneRevue>>,
    /// How many indicators have each status (`atteint`…), and how many in all.
    pub comptes: std::collections::BTreeMap<&'static str, usize>,
    pub total: usize,
    pub libelles: std::collections::BTreeMap<String, String>,
    /// The financial execution of the year, when the values file gives amounts paid.
    pub financements: Option<execution::Execution>,
}

/// Computes the review of `s` for its contract, by the rule `regle`.
pub fn revue(contrat: &Cpom, s: &LoadedSuivi, regle: &Regle) -> Revue {
    let all = indicateurs(contrat);
    let mut axes: Vec<Axe<LigneRevue>> = Vec::new();
    let mut comptes = std::collections::BTreeMap::new();
    for key in statut::STATUTS {
        comptes.insert(*key, 0);
    }
    for (n, i) in all.iter().enumerate() {
        let mesure = s.mesures[n].map(|k| &s.suivi.valeurs[k]);
        let realise = mesure
            .and_then(|m| m.valeur.as_deref())
            .filter(|v| !v.trim().is_empty());
        let c: Calcul = statut::calculer(i, s.suivi.annee, realise.map(Valeur::lire), regle);
        *comptes.entry(c.statut).or_default() += 1;
        let ligne = LigneRevue {
            indicateur: Some(i.clone()),
            libelle: i.libelle.clone(),
            valeur_initiale: i.valeur_initiale.clone(),
            cible: i.cible.clone().unwrap_or_default(),
            cible_annee: c.cible_annee,
            origine_cible: c.origine_cible,
            realise: realise.map(str::to_string),
            ecart: c.ecart,
            avancement: c.avancement,
            avancement_valeur: c.progression,
            statut: c.statut,
            statut_libelle: regle.libelle(c.statut),
            commentaire: mesure.and_then(|m| m.commentaire.clone()),
            graphique: graphique(
                i,
                &realise
                    .and_then(|r| Valeur::lire(r).nombre())
                    .map(|v| (s.suivi.annee, v))
                    .into_iter()
                    .collect(),
            ),
        };
        if axes.last().is_none_or(|a| a.intitule != i.axe) {
            axes.push(Axe {
                intitule: i.axe.clone(),
                objectifs: Vec::new(),
            });
        }
        let axe = axes.last_mut().expect("just pushed");
        if axe
            .objectifs
            .last()
            .is_none_or(|o| o.intitule != i.objectif)
        {
            axe.objectifs.push(Objectif {
                intitule: i.objectif.clone(),
                indicateurs: Vec::new(),
                commentaires: Vec::new(),
            });
        }
        let objectif = axe.objectifs.last_mut().expect("just pushed");
        if let Some(c) = &ligne.commentaire {
            objectif.commentaires.push(Commentaire {
                libelle: ligne.libelle.clone(),
                commentaire: c.clone(),
            });
        }
        objectif.indicateurs.push(ligne);
    }
    Revue {
        annee: s.suivi.annee,
        date_revue: s.suivi.date_revue.map(|d| d.to_string()),
        axes,
        comptes,
        total: all.len(),
        libelles: regle.libelles.clone(),
        financements: execution::execution(contrat, s.suivi.annee, &s.suivi.financements),
    }
}

/// File stem of the yearly review of `annee`.
pub fn stem(annee: i32) -> String {
    format!("revue-annuelle-{annee}")
}

/// Renders the yearly review: its document model from `suivi/revue-annuelle.md` with the
/// contract's context and `revue`, in the formats of `opts`.
pub fn render(
    contrat: &Loaded,
    s: &LoadedSuivi,
    lib: &Library,
    opts: &Options,
) -> Result<Vec<Rendered>, Failure> {
    let regle = Regle::load(&lib.set)?;
    let revue = revue(&contrat.contrat, s, &regle);
    Ok(vec![document(
        contrat,
        ("revue", &revue),
        REVUE_ANNUELLE,
        stem(s.suivi.annee),
        lib,
        opts,
    )?])
}

/// One document of the suivi of `contrat`: `template` with the contract's context, the sector
/// (`secteur`) and `(name, value)`, in the formats of `opts`, as `stem`.
fn document(
    contrat: &Loaded,
    (name, value): (&'static str, &impl Serialize),
    template: &str,
    stem: String,
    lib: &Library,
    opts: &Options,
) -> Result<Rendered, Failure> {
    let mut ctx = render::context_for(contrat, lib)?;
    ctx.insert(name, value);
    ctx.insert(
        "secteur",
        match contrat.contrat {
            Cpom::Sanitaire(_) => "sanitaire",
            Cpom::MedicoSocial(_) => "medico_social",
        },
    );
    let doc = render::document(lib, template, &ctx).map_err(|d| lib.located(d))?;
    let style = lib.set.text(render::STYLE)?;
    let opts = Options {
        documents: None,
        ..opts.clone()
    };
    Rendered::new(stem, doc, lib, style, &opts)
}

/// What a bilan covers: the mid-term review (bilan à mi-parcours: the comité de suivi of year 3
/// in the 2017 model, the mid-term evaluation of the sanitaire 2020 wording) or the final
/// execution report (rapport final d'exécution).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NatureBilan {
    MiParcours,
    Final,
}

impl NatureBilan {
    pub fn stem(self) -> &'static str {
        match self {
            NatureBilan::MiParcours => "bilan-mi-parcours",
            NatureBilan::Final => "rapport-final",
        }
    }
}

/// One indicator over the years of a bilan.
#[derive(Debug, Clone, Serialize)]
pub struct LigneBilan {
    pub libelle: String,
    pub valeur_initiale: String,
    pub cible: String,
    /// The value achieved each year of the bilan (None: not given).
    pub realises: Vec<Option<String>>,
    /// The status of the last year.
    pub statut: &'static str,
    pub statut_libelle: String,
    pub graphique: Option<GraphiqueRevue>,
}

/// The bilan: every year given, each indicator's values and its status at the last year.
#[derive(Debug, Clone, Serialize)]
pub struct Bilan {
    pub nature: NatureBilan,
    pub annees: Vec<i32>,
    pub derniere: i32,
    pub axes: Vec<Axe<LigneBilan>>,
    /// Statuses at the last year.
    pub comptes: std::collections::BTreeMap<&'static str, usize>,
    pub total: usize,
    pub libelles: std::collections::BTreeMap<String, String>,
}

/// The bilan of the reviews `revues` (one per year, in year order).
pub fn bilan(nature: NatureBilan, revues: &[Revue]) -> Option<Bilan> {
    let last = revues.last()?;
    let mut axes = Vec::new();
    for (ka, axe) in last.axes.iter().enumerate() {
        let mut objectifs = Vec::new();
        for (ko, o) in axe.objectifs.iter().enumerate() {
            let mut indicateurs = Vec::new();
            for (ki, i) in o.indicateurs.iter().enumerate() {
                fn ligne(r: &Revue, ka: usize, ko: usize, ki: usize) -> &LigneRevue {
                    &r.axes[ka].objectifs[ko].indicateurs[ki]
                }
                let realises: Vec<Option<String>> = revues
                    .iter()
                    .map(|r| ligne(r, ka, ko, ki).realise.clone())
                    .collect();
                let points: std::collections::BTreeMap<i32, f64> = revues
                    .iter()
                    .filter_map(|r| {
                        let v = Valeur::lire(ligne(r, ka, ko, ki).realise.as_deref()?).nombre()?;
                        Some((r.annee, v))
                    })
                    .collect();
                indicateurs.push(LigneBilan {
                    libelle: i.libelle.clone(),
                    valeur_initiale: i.valeur_initiale.clone(),
                    cible: i.cible.clone(),
                    realises,
                    statut: i.statut,
                    statut_libelle: i.statut_libelle.clone(),
                    graphique: i.indicateur.as_ref().and_then(|d| graphique(d, &points)),
                });
            }
            objectifs.push(Objectif {
                intitule: o.intitule.clone(),
                indicateurs,
                commentaires: Vec::new(),
            });
        }
        axes.push(Axe {
            intitule: axe.intitule.clone(),
            objectifs,
        });
    }
    Some(Bilan {
        nature,
        annees: revues.iter().map(|r| r.annee).collect(),
        derniere: last.annee,
        axes,
        comptes: last.comptes.clone(),
        total: last.total,
        libelles: last.libelles.clone(),
    })
}

/// Renders the reviews of `suivis` (one per year), and the bilan `nature` of all of them.
pub fn render_all(
    contrat: &Loaded,
    suivis: &[LoadedSuivi],
    nature: Option<NatureBilan>,
    lib: &Library,
    opts: &Options,
) -> Result<Vec<Rendered>, Failure> {
    let mut suivis: Vec<&LoadedSuivi> = suivis.iter().collect();
    suivis.sort_by_key(|s| s.suivi.annee);
    if let Some(w) = suivis
        .windows(2)
        .find(|w| w[0].suivi.annee == w[1].suivi.annee)
    {
        return Err(Diagnostic::error(
            w[1].source.name.clone(),
            format!(
                "l’année {} est déjà revue par {}",
                w[1].suivi.annee, w[0].source.name
            ),
        )
        .into());
    }
    let mut out = Vec::new();
    for s in &suivis {
        out.extend(render(contrat, s, lib, opts)?);
    }
    if let Some(nature) = nature {
        let regle = Regle::load(&lib.set)?;
        let revues: Vec<Revue> = suivis
            .iter()
            .map(|s| revue(&contrat.contrat, s, &regle))
            .collect();
        if let Some(b) = bilan(nature, &revues) {
            out.push(document(
                contrat,
                ("bilan", &b),
                BILAN,
                nature.stem().into(),
                lib,
                opts,
            )?);
        }
    }
    Ok(out)
}

/// The targets to renegotiate after the review of the last year of `suivis`: the contract's
/// next version (file name, YAML), or None when no indicator is « en retard ».
pub fn cibles_revues(
    contrat: &Loaded,
    suivis: &[LoadedSuivi],
    lib: &Library,
) -> Result<Option<(String, String)>, Failure> {
    let Some(last) = suivis.iter().max_by_key(|s| s.suivi.annee) else {
        return Ok(None);
    };
    let regle = Regle::load(&lib.set)?;
    let revue = revue(&contrat.contrat, last, &regle);
    Ok(renegociation::version(contrat, &revue, last)?.map(|yaml| {
        (
            format!("{}.yaml", renegociation::stem(last.suivi.annee)),
            yaml,
        )
    }))
}
