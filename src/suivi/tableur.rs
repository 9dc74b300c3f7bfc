//! The values of a year as a spreadsheet: how establishments send them.
//!
//! `cpom suivi CONTRAT --classeur ANNÉE` writes the workbook to send, one row per indicator of
//! the contract, prefilled (contract, year, axe, objective, indicator, initial value, target of
//! the year) with an empty « Valeur réalisée » column; `cpom suivi CONTRAT valeurs.xlsx` reads
//! it back (or a CSV, or any sheet with the same headers) as a `suivi:` file, each error at its
//! row and column. Column labels are data (`suivi/classeur-valeurs.yaml`), not Rust.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::{Suivi, ValeurRealisee, statut::Regle};
use crate::diagnostic::{Diagnostic, Failure};
use crate::model::load::Source;
use crate::model::locate::Locations;
use crate::render::{Library, Loaded};
use crate::templates::TemplateSet;

/// The file of the workbook's words.
pub const FICHIER: &str = "suivi/classeur-valeurs.yaml";

/// The workbook's sheet and column labels.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Libelles {
    pub feuille: String,
    /// Field → label of the columns read back.
    pub colonnes: BTreeMap<String, String>,
    /// Field → label of the columns written for information only.
    pub information: BTreeMap<String, String>,
    pub aide: String,
}

/// The columns read back, in the workbook's order.
const LUES: &[&str] = &[
    "contrat",
    "annee",
    "axe",
    "objectif",
    "libelle",
    "valeur",
    "commentaire",
];

impl Libelles {
    pub fn load(set: &TemplateSet) -> Result<Libelles, Failure> {
        let origin = set
            .get(FICHIER)
            .map(|f| f.origin.clone())
            .unwrap_or_else(|| FICHIER.into());
        let l: Libelles = serde_yaml::from_str(set.text(FICHIER)?).map_err(|e| {
            Diagnostic::error(&origin, format!("libellés du classeur illisibles : {e}"))
        })?;
        for c in LUES {
            if !l.colonnes.contains_key(*c) {
                return Err(Diagnostic::error(
                    &origin,
                    format!("colonnes.{c} manque : le libellé de cette colonne"),
                )
                .into());
            }
        }
        for c in ["valeur_initiale", "cible_annee"] {
            if !l.information.contains_key(c) {
                return Err(Diagnostic::error(
                    &origin,
                    format!("information.{c} manque : le libellé de cette colonne"),
                )
                .into());
            }
        }
        Ok(l)
    }

    fn label<'a>(&'a self, field: &'a str) -> &'a str {
        self.colonnes
            .get(field)
            .or_else(|| self.information.get(field))
            .map_or(field, String::as_str)
    }
}

/// File stem of the workbook of the values of `annee`.
pub fn stem(annee: i32) -> String {
    format!("valeurs-{annee}")
}

/// Whether `path` is a spreadsheet (by its extension).
pub fn is_tableur(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|e| matches!(e.as_str(), "xlsx" | "xlsm" | "ods" | "csv"))
}

/// A header cell, compared without case, accents' typographic variants or surrounding spaces.
fn norm(s: &str) -> String {
    s.trim().to_lowercase().replace(['’', '`'], "'")
}

