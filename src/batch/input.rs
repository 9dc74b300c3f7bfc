//! What a batch renders: the contracts of a folder, of a campaign file, or of a spreadsheet.
//!
//! - a folder: every `*.yaml` / `*.yml` file in it (sorted by name), but the values files of
//!   the suivi (`suivi:`);
//! - a campaign file (YAML with a top-level `campagne:`):
//!   ```yaml
//!   campagne:
//!     commun: commun.yaml        # optional: shared data under every contract (ARS, période…)
//!     contrats: [a.yaml, b.yaml] # contract files, relative to the campaign file
//!     tableur: structures.xlsx   # and/or a spreadsheet: one row per structure
//!     feuille: Structures        # optional: the sheet to read (default: the first)
//!   ```
//! - a spreadsheet (`.csv`, `.xlsx`) alone.
//!
//! In a spreadsheet, the header row names fields by their path (`titulaire.raison_sociale`,
//! `titulaire.sites[0].finess_geographique`); each row is one contract, merged over `commun`.
//! Cells are read as YAML scalars (numbers, dates, booleans), except identifier columns (FINESS,
//! SIREN, SIRET, code postal, reference), which always stay text, zero-padded when a spreadsheet
//! stored them as numbers. An error in a row is reported as `file:ROW:COLUMN`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Failure};
use crate::model::load::Source;
use crate::model::locate::Locations;

/// One contract to render: its display name and its source (or why it could not be read).
pub struct Item {
    pub name: String,
    pub source: Result<Source, Failure>,
}

/// A campaign file: what `cpom batch` renders.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CampagneFile {
    pub campagne: Campagne,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campagne {
    /// Shared data merged under every contract (ARS, période, signature…), relative to this file.
    #[serde(default)]
    pub commun: Option<PathBuf>,
    /// Contract files, relative to this file.
    #[serde(default)]
    pub contrats: Vec<PathBuf>,
    /// A CSV or XLSX sheet: one row per structure, header = field paths.
    #[serde(default)]
    pub tableur: Option<PathBuf>,
    /// The sheet of the workbook to read (default: the first).
    #[serde(default)]
    pub feuille: Option<String>,
}

/// Reads the list of contracts of `input`. Fails only if the input itself cannot be read; a bad
/// contract becomes an item whose source is an error, reported with the others.
pub fn collect(input: &Path) -> Result<Vec<Item>, Failure> {
    let name = input.display().to_string();
    if input.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(input)
            .map_err(|e| Diagnostic::error(&name, format!("cannot read the folder: {e}")))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            // The values of a year of suivi are not contracts (`cpom suivi`, `cpom synthese`).
            .filter(|p| !std::fs::read_to_string(p).is_ok_and(|t| crate::suivi::is_suivi_text(&t)))
            .collect();
        files.sort();
        return Ok(files
            .iter()
            .map(|f| contract_item(f, key_in(input, f), None))
            .collect());
    }
    match input
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") | Some("xlsx") | Some("xlsm") | Some("ods") => rows(input, None, None),
        _ => {
            let source = Source::read(input)?;
            if !source.text.lines().any(|l| l.starts_with("campagne:")) {
                return Ok(vec![Item {
                    name: source.name.clone(),
                    source: Ok(source),
                }]);
            }
            let file: CampagneFile = source.parse()?;
            let c = file.campagne;
            let base = input.parent().unwrap_or(Path::new("."));
            let commun = match &c.commun {
                Some(p) => Some(Source::read(&base.join(p))?),
                None => None,
            };
            let mut items: Vec<Item> = c
                .contrats
                .iter()
                .map(|f| contract_item(&base.join(f), f.display().to_string(), commun.as_ref()))
                .collect();
            if let Some(t) = &c.tableur {
                items.extend(rows(&base.join(t), c.feuille.as_deref(), commun.as_ref())?);
            }
            if items.is_empty() {
                return Err(Diagnostic::error(
                    name,
                    "the campaign lists no contract (`contrats:` or `tableur:`)",
                )
                .into());
            }
            Ok(items)
        }
    }
}

