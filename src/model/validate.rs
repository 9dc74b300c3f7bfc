//! Validation of a contract: every rule checked, every problem returned (not the first), each
//! with the field path it concerns. `load::Source::locate` then adds file, line and column.

use chrono::{Datelike, NaiveDate};

use super::matrice::{Matrice, Statut};

const MATRICE_NAME: &str = "templates/sanitaire/matrice.yaml";
use super::{Contrat, RegimeJuridique};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fr::{self, FinessCheck};

/// Maximum duration of a CPOM (D.6114-1; L.6114-1): five years.
pub const DUREE_MAX_ANNEES: i32 = 5;

#[derive(Default)]
pub struct Problems(pub Vec<Diagnostic>);

impl Problems {
    pub fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, path.into(), message.into());
    }
    pub fn warning(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, path.into(), message.into());
    }
    fn push(&mut self, severity: Severity, path: String, message: String) {
        self.0.push(Diagnostic {
            severity,
            file: String::new(),
            line: None,
            column: None,
            path: Some(path),
            message,
        });
    }

    /// A required text present but blank.
    pub fn required(&mut self, path: &str, value: &str) {
        if value.trim().is_empty() {
            self.error(path, "must not be empty");
        }
    }

    /// A FINESS number: 9 characters, Luhn check digit (Corsica: format only, a warning).
    pub fn finess(&mut self, path: &str, value: &str) {
        match fr::check_finess(value) {
            FinessCheck::Valid => {}
            FinessCheck::InvalidFormat => self.error(
                path,
                format!("`{value}` is not a FINESS number (9 characters: 2 for the département, then 7 digits)"),
            ),
            FinessCheck::InvalidCheckDigit => {
                let hint = fr::luhn_check_digit(&value[..8])
                    .map(|d| format!(" (with this body the key would be {d})"))
                    .unwrap_or_default();
                self.error(path, format!("FINESS `{value}` has a wrong check digit{hint}"))
            }
            FinessCheck::FormatOnly => self.warning(
                path,
                format!("FINESS `{value}` (Corsica) has a valid format; its check digit cannot be verified"),
            ),
        }
    }
}

/// The first day after the longest allowed period starting on `debut`.
pub fn limite_duree(debut: NaiveDate) -> Option<NaiveDate> {
    debut
        .with_year(debut.year() + DUREE_MAX_ANNEES)
        .or_else(|| {
            // 29 February: five years later is 1 March.
            NaiveDate::from_ymd_opt(debut.year() + DUREE_MAX_ANNEES, 3, 1)
        })
}

/// The ARS as a party, in both sectors: who signs, and the acts the visas cite — the DG's
/// nomination and the PRS in every contract, the delegation decision when a delegate signs.
pub fn ars(a: &super::Ars, signature: NaiveDate, p: &mut Problems) {
    p.required("ars.region", &a.region);
    p.required("ars.directeur_general.nom", &a.directeur_general.nom);
    // The acts the visas cite exist when the contract is signed.
    let after = |d: Option<NaiveDate>| d.filter(|d| *d > signature);
    if let Some(d) = after(a.decret_nomination) {
        p.error("ars.decret_nomination", format!("le décret portant nomination du directeur général ({d}) est postérieur à la signature du contrat ({signature}) : le signataire n’était pas encore nommé"));
    }
    if let Some(d) = after(a.date_arrete_prs) {
        p.error("ars.date_arrete_prs", format!("l’arrêté portant adoption du projet régional de santé ({d}) est postérieur à la signature du contrat ({signature}) : les visas ne peuvent pas le citer"));
    }
    if let Some(d) = after(
        a.delegation
            .as_ref()
            .and_then(|d| d.decision.as_ref())
            .map(|a| a.date),
    ) {
        p.error("ars.delegation.decision", format!("la décision de délégation ({d}) est postérieure à la signature du contrat ({signature}) : le délégataire ne pouvait pas signer"));
    }
    if a.decret_nomination.is_none() {
        p.error(
            "ars.decret_nomination",
            "les visas citent le décret portant nomination du directeur général de l’ARS : indiquez sa date (ars.decret_nomination)",
        );
    }
    if a.date_arrete_prs.is_none() {
        p.error(
            "ars.date_arrete_prs",
            "les visas citent l’arrêté portant adoption du projet régional de santé : indiquez sa date (ars.date_arrete_prs)",
        );
    }
    if let Some(d) = &a.delegation {
        p.required("ars.delegation.qualite", &d.qualite);
        p.required("ars.delegation.signataire.nom", &d.signataire.nom);
        if d.decision.is_none() {
            p.error(
                "ars.delegation.decision",
                "une signature par délégation repose sur la décision de délégation, citée dans les visas : indiquez sa date et son numéro (ars.delegation.decision)",
            );
        }
    }
}

