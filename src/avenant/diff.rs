//! What changed between two versions of a contract: the avenant `cpom avenant diff` computes,
//! and the before/after table of every annex an avenant replaces.
//!
//! Elements are matched by what identifies them for a reader, not by their position: objectives
//! by axe and intitulé, indicators by libellé, financing lines by nature and intitulé, PDS lines
//! by spécialité and site, recognitions by libellé and site, cooperations by intitulé. A change is
//! data only (element, key, field, old value, new value): the words and formats a reader sees
//! come from the templates (`sanitaire/partials/changements.md`, `sanitaire/libelles.yaml`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::Cpom;
use crate::model::annexes::Annexes;
use crate::model::avenant::{Modification, Signataires};
use crate::model::load::Source;
use crate::render::Loaded;

/// One row of a before/after table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changement {
    /// axe, objectif, indicateur, cooperation, reconnaissance, ligne_pds, ligne_financement,
    /// total_financements, annexe.
    pub element: &'static str,
    /// ajout, suppression or modification.
    pub nature: &'static str,
    /// What identifies the element for a reader (axe, objectif, libelle, nature, intitule…).
    pub cle: Map<String, Value>,
    /// The field modified (modification only).
    pub champ: Option<String>,
    /// The entry of a keyed field modified: the year of an amount.
    pub sous_cle: Option<String>,
    /// The old value (or the removed element); null when added.
    pub ancienne: Value,
    /// The new value (or the added element); null when removed.
    pub nouvelle: Value,
    /// For a field modified: the element it belongs to, as it was and as it becomes (null for
    /// the annex's own fields), for the words its value needs to read alone — a capacity's
    /// unit: « 10 lits », not « 10 ».
    pub elements: [Value; 2],
}

/// The changes inside annex `id`, present in both versions.
pub fn changements(id: &str, old: &Annexes, new: &Annexes) -> Vec<Changement> {
    let (o, n) = (json(old), json(new));
    let (o, n) = (&o[id], &n[id]);
    let mut out = Vec::new();
    let root = Map::new();
    match id {
        "orientations_strategiques" => {
            for (axe, ao, an) in list(
                "axe",
                &[("intitule", "axe")],
                &root,
                &o["axes"],
                &n["axes"],
                &["objectifs"],
                &mut out,
            ) {
                for (obj, oo, on) in list(
                    "objectif",
                    &[("intitule", "objectif")],
                    &axe,
                    &ao["objectifs"],
                    &an["objectifs"],
                    &["indicateurs"],
                    &mut out,
                ) {
                    list(
                        "indicateur",
                        &[("libelle", "libelle")],
                        &obj,
                        &oo["indicateurs"],
                        &on["indicateurs"],
                        &[],
                        &mut out,
                    );
                }
            }
        }
        "cooperations_territoriales" => {
            list(
                "cooperation",
                &[("intitule", "intitule")],
                &root,
                &o["cooperations"],
                &n["cooperations"],
                &[],
                &mut out,
            );
        }
        "reconnaissances_contractuelles" => {
            list(
                "reconnaissance",
                &[("libelle", "libelle"), ("finess_site", "finess_site")],
                &root,
                &o["reconnaissances"],
                &n["reconnaissances"],
                &[],
                &mut out,
            );
        }
        "permanence_des_soins" => {
            list(
                "ligne_pds",
                &[("specialite", "specialite"), ("finess_site", "finess_site")],
                &root,
                &o["lignes"],
                &n["lignes"],
                &[],
                &mut out,
            );
        }
        "financements" => {
            fields("annexe", &root, o, n, &["lignes"], &mut out);
            list(
                "ligne_financement",
                &[("nature", "nature"), ("intitule", "intitule")],
                &root,
                &o["lignes"],
                &n["lignes"],
                &[],
                &mut out,
            );
            // The yearly totals, recomputed in exact cents, where they moved.
            let (to, tn) = (totaux(old), totaux(new));
            let annees: BTreeSet<i32> = to.keys().chain(tn.keys()).copied().collect();
            for annee in annees {
                let (a, b) = (to.get(&annee), tn.get(&annee));
                if a != b {
                    out.push(Changement {
                        element: "total_financements",
                        nature: "modification",
                        cle: Map::new(),
                        champ: Some("montants".into()),
                        sous_cle: Some(annee.to_string()),
                        ancienne: a.map_or(Value::Null, |c| (*c).into()),
                        nouvelle: b.map_or(Value::Null, |c| (*c).into()),
                        elements: [Value::Null, Value::Null],
                    });
                }
            }
        }
        _ => {}
    }
    out
}

