//! The template context: the contract data as written (same names as the YAML) plus the few
//! values derived from it that templates need and should not compute themselves.

use serde::Serialize;

use crate::model::Contrat;
use crate::model::matrice::{Matrice, Statut};

/// An annex of this contract, as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexeDuContrat {
    pub id: String,
    /// Position among the annexes of this contract (1-based).
    pub numero: usize,
    pub titre: String,
    /// "obligatoire" or "si applicable".
    pub statut: &'static str,
    /// Not signed with the socle: the date the socle announces for its signature (ISO).
    pub date_prevue: Option<String>,
    /// Announced and not yet signed: not rendered.
    pub en_negociation: bool,
    /// Signed after the socle: its own signature (date, place).
    pub signee_a_part: Option<crate::model::Signature>,
}

/// Annexes, in matrix order, that the contract carries: the obligatoire ones and the
/// si-applicable ones present in the data.
pub fn annexes_du_contrat(c: &Contrat, m: &Matrice) -> Vec<AnnexeDuContrat> {
    let mut out = Vec::new();
    for a in &m.annexes {
        let statut = m.statut(&c.typologie, &a.id);
        let present = crate::model::annexe_presente(c, &a.id);
        let prevue = c.annexe_signee_apres_le_socle(&a.id);
        let keep = match statut {
            Some(Statut::Obligatoire) => true,
            Some(Statut::SiApplicable) => present || prevue.is_some(),
            _ => false,
        };
        if keep {
            let en_negociation = c.annexe_en_negociation(&a.id);
            out.push(AnnexeDuContrat {
                id: a.id.clone(),
                numero: out.len() + 1,
                titre: a.titre.clone(),
                statut: statut.map(Statut::libelle).unwrap_or(""),
                date_prevue: prevue.map(|d| d.to_string()),
                en_negociation,
                signee_a_part: (prevue.is_some() && !en_negociation)
                    .then(|| c.signature_de_l_annexe(&a.id)),
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
    /// Total of each year (same order as `annees`); None when no line has an amount that year
    /// (the column reads « — » down to its total).
    pub totaux_annees: Vec<Option<i64>>,
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

/// The calendar years a period touches: the columns of the financing tables.
fn annees(p: &crate::model::Periode) -> Vec<i32> {
    use chrono::Datelike;
    (p.date_debut.year()..=p.date_fin.year()).collect()
}

/// One line's amounts aligned on `annees` (None where the line has nothing that year).
fn par_annee(
    annees: &[i32],
    montants: &std::collections::BTreeMap<i32, crate::model::Montant>,
) -> Vec<Option<i64>> {
    annees
        .iter()
        .map(|a| montants.get(a).map(|m| m.centimes()))
        .collect()
}

/// Adds one line's amounts to running yearly totals; a year stays without total (None) while
/// no line has an amount in it.
fn ajouter(totaux: &mut [Option<i64>], montants: &[Option<i64>]) {
    for (t, m) in totaux.iter_mut().zip(montants) {
        if let Some(m) = m {
            *t = Some(t.unwrap_or(0) + m);
        }
    }
}

pub fn tableau_financements(c: &Contrat) -> Option<TableauFinancements> {
    let f = c.annexes.financements.as_ref()?;
    let annees = annees(&c.periode);
    let mut totaux_annees = vec![None; annees.len()];
    let mut lignes = Vec::new();
    for (index, l) in f.lignes.iter().enumerate() {
        let montants = par_annee(&annees, &l.montants);
        ajouter(&mut totaux_annees, &montants);
        lignes.push(LigneTableau {
            index,
            total: l.total(),
            montants,
        });
    }
    let total_general = totaux_annees.iter().flatten().sum();
    Some(TableauFinancements {
        annees,
        lignes,
        totaux_annees,
        total_general,
    })
}

pub fn build(c: &Contrat, m: &Matrice) -> Result<tera::Context, String> {
    let mut ctx = tera::Context::from_serialize(c).map_err(|e| e.to_string())?;
    if let Some(t) = tableau_financements(c) {
        ctx.insert("tableau_financements", &t);
    }
    // The PDS lines' yearly FIR amounts, when the contract carries them there (no Financements
    // annex): the yearly total and the total over the period's calendar years, in exact cents.
    if let Some(pds) = &c.annexes.permanence_des_soins {
        let annuel: i64 = pds
            .lignes
            .iter()
            .filter_map(|l| l.financement_annuel.map(|m| m.centimes()))
            .sum();
        let n = annees(&c.periode).len() as i64;
        ctx.insert(
            "financement_pds",
            &serde_json::json!({ "annuel": annuel, "annees": n, "periode": annuel * n }),
        );
    }
    let annexes = annexes_du_contrat(c, m);
    // The annexes signed after the socle, which the socle announces (their titles).
    let en_negociation: Vec<&str> = annexes
        .iter()
        .filter(|a| a.date_prevue.is_some())
        .map(|a| a.titre.as_str())
        .collect();
    ctx.insert("annexes_en_negociation", &en_negociation);
    ctx.insert("annexes_du_contrat", &annexes);
    ctx.insert("annexes_sans_objet", &annexes_sans_objet(c, m));
    let typo = m
        .typologies
        .get(&c.typologie)
        .map(|t| t.libelle.clone())
        .unwrap_or_default();
    ctx.insert("typologie_libelle", &typo);
    Ok(ctx)
}

/// The médico-social context: the data, the number of parties (= originals), and the means
/// table computed in exact cents (per section and year, per ESSMS, totals).
pub fn build_medico_social(
    c: &crate::model::medico_social::CpomMedicoSocial,
    categories: &crate::model::medico_social::Categories,
) -> Result<tera::Context, String> {
    use crate::model::medico_social::{CATEGORIE_EHPAD, Section};
    let mut ctx = tera::Context::from_serialize(c).map_err(|e| e.to_string())?;
    ctx.insert("parties", &c.parties());
    // The regime the ESSMS give the contract, and each ESSMS's competence and regime, so that
    // the parties clause, the visas and the articles follow what the contract holds.
    let analyse = c.analyse(categories);
    ctx.insert("regime", &analyse.regime);
    let mut regimes: Vec<_> = analyse.essms.iter().flatten().map(|(_, r)| *r).collect();
    regimes.sort();
    regimes.dedup();
    ctx.insert("regimes", &regimes);
    let par_essms: std::collections::BTreeMap<&str, serde_json::Value> = c
        .etablissements
        .iter()
        .zip(&analyse.essms)
        .filter_map(|(e, a)| {
            a.map(|(competence, regime)| {
                (
                    e.finess_geographique.as_str(),
                    serde_json::json!({ "competence": competence, "regime": regime }),
                )
            })
        })
        .collect();
    ctx.insert("essms", &par_essms);
    // By collectivity party: the ESSMS it signs for (its competence, or places habilitées).
    let par_collectivite: std::collections::BTreeMap<&str, Vec<&str>> = c
        .departements
        .iter()
        .map(|d| {
            let noms = c
                .essms_de(&analyse, &d.code)
                .iter()
                .map(|e| e.nom.as_str())
                .collect();
            (d.code.as_str(), noms)
        })
        .collect();
    ctx.insert("essms_par_collectivite", &par_collectivite);
    ctx.insert(
        "annexes_medico_social",
        &crate::render::ANNEXES_MEDICO_SOCIAL
            .iter()
            .map(|(_, t)| *t)
            .collect::<Vec<_>>(),
    );
    let places: std::collections::BTreeMap<&str, u32> = c
        .etablissements
        .iter()
        .map(|e| {
            (
                e.finess_geographique.as_str(),
                e.capacites.iter().map(|x| x.autorisees).sum(),
            )
        })
        .collect();
    ctx.insert("places_autorisees", &places);
    let noms: std::collections::BTreeMap<&str, &str> = c
        .etablissements
        .iter()
        .map(|e| (e.finess_geographique.as_str(), e.nom.as_str()))
        .collect();
    ctx.insert("noms_etablissements", &noms);
    ctx.insert(
        "comporte_ehpad",
        &c.etablissements
            .iter()
            .any(|e| e.categorie.code == CATEGORIE_EHPAD),
    );
    ctx.insert(
        "autres_que_ehpad",
        &c.etablissements
            .iter()
            .any(|e| e.categorie.code != CATEGORIE_EHPAD),
    );
    ctx.insert(
        "habilites",
        &c.etablissements
            .iter()
            .any(|e| e.places_habilitees_aide_sociale.is_some_and(|n| n > 0)),
    );
    ctx.insert(
        "duree",
        &crate::fr::duree(c.periode.date_debut, c.periode.date_fin),
    );
    let annees = annees(&c.periode);
    #[derive(Serialize)]
    struct Ligne {
        etablissement: String,
        nom: String,
        section: Section,
        montants: Vec<Option<i64>>,
        total: i64,
    }
    let mut lignes = Vec::new();
    let mut totaux = vec![None; annees.len()];
    let mut par_section: std::collections::BTreeMap<Section, Vec<Option<i64>>> = Default::default();
    for d in &c.moyens.dotations {
        let montants = par_annee(&annees, &d.montants);
        ajouter(&mut totaux, &montants);
        ajouter(
            par_section
                .entry(d.section)
                .or_insert_with(|| vec![None; annees.len()]),
            &montants,
        );
        let nom = noms
            .get(d.etablissement.as_str())
            .map(|n| n.to_string())
            .unwrap_or_default();
        lignes.push(Ligne {
            etablissement: d.etablissement.clone(),
            nom,
            section: d.section,
            total: montants.iter().flatten().sum(),
            montants,
        });
    }
    #[derive(Serialize)]
    struct TotalSection {
        section: Section,
        montants: Vec<Option<i64>>,
        total: i64,
    }
    let sections: Vec<TotalSection> = par_section
        .into_iter()
        .map(|(section, montants)| TotalSection {
            section,
            total: montants.iter().flatten().sum(),
            montants,
        })
        .collect();
    let total_general: i64 = totaux.iter().flatten().sum();
    ctx.insert(
        "tableau_moyens",
        &serde_json::json!({
            "annees": annees,
            "lignes": lignes,
            "sections": sections,
            "totaux_annees": totaux,
            "total_general": total_general,
        }),
    );
    Ok(ctx)
}
