//! `cpom batch`: every contract of a campaign in one run, in parallel, with an honest report.
//!
//! Each contract renders independently on a worker thread (plain threads, not an outer rayon
//! loop: Typst uses rayon inside, see TYPST-NOTES.md), and its files are written atomically. One
//! invalid or failing contract never stops the others. Typst's caches are evicted after every
//! contract so memory stays flat however long the campaign.

pub mod input;
pub mod manifest;

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Failure};
use crate::output::{OutputDir, Set, Wait};
use crate::render::{self, Library};
use manifest::{ContractEntry, FileEntry, Manifest, sha256_hex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A progress bar (on a terminal).
    Bar,
    /// One line per contract (not a terminal: logs, CI).
    Lines,
    /// The summary only.
    Quiet,
}

/// `--shard K/N`: the contracts whose position in the sorted list is K-1 modulo N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: usize,
    pub n: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 1/4")?;
        let (k, n): (usize, usize) = (
            k.trim().parse().map_err(|_| "K is not a number")?,
            n.trim().parse().map_err(|_| "N is not a number")?,
        );
        if n == 0 || k == 0 || k > n {
            return Err(format!("shard {k}/{n}: need 1 ≤ K ≤ N"));
        }
        Ok(Shard { k, n })
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub jobs: usize,
    pub render: render::Options,
    pub bundle: bool,
    pub force: bool,
    pub shard: Option<Shard>,
    pub progress: Progress,
    /// Whether to wait for another run writing into the same output folder.
    pub wait: Wait,
}

impl Options {
    pub fn progress_for_terminal(quiet: bool) -> Progress {
        if quiet {
            Progress::Quiet
        } else if std::io::stderr().is_terminal() {
            Progress::Bar
        } else {
            Progress::Lines
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
    Rendered { files: usize, pages: usize },
    Skipped,
    Failed { errors: Vec<Diagnostic> },
}

#[derive(Debug, Clone, Serialize)]
pub struct ContractReport {
    pub contract: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The end of a run: what happened to every contract.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub total: usize,
    pub rendered: usize,
    pub skipped: usize,
    pub failed: usize,
    pub files: usize,
    pub pages: usize,
    pub seconds: f64,
    /// Problems of the run itself (the manifest could not be written…), apart from contracts'.
    pub errors: Vec<Diagnostic>,
    pub contracts: Vec<ContractReport>,
}

impl Summary {
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.errors.is_empty()
    }
}

/// Renders the contracts of `input` into `out`.
///
/// Fails only when there is nothing to run (the input cannot be read, the output folder cannot
/// be created or is held by another run that we were told not to wait for). Once contracts run,
/// the summary always comes back — even when the disk fills up: what could not be written is in
/// `Summary::errors` and in the contracts' own errors.
pub fn run(input: &Path, out: &Path, lib: &Library, opts: &Options) -> Result<Summary, Failure> {
    let start = Instant::now();
    let mut items = input::collect(input)?;
    // Every input of the campaign, sharded or not: a folder claimed in the manifest by one of
    // them is theirs to rewrite, not a collision.
    let campaign: HashSet<String> = items.iter().map(|it| it.name.clone()).collect();
    let contested = same_folder(&items, lib);
    if let Some(s) = opts.shard {
        items = items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % s.n == s.k - 1)
            .map(|(_, it)| it)
            .collect();
    }
    let total = items.len();
    let out_dir = OutputDir::open(out, opts.wait)?;
    // Read under the lock: a run that waited sees what the other one wrote.
    let previous = Manifest::read(out);
    let fingerprint = format!(
        "cpom {}\ntemplates {}\npdf {} docx {} standard {:?} bundle {}\n",
        env!("CARGO_PKG_VERSION"),
        lib.set.digest(),
        opts.render.pdf,
        opts.render.docx,
        opts.render.pdf_standard,
        opts.bundle
    );

    let progress = Reporter::new(opts.progress, total);
    let next = AtomicUsize::new(0);
    let claimed: Mutex<HashMap<String, String>> = Mutex::new(HashMap::new());
    let (tx, rx) = mpsc::channel::<(usize, Outcome, Option<ContractEntry>)>();
    let mut manifest = previous.clone();
    let mut reports: Vec<Option<ContractReport>> = (0..total).map(|_| None).collect();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let manifest_path = out.join(manifest::FILE_NAME).display().to_string();
    let ctx = Ctx {
        out: &out_dir,
        lib,
        opts,
        previous: &previous,
        campaign: &campaign,
        contested: &contested,
        fingerprint: &fingerprint,
        claimed: &claimed,
    };

