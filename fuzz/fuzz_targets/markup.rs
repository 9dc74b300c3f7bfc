//! Any text as markup: the parser never panics, and escaped data never creates structure.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = cpom::markup::parse("fuzz.md", text);
    let escaped = cpom::templates::escape::escape(text);
    let doc = cpom::markup::parse("fuzz.md", &escaped).expect("escaped text always parses");
    assert!(doc.blocks.len() <= 1);
});