/// A contract's key in the manifest: its path relative to the folder or campaign, so that the
/// same campaign run from another directory is recognised.
fn key_in(base: &Path, file: &Path) -> String {
    file.strip_prefix(base)
        .unwrap_or(file)
        .display()
        .to_string()
}

fn contract_item(path: &Path, name: String, commun: Option<&Source>) -> Item {
    let source = Source::read(path).and_then(|mut s| {
        // The shared data completes contracts; an avenant stands alone.
        if let Some(c) = commun.filter(|_| !crate::avenant::is_avenant(&s.text)) {
            let own: Value = s.yaml()?;
            let shared: Value = c.yaml()?;
            s.value = Some(merge(shared, own));
            s.fallback = Some(Box::new(c.clone()));
        }
        Ok(s)
    });
    Item { name, source }
}

/// `over` merged onto `base`: mappings merge key by key, anything else in `over` wins.
pub fn merge(base: Value, over: Value) -> Value {
    match (base, over) {
        (Value::Mapping(mut b), Value::Mapping(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => *slot = merge(std::mem::take(slot), v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
            Value::Mapping(b)
        }
        (_, o) => o,
    }
}

/// A cell as the spreadsheet gives it.
enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(String),
}

fn rows(path: &Path, sheet: Option<&str>, commun: Option<&Source>) -> Result<Vec<Item>, Failure> {
    let name = path.display().to_string();
    let (skipped, table) = read_table(path, sheet)?;
    let mut it = table.into_iter();
    let header: Vec<String> = it
        .next()
        .ok_or_else(|| Diagnostic::error(&name, "the spreadsheet is empty"))?
        .into_iter()
        .map(|c| match c {
            Cell::Text(t) => t.trim().to_string(),
            _ => String::new(),
        })
        .collect();
    let shared: Option<Value> = match commun {
        Some(c) => Some(c.yaml()?),
        None => None,
    };
    let mut items = Vec::new();
    for (i, row) in it.enumerate() {
        let row_no = skipped + i + 2;
        if row.iter().all(|c| matches!(c, Cell::Empty)) {
            continue;
        }
        let file_name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.clone());
        let item_name = format!("{file_name}:{row_no}");
        let mut tree = Value::Mapping(Mapping::new());
        let mut cells = HashMap::new();
        let mut problem = None;
        for (col, cell) in row.into_iter().enumerate() {
            let Some(field) = header.get(col).filter(|h| !h.is_empty()) else {
                continue;
            };
            if matches!(cell, Cell::Empty) {
                continue;
            }
            cells.insert(field.clone(), (row_no, col + 1));
            if let Err(e) = set_path(&mut tree, field, cell_value(field, cell)) {
                problem.get_or_insert(
                    Diagnostic::error(&name, format!("column `{field}`: {e}")).at(row_no, col + 1),
                );
            }
        }
        let source = match problem {
            Some(d) => Err(Failure(vec![d])),
            None => {
                let value = match &shared {
                    Some(s) => merge(s.clone(), tree),
                    None => tree,
                };
                let text = serde_yaml::to_string(&value).unwrap_or_default();
                Ok(Source {
                    name: name.clone(),
                    text,
                    locations: Locations::from_map(cells),
                    value: Some(value),
                    fallback: commun.map(|c| Box::new(c.clone())),
                })
            }
        };
        items.push(Item {
            name: item_name,
            source,
        });
    }
    Ok(items)
}

/// The rows of a CSV file or of a workbook's sheet (the first when None), from the first
/// non-empty one, and how many empty rows came before it (to report spreadsheet row numbers).
fn read_table(path: &Path, sheet: Option<&str>) -> Result<(usize, Vec<Vec<Cell>>), Failure> {
    let mut rows = match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => read_csv(path)?,
        _ => read_workbook(path, sheet)?,
    };
    let skipped = rows
        .iter()
        .take_while(|r| r.iter().all(|c| matches!(c, Cell::Empty)))
        .count();
    rows.drain(..skipped);
    Ok((skipped, rows))
}

