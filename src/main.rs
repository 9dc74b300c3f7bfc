//! The `cpom` command: clap over the library, exit codes, and nothing else.
//!
//! Exit status: 0 success; 1 a contract is invalid or could not be rendered (every problem is
//! printed, located); 2 the command line itself is wrong.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use cpom::diagnostic::Failure;
use cpom::render::{self, Library, Options};
use cpom::{output, pdf};

#[derive(Parser)]
#[command(
    name = "cpom",
    version,
    about = "Renders French CPOM contracts (YAML) as PDF and DOCX"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render contracts: one folder per contract (named after its reference) under the output
    /// directory.
    Render {
        /// Contract data files (YAML), or avenant files (`avenant:`).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        out: OutputArgs,
        /// Render the consolidated version of one contract as of this date (YYYY-MM-DD): the
        /// FILES are the contract and its avenants; those in force at the date are applied.
        /// Written to `<REFERENCE>/consolide-<DATE>/`.
        #[arg(long, value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
        /// Only these documents of each contract, comma-separated, as you name them: `socle`
        /// (médico-social: `contrat`), an annex by its id or number (`permanence_des_soins`,
        /// `annexe-4`), e.g. `--documents socle,permanence_des_soins,financements` for the first
        /// signing period. The contract's other files in the output folder are left as they are.
        #[arg(long, value_name = "DOCUMENTS", value_parser = parse_selection)]
        documents: Option<render::Selection>,
    },
    /// Avenants computed from data.
    Avenant {
        #[command(subcommand)]
        command: AvenantCommand,
    },
    /// Render every contract of a campaign: a folder of contract files, a campaign file, or a
    /// CSV/XLSX sheet (one row per structure). Parallel; a manifest; up-to-date contracts skipped.
    Batch {
        /// A folder of contract files, a campaign file (`campagne:`), or a .csv/.xlsx sheet.
        input: PathBuf,
        #[command(flatten)]
        out: OutputArgs,
        /// Worker threads (default: the number of cores).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Write a JSON report of every contract (rendered, up to date, failed with its errors).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Re-render contracts even when their files are up to date.
        #[arg(long)]
        force: bool,
        /// Render only the K-th of N deterministic parts of the campaign (e.g. 2/4).
        #[arg(long)]
        shard: Option<cpom::batch::Shard>,
        /// No progress output, only the summary and the errors.
        #[arg(short, long)]
        quiet: bool,
        /// Only these documents of each contract, comma-separated, as you name them: `socle`
        /// (médico-social: `contrat`), an annex by its id or number (`permanence_des_soins`,
        /// `annexe-4`), e.g. `--documents socle,permanence_des_soins,financements` for the first
        /// signing period. The contract's other files in the output folder are left as they are.
        #[arg(long, value_name = "DOCUMENTS", value_parser = parse_selection)]
        documents: Option<render::Selection>,
    },
    /// The yearly review of a contract (revue annuelle): from the values achieved in a year
    /// (a `suivi:` file, or a spreadsheet with one row per indicator), each indicator's target
    /// of the year, gap and status, as PDF and DOCX in the contract's folder
    /// (`revue-annuelle-<YEAR>.pdf`).
    Suivi {
        /// The contract's data file.
        contrat: PathBuf,
        /// The values achieved, one file per year: `suivi:` YAML files, or workbooks / CSV
        /// files with one row per indicator (as `--classeur` writes them).
        #[arg(required_unless_present = "classeur")]
        valeurs: Vec<PathBuf>,
        /// Write the workbook to send for the values of YEAR (`valeurs-<YEAR>.xlsx`): one row
        /// per indicator, prefilled with its target of the year, the values to fill in.
        #[arg(long, value_name = "YEAR")]
        classeur: Option<i32>,
        /// Also write the targets to renegotiate after the last year given
        /// (`cibles-revues-<YEAR>.yaml`): the contract's data with the later targets of each
        /// indicator « en retard » re-planned from its value to its final target; `cpom avenant
        /// diff` turns it into the avenant.
        #[arg(long, requires = "valeurs")]
        cibles_revues: bool,
        /// Also write the bilan of all the years given: `mi-parcours` (bilan à mi-parcours)
        /// or `final` (rapport final d'exécution).
        #[arg(long, value_enum)]
        bilan: Option<cpom::suivi::NatureBilan>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// The campaign's synthesis of a year of suivi: every contract of DIR with a values file
    /// (`suivi:`) of that year → `synthese-suivi-<YEAR>/` with the workbook (one row per
    /// contract × indicator) and the regional summary (PDF and DOCX).
    Synthese {
        /// A folder of contract files and values files (subfolders included).
        dir: PathBuf,
        /// The year (needed when the values files cover several).
        #[arg(long)]
        annee: Option<i32>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Template authoring: list, export and check templates.
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
    /// Print the JSON Schema of an input kind (for editor completion with yaml-language-server).
    Schema {
        /// contrat, medico-social, avenant, campagne or suivi.
        #[arg(default_value = "contrat")]
        kind: String,
    },
    /// Re-render the PDF whenever the data or a template changes (edit–look loop).
    Watch {
        file: PathBuf,
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Merge the manifests of shards rendered on several machines.
    ManifestMerge {
        /// The merged manifest to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Shard manifests (manifest.json files).
        #[arg(required = true)]
        manifests: Vec<PathBuf>,
    },
    /// For each annex, its status for the contract's typology and why (the rule, the data).
    Explain {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Validate contracts without writing anything: every problem, located.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Also list, per document, each mandatory element and the template line providing it.
        #[arg(long)]
        exigences: bool,
    },
}

/// What to write and where: shared by `render` and `batch`.
#[derive(clap::Args)]
struct OutputArgs {
    /// Output directory.
    #[arg(short, long, default_value = "output")]
    output: PathBuf,
    /// Formats to write.
    #[arg(long, value_enum, default_value_t = Format::All)]
    format: Format,
    /// A directory of templates that shadows the built-in ones, file by file.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// PDF standard: PDF/A-2b + PDF/UA-1 (archival and accessible, the default), PDF/A-2b, or plain PDF.
    #[arg(long, value_enum, default_value_t = PdfStandardArg::A2bUa1)]
    pdf_standard: PdfStandardArg,
    /// Also write `contrat-complet.pdf`: the socle then the applicable annexes, pages numbered
    /// continuously, for signature.
    #[arg(long)]
    bundle: bool,
    /// Leave the empty electronic signature fields out of the PDFs (the signature places are
    /// still described in `<document>.signatures.json`).
    #[arg(long)]
    no_signature_fields: bool,
    /// When another cpom is writing into the same output directory, stop at once (naming it)
    /// instead of waiting for it to finish.
    #[arg(long)]
    no_wait: bool,
}

impl OutputArgs {
    fn wait(&self) -> output::Wait {
        if self.no_wait {
            output::Wait::No
        } else {
            output::Wait::Yes
        }
    }

    /// The output directory, created and locked at the first write.
    fn dir(&self) -> output::OutputDir {
        output::OutputDir::later(&self.output, self.wait())
    }
}

#[derive(Subcommand)]
enum TemplatesCommand {
    /// Every built-in template with its description.
    List,
    /// The variables templates see, generated from the data model (Markdown table).
    Variables,
    /// Copy built-in templates into DIR to customise them (all, or those named / under a prefix).
    Export {
        dir: PathBuf,
        names: Vec<String>,
        #[arg(long)]
        force: bool,
    },
    /// Check a template set: syntax, missing clauses, rendering against sample data, the Typst
    /// style, and regulatory completeness. Exit 1 on any error.
    Check {
        /// The templates directory (overlaid on the built-ins); omit to check the built-ins.
        dir: Option<PathBuf>,
        /// Contract or avenant files to render, repeated (default: the built-in samples, one per
        /// typology, and three avenants); an avenant is checked with its contract.
        #[arg(long = "with")]
        with: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum AvenantCommand {
    /// Compute the avenant that turns the contract in force (OLD, the contract as signed, with
    /// the earlier avenants given by --precedent applied) into NEW; write it as `avenant-N.yaml`
    /// and render it with a before/after table for each change.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// The avenant's number (default: one more than the earlier avenants given).
        #[arg(long)]
        numero: Option<u32>,
        #[arg(long, value_name = "DATE")]
        date_signature: chrono::NaiveDate,
        #[arg(long, value_name = "DATE")]
        date_effet: chrono::NaiveDate,
        /// "Fait à …" (default: where the contract was signed).
        #[arg(long)]
        lieu: Option<String>,
        /// The avenant's object (default: the list of its modifications).
        #[arg(long)]
        objet: Option<String>,
        /// "Il a été préalablement exposé ce qui suit".
        #[arg(long)]
        motif: Option<String>,
        /// An earlier avenant's data file, in order (repeat): cited in the visas and applied to
        /// OLD before comparing.
        #[arg(long = "precedent", value_name = "AVENANT")]
        precedents: Vec<PathBuf>,
        #[command(flatten)]
        out: OutputArgs,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Pdf,
    Docx,
    All,
}

#[derive(Clone, Copy, ValueEnum)]
enum PdfStandardArg {
    #[value(name = "a-2b")]
    A2b,
    #[value(name = "a-2b-ua-1")]
    A2bUa1,
    None,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render {
            files,
            out,
            as_of,
            documents,
        } => {
            let opts = Options {
                documents,
                ..render_options(&out)
            };
            let bundle = out.bundle;
            if bundle && opts.documents.is_some() {
                eprintln!(
                    "error: --bundle rassemble tous les documents du contrat ; il ne se combine pas avec --documents"
                );
                return ExitCode::from(2);
            }
            if as_of.is_some() && opts.documents.is_some() {
                eprintln!(
                    "error: une version consolidée comprend tous les documents du contrat ; --as-of ne se combine pas avec --documents"
                );
                return ExitCode::from(2);
            }
            run(out.templates.clone(), |lib| {
                let dir = out.dir();
                match as_of {
                    Some(date) => render_consolidated(lib, &files, date, &dir, &opts, bundle),
                    None => render_files(lib, &files, &dir, &opts, bundle),
                }
            })
        }
        Command::Avenant {
            command:
                AvenantCommand::Diff {
                    old,
                    new,
                    numero,
                    date_signature,
                    date_effet,
                    lieu,
                    objet,
                    motif,
                    precedents,
                    out,
                },
        } => {
            let opts = render_options(&out);
            run(out.templates.clone(), |lib| {
                let dir = out.dir();
                let en_tete = cpom::avenant::calcul::EnTete {
                    numero: numero.unwrap_or(precedents.len() as u32 + 1),
                    date_signature,
                    date_effet,
                    lieu_signature: lieu,
                    objet,
                    motif,
                    precedents,
                };
                avenant_diff(lib, &old, &new, en_tete, &dir, &opts)
            })
        }
        Command::Batch {
            input,
            out,
            jobs,
            report: report_path,
            force,
            shard,
            quiet,
            documents,
        } => {
            if out.bundle && documents.is_some() {
                eprintln!(
                    "error: --bundle rassemble tous les documents du contrat ; il ne se combine pas avec --documents"
                );
                return ExitCode::from(2);
            }
            let opts = cpom::batch::Options {
                jobs: jobs.unwrap_or_else(|| {
                    std::thread::available_parallelism()
                        .map(|n| n.get())
                        .unwrap_or(2)
                }),
                render: Options {
                    documents,
                    ..render_options(&out)
                },
                bundle: out.bundle,
                force,
                shard,
                progress: cpom::batch::Options::progress_for_terminal(quiet),
                wait: out.wait(),
            };
            run(out.templates, |lib| {
                batch(lib, &input, &out.output, &opts, report_path.as_deref())
            })
        }
        Command::Suivi {
            contrat,
            valeurs,
            classeur,
            cibles_revues,
            bilan,
            out,
        } => {
            let opts = render_options(&out);
            run(out.templates.clone(), |lib| {
                let dir = out.dir();
                if let Some(annee) = classeur
                    && !print_written(suivi_classeur(lib, &contrat, annee, &dir))
                {
                    return false;
                }
                valeurs.is_empty()
                    || print_written(suivi(
                        lib,
                        &contrat,
                        &valeurs,
                        bilan,
                        cibles_revues,
                        &dir,
                        &opts,
                    ))
            })
        }
        Command::Synthese { dir, annee, out } => {
            let opts = render_options(&out);
            run(out.templates.clone(), |lib| {
                let out_dir = out.dir();
                synthese(lib, &dir, annee, &out_dir, &opts)
            })
        }
        Command::ManifestMerge { output, manifests } => merge_manifests(&output, &manifests),
        Command::Check {
            files,
            templates,
            exigences,
        } => run(templates, |lib| check_files(lib, &files, exigences)),
        Command::Templates { command } => templates_command(command),
        Command::Schema { kind } => match cpom::schema::text(&kind) {
            Some(t) => {
                print!("{t}");
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "error: unknown kind `{kind}` (known: {})",
                    cpom::schema::KINDS.join(", ")
                );
                ExitCode::from(2)
            }
        },
        Command::Watch {
            file,
            output,
            templates,
        } => cpom::watch::run(&file, &output, templates.as_deref()),
        Command::Explain { files, templates } => run(templates, |lib| explain_files(lib, &files)),
    }
}

fn render_options(out: &OutputArgs) -> Options {
    Options {
        pdf: matches!(out.format, Format::Pdf | Format::All),
        docx: matches!(out.format, Format::Docx | Format::All),
        pdf_standard: match out.pdf_standard {
            PdfStandardArg::A2b => pdf::Standard::A2b,
            PdfStandardArg::A2bUa1 => pdf::Standard::A2bUa1,
            PdfStandardArg::None => pdf::Standard::None,
        },
        signature_fields: !out.no_signature_fields,
        documents: None,
    }
}

fn parse_selection(text: &str) -> Result<render::Selection, String> {
    render::Selection::parse(text)
}

fn batch(
    lib: &Library,
    input: &std::path::Path,
    out: &std::path::Path,
    opts: &cpom::batch::Options,
    report_path: Option<&std::path::Path>,
) -> bool {
    let summary = match cpom::batch::run(input, out, lib, opts) {
        Ok(s) => s,
        Err(e) => {
            report(&e);
            return false;
        }
    };
    for c in &summary.contracts {
        if let cpom::batch::Outcome::Failed { errors } = &c.outcome {
            eprintln!("FAILED {}:", c.contract);
            for d in errors {
                eprintln!("  {d}");
            }
        }
    }
    for d in &summary.errors {
        eprintln!("{d}");
    }
    eprintln!(
        "{} contracts: {} rendered, {} up to date, {} failed — {} files, {} pages in {:.1} s ({:.1} contracts/s)",
        summary.total,
        summary.rendered,
        summary.skipped,
        summary.failed,
        summary.files,
        summary.pages,
        summary.seconds,
        summary.rendered as f64 / summary.seconds.max(1e-3)
    );
    if let Some(p) = report_path {
        let json = serde_json::to_vec_pretty(&summary).unwrap_or_default();
        if let Err(e) = std::fs::write(p, json) {
            eprintln!("{}: error: cannot write the report: {e}", p.display());
            return false;
        }
    }
    if !summary.errors.is_empty() {
        eprintln!(
            "the run is incomplete: {} problem(s) of the output directory above",
            summary.errors.len()
        );
    }
    summary.ok()
}

fn merge_manifests(output: &std::path::Path, inputs: &[PathBuf]) -> ExitCode {
    let mut merged = cpom::batch::manifest::Manifest::new();
    for p in inputs {
        match std::fs::read(p)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
        {
            Ok(m) => merged.merge(m),
            Err(e) => {
                eprintln!("{}: error: {e}", p.display());
                return ExitCode::from(1);
            }
        }
    }
    let json = serde_json::to_vec_pretty(&merged).unwrap_or_default();
    match std::fs::write(output, json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: error: {e}", output.display());
            ExitCode::from(1)
        }
    }
}

fn run(templates: Option<PathBuf>, f: impl FnOnce(&Library) -> bool) -> ExitCode {
    match Library::load(templates.as_deref()) {
        Ok(lib) => {
            if f(&lib) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            report(&e);
            ExitCode::from(1)
        }
    }
}

fn report(f: &Failure) {
    for d in &f.0 {
        eprintln!("{d}");
    }
}

fn render_files(
    lib: &Library,
    files: &[PathBuf],
    out: &output::OutputDir,
    opts: &Options,
    bundle: bool,
) -> bool {
    // Everything is loaded first: two inputs that would write the same folder are both refused
    // before anything is written.
    let jobs: Vec<(&PathBuf, Result<Job, Failure>)> = files
        .iter()
        .map(|file| {
            let job = if std::fs::read_to_string(file).is_ok_and(|t| cpom::avenant::is_avenant(&t))
            {
                cpom::avenant::load(file, lib).map(|a| Job::Avenant(Box::new(a)))
            } else {
                render::load(file, lib).map(|l| Job::Contrat(Box::new(l)))
            };
            (file, job)
        })
        .collect();
    let dossiers: Vec<Option<String>> = jobs
        .iter()
        .map(|(_, j)| j.as_ref().ok().map(Job::dossier))
        .collect();
    let mut ok = true;
    for (i, (file, job)) in jobs.into_iter().enumerate() {
        let other = dossiers
            .iter()
            .enumerate()
            .find(|(k, d)| *k != i && d.is_some() && *d == &dossiers[i]);
        if let (Some((k, _)), Some(dossier)) = (other, &dossiers[i]) {
            eprintln!(
                "{}: error: {} a la même référence de contrat : les deux écriraient {dossier} ; rien n’est écrit pour l’un ni l’autre (donnez à chaque contrat sa propre référence)",
                file.display(),
                files[k].display()
            );
            ok = false;
            continue;
        }
        let result = job.and_then(|job| match job {
            Job::Avenant(_) if opts.documents.is_some() => Err(Failure(vec![
                cpom::diagnostic::Diagnostic::error(
                    file.display().to_string(),
                    "--documents choisit des documents d’un contrat, pas d’un avenant : rendez l’avenant sans --documents",
                ),
            ])),
            Job::Avenant(av) => {
                av.warnings.iter().for_each(|w| eprintln!("{w}"));
                let docs = cpom::avenant::render(&av, lib, opts)?;
                let files: Vec<(String, Vec<u8>)> = docs.iter().flat_map(|d| d.files()).collect();
                let set = output::Set::Avenant(av.file.avenant.numero);
                cpom::batch::replace_set(out, &render::folder_name(&av.base.contrat), set, &files)
            }
            Job::Contrat(loaded) => {
                for w in &loaded.warnings {
                    eprintln!("{w}");
                }
                let docs = render::render(&loaded, lib, opts)?;
                let files = files_of(&docs, lib, opts, bundle)?;
                let folder = render::folder_name(&loaded.contrat);
                let set = match opts.documents {
                    Some(_) => output::Set::Documents(docs.iter().map(|d| d.stem.clone()).collect()),
                    None => output::Set::Contrat,
                };
                cpom::batch::replace_set(out, &folder, set, &files)
            }
        });
        ok &= print_written(result);
    }
    ok
}

/// What one input of `cpom render` writes.
enum Job {
    Contrat(Box<render::Loaded>),
    Avenant(Box<cpom::avenant::LoadedAvenant>),
}

impl Job {
    /// The folder it writes (an avenant: its number inside its contract's folder).
    fn dossier(&self) -> String {
        match self {
            Job::Contrat(l) => render::folder_name(&l.contrat),
            Job::Avenant(av) => output::Set::Avenant(av.file.avenant.numero)
                .dossier(&render::folder_name(&av.base.contrat)),
        }
    }
}

/// Every document's files, and the signable bundle when asked.
fn files_of(
    docs: &[render::Rendered],
    lib: &Library,
    opts: &Options,
    bundle: bool,
) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let mut files: Vec<(String, Vec<u8>)> = docs.iter().flat_map(|d| d.files()).collect();
    if bundle && let Some(b) = render::Rendered::bundle(docs, lib, opts)? {
        files.extend(b.files());
    }
    Ok(files)
}

