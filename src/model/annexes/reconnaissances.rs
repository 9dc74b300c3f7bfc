//! Annexe « Reconnaissances contractuelles »: recognitions (LISP, EMSP, consultations
//! mémoire…) with their capacity, tariff effective date and procedures (ARS Occitanie).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Periode;
use crate::model::validate::Problems;

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReconnaissancesContractuelles {
    pub reconnaissances: Vec<Reconnaissance>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reconnaissance {
    pub libelle: String,
    pub niveau: Niveau,
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess_site: String,
    pub capacite: u32,
    /// lits, places, ETP, consultations…
    pub unite_capacite: String,
    pub caracteristiques: String,
    pub date_effet_reconnaissance_tarifaire: NaiveDate,
    /// Regulation: circulaire, cahier des charges.
    pub reglementation: String,
    pub modalites_evaluation: String,
    pub modalites_demande: String,
    pub modalites_financement: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Niveau {
    Nationale,
    Regionale,
}

impl ReconnaissancesContractuelles {
    pub fn validate(&self, path: &str, periode: &Periode, p: &mut Problems) {
        if self.reconnaissances.is_empty() {
            p.error(
                format!("{path}.reconnaissances"),
                "at least one reconnaissance is required when the annex is present",
            );
        }
        for (i, r) in self.reconnaissances.iter().enumerate() {
            let rp = format!("{path}.reconnaissances[{i}]");
            p.required(&format!("{rp}.libelle"), &r.libelle);
            p.finess(&format!("{rp}.finess_site"), &r.finess_site);
            if r.capacite == 0 {
                p.error(format!("{rp}.capacite"), "the capacity must be positive");
            }
            if r.date_effet_reconnaissance_tarifaire > periode.date_fin {
                p.error(
                    format!("{rp}.date_effet_reconnaissance_tarifaire"),
                    format!(
                        "the tariff effective date ({}) is after the end of the contract ({})",
                        r.date_effet_reconnaissance_tarifaire, periode.date_fin
                    ),
                );
            }
        }
    }
}
