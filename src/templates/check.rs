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

    // 4. Every document renders against every sample, and meets the checklist: the contracts
    //    first, then the avenants (each amends a contract of the data, matched by file name).
    let mut seen = Seen {
        completeness: &mut completeness,
        renders: &mut renders,
        diagnostics: &mut diagnostics,
        style_checked: false,
    };
    let (avenants, contracts): (Vec<Source>, Vec<Source>) = data
        .into_iter()
        .partition(|s| crate::avenant::is_avenant(&s.text));
    let mut loaded_by_file: BTreeMap<String, render::Loaded> = BTreeMap::new();
    for source in contracts {
        let name = source.name.clone();
        let loaded = match render::load_source(source, &lib) {
            Ok(l) => l,
            Err(f) => {
                seen.diagnostics.extend(f.0.into_iter().map(|mut d| {
                    d.message = format!(
                        "sample data does not validate with these templates: {}",
                        d.message
                    );
                    d
                }));
                continue;
            }
        };
        let docs = render::documents_only(&loaded, &lib);
        let regime = render::regime(&loaded.contrat, &lib);
        seen.record(docs.map(|d| (d, regime)), &name, &lib);
        loaded_by_file.insert(file_name(&name), loaded);
    }
    // Avenants cite earlier ones by file: those are looked up among the data too.
    let by_file: BTreeMap<String, &Source> =
        avenants.iter().map(|s| (file_name(&s.name), s)).collect();
    for source in &avenants {
        let name = source.name.clone();
        let source = source.clone();
        let docs = source
            .parse::<crate::model::avenant::AvenantFile>()
            .and_then(|mut file| {
                let mut precedents = Vec::new();
                for p in &file.avenant.avenants_precedents {
                    let Some(f) = &p.fichier else { continue };
                    let prec = by_file.get(&file_name(f)).ok_or_else(|| {
                        Diagnostic::error(
                            &name,
                            format!(
                                "its earlier avenant {f} is not among the data checked: give it too"
                            ),
                        )
                    })?;
                    precedents.push(crate::avenant::Precedent {
                        source: (*prec).clone(),
                        file: prec.parse()?,
                    });
                }
                let base = loaded_by_file
                    .get(&file_name(&file.avenant.contrat))
                    .cloned()
                    .ok_or_else(|| {
                        Diagnostic::error(
                            &name,
                            format!(
                                "its contract {} is not among the data checked: give it too",
                                file.avenant.contrat
                            ),
                        )
                    })?;
                if name.starts_with("(sample) ") {
                    retarget_articles(&mut file, &base, &lib)?;
                }
                let regime = render::regime(&base.contrat, &lib);
                let av = crate::avenant::check(source, file, base, precedents, &lib)?;
                crate::avenant::models(&av, &lib).map(|d| (d, regime))
            });
        seen.record(docs, &name, &lib);
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

/// What the renders of step 4 found, merged over all the data.
struct Seen<'a> {
    completeness: &'a mut BTreeMap<String, Vec<Finding>>,
    renders: &'a mut usize,
    diagnostics: &'a mut Vec<Diagnostic>,
    style_checked: bool,
}

impl Seen<'_> {
    /// Checks the documents of one contract or avenant against the checklist, and the first
    /// document ever rendered against the Typst style.
    fn record(
        &mut self,
        docs: Result<
            (Vec<(String, String, crate::doc::Document)>, String),
            crate::diagnostic::Failure,
        >,
        name: &str,
        lib: &Library,
    ) {
        let (docs, regime) = match docs {
            Ok(d) => d,
            Err(f) => {
                self.diagnostics.extend(f.0.into_iter().map(|mut d| {
                    d.message = format!("{} (rendering {name})", d.message);
                    d
                }));
                return;
            }
        };
        for (kind, _stem, doc) in &docs {
            *self.renders += 1;
            // Merged by element: an element is provided if one sample requiring it has it (the
            // elements of one regime are only required of the samples under it).
            let findings = lib.exigences.check(kind, doc, &lib.set, &regime);
            let entry = self.completeness.entry(kind.clone()).or_default();
            for new in findings {
                match entry.iter_mut().find(|h| h.exigence.id == new.exigence.id) {
                    Some(have) if have.found.is_none() => *have = new,
                    Some(_) => {}
                    None => entry.push(new),
                }
            }
            if !self.style_checked {
                self.style_checked = true;
                match lib.set.text(render::STYLE) {
                    Ok(style) => {
                        if let Err(mut d) = crate::pdf::render(
                            doc,
                            render::STYLE,
                            style,
                            crate::pdf::Standard::default(),
                            false,
                        ) {
                            d.file = shown(&lib.set, render::STYLE);
                            self.diagnostics.push(d);
                        }
                    }
                    Err(d) => self.diagnostics.push(d),
                }
            }
        }
    }
}

/// A sample avenant rewrites articles by their heading in the built-in contract ("Article 9 –
/// Litiges"); a template set may number or name them otherwise. Each is pointed at the heading
/// of these templates with the same title, or else at the first article, so that the avenant
/// template is still exercised.
fn retarget_articles(
    file: &mut crate::model::avenant::AvenantFile,
    base: &render::Loaded,
    lib: &Library,
) -> Result<(), crate::diagnostic::Failure> {
    use crate::model::avenant::Modification;
    let docs = render::documents_only(base, lib)?;
    let headings = crate::avenant::articles::headings(docs.iter().take(1).map(|(_, _, d)| d));
    let title = |h: &str| h.split_once(" – ").map(|(_, t)| t.to_string());
    for m in &mut file.avenant.modifications {
        if let Modification::ModificationArticle { article, .. } = m
            && !crate::avenant::articles::exists(&headings, article)
            && let Some(h) = headings
                .iter()
                .find(|h| title(h).is_some() && title(h) == title(article))
                .or_else(|| headings.iter().find(|h| h.starts_with("Article")))
        {
            *article = h.clone();
        }
    }
    Ok(())
}

/// The file name a data source is known by (`(sample) chu-montpellier.yaml` → `chu-montpellier.yaml`).
fn file_name(name: &str) -> String {
    let name = name.strip_prefix("(sample) ").unwrap_or(name);
    std::path::Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
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