/// `cpom render --as-of DATE`: one contract and its avenants → the consolidated version.
fn render_consolidated(
    lib: &Library,
    files: &[PathBuf],
    date: chrono::NaiveDate,
    out: &output::OutputDir,
    opts: &Options,
    bundle: bool,
) -> bool {
    use cpom::avenant::consolidation;
    let (avenants, contracts): (Vec<&PathBuf>, Vec<&PathBuf>) = files
        .iter()
        .partition(|f| std::fs::read_to_string(f).is_ok_and(|t| cpom::avenant::is_avenant(&t)));
    if contracts.len() > 1 {
        eprintln!(
            "error: --as-of consolidates one contract: {} contract files given",
            contracts.len()
        );
        return false;
    }
    let result = (|| {
        let mut loaded = Vec::new();
        let mut errors = Vec::new();
        for a in &avenants {
            match cpom::avenant::load(a, lib) {
                Ok(av) => loaded.push(av),
                Err(f) => errors.extend(f.0),
            }
        }
        if !errors.is_empty() {
            return Err(Failure(errors));
        }
        let base = match contracts.first() {
            Some(c) => render::load(c, lib)?,
            None => match loaded.first() {
                Some(av) => av.base.clone(),
                None => {
                    return Err(Failure(vec![cpom::diagnostic::Diagnostic::error(
                        "",
                        "--as-of needs the contract or at least one of its avenants",
                    )]));
                }
            },
        };
        for w in &base.warnings {
            eprintln!("{w}");
        }
        let c = consolidation::consolider(base, loaded, date, lib)?;
        let docs = consolidation::render(&c, lib, opts)?;
        let files = files_of(&docs, lib, opts, bundle)?;
        let folder = format!(
            "{}/{}",
            render::folder_name(&c.contrat.contrat),
            consolidation::folder_name(date)
        );
        cpom::batch::replace_set(out, &folder, output::Set::Dossier, &files)
    })();
    print_written(result)
}