fn column_name(col: usize) -> String {
    let mut n = col;
    let mut out = String::new();
    loop {
        out.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out
}

/// Reads the values workbook `path` (its sheet `feuille` when it has one, else its first) as a
/// suivi, with the source that locates its fields at their cells (`file:ROW:COL`).
pub fn lire(path: &Path, set: &TemplateSet) -> Result<(Source, Suivi), Failure> {
    let name = path.display().to_string();
    let libelles = Libelles::load(set)?;
    let (skipped, rows) = crate::batch::input::table(path, Some(&libelles.feuille))
        .or_else(|_| crate::batch::input::table(path, None))?;
    let mut rows = rows.into_iter();
    let header = rows
        .next()
        .ok_or_else(|| Diagnostic::error(&name, "le classeur est vide"))?;
    let header_row = skipped + 1;
    let mut field_of: Vec<Option<&'static str>> = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    for (col, cell) in header.iter().enumerate() {
        let Some(text) = cell.as_deref().filter(|t| !t.trim().is_empty()) else {
            field_of.push(None);
            continue;
        };
        let t = norm(text);
        let read = LUES
            .iter()
            .find(|f| norm(f) == t || norm(libelles.label(f)) == t)
            .copied();
        let info = libelles
            .information
            .iter()
            .any(|(f, l)| norm(f) == t || norm(l) == t);
        match read {
            Some(f) => {
                if let Some(previous) = seen.insert(f, col) {
                    problems.push(
                        Diagnostic::error(
                            &name,
                            format!(
                                "la colonne « {text} » figure deux fois (colonne {} aussi)",
                                column_name(previous)
                            ),
                        )
                        .at(header_row, col + 1),
                    );
                }
                field_of.push(Some(f));
            }
            None if info => field_of.push(None),
            None => {
                let known: Vec<String> = LUES
                    .iter()
                    .map(|f| format!("« {} »", libelles.label(f)))
                    .chain(libelles.information.values().map(|l| format!("« {l} »")))
                    .collect();
                problems.push(
                    Diagnostic::error(
                        &name,
                        format!(
                            "colonne inconnue « {text} » ; les colonnes du classeur sont : {}",
                            known.join(", ")
                        ),
                    )
                    .at(header_row, col + 1),
                );
                field_of.push(None);
            }
        }
    }
    for f in ["contrat", "annee", "libelle", "valeur"] {
        if !seen.contains_key(f) {
            problems.push(
                Diagnostic::error(
                    &name,
                    format!(
                        "il manque la colonne « {} » dans la ligne d’en-tête",
                        libelles.label(f)
                    ),
                )
                .at(header_row, 1),
            );
        }
    }
    if !problems.is_empty() {
        return Err(Failure(problems));
    }
    let mut locations: HashMap<String, (usize, usize)> = HashMap::new();
    let mut contrat: Option<(String, (usize, usize))> = None;
    let mut annee: Option<(String, (usize, usize))> = None;
    let mut valeurs = Vec::new();
    for (i, row) in rows.enumerate() {
        let row_no = header_row + 1 + i;
        if row.iter().all(Option::is_none) {
            continue;
        }
        let k = valeurs.len();
        let mut v = ValeurRealisee {
            axe: None,
            objectif: None,
            libelle: String::new(),
            valeur: None,
            commentaire: None,
        };
        for (col, cell) in row.into_iter().enumerate() {
            let (Some(Some(field)), Some(text)) = (field_of.get(col), cell) else {
                continue;
            };
            let at = (row_no, col + 1);
            let once = |slot: &mut Option<(String, (usize, usize))>,
                        label: &str,
                        problems: &mut Vec<Diagnostic>| {
                match slot {
                    None => *slot = Some((text.clone(), at)),
                    Some((first, (r, c))) if first.trim() != text.trim() => problems.push(
                        Diagnostic::error(
                            &name,
                            format!(
                                "« {label} » vaut « {text} » ici mais « {first} » en {}{r} : un classeur porte sur un seul contrat et une seule année",
                                column_name(*c - 1)
                            ),
                        )
                        .at(at.0, at.1),
                    ),
                    Some(_) => {}
                }
            };
            match *field {
                "contrat" => once(&mut contrat, libelles.label("contrat"), &mut problems),
                "annee" => once(&mut annee, libelles.label("annee"), &mut problems),
                f => {
                    locations.insert(format!("suivi.valeurs[{k}].{f}"), at);
                    match f {
                        "axe" => v.axe = Some(text),
                        "objectif" => v.objectif = Some(text),
                        "libelle" => v.libelle = text,
                        "valeur" => v.valeur = Some(text),
                        _ => v.commentaire = Some(text),
                    }
                }
            }
        }
        if v.libelle.is_empty() {
            let col = seen.get("libelle").copied().unwrap_or(0);
            problems.push(
                Diagnostic::error(
                    &name,
                    format!(
                        "la ligne n’a pas d’« {} » : chaque ligne renseigne un indicateur",
                        libelles.label("libelle")
                    ),
                )
                .at(row_no, col + 1),
            );
        }
        locations.insert(format!("suivi.valeurs[{k}]"), (row_no, 1));
        valeurs.push(v);
    }
    let contrat = match contrat {
        Some((c, at)) => {
            locations.insert("suivi.contrat".into(), at);
            c
        }
        None => {
            problems.push(
                Diagnostic::error(
                    &name,
                    format!(
                        "la colonne « {} » est vide : la référence du contrat",
                        libelles.label("contrat")
                    ),
                )
                .at(header_row + 1, seen["contrat"] + 1),
            );
            String::new()
        }
    };
    let annee = match annee {
        Some((a, at)) => {
            locations.insert("suivi.annee".into(), at);
            match a.trim().parse::<i32>() {
                Ok(n) => n,
                Err(_) => {
                    problems.push(
                        Diagnostic::error(
                            &name,
                            format!("« {a} » n’est pas une année (attendu : 2021)"),
                        )
                        .at(at.0, at.1),
                    );
                    0
                }
            }
        }
        None => {
            problems.push(
                Diagnostic::error(
                    &name,
                    format!(
                        "la colonne « {} » est vide : l’année des valeurs",
                        libelles.label("annee")
                    ),
                )
                .at(header_row + 1, seen["annee"] + 1),
            );
            0
        }
    };
    if !problems.is_empty() {
        return Err(Failure(problems));
    }
    let suivi = Suivi {
        contrat,
        annee,
        date_revue: None,
        valeurs,
        financements: Vec::new(),
    };
    let source = Source {
        name,
        text: serde_yaml::to_string(&super::FichierSuivi {
            suivi: suivi.clone(),
        })
        .unwrap_or_default(),
        locations: Locations::from_map(locations),
        value: None,
        fallback: None,
    };
    Ok((source, suivi))
}

