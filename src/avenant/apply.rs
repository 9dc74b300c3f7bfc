//! Applying an avenant's modifications to a contract. One function serves the hand-written
//! avenant (applied to the contract as signed) and the consolidated version (each avenant in
//! force applied, in order, to the contract as already amended), so that both check the same
//! rules: prorogation limits, annexes "sans objet" for the typology, a date d'effet inside the
//! period, and a contract that is still valid afterwards.

use crate::diagnostic::Diagnostic;
use crate::model::Cpom;
use crate::model::avenant::{Avenant, Modification, Signataires};
use crate::model::matrice::Statut;
use crate::model::validate::{self, Problems};

/// Applies `a` to `c`. Problems are reported at the avenant's field paths (`avenant.…`).
pub fn apply(c: &mut Cpom, a: &Avenant, lib: &crate::render::Library, p: &mut Problems) {
    let matrice = &lib.matrice;
    let debut = c.periode().date_debut;
    for (i, m) in a.modifications.iter().enumerate() {
        let mp = format!("avenant.modifications[{i}]");
        match (m, &mut *c) {
            (Modification::Prorogation { nouvelle_date_fin }, c) => {
                let fin = c.periode().date_fin;
                if *nouvelle_date_fin <= fin {
                    p.error(
                        format!("{mp}.prorogation.nouvelle_date_fin"),
                        format!("a prorogation moves the end later than {fin}"),
                    );
                }
                let (limit, rule) = match c {
                    // Sanitaire: five years at most in all (CSP L. 6114-1).
                    Cpom::Sanitaire(_) => (
                        validate::limite_duree(debut).and_then(|d| d.pred_opt()),
                        "five years in all from the start of the contract (code de la santé publique, article L. 6114-1)",
                    ),
                    // Médico-social: one year at most per prorogation (arrêté du 3 mars 2017, art. 2).
                    Cpom::MedicoSocial(_) => (
                        fin.checked_add_months(chrono::Months::new(12)),
                        "one year at most per prorogation (contrat type de l’arrêté du 3 mars 2017, article 2)",
                    ),
                };
                if let Some(limit) = limit.filter(|l| nouvelle_date_fin > l) {
                    p.error(
                        format!("{mp}.prorogation.nouvelle_date_fin"),
                        format!("the legal limit for this contract is {limit}: {rule}"),
                    );
                }
                c.periode_mut().date_fin = *nouvelle_date_fin;
            }
            (
                Modification::ModificationArticle {
                    nouvelle_redaction,
                    article,
                },
                _,
            ) => {
                p.required(
                    &format!("{mp}.modification_article.article"),
                    article,
                );
                p.required(
                    &format!("{mp}.modification_article.nouvelle_redaction"),
                    nouvelle_redaction,
                );
            }
            (
                Modification::RemplacementAnnexe { annexe, donnees }
                | Modification::AjoutAnnexe { annexe, donnees },
                Cpom::Sanitaire(c),
            ) => {
                let kind = if matches!(m, Modification::AjoutAnnexe { .. }) {
                    "ajout_annexe"
                } else {
                    "remplacement_annexe"
                };
                match matrice.statut(&c.typologie, annexe) {
                    None => p.error(
                        format!("{mp}.{kind}.annexe"),
                        format!("unknown annex `{annexe}`"),
                    ),
                    Some(Statut::SansObjet) => p.error(
                        format!("{mp}.{kind}.annexe"),
                        format!(
                            "the annex `{annexe}` is sans objet for typology `{}`: an avenant cannot give it",
                            c.typologie
                        ),
                    ),
                    Some(_) => {
                        if let Err(e) = c.annexes.remplacer(annexe, Some(donnees.clone())) {
                            p.error(format!("{mp}.{kind}.donnees"), e);
                        }
                    }
                }
            }
            (Modification::SuppressionAnnexe { annexe }, Cpom::Sanitaire(c)) => {
                if !c.annexes.presente(annexe) {
                    p.error(
                        format!("{mp}.suppression_annexe.annexe"),
                        format!("the contract has no annex `{annexe}`"),
                    );
                } else {
                    let _ = c.annexes.remplacer(annexe, None);
                }
            }
            (_, Cpom::MedicoSocial(_)) => p.error(
                mp.clone(),
                "the annexes of a médico-social contract derive from its data: amend an article or prorogue it",
            ),
        }
    }
    let (debut, fin) = (c.periode().date_debut, c.periode().date_fin);
    if a.date_effet < debut || a.date_effet > fin {
        p.error(
            "avenant.date_effet",
            format!(
                "the effective date ({}) is outside the contract period ({debut} to {fin})",
                a.date_effet
            ),
        );
    }
    // The amended contract must still be a valid contract (matrix, dates, annex rules).
    let still = match &*c {
        Cpom::Sanitaire(c) => validate::contrat(c, matrice),
        Cpom::MedicoSocial(c) => c.validate(&lib.categories),
    };
    // A prorogation's own limits were checked above (five years in all, or one year at a time).
    let prorogue = a
        .modifications
        .iter()
        .any(|m| matches!(m, Modification::Prorogation { .. }));
    for d in still
        .into_iter()
        .filter(Diagnostic::is_error)
        .filter(|d| !(prorogue && d.path.as_deref() == Some("periode.date_fin")))
        // New ARS signatories are checked against the avenant's signature (in `signataires`).
        .filter(|d| {
            !(a.signataires.as_ref().is_some_and(|s| s.ars.is_some())
                && d.path.as_deref().is_some_and(|p| p.starts_with("ars.")))
        })
    {
        p.error(
            "avenant.modifications",
            format!(
                "after the avenant, the contract would be invalid: {}: {}",
                d.path.unwrap_or_default(),
                d.message
            ),
        );
    }
}