/// `cpom suivi`: the yearly review, written beside the contract's documents.
fn suivi(
    lib: &Library,
    contrat: &std::path::Path,
    valeurs: &[PathBuf],
    bilan: Option<cpom::suivi::NatureBilan>,
    cibles_revues: bool,
    out: &output::OutputDir,
    opts: &Options,
) -> Result<Vec<PathBuf>, Failure> {
    let loaded = render::load(contrat, lib)?;
    let mut suivis = Vec::new();
    let mut errors = Vec::new();
    for v in valeurs {
        match cpom::suivi::load(v, &loaded, lib) {
            Ok(s) => suivis.push(s),
            Err(f) => errors.extend(f.0),
        }
    }
    if !errors.is_empty() {
        return Err(Failure(errors));
    }
    let docs = cpom::suivi::render_all(&loaded, &suivis, bilan, lib, opts)?;
    let mut files: Vec<(String, Vec<u8>)> = docs.iter().flat_map(|d| d.files()).collect();
    let mut stems: Vec<String> = docs.iter().map(|d| d.stem.clone()).collect();
    if cibles_revues {
        match cpom::suivi::cibles_revues(&loaded, &suivis, lib)? {
            Some((name, yaml)) => {
                let written = out
                    .root()
                    .join(render::folder_name(&loaded.contrat))
                    .join(&name);
                eprintln!(
                    "cibles à renégocier : {} ; l’avenant qui les porte : cpom avenant diff {} {} --date-signature … --date-effet …",
                    written.display(),
                    contrat.display(),
                    written.display()
                );
                stems.push(name.trim_end_matches(".yaml").to_string());
                files.push((name, yaml.into_bytes()));
            }
            None => eprintln!("aucun indicateur en retard : pas de cibles à renégocier"),
        }
    }
    let set = output::Set::Documents(stems);
    cpom::batch::replace_set(out, &render::folder_name(&loaded.contrat), set, &files)
}

