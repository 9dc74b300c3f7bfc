//! The one flow, for one contract: data → validation → templates → markup → document model →
//! PDF and DOCX. `cpom render`, `cpom check` and the tests all go through here.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Failure};
use crate::doc::Document;
use crate::model::load::Source;
use crate::model::matrice::Matrice;
use crate::model::medico_social::{Categories, CpomMedicoSocial, regime};
use crate::model::{Contrat, Cpom, validate};
use crate::templates::exigences::Exigences;
use crate::templates::{Engine, TemplateSet};
use crate::{context, docx, markup, pdf};

/// The Typst style every document is laid out with.
pub const STYLE: &str = "style/cpom.typ";
/// The applicability matrix of the sanitaire annexes.
pub const MATRICE: &str = "sanitaire/matrice.yaml";
/// How coded values and field names read (`type_ligne: garde_sur_place` → « garde sur place »):
/// data, so that an agency rewords them without touching Rust.
pub const LIBELLES: &str = "libelles.yaml";

/// The templates of a run, parsed once and shared by every contract.
pub struct Library {
    pub set: TemplateSet,
    pub engine: Engine,
    pub matrice: Matrice,
    /// Competence and regime of each FINESS category of ESSMS (médico-social).
    pub categories: Categories,
    /// How party names take their article (`articles.yaml`).
    pub articles: crate::templates::articles::Articles,
    pub exigences: Exigences,
    /// `libelles.yaml`, given to every template as `libelles`.
    pub libelles: serde_json::Value,
    /// The page measures of both formats (`style/mise-en-page.yaml`).
    pub layout: crate::doc::layout::Layout,
}

impl Library {
    pub fn builtin() -> Result<Library, Failure> {
        Library::from_set(TemplateSet::builtin())
    }

    /// Built-ins shadowed by `dir` when given.
    pub fn load(overlay: Option<&Path>) -> Result<Library, Failure> {
        match overlay {
            Some(dir) => Library::from_set(TemplateSet::with_overlay(dir)?),
            None => Library::builtin(),
        }
    }

    /// A diagnostic about a template, naming the user's file when the template is theirs.
    pub fn located(&self, mut d: Diagnostic) -> Diagnostic {
        if let Some(f) = self.set.get(&d.file)
            && f.origin != "built-in"
        {
            d.file = f.origin.clone();
        }
        d
    }

    pub fn from_set(set: TemplateSet) -> Result<Library, Failure> {
        let engine = set.engine()?;
        let matrice_text = set.text(MATRICE)?;
        let matrice =
            Matrice::parse(MATRICE, matrice_text).map_err(|e| Diagnostic::error(MATRICE, e))?;
        let categories = Categories::parse(set.text(regime::FICHIER)?)
            .map_err(|e| Diagnostic::error(regime::FICHIER, e))?;
        let articles = crate::templates::articles::Articles::parse(
            set.text(crate::templates::articles::FILE)?,
        )
        .map_err(|e| Diagnostic::error(crate::templates::articles::FILE, e))?;
        let exigences = Exigences::load(&set)
            .map_err(|e| Diagnostic::error(crate::templates::exigences::FILE, e))?;
        let libelles = serde_yaml::from_str(set.text(LIBELLES)?)
            .map_err(|e| Diagnostic::error(LIBELLES, format!("not valid YAML: {e}")))?;
        let layout = crate::doc::layout::FILE;
        let layout = crate::doc::layout::Layout::parse(set.text(layout)?).map_err(|e| {
            // The agency's file when it is theirs.
            let origin = set.get(layout).map_or(layout, |f| f.origin.as_str());
            let file = if origin == "built-in" { layout } else { origin };
            Diagnostic::error(file, e)
        })?;
        Ok(Library {
            set,
            engine,
            matrice,
            categories,
            articles,
            exigences,
            libelles,
            layout,
        })
    }
}

