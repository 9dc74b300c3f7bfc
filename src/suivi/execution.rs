//! The financial execution of a year: what the contract foresaw (the Financements annex of a
//! sanitaire contract, the dotations of the annexe financière of a médico-social one) against
//! what was paid, line by line, in exact cents.
//!
//! Only when the values file gives amounts paid (`suivi.financements`): the review then lists
//! every line foreseen for the year, those without an amount as « non renseigné ».

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Cpom;
use crate::model::annexes::financements::Nature;
use crate::model::medico_social::Section;
use crate::model::montant::Montant;

/// An amount paid in the year, for one line of the contract's financing.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MontantVerse {
    /// Sanitaire: the `intitule` of the line of the Financements annex.
    #[serde(default)]
    pub intitule: Option<String>,
    /// Sanitaire: its `nature`, needed only when two lines share an intitulé.
    #[serde(default)]
    pub nature: Option<Nature>,
    /// Médico-social: the FINESS géographique of the ESSMS of the dotation.
    #[serde(default)]
    pub etablissement: Option<String>,
    /// Médico-social: the section of the dotation.
    #[serde(default)]
    pub section: Option<Section>,
    /// The amount paid in the year, in euros (`498500.00`, `"498 500,00"`).
    #[serde(default)]
    pub verse: Option<Montant>,
    #[serde(default)]
    pub commentaire: Option<String>,
}

/// A line of the contract's financing, whatever its sector.
struct LigneDuContrat<'a> {
    /// Sanitaire: `nature` code and intitulé; médico-social: FINESS, name, section code.
    nature: Option<Nature>,
    intitule: String,
    etablissement: Option<&'a str>,
    section: Option<Section>,
    montants: &'a std::collections::BTreeMap<i32, Montant>,
}

fn lignes(c: &Cpom) -> Vec<LigneDuContrat<'_>> {
    match c {
        Cpom::Sanitaire(c) => c
            .annexes
            .financements
            .iter()
            .flat_map(|f| &f.lignes)
            .map(|l| LigneDuContrat {
                nature: Some(l.nature),
                intitule: l.intitule.clone(),
                etablissement: None,
                section: None,
                montants: &l.montants,
            })
            .collect(),
        Cpom::MedicoSocial(c) => c
            .moyens
            .dotations
            .iter()
            .map(|d| LigneDuContrat {
                nature: None,
                intitule: c
                    .etablissements
                    .iter()
                    .find(|e| e.finess_geographique == d.etablissement)
                    .map(|e| e.nom.clone())
                    .unwrap_or_default(),
                etablissement: Some(&d.etablissement),
                section: Some(d.section),
                montants: &d.montants,
            })
            .collect(),
    }
}

/// For each entry of `versements`, the line of the contract it pays, or the error at its field
/// path (relative to `suivi.financements[k]`).
fn associer(c: &Cpom, versements: &[MontantVerse]) -> (Vec<Option<usize>>, Vec<(String, String)>) {
    let all = lignes(c);
    let sanitaire = matches!(c, Cpom::Sanitaire(_));
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (k, v) in versements.iter().enumerate() {
        let path = format!("suivi.financements[{k}]");
        let mut error = |field: &str, message: String| {
            errors.push((format!("{path}{field}"), message));
        };
        if sanitaire && (v.etablissement.is_some() || v.section.is_some()) {
            error(
                "",
                "un contrat sanitaire se suit par les lignes de l’annexe Financements : donnez `intitule` (et `nature` si besoin), pas `etablissement` ni `section`".into(),
            );
            found.push(None);
            continue;
        }
        if !sanitaire && (v.intitule.is_some() || v.nature.is_some()) {
            error(
                "",
                "un contrat médico-social se suit par dotation : donnez `etablissement` (FINESS géographique) et `section`, pas `intitule` ni `nature`".into(),
            );
            found.push(None);
            continue;
        }
        let matches: Vec<usize> = all
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                if sanitaire {
                    v.intitule
                        .as_deref()
                        .is_some_and(|i| i.trim() == l.intitule.trim())
                        && v.nature.is_none_or(|n| Some(n) == l.nature)
                } else {
                    v.etablissement.as_deref() == l.etablissement && v.section == l.section
                }
            })
            .map(|(n, _)| n)
            .collect();
        let known = || -> String {
            all.iter()
                .map(|l| match (l.etablissement, l.section) {
                    (Some(e), Some(s)) => format!("{e} / {}", section_code(s)),
                    _ => format!("« {} »", l.intitule),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        match matches.as_slice() {
            [] if sanitaire && v.intitule.is_none() => error(
                ".intitule",
                "manque : l’intitulé de la ligne de financement".into(),
            ),
            [] if !sanitaire && (v.etablissement.is_none() || v.section.is_none()) => error(
                "",
                "donnez `etablissement` et `section` : la dotation payée".into(),
            ),
            [] => error(
                if sanitaire { ".intitule" } else { "" },
                if all.is_empty() {
                    "le contrat ne prévoit aucun financement à suivre".into()
                } else {
                    format!(
                        "le contrat ne prévoit pas ce financement ; ses lignes sont : {}",
                        known()
                    )
                },
            ),
            [one] => {
                if let Some(previous) = found.iter().position(|f| *f == Some(*one)) {
                    error(
                        "",
                        format!(
                            "ce financement est déjà renseigné (suivi.financements[{previous}])"
                        ),
                    );
                } else {
                    found.push(Some(*one));
                    continue;
                }
            }
            _ => error(
                ".intitule",
                "plusieurs lignes portent cet intitulé : précisez `nature`".into(),
            ),
        }
        found.push(None);
    }
    (found, errors)
}

fn section_code(s: Section) -> &'static str {
    match s {
        Section::Soins => "soins",
        Section::Dependance => "dependance",
        Section::Hebergement => "hebergement",
        Section::DotationGlobale => "dotation_globale",
    }
}

