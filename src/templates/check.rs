//! `cpom templates check`: is an agency's template set sound? Parses every template, checks that
//! every included clause exists, renders every document against sample data (unknown variables
//! and filters, markup errors, the Typst style), and runs the regulatory completeness checklist.
//! Every problem names the template and its line.

use std::collections::BTreeMap;

use super::exigences::Finding;
use super::{MARKUP_SUFFIX, TemplateSet};
use crate::diagnostic::Diagnostic;
use crate::model::load::Source;
use crate::render::{self, Library};

pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// By document kind, each element of the checklist (merged over all the data rendered).
    pub completeness: BTreeMap<String, Vec<Finding>>,
    /// How many (contract, document) renders were checked.
    pub renders: usize,
}

impl Report {
    pub fn ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

fn shown(set: &TemplateSet, name: &str) -> String {
    match set.get(name) {
        Some(f) if f.origin != "built-in" => f.origin.clone(),
        _ => name.to_string(),
    }
}

pub fn check(set: &TemplateSet, data: Vec<Source>) -> Report {
    let mut diagnostics = Vec::new();
    let mut completeness: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    let mut renders = 0;

    // 1. Each template parses on its own, so every syntax error is reported, not the first.
    for name in set.names().filter(|n| n.ends_with(MARKUP_SUFFIX)) {
        let Ok(text) = set.text(name) else {
            diagnostics.push(Diagnostic::error(
                shown(set, name),
                "the template is not valid UTF-8",
            ));
            continue;
        };
        // The other templates as empty stubs: this one's includes resolve, and a missing clause is
        // reported by Tera at the include's line.
        let mut tera = tera::Tera::new();
        super::filters::register(&mut tera);
        let stubs: Vec<(&str, &str)> = set
            .names()
            .filter(|n| n.ends_with(MARKUP_SUFFIX) && *n != name)
            .map(|n| (n, ""))
            .chain([(name, text)])
            .collect();
        if let Err(e) = tera.add_raw_templates(stubs) {
            let mut d = super::tera_error(&e);
            d.file = shown(set, name);
            diagnostics.push(d);
        }
    }
    if !diagnostics.is_empty() {
        return Report {
            diagnostics,
            completeness,
            renders,
        };
    }

    // 3. The whole library loads (engine, matrix, checklist).
    let lib = match Library::from_set(set.clone()) {
        Ok(l) => l,
        Err(f) => {
            diagnostics.extend(f.0);
            return Report {
                diagnostics,
                completeness,
                renders,
            };
        }
    };

    // 4. Every document renders against every sample, and meets the checklist.
    let mut style_checked = false;
    for source in data {
        let name = source.name.clone();
        let loaded = match render::load_source(source, &lib) {
            Ok(l) => l,
            Err(f) => {
                diagnostics.extend(f.0.into_iter().map(|mut d| {
                    d.message = format!(
                        "sample data does not validate with these templates: {}",
                        d.message
                    );
                    d
                }));
                continue;
            }
        };
        match render::documents_only(&loaded, &lib) {
            Ok(docs) => {
                for (kind, _stem, doc) in &docs {
                    renders += 1;
                    let findings = lib.exigences.check(kind, doc, &lib.set);
                    let entry = completeness.entry(kind.clone()).or_default();
                    if entry.is_empty() {
                        *entry = findings;
                    } else {
                        for (have, new) in entry.iter_mut().zip(findings) {
                            if have.found.is_none() {
                                *have = new;
                            }
                        }
                    }
                    if !style_checked {
                        style_checked = true;
                        let style = lib.set.text(render::STYLE);
                        match style {
                            Ok(style) => {
                                if let Err(mut d) = crate::pdf::render(
                                    doc,
                                    render::STYLE,
                                    style,
                                    crate::pdf::Standard::default(),
                                ) {
                                    d.file = shown(&lib.set, render::STYLE);
                                    diagnostics.push(d);
                                }
                            }
                            Err(d) => diagnostics.push(d),
                        }
                    }
                }
            }
            Err(f) => diagnostics.extend(f.0.into_iter().map(|mut d| {
                d.message = format!("{} (rendering {name})", d.message);
                d
            })),
        }
    }
    for (kind, findings) in &completeness {
        for f in findings.iter().filter(|f| f.found.is_none()) {
            diagnostics.push(Diagnostic::error(
                shown(&lib.set, super::exigences::FILE),
                format!(
                    "{kind}: mandatory element « {} » ({}) is missing: no template says any of {:?}",
                    f.exigence.exigence, f.exigence.source, f.exigence.textes
                ),
            ));
        }
    }
    Report {
        diagnostics,
        completeness,
        renders,
    }
}

/// The per-document listing printed by `templates check` and `check --exigences`.
pub fn listing(completeness: &BTreeMap<String, Vec<Finding>>) -> String {
    let mut s = String::new();
    for (kind, findings) in completeness {
        let ok = findings.iter().filter(|f| f.found.is_some()).count();
        s.push_str(&format!(
            "{kind}: {ok}/{} mandatory elements\n",
            findings.len()
        ));
        for f in findings {
            match (&f.found, &f.provided_by) {
                (Some(_), Some(at)) => s.push_str(&format!(
                    "  ok       {} ({}) — {at}\n",
                    f.exigence.exigence, f.exigence.source
                )),
                (Some(w), None) => s.push_str(&format!(
                    "  ok       {} ({}) — « {w} » (from the data)\n",
                    f.exigence.exigence, f.exigence.source
                )),
                (None, _) => s.push_str(&format!(
                    "  MISSING  {} ({})\n",
                    f.exigence.exigence, f.exigence.source
                )),
            }
        }
    }
    s
}
