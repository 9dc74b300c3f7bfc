//! Annexe « Permanence des soins » (PDSES): the lines of garde and astreinte the holder takes in
//! the regional scheme, by spécialité and site; half lines (0,5) are shared lines.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Quantite;
use crate::model::validate::Problems;

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PermanenceDesSoins {
    pub lignes: Vec<LignePds>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LignePds {
    pub specialite: String,
    pub type_ligne: TypeLigne,
    /// Number of lines; 0,5 for a line shared with another establishment.
    pub nombre_lignes: Quantite,
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess_site: String,
    #[serde(default)]
    pub territoire: Option<String>,
    pub periodes: Vec<Periode>,
    /// Sharing: alternation public/private, line shared with a partner…
    #[serde(default)]
    pub partage: Option<String>,
    /// The line's yearly FIR amount, in euros, when the contract has no « Financements » annex
    /// (which otherwise carries it): the contract must show what the line is paid.
    #[serde(default)]
    pub financement_annuel: Option<crate::model::Montant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeLigne {
    GardeSurPlace,
    AstreinteOperationnelle,
    AstreinteDeSecurite,
    DemiGardeDemiAstreinte,
    AstreinteWeekEnd,
    DemiAstreinte,
}

/// PDSES periods: nights from 20 h, Saturday afternoons, Sundays and public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Periode {
    Nuit,
    SamediApresMidi,
    DimancheEtFeries,
}

impl PermanenceDesSoins {
    /// `financements`: whether the contract has the « Financements » annex, which carries the
    /// FIR amounts of the lines; without it each line states its own.
    pub fn validate(&self, path: &str, financements: bool, p: &mut Problems) {
        if self.lignes.is_empty() {
            p.error(
                format!("{path}.lignes"),
                "at least one line is required when the annex is present",
            );
        }
        for (i, l) in self.lignes.iter().enumerate() {
            let lp = format!("{path}.lignes[{i}]");
            p.required(&format!("{lp}.specialite"), &l.specialite);
            p.finess(&format!("{lp}.finess_site"), &l.finess_site);
            if l.nombre_lignes.centiemes() <= 0 {
                p.error(
                    format!("{lp}.nombre_lignes"),
                    "the number of lines must be positive",
                );
            }
            match (&l.financement_annuel, financements) {
                (None, false) => p.error(
                    format!("{lp}.financement_annuel"),
                    "la permanence des soins est financée par le fonds d’intervention régional : le contrat n’ayant pas d’annexe « Financements », indiquez le montant annuel de la ligne (financement_annuel), que l’annexe « Permanence des soins » affiche",
                ),
                (Some(m), _) if m.centimes() < 0 => {
                    p.error(format!("{lp}.financement_annuel"), "negative amount")
                }
                (Some(_), true) => p.warning(
                    format!("{lp}.financement_annuel"),
                    "le contrat a une annexe « Financements » : le montant de la ligne y figure, et financement_annuel n’est pas imprimé — retirez-le pour n’avoir qu’une source",
                ),
                _ => {}
            }
            if l.periodes.is_empty() {
                p.error(
                    format!("{lp}.periodes"),
                    "at least one period (nuit, samedi_apres_midi, dimanche_et_feries)",
                );
            }
        }
    }
}
