//! The five typed annexes of a sanitaire CPOM (sanitaire.md §3). They carry the actual
//! commitments and are what avenants change; the socle only points to them. Which ones a
//! contract has depends on its typology (`matrice.yaml`).

pub mod cooperations;
pub mod financements;
pub mod orientations;
pub mod permanence;
pub mod reconnaissances;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Periode;
use super::validate::Problems;

pub use cooperations::CooperationsTerritoriales;
pub use financements::Financements;
pub use orientations::OrientationsStrategiques;
pub use permanence::PermanenceDesSoins;
pub use reconnaissances::ReconnaissancesContractuelles;

/// The annexes present in the data, under `annexes:`; keys are the matrix ids.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Annexes {
    #[serde(default)]
    pub orientations_strategiques: Option<OrientationsStrategiques>,
    #[serde(default)]
    pub cooperations_territoriales: Option<CooperationsTerritoriales>,
    #[serde(default)]
    pub reconnaissances_contractuelles: Option<ReconnaissancesContractuelles>,
    #[serde(default)]
    pub permanence_des_soins: Option<PermanenceDesSoins>,
    #[serde(default)]
    pub financements: Option<Financements>,
}

impl Annexes {
    /// Whether the annex with this matrix id is present.
    pub fn presente(&self, id: &str) -> bool {
        match id {
            "orientations_strategiques" => self.orientations_strategiques.is_some(),
            "cooperations_territoriales" => self.cooperations_territoriales.is_some(),
            "reconnaissances_contractuelles" => self.reconnaissances_contractuelles.is_some(),
            "permanence_des_soins" => self.permanence_des_soins.is_some(),
            "financements" => self.financements.is_some(),
            _ => false,
        }
    }

    /// The matrix ids this data model knows, in contract order.
    /// Replaces (or with `None` removes) one annex with data written as in a contract file.
    /// Only that annex is read: the others keep their typed values (amounts serialise as cents,
    /// so a round trip of the whole set through JSON would not be faithful).
    pub fn remplacer(
        &mut self,
        id: &str,
        donnees: Option<serde_json::Value>,
    ) -> Result<(), String> {
        fn read<T: serde::de::DeserializeOwned>(
            v: Option<serde_json::Value>,
        ) -> Result<Option<T>, String> {
            v.map(|v| {
                serde_path_to_error::deserialize(v)
                    .map_err(|e| format!("{}: {}", e.path(), e.inner()))
            })
            .transpose()
        }
        match id {
            "orientations_strategiques" => self.orientations_strategiques = read(donnees)?,
            "cooperations_territoriales" => self.cooperations_territoriales = read(donnees)?,
            "reconnaissances_contractuelles" => {
                self.reconnaissances_contractuelles = read(donnees)?
            }
            "permanence_des_soins" => self.permanence_des_soins = read(donnees)?,
            "financements" => self.financements = read(donnees)?,
            _ => return Err(format!("unknown annex `{id}`")),
        }
        Ok(())
    }

    pub const IDS: [&'static str; 5] = [
        "orientations_strategiques",
        "cooperations_territoriales",
        "reconnaissances_contractuelles",
        "permanence_des_soins",
        "financements",
    ];

    pub fn validate(&self, periode: &Periode, p: &mut Problems) {
        if let Some(a) = &self.orientations_strategiques {
            a.validate("annexes.orientations_strategiques", periode, p);
        }
        if let Some(a) = &self.cooperations_territoriales {
            a.validate("annexes.cooperations_territoriales", periode, p);
        }
        if let Some(a) = &self.reconnaissances_contractuelles {
            a.validate("annexes.reconnaissances_contractuelles", periode, p);
        }
        if let Some(a) = &self.permanence_des_soins {
            a.validate(
                "annexes.permanence_des_soins",
                self.financements.is_some(),
                p,
            );
        }
        if let Some(a) = &self.financements {
            a.validate("annexes.financements", periode, p);
        }
    }
}

/// A date that must fall within the contract period.
pub fn dans_la_periode(p: &mut Problems, path: &str, what: &str, d: NaiveDate, periode: &Periode) {
    if d < periode.date_debut || d > periode.date_fin {
        p.error(
            path,
            format!(
                "{what} ({d}) is outside the contract period ({} to {})",
                periode.date_debut, periode.date_fin
            ),
        );
    }
}

/// A year that must fall within the contract period.
pub fn annee_dans_la_periode(
    p: &mut Problems,
    path: &str,
    what: &str,
    annee: i32,
    periode: &Periode,
) {
    use chrono::Datelike;
    let (a, b) = (periode.date_debut.year(), periode.date_fin.year());
    if annee < a || annee > b {
        p.error(
            path,
            format!("{what} {annee} is outside the contract period ({a}-{b})"),
        );
    }
}

/// A decimal quantity with at most two decimals (0,5 line of permanence des soins), stored
/// exactly in hundredths. Written `0.5`, `1` or `"0,5"` in YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Quantite(pub i64);

impl Quantite {
    pub fn centiemes(self) -> i64 {
        self.0
    }
}

impl JsonSchema for Quantite {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Quantite".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A quantity with at most two decimals, e.g. 0.5 for a shared line",
            "type": ["number", "string"]
        })
    }
}

impl<'de> Deserialize<'de> for Quantite {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Quantite, D::Error> {
        super::Montant::deserialize(d).map(|m| Quantite(m.centimes()))
    }
}

impl Serialize for Quantite {
    /// Serialised as French decimal text ("0,5", "2"): templates print it as is.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (int, frac) = (self.0 / 100, (self.0 % 100).abs());
        let text = match frac {
            0 => int.to_string(),
            f if f % 10 == 0 => format!("{int},{}", f / 10),
            f => format!("{int},{f:02}"),
        };
        s.serialize_str(&text)
    }
}

/// A partner or site identified by its FINESS.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partenaire {
    pub raison_sociale: String,
    #[serde(default)]
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess: Option<String>,
}