/// The workbook to send for the values of `annee` of `contrat`: one row per indicator,
/// prefilled, the « Valeur réalisée » column empty and kept as text (so that « 64 % » stays
/// as written), the help on a sheet of its own.
pub fn modele(contrat: &Loaded, annee: i32, lib: &Library) -> Result<Vec<u8>, Failure> {
    use rust_xlsxwriter::{Format, Workbook};
    let libelles = Libelles::load(&lib.set)?;
    let regle = Regle::load(&lib.set)?;
    let e =
        |e: rust_xlsxwriter::XlsxError| Failure::from(Diagnostic::error("classeur", e.to_string()));
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color("D9E2F3");
    let text = Format::new().set_num_format("@");
    let saisie = Format::new()
        .set_num_format("@")
        .set_background_color("FFF2CC");
    let ws = wb.add_worksheet().set_name(&libelles.feuille).map_err(e)?;
    let columns = [
        "contrat",
        "annee",
        "axe",
        "objectif",
        "libelle",
        "valeur_initiale",
        "cible_annee",
        "valeur",
        "commentaire",
    ];
    let widths = [24.0, 8.0, 36.0, 40.0, 48.0, 16.0, 18.0, 18.0, 48.0];
    for (c, (f, w)) in columns.iter().zip(widths).enumerate() {
        ws.write_with_format(0, c as u16, libelles.label(f), &head)
            .map_err(e)?;
        ws.set_column_width(c as u16, w).map_err(e)?;
    }
    let reference = contrat.contrat.reference();
    let all = super::indicateurs(&contrat.contrat);
    for (n, i) in all.iter().enumerate() {
        let r = n as u32 + 1;
        let cible = super::statut::calculer(i, annee, None, &regle).cible_annee;
        let cells = [
            reference.to_string(),
            annee.to_string(),
            i.axe.clone(),
            i.objectif.clone(),
            i.libelle.clone(),
            i.valeur_initiale.clone(),
            cible,
        ];
        for (c, v) in cells.iter().enumerate() {
            if c == 1 {
                ws.write_number(r, c as u16, f64::from(annee)).map_err(e)?;
            } else {
                ws.write_with_format(r, c as u16, v, &text).map_err(e)?;
            }
        }
        ws.write_blank(r, 7, &saisie).map_err(e)?;
        ws.write_blank(r, 8, &saisie).map_err(e)?;
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    // The help on a sheet of its own: a row under the table would be read back as an indicator.
    let aide = wb.add_worksheet().set_name("Aide").map_err(e)?;
    aide.set_column_width(0, 100).map_err(e)?;
    aide.write_with_format(0, 0, &libelles.aide, &Format::new().set_text_wrap())
        .map_err(e)?;
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(&format!("{} {annee} — {reference}", libelles.feuille))
        .set_creation_datetime(
            &rust_xlsxwriter::ExcelDateTime::from_ymd(annee as u16, 1, 1).map_err(e)?,
        );
    wb.set_properties(&props);
    wb.save_to_buffer().map_err(e)
}