/// A contract read and validated, with its warnings.
#[derive(Clone)]
pub struct Loaded {
    pub source: Source,
    pub contrat: Cpom,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and validates a contract file: every problem at once, each located.
pub fn load(path: &Path, lib: &Library) -> Result<Loaded, Failure> {
    let source = Source::read(path)?;
    load_source(source, lib)
}

/// The regime a contract is concluded under, as `exigences.yaml` names it: the wording of
/// L. 6114-1 (sanitaire) or the article of the CASF its ESSMS give (médico-social).
pub fn regime(c: &Cpom, lib: &Library) -> String {
    match c {
        Cpom::Sanitaire(c) => c.regime_juridique.code().to_string(),
        Cpom::MedicoSocial(c) => c.analyse(&lib.categories).regime.libelle().to_string(),
    }
}

/// Whether the data is a médico-social contract: its top level says `secteur: medico_social`.
pub fn is_medico_social(source: &Source) -> bool {
    source.top_scalar("secteur") == Some("medico_social")
}

pub fn load_source(source: Source, lib: &Library) -> Result<Loaded, Failure> {
    load_version(source, lib, false)
}

/// A later version of a contract (`cpom avenant diff` NEW): its end may lie beyond the initial
/// duration limit, since a prorogation by avenant may carry it there; the avenant computed from
/// it checks the prorogation's own limits.
pub fn load_later_version(path: &Path, lib: &Library) -> Result<Loaded, Failure> {
    load_version(Source::read(path)?, lib, true)
}

fn load_version(source: Source, lib: &Library, prorogeable: bool) -> Result<Loaded, Failure> {
    let (contrat, mut problems) = if is_medico_social(&source) {
        let c: CpomMedicoSocial = source.parse()?;
        let problems = c.validate(&lib.categories);
        (Cpom::MedicoSocial(c), problems)
    } else {
        let c: Contrat = source.parse()?;
        let problems = validate::contrat(&c, &lib.matrice);
        (Cpom::Sanitaire(c), problems)
    };
    problems.extend(unprintable_texts(&source));
    problems.extend(noms_sans_article(&contrat, lib));
    if prorogeable {
        problems.retain(|d| !(d.is_error() && d.path.as_deref() == Some("periode.date_fin")));
    }
    let problems: Vec<Diagnostic> = problems.into_iter().map(|d| source.locate(d)).collect();
    let (errors, warnings): (Vec<_>, Vec<_>) = problems.into_iter().partition(Diagnostic::is_error);
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        return Err(Failure(all));
    }
    Ok(Loaded {
        source,
        contrat,
        warnings,
    })
}

/// Texts of the data with characters the document fonts cannot draw, by field path.
fn unprintable_texts(source: &Source) -> Vec<Diagnostic> {
    let value = match &source.value {
        Some(v) => v.clone(),
        None => source.yaml().unwrap_or(serde_yaml::Value::Null),
    };
    let mut out = Vec::new();
    walk_strings(&value, String::new(), &mut |path, text| {
        let bad = pdf::unprintable(text);
        if !bad.is_empty() {
            let shown: Vec<String> = bad
                .iter()
                .take(5)
                .map(|c| format!("{c} (U+{:04X})", *c as u32))
                .collect();
            let mut d = Diagnostic::error(
                "",
                format!(
                    "the document fonts cannot print {}: remove or replace it",
                    shown.join(", ")
                ),
            );
            d.path = Some(path.to_string());
            out.push(d);
        }
    });
    out
}

fn walk_strings(v: &serde_yaml::Value, path: String, f: &mut dyn FnMut(&str, &str)) {
    match v {
        serde_yaml::Value::String(s) => f(&path, s),
        serde_yaml::Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_strings(item, format!("{path}[{i}]"), f);
            }
        }
        serde_yaml::Value::Mapping(m) => {
            for (k, item) in m {
                let key = match k {
                    serde_yaml::Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                walk_strings(
                    item,
                    if path.is_empty() {
                        key
                    } else {
                        format!("{path}.{key}")
                    },
                    f,
                );
            }
        }
        serde_yaml::Value::Tagged(t) => walk_strings(&t.value, path, f),
        _ => {}
    }
}

/// Which formats to produce, and of which documents.
#[derive(Debug, Clone)]
pub struct Options {
    pub pdf: bool,
    pub docx: bool,
    pub pdf_standard: pdf::Standard,
    /// An empty electronic signature field in the PDF for each party (on by default).
    pub signature_fields: bool,
    /// Only these documents of each contract (`--documents`), when given: see [`Selection`].
    pub documents: Option<Selection>,
}

