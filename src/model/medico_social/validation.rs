//! The rules a médico-social contract must satisfy before it is drafted: the data the model
//! contract (arrêté du 3 mars 2017) requires, and who signs, following the competence of each
//! ESSMS (see `regime`).

use super::regime::{self, CODE_METROPOLE_DE_LYON, Categories, Competence, Regime};
use super::{CATEGORIE_EHPAD, CpomMedicoSocial, Essms};
use crate::diagnostic::Diagnostic;
use crate::model::validate::Problems;

/// What the ESSMS of a contract make of it: each one's competence and regime, and the
/// contract's regime.
#[derive(Debug, Clone)]
pub struct Analyse {
    /// By ESSMS, in the order of `etablissements`; `None` when the category is unknown and the
    /// data does not say (an error of `validate`).
    pub essms: Vec<Option<(Competence, Regime)>>,
    /// The contract's regime: IV ter if it holds an EHPAD, else L. 313-12-2 if one of its
    /// ESSMS calls for it, else L. 313-11.
    pub regime: Regime,
}

impl CpomMedicoSocial {
    /// The parties: the ARS, the Conseils départementaux (or Métropole) competent for one of the
    /// ESSMS, the gestionnaire — one original each (C. civ. art. 1375).
    pub fn parties(&self) -> usize {
        2 + self.departements.len()
    }

    /// Competence and regime of each ESSMS (stated in the data, or from its category), and the
    /// contract's regime.
    pub fn analyse(&self, categories: &Categories) -> Analyse {
        let essms: Vec<Option<(Competence, Regime)>> = self
            .etablissements
            .iter()
            .map(|e| {
                let def = categories.categories.get(e.categorie.code.trim());
                let competence = e.competence.or(def.map(|d| d.competence))?;
                let regime = e.regime.or(def.map(|d| d.regime))?;
                Some((competence, regime))
            })
            .collect();
        let regimes = || essms.iter().flatten().map(|(_, r)| *r);
        let regime = if regimes().any(|r| r == Regime::IvTer) {
            Regime::IvTer
        } else if regimes().any(|r| r == Regime::L313_12_2) {
            Regime::L313_12_2
        } else {
            Regime::L313_11
        };
        Analyse { essms, regime }
    }

    /// Whether the département party `code` must sign for this ESSMS: its competence is
    /// départementale or joint, or it has places habilitées à l'aide sociale.
    fn appelle_le_departement(e: &Essms, competence: Competence) -> bool {
        competence.departementale() || e.places_habilitees_aide_sociale.is_some_and(|n| n > 0)
    }

