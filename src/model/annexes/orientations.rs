//! Annexe « Orientations stratégiques » (D.6114-3 1°, 10°, 11°; D.6114-6; D.6114-8): objectives
//! grouped by axe (parcours, activité, thématique), each with evaluable indicators.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{annee_dans_la_periode, dans_la_periode};
use crate::model::Periode;
use crate::model::validate::Problems;

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrientationsStrategiques {
    pub axes: Vec<Axe>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Axe {
    pub intitule: String,
    /// parcours, activité or thématique.
    pub nature: NatureAxe,
    pub objectifs: Vec<Objectif>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NatureAxe {
    Parcours,
    Activite,
    Thematique,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objectif {
    pub intitule: String,
    #[serde(default)]
    pub actions: Vec<String>,
    pub indicateurs: Vec<Indicateur>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicateur {
    pub libelle: String,
    /// Mode de calcul and source (PMSI, SAE, e-Satis, IQSS…).
    pub mode_calcul: String,
    /// Baseline as written, with its unit ("52 %", "1 250 séjours").
    pub valeur_initiale: String,
    pub annee_reference: i32,
    /// Target (optional in the data so that a missing one is reported with all other problems).
    #[serde(default)]
    pub cible: Option<String>,
    #[serde(default)]
    pub echeance: Option<NaiveDate>,
    /// Yearly intermediate targets for the annual review.
    #[serde(default)]
    pub cibles_intermediaires: Vec<CibleIntermediaire>,
    /// When the indicator concerns one site.
    #[serde(default)]
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess_site: Option<String>,
    /// Which way is better, for the suivi; by default it follows from the initial value and
    /// the target (a target below the initial value reads downwards). State it when they are
    /// equal (a level to hold) or not both numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sens: Option<Sens>,
}

/// The direction of an indicator: up (`hausse`) or down (`baisse`) is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sens {
    Hausse,
    Baisse,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CibleIntermediaire {
    pub annee: i32,
    pub valeur: String,
}

impl OrientationsStrategiques {
    pub fn indicateurs(&self) -> usize {
        self.axes
            .iter()
            .flat_map(|a| &a.objectifs)
            .map(|o| o.indicateurs.len())
            .sum()
    }

    pub fn validate(&self, path: &str, periode: &Periode, p: &mut Problems) {
        if self.axes.is_empty() {
            p.error(format!("{path}.axes"), "at least one axe is required");
        }
        for (i, axe) in self.axes.iter().enumerate() {
            let ap = format!("{path}.axes[{i}]");
            p.required(&format!("{ap}.intitule"), &axe.intitule);
            if axe.objectifs.is_empty() {
                p.error(
                    format!("{ap}.objectifs"),
                    "an axe needs at least one objectif",
                );
            }
            for (j, o) in axe.objectifs.iter().enumerate() {
                let op = format!("{ap}.objectifs[{j}]");
                p.required(&format!("{op}.intitule"), &o.intitule);
                if o.indicateurs.is_empty() {
                    p.error(
                        format!("{op}.indicateurs"),
                        "an objectif needs at least one indicateur (D.6114-8)",
                    );
                }
                for (k, ind) in o.indicateurs.iter().enumerate() {
                    let ip = format!("{op}.indicateurs[{k}]");
                    p.required(&format!("{ip}.libelle"), &ind.libelle);
                    match &ind.cible {
                        None => p.error(
                            &ip,
                            format!("indicateur « {} » has no cible (target value)", ind.libelle),
                        ),
                        Some(c) => p.required(&format!("{ip}.cible"), c),
                    }
                    match ind.echeance {
                        None => p.error(
                            &ip,
                            format!("indicateur « {} » has no echeance (deadline)", ind.libelle),
                        ),
                        Some(d) => dans_la_periode(
                            p,
                            &format!("{ip}.echeance"),
                            "the echeance",
                            d,
                            periode,
                        ),
                    }
                    for (m, c) in ind.cibles_intermediaires.iter().enumerate() {
                        annee_dans_la_periode(
                            p,
                            &format!("{ip}.cibles_intermediaires[{m}].annee"),
                            "intermediate target year",
                            c.annee,
                            periode,
                        );
                    }
                    if let Some(f) = &ind.finess_site {
                        p.finess(&format!("{ip}.finess_site"), f);
                    }
                }
            }
        }
    }
}
