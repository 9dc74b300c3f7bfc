//! The contract data, in the vocabulary of the regulations (CSP L.6114-1, D.6114-1 s.).
//!
//! Field names are the YAML names, in French, exactly as the texts name things. Every struct is
//! strict (`deny_unknown_fields`): a misspelt field is an error, never silently ignored.
//! Amounts are integer cents ([`Montant`]), never floats.

pub mod annexes;
pub mod avenant;
pub mod load;
pub mod locate;
pub mod matrice;
pub mod medico_social;
pub mod montant;
pub mod validate;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use montant::Montant;

/// A CPOM of either sector, as read from one data file.
#[derive(Debug, Clone)]
pub enum Cpom {
    Sanitaire(Contrat),
    MedicoSocial(medico_social::CpomMedicoSocial),
}

impl Cpom {
    /// The contract's data as JSON (what the templates see, and what `avenant diff` compares).
    pub fn donnees(&self) -> serde_json::Value {
        match self {
            Cpom::Sanitaire(c) => serde_json::to_value(c),
            Cpom::MedicoSocial(c) => serde_json::to_value(c),
        }
        .unwrap_or_default()
    }

    /// The FINESS juridique of the contracting organisation (names the output folder).
    pub fn finess_juridique(&self) -> &str {
        match self {
            Cpom::Sanitaire(c) => &c.titulaire.finess_juridique,
            Cpom::MedicoSocial(c) => &c.gestionnaire.finess_juridique,
        }
    }

    /// The contract's reference in the agency's register: what tells one CPOM from another
    /// (a gestionnaire may hold several), so it names the output folder.
    pub fn reference(&self) -> &str {
        match self {
            Cpom::Sanitaire(c) => &c.reference,
            Cpom::MedicoSocial(c) => &c.reference,
        }
    }

    pub fn periode(&self) -> &Periode {
        match self {
            Cpom::Sanitaire(c) => &c.periode,
            Cpom::MedicoSocial(c) => &c.periode,
        }
    }

    pub fn periode_mut(&mut self) -> &mut Periode {
        match self {
            Cpom::Sanitaire(c) => &mut c.periode,
            Cpom::MedicoSocial(c) => &mut c.periode,
        }
    }

    /// "Fait à …": where the contract was signed (an avenant's default).
    pub fn lieu_signature(&self) -> &str {
        match self {
            Cpom::Sanitaire(c) => &c.signature.lieu,
            Cpom::MedicoSocial(c) => &c.signature.lieu,
        }
    }

    pub fn date_signature(&self) -> NaiveDate {
        match self {
            Cpom::Sanitaire(c) => c.signature.date,
            Cpom::MedicoSocial(c) => c.signature.date,
        }
    }
}

/// A sanitaire CPOM: the ARS and an établissement de santé or titulaire d'autorisation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contrat {
    /// Reference of the contract in the agency's register (e.g. e-CARS number).
    pub reference: String,
    /// The legal wording of L.6114-1 the contract is concluded under.
    pub regime_juridique: RegimeJuridique,
    /// Column of the applicability matrix (`templates/sanitaire/matrice.yaml`).
    pub typologie: String,
    pub ars: Ars,
    pub titulaire: Titulaire,
    pub periode: Periode,
    pub signature: Signature,
    /// The PRS strategic orientations the contract declines (article "Engagements").
    pub orientations_strategiques: Vec<OrientationStrategique>,
    /// Visas added to the standard ones (regional acts, opinions of the governing bodies…).
    #[serde(default)]
    pub visas_complementaires: Vec<String>,
    /// Other contracts and agreements in force, listed in the informative annex (D.6114-1).
    #[serde(default)]
    pub contrats_informatifs: Vec<ContratInformatif>,
    /// The typed annexes; which ones are required depends on the typology.
    #[serde(default)]
    pub annexes: annexes::Annexes,
}

/// Which wording of L.6114-1 applies: before or after ordonnance n° 2020-1407.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegimeJuridique {
    /// Wording in force until 20 November 2020: "d'une durée maximale de cinq ans".
    #[serde(rename = "avant_ordonnance_2020")]
    AvantOrdonnance2020,
    /// Wording of ordonnance n° 2020-1407: five years, mid-term evaluation, tacit renewal.
    #[serde(rename = "ordonnance_2020_1407")]
    Ordonnance2020_1407,
}

