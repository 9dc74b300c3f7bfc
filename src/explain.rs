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
    /// When an included annex is signed: with the socle, on its own date, or still to sign.
    pub signature: Option<String>,
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
        let en_negociation = c.annexe_en_negociation(&a.id);
        let (decision, why) = match (statut, present) {
            (Some(Statut::Obligatoire), true) => (Decision::Included, format!("{rule}; {data}")),
            (Some(Statut::Obligatoire | Statut::SiApplicable), false) if en_negociation => (
                Decision::Included,
                format!("{rule}; being negotiated (signature.annexes.{})", a.id),
            ),
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
        let signature = (decision == Decision::Included).then(|| signature(c, &a.id));
        out.push(Line {
            signature,
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

/// When the annex `id` is signed, in the words of the data.
fn signature(c: &Contrat, id: &str) -> String {
    let date = |d: chrono::NaiveDate| crate::fr::date_longue(d);
    match c.signature.annexes.get(id) {
        None => format!(
            "signée avec le socle, le {} à {}",
            date(c.signature.date),
            c.signature.lieu
        ),
        Some(s) => match s.date {
            Some(d) => format!(
                "signée après le socle, le {} à {}",
                date(d),
                s.lieu.as_deref().unwrap_or(&c.signature.lieu)
            ),
            None => format!(
                "RESTE À SIGNER : en cours de négociation, signature prévue au plus tard le {}",
                date(s.date_prevue)
            ),
        },
    }
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
        if let Some(sig) = &l.signature {
            let _ = writeln!(s, "    {sig}");
        }
    }
    let a_signer: Vec<String> = annexes(c, m)
        .into_iter()
        .filter(|l| c.annexe_en_negociation(&l.id) && l.decision == Decision::Included)
        .map(|l| format!("« {} »", l.titre))
        .collect();
    if !a_signer.is_empty() {
        let _ = writeln!(
            s,
            "reste à signer après le socle : {} ; rendez-les avec `cpom render --documents` une fois leur date de signature indiquée (signature.annexes.<annexe>.date)",
            a_signer.join(", ")
        );
    }
    s
}