/// `cpom suivi --classeur YEAR`: the workbook to send for the values of a year.
fn suivi_classeur(
    lib: &Library,
    contrat: &std::path::Path,
    annee: i32,
    out: &output::OutputDir,
) -> Result<Vec<PathBuf>, Failure> {
    let loaded = render::load(contrat, lib)?;
    let periode = loaded.contrat.periode();
    let (debut, fin) = (
        chrono::Datelike::year(&periode.date_debut),
        chrono::Datelike::year(&periode.date_fin),
    );
    if annee < debut || annee > fin {
        return Err(cpom::diagnostic::Diagnostic::error(
            loaded.source.name.clone(),
            format!("l’année {annee} n’est pas une année du contrat ({debut}-{fin})"),
        )
        .into());
    }
    let bytes = cpom::suivi::tableur::modele(&loaded, annee, lib)?;
    let stem = cpom::suivi::tableur::stem(annee);
    let files = vec![(format!("{stem}.xlsx"), bytes)];
    let set = output::Set::Documents(vec![stem]);
    cpom::batch::replace_set(out, &render::folder_name(&loaded.contrat), set, &files)
}

/// `cpom synthese`: the workbook and the regional summary of a year of suivi. A file that
/// cannot be read is reported and left out; the others are still synthesised (exit 1).
fn synthese(
    lib: &Library,
    dir: &std::path::Path,
    annee: Option<i32>,
    out: &output::OutputDir,
    opts: &Options,
) -> bool {
    use cpom::suivi::synthese;
    let result = (|| {
        let c = synthese::lire(dir, annee, lib)?;
        for d in &c.echecs {
            eprintln!("{d}");
        }
        let mut files: Vec<(String, Vec<u8>)> = synthese::render(&c, lib, opts)?
            .iter()
            .flat_map(|d| d.files())
            .collect();
        let xlsx = synthese::classeur(&c)
            .map_err(|e| cpom::diagnostic::Diagnostic::error("classeur", e))?;
        files.push((format!("synthese-suivi-{}.xlsx", c.annee), xlsx));
        let folder = format!("synthese-suivi-{}", c.annee);
        let written = cpom::batch::replace_set(out, &folder, output::Set::Dossier, &files);
        eprintln!(
            "{} contrats revus, {} fichier(s) en erreur",
            c.revues.len(),
            c.echecs.len()
        );
        written.map(|w| (w, c.echecs.is_empty()))
    })();
    match result {
        Ok((written, clean)) => print_written(Ok(written)) && clean,
        Err(f) => print_written(Err(f)),
    }
}

