//! The campaign's synthesis of a year of suivi: every review of a folder of contracts and
//! values files, as the workbook the ARS works in (one row per contract × indicator) and a
//! regional summary (counts by status, by typology and by axe; the contracts most off track)
//! rendered from `suivi/synthese.md` like every other document.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Revue, statut::Regle};
use crate::diagnostic::{Diagnostic, Failure};
use crate::model::Cpom;
use crate::model::load::Source;
use crate::render::{self, Library, Loaded, Options, Rendered};

/// The summary's template.
pub const SYNTHESE: &str = "suivi/synthese.md";

/// One contract's review in the campaign.
pub struct RevueDuContrat {
    pub contrat: Loaded,
    pub revue: Revue,
}

/// What the folder gave: the reviews, and the files that could not be read (with their
/// located errors), which the synthesis leaves out and reports.
pub struct Campagne {
    pub annee: i32,
    pub revues: Vec<RevueDuContrat>,
    pub echecs: Vec<Diagnostic>,
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// Reads the contracts and the values files of `dir` (and its subfolders), pairs each values
/// file of `annee` (all years when None, which must then be one) with its contract by
/// reference, and computes each review.
pub fn lire(dir: &Path, annee: Option<i32>, lib: &Library) -> Result<Campagne, Failure> {
    let regle = Regle::load(&lib.set)?;
    let mut files = Vec::new();
    yaml_files(dir, &mut files);
    let mut contrats: BTreeMap<String, Loaded> = BTreeMap::new();
    let mut suivis: Vec<(Source, super::Suivi)> = Vec::new();
    let mut echecs = Vec::new();
    for f in files {
        let source = match Source::read(&f) {
            Ok(s) => s,
            Err(e) => {
                echecs.extend(e.0);
                continue;
            }
        };
        if super::is_suivi(&source) {
            match source.parse::<super::FichierSuivi>() {
                Ok(file) => suivis.push((source, file.suivi)),
                Err(e) => echecs.extend(e.0),
            }
        } else if source.top_scalar("reference").is_some()
            && !crate::avenant::is_avenant(&source.text)
        {
            match render::load_source(source, lib) {
                Ok(l) => {
                    contrats.insert(l.contrat.reference().to_string(), l);
                }
                Err(e) => echecs.extend(e.0),
            }
        }
    }
    // The year of the synthesis.
    let mut annees: BTreeMap<i32, Vec<(Source, super::Suivi)>> = BTreeMap::new();
    for (source, suivi) in suivis {
        annees.entry(suivi.annee).or_default().push((source, suivi));
    }
    let annee = match annee {
        Some(a) => a,
        None if annees.len() == 1 => *annees.keys().next().expect("one year"),
        None if annees.is_empty() => {
            return Err(Diagnostic::error(
                dir.display().to_string(),
                "aucun fichier de suivi (`suivi:`) dans ce dossier",
            )
            .into());
        }
        None => {
            let list: Vec<String> = annees.keys().map(|a| a.to_string()).collect();
            return Err(Diagnostic::error(
                dir.display().to_string(),
                format!(
                    "les fichiers de suivi portent sur plusieurs années ({}) : choisissez-en une (--annee)",
                    list.join(", ")
                ),
            )
            .into());
        }
    };
    let mut revues = Vec::new();
    for (source, suivi) in annees.remove(&annee).unwrap_or_default() {
        let Some(contrat) = contrats.get(&suivi.contrat) else {
            let mut d = Diagnostic::error(
                "",
                format!(
                    "aucun contrat de référence `{}` dans le dossier",
                    suivi.contrat
                ),
            );
            d.path = Some("suivi.contrat".into());
            echecs.push(source.locate(d));
            continue;
        };
        match super::associer(source, suivi, contrat) {
            Ok(s) => {
                let revue = super::revue(&contrat.contrat, &s, &regle);
                revues.push(RevueDuContrat {
                    contrat: contrat.clone(),
                    revue,
                });
            }
            Err(e) => echecs.extend(e.0),
        }
    }
    revues.sort_by(|a, b| {
        a.contrat
            .contrat
            .reference()
            .cmp(b.contrat.contrat.reference())
    });
    Ok(Campagne {
        annee,
        revues,
        echecs,
    })
}

/// The structure's name and typology (sanitaire typology, or « médico-social »).
fn structure(c: &Cpom) -> (String, String, &'static str) {
    match c {
        Cpom::Sanitaire(c) => (
            c.titulaire.raison_sociale.clone(),
            c.typologie.clone(),
            "sanitaire",
        ),
        Cpom::MedicoSocial(c) => (
            c.gestionnaire.raison_sociale.clone(),
            "medico_social".into(),
            "médico-social",
        ),
    }
}

/// Counts by status, as the summary prints them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Comptes {
    pub atteint: usize,
    pub en_bonne_voie: usize,
    pub en_retard: usize,
    pub non_renseigne: usize,
    pub total: usize,
}