/// A chosen subset of a contract's documents, as users name them: `socle` (médico-social:
/// `contrat`), an annex by its id (`permanence_des_soins`), its file name
/// (`annexe-4-permanence-des-soins`, `permanence-des-soins`) or its number (`annexe-4`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection(pub Vec<String>);

impl Selection {
    /// Parses `socle,permanence_des_soins,financements`.
    pub fn parse(text: &str) -> Result<Selection, String> {
        let names: Vec<String> = text
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if names.is_empty() {
            return Err("nommez au moins un document (par exemple `socle,financements`)".into());
        }
        Ok(Selection(names))
    }

    /// Whether the document `plan` is chosen.
    fn chooses(&self, plan: &DocumentPlan) -> bool {
        self.0.iter().any(|n| names_of(plan).iter().any(|m| m == n))
    }

    /// The documents of `plans` it chooses; a name that designates none of them is an error
    /// that lists the names of the contract's documents.
    pub fn apply(
        &self,
        plans: Vec<DocumentPlan>,
        file: &str,
    ) -> Result<Vec<DocumentPlan>, Failure> {
        for n in &self.0 {
            if !plans.iter().any(|p| names_of(p).contains(n)) {
                let known: Vec<String> = plans
                    .iter()
                    .map(|p| names_of(p).into_iter().next().unwrap_or_default())
                    .collect();
                return Err(Failure(vec![Diagnostic::error(
                    file,
                    format!(
                        "--documents : ce contrat n’a pas de document `{n}` ; ses documents sont : {}",
                        known.join(", ")
                    ),
                )]));
            }
        }
        Ok(plans.into_iter().filter(|p| self.chooses(p)).collect())
    }
}

/// The names a user may give a document: its kind first (`socle`, `financements`), then its
/// file stem, its stem without the number, and `annexe-N`.
fn names_of(plan: &DocumentPlan) -> Vec<String> {
    let mut out = vec![plan.kind.clone(), plan.stem.clone()];
    if plan.kind == "contrat_medico_social" {
        out.insert(0, "contrat".into());
    }
    if let Some(a) = &plan.annexe {
        out.push(a.id.replace('_', "-"));
        out.push(format!("annexe-{}", a.numero));
    }
    out
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pdf: true,
            docx: true,
            pdf_standard: pdf::Standard::default(),
            signature_fields: true,
            documents: None,
        }
    }
}

/// The document model of every document of a contract, without PDF or DOCX: what `cpom check`
/// and `cpom templates check` inspect. Returns (kind, stem, document).
pub fn documents_only(
    loaded: &Loaded,
    lib: &Library,
) -> Result<Vec<(String, String, Document)>, Failure> {
    let ctx = context_for(loaded, lib)?;
    Ok(models(loaded, lib, &ctx)?
        .into_iter()
        .map(|(plan, doc)| (plan.kind, plan.stem, doc))
        .collect())
}

/// Each document of a contract in the document model, rendered with the context `ctx`.
pub fn models(
    loaded: &Loaded,
    lib: &Library,
    ctx: &tera::Context,
) -> Result<Vec<(DocumentPlan, Document)>, Failure> {
    models_of(loaded, lib, ctx, None)
}

/// [`models`] of the documents `selection` chooses (all when None).
pub fn models_of(
    loaded: &Loaded,
    lib: &Library,
    ctx: &tera::Context,
    selection: Option<&Selection>,
) -> Result<Vec<(DocumentPlan, Document)>, Failure> {
    let mut plans = documents(&loaded.contrat, &lib.matrice);
    if let Some(s) = selection {
        plans = s.apply(plans, &loaded.source.name)?;
    }
    let mut out = Vec::new();
    for plan in plans {
        let mut ctx = ctx.clone();
        if let Some(a) = &plan.annexe {
            ctx.insert("annexe", a);
            // An annex signed after the socle carries its own « Fait à …, le … ».
            if let Some(s) = &a.signee_a_part {
                if let Some(socle) = ctx.get("signature").cloned() {
                    ctx.insert("signature_du_socle", &socle);
                }
                ctx.insert("signature", s);
            }
        }
        let doc = document(lib, &plan.template, &ctx)?;
        out.push((plan, doc));
    }
    Ok(out)
}