/// `cpom avenant diff`: the computed avenant's data and documents, written together.
fn avenant_diff(
    lib: &Library,
    old: &std::path::Path,
    new: &std::path::Path,
    en_tete: cpom::avenant::calcul::EnTete,
    out: &output::OutputDir,
    opts: &Options,
) -> bool {
    use cpom::avenant::calcul::{self, Resultat};
    let hors_avenant = |paths: &[String]| {
        if !paths.is_empty() {
            eprintln!(
                "warning: changed in {} but carried by no computed modification (write a `modification_article` if the contract's wording must change): {}",
                new.display(),
                paths.join(", ")
            );
        }
    };
    let result = calcul::calculer(old, new, en_tete, out.root(), lib).and_then(|r| match r {
        Resultat::Identiques { hors_avenant: h } => {
            hors_avenant(&h);
            eprintln!(
                "{} and {}: no change that an avenant carries (annexes, end date): nothing written",
                old.display(),
                new.display()
            );
            Ok(Vec::new())
        }
        Resultat::Avenant(c) => {
            hors_avenant(&c.hors_avenant);
            c.avenant.warnings.iter().for_each(|w| eprintln!("{w}"));
            for m in &c.avenant.file.avenant.modifications {
                eprintln!("  {}", cpom::avenant::summary(m, &c.avenant));
            }
            let docs = cpom::avenant::render(&c.avenant, lib, opts)?;
            let mut files = vec![(
                c.fichier
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                c.yaml.clone().into_bytes(),
            )];
            files.extend(docs.iter().flat_map(|d| d.files()));
            let folder = render::folder_name(&c.avenant.base.contrat);
            let set = output::Set::Avenant(c.avenant.file.avenant.numero);
            cpom::batch::replace_set(out, &folder, set, &files)
        }
    });
    print_written(result)
}