/// The annexes signed after the socle (`signature.annexes`): each an annex of the contract,
/// announced for a date after the socle's, and once signed dated after the socle and before
/// the contract's end, with its data.
fn signature_des_annexes(c: &Contrat, matrice: &Matrice, p: &mut Problems) {
    let statuts = matrice.typologies.get(&c.typologie);
    for (id, s) in &c.signature.annexes {
        let path = format!("signature.annexes.{id}");
        let Some(a) = matrice.annexes.iter().find(|a| &a.id == id) else {
            let known: Vec<&str> = matrice.annexes.iter().map(|a| a.id.as_str()).collect();
            p.error(
                path,
                format!(
                    "annexe inconnue `{id}` ; les annexes sont : {}",
                    known.join(", ")
                ),
            );
            continue;
        };
        if let Some(Statut::SansObjet) = statuts.and_then(|t| t.annexes.get(id)) {
            p.error(
                path.clone(),
                format!(
                    "l’annexe « {} » est sans objet pour la typologie `{}` : elle ne se signe pas",
                    a.titre, c.typologie
                ),
            );
        }
        let socle = c.signature.date;
        if s.date_prevue <= socle {
            p.error(
                format!("{path}.date_prevue"),
                format!("la signature de l’annexe « {} » est prévue le {}, au plus tard à la signature du socle ({socle}) : une annexe signée avec le socle ne figure pas dans signature.annexes", a.titre, s.date_prevue),
            );
        }
        match s.date {
            None => {
                if s.lieu.is_some() {
                    p.error(
                        format!("{path}.lieu"),
                        format!("l’annexe « {} » n’est pas encore signée (pas de date) : son lieu de signature s’indique avec sa date", a.titre),
                    );
                }
                if c.annexes.presente(id) {
                    p.warning(
                        format!("annexes.{id}"),
                        format!("l’annexe « {} » est en cours de négociation (signature.annexes.{id} sans date) : ses données ne sont pas rendues tant qu’elle n’est pas signée", a.titre),
                    );
                }
            }
            Some(d) => {
                if d <= socle {
                    p.error(
                        format!("{path}.date"),
                        format!("l’annexe « {} » serait signée le {d}, au plus tard avec le socle ({socle}) : une annexe signée avec le socle ne figure pas dans signature.annexes", a.titre),
                    );
                } else if d > c.periode.date_fin {
                    p.error(
                        format!("{path}.date"),
                        format!(
                            "l’annexe « {} » serait signée le {d}, après la fin du contrat ({})",
                            a.titre, c.periode.date_fin
                        ),
                    );
                } else if d > s.date_prevue {
                    p.warning(
                        format!("{path}.date"),
                        format!("l’annexe « {} » est signée le {d}, après la date que le socle annonce ({}) : vérifiez que ce retard est convenu entre les parties", a.titre, s.date_prevue),
                    );
                }
                if !c.annexes.presente(id) {
                    p.error(
                        format!("{path}.date"),
                        format!(
                            "l’annexe « {} » est datée mais ses données manquent (annexes.{id})",
                            a.titre
                        ),
                    );
                }
                if let Some(l) = &s.lieu {
                    p.required(&format!("{path}.lieu"), l);
                }
            }
        }
    }
}