/// The cells of a CSV file or of a workbook's sheet (the first when None) as text, None for an
/// empty cell, from the first non-empty row; and how many empty rows came before it. Whole
/// numbers print without decimals, others with a decimal point, dates as `YYYY-MM-DD`.
pub fn table(
    path: &Path,
    sheet: Option<&str>,
) -> Result<(usize, Vec<Vec<Option<String>>>), Failure> {
    let (skipped, rows) = read_table(path, sheet)?;
    let text = |c: Cell| match c {
        Cell::Empty => None,
        Cell::Text(t) | Cell::Date(t) => Some(t.trim().to_string()),
        Cell::Int(i) => Some(i.to_string()),
        Cell::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{}", f as i64)),
        Cell::Float(f) => Some(f.to_string()),
        Cell::Bool(b) => Some(if b { "oui" } else { "non" }.to_string()),
    };
    Ok((
        skipped,
        rows.into_iter()
            .map(|r| r.into_iter().map(text).collect())
            .collect(),
    ))
}

fn read_csv(path: &Path) -> Result<Vec<Vec<Cell>>, Failure> {
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .map_err(|e| Diagnostic::error(&name, format!("cannot read: {e}")))?;
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| Diagnostic::error(&name, format!("CSV: {e}")).at(i + 1, 1))?;
        out.push(
            rec.iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(out)
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Vec<Vec<Cell>>, Failure> {
    use calamine::{Data, Reader, open_workbook_auto};
    let name = path.display().to_string();
    let mut wb = open_workbook_auto(path)
        .map_err(|e| Diagnostic::error(&name, format!("cannot read the workbook: {e}")))?;
    let sheet_name = match sheet {
        Some(s) => s.to_string(),
        None => wb
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| Diagnostic::error(&name, "the workbook has no sheet"))?,
    };
    let range = wb
        .worksheet_range(&sheet_name)
        .map_err(|e| Diagnostic::error(&name, format!("sheet `{sheet_name}`: {e}")))?;
    // Rows and columns are counted from A1 so that reported positions match the spreadsheet.
    let (r0, c0) = range
        .start()
        .map(|(r, c)| (r as usize, c as usize))
        .unwrap_or((0, 0));
    let mut out: Vec<Vec<Cell>> = (0..r0).map(|_| Vec::new()).collect();
    for row in range.rows() {
        let mut cells: Vec<Cell> = (0..c0).map(|_| Cell::Empty).collect();
        for d in row {
            cells.push(match d {
                Data::Empty => Cell::Empty,
                Data::String(s) if s.trim().is_empty() => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Int(i) => Cell::Int(*i),
                Data::Float(f) => Cell::Float(*f),
                Data::Bool(b) => Cell::Bool(*b),
                Data::DateTime(dt) => match dt.as_datetime() {
                    Some(t) => Cell::Date(t.date().format("%Y-%m-%d").to_string()),
                    None => Cell::Text(dt.to_string()),
                },
                Data::DateTimeIso(s) => Cell::Date(s.chars().take(10).collect()),
                other => Cell::Text(other.to_string()),
            });
        }
        out.push(cells);
    }
    Ok(out)
}

/// Fields that are identifiers: always text, zero-padded to their length when stored as numbers.
fn identifier_width(field: &str) -> Option<usize> {
    let last = field.rsplit('.').next().unwrap_or(field);
    let last = last.split('[').next().unwrap_or(last);
    match last {
        l if l.starts_with("finess") => Some(9),
        "siren" => Some(9),
        "siret" => Some(14),
        "code_postal" => Some(5),
        "reference" => Some(0),
        _ => None,
    }
}