/// Prints the paths written, or the problems; whether it succeeded.
fn print_written(result: Result<Vec<PathBuf>, Failure>) -> bool {
    match result {
        Ok(paths) => {
            paths.iter().for_each(|p| println!("{}", p.display()));
            true
        }
        Err(e) => {
            report(&e);
            false
        }
    }
}

fn check_files(lib: &Library, files: &[PathBuf], list_exigences: bool) -> bool {
    let mut ok = true;
    for file in files {
        if std::fs::read_to_string(file).is_ok_and(|t| cpom::avenant::is_avenant(&t)) {
            match cpom::avenant::load(file, lib) {
                Ok(av) => {
                    av.warnings.iter().for_each(|w| eprintln!("{w}"));
                    println!("{}: ok", file.display())
                }
                Err(e) => {
                    report(&e);
                    ok = false;
                }
            }
            continue;
        }
        match render::load(file, lib)
            .and_then(|loaded| render::documents_only(&loaded, lib).map(|d| (loaded, d)))
        {
            Ok((loaded, docs)) => {
                for w in &loaded.warnings {
                    eprintln!("{w}");
                }
                let mut completeness = std::collections::BTreeMap::new();
                for (kind, _, doc) in &docs {
                    completeness.insert(
                        kind.clone(),
                        lib.exigences.check(
                            kind,
                            doc,
                            &lib.set,
                            &render::regime(&loaded.contrat, lib),
                        ),
                    );
                }
                let missing: Vec<String> = completeness
                    .iter()
                    .flat_map(|(k, fs)| {
                        fs.iter().filter(|f| f.found.is_none()).map(move |f| {
                            format!("{k}: « {} » ({})", f.exigence.exigence, f.exigence.source)
                        })
                    })
                    .collect();
                for m in &missing {
                    eprintln!(
                        "{}: error: mandatory element missing from the documents: {m}",
                        file.display()
                    );
                }
                if list_exigences {
                    print!("{}", cpom::templates::check::listing(&completeness));
                }
                if missing.is_empty() {
                    println!("{}: ok", file.display());
                } else {
                    ok = false;
                }
            }
            Err(e) => {
                report(&e);
                ok = false;
            }
        }
    }
    ok
}

