//! Any bytes as a contract file: loading, validation and the document model never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static LIB: OnceLock<cpom::render::Library> = OnceLock::new();
    let lib = LIB.get_or_init(|| cpom::render::Library::builtin().expect("built-in templates"));
    if let Ok(source) = cpom::model::load::Source::from_bytes("fuzz.yaml".into(), data.to_vec()) {
        if let Ok(loaded) = cpom::render::load_source(source, lib) {
            let _ = cpom::render::documents_only(&loaded, lib);
        }
    }
});
