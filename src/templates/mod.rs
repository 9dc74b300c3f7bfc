//! The clause library: built-in templates compiled into the binary, overlaid by a user
//! directory (same relative path shadows the built-in file), rendered by Tera into markup.

pub mod articles;
pub mod check;
pub mod escape;
pub mod exigences;
mod filters;
pub mod samples;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Failure};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));
}

/// Templates whose output is markup: data printed in them is escaped (see [`escape`]).
pub const MARKUP_SUFFIX: &str = ".md";

/// All template files available to a render: built-ins, shadowed by the user's overlay.
#[derive(Debug, Clone)]
pub struct TemplateSet {
    files: BTreeMap<String, File>,
}

#[derive(Debug, Clone)]
pub struct File {
    pub bytes: Vec<u8>,
    /// Where the file comes from, for messages: `built-in` or the overlay's path.
    pub origin: String,
}

impl TemplateSet {
    pub fn builtin() -> TemplateSet {
        let files = builtin::BUILTIN
            .iter()
            .map(|(name, bytes)| {
                (
                    name.to_string(),
                    File {
                        bytes: bytes.to_vec(),
                        origin: "built-in".into(),
                    },
                )
            })
            .collect();
        TemplateSet { files }
    }

    /// The built-ins shadowed, file by file, by the templates under `dir`.
    pub fn with_overlay(dir: &Path) -> Result<TemplateSet, Failure> {
        let mut set = TemplateSet::builtin();
        if !dir.is_dir() {
            return Err(Diagnostic::error(
                dir.display().to_string(),
                "the templates directory does not exist",
            )
            .into());
        }
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d).map_err(|e| {
                Diagnostic::error(d.display().to_string(), format!("cannot read: {e}"))
            })?;
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(rel) = path.strip_prefix(dir) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                if rel.split('/').any(|part| part.starts_with('.')) {
                    continue;
                }
                let bytes = std::fs::read(&path).map_err(|e| {
                    Diagnostic::error(path.display().to_string(), format!("cannot read: {e}"))
                })?;
                set.files.insert(
                    rel,
                    File {
                        bytes,
                        origin: path.display().to_string(),
                    },
                );
            }
        }
        Ok(set)
    }

    pub fn get(&self, name: &str) -> Option<&File> {
        self.files.get(name)
    }

    pub fn text(&self, name: &str) -> Result<&str, Diagnostic> {
        let f = self.get(name).ok_or_else(|| {
            Diagnostic::error(
                name,
                "template not found (neither built in nor in the templates directory)",
            )
        })?;
        std::str::from_utf8(&f.bytes)
            .map_err(|_| Diagnostic::error(&f.origin, "the template is not valid UTF-8"))
    }

    /// SHA-256 over every template's path and bytes: what a batch's up-to-date check compares.
    pub fn digest(&self) -> String {
        let mut all = Vec::new();
        for (name, f) in &self.files {
            all.extend_from_slice(name.as_bytes());
            all.push(0);
            all.extend_from_slice(&(f.bytes.len() as u64).to_le_bytes());
            all.extend_from_slice(&f.bytes);
        }
        crate::batch::manifest::sha256_hex(&all)
    }

    /// The one-line description of a template: the first line of its leading comment.
    pub fn description(&self, name: &str) -> String {
        let Ok(text) = self.text(name) else {
            return String::new();
        };
        let first = text.lines().next().unwrap_or("").trim();
        let line = first
            .trim_start_matches("{#-")
            .trim_start_matches("{#")
            .trim_end_matches("-#}")
            .trim_end_matches("#}")
            .trim_start_matches("//")
            .trim_start_matches('#')
            .trim();
        line.to_string()
    }

    /// Copies the templates named (or whose path starts with one of `names`; all when empty) into
    /// `dir`, keeping their relative paths. Existing files are kept unless `overwrite`.
    pub fn export(
        &self,
        dir: &Path,
        names: &[String],
        overwrite: bool,
    ) -> Result<Vec<String>, Failure> {
        let chosen: Vec<&String> = self
            .files
            .keys()
            .filter(|n| {
                names.is_empty()
                    || names
                        .iter()
                        .any(|w| n.as_str() == w || n.starts_with(w.as_str()))
            })
            .collect();
        if chosen.is_empty() {
            return Err(Diagnostic::error(
                dir.display().to_string(),
                format!("no template matches {names:?} (see `cpom templates list`)"),
            )
            .into());
        }
        let mut written = Vec::new();
        for name in chosen {
            let dest = dir.join(name);
            if dest.exists() && !overwrite {
                return Err(Diagnostic::error(
                    dest.display().to_string(),
                    "already exists (use --force to overwrite)",
                )
                .into());
            }
            let parent = dest.parent().unwrap_or(dir);
            let file_name = dest
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            crate::output::write_all_or_nothing(
                parent,
                &[(file_name, self.files[name].bytes.clone())],
            )
            .map_err(|e| {
                Diagnostic::error(dest.display().to_string(), format!("cannot write: {e}"))
            })?;
            written.push(dest.display().to_string());
        }
        Ok(written)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// A Tera engine over every markup template of the set.
    pub fn engine(&self) -> Result<Engine, Failure> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([MARKUP_SUFFIX]);
        tera.set_escape_fn(escape::escape_markup);
        filters::register(&mut tera);
        let mut sources = Vec::new();
        for (name, file) in &self.files {
            if name.ends_with(MARKUP_SUFFIX) {
                let text = std::str::from_utf8(&file.bytes).map_err(|_| {
                    Diagnostic::error(&file.origin, "the template is not valid UTF-8")
                })?;
                sources.push((name.clone(), text.to_string()));
            }
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| Failure(vec![tera_diagnostic(&e, self)]))?;
        Ok(Engine {
            tera,
            origins: self
                .files
                .iter()
                .map(|(n, f)| (n.clone(), f.origin.clone()))
                .collect(),
        })
    }
}

