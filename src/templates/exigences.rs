//! Regulatory completeness: the checklist `templates/exigences.yaml` states what each
//! document must contain; each element is found in the rendered document and traced back to the
//! template line that provides it. An agency may reword a clause, never drop one silently.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::TemplateSet;
use crate::doc::Document;

pub const FILE: &str = "exigences.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exigences {
    /// By document kind: `socle` or an annex id.
    pub documents: BTreeMap<String, Vec<Exigence>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exigence {
    pub id: String,
    pub exigence: String,
    pub source: String,
    /// Accepted wordings: one must appear in the rendered document.
    pub textes: Vec<String>,
    /// The regimes the element is required under (`L. 313-12 IV ter`, `L. 313-12-2`,
    /// `L. 313-11`, `avant_ordonnance_2020`, `ordonnance_2020_1407`); all when empty.
    #[serde(default)]
    pub regimes: Vec<String>,
}

/// One element of the checklist for one rendered document.
#[derive(Debug, Clone)]
pub struct Finding {
    pub exigence: Exigence,
    /// The wording found, if any.
    pub found: Option<String>,
    /// `template:line` of the first template that contains the wording.
    pub provided_by: Option<String>,
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .map(|c| if c == '\'' { '’' } else { c })
        .collect()
}

impl Exigences {
    pub fn load(set: &TemplateSet) -> Result<Exigences, String> {
        let text = set.text(FILE).map_err(|d| d.message)?;
        serde_yaml::from_str(text).map_err(|e| format!("{FILE}: {e}"))
    }

    /// Checks `doc` (of kind `kind`, for a contract under `regime`) against the elements that
    /// regime requires, and traces each element to its template line.
    pub fn check(
        &self,
        kind: &str,
        doc: &Document,
        set: &TemplateSet,
        regime: &str,
    ) -> Vec<Finding> {
        let Some(list) = self.documents.get(kind) else {
            return Vec::new();
        };
        let text = norm(&crate::doc::text::all_text(&doc.blocks));
        list.iter()
            .filter(|e| e.regimes.is_empty() || e.regimes.iter().any(|r| r == regime))
            .map(|e| {
                let found = e.textes.iter().find(|t| text.contains(&norm(t))).cloned();
                let provided_by = found.as_ref().and_then(|t| locate(set, kind, t));
                Finding {
                    exigence: e.clone(),
                    found,
                    provided_by,
                }
            })
            .collect()
    }
}

/// The first template line outside comments that contains `wording` (case and spaces ignored),
/// looking first at the templates that make up this kind of document.
fn locate(set: &TemplateSet, kind: &str, wording: &str) -> Option<String> {
    let needle = norm(wording);
    let own: Vec<String> = match kind {
        "socle" => vec![
            "sanitaire/clauses/".into(),
            "sanitaire/partials/".into(),
            "sanitaire/socle.md".into(),
        ],
        "contrat_medico_social" => vec![
            "medico-social/clauses/".into(),
            "medico-social/partials/".into(),
            "medico-social/contrat.md".into(),
        ],
        "avenant" => vec![
            "sanitaire/avenant.md".into(),
            "avenant/".into(),
            "sanitaire/partials/".into(),
        ],
        "avenant_medico_social" => vec![
            "medico-social/avenant.md".into(),
            "avenant/".into(),
            "medico-social/partials/".into(),
        ],
        _ => vec![
            format!("sanitaire/annexes/{kind}.md"),
            format!("medico-social/annexes/{kind}.md"),
            "sanitaire/partials/".into(),
            "medico-social/partials/".into(),
        ],
    };
    let mut names: Vec<&str> = set
        .names()
        .filter(|n| n.ends_with(super::MARKUP_SUFFIX))
        .collect();
    names.sort_by_key(|n| {
        own.iter()
            .position(|p| n.starts_with(p.as_str()))
            .unwrap_or(own.len())
    });
    for name in names {
        let Ok(text) = set.text(name) else { continue };
        let mut in_comment = false;
        let mut in_metadata = false;
        for (i, line) in text.lines().enumerate() {
            let starts = line.contains("{#");
            let ends = line.contains("#}");
            let comment_line = in_comment || starts;
            in_comment = (in_comment || starts) && !ends;
            // The document properties are not the document's text: a wording found there is not
            // what the reader sees.
            match line.trim() {
                "::: metadata" => in_metadata = true,
                ":::" if in_metadata => {
                    in_metadata = false;
                    continue;
                }
                _ => {}
            }
            if comment_line || in_metadata {
                continue;
            }
            if norm(line).contains(&needle) {
                let origin = set
                    .get(name)
                    .map(|f| f.origin.as_str())
                    .unwrap_or("built-in");
                let shown = if origin == "built-in" {
                    name.to_string()
                } else {
                    origin.to_string()
                };
                return Some(format!("{shown}:{}", i + 1));
            }
        }
    }
    None
}
