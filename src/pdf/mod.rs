//! Document model → PDF, through Typst embedded as a library.
//!
//! The layout lives in a Typst style (`templates/style/cpom.typ`, overridable like any
//! template). The document model reaches it as JSON data: strings stay values and are never
//! parsed as Typst markup, so no data (and no template text) can inject Typst code.

pub mod fields;
mod objects;
mod world;

use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::Datetime;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diagnostic::Diagnostic;
use crate::doc::Document;

pub use world::DocWorld;

/// Which PDF flavour to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// PDF/A-2b only: the archival standard.
    A2b,
    /// PDF/A-2b and PDF/UA-1, the default: archival (fonts embedded, sRGB output intent, XMP
    /// metadata) and accessible (tagged headings, tables, alt texts, document title and language).
    /// Typst checks both at export and fails rather than write a non-conforming file.
    #[default]
    A2bUa1,
    /// Plain PDF 1.7.
    None,
}

/// A rendered PDF and its page count.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Where each party of the document's last signature block signs: the places of its
    /// signature fields, also written beside the PDF for platforms that place signatures by
    /// coordinates.
    pub places: Vec<fields::Place>,
}

/// Renders `doc` with the Typst `style` (its template name is `style_name`, for messages).
pub fn render(
    doc: &Document,
    style_name: &str,
    style: &str,
    standard: Standard,
    signature_fields: bool,
) -> Result<Pdf, Diagnostic> {
    let json = serde_json::to_vec(doc).map_err(|e| {
        Diagnostic::error(style_name, format!("cannot serialise the document: {e}"))
    })?;
    let date = parse_date(&doc.metadata.date);
    let world = DocWorld::new(style, json, &doc.images, date);
    let Warned {
        output,
        warnings: _,
    } = typst::compile::<PagedDocument>(&world);
    let compiled = output.map_err(|errors| typst_error(&world, style_name, &errors))?;
    let standards = match standard {
        Standard::A2b => PdfStandards::new(&[PdfStandard::A_2b]),
        Standard::A2bUa1 => PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1]),
        Standard::None => PdfStandards::new(&[]),
    }
    .map_err(|e| Diagnostic::error(style_name, format!("PDF standard: {}", e.message())))?;
    let options = PdfOptions {
        ident: typst::foundations::Smart::Auto,
        timestamp: Some(Timestamp::new_utc(date)),
        standards,
        ..PdfOptions::default()
    };
    let mut bytes = typst_pdf::pdf(&compiled, &options)
        .map_err(|errors| typst_error(&world, style_name, &errors))?;
    let places = signature_places(&compiled, doc);
    if signature_fields {
        bytes = fields::add(&bytes, &places).map_err(|e| {
            Diagnostic::error(style_name, format!("cannot add the signature fields: {e}"))
        })?;
    }
    Ok(Pdf {
        bytes,
        pages: compiled.pages().len(),
        places,
    })
}