    std::thread::scope(|scope| {
        for _ in 0..opts.jobs.max(1) {
            let tx = tx.clone();
            let (items, next, ctx) = (&items, &next, &ctx);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let (outcome, entry) = render_one(item, ctx);
                    crate::pdf::evict_caches();
                    if tx.send((i, outcome, entry)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Results are recorded as they come; the manifest is saved whenever none is waiting
        // (after every contract, but once for a burst of them).
        let mut unsaved = false;
        while let Ok(first) = rx.recv() {
            let mut next = Some(first);
            while let Some((i, outcome, entry)) = next {
                let name = items[i].name.clone();
                progress.done(&name, &outcome);
                let before = manifest.contracts.get(&name).cloned();
                if matches!(outcome, Outcome::Failed { .. }) {
                    // Files of an earlier run no longer match this contract's inputs.
                    manifest.contracts.remove(&name);
                }
                if let Some(e) = entry {
                    manifest.record(&name, e);
                }
                unsaved |= manifest.contracts.get(&name) != before.as_ref();
                reports[i] = Some(ContractReport {
                    contract: name,
                    outcome,
                });
                next = rx.try_recv().ok();
            }
            if unsaved {
                if let Err(e) = manifest.save(out)
                    && errors.is_empty()
                {
                    errors.push(Diagnostic::error(
                        &manifest_path,
                        format!("cannot write: {e}"),
                    ));
                }
                unsaved = false;
            }
        }
    });
    progress.finish();
    if let Err(e) = manifest.write(out) {
        errors.retain(|d| d.file != manifest_path);
        errors.push(Diagnostic::error(
            &manifest_path,
            format!("cannot write: {e}"),
        ));
    }

    let contracts: Vec<ContractReport> = reports.into_iter().flatten().collect();
    let count = |f: fn(&Outcome) -> bool| contracts.iter().filter(|c| f(&c.outcome)).count();
    let (files, pages) = contracts.iter().fold((0, 0), |(f, p), c| match c.outcome {
        Outcome::Rendered { files, pages } => (f + files, p + pages),
        _ => (f, p),
    });
    Ok(Summary {
        total,
        rendered: count(|o| matches!(o, Outcome::Rendered { .. })),
        skipped: count(|o| matches!(o, Outcome::Skipped)),
        failed: count(|o| matches!(o, Outcome::Failed { .. })),
        files,
        pages,
        seconds: start.elapsed().as_secs_f64(),
        errors,
        contracts,
    })
}

/// What every worker shares.
struct Ctx<'a> {
    out: &'a OutputDir,
    lib: &'a Library,
    opts: &'a Options,
    previous: &'a Manifest,
    campaign: &'a HashSet<String>,
    /// Contracts of the campaign that would write the same folder, with the others doing so.
    contested: &'a HashMap<String, (String, Vec<String>)>,
    fingerprint: &'a str,
    claimed: &'a Mutex<HashMap<String, String>>,
}

fn render_one(item: &input::Item, ctx: &Ctx) -> (Outcome, Option<ContractEntry>) {
    let (lib, opts) = (ctx.lib, ctx.opts);
    let failed = |f: Failure| (Outcome::Failed { errors: f.0 }, None);
    let source = match &item.source {
        Ok(s) => s.clone(),
        Err(f) => return failed(f.clone()),
    };
    if let Some((folder, others)) = ctx.contested.get(&item.name) {
        return failed(
            Diagnostic::error(
                &item.name,
                format!(
                    "{} {} la même référence de contrat : tous écriraient {folder} ; rien n’est écrit \
                     pour aucun d’eux (donnez à chaque contrat sa propre référence)",
                    others.join(", "),
                    if others.len() > 1 { "ont" } else { "a" }
                ),
            )
            .into(),
        );
    }
    let mut hasher_input = String::from(ctx.fingerprint);
    hasher_input.push_str(&source.text);
    if let Some(v) = &source.value {
        hasher_input.push_str(&serde_json::to_string(v).unwrap_or_default());
    }
    if let Some(fb) = &source.fallback {
        hasher_input.push_str(&fb.text);
    }
    // An avenant's documents also depend on its contract and the earlier avenants it applies.
    let avenant = crate::avenant::is_avenant(&source.text);
    if avenant {
        for dep in crate::avenant::dependencies(&source) {
            hasher_input.push_str(&std::fs::read_to_string(dep).unwrap_or_default());
        }
    }
    // A subset of the documents (`--documents`) is not the contract's whole set: a later
    // render of all of them must not take it as up to date.
    if let Some(s) = &opts.render.documents {
        hasher_input.push_str(&format!("\n--documents={}", s.0.join(",")));
    }
    let inputs_sha256 = sha256_hex(hasher_input.as_bytes());
    let out = ctx.out.root();
    if !opts.force {
        if ctx.previous.up_to_date(out, &item.name, &inputs_sha256) {
            return (
                Outcome::Skipped,
                ctx.previous.contracts.get(&item.name).cloned(),
            );
        }
        // Not (yet) in the manifest: the folder's own marker may say it is complete.
        let dossier = match ctx.previous.contracts.get(&item.name) {
            Some(e) if !e.dossier.is_empty() => Some(e.dossier.clone()),
            _ if !avenant => source.top_scalar("reference").map(crate::output::safe_name),
            _ => None,
        };
        if let Some(entry) = dossier
            .and_then(|d| ContractEntry::from_marker(out, &d))
            .filter(|e| e.inputs_sha256 == inputs_sha256)
            && ctx.previous.holder_of(&entry.dossier, &item.name).is_none()
        {
            return (Outcome::Skipped, Some(entry));
        }
    }
    let result = (|| -> Result<(usize, usize, ContractEntry), Failure> {
        // A contract claims its folder; an avenant, its number inside its contract's folder.
        let (folder, dossier, set, docs) = if avenant {
            let av = crate::avenant::load_source(source, lib)?;
            let folder = render::folder_name(&av.base.contrat);
            let n = av.file.avenant.numero;
            let dossier = Set::Avenant(n).dossier(&folder);
            claim(
                ctx,
                &dossier,
                &item.name,
                &format!("est aussi l’avenant n° {n} du même contrat"),
            )?;
            let docs = crate::avenant::render(&av, lib, &opts.render)?;
            (folder, dossier, Set::Avenant(n), docs)
        } else {
            let loaded = render::load_source(source, lib)?;
            let folder = render::folder_name(&loaded.contrat);
            claim(ctx, &folder, &item.name, "a la même référence de contrat")?;
            let docs = render::render(&loaded, lib, &opts.render)?;
            let set = match opts.render.documents {
                Some(_) => Set::Documents(docs.iter().map(|d| d.stem.clone()).collect()),
                None => Set::Contrat,
            };
            (folder.clone(), set.dossier(&folder), set, docs)
        };
        let bundle = if opts.bundle && !avenant {
            render::Rendered::bundle(&docs, lib, &opts.render)?
        } else {
            None
        };
        // (file name, bytes, document, format, pages)
        type Written<'a> = (String, Vec<u8>, String, &'a str, Option<usize>);
        let mut files: Vec<Written> = Vec::new();
        for d in docs.iter().chain(&bundle) {
            if let Some(p) = &d.pdf {
                files.push((
                    format!("{}.pdf", d.stem),
                    p.bytes.clone(),
                    d.stem.clone(),
                    "pdf",
                    Some(p.pages),
                ));
            }
            let places = format!("{}.{}", d.stem, render::SIGNATURES_SUFFIX);
            if let Some((name, bytes)) = d.files().into_iter().find(|(n, _)| *n == places) {
                files.push((name, bytes, d.stem.clone(), "json", None));
            }
            if let Some(x) = &d.docx {
                files.push((
                    format!("{}.docx", d.stem),
                    x.clone(),
                    d.stem.clone(),
                    "docx",
                    None,
                ));
            }
        }

        let mut to_write: Vec<(String, Vec<u8>)> =
            files.iter().map(|f| (f.0.clone(), f.1.clone())).collect();
        let pages = docs
            .iter()
            .filter_map(|d| d.pdf.as_ref().map(|p| p.pages))
            .sum();
        let entries = files
            .into_iter()
            .map(|(name, bytes, document, format, pages)| FileEntry {
                path: format!("{folder}/{name}"),
                document,
                format: format.to_string(),
                pages,
                bytes: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            })
            .collect::<Vec<_>>();
        let entry = ContractEntry {
            inputs_sha256: inputs_sha256.clone(),
            dossier,
            files: entries,
        };
        // The set's record travels with it, in the same rename (see `Set::marker`).
        if let Some(marker) = set.marker() {
            let json = serde_json::to_vec_pretty(&entry)
                .map_err(|e| Diagnostic::error(&item.name, e.to_string()))?;
            to_write.push((marker, json));
        }
        ctx.out.replace(&folder, set, &to_write)?;
        Ok((entry.files.len(), pages, entry))
    })();
    match result {
        Ok((files, pages, entry)) => (Outcome::Rendered { files, pages }, Some(entry)),
        Err(f) => failed(f),
    }
}