impl RegimeJuridique {
    /// The value as the data writes it, which `matrice.yaml` and `exigences.yaml` use too.
    pub fn code(self) -> &'static str {
        match self {
            RegimeJuridique::AvantOrdonnance2020 => "avant_ordonnance_2020",
            RegimeJuridique::Ordonnance2020_1407 => "ordonnance_2020_1407",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ars {
    /// "Occitanie", "Auvergne-Rhône-Alpes"…
    pub region: String,
    pub directeur_general: Personne,
    /// Decree appointing the directeur général, cited in the visas of every contract
    /// (required: `cpom check` says so when it is missing).
    #[serde(default)]
    pub decret_nomination: Option<NaiveDate>,
    /// Date of the arrêté adopting the projet régional de santé, cited in the visas of every
    /// contract (required, like the nomination).
    #[serde(default)]
    pub date_arrete_prs: Option<NaiveDate>,
    /// When a delegate signs for the directeur général ("Pour le directeur général et par
    /// délégation").
    #[serde(default)]
    pub delegation: Option<Delegation>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    pub signataire: Personne,
    /// The delegate's function, e.g. "Directeur de l'offre de soins".
    pub qualite: String,
    /// The DG's decision giving the delegation, cited in the visas (required: a signature by
    /// delegation rests on it).
    #[serde(default)]
    pub decision: Option<Acte>,
}

/// An administrative act cited in the visas: its date, and its number when it has one
/// ("l’arrêté n° 2018-1234 du 12 décembre 2018").
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acte {
    pub date: NaiveDate,
    #[serde(default)]
    pub numero: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Personne {
    /// "M." or "Mme".
    pub civilite: String,
    pub prenom: String,
    pub nom: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Titulaire {
    pub raison_sociale: String,
    /// The name's gender, when `templates/articles.yaml` cannot tell it from its first word
    /// (« le », « la » or « l’ » before the name).
    #[serde(default)]
    pub genre: Option<crate::templates::articles::Genre>,
    pub statut_juridique: StatutJuridique,
    /// Legal form as written in the contract, e.g. "établissement public de santé", "SAS".
    pub forme_juridique: String,
    /// FINESS of the entité juridique (9 characters, stored contiguous).
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess_juridique: String,
    #[serde(default)]
    pub siren: Option<String>,
    pub adresse: Adresse,
    pub representant_legal: Representant,
    /// The sites (entités géographiques) covered by the contract.
    pub sites: Vec<Site>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatutJuridique {
    Public,
    PriveNonLucratifEspic,
    PriveNonLucratif,
    PriveLucratif,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Representant {
    pub civilite: String,
    pub prenom: String,
    pub nom: String,
    /// "Directeur général", "Président", "Gérant"…
    pub qualite: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adresse {
    pub voie: String,
    pub code_postal: String,
    pub commune: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub nom: String,
    #[schemars(regex(pattern = r"^(?:[0-9]{2}|2[ABab])[0-9]{7}$"))]
    pub finess_geographique: String,
    #[serde(default)]
    pub siret: Option<String>,
    #[serde(default)]
    pub adresse: Option<Adresse>,
}

/// The contract period: "du 1er janvier 2019 au 31 décembre 2023".
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Periode {
    pub date_debut: NaiveDate,
    pub date_fin: NaiveDate,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// "Fait à …".
    pub lieu: String,
    pub date: NaiveDate,
    /// "en N exemplaires originaux" (C. civ. art. 1375: one per party with a distinct interest).
    pub exemplaires: u32,
    /// The annexes not signed with the socle, by annex id: still being negotiated when the
    /// socle is signed (the campaign of the seed signs the socle first and its annexes months
    /// later), with the date the socle announces, and, once signed, their own date and place.
    /// An annex not listed is signed with the socle.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub annexes: std::collections::BTreeMap<String, SignatureAnnexe>,
}

/// An annex signed after the socle. The socle's text depends only on `date_prevue`, so that the
/// socle signed first renders the same once its annexes are signed.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureAnnexe {
    /// The date by which the socle says the annex is to be signed.
    pub date_prevue: NaiveDate,
    /// The day the annex was signed; absent while it is being negotiated (it is then not
    /// rendered, and `cpom explain` lists it as remaining to sign).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// "Fait à …" of the annex; the socle's when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lieu: Option<String>,
}

impl Contrat {
    /// The date the socle announces for the annex `id`, when it is not signed with the socle.
    pub fn annexe_signee_apres_le_socle(&self, id: &str) -> Option<NaiveDate> {
        self.signature.annexes.get(id).map(|s| s.date_prevue)
    }

    /// Whether the annex `id` is still being negotiated: announced, not yet signed.
    pub fn annexe_en_negociation(&self, id: &str) -> bool {
        self.signature
            .annexes
            .get(id)
            .is_some_and(|s| s.date.is_none())
    }

    /// The signature of the annex `id`: its own when signed after the socle, the socle's
    /// otherwise.
    pub fn signature_de_l_annexe(&self, id: &str) -> Signature {
        let propre = self.signature.annexes.get(id);
        Signature {
            lieu: propre
                .and_then(|s| s.lieu.clone())
                .unwrap_or_else(|| self.signature.lieu.clone()),
            date: propre.and_then(|s| s.date).unwrap_or(self.signature.date),
            exemplaires: self.signature.exemplaires,
            annexes: Default::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrientationStrategique {
    pub intitule: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContratInformatif {
    pub intitule: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// Whether the data carries the annex `id` (an id of the applicability matrix).
pub fn annexe_presente(c: &Contrat, id: &str) -> bool {
    c.annexes.presente(id)
}