/// Puts this avenant's signatories in place of the contract's (for the avenant's own
/// documents: the contract's stipulations, and its consolidated versions, keep the original
/// parties).
pub fn signataires(
    c: &mut Cpom,
    s: &Signataires,
    date_signature: chrono::NaiveDate,
    p: &mut Problems,
) {
    if let Some(ars) = &s.ars {
        // The new signatory's nomination, PRS and delegation, as of the avenant's signature.
        let mut own = Problems::default();
        validate::ars(ars, date_signature, &mut own);
        for d in own.0 {
            let path = format!("avenant.signataires.{}", d.path.as_deref().unwrap_or("ars"));
            if d.is_error() {
                p.error(path, d.message);
            } else {
                p.warning(path, d.message);
            }
        }
        match c {
            Cpom::Sanitaire(c) => c.ars = ars.clone(),
            Cpom::MedicoSocial(c) => c.ars = ars.clone(),
        }
    }
    if let Some(r) = &s.representant {
        match c {
            Cpom::Sanitaire(c) => c.titulaire.representant_legal = r.clone(),
            Cpom::MedicoSocial(c) => c.gestionnaire.representant = r.clone(),
        }
    }
    match (&s.departements, c) {
        (None, _) => {}
        (Some(_), Cpom::Sanitaire(_)) => p.error(
            "avenant.signataires.departements",
            "a sanitaire CPOM has no Conseil départemental among its parties",
        ),
        (Some(d), Cpom::MedicoSocial(c)) => {
            let codes = |v: &[crate::model::medico_social::Departement]| -> Vec<String> {
                v.iter().map(|x| x.code.clone()).collect()
            };
            if codes(d) != codes(&c.departements) {
                p.error(
                    "avenant.signataires.departements",
                    format!(
                        "the parties of the contract are the départements {:?}: an avenant is signed by the same ones",
                        codes(&c.departements)
                    ),
                );
            } else {
                c.departements = d.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{self, Library};

    /// Replacing one annex leaves the others exactly as they were (amounts included: they
    /// serialise as cents and read as euros, so a JSON round trip of every annex multiplied them).
    #[test]
    fn replacing_one_annex_keeps_the_others() {
        let lib = Library::builtin().unwrap();
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/chu-montpellier.yaml");
        let loaded = render::load(&path, &lib).unwrap();
        let mut c = loaded.contrat.clone();
        let a: crate::model::avenant::AvenantFile = serde_yaml::from_str(
            "avenant: { contrat: x, finess_juridique: '340780477', numero: 1, date_signature: 2020-01-01, date_effet: 2020-01-01, lieu_signature: Montpellier, modifications: [ { remplacement_annexe: { annexe: permanence_des_soins, donnees: { lignes: [ { specialite: Anesthésie, type_ligne: garde_sur_place, nombre_lignes: 1, finess_site: '340000033', periodes: [nuit] } ] } } } ] }",
        )
        .unwrap();
        let mut p = Problems::default();
        apply(&mut c, &a.avenant, &lib, &mut p);
        assert!(p.0.is_empty(), "{:?}", p.0);
        let (Cpom::Sanitaire(before), Cpom::Sanitaire(after)) = (&loaded.contrat, &c) else {
            panic!("sanitaire")
        };
        assert_eq!(
            serde_json::to_value(&before.annexes.financements).unwrap(),
            serde_json::to_value(&after.annexes.financements).unwrap()
        );
        assert_eq!(
            after
                .annexes
                .permanence_des_soins
                .as_ref()
                .unwrap()
                .lignes
                .len(),
            1
        );
    }
}