fn json(a: &Annexes) -> Value {
    serde_json::to_value(a).unwrap_or_default()
}

/// The total in cents of each year of the Financements annex.
fn totaux(a: &Annexes) -> BTreeMap<i32, i64> {
    let mut t = BTreeMap::new();
    for l in a.financements.iter().flat_map(|f| &f.lignes) {
        for (annee, m) in &l.montants {
            *t.entry(*annee).or_insert(0) += m.centimes();
        }
    }
    t
}

/// Matches the elements of two lists by their key fields; records the removed ones, the field
/// changes of the matched ones, then the added ones. Returns the matched pairs (with their key,
/// parents included) so that the caller compares their children (`skip` fields).
fn list<'a>(
    element: &'static str,
    keys: &[(&str, &str)],
    parent: &Map<String, Value>,
    old: &'a Value,
    new: &'a Value,
    skip: &[&str],
    out: &mut Vec<Changement>,
) -> Vec<(Map<String, Value>, &'a Value, &'a Value)> {
    let keyed = |items: &'a Value| -> Vec<(String, Map<String, Value>, &'a Value)> {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut v = Vec::new();
        for item in items.as_array().into_iter().flatten() {
            let mut cle = parent.clone();
            let mut id = String::new();
            for (field, name) in keys {
                let value = item.get(field).cloned().unwrap_or(Value::Null);
                id.push_str(&value.to_string());
                id.push('\u{1f}');
                cle.insert((*name).into(), value);
            }
            // Two elements with the same key (two lines of one spécialité on one site) are
            // matched in order of appearance.
            let n = seen.entry(id.clone()).or_insert(0);
            *n += 1;
            id.push_str(&n.to_string());
            v.push((id, cle, item));
        }
        v
    };
    let (o, n) = (keyed(old), keyed(new));
    let mut pairs = Vec::new();
    for (id, cle, item) in &o {
        match n.iter().find(|(k, ..)| k == id) {
            None => out.push(Changement {
                element,
                nature: "suppression",
                cle: cle.clone(),
                champ: None,
                sous_cle: None,
                ancienne: (*item).clone(),
                nouvelle: Value::Null,
                elements: [Value::Null, Value::Null],
            }),
            Some((_, _, new_item)) => {
                let mut own_skip: Vec<&str> = keys.iter().map(|(f, _)| *f).collect();
                own_skip.extend_from_slice(skip);
                fields(element, cle, item, new_item, &own_skip, out);
                pairs.push((cle.clone(), *item, *new_item));
            }
        }
    }
    for (id, cle, item) in &n {
        if !o.iter().any(|(k, ..)| k == id) {
            out.push(Changement {
                element,
                nature: "ajout",
                cle: cle.clone(),
                champ: None,
                sous_cle: None,
                ancienne: Value::Null,
                nouvelle: (*item).clone(),
                elements: [Value::Null, Value::Null],
            });
        }
    }
    pairs
}

/// The fields of one element that differ; a mapping field (amounts by year) by entry.
fn fields(
    element: &'static str,
    cle: &Map<String, Value>,
    old: &Value,
    new: &Value,
    skip: &[&str],
    out: &mut Vec<Changement>,
) {
    let empty = Map::new();
    let (o, n) = (
        old.as_object().unwrap_or(&empty),
        new.as_object().unwrap_or(&empty),
    );
    let names = n.keys().chain(o.keys().filter(|k| !n.contains_key(*k)));
    for name in names.filter(|k| !skip.contains(&k.as_str())) {
        let (a, b) = (
            o.get(name).unwrap_or(&Value::Null),
            n.get(name).unwrap_or(&Value::Null),
        );
        if a == b {
            continue;
        }
        let row = |sous_cle: Option<String>, a: &Value, b: &Value| Changement {
            element,
            nature: "modification",
            cle: cle.clone(),
            champ: Some(name.clone()),
            sous_cle,
            ancienne: a.clone(),
            nouvelle: b.clone(),
            elements: if element == "annexe" {
                [Value::Null, Value::Null]
            } else {
                [old.clone(), new.clone()]
            },
        };
        match (a, b) {
            (Value::Object(ma), Value::Object(mb)) => {
                let entries: BTreeSet<&String> = ma.keys().chain(mb.keys()).collect();
                for e in entries {
                    let (x, y) = (
                        ma.get(e).unwrap_or(&Value::Null),
                        mb.get(e).unwrap_or(&Value::Null),
                    );
                    if x != y {
                        out.push(row(Some(e.clone()), x, y));
                    }
                }
            }
            _ => out.push(row(None, a, b)),
        }
    }
}