/// Replaces one document set outside a batch (`render`, `avenant diff`, `--as-of`, `watch`) and
/// keeps a batch's manifest in the same output folder true to the files (see
/// [`Manifest::forget_changed`]).
pub fn replace_set(
    out: &OutputDir,
    folder: &str,
    set: Set,
    files: &[(String, Vec<u8>)],
) -> Result<Vec<std::path::PathBuf>, Failure> {
    let written = out.replace(folder, set, files)?;
    let top = folder.split('/').next().unwrap_or(folder);
    Manifest::forget_changed(out.root(), top).map_err(|e| {
        Diagnostic::error(
            out.root().join(manifest::FILE_NAME).display().to_string(),
            format!("cannot write: {e}"),
        )
    })?;
    Ok(written)
}

/// Valid contracts of the campaign (avenants apart) whose references give the same folder: every
/// one of them is refused, whatever the order the workers take them in. (An invalid one is
/// reported for its own errors and contests nothing.)
fn same_folder(items: &[input::Item], lib: &Library) -> HashMap<String, (String, Vec<String>)> {
    let mut by_folder: HashMap<String, Vec<(&str, &crate::model::load::Source)>> = HashMap::new();
    for it in items {
        if let Ok(s) = &it.source
            && !crate::avenant::is_avenant(&s.text)
            && let Some(r) = s.top_scalar("reference")
        {
            by_folder
                .entry(crate::output::safe_name(r))
                .or_default()
                .push((&it.name, s));
        }
    }
    let mut out = HashMap::new();
    for (folder, group) in by_folder.into_iter().filter(|(_, n)| n.len() > 1) {
        let names: Vec<&str> = group
            .into_iter()
            .filter(|(_, s)| render::load_source((*s).clone(), lib).is_ok())
            .map(|(n, _)| n)
            .collect();
        if names.len() < 2 {
            continue;
        }
        for n in &names {
            let others = names
                .iter()
                .filter(|o| *o != n)
                .map(|o| o.to_string())
                .collect();
            out.insert(n.to_string(), (folder.clone(), others));
        }
    }
    out
}