fn explain_files(lib: &Library, files: &[PathBuf]) -> bool {
    let mut ok = true;
    for file in files {
        let source = match cpom::model::load::Source::read(file) {
            Ok(s) => s,
            Err(e) => {
                report(&e);
                ok = false;
                continue;
            }
        };
        if render::is_medico_social(&source) {
            println!(
                "{}: médico-social CPOM (arrêté du 3 mars 2017): no applicability matrix; every annex of the model contract applies:",
                source.name
            );
            for (i, (_, titre)) in render::ANNEXES_MEDICO_SOCIAL.iter().enumerate() {
                println!("+ « {titre} » [opposable] annexe {}", i + 1);
            }
            continue;
        }
        match source.parse::<cpom::model::Contrat>() {
            Ok(c) => {
                let origin = lib
                    .set
                    .get(render::MATRICE)
                    .map(|f| f.origin.clone())
                    .unwrap_or_default();
                let origin = if origin == "built-in" {
                    format!("{} (built-in)", render::MATRICE)
                } else {
                    origin
                };
                print!(
                    "{}",
                    cpom::explain::report(&source.name, &c, &lib.matrice, &origin)
                );
                if cpom::explain::annexes(&c, &lib.matrice)
                    .iter()
                    .any(|l| l.decision == cpom::explain::Decision::Violation)
                {
                    ok = false;
                }
            }
            Err(e) => {
                report(&e);
                ok = false;
            }
        }
    }
    ok
}

