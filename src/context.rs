//! The template context: the contract data as written (same names as the YAML) plus the few
//! values derived from it that templates need and should not compute themselves.

use serde::Serialize;

use crate::model::matrice::{Matrice, Statut};
use crate::model::Contrat;

/// An annex of this contract, as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexeDuContrat {
    pub id: String,
    /// Position among the annexes of this contract (1-based).
    pub numero: usize,
    pub titre: String,
    /// "obligatoire" or "si applicable".
    pub statut: &'static str,
}

/// Annexes, in matrix order, that the contract carries: the obligatoire ones and the
/// si-applicable ones present in the data.
pub fn annexes_du_contrat(c: &Contrat, m: &Matrice) -> Vec<AnnexeDuContrat> {
    let mut out = Vec::new();
    for a in &m.annexes {
        let statut = m.statut(&c.typologie, &a.id);
        let present = crate::model::annexe_presente(c, &a.id);
        let keep = match statut {
            Some(Statut::Obligatoire) => true,
            Some(Statut::SiApplicable) => present,
            _ => false,
        };
        if keep {
            out.push(AnnexeDuContrat {
                id: a.id.clone(),
                numero: out.len() + 1,
                titre: a.titre.clone(),
                statut: statut.map(Statut::libelle).unwrap_or(""),
            });
        }
    }
    out
}

/// Annexes the matrix declares sans objet for this typology (the socle says so).
pub fn annexes_sans_objet(c: &Contrat, m: &Matrice) -> Vec<String> {
    m.annexes
        .iter()
        .filter(|a| m.statut(&c.typologie, &a.id) == Some(Statut::SansObjet))
        .map(|a| a.titre.clone())
        .collect()
}

/// The Financements table as the annex prints it: one column per year of the contract, totals
/// per line and per year, computed here in exact cents (templates only format them).
#[derive(Debug, Clone, Serialize)]
pub struct TableauFinancements {
    pub annees: Vec<i32>,
    pub lignes: Vec<LigneTableau>,
    /// Total of each year (same order as `annees`).
    pub totaux_annees: Vec<i64>,
    pub total_general: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct LigneTableau {
    /// Position of the line in `annexes.financements.lignes`.
    pub index: usize,
    /// Amount of each year, in cents; None when the line has nothing that year.
    pub montants: Vec<Option<i64>>,
    pub total: i64,
}

pub fn tableau_financements(c: &Contrat) -> Option<TableauFinancements> {
    use chrono::Datelike;
    let f = c.annexes.financements.as_ref()?;
    let annees: Vec<i32> = (c.periode.date_debut.year()..=c.periode.date_fin.year()).collect();
    let mut totaux_annees = vec![0i64; annees.len()];
    let mut lignes = Vec::new();
    for (index, l) in f.lignes.iter().enumerate() {
        let montants: Vec<Option<i64>> = annees.iter().map(|a| l.montants.get(a).map(|m| m.centimes())).collect();
        for (t, m) in totaux_annees.iter_mut().zip(&montants) {
            *t += m.unwrap_or(0);
        }
        lignes.push(LigneTableau { index, total: l.total(), montants });
    }
    let total_general = totaux_annees.iter().sum();
    Some(TableauFinancements { annees, lignes, totaux_annees, total_general })
}

pub fn build(c: &Contrat, m: &Matrice) -> Result<tera::Context, String> {
    let mut ctx = tera::Context::from_serialize(c).map_err(|e| e.to_string())?;
    if let Some(t) = tableau_financements(c) {
        ctx.insert("tableau_financements", &t);
    }
    ctx.insert("annexes_du_contrat", &annexes_du_contrat(c, m));
    ctx.insert("annexes_sans_objet", &annexes_sans_objet(c, m));
    let typo = m.typologies.get(&c.typologie).map(|t| t.libelle.clone()).unwrap_or_default();
    ctx.insert("typologie_libelle", &typo);
    Ok(ctx)
}
