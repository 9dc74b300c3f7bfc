//! Annexe « Coopérations territoriales » (D.6114-3 6°; D.6114-6 4°): cooperations with their
//! partners, and those that are a substantial condition of an authorisation.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Partenaire, dans_la_periode};
use crate::model::Periode;
use crate::model::validate::Problems;

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CooperationsTerritoriales {
    pub cooperations: Vec<Cooperation>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cooperation {
    /// GHT, GCS, convention, télémédecine, CPTS, FMIH, équipe territoriale…
    #[serde(rename = "type")]
    pub type_cooperation: TypeCooperation,
    pub intitule: String,
    pub partenaires: Vec<Partenaire>,
    pub objet: String,
    pub engagement_du_titulaire: String,
    /// Whether the cooperation is a substantial condition of an authorisation (D.6114-3 6°).
    #[serde(default)]
    pub condition_substantielle_autorisation: bool,
    /// The authorised activity concerned, when it is such a condition.
    #[serde(default)]
    pub activite_autorisee: Option<String>,
    #[serde(default)]
    pub indicateur: Option<String>,
    #[serde(default)]
    pub echeance: Option<NaiveDate>,
    /// Convention, charter… with its date.
    #[serde(default)]
    pub instrument_juridique: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeCooperation {
    Ght,
    Gcs,
    Convention,
    Telemedecine,
    Cpts,
    Fmih,
    EquipeTerritoriale,
    Autre,
}

impl CooperationsTerritoriales {
    pub fn validate(&self, path: &str, periode: &Periode, p: &mut Problems) {
        if self.cooperations.is_empty() {
            p.error(
                format!("{path}.cooperations"),
                "at least one cooperation is required when the annex is present",
            );
        }
        for (i, c) in self.cooperations.iter().enumerate() {
            let cp = format!("{path}.cooperations[{i}]");
            p.required(&format!("{cp}.intitule"), &c.intitule);
            p.required(
                &format!("{cp}.engagement_du_titulaire"),
                &c.engagement_du_titulaire,
            );
            if c.partenaires.is_empty() {
                p.error(
                    format!("{cp}.partenaires"),
                    "a cooperation needs at least one partner",
                );
            }
            for (j, pa) in c.partenaires.iter().enumerate() {
                p.required(
                    &format!("{cp}.partenaires[{j}].raison_sociale"),
                    &pa.raison_sociale,
                );
                if let Some(f) = &pa.finess {
                    p.finess(&format!("{cp}.partenaires[{j}].finess"), f);
                }
            }
            if c.condition_substantielle_autorisation && c.activite_autorisee.is_none() {
                p.error(
                    format!("{cp}.activite_autorisee"),
                    "a cooperation that is a substantial condition of an authorisation must name the authorised activity",
                );
            }
            if let Some(d) = c.echeance {
                dans_la_periode(p, &format!("{cp}.echeance"), "the echeance", d, periode);
            }
        }
    }
}
