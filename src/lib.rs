//! cpom: renders the documents of a French CPOM (contrat pluriannuel d'objectifs et de moyens)
//! from structured data (YAML) to PDF and DOCX, through one document model.
//!
//! The flow: `model` (load + validate) → `templates` (Tera → markup) → `markup` (→ `doc` IR)
//! → `pdf` (Typst) and `docx` (WordprocessingML). `render` strings it together.

pub mod avenant;
pub mod batch;
pub mod context;
pub mod diagnostic;
pub mod doc;
pub mod docx;
pub mod explain;
pub mod fonts;
pub mod fr;
pub mod markup;
pub mod model;
pub mod output;
pub mod pdf;
pub mod render;
pub mod schema;
pub mod suivi;
pub mod templates;
pub mod watch;
