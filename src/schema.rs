//! JSON Schemas of every input kind, generated from the model types themselves (so they can
//! never drift): editors with yaml-language-server complete and validate data as it is typed.
//! `cpom schema` prints them; `schemas/` holds the committed copies the fixtures' modelines use.

use crate::batch::input::CampagneFile;
use crate::model::Contrat;

/// The input kinds, by the name `cpom schema KIND` takes and the file under `schemas/`.
pub const KINDS: &[&str] = &["contrat", "campagne"];

pub fn schema(kind: &str) -> Option<serde_json::Value> {
    let s = match kind {
        "contrat" => schemars::schema_for!(Contrat),
        "campagne" => schemars::schema_for!(CampagneFile),
        _ => return None,
    };
    serde_json::to_value(s).ok()
}

/// The schema as written to `schemas/<kind>.schema.json` (pretty, newline-terminated).
pub fn text(kind: &str) -> Option<String> {
    schema(kind).and_then(|v| serde_json::to_string_pretty(&v).ok()).map(|mut s| {
        s.push('\n');
        s
    })
}