fn cell_value(field: &str, cell: Cell) -> Value {
    if let Some(width) = identifier_width(field) {
        let text = match cell {
            Cell::Int(i) => format!("{i:0width$}"),
            Cell::Float(f) if f.fract() == 0.0 => format!("{:0width$}", f as i64),
            Cell::Float(f) => f.to_string(),
            Cell::Text(t) | Cell::Date(t) => t.trim().to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Empty => String::new(),
        };
        return Value::String(text);
    }
    match cell {
        Cell::Empty => Value::Null,
        Cell::Int(i) => Value::Number(i.into()),
        Cell::Float(f) => Value::Number(f.into()),
        Cell::Bool(b) => Value::Bool(b),
        Cell::Date(d) => Value::String(d),
        Cell::Text(t) => match serde_yaml::from_str::<Value>(&t) {
            // A plain scalar only: never let a cell open a mapping or a list.
            Ok(v @ (Value::Number(_) | Value::Bool(_))) => v,
            _ => Value::String(t.trim().to_string()),
        },
    }
}

/// Sets `value` at `path` (`a.b[2].c`) in `tree`, creating mappings and list items on the way.
fn set_path(tree: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let mut cur = tree;
    let segments: Vec<&str> = path.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let (key, index) = match seg.split_once('[') {
            Some((k, rest)) => {
                let idx: usize = rest
                    .trim_end_matches(']')
                    .parse()
                    .map_err(|_| format!("bad index in `{seg}`"))?;
                if idx > 10_000 {
                    return Err(format!("index {idx} is too large"));
                }
                (k, Some(idx))
            }
            None => (*seg, None),
        };
        if key.is_empty() {
            return Err("empty field name".into());
        }
        let map = cur
            .as_mapping_mut()
            .ok_or_else(|| format!("`{key}` is inside a value, not a mapping"))?;
        let k = Value::String(key.to_string());
        match index {
            None => {
                if last {
                    map.insert(k, value);
                    return Ok(());
                }
                cur = map
                    .entry(k)
                    .or_insert_with(|| Value::Mapping(Mapping::new()));
            }
            Some(idx) => {
                let seq = map.entry(k).or_insert_with(|| Value::Sequence(Vec::new()));
                let seq = seq
                    .as_sequence_mut()
                    .ok_or_else(|| format!("`{key}` is not a list"))?;
                while seq.len() <= idx {
                    seq.push(Value::Mapping(Mapping::new()));
                }
                if last {
                    seq[idx] = value;
                    return Ok(());
                }
                cur = &mut seq[idx];
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_build_nested_values() {
        let mut t = Value::Mapping(Mapping::new());
        set_path(&mut t, "titulaire.sites[1].nom", Value::String("B".into())).unwrap();
        set_path(&mut t, "titulaire.sites[0].nom", Value::String("A".into())).unwrap();
        let y = serde_yaml::to_string(&t).unwrap();
        assert_eq!(y, "titulaire:\n  sites:\n  - nom: A\n  - nom: B\n");
    }

    #[test]
    fn identifiers_stay_text() {
        assert_eq!(
            cell_value("titulaire.finess_juridique", Cell::Int(10780054)),
            Value::String("010780054".into())
        );
        assert_eq!(
            cell_value("titulaire.finess_juridique", Cell::Text("340780477".into())),
            Value::String("340780477".into())
        );
        assert_eq!(
            cell_value("signature.exemplaires", Cell::Text("2".into())),
            Value::Number(2.into())
        );
        assert_eq!(
            cell_value("titulaire.raison_sociale", Cell::Text("{a: 1}".into())),
            Value::String("{a: 1}".into())
        );
    }

    #[test]
    fn merge_is_deep() {
        let a: Value = serde_yaml::from_str("ars: {region: X, dg: Y}\nn: 1").unwrap();
        let b: Value = serde_yaml::from_str("ars: {region: Z}\nm: 2").unwrap();
        let m = merge(a, b);
        assert_eq!(
            serde_yaml::to_string(&m).unwrap(),
            "ars:\n  region: Z\n  dg: Y\nn: 1\nm: 2\n"
        );
    }
}
