//! The targets to renegotiate after a review: the contract's next version, as its file.
//!
//! For each indicator « en retard » in the year reviewed, the intermediate targets of the years
//! after it are re-planned on the straight line from the value achieved to the final target at
//! its due year (the final target is kept: whether to lower it is for the parties to decide).
//! The result is the contract's data as written, with only those targets changed: `cpom avenant
//! diff CONTRAT cibles-revues-ANNÉE.yaml` turns it into the avenant (before/after tables), and
//! it renders like any contract file. The team edits it first if the parties agree otherwise.

use serde_yaml::Value;

use super::valeur::{self, Valeur};
use super::{LoadedSuivi, Revue, indicateurs};
use crate::diagnostic::{Diagnostic, Failure};
use crate::model::Cpom;
use crate::render::Loaded;

/// File stem of the targets to renegotiate after the review of `annee`.
pub fn stem(annee: i32) -> String {
    format!("cibles-revues-{annee}")
}

/// An indicator whose later targets were re-planned.
#[derive(Debug, Clone)]
pub struct CibleRevue {
    pub libelle: String,
    /// (year, new target) for each year after the review and before the due year.
    pub cibles: Vec<(i32, String)>,
}

/// The field path of each indicator of `c` (in the order of [`indicateurs`]) and the key of
/// its yearly targets.
fn chemins(c: &Cpom) -> Vec<(Vec<PathPart>, &'static str)> {
    use PathPart::{Index as I, Key as K};
    let mut out = Vec::new();
    match c {
        Cpom::Sanitaire(c) => {
            if let Some(o) = &c.annexes.orientations_strategiques {
                for (a, axe) in o.axes.iter().enumerate() {
                    for (b, obj) in axe.objectifs.iter().enumerate() {
                        for i in 0..obj.indicateurs.len() {
                            out.push((
                                vec![
                                    K("annexes"),
                                    K("orientations_strategiques"),
                                    K("axes"),
                                    I(a),
                                    K("objectifs"),
                                    I(b),
                                    K("indicateurs"),
                                    I(i),
                                ],
                                "cibles_intermediaires",
                            ));
                        }
                    }
                }
            }
        }
        Cpom::MedicoSocial(c) => {
            for (a, obj) in c.objectifs.iter().enumerate() {
                for (b, op) in obj.operationnels.iter().enumerate() {
                    for i in 0..op.indicateurs.len() {
                        out.push((
                            vec![
                                K("objectifs"),
                                I(a),
                                K("operationnels"),
                                I(b),
                                K("indicateurs"),
                                I(i),
                            ],
                            "jalons",
                        ));
                    }
                }
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy)]
enum PathPart {
    Key(&'static str),
    Index(usize),
}

fn at<'a>(v: &'a mut Value, path: &[PathPart]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, p| match p {
        PathPart::Key(k) => v.get_mut(*k),
        PathPart::Index(i) => v.get_mut(*i),
    })
}

/// The re-planned targets of the indicators « en retard » of `revue`.
pub fn cibles_revues(c: &Cpom, revue: &Revue, s: &LoadedSuivi) -> Vec<(usize, CibleRevue)> {
    let lignes: Vec<_> = revue
        .axes
        .iter()
        .flat_map(|a| &a.objectifs)
        .flat_map(|o| &o.indicateurs)
        .collect();
    let mut out = Vec::new();
    for (n, i) in indicateurs(c).iter().enumerate() {
        let Some(ligne) = lignes.get(n).filter(|l| l.statut == "en_retard") else {
            continue;
        };
        let (Some(realise), Some(cible), Some(echeance)) = (
            ligne
                .realise
                .as_deref()
                .and_then(|r| Valeur::lire(r).nombre()),
            i.cible.as_deref().map(Valeur::lire),
            i.echeance,
        ) else {
            continue;
        };
        let Some(finale) = cible.nombre() else {
            continue;
        };
        let fin = chrono::Datelike::year(&echeance);
        let annee = s.suivi.annee;
        if fin <= annee + 1 {
            continue;
        }
        let cibles = (annee + 1..fin)
            .map(|y| {
                let t = f64::from(y - annee) / f64::from(fin - annee);
                let x = realise + t * (finale - realise);
                let n = valeur::ecrire(x, 1).replace('\u{202f}', " ");
                let text = if cible.unite().is_empty() {
                    n
                } else {
                    format!("{n} {}", cible.unite())
                };
                (y, text)
            })
            .collect();
        out.push((
            n,
            CibleRevue {
                libelle: i.libelle.clone(),
                cibles,
            },
        ));
    }
    out
}

/// The contract's data as written, with the re-planned targets of `revue` (none: None), as a
/// YAML file.
pub fn version(
    contrat: &Loaded,
    revue: &Revue,
    s: &LoadedSuivi,
) -> Result<Option<String>, Failure> {
    let revues = cibles_revues(&contrat.contrat, revue, s);
    if revues.is_empty() {
        return Ok(None);
    }
    let mut data: Value = match &contrat.source.value {
        Some(v) => v.clone(),
        None => contrat.source.yaml()?,
    };
    let chemins = chemins(&contrat.contrat);
    let annee = s.suivi.annee;
    for (n, r) in &revues {
        let (path, key) = &chemins[*n];
        let Some(Value::Mapping(ind)) = at(&mut data, path) else {
            return Err(Diagnostic::error(
                contrat.source.name.clone(),
                format!(
                    "l’indicateur « {} » est introuvable dans le fichier",
                    r.libelle
                ),
            )
            .into());
        };
        // The targets up to the year reviewed stay; the later ones are replaced.
        let mut cibles: Vec<Value> = match ind.get(*key) {
            Some(Value::Sequence(l)) => l
                .iter()
                .filter(|c| {
                    c.get("annee")
                        .and_then(Value::as_i64)
                        .is_some_and(|y| y <= i64::from(annee))
                })
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        for (y, v) in &r.cibles {
            let mut m = serde_yaml::Mapping::new();
            m.insert("annee".into(), Value::Number((*y).into()));
            m.insert("valeur".into(), Value::String(v.clone()));
            cibles.push(Value::Mapping(m));
        }
        ind.insert((*key).into(), Value::Sequence(cibles));
    }
    serde_yaml::to_string(&data).map(Some).map_err(|e| {
        Diagnostic::error(
            contrat.source.name.clone(),
            format!("écriture impossible : {e}"),
        )
        .into()
    })
}