/// Checks the socle data of a sanitaire contract against the rules and the applicability matrix.
pub fn contrat(c: &Contrat, matrice: &Matrice) -> Vec<Diagnostic> {
    let mut p = Problems::default();

    p.required("reference", &c.reference);
    ars(&c.ars, c.signature.date, &mut p);
    // The wording of L. 6114-1 and the date: the 2020 wording applies with décret n° 2025-180
    // du 25 février 2025 (sources read in December 2026; to be checked by the agency).
    let decret_2025_180 = NaiveDate::from_ymd_opt(2025, 2, 27).expect("date");
    match c.regime_juridique {
        RegimeJuridique::Ordonnance2020_1407 if c.signature.date < decret_2025_180 => p.warning(
            "regime_juridique",
            format!("contrat signé le {} sous la rédaction de l’article L. 6114-1 issue de l’ordonnance n° 2020-1407, mise en œuvre par le décret n° 2025-180 du 25 février 2025 : vérifiez qu’elle s’appliquait à cette date", c.signature.date),
        ),
        RegimeJuridique::AvantOrdonnance2020 if c.signature.date >= decret_2025_180 => p.warning(
            "regime_juridique",
            format!("contrat signé le {} sous la rédaction de l’article L. 6114-1 antérieure à l’ordonnance n° 2020-1407, mise en œuvre par le décret n° 2025-180 du 25 février 2025 : vérifiez que cette rédaction s’appliquait encore", c.signature.date),
        ),
        _ => {}
    }

    let t = &c.titulaire;
    p.required("titulaire.raison_sociale", &t.raison_sociale);
    p.required("titulaire.forme_juridique", &t.forme_juridique);
    p.required(
        "titulaire.representant_legal.nom",
        &t.representant_legal.nom,
    );
    p.required(
        "titulaire.representant_legal.qualite",
        &t.representant_legal.qualite,
    );
    p.required("titulaire.adresse.commune", &t.adresse.commune);
    p.finess("titulaire.finess_juridique", &t.finess_juridique);
    if let Some(siren) = &t.siren
        && !fr::check_siren(siren)
    {
        p.error(
            "titulaire.siren",
            format!("`{siren}` is not a valid SIREN (9 digits, Luhn key)"),
        );
    }
    if t.sites.is_empty() {
        p.error(
            "titulaire.sites",
            "at least one site (FINESS géographique) is required",
        );
    }
    for (i, s) in t.sites.iter().enumerate() {
        p.required(&format!("titulaire.sites[{i}].nom"), &s.nom);
        p.finess(
            &format!("titulaire.sites[{i}].finess_geographique"),
            &s.finess_geographique,
        );
        if t.sites[..i]
            .iter()
            .any(|o| o.finess_geographique == s.finess_geographique)
        {
            p.error(
                format!("titulaire.sites[{i}].finess_geographique"),
                format!("FINESS `{}` is listed twice", s.finess_geographique),
            );
        }
        if let Some(siret) = &s.siret
            && !fr::check_siret(siret)
        {
            p.error(
                format!("titulaire.sites[{i}].siret"),
                format!("`{siret}` is not a valid SIRET"),
            );
        }
    }

    match matrice.typologies.get(&c.typologie) {
        None => {
            let known: Vec<&str> = matrice.typologies.keys().map(String::as_str).collect();
            p.error(
                "typologie",
                format!(
                    "unknown typology `{}`; expected one of: {}",
                    c.typologie,
                    known.join(", ")
                ),
            );
        }
        Some(typo) => {
            let regime = c.regime_juridique.code();
            if let Some(raison) = typo.regimes_exclus.get(regime) {
                p.error(
                    "typologie",
                    format!(
                        "{raison} (règle : {} × {regime}, {MATRICE_NAME})",
                        c.typologie
                    ),
                );
            }
            for a in &matrice.annexes {
                let present = c.annexes.presente(&a.id);
                let en_negociation = c.annexe_en_negociation(&a.id);
                match (typo.annexes.get(&a.id), present) {
                    (Some(Statut::Obligatoire), false) if en_negociation => {}
                    (Some(Statut::Obligatoire), false) => p.error(
                        "annexes",
                        format!(
                            "the annex « {} » is obligatoire for typology `{}` ({}) but is missing (rule: {} × {} = obligatoire, {MATRICE_NAME})",
                            a.titre, c.typologie, typo.libelle, c.typologie, a.id
                        ),
                    ),
                    (Some(Statut::SansObjet), true) => p.error(
                        format!("annexes.{}", a.id),
                        format!(
                            "the annex « {} » is sans objet for typology `{}` ({}) and must not be given (rule: {} × {} = sans objet, {MATRICE_NAME})",
                            a.titre, c.typologie, typo.libelle, c.typologie, a.id
                        ),
                    ),
                    _ => {}
                }
            }
        }
    }
    c.annexes.validate(&c.periode, &mut p);
    signature_des_annexes(c, matrice, &mut p);

    let (debut, fin) = (c.periode.date_debut, c.periode.date_fin);
    if fin <= debut {
        p.error(
            "periode.date_fin",
            format!("the end date ({fin}) must come after the start date ({debut})"),
        );
    } else if let Some(limite) = limite_duree(debut) {
        if fin >= limite {
            p.error(
                "periode.date_fin",
                format!(
                    "the contract lasts more than {DUREE_MAX_ANNEES} years (D.6114-1): from {debut} it must end by {}",
                    limite.pred_opt().unwrap_or(limite)
                ),
            );
        } else if c.regime_juridique == RegimeJuridique::Ordonnance2020_1407
            && limite.pred_opt() != Some(fin)
        {
            p.error(
                "periode.date_fin",
                format!(
                    "sous la rédaction de l’article L. 6114-1 issue de l’ordonnance n° 2020-1407, le contrat est conclu pour une durée de cinq ans : commençant le {debut}, il prend fin le {}",
                    limite.pred_opt().unwrap_or(limite)
                ),
            );
        }
    }
    if c.signature.date > fin {
        p.error(
            "signature.date",
            format!(
                "the contract is signed ({}) after its end date ({fin})",
                c.signature.date
            ),
        );
    }
    p.required("signature.lieu", &c.signature.lieu);
    let parties = 2;
    if c.signature.exemplaires < parties {
        p.error(
            "signature.exemplaires",
            format!("{} original(s) for {parties} parties: one original per party is required (C. civ. art. 1375)", c.signature.exemplaires),
        );
    }
    if c.orientations_strategiques.is_empty() {
        p.error(
            "orientations_strategiques",
            "at least one strategic orientation is required",
        );
    }
    for (i, o) in c.orientations_strategiques.iter().enumerate() {
        p.required(
            &format!("orientations_strategiques[{i}].intitule"),
            &o.intitule,
        );
    }
    for (i, v) in c.visas_complementaires.iter().enumerate() {
        p.required(&format!("visas_complementaires[{i}]"), v);
    }
    p.0
}
