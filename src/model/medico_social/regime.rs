//! Which legal regime a médico-social CPOM is concluded under, and who must sign it, both derived
//! from its ESSMS.
//!
//! The authority that authorises an ESSMS (CASF L. 313-3) decides who signs for it: an ESSMS
//! authorised by the ARS alone (IME, MAS, ESAT, SSIAD…) needs no Conseil départemental; one
//! authorised jointly (EHPAD, FAM, SAMSAH, CAMSP…) or by the département alone needs its
//! Conseil départemental — or, on its territory, the Métropole de Lyon. The regime follows the
//! same ESSMS: an EHPAD makes the contract a IV ter CPOM (L. 313-12), which may include the
//! gestionnaire's other ESSMS; otherwise L. 313-12-2 for the ESSMS it lists; otherwise L. 313-11.
//!
//! The classification of FINESS categories is data (`templates/medico-social/categories.yaml`):
//! an agency with another reading replaces the file like any template; a category the table
//! does not know is stated in the contract (`competence:` and `regime:` on the ESSMS).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The authority competent to authorise (and fund) an ESSMS (CASF L. 313-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Competence {
    /// The directeur général of the ARS alone.
    Ars,
    /// The DG of the ARS and the président of the conseil départemental jointly.
    Conjointe,
    /// The président of the conseil départemental alone.
    Departement,
}

impl Competence {
    /// Whether the département (or the Métropole standing for it) signs for this ESSMS.
    pub fn departementale(self) -> bool {
        matches!(self, Competence::Conjointe | Competence::Departement)
    }

    pub fn libelle(self) -> &'static str {
        match self {
            Competence::Ars => "compétence exclusive de l’ARS",
            Competence::Conjointe => "compétence conjointe de l’ARS et du département",
            Competence::Departement => "compétence du département",
        }
    }
}

/// The article of the CASF a CPOM (or one of its ESSMS) is concluded under, written as a jurist
/// writes it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
pub enum Regime {
    /// The EHPAD / PUV CPOM (IV ter of L. 313-12; model of the arrêté du 3 mars 2017).
    #[serde(rename = "L. 313-12 IV ter")]
    IvTer,
    /// The CPOM of ESSMS for disabled people under ARS or joint competence, SSIAD, SPASAD,
    /// CAMSP (L. 313-12-2).
    #[serde(rename = "L. 313-12-2")]
    L313_12_2,
    /// The optional CPOM (L. 313-11).
    #[serde(rename = "L. 313-11")]
    L313_11,
}

impl Regime {
    pub fn libelle(self) -> &'static str {
        match self {
            Regime::IvTer => "L. 313-12 IV ter",
            Regime::L313_12_2 => "L. 313-12-2",
            Regime::L313_11 => "L. 313-11",
        }
    }
}

/// `templates/medico-social/categories.yaml`: competence and regime of each FINESS category.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Categories {
    /// Where the classification comes from, quoted in errors.
    pub source: String,
    pub categories: BTreeMap<String, CategorieDef>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategorieDef {
    pub libelle: String,
    pub competence: Competence,
    pub regime: Regime,
}

pub const FICHIER: &str = "medico-social/categories.yaml";

impl Categories {
    pub fn parse(source: &str) -> Result<Categories, String> {
        serde_yaml::from_str(source).map_err(|e| format!("{FICHIER}: {e}"))
    }
}

/// The INSEE code the Métropole de Lyon is given as a party and on the ESSMS of its territory
/// (code officiel géographique: « 69M »; the Département du Rhône is « 69 »).
pub const CODE_METROPOLE_DE_LYON: &str = "69M";

/// The 59 communes of the Métropole de Lyon (CGCT L. 3611-1: the territory of the former
/// communauté urbaine de Lyon), plus Oullins-Pierre-Bénite (merger of 2024). On this territory
/// the Métropole exercises the département's powers (CGCT L. 3641-1 s.), so it signs instead of
/// the Département du Rhône.
const COMMUNES_METROPOLE_DE_LYON: &[&str] = &[
    "albigny-sur-saone",
    "bron",
    "cailloux-sur-fontaines",
    "caluire-et-cuire",
    "champagne-au-mont-d'or",
    "charbonnieres-les-bains",
    "charly",
    "chassieu",
    "collonges-au-mont-d'or",
    "corbas",
    "couzon-au-mont-d'or",
    "craponne",
    "curis-au-mont-d'or",
    "dardilly",
    "decines-charpieu",
    "ecully",
    "feyzin",
    "fleurieu-sur-saone",
    "fontaines-saint-martin",
    "fontaines-sur-saone",
    "francheville",
    "genay",
    "givors",
    "grigny",
    "irigny",
    "jonage",
    "la mulatiere",
    "la tour-de-salvagny",
    "limonest",
    "lissieu",
    "lyon",
    "marcy-l'etoile",
    "meyzieu",
    "mions",
    "montanay",
    "neuville-sur-saone",
    "oullins",
    "oullins-pierre-benite",
    "pierre-benite",
    "poleymieux-au-mont-d'or",
    "quincieux",
    "rillieux-la-pape",
    "rochetaillee-sur-saone",
    "saint-cyr-au-mont-d'or",
    "saint-didier-au-mont-d'or",
    "saint-fons",
    "sainte-foy-les-lyon",
    "saint-genis-laval",
    "saint-genis-les-ollieres",
    "saint-germain-au-mont-d'or",
    "saint-priest",
    "saint-romain-au-mont-d'or",
    "sathonay-camp",
    "sathonay-village",
    "solaize",
    "tassin-la-demi-lune",
    "vaulx-en-velin",
    "venissieux",
    "vernaison",
    "villeurbanne",
];

/// Whether a commune of the Rhône lies on the Métropole de Lyon's territory. Accents, case,
/// typographic apostrophes, "Saint"/"St" and arrondissements ("Lyon 3e") do not matter.
pub fn dans_la_metropole_de_lyon(commune: &str) -> bool {
    let n = normaliser(commune);
    let n = n
        .strip_prefix("st-")
        .map(|r| format!("saint-{r}"))
        .unwrap_or(n);
    let n = match n.split_once(' ') {
        Some(("lyon", rest)) if rest.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
            "lyon".to_string()
        }
        _ => n,
    };
    COMMUNES_METROPOLE_DE_LYON.contains(&n.as_str())
}

fn normaliser(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
            'î' | 'ï' | 'Î' => 'i',
            'ô' | 'ö' | 'Ô' => 'o',
            'ù' | 'û' | 'ü' | 'Û' => 'u',
            'ç' | 'Ç' => 'c',
            '’' | '‘' => '\'',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn communes_of_the_metropole() {
        assert!(dans_la_metropole_de_lyon("Bron"));
        assert!(dans_la_metropole_de_lyon("Lyon"));
        assert!(dans_la_metropole_de_lyon("Lyon 7e"));
        assert!(dans_la_metropole_de_lyon("Sainte-Foy-lès-Lyon"));
        assert!(dans_la_metropole_de_lyon("Marcy-l’Étoile"));
        assert!(dans_la_metropole_de_lyon("St-Priest"));
        assert!(!dans_la_metropole_de_lyon("Villefranche-sur-Saône"));
        assert!(!dans_la_metropole_de_lyon("Tarare"));
    }
}
