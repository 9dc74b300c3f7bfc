//! `cpom watch`: re-renders a contract's PDFs whenever its data or a template changes, for an
//! edit–look loop. Polls modification times (no platform watcher needed), debounces bursts of
//! saves, prints errors and keeps the last good output (files are only replaced on success).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use crate::render::{self, Library, Options};

fn stamp(paths: &[PathBuf]) -> Vec<Option<SystemTime>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(d) = stack.pop() {
                if let Ok(rd) = std::fs::read_dir(&d) {
                    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
                    entries.sort();
                    for e in entries {
                        if e.is_dir() {
                            stack.push(e);
                        } else {
                            out.push(std::fs::metadata(&e).and_then(|m| m.modified()).ok());
                        }
                    }
                }
            }
        } else {
            out.push(std::fs::metadata(p).and_then(|m| m.modified()).ok());
        }
    }
    out
}

/// Renders once; returns whether it succeeded.
pub fn render_once(file: &Path, out: &Path, templates: Option<&Path>) -> bool {
    let opts = Options {
        docx: false,
        ..Options::default()
    };
    let result = Library::load(templates).and_then(|lib| {
        let loaded = render::load(file, &lib)?;
        let docs = render::render(&loaded, &lib, &opts)?;
        let files: Vec<(String, Vec<u8>)> = docs.iter().flat_map(|d| d.files()).collect();
        // Locked per render, not for the whole watch: a batch may write meanwhile.
        let dir = crate::output::OutputDir::open(out, crate::output::Wait::Yes)?;
        let folder = render::folder_name(&loaded.contrat);
        crate::batch::replace_set(&dir, &folder, crate::output::Set::Contrat, &files)
    });
    crate::pdf::evict_caches();
    match result {
        Ok(paths) => {
            eprintln!("rendered {} file(s) into {}", paths.len(), out.display());
            true
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!("(the last good output is kept)");
            false
        }
    }
}

pub fn run(file: &Path, out: &Path, templates: Option<&Path>) -> ExitCode {
    let mut watched = vec![file.to_path_buf()];
    if let Some(t) = templates {
        watched.push(t.to_path_buf());
    }
    render_once(file, out, templates);
    eprintln!(
        "watching {} — Ctrl-C to stop",
        watched
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut last = stamp(&watched);
    loop {
        std::thread::sleep(Duration::from_millis(250));
        let now = stamp(&watched);
        if now != last {
            // Debounce: wait until the files stop changing (an editor may save in several steps).
            let mut settled = now;
            loop {
                std::thread::sleep(Duration::from_millis(150));
                let again = stamp(&watched);
                if again == settled {
                    break;
                }
                settled = again;
            }
            last = settled;
            render_once(file, out, templates);
        }
    }
}