/// Claims `dossier` (a contract's folder, or an avenant inside it) for `item`, before anything is
/// written: two inputs of one batch writing the same files is an error for the second; so is a
/// folder that the manifest gives to a contract outside this campaign (unless `--force`).
fn claim(ctx: &Ctx, dossier: &str, item: &str, why: &str) -> Result<(), Failure> {
    let mut c = ctx.claimed.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(other) = c.get(dossier).filter(|o| *o != item) {
        return Err(Diagnostic::error(
            item,
            format!(
                "{other}, autre entrée de ce lot, {why} : les deux écriraient {dossier} ; \
                 rien n’est écrit pour celle-ci (donnez à chaque contrat sa propre référence)"
            ),
        )
        .into());
    }
    if !ctx.opts.force
        && let Some(other) = ctx.previous.holder_of(dossier, item)
        && !ctx.campaign.contains(other)
    {
        return Err(Diagnostic::error(
            item,
            format!(
                "le dossier {dossier} contient déjà les documents de {other} (d’après {}), qui ne fait pas \
                 partie de ce lot : rien n’est écrit ; si {item} remplace {other}, relancez avec --force",
                manifest::FILE_NAME
            ),
        )
        .into());
    }
    c.insert(dossier.to_string(), item.to_string());
    Ok(())
}

/// Progress on stderr: a bar on a terminal, one line per contract otherwise.
struct Reporter {
    mode: Progress,
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    done: AtomicUsize,
    failed: AtomicUsize,
    start: Instant,
}

impl Reporter {
    fn new(mode: Progress, total: usize) -> Reporter {
        let bar = (mode == Progress::Bar).then(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} contracts · {per_sec} · ETA {eta} · {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b.enable_steady_tick(Duration::from_millis(200));
            b.set_message("0 failed");
            b
        });
        Reporter {
            mode,
            bar,
            total,
            done: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            start: Instant::now(),
        }
    }

    fn done(&self, name: &str, outcome: &Outcome) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if matches!(outcome, Outcome::Failed { .. }) {
            self.failed.fetch_add(1, Ordering::Relaxed);
        }
        let failed = self.failed.load(Ordering::Relaxed);
        match self.mode {
            Progress::Bar => {
                if let Some(b) = &self.bar {
                    b.inc(1);
                    b.set_message(format!("{failed} failed"));
                }
            }
            Progress::Lines => {
                let word = match outcome {
                    Outcome::Rendered { .. } => "rendered",
                    Outcome::Skipped => "up to date",
                    Outcome::Failed { .. } => "FAILED",
                };
                let rate = n as f64 / self.start.elapsed().as_secs_f64().max(1e-3);
                eprintln!(
                    "[{n}/{}] {word}: {name} ({rate:.1} contracts/s, {failed} failed)",
                    self.total
                );
            }
            Progress::Quiet => {}
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
