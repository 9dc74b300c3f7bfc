//! Reading contract files: strict YAML → model, every error located (file:line:column and
//! field path).

use std::path::Path;

use serde::de::DeserializeOwned;

use super::locate::Locations;
use crate::diagnostic::{Diagnostic, Failure};

/// Largest data file accepted: far above any real contract, low enough to refuse a runaway file.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A data file as read: its display name, text and field locations.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    pub locations: Locations,
    /// The data to deserialise when it is not `text` as is: a contract merged over the shared
    /// data of a campaign, or a spreadsheet row (see `crate::batch::input`).
    pub value: Option<serde_yaml::Value>,
    /// Where to look for a field not found in this source (the campaign's shared data).
    pub fallback: Option<Box<Source>>,
}

impl Source {
    pub fn read(path: &Path) -> Result<Source, Failure> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path)
            .map_err(|e| Diagnostic::error(&name, format!("cannot read the file: {e}")))?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(Diagnostic::error(
                &name,
                format!(
                    "the file is {} bytes; the limit is {MAX_FILE_BYTES}",
                    meta.len()
                ),
            )
            .into());
        }
        let bytes = std::fs::read(path)
            .map_err(|e| Diagnostic::error(&name, format!("cannot read the file: {e}")))?;
        Source::from_bytes(name, bytes)
    }

    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, Failure> {
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = good.iter().filter(|b| **b == b'\n').count() + 1;
                let col = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
                return Err(Diagnostic::error(name, "the file is not valid UTF-8 text")
                    .at(line, col)
                    .into());
            }
        };
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Diagnostic::error(name, "the file is empty").into());
        }
        let locations = Locations::of(&text);
        Ok(Source {
            name,
            text,
            locations,
            value: None,
            fallback: None,
        })
    }

    /// The file as a YAML value, once it is known to stay within the budgets (no alias bomb is
    /// ever expanded). For data that is merged or inspected before it is deserialised.
    pub fn yaml(&self) -> Result<serde_yaml::Value, Failure> {
        self.within_budgets()?;
        serde_yaml::from_str(&self.text).map_err(|e| {
            let mut d = Diagnostic::error(&self.name, clean_message(&e.to_string()));
            if let Some(loc) = e.location() {
                d = d.at(loc.line(), loc.column());
            }
            Failure(vec![d])
        })
    }

    /// A top-level text of the data (`secteur`, `reference`), read without expanding anything.
    pub fn top_scalar(&self, key: &str) -> Option<&str> {
        match &self.value {
            Some(v) => v.get(key).and_then(|v| v.as_str()),
            None => self.locations.top_scalars.get(key).map(String::as_str),
        }
    }

    /// Duplicate keys and oversized values (long texts, long lists, aliases expanding far beyond
    /// the file), all located, before anything is deserialised.
    pub fn within_budgets(&self) -> Result<(), Failure> {
        if !self.locations.duplicates.is_empty() {
            let all = self.locations.duplicates.iter().map(|(path, line, col)| {
                let key = path.rsplit('.').next().unwrap_or(path);
                let mut d = Diagnostic::error(
                    &self.name,
                    format!("duplicate key `{key}` (a key may appear once per mapping)"),
                )
                .at(*line, *col);
                d.path = Some(path.clone());
                d
            });
            return Err(Failure(all.collect()));
        }
        if !self.locations.oversized.is_empty() {
            let all = self
                .locations
                .oversized
                .iter()
                .map(|(path, line, col, what)| {
                    let mut d = Diagnostic::error(
                        &self.name,
                        format!("{what} (refused: no contract needs that much)"),
                    )
                    .at(*line, *col);
                    d.path = (!path.is_empty()).then(|| path.clone());
                    d
                });
            return Err(Failure(all.collect()));
        }
        Ok(())
    }

    /// Deserialises the whole file into `T`, strictly.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Failure> {
        self.within_budgets()?;
        let result = match &self.value {
            Some(v) => serde_path_to_error::deserialize(v.clone()),
            None => {
                serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(&self.text))
            }
        };
        result.map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let mut d = Diagnostic::error(&self.name, clean_message(&inner.to_string()));
            if path != "." && !path.is_empty() && !path.contains('?') {
                d.path = Some(path.clone());
            }
            match inner.location() {
                Some(loc) if self.value.is_none() => d = d.at(loc.line(), loc.column()),
                _ => d = self.locate(d),
            }
            // The scanner's own errors give a byte position only ("… at position 383").
            if let Some(pos) = inner
                .to_string()
                .split("at position ")
                .nth(1)
                .and_then(|p| {
                    p.split(|c: char| !c.is_ascii_digit())
                        .next()?
                        .parse::<usize>()
                        .ok()
                })
                && pos <= self.text.len()
                && self.value.is_none()
            {
                let before = &self.text.as_bytes()[..pos];
                let line = before.iter().filter(|b| **b == b'\n').count() + 1;
                let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
                d.line = Some(line);
                d.column = Some(col);
                d.message = d
                    .message
                    .split(" at position ")
                    .next()
                    .unwrap_or_default()
                    .to_string();
            }
            Failure(vec![d])
        })
    }

    /// Locates a diagnostic produced by validation from its field path.
    pub fn locate(&self, mut d: Diagnostic) -> Diagnostic {
        d.file = self.name.clone();
        if d.line.is_some() {
            return d;
        }
        let Some(path) = d.path.clone() else { return d };
        if let Some((l, c)) = self.locations.find_exact(&path) {
            return d.at(l, c);
        }
        if let Some(fb) = &self.fallback
            && let Some((l, c)) = fb.locations.find_exact(&path)
        {
            d.file = fb.name.clone();
            return d.at(l, c);
        }
        if let Some((l, c)) = self.locations.find(&path) {
            d = d.at(l, c);
        }
        d
    }
}

/// serde_yaml prefixes its messages with the field path and appends " at line L column C";
/// both are reported apart. chrono's terse date errors get a hint.
fn clean_message(msg: &str) -> String {
    let mut m = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    if let Some((prefix, rest)) = m.split_once(": ")
        && !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_alphanumeric() || "._[]".contains(c))
    {
        m = rest;
    }
    match m {
        "input is out of range"
        | "input contains invalid characters"
        | "premature end of input"
        | "input is not enough for unique date and time"
        | "trailing input" => {
            format!("not a valid date ({m}); expected YYYY-MM-DD, e.g. 2019-01-01")
        }
        _ => m.to_string(),
    }
}
