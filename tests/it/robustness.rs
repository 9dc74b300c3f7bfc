//! A deterministic mini-fuzzer run in CI: thousands of mutated contract files and markup texts
//! through the loader, validation and the markup parser — none may panic. (`fuzz/` holds the
//! cargo-fuzz targets for longer coverage-guided runs; crashes found there become cases here.)

use cpom::model::Contrat;
use cpom::model::load::Source;

use crate::common::*;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SPICE: &[&str] = &[
    "\n",
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!binary ",
    "\"",
    "'",
    "#",
    "|\n",
    ">\n",
    "\t",
    "\u{0}",
    "\u{202e}",
    "::: ",
    "{{",
    "{%",
    "{n}",
    "{page}",
    "**",
    "_",
    "`",
    "<w:p>",
    "&amp;",
    "#read(",
    "$",
    "\\",
    "\u{E000}",
    "é",
    "🏥",
    "  ",
    "---\n",
    "...\n",
    "999999999999999999999999",
    "-1",
    "0.5",
    "2019-02-30",
    "~",
    "null",
    "true",
    "1e309",
];

fn mutate(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 => {
                let s = SPICE[rng.below(SPICE.len())].as_bytes();
                bytes.splice(at..at, s.iter().copied());
            }
            1 if !bytes.is_empty() => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            2 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] = rng.next() as u8;
            }
            _ => {
                let from = rng.below(bytes.len().max(1));
                let end = (from + rng.below(80)).min(bytes.len());
                let chunk: Vec<u8> = bytes[from..end].to_vec();
                bytes.splice(at..at, chunk);
            }
        }
    }
    bytes
}

#[test]
fn mutated_contracts_never_panic_the_loader_or_validation() {
    let lib = cpom::render::Library::builtin().unwrap();
    let seeds: Vec<String> = valid_fixtures()
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let mut rng = Rng(0x5eed_cafe);
    let mut rendered = 0;
    for i in 0..3000 {
        let seed = &seeds[i % seeds.len()];
        let bytes = mutate(&mut rng, seed);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let Ok(source) = Source::from_bytes(format!("mutant-{i}.yaml"), bytes.clone()) else {
                return false;
            };
            let _ = source.parse::<Contrat>();
            match cpom::render::load_source(source, &lib) {
                // Still valid: the document model must build too (no PDF: that is the slow part).
                Ok(loaded) => cpom::render::documents_only(&loaded, &lib).is_ok(),
                Err(f) => {
                    assert!(!f.0.is_empty(), "an error without a diagnostic");
                    false
                }
            }
        }));
        match result {
            Ok(true) => rendered += 1,
            Ok(false) => {}
            Err(_) => panic!("mutant {i} panicked:\n{}", String::from_utf8_lossy(&bytes)),
        }
    }
    assert!(
        rendered > 50,
        "the mutations kept some contracts valid ({rendered})"
    );
}

#[test]
fn arbitrary_markup_never_panics_the_parser() {
    let mut rng = Rng(0xdead_beef);
    let base = "::: header\nA\n\nPage {page} / {pages}\n:::\n## Article {n} – Objet\n\nTexte **gras** *it*\\\nligne.\n\n- a\n- b\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n::: signatures\nFait.\n\n- **X**  \n  Y\n\n  Z\n:::\n::: pagebreak\n";
    for i in 0..5000 {
        let bytes = mutate(&mut rng, base);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let r = std::panic::catch_unwind(|| {
            let _ = cpom::markup::parse("fuzz.md", &text);
            let escaped = cpom::templates::escape::escape(&text);
            assert!(cpom::templates::escape::unescape(&escaped).len() <= text.len());
            // Escaped data inside markup never creates structure: one paragraph of text.
            let doc = cpom::markup::parse("fuzz.md", &escaped).expect("escaped text always parses");
            assert!(
                doc.blocks.len() <= 1,
                "escaped data made {} blocks",
                doc.blocks.len()
            );
        });
        assert!(r.is_ok(), "markup case {i} panicked:\n{text}");
    }
}