/// One document of a contract, in each requested format.
pub struct Rendered {
    /// File stem: `socle`, `annexe-1-orientations-strategiques`…
    pub stem: String,
    pub doc: Document,
    pub pdf: Option<pdf::Pdf>,
    pub docx: Option<Vec<u8>>,
}

impl Rendered {
    /// The files to write, named after the stem: the PDF, the description of its signature
    /// places when it has some (`<stem>.signatures.json`), the DOCX.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        if let Some(p) = &self.pdf {
            out.push((format!("{}.pdf", self.stem), p.bytes.clone()));
            if !p.places.is_empty() {
                out.push((
                    format!("{}.{SIGNATURES_SUFFIX}", self.stem),
                    signature_places_json(&self.stem, &self.doc, p),
                ));
            }
        }
        if let Some(d) = &self.docx {
            out.push((format!("{}.docx", self.stem), d.clone()));
        }
        out
    }
}

/// The suffix of the file that describes a PDF's signature places.
pub const SIGNATURES_SUFFIX: &str = "signatures.json";

/// The signature places of a PDF, for the platforms that place signatures by coordinates:
/// the document, then per party its field, page and rectangle (PDF points from the page's
/// bottom-left corner), signatory and capacity.
fn signature_places_json(stem: &str, doc: &Document, pdf: &pdf::Pdf) -> Vec<u8> {
    let value = serde_json::json!({
        "document": format!("{stem}.pdf"),
        "titre": doc.metadata.title,
        "pages": pdf.pages,
        "unite": "point PDF (1/72 de pouce), origine en bas à gauche de la page",
        "signatures": pdf.places,
    });
    let mut out = serde_json::to_vec_pretty(&value).unwrap_or_default();
    out.push(b'\n');
    out
}

/// One document of a contract: its file stem, its template, and for an annex its entry in the
/// template context (`annexe`).
pub struct DocumentPlan {
    /// `socle` or the annex id: the key of the document in the completeness checklist.
    pub kind: String,
    pub stem: String,
    pub template: String,
    pub annexe: Option<context::AnnexeDuContrat>,
}

/// The documents of a contract: the contract body, then each annex it carries, in order.
pub fn documents(c: &Cpom, m: &Matrice) -> Vec<DocumentPlan> {
    match c {
        Cpom::Sanitaire(c) => documents_sanitaire(c, m),
        Cpom::MedicoSocial(_) => documents_medico_social(),
    }
}

/// The annexes of the 2017 model contract, all opposable (medico-social.md §2.4): (id, title).
pub const ANNEXES_MEDICO_SOCIAL: &[(&str, &str)] = &[
    (
        "fiche_signaletique",
        "Fiche signalétique du gestionnaire et des ESSMS",
    ),
    ("diagnostic_partage", "Synthèse du diagnostic partagé"),
    ("fiches_objectifs", "Fiches objectifs"),
    ("annexe_financiere", "Annexe financière"),
    ("tableau_de_bord", "Tableau de bord des indicateurs"),
];

fn documents_medico_social() -> Vec<DocumentPlan> {
    let mut plan = vec![DocumentPlan {
        kind: "contrat_medico_social".into(),
        stem: "contrat".into(),
        template: "medico-social/contrat.md".into(),
        annexe: None,
    }];
    for (i, (id, titre)) in ANNEXES_MEDICO_SOCIAL.iter().enumerate() {
        plan.push(DocumentPlan {
            kind: id.to_string(),
            stem: format!("annexe-{}-{}", i + 1, id.replace('_', "-")),
            template: format!("medico-social/annexes/{id}.md"),
            annexe: Some(context::AnnexeDuContrat {
                id: id.to_string(),
                numero: i + 1,
                titre: titre.to_string(),
                statut: "opposable",
                date_prevue: None,
                en_negociation: false,
                signee_a_part: None,
            }),
        });
    }
    plan
}

