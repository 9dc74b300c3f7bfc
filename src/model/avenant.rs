//! An avenant (amendment): the only way a CPOM changes (L. 6114-1; arrêté du 3 mars 2017, art. 2).
//! Numbered in sequence, signed by the same parties, referring to the base contract and to the
//! earlier avenants; each modification becomes one article.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AvenantFile {
    pub avenant: Avenant,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Avenant {
    /// The base contract's data file, relative to this file.
    pub contrat: String,
    /// Must match the base contract (guards against amending the wrong contract).
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess_juridique: String,
    pub numero: u32,
    pub date_signature: NaiveDate,
    pub date_effet: NaiveDate,
    pub lieu_signature: String,
    /// What the avenant is for ("Article 1er – Objet"). When absent, the template states the
    /// modifications themselves (a computed avenant's default).
    #[serde(default)]
    pub objet: Option<String>,
    /// "Il a été préalablement exposé ce qui suit": why.
    #[serde(default)]
    pub motif: Option<String>,
    /// The earlier avenants, cited in the visas: numbers 1 … numero − 1.
    #[serde(default)]
    pub avenants_precedents: Vec<AvenantPrecedent>,
    /// Who signs this avenant, where it is no longer who signed the contract (a new directeur
    /// général, a new legal representative). The contract's own stipulations are unchanged.
    #[serde(default)]
    pub signataires: Option<Signataires>,
    /// Written as one-key mappings (`- prorogation: {…}`), not YAML tags.
    #[serde(with = "serde_yaml::with::singleton_map_recursive")]
    #[schemars(with = "Vec<Modification>")]
    pub modifications: Vec<Modification>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AvenantPrecedent {
    pub numero: u32,
    pub date_signature: NaiveDate,
    #[serde(default)]
    pub objet: Option<String>,
    /// Its data file, relative to this file: its modifications are then applied before this
    /// avenant's, so that the « Ancienne rédaction » is the one in force, not the original one.
    #[serde(default)]
    pub fichier: Option<String>,
}

/// One change made by the avenant.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Modification {
    /// An annex replaced as a whole by the data given (attached in full to the avenant).
    RemplacementAnnexe {
        annexe: String,
        donnees: serde_json::Value,
    },
    /// An annex added (si applicable for the typology).
    AjoutAnnexe {
        annexe: String,
        donnees: serde_json::Value,
    },
    /// An annex removed.
    SuppressionAnnexe { annexe: String },
    /// An article given a new wording.
    ModificationArticle {
        article: String,
        nouvelle_redaction: String,
    },
    /// The end of the contract moved (prorogation).
    Prorogation { nouvelle_date_fin: NaiveDate },
}

/// The signatories of an avenant, as they sign it; each replaces the contract's block.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signataires {
    /// The ARS: its directeur général (décret de nomination) or the delegate who signs.
    #[serde(default)]
    pub ars: Option<super::Ars>,
    /// The titulaire's legal representative (sanitaire) or the gestionnaire's habilitated person
    /// (médico-social).
    #[serde(default)]
    pub representant: Option<super::Representant>,
    /// Médico-social: the départements (or Métropoles) and their presidents, the same ones.
    #[serde(default)]
    pub departements: Option<Vec<super::medico_social::Departement>>,
}
