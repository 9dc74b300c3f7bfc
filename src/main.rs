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
#[command(name = "cpom", version, about = "Renders French CPOM contracts (YAML) as PDF and DOCX")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render contracts: one folder per contract (its FINESS juridique) under the output directory.
    Render {
        /// Contract data files (YAML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output directory.
        #[arg(short, long, default_value = "output")]
        output: PathBuf,
        /// Formats to write.
        #[arg(long, value_enum, default_value_t = Format::All)]
        format: Format,
        /// A directory of templates that shadows the built-in ones, file by file.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// PDF standard: PDF/A-2b (archival, the default) or plain PDF.
        #[arg(long, value_enum, default_value_t = PdfStandardArg::A2b)]
        pdf_standard: PdfStandardArg,
        /// Also write `contrat-complet.pdf`: the socle then the applicable annexes, pages
        /// numbered continuously, for signature.
        #[arg(long)]
        bundle: bool,
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
    None,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render { files, output, format, templates, pdf_standard, bundle } => {
            let opts = Options {
                pdf: matches!(format, Format::Pdf | Format::All),
                docx: matches!(format, Format::Docx | Format::All),
                pdf_standard: match pdf_standard {
                    PdfStandardArg::A2b => pdf::Standard::A2b,
                    PdfStandardArg::None => pdf::Standard::None,
                },
            };
            run(templates, |lib| render_files(lib, &files, &output, &opts, bundle))
        }
        Command::Check { files, templates } => run(templates, |lib| check_files(lib, &files)),
        Command::Explain { files, templates } => run(templates, |lib| explain_files(lib, &files)),
    }
}

fn run(templates: Option<PathBuf>, f: impl FnOnce(&Library) -> bool) -> ExitCode {
    match Library::load(templates.as_deref()) {
        Ok(lib) => {
            if f(&lib) { ExitCode::SUCCESS } else { ExitCode::from(1) }
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

fn render_files(lib: &Library, files: &[PathBuf], out: &std::path::Path, opts: &Options, bundle: bool) -> bool {
    let mut ok = true;
    for file in files {
        let result = render::load(file, lib).and_then(|loaded| {
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            let docs = render::render(&loaded, lib, opts)?;
            let mut files: Vec<(String, Vec<u8>)> = docs.iter().flat_map(|d| d.files()).collect();
            if bundle {
                if let Some(doc) = render::bundle(&docs) {
                    let style = lib.set.text(render::STYLE)?;
                    let pdf = pdf::render(&doc, render::STYLE, style, opts.pdf_standard)?;
                    files.push((format!("{}.pdf", render::BUNDLE_STEM), pdf.bytes));
                }
            }
            let dir = out.join(render::folder_name(&loaded.contrat));
            output::write_all_or_nothing(&dir, &files).map_err(|e| {
                Failure(vec![cpom::diagnostic::Diagnostic::error(dir.display().to_string(), format!("cannot write: {e}"))])
            })
        });
        match result {
            Ok(paths) => paths.iter().for_each(|p| println!("{}", p.display())),
            Err(e) => {
                report(&e);
                ok = false;
            }
        }
    }
    ok
}

fn check_files(lib: &Library, files: &[PathBuf]) -> bool {
    let mut ok = true;
    for file in files {
        match render::load(file, lib) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    eprintln!("{w}");
                }
                println!("{}: ok", file.display());
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
        match source.parse::<cpom::model::Contrat>() {
            Ok(c) => {
                let origin = lib.set.get(render::MATRICE).map(|f| f.origin.clone()).unwrap_or_default();
                let origin = if origin == "built-in" { format!("{} (built-in)", render::MATRICE) } else { origin };
                print!("{}", cpom::explain::report(&source.name, &c, &lib.matrice, &origin));
                if cpom::explain::annexes(&c, &lib.matrice).iter().any(|l| l.decision == cpom::explain::Decision::Violation) {
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