fn documents_sanitaire(c: &Contrat, m: &Matrice) -> Vec<DocumentPlan> {
    let mut plan = vec![DocumentPlan {
        kind: "socle".into(),
        stem: "socle".into(),
        template: "sanitaire/socle.md".into(),
        annexe: None,
    }];
    // An annex being negotiated has nothing to render yet: the socle lists it.
    for a in context::annexes_du_contrat(c, m)
        .into_iter()
        .filter(|a| !a.en_negociation)
    {
        plan.push(DocumentPlan {
            kind: a.id.clone(),
            stem: format!("annexe-{}-{}", a.numero, a.id.replace('_', "-")),
            template: format!("sanitaire/annexes/{}.md", a.id),
            annexe: Some(a),
        });
    }
    plan
}

/// The folder a contract's files go to: its reference, made a safe name. Not the FINESS
/// juridique: one gestionnaire may hold several CPOM (one per département, or a sanitaire and a
/// médico-social one), and each needs its own folder.
pub fn folder_name(c: &Cpom) -> String {
    crate::output::safe_name(c.reference())
}

/// Image formats a template may show (an agency logo).
const IMAGE_EXTENSIONS: &[&str] = &[".png", ".svg"];

/// Renders one template into the document model, with the bytes of the images it shows.
pub fn document(
    lib: &Library,
    template: &str,
    ctx: &tera::Context,
) -> Result<Document, Diagnostic> {
    let markup = lib.engine.render(template, ctx)?;
    let mut doc = markup::parse(template, &markup)?;
    doc.lay_out(&lib.layout);
    for src in crate::doc::text::images(&doc) {
        let known = IMAGE_EXTENSIONS
            .iter()
            .any(|e| src.to_ascii_lowercase().ends_with(e));
        let file = lib.set.get(&src).filter(|_| known).ok_or_else(|| {
            Diagnostic::error(
                template,
                format!("image `{src}` is not a PNG or SVG file of the templates directory"),
            )
        })?;
        doc.images.insert(src, file.bytes.clone());
    }
    Ok(doc)
}

/// The agency logo, if the templates directory has one: `logo.png` or `logo.svg`.
pub fn logo(set: &TemplateSet) -> Option<&'static str> {
    ["logo.png", "logo.svg"]
        .into_iter()
        .find(|n| set.get(n).is_some())
}

/// The parties' names with their article (`articles.yaml`): `titulaire` or `gestionnaire`, and
/// `departements` by code. A name neither the table nor the data can give an article to is an
/// error of `cpom check` (see [`noms_sans_article`]); it is printed bare here.
fn denominations(c: &Cpom, lib: &Library) -> serde_json::Value {
    let d = |nom: &str, genre| {
        serde_json::to_value(
            lib.articles
                .denomination(nom, genre)
                .unwrap_or_else(|| crate::templates::articles::Denomination::sans_article(nom)),
        )
        .unwrap_or_default()
    };
    match c {
        Cpom::Sanitaire(c) => serde_json::json!({
            "titulaire": d(&c.titulaire.raison_sociale, c.titulaire.genre),
        }),
        Cpom::MedicoSocial(c) => serde_json::json!({
            "gestionnaire": d(&c.gestionnaire.raison_sociale, c.gestionnaire.genre),
            "departements": c.departements.iter()
                .map(|x| (x.code.clone(), d(&x.collectivite, x.genre)))
                .collect::<serde_json::Map<_, _>>(),
        }),
    }
}

