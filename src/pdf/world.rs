//! The Typst `World` cpom compiles in: the style (main source), the document model as JSON,
//! and the embedded fonts — nothing else. No file system access: a template that tries
//! `#read("/etc/passwd")` or an `#import` of an outside path gets "file not found".

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// Fonts and the standard library: built once per process, shared by every document.
pub struct Env {
    fonts: FontStore,
    library: LazyHash<Library>,
}

pub fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut fonts = FontStore::new();
        // The body face (`crate::fonts`), then Typst's own faces, which stay available to an
        // agency's exported style.
        fonts.extend(crate::fonts::LIBERATION_SERIF.iter().flat_map(|data| {
            Font::iter(Bytes::new(*data)).map(|font| {
                let info = font.info().clone();
                (font, info)
            })
        }));
        fonts.extend(typst_kit::fonts::embedded());
        Env {
            fonts,
            library: LazyHash::new(Library::default()),
        }
    })
}

/// The font book of the embedded fonts.
pub fn env_book() -> &'static FontBook {
    env().fonts.book()
}

/// Virtual path of the style (the main Typst source).
pub const MAIN_PATH: &str = "/main.typ";
/// Virtual path of the document model, read by the style with `json(...)`.
pub const DOC_PATH: &str = "/doc.json";

pub fn file_id(path: &str) -> FileId {
    // The paths are constants: interning them once keeps Typst's global id table small.
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("constant virtual path"),
    )
    .intern()
}

/// The world of one document.
pub struct DocWorld {
    env: &'static Env,
    main: Source,
    doc_json: Bytes,
    /// The document's images, served at `/assets/<name>`: the only other files Typst may read.
    assets: Vec<(FileId, Bytes)>,
    today: Datetime,
}

impl DocWorld {
    pub fn new(
        style: &str,
        doc_json: Vec<u8>,
        images: &std::collections::BTreeMap<String, Vec<u8>>,
        today: Datetime,
    ) -> DocWorld {
        let assets = images
            .iter()
            .filter_map(|(name, bytes)| {
                let path = VirtualPath::new(format!("/assets/{name}")).ok()?;
                Some((
                    RootedPath::new(VirtualRoot::Project, path).intern(),
                    Bytes::new(bytes.clone()),
                ))
            })
            .collect();
        DocWorld {
            env: env(),
            main: Source::new(file_id(MAIN_PATH), style.to_string()),
            doc_json: Bytes::new(doc_json),
            assets,
            today,
        }
    }

    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.env.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.env.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else if id == file_id(DOC_PATH) {
            Ok(self.doc_json.clone())
        } else if let Some((_, b)) = self.assets.iter().find(|(a, _)| *a == id) {
            Ok(b.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.env.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
