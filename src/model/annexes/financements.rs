//! Annexe « Financements »: credits by nature (MIG, AC, FIR, DAF…), their object and
//! counterpart, amounts per year of the contract in exact cents, "sous réserve des crédits
//! disponibles".

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::annee_dans_la_periode;
use crate::model::validate::Problems;
use crate::model::{Montant, Periode};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Financements {
    /// Amounts are granted "sous réserve des crédits disponibles" (true unless stated).
    #[serde(default = "vrai")]
    pub sous_reserve_des_credits_disponibles: bool,
    pub lignes: Vec<LigneFinancement>,
}

fn vrai() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LigneFinancement {
    pub nature: Nature,
    /// The MIG, the AC measure, the FIR mission…
    pub intitule: String,
    #[serde(default)]
    pub base_juridique: Option<String>,
    pub objet: String,
    pub engagement_contrepartie: String,
    pub caractere: Caractere,
    /// Amount per year of the contract, in euros (exact cents).
    pub montants: BTreeMap<i32, Montant>,
    #[serde(default)]
    pub modalites_versement: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    Mig,
    Ac,
    Fir,
    Daf,
    Autre,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Caractere {
    Reconductible,
    NonReconductible,
}

impl LigneFinancement {
    pub fn total(&self) -> i64 {
        self.montants.values().map(|m| m.centimes()).sum()
    }
}

impl Financements {
    pub fn validate(&self, path: &str, periode: &Periode, p: &mut Problems) {
        if self.lignes.is_empty() {
            p.error(
                format!("{path}.lignes"),
                "at least one financing line is required when the annex is present",
            );
        }
        for (i, l) in self.lignes.iter().enumerate() {
            let lp = format!("{path}.lignes[{i}]");
            p.required(&format!("{lp}.intitule"), &l.intitule);
            p.required(&format!("{lp}.objet"), &l.objet);
            if l.montants.is_empty() {
                p.error(
                    format!("{lp}.montants"),
                    "no amount: give at least one year",
                );
            }
            for (annee, m) in &l.montants {
                let mp = format!("{lp}.montants.{annee}");
                annee_dans_la_periode(p, &mp, "financing year", *annee, periode);
                if m.centimes() < 0 {
                    p.error(
                        &mp,
                        format!("negative amount ({})", crate::fr::euros(m.centimes())),
                    );
                }
            }
        }
    }
}
