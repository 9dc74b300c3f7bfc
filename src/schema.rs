//! JSON Schemas of every input kind, generated from the model types themselves (so they can
//! never drift): editors with yaml-language-server complete and validate data as it is typed.
//! `cpom schema` prints them; `schemas/` holds the committed copies the fixtures' modelines use.

use crate::batch::input::CampagneFile;
use crate::model::Contrat;

/// The input kinds, by the name `cpom schema KIND` takes and the file under `schemas/`.
pub const KINDS: &[&str] = &["contrat", "medico-social", "avenant", "campagne", "suivi"];

pub fn schema(kind: &str) -> Option<serde_json::Value> {
    let s = match kind {
        "contrat" => schemars::schema_for!(Contrat),
        "medico-social" => schemars::schema_for!(crate::model::medico_social::CpomMedicoSocial),
        "avenant" => schemars::schema_for!(crate::model::avenant::AvenantFile),
        "campagne" => schemars::schema_for!(CampagneFile),
        "suivi" => schemars::schema_for!(crate::suivi::FichierSuivi),
        _ => return None,
    };
    serde_json::to_value(s).ok()
}

/// The schema as written to `schemas/<kind>.schema.json` (pretty, newline-terminated).
pub fn text(kind: &str) -> Option<String> {
    schema(kind)
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .map(|mut s| {
            s.push('\n');
            s
        })
}

/// The variables a template sees for a contract, as Markdown: every field path with its type and
/// description, generated from the schema (TEMPLATES.md embeds it; a test keeps it in sync).
pub fn variables_markdown() -> String {
    let schema = schema("contrat").unwrap_or_default();
    let defs = schema.get("$defs").cloned().unwrap_or_default();
    let mut out = String::new();
    walk(&schema, &defs, "", &mut out, 0);
    out.push_str("| `signature.annexes.<id>` | object | an annex signed after the socle: `date_prevue` (the date the socle announces), `date` and `lieu` once signed |\n");
    out.push_str("| `annexes_du_contrat` | list | annexes this contract carries, in order: `id`, `numero`, `titre`, `statut`; for an annex signed after the socle `date_prevue`, `en_negociation` (not yet signed, not rendered) and `signee_a_part` (its `lieu`, `date`) (computed) |\n");
    out.push_str("| `annexes_en_negociation` | list | titles of the annexes signed after the socle, which the socle announces (computed) |\n");
    out.push_str("| `annexes_sans_objet` | list | titles of the annexes sans objet for the typology (computed) |\n");
    out.push_str(
        "| `typologie_libelle` | text | label of the typology in the matrix (computed) |\n",
    );
    out.push_str("| `tableau_financements` | object | Financements table: `annees`, `lignes[].index`, `lignes[].montants` (cents per year, none when empty), `lignes[].total`, `totaux_annees` (none for a year without any amount), `total_general` (computed, exact cents) |\n");
    out.push_str("| `annexe` | object | in an annex template: the entry of `annexes_du_contrat` of the annex being rendered; an annex signed after the socle sees its own `signature` and the socle's as `signature_du_socle` |\n");
    out.push_str("| `libelles` | object | `templates/libelles.yaml`: labels of coded values (`libelles.type_ligne[l.type_ligne]`) and of field names (`libelles.champs`) |\n");
    out.push_str("| `consolidation` | object | in a consolidated version only: `date`, `avenants[]` in force (`numero`, `date_signature`, `date_effet`) |\n");
    out.push_str("| `avenant`, `articles_avenant`, `contrat_initial` | object | in an avenant: its data; one entry per modification (`nature`, `annexe_titre`, `annexe_numero`, `article`, `nouvelle_redaction`, `nouvelle_date_fin`, `changements[]`: `element`, `nature`, `cle`, `champ`, `sous_cle`, `ancienne`, `nouvelle`); the contract as signed (`date_debut`, `date_fin`, `date_signature`) |\n");
    format!("| variable | type | meaning |\n|---|---|---|\n{out}")
}