/// What `cpom avenant diff` found between two versions of a contract.
#[derive(Debug, Default)]
pub struct Difference {
    /// The modifications an avenant carries: annexes replaced, added or removed, a prorogation.
    pub modifications: Vec<Modification>,
    /// The signatories, where they changed (a new directeur général, a new representative).
    pub signataires: Option<Signataires>,
    /// Changed data that no computed modification carries (the socle's data):
    /// their field paths, for the user to write a `modification_article` by hand if needed.
    pub hors_avenant: Vec<String>,
}

/// Compares two versions of one contract. Errors (field path, message) when they are not
/// versions of the same contract or when a change cannot be made by avenant. An annex that
/// changed is carried as written in the new version's file (amounts in euros, as typed).
pub fn compare(
    old_version: &Loaded,
    new_version: &Loaded,
) -> Result<Difference, Vec<(String, String)>> {
    let (old, new) = (&old_version.contrat, &new_version.contrat);
    let mut errors = Vec::new();
    if std::mem::discriminant(old) != std::mem::discriminant(new) {
        errors.push((
            String::new(),
            "the two versions are not of the same sector (sanitaire / médico-social)".into(),
        ));
        return Err(errors);
    }
    if old.finess_juridique() != new.finess_juridique() {
        let path = match new {
            Cpom::Sanitaire(_) => "titulaire.finess_juridique",
            Cpom::MedicoSocial(_) => "gestionnaire.finess_juridique",
        };
        errors.push((
            path.into(),
            format!(
                "the two versions are not of the same structure (FINESS {} and {})",
                old.finess_juridique(),
                new.finess_juridique()
            ),
        ));
    }
    let (po, pn) = (old.periode(), new.periode());
    if po.date_debut != pn.date_debut {
        errors.push((
            "periode.date_debut".into(),
            format!(
                "the start of the contract cannot change by avenant ({} → {}): that is a new contract",
                po.date_debut, pn.date_debut
            ),
        ));
    }
    if pn.date_fin < po.date_fin {
        errors.push((
            "periode.date_fin".into(),
            format!(
                "the new version ends earlier ({} → {}): an avenant prorogues, it does not shorten (see résiliation)",
                po.date_fin, pn.date_fin
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut d = Difference::default();
    if let (Cpom::Sanitaire(o), Cpom::Sanitaire(n)) = (old, new) {
        let (ao, an) = (json(&o.annexes), json(&n.annexes));
        let written = as_written(&new_version.source);
        for id in Annexes::IDS {
            let (a, b) = (&ao[id], &an[id]);
            let annexe = id.to_string();
            let donnees = || written["annexes"][id].clone();
            match (a.is_null(), b.is_null()) {
                (true, true) => {}
                (false, true) => d
                    .modifications
                    .push(Modification::SuppressionAnnexe { annexe }),
                (true, false) => d.modifications.push(Modification::AjoutAnnexe {
                    annexe,
                    donnees: donnees(),
                }),
                (false, false) if a != b => {
                    d.modifications.push(Modification::RemplacementAnnexe {
                        annexe,
                        donnees: donnees(),
                    })
                }
                _ => {}
            }
        }
    }
    if pn.date_fin > po.date_fin {
        d.modifications.push(Modification::Prorogation {
            nouvelle_date_fin: pn.date_fin,
        });
    }
    fn changed<T: serde::Serialize>(a: &T, b: &T) -> bool {
        serde_json::to_value(a).ok() != serde_json::to_value(b).ok()
    }
    let mut s = Signataires::default();
    match (old, new) {
        (Cpom::Sanitaire(o), Cpom::Sanitaire(n)) => {
            s.ars = changed(&o.ars, &n.ars).then(|| n.ars.clone());
            s.representant = changed(
                &o.titulaire.representant_legal,
                &n.titulaire.representant_legal,
            )
            .then(|| n.titulaire.representant_legal.clone());
        }
        (Cpom::MedicoSocial(o), Cpom::MedicoSocial(n)) => {
            s.ars = changed(&o.ars, &n.ars).then(|| n.ars.clone());
            s.representant = changed(&o.gestionnaire.representant, &n.gestionnaire.representant)
                .then(|| n.gestionnaire.representant.clone());
            s.departements =
                changed(&o.departements, &n.departements).then(|| n.departements.clone());
        }
        _ => {}
    }
    if s.ars.is_some() || s.representant.is_some() || s.departements.is_some() {
        d.signataires = Some(s);
    }
    let (mut o, mut n) = (old.donnees(), new.donnees());
    for v in [&mut o, &mut n] {
        if let Some(m) = v.as_object_mut() {
            // Carried by the modifications, or by the signatories.
            m.remove("annexes");
            m.remove("ars");
            m.remove("departements");
            for (party, who) in [
                ("titulaire", "representant_legal"),
                ("gestionnaire", "representant"),
            ] {
                if let Some(x) = m.get_mut(party).and_then(Value::as_object_mut) {
                    x.remove(who);
                }
            }
            if let Some(p) = m.get_mut("periode").and_then(Value::as_object_mut) {
                p.remove("date_fin");
            }
        }
    }
    paths("", &o, &n, &mut d.hors_avenant);
    Ok(d)
}

/// A contract file's data as its author wrote it (a campaign row: as merged with its defaults).
fn as_written(source: &Source) -> Value {
    let yaml = source.value.clone().or_else(|| source.yaml().ok());
    yaml.and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or_default()
}

/// The paths of the leaves that differ between two values.
fn paths(at: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    let join = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: Vec<&String> = x
                .keys()
                .chain(y.keys().filter(|k| !x.contains_key(*k)))
                .collect();
            for k in keys {
                paths(
                    &join(k),
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                paths(&format!("{at}[{i}]"), p, q, out);
            }
        }
        _ if a != b => out.push(at.to_string()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annexes(yaml: &str) -> Annexes {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn financing_amounts_are_compared_year_by_year_with_totals() {
        let old = annexes(
            "financements: { lignes: [ { nature: mig, intitule: A, objet: o, engagement_contrepartie: e, caractere: reconductible, montants: { 2021: 100, 2022: 100 } } ] }",
        );
        let new = annexes(
            "financements: { lignes: [ { nature: mig, intitule: A, objet: o, engagement_contrepartie: e, caractere: reconductible, montants: { 2021: 100, 2022: 150.5 } }, { nature: fir, intitule: B, objet: o, engagement_contrepartie: e, caractere: non_reconductible, montants: { 2022: 10 } } ] }",
        );
        let c = changements("financements", &old, &new);
        let summary: Vec<(&str, &str, Option<&str>, Value, Value)> = c
            .iter()
            .map(|c| {
                (
                    c.element,
                    c.nature,
                    c.sous_cle.as_deref(),
                    c.ancienne.clone(),
                    c.nouvelle.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary[0],
            (
                "ligne_financement",
                "modification",
                Some("2022"),
                10000.into(),
                15050.into()
            )
        );
        assert_eq!(summary[1].1, "ajout");
        assert_eq!(
            summary[2],
            (
                "total_financements",
                "modification",
                Some("2022"),
                10000.into(),
                16050.into()
            )
        );
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn identical_annexes_have_no_changes() {
        let a = annexes(
            "permanence_des_soins: { lignes: [ { specialite: Anesthésie, type_ligne: garde_sur_place, nombre_lignes: 1, finess_site: '340780055', periodes: [nuit] } ] }",
        );
        assert!(changements("permanence_des_soins", &a, &a.clone()).is_empty());
    }
}
