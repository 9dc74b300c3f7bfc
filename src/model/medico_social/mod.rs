//! The tripartite médico-social CPOM (CASF L. 313-12 IV ter; model contract annexed to the arrêté
//! du 3 mars 2017): the organisme gestionnaire, the ARS and the Conseil départemental of each
//! département concerned (or a Métropole standing in for it), for several ESSMS of one
//! gestionnaire. Same pipeline as the sanitaire contract: this is data and templates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::validate::Problems;
use super::{Adresse, Ars, Montant, Periode, Representant};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CpomMedicoSocial {
    /// Always `medico_social`: tells cpom which kind of contract the file holds.
    pub secteur: Secteur,
    pub reference: String,
    pub ars: Ars,
    /// The département(s) whose Conseil départemental (or Métropole) signs.
    pub departements: Vec<Departement>,
    pub gestionnaire: Gestionnaire,
    /// The ESSMS of the perimeter.
    pub etablissements: Vec<Essms>,
    pub periode: Periode,
    pub signature: SignatureMs,
    /// Préambule: context and stakes, in a few paragraphs.
    #[serde(default)]
    pub preambule: Vec<String>,
    pub diagnostic_partage: Diagnostic,
    /// Other CPOM already signed by the gestionnaire, and how this one articulates with them.
    #[serde(default)]
    pub articulation_autres_cpom: Option<String>,
    pub objectifs: Vec<ObjectifMs>,
    pub moyens: Moyens,
    /// Activity modulation (R. 314-43-2), for the non-EHPAD ESSMS only.
    #[serde(default)]
    pub modulation: Option<Modulation>,
    /// The EPRD (one per CPOM) the contract's commitments are taken into.
    pub eprd: String,
    /// Comité de suivi meetings: mid-term (year 3) and final (year 5) at least.
    pub calendrier_revues: Vec<Revue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Secteur {
    MedicoSocial,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Departement {
    /// INSEE code: "34", "2A"…
    pub code: String,
    pub nom: String,
    /// True when a Métropole exercises the département's powers (CGCT L. 5217-2).
    #[serde(default)]
    pub metropole: bool,
    /// Name of the collectivity as it signs: "Département de l’Hérault", "Métropole de Lyon".
    pub collectivite: String,
    pub president: super::Personne,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gestionnaire {
    pub raison_sociale: String,
    /// As written in the contract: "association loi 1901", "établissement public autonome"…
    pub statut_juridique: String,
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess_juridique: String,
    pub siege: Adresse,
    /// The person habilitated to sign the CPOM (IV ter A of L. 313-12).
    pub representant: Representant,
    /// Organisation of the siège, if any (Art. 1), and its frais de siège.
    #[serde(default)]
    pub frais_de_siege: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Essms {
    pub nom: String,
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess_geographique: String,
    /// FINESS category code (500 EHPAD, 183 IME, 255 MAS, 246 ESAT…) and its label.
    pub categorie: Categorie,
    /// Code of the département it stands in (one of `departements`).
    pub departement: String,
    pub adresse: Adresse,
    pub capacites: Vec<Capacite>,
    /// Places habilitées à l'aide sociale départementale (none when not habilité).
    #[serde(default)]
    pub places_habilitees_aide_sociale: Option<u32>,
    /// Option tarifaire (EHPAD: tarif global / partiel, with or without PUI).
    #[serde(default)]
    pub option_tarifaire: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Categorie {
    pub code: String,
    pub libelle: String,
}

/// FINESS category of the EHPAD.
pub const CATEGORIE_EHPAD: &str = "500";

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capacite {
    pub type_accueil: TypeAccueil,
    /// Authorised places (PASA: 0, it has no own places).
    pub autorisees: u32,
    pub installees: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeAccueil {
    HebergementPermanent,
    HebergementTemporaire,
    AccueilDeJour,
    Pasa,
    Uhr,
    UniteProtegee,
    Internat,
    SemiInternat,
    AccueilTemporaire,
    PlacesEsat,
    Autre,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureMs {
    pub lieu: String,
    pub date: NaiveDate,
    /// Date d'entrée en vigueur, when it differs from the start of the period.
    #[serde(default)]
    pub date_effet: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Diagnostic {
    pub synthese: String,
    #[serde(default)]
    pub points_forts: Vec<String>,
    #[serde(default)]
    pub points_de_vigilance: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectifMs {
    pub intitule: String,
    /// The strategic objective, then its operational objectives.
    pub operationnels: Vec<ObjectifOperationnel>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectifOperationnel {
    pub intitule: String,
    /// FINESS of the ESSMS concerned (all when empty).
    #[serde(default)]
    pub etablissements: Vec<String>,
    #[serde(default)]
    pub actions: Vec<String>,
    pub indicateurs: Vec<IndicateurMs>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicateurMs {
    pub libelle: String,
    pub mode_calcul: String,
    pub valeur_initiale: String,
    pub cible: String,
    pub echeance: NaiveDate,
    /// Yearly milestones (jalons) for the dialogue de gestion.
    #[serde(default)]
    pub jalons: Vec<Jalon>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Jalon {
    pub annee: i32,
    pub valeur: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moyens {
    /// Dotations by ESSMS, section and year (exact cents).
    pub dotations: Vec<Dotation>,
    /// How results are allocated (affectation des résultats).
    pub affectation_des_resultats: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dotation {
    /// FINESS of the ESSMS.
    pub etablissement: String,
    pub section: Section,
    pub montants: BTreeMap<i32, Montant>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Forfait global relatif aux soins (ARS).
    Soins,
    /// Forfait global relatif à la dépendance (Département).
    Dependance,
    /// Hébergement (Département, places habilitées).
    Hebergement,
    /// Dotation globale of a non-EHPAD ESSMS.
    DotationGlobale,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Modulation {
    /// One of the three standard units of R. 314-43-2.
    pub unite: UniteModulation,
    /// Target activity level, as written ("95 %", "1 200 prestations").
    pub objectif: String,
    /// The ESSMS it applies to (never an EHPAD: R. 314-160 applies to them).
    pub etablissements: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UniteModulation {
    TauxOccupation,
    PersonnesAccompagnees,
    Prestations,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revue {
    pub date: NaiveDate,
    pub objet: String,
}

impl CpomMedicoSocial {
    /// The parties: the ARS, one Conseil départemental (or Métropole) per département, the
    /// gestionnaire — one original each (C. civ. art. 1375).
    pub fn parties(&self) -> usize {
        2 + self.departements.len()
    }

    pub fn validate(&self) -> Vec<crate::diagnostic::Diagnostic> {
        let mut p = Problems::default();
        p.required("reference", &self.reference);
        p.required("ars.region", &self.ars.region);
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
        if self.departements.is_empty() {
            p.error("departements", "a tripartite CPOM needs at least one Conseil départemental (or Métropole) as a party");
        }
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
            if !self.departements.iter().any(|d| d.code == e.departement) {
                p.error(
                    format!("{ep}.departement"),
                    format!("département {} is not a party: the Conseil départemental of each département concerned signs", e.departement),
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
        } else if let Some(limit) = super::validate::limite_duree(debut)
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
                    super::annexes::dans_la_periode(
                        &mut p,
                        &format!("{ip}.echeance"),
                        "the echeance",
                        ind.echeance,
                        &self.periode,
                    );
                    for (m, j) in ind.jalons.iter().enumerate() {
                        super::annexes::annee_dans_la_periode(
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
                super::annexes::annee_dans_la_periode(
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
            super::annexes::dans_la_periode(
                &mut p,
                &format!("calendrier_revues[{i}].date"),
                "the review",
                r.date,
                &self.periode,
            );
        }
        p.0
    }
}
