//! Shared test support: every valid fixture rendered once per test run (in-process, through the
//! library), and readers that look at the outputs the way independent programs do — poppler's
//! `pdftotext`/`pdfinfo` for the PDF, the DOCX's own XML for Word documents.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use cpom::doc::Document;
use cpom::render::{self, Library, Options};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `*.yaml` files of a folder of `fixtures/`, sorted.
pub fn yaml_files(folder: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

/// The valid fixtures (every `fixtures/*.yaml`).
pub fn valid_fixtures() -> Vec<PathBuf> {
    yaml_files("fixtures")
}

pub fn invalid_fixtures() -> Vec<PathBuf> {
    yaml_files("fixtures/invalid")
}

/// Runs the `cpom` command from the repository root.
pub fn cpom(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// An empty folder under the test output directory.
/// Runs the command, which must succeed (its errors shown if not); returns what it printed.
pub fn ok(args: &[&str]) -> String {
    let out = cpom(args);
    assert!(
        out.status.success(),
        "cpom {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn fresh(name: &str) -> PathBuf {
    let d = output_dir().join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// One rendered document of a fixture, written to disk for the external readers.
pub struct Out {
    pub fixture: String,
    pub stem: String,
    pub doc: Document,
    pub pdf: PathBuf,
    pub docx: PathBuf,
    pub pdf_pages: usize,
}

impl Out {
    /// Writes the files of a rendered document into `dir` and describes them for the readers.
    pub fn write(fixture: &str, dir: &Path, d: cpom::render::Rendered) -> Out {
        cpom::output::write_all_or_nothing(dir, &d.files()).unwrap();
        Out {
            fixture: fixture.to_string(),
            pdf: dir.join(format!("{}.pdf", d.stem)),
            docx: dir.join(format!("{}.docx", d.stem)),
            pdf_pages: d.pdf.as_ref().unwrap().pages,
            stem: d.stem,
            doc: d.doc,
        }
    }
}

pub fn output_dir() -> PathBuf {
    root().join("target").join("it-output")
}

/// Every document of every valid fixture, rendered once for the whole test binary.
pub fn rendered() -> &'static [Out] {
    static ALL: OnceLock<Vec<Out>> = OnceLock::new();
    ALL.get_or_init(|| {
        let lib = Library::builtin().unwrap_or_else(|e| panic!("built-in templates: {e}"));
        let base = output_dir().join("shared");
        let _ = std::fs::remove_dir_all(&base);
        let mut all = Vec::new();
        for f in valid_fixtures() {
            let loaded = render::load(&f, &lib).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let docs = render::render(&loaded, &lib, &Options::default())
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let fixture = f.file_stem().unwrap().to_string_lossy().to_string();
            let dir = base.join(&fixture);
            all.extend(docs.into_iter().map(|d| Out::write(&fixture, &dir, d)));
        }
        all
    })
}

pub fn out(fixture: &str, stem: &str) -> &'static Out {
    rendered()
        .iter()
        .find(|o| o.fixture == fixture && o.stem == stem)
        .unwrap_or_else(|| panic!("no rendered {fixture}/{stem}"))
}

/// Runs an external program; a missing program fails the test with the way to install it.
pub fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{program}` ({e}); scripts/test.sh installs the test tools")
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The PDF's text as `pdftotext -raw` reads it (content-stream order), soft hyphens joined.
pub fn pdf_text(path: &Path) -> String {
    run(
        "pdftotext",
        &["-raw", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
    )
    .replace("\u{ad}\n", "")
    .replace('\u{ad}', "")
}

/// The raw text of a region of the PDF's pages (`top`..`bottom`, points from the top of each
/// page): of page `page` only, or of every page (`None`); soft hyphens joined.
fn pdf_region(path: &Path, page: Option<usize>, top: u32, bottom: u32) -> String {
    let l = *cpom::doc::layout::Layout::builtin();
    let (top, height, width) = (
        top.to_string(),
        (bottom - top).to_string(),
        (l.page_width / 20 + 1).to_string(),
    );
    let p = page.map(|p| p.to_string());
    let mut args: Vec<&str> = Vec::new();
    if let Some(p) = &p {
        args.extend(["-f", p, "-l", p]);
    }
    args.extend([
        "-raw", "-enc", "UTF-8", "-x", "0", "-y", &top, "-W", &width, "-H", &height,
    ]);
    args.extend([path.to_str().unwrap(), "-"]);
    run("pdftotext", &args)
        .replace("\u{ad}\n", "")
        .replace('\u{ad}', "")
}

/// The text area of a page, points from the top: below the running header, above the footer
/// (the built-in `style/mise-en-page.yaml`'s margins).
fn text_area() -> (u32, u32) {
    let l = *cpom::doc::layout::Layout::builtin();
    (
        l.margin_top / 20 - 1,
        (l.page_height - l.margin_bottom) / 20 + 1,
    )
}

/// The text of the PDF's body, without the running header and footer, so that a sentence reads
/// whole across a page break.
pub fn pdf_body_text(path: &Path) -> String {
    let (top, bottom) = text_area();
    pdf_region(path, None, top, bottom)
}

/// The body text of page `page` (1-based): the text area, without the running lines.
pub fn pdf_page_body(path: &Path, page: usize) -> String {
    let (top, bottom) = text_area();
    pdf_region(path, Some(page), top, bottom)
}

/// The running header of page `page`: what is printed above the text area.
pub fn pdf_page_header(path: &Path, page: usize) -> String {
    pdf_region(path, Some(page), 0, text_area().0)
}

/// `pdftotext -layout` output, for assertions about what sits on one line.
pub fn pdf_layout_text(path: &Path) -> String {
    run(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
    )
}

pub fn pdfinfo(path: &Path) -> String {
    run("pdfinfo", &[path.to_str().unwrap()])
}

pub fn pdf_page_count(path: &Path) -> usize {
    pdfinfo(path)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("pdfinfo gives a page count")
}

/// One part of a DOCX package, as text.
pub fn docx_part(path: &Path, part: &str) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut entry = z
        .by_name(part)
        .unwrap_or_else(|_| panic!("{} has no {part}", path.display()));
    let mut s = String::new();
    std::io::Read::read_to_string(&mut entry, &mut s).unwrap();
    s
}

fn attr(e: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// List formats of a numbering part: numId → (is a bullet list, start).
pub fn numbering_formats(xml: &str) -> std::collections::HashMap<String, (bool, u64)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut abstract_bullet = std::collections::HashMap::new();
    let mut nums = std::collections::HashMap::new();
    let (mut cur_abstract, mut cur_num, mut in_lvl0) = (None, None, false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"w:abstractNum" => cur_abstract = attr(&e, b"w:abstractNumId"),
                b"w:lvl" => in_lvl0 = attr(&e, b"w:ilvl").as_deref() == Some("0"),
                b"w:numFmt" if in_lvl0 => {
                    if let Some(a) = &cur_abstract {
                        abstract_bullet
                            .insert(a.clone(), attr(&e, b"w:val").as_deref() == Some("bullet"));
                    }
                }
                b"w:num" => cur_num = attr(&e, b"w:numId"),
                b"w:abstractNumId" => {
                    if let Some(n) = &cur_num {
                        nums.insert(n.clone(), (attr(&e, b"w:val").unwrap_or_default(), 1u64));
                    }
                }
                b"w:startOverride" => {
                    if let Some(n) = &cur_num
                        && let Some(entry) = nums.get_mut(n)
                    {
                        entry.1 = attr(&e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    nums.into_iter()
        .map(|(n, (a, start))| {
            (
                n,
                (abstract_bullet.get(&a).copied().unwrap_or(false), start),
            )
        })
        .collect()
}

/// The visible text of a WordprocessingML part: runs' text, tabs as spaces, one line per paragraph.
pub fn wordml_text(xml: &str) -> String {
    wordml_text_with_lists(xml, &Default::default())
}

/// Like [`wordml_text`], with list markers ("–", "1.") as Word shows them, from the numbering part.
pub fn wordml_text_with_lists(
    xml: &str,
    lists: &std::collections::HashMap<String, (bool, u64)>,
) -> String {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_t = false;
    let (mut num_id, mut ilvl): (Option<String>, u32) = (None, 0);
    let mut counters: std::collections::HashMap<(String, u32), u64> =
        std::collections::HashMap::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Empty(e) if e.name().as_ref() == b"w:numId" => num_id = attr(&e, b"w:val"),
            Event::Empty(e) if e.name().as_ref() == b"w:ilvl" => {
                ilvl = attr(&e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(0)
            }
            Event::End(e) if e.name().as_ref() == b"w:pPr" => {
                if let Some(n) = num_id.take() {
                    let (bullet, start) = lists.get(&n).copied().unwrap_or((true, 1));
                    if bullet {
                        out.push_str("– ");
                    } else {
                        let c = counters.entry((n, ilvl)).or_insert(start);
                        out.push_str(&format!("{c}. "));
                        *c += 1;
                    }
                }
                ilvl = 0;
            }
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::End(e) if e.name().as_ref() == b"w:p" => out.push('\n'),
            Event::Empty(e) if e.name().as_ref() == b"w:tab" => out.push(' '),
            Event::Empty(e) if e.name().as_ref() == b"w:br" => out.push('\n'),
            Event::Text(t) if in_t => out.push_str(&t.xml_content().expect("text")),
            Event::GeneralRef(r) if in_t => {
                let name = String::from_utf8_lossy(&r).to_string();
                out.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity &{other};"),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

pub fn docx_body_text(path: &Path) -> String {
    let lists = numbering_formats(&docx_part(path, "word/numbering.xml"));
    wordml_text_with_lists(&docx_part(path, "word/document.xml"), &lists)
}

/// Text without any whitespace (spaces, no-break spaces, line ends): layout-independent, so the
/// PDF and the DOCX of one document compare equal when they say the same thing in the same order.
/// What a reader sees in a document, from its PDF and from its DOCX (whitespace removed).
pub fn both(o: &Out) -> [String; 2] {
    [
        squeeze(&pdf_body_text(&o.pdf)),
        squeeze(&docx_body_text(&o.docx)),
    ]
}

pub fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{2060}')
        .collect()
}

/// Collapses runs of whitespace (incl. no-break spaces) to one ASCII space.
pub fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A French amount written independently of `cpom::fr` (spaces, not narrow no-break spaces):
/// "1 234 567,89 €". Tests compare it whitespace-insensitively.
pub fn euros(cents: i64) -> String {
    let (int, frac) = (cents / 100, cents % 100);
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    format!("{grouped},{frac:02} €")
}

/// An amount of the YAML in cents, read from its decimal text (never through a float sum).
pub fn cents(v: &serde_yaml::Value) -> i64 {
    let text = match v {
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::String(s) => s.clone(),
        other => panic!("amount {other:?}"),
    };
    let (i, f) = text.split_once('.').unwrap_or((&text, "0"));
    i.parse::<i64>().unwrap() * 100 + format!("{f:0<2}").parse::<i64>().unwrap()
}

/// A table's total row as a reader sees it: "Total" then each year's amount, then the sum.
pub fn total_row(label: &str, per_year: &std::collections::BTreeMap<i64, i64>) -> String {
    let years: Vec<String> = per_year.values().map(|c| euros(*c)).collect();
    format!(
        "{label} {} {}",
        years.join(" "),
        euros(per_year.values().sum())
    )
}
