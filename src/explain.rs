//! `cpom explain`: for one contract, each annex with its status for the typology and why — the
//! rule of the applicability matrix and the data that triggered it.

use std::fmt::Write;

use crate::model::Contrat;
use crate::model::matrice::{Matrice, Statut};

/// What happens to one annex for one contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Included,
    NotIncluded,
    /// A rule is broken (obligatoire missing, or sans objet given): validation reports it.
    Violation,
}

pub struct Line {
    pub titre: String,
    pub id: String,
    pub statut: Option<Statut>,
    pub present: bool,
    pub decision: Decision,
    pub why: String,
}

pub fn annexes(c: &Contrat, m: &Matrice) -> Vec<Line> {
    let mut out = Vec::new();
    for a in &m.annexes {
        let statut = m.statut(&c.typologie, &a.id);
        let present = c.annexes.presente(&a.id);
        let rule = format!(
            "rule {} × {} = {}",
            c.typologie,
            a.id,
            statut.map(Statut::libelle).unwrap_or("?")
        );
        let data = if present {
            format!("data present under annexes.{}", a.id)
        } else {
            format!("no data under annexes.{}", a.id)
        };
        let (decision, why) = match (statut, present) {
            (Some(Statut::Obligatoire), true) => (Decision::Included, format!("{rule}; {data}")),
            (Some(Statut::Obligatoire), false) => (
                Decision::Violation,
                format!("{rule}, but {data}: the contract is incomplete"),
            ),
            (Some(Statut::SiApplicable), true) => {
                (Decision::Included, format!("{rule}; {data}, so it applies"))
            }
            (Some(Statut::SiApplicable), false) => (
                Decision::NotIncluded,
                format!("{rule}; {data}, so it does not apply"),
            ),
            (Some(Statut::SansObjet), false) => (
                Decision::NotIncluded,
                format!("{rule}; the socle states it is sans objet"),
            ),
            (Some(Statut::SansObjet), true) => (
                Decision::Violation,
                format!("{rule}, but {data}: remove it"),
            ),
            (None, _) => (
                Decision::Violation,
                format!("typology `{}` is not in the matrix", c.typologie),
            ),
        };
        out.push(Line {
            titre: a.titre.clone(),
            id: a.id.clone(),
            statut,
            present,
            decision,
            why,
        });
    }
    out
}

/// The report `cpom explain` prints.
pub fn report(file: &str, c: &Contrat, m: &Matrice, matrix_origin: &str) -> String {
    let mut s = String::new();
    let libelle = m
        .typologies
        .get(&c.typologie)
        .map(|t| t.libelle.as_str())
        .unwrap_or("unknown typology");
    let _ = writeln!(
        s,
        "{file}: {} (FINESS {})",
        c.titulaire.raison_sociale, c.titulaire.finess_juridique
    );
    let _ = writeln!(s, "typologie: {} — {libelle}", c.typologie);
    let _ = writeln!(s, "matrix: {matrix_origin} — {}", m.source);
    let mut numero = 0;
    for l in annexes(c, m) {
        let (mark, label) = match l.decision {
            Decision::Included => {
                numero += 1;
                ("+", format!("annexe {numero}"))
            }
            Decision::NotIncluded => ("-", "not included".to_string()),
            Decision::Violation => ("!", "ERROR".to_string()),
        };
        let statut = l.statut.map(Statut::libelle).unwrap_or("?");
        let _ = writeln!(s, "{mark} « {} » [{statut}] {label}: {}", l.titre, l.why);
    }
    s
}