impl Comptes {
    fn add(&mut self, statut: &str) {
        match statut {
            "atteint" => self.atteint += 1,
            "en_bonne_voie" => self.en_bonne_voie += 1,
            "en_retard" => self.en_retard += 1,
            _ => self.non_renseigne += 1,
        }
        self.total += 1;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Groupe {
    pub libelle: String,
    pub comptes: Comptes,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContratEnRetard {
    pub reference: String,
    pub structure: String,
    pub en_retard: usize,
    pub renseignes: usize,
    /// Share of its measured indicators off track, in percent (« 40 % »).
    pub part: String,
}

/// What the summary template prints.
#[derive(Debug, Clone, Serialize)]
pub struct Synthese {
    pub annee: i32,
    pub region: String,
    pub contrats: usize,
    pub comptes: Comptes,
    pub par_typologie: Vec<Groupe>,
    pub par_axe: Vec<Groupe>,
    /// The contracts with the largest share of measured indicators off track (at most 10).
    pub plus_en_retard: Vec<ContratEnRetard>,
    pub libelles: BTreeMap<String, String>,
    pub echecs: usize,
}

pub fn synthese(c: &Campagne, lib: &Library) -> Result<Synthese, Failure> {
    let regle = Regle::load(&lib.set)?;
    let mut comptes = Comptes::default();
    let mut typo: BTreeMap<String, Comptes> = BTreeMap::new();
    let mut axes: BTreeMap<String, Comptes> = BTreeMap::new();
    let mut retard = Vec::new();
    for r in &c.revues {
        let (nom, typologie, _) = structure(&r.contrat.contrat);
        let typologie = match &r.contrat.contrat {
            Cpom::Sanitaire(s) => lib
                .matrice
                .typologies
                .get(&s.typologie)
                .map_or(typologie, |t| t.libelle.clone()),
            Cpom::MedicoSocial(_) => "CPOM médico-social".into(),
        };
        let (mut en_retard, mut renseignes) = (0, 0);
        for axe in &r.revue.axes {
            for o in &axe.objectifs {
                for i in &o.indicateurs {
                    comptes.add(i.statut);
                    typo.entry(typologie.clone()).or_default().add(i.statut);
                    axes.entry(axe.intitule.clone()).or_default().add(i.statut);
                    if i.statut != "non_renseigne" {
                        renseignes += 1;
                    }
                    if i.statut == "en_retard" {
                        en_retard += 1;
                    }
                }
            }
        }
        if en_retard > 0 {
            retard.push((
                en_retard as f64 / renseignes.max(1) as f64,
                ContratEnRetard {
                    reference: r.contrat.contrat.reference().to_string(),
                    structure: nom,
                    en_retard,
                    renseignes,
                    part: format!(
                        "{}\u{a0}%",
                        super::valeur::ecrire(
                            100.0 * en_retard as f64 / renseignes.max(1) as f64,
                            0
                        )
                    ),
                },
            ));
        }
    }
    retard.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.reference.cmp(&b.1.reference)));
    let region = c
        .revues
        .first()
        .map(|r| match &r.contrat.contrat {
            Cpom::Sanitaire(s) => s.ars.region.clone(),
            Cpom::MedicoSocial(m) => m.ars.region.clone(),
        })
        .unwrap_or_default();
    let groupes = |m: BTreeMap<String, Comptes>| {
        m.into_iter()
            .map(|(libelle, comptes)| Groupe { libelle, comptes })
            .collect()
    };
    Ok(Synthese {
        annee: c.annee,
        region,
        contrats: c.revues.len(),
        comptes,
        par_typologie: groupes(typo),
        par_axe: groupes(axes),
        plus_en_retard: retard.into_iter().take(10).map(|r| r.1).collect(),
        libelles: regle.libelles,
        echecs: c.echecs.len(),
    })
}

/// The workbook: « Indicateurs » (one row per contract × indicator) and « Contrats » (one row
/// per contract with its counts). Deterministic: no timestamps.
pub fn classeur(c: &Campagne) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color("D9E2F3");
    let pct = Format::new().set_num_format("0 %");
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    {
        let ws = wb.add_worksheet().set_name("Indicateurs").map_err(e)?;
        let cols = [
            "Référence",
            "Structure",
            "FINESS juridique",
            "Secteur",
            "Typologie",
            "Axe",
            "Objectif",
            "Indicateur",
            "Valeur initiale",
            "Cible de l’année",
            "Réalisé",
            "Écart",
            "Avancement",
            "Statut",
            "Commentaire",
        ];
        for (k, h) in cols.iter().enumerate() {
            ws.write_with_format(0, k as u16, *h, &head).map_err(e)?;
        }
        let mut row = 1u32;
        for r in &c.revues {
            let (nom, typologie, secteur) = structure(&r.contrat.contrat);
            for axe in &r.revue.axes {
                for o in &axe.objectifs {
                    for i in &o.indicateurs {
                        let texts = [
                            r.contrat.contrat.reference(),
                            &nom,
                            r.contrat.contrat.finess_juridique(),
                            secteur,
                            &typologie,
                            &axe.intitule,
                            &o.intitule,
                            &i.libelle,
                            &i.valeur_initiale,
                            &i.cible_annee,
                            i.realise.as_deref().unwrap_or(""),
                            i.ecart.as_deref().unwrap_or(""),
                        ];
                        for (k, t) in texts.iter().enumerate() {
                            ws.write(row, k as u16, *t).map_err(e)?;
                        }
                        if let Some(p) = i.avancement_valeur {
                            ws.write_with_format(row, 12, p, &pct).map_err(e)?;
                        }
                        ws.write(row, 13, &i.statut_libelle).map_err(e)?;
                        ws.write(row, 14, i.commentaire.as_deref().unwrap_or(""))
                            .map_err(e)?;
                        row += 1;
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0).map_err(e)?;
        ws.autofilter(0, 0, row.saturating_sub(1).max(1), 14)
            .map_err(e)?;
        for (k, w) in [18, 36, 14, 12, 20, 36, 40, 44, 12, 14, 12, 10, 11, 14, 40]
            .iter()
            .enumerate()
        {
            ws.set_column_width(k as u16, *w).map_err(e)?;
        }
    }
    {
        let ws = wb.add_worksheet().set_name("Contrats").map_err(e)?;
        let cols = [
            "Référence",
            "Structure",
            "Secteur",
            "Indicateurs",
            "Atteints",
            "En bonne voie",
            "En retard",
            "Non renseignés",
        ];
        for (k, h) in cols.iter().enumerate() {
            ws.write_with_format(0, k as u16, *h, &head).map_err(e)?;
        }
        for (n, r) in c.revues.iter().enumerate() {
            let row = n as u32 + 1;
            let (nom, _, secteur) = structure(&r.contrat.contrat);
            ws.write(row, 0, r.contrat.contrat.reference()).map_err(e)?;
            ws.write(row, 1, &nom).map_err(e)?;
            ws.write(row, 2, secteur).map_err(e)?;
            ws.write(row, 3, r.revue.total as u32).map_err(e)?;
            for (k, s) in super::statut::STATUTS.iter().enumerate() {
                let n = r.revue.comptes.get(s).copied().unwrap_or(0) as u32;
                ws.write(row, 4 + k as u16, n).map_err(e)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(e)?;
        for (k, w) in [18, 40, 14, 12, 10, 14, 10, 15].iter().enumerate() {
            ws.set_column_width(k as u16, *w).map_err(e)?;
        }
    }
    // Fixed document properties: the same reviews give the same bytes.
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(&format!("Synthèse du suivi {}", c.annee))
        .set_creation_datetime(
            &rust_xlsxwriter::ExcelDateTime::from_ymd(c.annee as u16 + 1, 1, 1).map_err(e)?,
        );
    wb.set_properties(&props);
    wb.save_to_buffer().map_err(e)
}

/// The regional summary, in the formats of `opts`.
pub fn render(c: &Campagne, lib: &Library, opts: &Options) -> Result<Vec<Rendered>, Failure> {
    let s = synthese(c, lib)?;
    let mut ctx = tera::Context::new();
    ctx.insert("synthese", &s);
    ctx.insert("logo", &render::logo(&lib.set));
    let doc = render::document(lib, SYNTHESE, &ctx).map_err(|d| lib.located(d))?;
    let style = lib.set.text(render::STYLE)?;
    let opts = Options {
        documents: None,
        ..opts.clone()
    };
    Ok(vec![Rendered::new(
        format!("synthese-suivi-{}", c.annee),
        doc,
        lib,
        style,
        &opts,
    )?])
}
