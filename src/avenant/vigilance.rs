//! What a jurist would question in an avenant that is otherwise valid: warnings, located at the
//! avenant's fields, that `cpom check` and `cpom render` print without refusing the avenant.
//!
//! - a date d'effet before the signature (a retroactive avenant);
//! - amounts or targets of years before the date d'effet changed (the avenant rewrites the past);
//! - an objet that does not name what the modifications change;
//! - a prorogation that leaves the added years without any amount in the Financements annex.

use serde_json::Value;

use super::diff;
use crate::model::Cpom;
use crate::model::avenant::{Avenant, Modification};
use crate::model::matrice::Matrice;
use crate::model::validate::Problems;
use chrono::Datelike;

/// The warnings of avenant `a`, which turns `avant` (the contract in force) into `apres`.
pub fn avertissements(
    a: &Avenant,
    avant: &Cpom,
    apres: &Cpom,
    matrice: &Matrice,
    p: &mut Problems,
) {
    if a.date_effet < a.date_signature {
        p.warning(
            "avenant.date_effet",
            format!(
                "la date d’effet ({}) précède la signature ({}) : l’avenant serait rétroactif ; vérifiez que c’est voulu et que ses stipulations le permettent",
                a.date_effet, a.date_signature
            ),
        );
    }
    passe_reecrit(a, avant, apres, p);
    objet(a, matrice, p);
    prorogation_sans_financement(a, avant, apres, p);
}

/// Amounts (by year) and intermediate targets (by year) of years before the date d'effet.
fn passe_reecrit(a: &Avenant, avant: &Cpom, apres: &Cpom, p: &mut Problems) {
    let (Cpom::Sanitaire(o), Cpom::Sanitaire(n)) = (avant, apres) else {
        return;
    };
    let effet = a.date_effet.year();
    for (i, m) in a.modifications.iter().enumerate() {
        let Modification::RemplacementAnnexe { annexe, .. } = m else {
            continue;
        };
        let mut annees = std::collections::BTreeSet::new();
        for c in diff::changements(annexe, &o.annexes, &n.annexes) {
            if c.element == "total_financements" {
                continue;
            }
            if let Some(y) = c.sous_cle.as_deref().and_then(|s| s.parse::<i32>().ok())
                && y < effet
            {
                annees.insert(y);
            }
            // A line added or removed whole: its amounts of past years appear or vanish.
            if c.element == "ligne_financement" && c.nature != "modification" {
                let line = if c.nature == "ajout" {
                    &c.nouvelle
                } else {
                    &c.ancienne
                };
                for y in line["montants"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter_map(|(k, _)| k.parse::<i32>().ok())
                {
                    if y < effet {
                        annees.insert(y);
                    }
                }
            }
            if c.champ.as_deref() == Some("cibles_intermediaires") {
                for y in past_targets_changed(&c.ancienne, &c.nouvelle, effet) {
                    annees.insert(y);
                }
            }
        }
        if !annees.is_empty() {
            let list: Vec<String> = annees.iter().map(|y| y.to_string()).collect();
            p.warning(
                format!("avenant.modifications[{i}].remplacement_annexe.donnees"),
                format!(
                    "l’annexe modifie des montants ou des cibles de {} : années antérieures à la date d’effet ({}) ; un avenant ne réécrit pas le passé — vérifiez ces valeurs",
                    list.join(", "),
                    a.date_effet
                ),
            );
        }
    }
}

/// Years before `effet` whose intermediate target differs between two `[{annee, valeur}]` lists.
fn past_targets_changed(old: &Value, new: &Value, effet: i32) -> Vec<i32> {
    let by_year = |v: &Value| -> std::collections::BTreeMap<i64, Value> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| Some((c.get("annee")?.as_i64()?, c.get("valeur").cloned()?)))
            .collect()
    };
    let (o, n) = (by_year(old), by_year(new));
    o.keys()
        .chain(n.keys())
        .filter(|y| **y < effet as i64 && o.get(y) != n.get(y))
        .map(|y| *y as i32)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Each modification's subject, as the objet should name it.
