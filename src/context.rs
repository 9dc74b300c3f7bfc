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

pub fn build(c: &Contrat, m: &Matrice) -> Result<tera::Context, String> {
    let mut ctx = tera::Context::from_serialize(c).map_err(|e| e.to_string())?;
    ctx.insert("annexes_du_contrat", &annexes_du_contrat(c, m));
    ctx.insert("annexes_sans_objet", &annexes_sans_objet(c, m));
    let typo = m.typologies.get(&c.typologie).map(|t| t.libelle.clone()).unwrap_or_default();
    ctx.insert("typologie_libelle", &typo);
    Ok(ctx)
}