/// The signing spaces the style marked (`cpom-signature` at the top-left of each, and
/// `cpom-signature-fin` at its bottom-right), those of the last signature block only: a
/// bundle is signed once, at its end.
fn signature_places(compiled: &PagedDocument, doc: &Document) -> Vec<fields::Place> {
    use typst::foundations::{Label, Selector, Value};
    use typst::introspection::{Introspector, MetadataElem};
    let intro = compiled.introspector();
    let marks = |label: &str| -> Vec<(String, i64, usize, f64, f64)> {
        let Some(label) = Label::new(typst::utils::PicoStr::intern(label)) else {
            return Vec::new();
        };
        intro
            .query(&Selector::Label(label))
            .iter()
            .filter_map(|c| {
                let Value::Dict(d) = &c.to_packed::<MetadataElem>()?.value else {
                    return None;
                };
                let champ = d.get("champ").ok()?.clone().cast::<String>().ok()?;
                let bloc = d.get("bloc").ok()?.clone().cast::<i64>().ok()?;
                let pos = intro.position(c.location()?)?;
                Some((
                    champ,
                    bloc,
                    pos.page.get(),
                    pos.point.x.to_pt(),
                    pos.point.y.to_pt(),
                ))
            })
            .collect()
    };
    let (starts, ends) = (marks("cpom-signature"), marks("cpom-signature-fin"));
    let last = starts.iter().map(|s| s.1).max();
    let parties: Vec<&crate::doc::Signatory> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            crate::doc::Block::Signatures { parties, .. } => Some(parties),
            _ => None,
        })
        .next_back()
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (champ, bloc, page, x0, top) in starts.iter().filter(|s| Some(s.1) == last) {
        let Some((_, _, _, x1, bottom)) = ends
            .iter()
            .find(|e| &e.0 == champ && e.1 == *bloc && e.2 == *page)
        else {
            continue;
        };
        let height = compiled.pages()[page - 1].frame.height().to_pt();
        let party = parties.iter().find(|p| &p.champ == champ);
        let text = crate::doc::text::inline_text;
        out.push(fields::Place {
            champ: champ.clone(),
            page: *page,
            rectangle: [*x0, height - bottom, *x1, height - top]
                .map(|v| (v * 100.0).round() / 100.0),
            signataire: party.map(|p| text(&p.name)).unwrap_or_default(),
            qualite: party
                .map(|p| {
                    // The lines as one phrase: « Pour le titulaire, le Centre…, Directeur ».
                    p.lines
                        .iter()
                        .map(|l| text(l))
                        .fold(String::new(), |acc, l| {
                            if acc.is_empty() {
                                l
                            } else if acc.ends_with([',', ':']) {
                                format!("{acc} {l}")
                            } else {
                                format!("{acc}, {l}")
                            }
                        })
                })
                .unwrap_or_default(),
        });
    }
    out
}

/// The characters of `text` that no embedded font can draw (emoji, scripts the fonts lack). The
/// PDF/A export would refuse them; `render::load` reports them at their field instead, with the
/// same verdict for both formats.
pub fn unprintable(text: &str) -> Vec<char> {
    let book = world::env_book();
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if c.is_ascii() || c.is_whitespace() || c.is_control() || out.contains(&c) {
            continue;
        }
        // Format characters (joiners, bidi marks) are dropped by escaping, never drawn.
        if matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{e000}'..='\u{f8ff}' | '\u{fe00}'..='\u{fe0f}')
        {
            continue;
        }
        let covered = (0..)
            .map_while(|i| book.info(i))
            .any(|info| info.coverage.contains(c as u32));
        if !covered {
            out.push(c);
        }
    }
    out
}

/// Frees Typst's memoisation caches. A long-running process (batch, watch) must call it after
/// each document: the cache retains about 15 MB per document otherwise.
pub fn evict_caches() {
    typst::comemo::evict(0);
}

fn parse_date(s: &str) -> Datetime {
    let mut parts = s.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    );
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) => Datetime::from_ymd(y as i32, m as u8, d as u8),
        _ => None,
    }
    .or_else(|| Datetime::from_ymd(2000, 1, 1))
    .expect("2000-01-01 is a date")
}

/// The first Typst error, located in the style template when it comes from there.
fn typst_error(world: &DocWorld, style_name: &str, errors: &[SourceDiagnostic]) -> Diagnostic {
    let Some(first) = errors.first() else {
        return Diagnostic::error(style_name, "Typst failed without a message");
    };
    let mut message = format!("typst: {}", first.message);
    for hint in &first.hints {
        message.push_str(&format!(" (hint: {})", hint.v));
    }
    if errors.len() > 1 {
        message.push_str(&format!(" (and {} more)", errors.len() - 1));
    }
    let mut d = Diagnostic::error(style_name, message);
    if first.span.id() == Some(world.main_source().id())
        && let Some(range) = world.range(first.span)
        && let Some((line, col)) = world.main_source().lines().byte_to_line_column(range.start)
    {
        d = d.at(line + 1, col + 1);
    }
    d
}
