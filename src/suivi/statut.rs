//! The status of an indicator at the review of a year: the target of the year (intermediate, or
//! on the trajectory), the gap, the progress, and the status by the rule of
//! `suivi/statuts.yaml` — thresholds and words are data, not Rust.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::IndicateurDuContrat;
use super::valeur::{self, Valeur};
use crate::diagnostic::{Diagnostic, Failure};
use crate::model::annexes::orientations::Sens;
use crate::templates::TemplateSet;

/// The rule's file.
pub const FICHIER: &str = "suivi/statuts.yaml";

/// The statuses, in the order the review counts them.
pub const STATUTS: &[&str] = &["atteint", "en_bonne_voie", "en_retard", "non_renseigne"];

/// The rule: thresholds of progress and the answers a non-numeric target takes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regle {
    pub atteint: f64,
    pub en_bonne_voie: f64,
    pub reponses_atteint: Vec<String>,
    pub reponses_non_atteint: Vec<String>,
    pub libelles: BTreeMap<String, String>,
}

impl Regle {
    /// The rule of the templates (an agency's `suivi/statuts.yaml` when it has one).
    pub fn load(set: &TemplateSet) -> Result<Regle, Failure> {
        let file = set.get(FICHIER).map_or(FICHIER.to_string(), |f| {
            if f.origin == "built-in" {
                FICHIER.to_string()
            } else {
                f.origin.clone()
            }
        });
        let regle: Regle = serde_yaml::from_str(set.text(FICHIER)?)
            .map_err(|e| Diagnostic::error(&file, format!("règle de statut illisible : {e}")))?;
        if !(regle.en_bonne_voie <= regle.atteint && regle.en_bonne_voie >= 0.0) {
            return Err(Diagnostic::error(
                &file,
                "en_bonne_voie doit être compris entre 0 et atteint",
            )
            .into());
        }
        for s in STATUTS {
            if !regle.libelles.contains_key(*s) {
                return Err(Diagnostic::error(
                    &file,
                    format!("libelles.{s} manque : le libellé de ce statut"),
                )
                .into());
            }
        }
        Ok(regle)
    }

    pub fn libelle(&self, statut: &str) -> String {
        self.libelles.get(statut).cloned().unwrap_or_default()
    }

    fn est(&self, reponses: &[String], text: &str) -> bool {
        let t = text.trim().to_lowercase();
        reponses.iter().any(|r| r.trim().to_lowercase() == t)
    }
}

/// What the review prints for one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Calcul {
    pub cible_annee: String,
    pub origine_cible: &'static str,
    pub ecart: Option<String>,
    pub avancement: Option<String>,
    /// The progress as a fraction (1 = the target of the year), for the workbook.
    pub progression: Option<f64>,
    pub statut: &'static str,
}

/// The target of year `annee` as a number: the intermediate target of that year, else the
/// point of that year on the line through the initial value, the intermediate targets and the
/// final target at its due year; the final target beyond it.
pub fn cible_de_l_annee(i: &IndicateurDuContrat, annee: i32) -> Option<(f64, &'static str)> {
    let finale = Valeur::lire(i.cible.as_deref()?).nombre()?;
    let fin = i
        .echeance
        .map(|d| chrono::Datelike::year(&d))
        .unwrap_or(annee);
    if let Some((_, v)) = i.cibles_intermediaires.iter().find(|(a, _)| *a == annee) {
        return Valeur::lire(v).nombre().map(|n| (n, "intermediaire"));
    }
    if annee >= fin {
        return Some((finale, "finale"));
    }
    let initiale = Valeur::lire(&i.valeur_initiale).nombre()?;
    // The known points, in year order.
    let mut points: Vec<(i32, f64)> = vec![(i.annee_reference, initiale)];
    for (a, v) in &i.cibles_intermediaires {
        if let Some(n) = Valeur::lire(v).nombre() {
            points.push((*a, n));
        }
    }
    points.push((fin, finale));
    points.sort_by_key(|p| p.0);
    let before = points.iter().rev().find(|p| p.0 <= annee)?;
    let after = points.iter().find(|p| p.0 > annee)?;
    let t = f64::from(annee - before.0) / f64::from(after.0 - before.0);
    Some((before.1 + t * (after.1 - before.1), "trajectoire"))
}