/// The parties whose name takes no article the table knows and whose data states no `genre`.
fn noms_sans_article(c: &Cpom, lib: &Library) -> Vec<Diagnostic> {
    use crate::templates::articles::Genre;
    // (field path, name, stated gender) of every party the documents name with an article.
    let noms: Vec<(String, &str, Option<Genre>)> = match c {
        Cpom::Sanitaire(c) => vec![(
            "titulaire.raison_sociale".into(),
            &c.titulaire.raison_sociale,
            c.titulaire.genre,
        )],
        Cpom::MedicoSocial(c) => std::iter::once((
            "gestionnaire.raison_sociale".into(),
            c.gestionnaire.raison_sociale.as_str(),
            c.gestionnaire.genre,
        ))
        .chain(c.departements.iter().enumerate().map(|(i, d)| {
            (
                format!("departements[{i}].collectivite"),
                d.collectivite.as_str(),
                d.genre,
            )
        }))
        .collect(),
    };
    let mut p = crate::model::validate::Problems::default();
    for (path, nom, genre) in noms {
        if genre.is_none() && lib.articles.genre(nom).is_none() {
            let parent = path
                .rsplit_once('.')
                .map_or(path.as_str(), |(a, _)| a)
                .to_string();
            p.error(
                path,
                format!("le contrat écrit « {nom} » avec son article (« le », « la », « l’ ») : {} ne connaît pas le genre de ce nom ; indiquez-le ({parent}.genre: masculin ou feminin) ou complétez la liste", crate::templates::articles::FILE),
            );
        }
    }
    p.0
}

/// The template context of a contract: its data, the derived values, the agency logo.
pub fn context_for(loaded: &Loaded, lib: &Library) -> Result<tera::Context, Failure> {
    let ctx = match &loaded.contrat {
        Cpom::Sanitaire(c) => context::build(c, &lib.matrice),
        Cpom::MedicoSocial(c) => context::build_medico_social(c, &lib.categories),
    };
    let mut ctx = ctx.map_err(|e| {
        Diagnostic::error(
            &loaded.source.name,
            format!("cannot build the template context: {e}"),
        )
    })?;
    ctx.insert("logo", &logo(&lib.set));
    ctx.insert("libelles", &lib.libelles);
    ctx.insert("denomination", &denominations(&loaded.contrat, lib));
    Ok(ctx)
}

/// Renders every document of a loaded contract in the requested formats.
pub fn render(loaded: &Loaded, lib: &Library, opts: &Options) -> Result<Vec<Rendered>, Failure> {
    let ctx = context_for(loaded, lib)?;
    let style = lib.set.text(STYLE)?;
    models_of(loaded, lib, &ctx, opts.documents.as_ref())?
        .into_iter()
        .map(|(plan, doc)| Rendered::new(plan.stem, doc, lib, style, opts))
        .collect()
}

impl Rendered {
    /// `doc` laid out in each requested format.
    pub fn new(
        stem: String,
        doc: Document,
        lib: &Library,
        style: &str,
        opts: &Options,
    ) -> Result<Rendered, Failure> {
        let pdf = if opts.pdf {
            Some(
                pdf::render(&doc, STYLE, style, opts.pdf_standard, opts.signature_fields)
                    .map_err(|d| lib.located(d))?,
            )
        } else {
            None
        };
        let docx = if opts.docx {
            Some(docx::render(&doc))
        } else {
            None
        };
        Ok(Rendered {
            stem,
            doc,
            pdf,
            docx,
        })
    }
}

/// The signable bundle: the socle then every annex, in order, as one document. Pages are
/// numbered continuously ("Page 7 / 19"), so that the paraphes and the page count attest the
/// whole set; the header, footer and properties are the socle's.
pub fn bundle(rendered: &[Rendered]) -> Option<Document> {
    let (first, rest) = rendered.split_first()?;
    let mut doc = first.doc.clone();
    for r in rest {
        doc.blocks.push(crate::doc::Block::PageBreak);
        doc.blocks.extend(r.doc.blocks.iter().cloned());
    }
    Some(doc)
}

impl Rendered {
    /// The bundle of `docs` as a PDF (it has no DOCX: the documents negotiate apart), or None
    /// when no PDF is asked or there is nothing to bundle.
    pub fn bundle(
        docs: &[Rendered],
        lib: &Library,
        opts: &Options,
    ) -> Result<Option<Rendered>, Failure> {
        let Some(doc) = bundle(docs).filter(|_| opts.pdf) else {
            return Ok(None);
        };
        let opts = Options {
            docx: false,
            ..opts.clone()
        };
        let style = lib.set.text(STYLE)?;
        Rendered::new(BUNDLE_STEM.into(), doc, lib, style, &opts).map(Some)
    }
}

/// File stem of the bundle.
pub const BUNDLE_STEM: &str = "contrat-complet";