fn objet(a: &Avenant, matrice: &Matrice, p: &mut Problems) {
    let Some(objet) = a.objet.as_deref() else {
        return; // stated from the modifications themselves
    };
    let texte = fold(objet);
    let mut absents = Vec::new();
    for m in &a.modifications {
        let (sujet, mots): (String, Vec<String>) = match m {
            Modification::RemplacementAnnexe { annexe, .. }
            | Modification::AjoutAnnexe { annexe, .. }
            | Modification::SuppressionAnnexe { annexe } => {
                let titre = matrice
                    .annexes
                    .iter()
                    .find(|x| x.id == *annexe)
                    .map(|x| x.titre.clone())
                    .unwrap_or_else(|| annexe.replace('_', " "));
                (format!("l’annexe « {titre} »"), vec![fold(&titre)])
            }
            Modification::ModificationArticle { article, .. } => {
                // "Article 9 – Litiges" is named by its title or its number.
                let titre = article
                    .rsplit(['–', '-'])
                    .next()
                    .unwrap_or(article)
                    .trim()
                    .to_string();
                let numero = article
                    .split_whitespace()
                    .nth(1)
                    .map(|n| format!("article {}", fold(n)))
                    .unwrap_or_default();
                (
                    format!("l’article « {article} »"),
                    vec![fold(&titre), numero],
                )
            }
            Modification::Prorogation { .. } => (
                "la prorogation".to_string(),
                vec!["prorog".into(), "duree".into(), "echeance".into()],
            ),
        };
        if !mots
            .iter()
            .any(|w| !w.is_empty() && texte.contains(w.as_str()))
        {
            absents.push(sujet);
        }
    }
    if !absents.is_empty() {
        p.warning(
            "avenant.objet",
            format!(
                "l’objet ne nomme pas tout ce que l’avenant modifie : {} ; complétez-le (ou omettez-le : il est alors rédigé d’après les modifications)",
                absents.join(", ")
            ),
        );
    }
}

/// Years added by a prorogation for which a yearly Financements annex gives no amount.
fn prorogation_sans_financement(a: &Avenant, avant: &Cpom, apres: &Cpom, p: &mut Problems) {
    let Some(i) = a
        .modifications
        .iter()
        .position(|m| matches!(m, Modification::Prorogation { .. }))
    else {
        return;
    };
    let Cpom::Sanitaire(c) = apres else { return };
    let Some(f) = &c.annexes.financements else {
        return;
    };
    if f.lignes.is_empty() {
        return;
    }
    let couvertes: std::collections::BTreeSet<i32> = f
        .lignes
        .iter()
        .flat_map(|l| l.montants.keys().copied())
        .collect();
    let (fin_avant, fin_apres) = (
        avant.periode().date_fin.year(),
        apres.periode().date_fin.year(),
    );
    let manquantes: Vec<String> = (fin_avant + 1..=fin_apres)
        .filter(|y| !couvertes.contains(y))
        .map(|y| y.to_string())
        .collect();
    if !manquantes.is_empty() {
        p.warning(
            format!("avenant.modifications[{i}].prorogation.nouvelle_date_fin"),
            format!(
                "la prorogation ajoute {} sans aucun montant dans l’annexe « Financements », annuelle jusque-là : remplacez aussi cette annexe, ou dites pourquoi ces années ne sont pas financées",
                manquantes.join(", ")
            ),
        );
    }
}

/// Lower case without accents, for comparing an objet with the names it should contain.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Montant;

    fn chu() -> Cpom {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/chu-montpellier.yaml"
        ))
        .unwrap();
        Cpom::Sanitaire(serde_yaml::from_str(&text).unwrap())
    }

    fn prorogation(fin: &str) -> Avenant {
        serde_yaml::from_str(&format!(
            "contrat: x.yaml\nfiness_juridique: \"340780477\"\nnumero: 1\ndate_signature: 2022-06-01\ndate_effet: 2022-07-01\nlieu_signature: Montpellier\nmodifications:\n  - prorogation: {{ nouvelle_date_fin: {fin} }}\n"
        ))
        .unwrap()
    }

    #[test]
    fn a_prorogation_without_amounts_for_the_added_years_is_questioned() {
        // The contract in force ends in 2022; prorogued to 2023 with amounts up to 2022 only.
        let mut avant = chu();
        avant.periode_mut().date_fin = chrono::NaiveDate::from_ymd_opt(2022, 12, 31).unwrap();
        let mut apres = chu();
        if let Cpom::Sanitaire(c) = &mut apres {
            for l in &mut c.annexes.financements.as_mut().unwrap().lignes {
                l.montants.remove(&2023);
            }
        }
        let mut p = Problems::default();
        prorogation_sans_financement(&prorogation("2023-12-31"), &avant, &apres, &mut p);
        assert_eq!(p.0.len(), 1, "{:?}", p.0);
        assert_eq!(
            p.0[0].path.as_deref(),
            Some("avenant.modifications[0].prorogation.nouvelle_date_fin")
        );
        assert!(
            p.0[0]
                .message
                .contains("la prorogation ajoute 2023 sans aucun montant")
        );
        // With an amount for 2023, nothing to say.
        if let Cpom::Sanitaire(c) = &mut apres {
            c.annexes.financements.as_mut().unwrap().lignes[0]
                .montants
                .insert(2023, Montant::parse("1,00").unwrap());
        }
        let mut p = Problems::default();
        prorogation_sans_financement(&prorogation("2023-12-31"), &avant, &apres, &mut p);
        assert!(p.0.is_empty(), "{:?}", p.0);
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(
            fold("Coopérations Territoriales"),
            "cooperations territoriales"
        );
        assert_eq!(fold("l’Échéance"), "l'echeance");
    }
}