fn templates_command(command: TemplatesCommand) -> ExitCode {
    use cpom::templates::TemplateSet;
    match command {
        TemplatesCommand::List => {
            let set = TemplateSet::builtin();
            let names: Vec<&str> = set.names().collect();
            let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
            for n in names {
                println!("{n:width$}  {}", set.description(n));
            }
            ExitCode::SUCCESS
        }
        TemplatesCommand::Variables => {
            print!("{}", cpom::schema::variables_markdown());
            ExitCode::SUCCESS
        }
        TemplatesCommand::Export { dir, names, force } => {
            match TemplateSet::builtin().export(&dir, &names, force) {
                Ok(written) => {
                    written.iter().for_each(|w| println!("{w}"));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    report(&e);
                    ExitCode::from(1)
                }
            }
        }
        TemplatesCommand::Check { dir, with } => {
            let set = match dir
                .as_deref()
                .map(TemplateSet::with_overlay)
                .unwrap_or_else(|| Ok(TemplateSet::builtin()))
            {
                Ok(s) => s,
                Err(e) => {
                    report(&e);
                    return ExitCode::from(1);
                }
            };
            let mut data = Vec::new();
            if with.is_empty() {
                for (name, text) in cpom::templates::samples::SAMPLES {
                    data.extend(
                        cpom::model::load::Source::from_bytes(
                            format!("(sample) {name}"),
                            text.as_bytes().to_vec(),
                        )
                        .ok(),
                    );
                }
            } else {
                for f in &with {
                    match cpom::model::load::Source::read(f) {
                        Ok(s) => data.push(s),
                        Err(e) => {
                            report(&e);
                            return ExitCode::from(1);
                        }
                    }
                }
            }
            let r = cpom::templates::check::check(&set, data);
            print!("{}", cpom::templates::check::listing(&r.completeness));
            for d in &r.diagnostics {
                eprintln!("{d}");
            }
            let errors = r.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "templates check: {} documents rendered, {errors} error(s)",
                r.renders
            );
            if r.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}