    /// The ESSMS the collectivity party `code` signs for (its competence, or places habilitées).
    pub fn essms_de<'a>(&'a self, analyse: &Analyse, code: &str) -> Vec<&'a Essms> {
        self.etablissements
            .iter()
            .zip(&analyse.essms)
            .filter(|(e, a)| {
                e.departement == code && a.is_some_and(|(c, _)| Self::appelle_le_departement(e, c))
            })
            .map(|(e, _)| e)
            .collect()
    }

    pub fn validate(&self, categories: &Categories) -> Vec<Diagnostic> {
        let mut p = Problems::default();
        p.required("reference", &self.reference);
        crate::model::validate::ars(&self.ars, self.signature.date, &mut p);
        p.required(
            "gestionnaire.raison_sociale",
            &self.gestionnaire.raison_sociale,
        );
        p.required(
            "gestionnaire.representant.nom",
            &self.gestionnaire.representant.nom,
        );
        p.finess(
            "gestionnaire.finess_juridique",
            &self.gestionnaire.finess_juridique,
        );
        for (i, d) in self.departements.iter().enumerate() {
            p.required(
                &format!("departements[{i}].president.nom"),
                &d.president.nom,
            );
            if self.departements[..i].iter().any(|o| o.code == d.code) {
                p.error(
                    format!("departements[{i}].code"),
                    format!("département {} is listed twice", d.code),
                );
            }
        }
        if self.etablissements.is_empty() {
            p.error("etablissements", "at least one ESSMS is required");
        }
        for (i, e) in self.etablissements.iter().enumerate() {
            let ep = format!("etablissements[{i}]");
            p.finess(&format!("{ep}.finess_geographique"), &e.finess_geographique);
            if self.etablissements[..i]
                .iter()
                .any(|o| o.finess_geographique == e.finess_geographique)
            {
                p.error(
                    format!("{ep}.finess_geographique"),
                    format!("FINESS `{}` is listed twice", e.finess_geographique),
                );
            }
            if e.capacites.is_empty() {
                p.error(
                    format!("{ep}.capacites"),
                    "at least one capacity is required",
                );
            }
            for (j, c) in e.capacites.iter().enumerate() {
                if c.installees > c.autorisees {
                    p.error(
                        format!("{ep}.capacites[{j}].installees"),
                        format!(
                            "{} places installed for {} authorised",
                            c.installees, c.autorisees
                        ),
                    );
                }
            }
            if let Some(h) = e.places_habilitees_aide_sociale {
                let total: u32 = e.capacites.iter().map(|c| c.autorisees).sum();
                if h > total {
                    p.error(
                        format!("{ep}.places_habilitees_aide_sociale"),
                        format!("{h} places habilitées for {total} authorised"),
                    );
                }
            }
            if e.categorie.code == CATEGORIE_EHPAD && e.option_tarifaire.is_none() {
                p.error(format!("{ep}.option_tarifaire"), "an EHPAD needs its option tarifaire (tarif global or partiel, with or without PUI)");
            }
        }
        let known = |f: &str| {
            self.etablissements
                .iter()
                .any(|e| e.finess_geographique == f)
        };
        // Duration: five years at most (arrêté du 3 mars 2017, art. 2; prorogation by avenant).
        let (debut, fin) = (self.periode.date_debut, self.periode.date_fin);
        if fin <= debut {
            p.error(
                "periode.date_fin",
                format!("the end date ({fin}) must come after the start date ({debut})"),
            );
        } else if let Some(limit) = crate::model::validate::limite_duree(debut)
            && fin >= limit
        {
            p.error("periode.date_fin", format!("the contract lasts more than 5 years: from {debut} it must end by {}; extend it by avenant (prorogation)", limit.pred_opt().unwrap_or(limit)));
        }
        if self.signature.date > fin {
            p.error(
                "signature.date",
                format!(
                    "the contract is signed ({}) after its end date ({fin})",
                    self.signature.date
                ),
            );
        }
        p.required(
            "diagnostic_partage.synthese",
            &self.diagnostic_partage.synthese,
        );
        if self.objectifs.is_empty() {
            p.error("objectifs", "at least one strategic objective is required");
        }
        for (i, o) in self.objectifs.iter().enumerate() {
            for (j, op) in o.operationnels.iter().enumerate() {
                let opp = format!("objectifs[{i}].operationnels[{j}]");
                for (k, f) in op.etablissements.iter().enumerate() {
                    if !known(f) {
                        p.error(
                            format!("{opp}.etablissements[{k}]"),
                            format!("FINESS `{f}` is not an ESSMS of the contract"),
                        );
                    }
                }
                if op.indicateurs.is_empty() {
                    p.error(
                        format!("{opp}.indicateurs"),
                        "an operational objective needs at least one indicator (SMART)",
                    );
                }
                for (k, ind) in op.indicateurs.iter().enumerate() {
                    let ip = format!("{opp}.indicateurs[{k}]");
                    crate::model::annexes::dans_la_periode(
                        &mut p,
                        &format!("{ip}.echeance"),
                        "the echeance",
                        ind.echeance,
                        &self.periode,
                    );
                    for (m, j) in ind.jalons.iter().enumerate() {
                        crate::model::annexes::annee_dans_la_periode(
                            &mut p,
                            &format!("{ip}.jalons[{m}].annee"),
                            "milestone year",
                            j.annee,
                            &self.periode,
                        );
                    }
                }
            }
        }
        for (i, d) in self.moyens.dotations.iter().enumerate() {
            let dp = format!("moyens.dotations[{i}]");
            if !known(&d.etablissement) {
                p.error(
                    format!("{dp}.etablissement"),
                    format!(
                        "FINESS `{}` is not an ESSMS of the contract",
                        d.etablissement
                    ),
                );
            }
            for (annee, m) in &d.montants {
                crate::model::annexes::annee_dans_la_periode(
                    &mut p,
                    &format!("{dp}.montants.{annee}"),
                    "year",
                    *annee,
                    &self.periode,
                );
                if m.centimes() < 0 {
                    p.error(format!("{dp}.montants.{annee}"), "negative amount");
                }
            }
        }
        if let Some(m) = &self.modulation {
            for (i, f) in m.etablissements.iter().enumerate() {
                match self.etablissements.iter().find(|e| &e.finess_geographique == f) {
                    None => p.error(format!("modulation.etablissements[{i}]"), format!("FINESS `{f}` is not an ESSMS of the contract")),
                    Some(e) if e.categorie.code == CATEGORIE_EHPAD => p.error(
                        format!("modulation.etablissements[{i}]"),
                        format!("`{}` is an EHPAD: its activity is modulated under R. 314-160, not R. 314-43-2", e.nom),
                    ),
                    _ => {}
                }
            }
        }
        if self.calendrier_revues.is_empty() {
            p.error(
                "calendrier_revues",
                "the comité de suivi meets at least at mid-term (year 3) and at the end (year 5)",
            );
        }
        for (i, r) in self.calendrier_revues.iter().enumerate() {
            crate::model::annexes::dans_la_periode(
                &mut p,
                &format!("calendrier_revues[{i}].date"),
                "the review",
                r.date,
                &self.periode,
            );
        }
        self.signataires(categories, &mut p);
        self.modele(&mut p);
        p.0
    }

    /// Who signs follows competence: the CD (or Métropole) of every ESSMS that calls for it, and
    /// no other; the regime stated, if any, is the one the ESSMS give.
    fn signataires(&self, categories: &Categories, p: &mut Problems) {
        let analyse = self.analyse(categories);
        for (i, (e, a)) in self.etablissements.iter().zip(&analyse.essms).enumerate() {
            let ep = format!("etablissements[{i}]");
            let Some((competence, _)) = a else {
                p.error(
                    format!("{ep}.categorie.code"),
                    format!(
                        "la catégorie FINESS {} ({}) n’est pas classée dans {} : indiquez la compétence (competence: ars, conjointe ou departement) et le régime (regime: « L. 313-12 IV ter », « L. 313-12-2 » ou « L. 313-11 ») de cet ESSMS",
                        e.categorie.code, e.categorie.libelle, regime::FICHIER
                    ),
                );
                continue;
            };
            if let Some(def) = categories.categories.get(e.categorie.code.trim()) {
                if let Some(c) = e.competence
                    && c != def.competence
                {
                    p.error(format!("{ep}.competence"), format!("la catégorie {} ({}) relève de la {} ({}) ; si votre lecture diffère, corrigez {} plutôt que ce contrat", e.categorie.code, def.libelle, def.competence.libelle(), categories.source, regime::FICHIER));
                }
                if let Some(r) = e.regime
                    && r != def.regime
                {
                    p.error(
                        format!("{ep}.regime"),
                        format!(
                            "la catégorie {} ({}) relève du CPOM de l’article {} du CASF ({})",
                            e.categorie.code,
                            def.libelle,
                            def.regime.libelle(),
                            categories.source
                        ),
                    );
                }
            }
            // The Métropole de Lyon signs for the ESSMS of its territory, the Département du
            // Rhône for the others.
            let metropole = regime::dans_la_metropole_de_lyon(&e.adresse.commune);
            if e.departement == "69" && metropole {
                p.error(format!("{ep}.departement"), format!("{} est sur le territoire de la Métropole de Lyon, qui y exerce les compétences du département (CGCT L. 3641-1) : indiquez departement: \"{CODE_METROPOLE_DE_LYON}\"", e.adresse.commune));
            } else if e.departement == CODE_METROPOLE_DE_LYON && !metropole {
                p.error(format!("{ep}.departement"), format!("{} n’est pas sur le territoire de la Métropole de Lyon : indiquez departement: \"69\" (Département du Rhône)", e.adresse.commune));
            }
            if Self::appelle_le_departement(e, *competence)
                && !self.departements.iter().any(|d| d.code == e.departement)
            {
                let pourquoi = if competence.departementale() {
                    format!("il relève de la {}", competence.libelle())
                } else {
                    "il est habilité à l’aide sociale".to_string()
                };
                p.error(format!("{ep}.departement"), format!("« {} » ({}) : {pourquoi} (CASF L. 313-3) ; {} doit être partie au contrat (departements)", e.nom, e.categorie.libelle, if e.departement == CODE_METROPOLE_DE_LYON { "la Métropole de Lyon".to_string() } else { format!("le conseil départemental du département {}", e.departement) }));
            }
        }
        for (i, d) in self.departements.iter().enumerate() {
            if self.essms_de(&analyse, &d.code).is_empty() {
                let sur_place: Vec<&str> = self
                    .etablissements
                    .iter()
                    .filter(|e| e.departement == d.code)
                    .map(|e| e.nom.as_str())
                    .collect();
                let detail = if sur_place.is_empty() {
                    "aucun ESSMS du contrat n’est sur son territoire".to_string()
                } else {
                    format!(
                        "{} relève(nt) de la seule compétence de l’ARS et n’est (ne sont) pas habilité(s) à l’aide sociale",
                        sur_place.join(", ")
                    )
                };
                p.error(format!("departements[{i}]"), format!("« {} » n’est compétent pour aucun ESSMS du contrat ({detail}) : il ne signe pas ; retirez-le des parties", d.collectivite));
            }
            if (d.code == CODE_METROPOLE_DE_LYON) != d.metropole {
                p.error(format!("departements[{i}].code"), format!("la Métropole de Lyon a le code \"{CODE_METROPOLE_DE_LYON}\" et metropole: true ; le Département du Rhône le code \"69\""));
            }
            if d.schema_departemental.is_none() {
                p.error(format!("departements[{i}].schema_departemental"), format!("les visas citent le schéma départemental d’organisation sociale et médico-sociale de « {} » : indiquez la date de la délibération qui l’adopte (schema_departemental)", d.collectivite));
            }
        }
        if !analyse
            .essms
            .iter()
            .flatten()
            .any(|(c, _)| *c != Competence::Departement)
        {
            p.error("etablissements", "aucun ESSMS du contrat ne relève de la compétence de l’ARS (seule ou conjointe) : ce n’est pas un CPOM que signe l’ARS");
        }
        // The IV ter CPOM is concluded for five years (arrêté du 3 mars 2017, art. 2).
        let (debut, fin) = (self.periode.date_debut, self.periode.date_fin);
        if analyse.regime == Regime::IvTer
            && debut < fin
            && let Some(limite) = crate::model::validate::limite_duree(debut)
            && fin < limite
            && limite.pred_opt() != Some(fin)
        {
            p.error("periode.date_fin", format!("un CPOM du IV ter de l’article L. 313-12 est conclu pour cinq ans (arrêté du 3 mars 2017, art. 2) : commençant le {debut}, il prend fin le {} ; une durée plus longue s’obtient par prorogation (avenant)", limite.pred_opt().unwrap_or(limite)));
        }
        if let Some(r) = self.regime
            && r != analyse.regime
        {
            p.error("regime", format!("le contrat est indiqué comme CPOM de l’article {} du CASF, mais ses ESSMS en font un CPOM de l’article {} ({})", r.libelle(), analyse.regime.libelle(), match analyse.regime {
                Regime::IvTer => "il comprend un EHPAD",
                Regime::L313_12_2 => "il ne comprend pas d’EHPAD et ses ESSMS relèvent de l’article L. 313-12-2",
                Regime::L313_11 => "aucun de ses ESSMS ne relève du IV ter de L. 313-12 ni de L. 313-12-2",
            }));
        }
    }

    /// What the model contract's articles carry (arrêté du 3 mars 2017, annexe): the
    /// presentation of the gestionnaire and the authorisations (art. 1er), the tariff's setting
    /// (art. 4, R. 314-40), the comité de suivi (art. 5), the programming arrêté (visas).
    fn modele(&self, p: &mut Problems) {
        if self
            .gestionnaire
            .organisation
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
        {
            p.error("gestionnaire.organisation", "l’article 1er du modèle de contrat présente l’organisation de l’entité juridique et ses activités : indiquez-la (gestionnaire.organisation)");
        }
        for (i, e) in self.etablissements.iter().enumerate() {
            if e.autorisation.is_none() {
                p.error(format!("etablissements[{i}].autorisation"), format!("l’article 1er du modèle de contrat cite l’autorisation de chaque ESSMS : indiquez la date (et le numéro) de l’arrêté d’autorisation de « {} » (autorisation)", e.nom));
            }
        }
        if let Some(d) = &self.dotation_globalisee_commune {
            let known = |f: &str| {
                self.etablissements
                    .iter()
                    .any(|e| e.finess_geographique == f)
            };
            if !known(&d.beneficiaire) && d.beneficiaire != self.gestionnaire.finess_juridique {
                p.error(
                    "dotation_globalisee_commune.beneficiaire",
                    format!(
                        "FINESS `{}` n’est ni un ESSMS du contrat ni le gestionnaire",
                        d.beneficiaire
                    ),
                );
            }
            for (i, f) in d.etablissements.iter().enumerate() {
                if !known(f) {
                    p.error(
                        format!("dotation_globalisee_commune.etablissements[{i}]"),
                        format!("FINESS `{f}` n’est pas un ESSMS du contrat"),
                    );
                }
            }
            if d.etablissements.len() < 2 {
                p.error(
                    "dotation_globalisee_commune.etablissements",
                    "une dotation globalisée commune réunit au moins deux ESSMS (R. 314-43-1)",
                );
            }
        }
        if self.moyens.fixation_du_tarif.is_none() {
            p.error("moyens.fixation_du_tarif", "le volet financier fixe la modalité de détermination du tarif annuel (R. 314-40) : taux_d_actualisation (1°), formule_fixe (2°), avenants_annuels (3°) ou equation_tarifaire (4°)");
        }
        if self.arrete_de_programmation.is_none() {
            p.error("arrete_de_programmation", "les visas citent l’arrêté de programmation des CPOM (arrêté du 3 mars 2017, art. 1er ; L. 313-12-2) : indiquez sa date et son numéro (arrete_de_programmation)");
        }
        if self.comite_de_suivi.is_empty() {
            p.error("comite_de_suivi", "l’article 5 du modèle de contrat fixe la composition du comité de suivi, avec la qualité de chaque membre : indiquez-la (comite_de_suivi)");
        } else {
            let mut parties = vec!["ars".to_string(), "gestionnaire".to_string()];
            parties.extend(self.departements.iter().map(|d| d.code.clone()));
            for (i, m) in self.comite_de_suivi.iter().enumerate() {
                if !parties.contains(&m.partie) {
                    p.error(format!("comite_de_suivi[{i}].partie"), format!("`{}` n’est pas une partie au contrat : ars, gestionnaire ou le code d’un département partie ({})", m.partie, parties[2..].join(", ")));
                }
                p.required(&format!("comite_de_suivi[{i}].qualite"), &m.qualite);
            }
            for partie in &parties {
                if !self.comite_de_suivi.iter().any(|m| &m.partie == partie) {
                    let nom = match partie.as_str() {
                        "ars" => "l’ARS".to_string(),
                        "gestionnaire" => "l’organisme gestionnaire".to_string(),
                        code => self
                            .departements
                            .iter()
                            .find(|d| d.code == code)
                            .map(|d| format!("« {} »", d.collectivite))
                            .unwrap_or_default(),
                    };
                    p.error("comite_de_suivi", format!("le comité de suivi réunit toutes les parties : {nom} n’y a pas de membre"));
                }
            }
        }
    }
}
