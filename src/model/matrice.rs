//! The applicability matrix: for each typology of structure, whether each of the five annexes is
//! obligatoire, si applicable or sans objet.
//!
//! It is data (`templates/sanitaire/matrice.yaml`), not code: an agency with another reading of
//! the rules, or a later campaign, replaces the file like any template.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Matrice {
    /// Where the rules come from, quoted by `cpom explain`.
    pub source: String,
    /// The annexes, in the order of the contract.
    pub annexes: Vec<AnnexeDef>,
    pub typologies: BTreeMap<String, Typologie>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnexeDef {
    /// Key of the annex in the contract data (`annexes.<id>`).
    pub id: String,
    pub titre: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Typologie {
    pub libelle: String,
    /// Status of each annex, by annex id.
    pub annexes: BTreeMap<String, Statut>,
    /// The wordings of L. 6114-1 (`regime_juridique`) this typology cannot contract under, each
    /// with the reason `cpom check` gives (e.g. a titulaire d'EML under ordonnance n° 2020-1407).
    #[serde(default)]
    pub regimes_exclus: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Statut {
    Obligatoire,
    SiApplicable,
    SansObjet,
}

impl Statut {
    pub fn libelle(self) -> &'static str {
        match self {
            Statut::Obligatoire => "obligatoire",
            Statut::SiApplicable => "si applicable",
            Statut::SansObjet => "sans objet",
        }
    }
}

impl Matrice {
    /// Parses the matrix file, checking that every typology gives a status to every annex.
    pub fn parse(name: &str, source: &str) -> Result<Matrice, String> {
        let m: Matrice = serde_yaml::from_str(source).map_err(|e| format!("{name}: {e}"))?;
        for a in &m.annexes {
            if !crate::model::annexes::Annexes::IDS.contains(&a.id.as_str()) {
                return Err(format!(
                    "{name}: annex `{}` is not one the data model carries (known: {})",
                    a.id,
                    crate::model::annexes::Annexes::IDS.join(", ")
                ));
            }
        }
        for (t, typo) in &m.typologies {
            for a in &m.annexes {
                if !typo.annexes.contains_key(&a.id) {
                    return Err(format!(
                        "{name}: typology `{t}` gives no status to annex `{}`",
                        a.id
                    ));
                }
            }
            for id in typo.annexes.keys() {
                if !m.annexes.iter().any(|a| &a.id == id) {
                    return Err(format!(
                        "{name}: typology `{t}` names an unknown annex `{id}`"
                    ));
                }
            }
        }
        Ok(m)
    }

    pub fn statut(&self, typologie: &str, annexe: &str) -> Option<Statut> {
        self.typologies.get(typologie)?.annexes.get(annexe).copied()
    }
}