fn resolve<'a>(node: &'a serde_json::Value, defs: &'a serde_json::Value) -> &'a serde_json::Value {
    // Option<T> is `anyOf: [T, null]`: describe T.
    if let Some(alts) = node.get("anyOf").and_then(|a| a.as_array())
        && let Some(t) = alts
            .iter()
            .find(|a| a.get("type").and_then(|t| t.as_str()) != Some("null"))
    {
        return resolve(t, defs);
    }
    match node
        .get("$ref")
        .and_then(|r| r.as_str())
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        Some(name) => defs.get(name).unwrap_or(node),
        None => node,
    }
}

fn kind(node: &serde_json::Value, defs: &serde_json::Value) -> String {
    let reference = node.get("$ref").and_then(|r| r.as_str()).unwrap_or("");
    if reference.ends_with("/Quantite") {
        return "decimal text, e.g. \"0,5\"".into();
    }
    if reference.ends_with("/Montant") {
        return "cents (use `euros`)".into();
    }
    let n = resolve(node, defs);
    if let Some(e) = n
        .get("enum")
        .or_else(|| n.get("oneOf"))
        .and_then(|e| e.as_array())
    {
        let values: Vec<String> = e
            .iter()
            .filter_map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.get("const").and_then(|c| c.as_str()).map(str::to_string))
            })
            .collect();
        if !values.is_empty() {
            return format!(
                "one of {}",
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    if n.get("format").and_then(|f| f.as_str()) == Some("date") {
        return "date (use `date_longue`, `date_courte`)".into();
    }
    if let Some(title) = n.get("title").and_then(|t| t.as_str())
        && title == "Montant"
    {
        return "cents (use `euros`)".into();
    }
    match n.get("type") {
        Some(serde_json::Value::String(t)) => match t.as_str() {
            "string" => "text".into(),
            "integer" => "integer".into(),
            "boolean" => "yes/no".into(),
            "array" => "list".into(),
            "object" => "object".into(),
            other => other.into(),
        },
        Some(serde_json::Value::Array(ts)) => {
            let ts: Vec<&str> = ts
                .iter()
                .filter_map(|t| t.as_str())
                .filter(|t| *t != "null")
                .collect();
            if ts == ["number", "string"] {
                "amount (cents in templates: use `euros`)".into()
            } else {
                ts.join(" or ")
            }
        }
        _ => String::new(),
    }
}

fn walk(
    node: &serde_json::Value,
    defs: &serde_json::Value,
    prefix: &str,
    out: &mut String,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    let n = resolve(node, defs);
    let Some(props) = n.get("properties").and_then(|p| p.as_object()) else {
        return;
    };
    for (name, prop) in props {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let desc = prop
            .get("description")
            .or_else(|| resolve(prop, defs).get("description"))
            .and_then(|d| d.as_str())
            .unwrap_or("")
            .replace('\n', " ")
            .replace('|', "\\|");
        let target = resolve(prop, defs);
        let item = target.get("items").map(|i| resolve(i, defs));
        let (shown_path, child) = match item {
            Some(i) if i.get("properties").is_some() => (format!("{path}[]"), Some(i)),
            _ => (
                path.clone(),
                if target.get("properties").is_some() {
                    Some(target)
                } else {
                    None
                },
            ),
        };
        let mut k = kind(prop, defs);
        if k.is_empty() {
            k = kind(target, defs);
        }
        let optional = n
            .get("required")
            .and_then(|r| r.as_array())
            .is_some_and(|r| !r.iter().any(|x| x == name));
        let opt = if optional { " (optional)" } else { "" };
        out.push_str(&format!("| `{shown_path}` | {k}{opt} | {desc} |\n"));
        if let Some(c) = child {
            walk(c, defs, &shown_path, out, depth + 1);
        }
    }
}
