//! The tripartite médico-social CPOM (CASF L. 313-12 IV ter; model contract annexed to the arrêté
//! du 3 mars 2017): the organisme gestionnaire, the ARS and the Conseil départemental of each
//! département concerned (or a Métropole standing in for it), for several ESSMS of one
//! gestionnaire. Same pipeline as the sanitaire contract: this is data and templates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Acte, Adresse, Ars, Montant, Periode, Representant};

pub mod regime;
mod validation;

pub use regime::{Categories, Competence, Regime};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CpomMedicoSocial {
    /// Always `medico_social`: tells cpom which kind of contract the file holds.
    pub secteur: Secteur,
    pub reference: String,
    /// The article of the CASF the contract is concluded under. Derived from the ESSMS when
    /// absent; when stated, checked against them.
    #[serde(default)]
    pub regime: Option<Regime>,
    pub ars: Ars,
    /// The Conseils départementaux (or the Métropole de Lyon) that sign: exactly those
    /// competent for one of the ESSMS (none for a CPOM of ESSMS under the ARS alone).
    #[serde(default)]
    pub departements: Vec<Departement>,
    pub gestionnaire: Gestionnaire,
    /// The ESSMS of the perimeter.
    pub etablissements: Vec<Essms>,
    /// The ESSMS sharing a dotation globalisée commune (R. 314-43-1), and who receives it.
    #[serde(default)]
    pub dotation_globalisee_commune: Option<DotationGlobaliseeCommune>,
    /// Restructuring or transformation projects that may change the authorisations during the
    /// contract (model, art. 1er). None is a statement too: the article says so.
    #[serde(default)]
    pub projets_de_transformation: Vec<String>,
    /// The arrêté programming the signature of the CPOM (arrêté du 3 mars 2017, art. 1er;
    /// L. 313-12-2), cited in the visas.
    #[serde(default)]
    pub arrete_de_programmation: Option<Acte>,
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
    /// The members of the comité de suivi, with their qualité (model, art. 5): every party is
    /// represented.
    #[serde(default)]
    pub comite_de_suivi: Vec<MembreComite>,
    /// Comité de suivi meetings: mid-term (year 3) and final (year 5) at least.
    pub calendrier_revues: Vec<Revue>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DotationGlobaliseeCommune {
    /// FINESS of the ESSMS (or juridique of the gestionnaire) that receives it.
    pub beneficiaire: String,
    /// FINESS of the ESSMS it covers.
    pub etablissements: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MembreComite {
    /// The party represented: `ars`, `gestionnaire`, or the code of a département party.
    pub partie: String,
    /// The member's qualité, as the contract writes it ("le directeur de l’autonomie").
    pub qualite: String,
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
    /// The collectivity's gender, when `templates/articles.yaml` cannot tell it.
    #[serde(default)]
    pub genre: Option<crate::templates::articles::Genre>,
    pub president: super::Personne,
    /// The deliberation adopting the schéma départemental d'organisation sociale et
    /// médico-sociale (cited in the visas).
    #[serde(default)]
    pub schema_departemental: Option<Acte>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gestionnaire {
    pub raison_sociale: String,
    /// The name's gender, when `templates/articles.yaml` cannot tell it from its first word.
    #[serde(default)]
    pub genre: Option<crate::templates::articles::Genre>,
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
    /// Organisation of the legal entity and its activities (model, art. 1er: « présentation
    /// du gestionnaire »).
    #[serde(default)]
    pub organisation: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Essms {
    pub nom: String,
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess_geographique: String,
    /// FINESS category code (500 EHPAD, 183 IME, 255 MAS, 246 ESAT…) and its label.
    pub categorie: Categorie,
    /// Who authorises it (CASF L. 313-3): from `categories.yaml` by default; stated for a
    /// category the table does not know.
    #[serde(default)]
    pub competence: Option<Competence>,
    /// The CPOM regime its category calls for: same rule as `competence`.
    #[serde(default)]
    pub regime: Option<Regime>,
    /// The authorisation the contract covers (model, art. 1er).
    #[serde(default)]
    pub autorisation: Option<Acte>,
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
    PlacesSsiad,
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
    /// Which way is better, for the suivi (default: from the initial value and the target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sens: Option<crate::model::annexes::orientations::Sens>,
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
    /// How the annual tariff is set over the contract (R. 314-40, 1° to 4°).
    #[serde(default)]
    pub fixation_du_tarif: Option<FixationDuTarif>,
}

/// The modalities of R. 314-40 by which the volet financier sets the annual tariff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FixationDuTarif {
    /// 1° Direct application of the yearly update rate (dotations régionales limitatives or the
    /// département's objectif annuel d'évolution des dépenses).
    TauxDActualisation,
    /// 2° A fixed formula of actualisation or revalorisation.
    FormuleFixe,
    /// 3° Yearly avenants d'actualisation ou de revalorisation.
    AvenantsAnnuels,
    /// 4° An équation tarifaire, a tarif plafond or an algorithm.
    EquationTarifaire,
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