/// A ready Tera instance: parse once, render many contracts.
pub struct Engine {
    tera: tera::Tera,
    origins: BTreeMap<String, String>,
}

impl Engine {
    /// Renders `name` with `context` into markup text.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| {
            let mut d = tera_error(&e);
            if let Some(origin) = self.origins.get(&d.file)
                && origin != "built-in"
            {
                d.file = origin.clone();
            }
            if d.file.is_empty() {
                d.file = name.to_string();
            }
            d
        })
    }
}

fn tera_diagnostic(e: &tera::Error, set: &TemplateSet) -> Diagnostic {
    let mut d = tera_error(e);
    if let Some(f) = set.get(&d.file)
        && f.origin != "built-in"
    {
        d.file = f.origin.clone();
    }
    d
}

/// A Tera error as a diagnostic naming the template and its line.
pub(crate) fn tera_error(e: &tera::Error) -> Diagnostic {
    let d = tera_error_raw(e);
    if d.line.is_some() {
        return d;
    }
    // Some Tera errors carry their location only inside a rendered report: " --> name:L:C".
    let full = d.message.clone();
    let mut d = d;
    if let Some(at) = full.find(" --> ") {
        let loc = full[at + 5..].lines().next().unwrap_or("");
        let mut parts = loc.rsplitn(3, ':');
        let (c, l, name) = (parts.next(), parts.next(), parts.next());
        if let (Some(c), Some(l), Some(name)) = (
            c.and_then(|c| c.trim().parse().ok()),
            l.and_then(|l| l.trim().parse().ok()),
            name,
        ) {
            if d.file.is_empty() {
                d.file = name.to_string();
            }
            d = d.at(l, c);
        }
        let first = full[..at]
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        d.message = first.replace("template error: error: ", "template error: ");
    }
    d
}

fn tera_error_raw(e: &tera::Error) -> Diagnostic {
    use tera::ErrorKind;
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::error(r.filename(), format!("template error: {}", r.message()))
                .at(span.start_line, span.start_col + 1)
        }
        ErrorKind::TemplateNotFound(n) => {
            Diagnostic::error(n, "template not found (a clause is referenced but missing)")
        }
        other => {
            let mut msg = other.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            Diagnostic::error("", format!("template error: {msg}"))
        }
    }
}