/// The errors of the amounts paid of `versements`, as (field path, message).
pub fn erreurs(c: &Cpom, versements: &[MontantVerse]) -> Vec<(String, String)> {
    associer(c, versements).1
}

/// One line of the financial execution, as the template prints it (amounts in cents).
#[derive(Debug, Clone, Serialize)]
pub struct LigneExecution {
    /// Sanitaire: `mig`, `ac`…; médico-social: none.
    pub nature: Option<Nature>,
    /// Sanitaire: the line's intitulé; médico-social: the ESSMS's name.
    pub intitule: String,
    pub etablissement: Option<String>,
    pub section: Option<Section>,
    pub prevu: Option<i64>,
    pub verse: Option<i64>,
    /// Paid minus foreseen.
    pub ecart: Option<i64>,
    /// Paid over foreseen, in percent (« 97,4 % »).
    pub taux: Option<String>,
    pub commentaire: Option<String>,
}

/// The financial execution of a year.
#[derive(Debug, Clone, Serialize)]
pub struct Execution {
    pub lignes: Vec<LigneExecution>,
    pub total_prevu: i64,
    /// The total paid, over the lines with an amount.
    pub total_verse: i64,
    /// Total paid minus total foreseen of the lines with an amount paid.
    pub ecart: i64,
    pub taux: Option<String>,
    /// How many lines foreseen for the year have no amount paid.
    pub non_renseignes: usize,
}

fn taux(verse: i64, prevu: i64) -> Option<String> {
    (prevu != 0).then(|| {
        format!(
            "{}\u{a0}%",
            super::valeur::ecrire(verse as f64 * 100.0 / prevu as f64, 1)
        )
    })
}

/// The financial execution of `annee`, when `versements` gives any amount paid.
pub fn execution(c: &Cpom, annee: i32, versements: &[MontantVerse]) -> Option<Execution> {
    if versements.is_empty() {
        return None;
    }
    let all = lignes(c);
    let (found, _) = associer(c, versements);
    let mut out = Vec::new();
    for (n, l) in all.iter().enumerate() {
        let v = found
            .iter()
            .position(|f| *f == Some(n))
            .map(|k| &versements[k]);
        let prevu = l.montants.get(&annee).map(|m| m.centimes());
        if prevu.is_none() && v.is_none() {
            continue;
        }
        let verse = v.and_then(|v| v.verse).map(Montant::centimes);
        out.push(LigneExecution {
            nature: l.nature,
            intitule: l.intitule.clone(),
            etablissement: l.etablissement.map(str::to_string),
            section: l.section,
            prevu,
            verse,
            ecart: verse.map(|v| v - prevu.unwrap_or(0)),
            taux: verse.zip(prevu).and_then(|(v, p)| taux(v, p)),
            commentaire: v.and_then(|v| v.commentaire.clone()),
        });
    }
    let total_prevu = out.iter().filter_map(|l| l.prevu).sum();
    let payees: Vec<&LigneExecution> = out.iter().filter(|l| l.verse.is_some()).collect();
    let total_verse: i64 = payees.iter().filter_map(|l| l.verse).sum();
    let prevu_paye: i64 = payees.iter().filter_map(|l| l.prevu).sum();
    Some(Execution {
        non_renseignes: out.len() - payees.len(),
        total_prevu,
        total_verse,
        ecart: total_verse - prevu_paye,
        taux: taux(total_verse, prevu_paye),
        lignes: out,
    })
}