/// The review of one indicator in year `annee`, with the value achieved (None: not given).
pub fn calculer(
    i: &IndicateurDuContrat,
    annee: i32,
    realise: Option<Valeur>,
    regle: &Regle,
) -> Calcul {
    let unite = Valeur::lire(i.cible.as_deref().unwrap_or_default())
        .unite()
        .to_string();
    let Some((cible, origine)) = cible_de_l_annee(i, annee) else {
        // A target that is not a number: the milestone of the year, else the final target;
        // achieved when the answer says so or repeats it (« étude réalisée »).
        let fin = i.echeance.map(|d| chrono::Datelike::year(&d));
        let attendu = i
            .cibles_intermediaires
            .iter()
            .find(|(a, _)| *a == annee && fin.is_none_or(|f| annee < f))
            .map(|(_, v)| v.clone())
            .or_else(|| i.cible.clone())
            .unwrap_or_default();
        let statut = match &realise {
            None => "non_renseigne",
            Some(v) => {
                let text = match v {
                    Valeur::Texte(t) => t.clone(),
                    Valeur::Nombre { .. } => String::new(),
                };
                if regle.est(&regle.reponses_atteint, &text)
                    || text.trim().to_lowercase() == attendu.trim().to_lowercase()
                {
                    "atteint"
                } else if regle.est(&regle.reponses_non_atteint, &text) {
                    "en_retard"
                } else {
                    "non_renseigne"
                }
            }
        };
        return Calcul {
            cible_annee: attendu,
            origine_cible: "non_chiffree",
            ecart: None,
            avancement: None,
            progression: None,
            statut,
        };
    };
    let cible_annee = valeur::avec_unite(cible, &unite);
    let Some(x) = realise.as_ref().and_then(Valeur::nombre) else {
        return Calcul {
            cible_annee,
            origine_cible: origine,
            ecart: None,
            avancement: None,
            progression: None,
            statut: "non_renseigne",
        };
    };
    let ecart = x - cible;
    let ecart_texte = format!(
        "{}{}",
        if ecart > 0.0 { "+" } else { "" },
        valeur::avec_unite(ecart, &unite)
    );
    let initiale = Valeur::lire(&i.valeur_initiale).nombre();
    let finale = Valeur::lire(i.cible.as_deref().unwrap_or_default()).nombre();
    // The direction of the target: as stated, else up unless the final target is below the
    // initial value.
    let baisse = match i.sens {
        Some(s) => s == Sens::Baisse,
        None => matches!((initiale, finale), (Some(a), Some(b)) if b < a),
    };
    let avancement = match initiale {
        Some(a) if (cible - a).abs() > f64::EPSILON => Some((x - a) / (cible - a)),
        // No way to go (target = initial value): achieved when held.
        _ => Some(if (baisse && x <= cible) || (!baisse && x >= cible) {
            1.0
        } else {
            0.0
        }),
    };
    let p = avancement.unwrap_or(0.0);
    let statut = if p >= regle.atteint - 1e-9 {
        "atteint"
    } else if p >= regle.en_bonne_voie - 1e-9 {
        "en_bonne_voie"
    } else {
        "en_retard"
    };
    Calcul {
        cible_annee,
        origine_cible: origine,
        ecart: Some(ecart_texte),
        avancement: avancement.map(|p| format!("{}\u{a0}%", valeur::ecrire(p * 100.0, 0))),
        progression: avancement,
        statut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regle() -> Regle {
        serde_yaml::from_str(include_str!("../../templates/suivi/statuts.yaml")).unwrap()
    }

    fn indicateur(initiale: &str, cible: &str, inter: &[(i32, &str)]) -> IndicateurDuContrat {
        IndicateurDuContrat {
            axe: "A".into(),
            objectif: "O".into(),
            libelle: "L".into(),
            valeur_initiale: initiale.into(),
            annee_reference: 2017,
            cible: Some(cible.into()),
            echeance: chrono::NaiveDate::from_ymd_opt(2023, 12, 31),
            cibles_intermediaires: inter.iter().map(|(a, v)| (*a, v.to_string())).collect(),
            sens: None,
        }
    }

    #[test]
    fn the_target_of_the_year_is_intermediate_or_on_the_trajectory() {
        let i = indicateur("60 %", "67 %", &[(2020, "63 %"), (2022, "66 %")]);
        assert_eq!(cible_de_l_annee(&i, 2020), Some((63.0, "intermediaire")));
        assert_eq!(cible_de_l_annee(&i, 2021), Some((64.5, "trajectoire")));
        assert_eq!(cible_de_l_annee(&i, 2023), Some((67.0, "finale")));
        // 2017 → 2020: 60 → 63, one point a year.
        assert_eq!(cible_de_l_annee(&i, 2019), Some((62.0, "trajectoire")));
    }

    #[test]
    fn statuses_follow_the_rule_in_both_directions() {
        let r = regle();
        let up = indicateur("60 %", "67 %", &[(2020, "63 %")]);
        let s = |i: &IndicateurDuContrat, v: &str| calculer(i, 2020, Some(Valeur::lire(v)), &r);
        assert_eq!(s(&up, "63 %").statut, "atteint");
        assert_eq!(s(&up, "62,5 %").statut, "en_bonne_voie"); // 2,5 / 3 = 83 %
        assert_eq!(s(&up, "61 %").statut, "en_retard");
        assert_eq!(s(&up, "61 %").ecart.as_deref(), Some("−2\u{a0}%"));
        assert_eq!(s(&up, "64 %").ecart.as_deref(), Some("+1\u{a0}%"));
        let down = indicateur("12 j", "8 j", &[(2020, "10 j")]);
        assert_eq!(s(&down, "9 j").statut, "atteint");
        assert_eq!(s(&down, "11 j").statut, "en_retard");
        assert_eq!(calculer(&up, 2020, None, &r).statut, "non_renseigne");
        let text = indicateur("non", "mise en place effective", &[]);
        assert_eq!(s(&text, "Oui").statut, "atteint");
        assert_eq!(s(&text, "non").statut, "en_retard");
        // A level to hold: the stated direction decides.
        let mut tenir = indicateur("5 %", "5 %", &[]);
        assert_eq!(s(&tenir, "4 %").statut, "en_retard");
        tenir.sens = Some(Sens::Baisse);
        assert_eq!(s(&tenir, "4 %").statut, "atteint");
        assert_eq!(s(&tenir, "6 %").statut, "en_retard");
    }
}
