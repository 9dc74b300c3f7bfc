//! Yearly review benchmark: `cargo bench --bench suivi -- [N]`.
//!
//! Renders the revue annuelle of the CHU fixture (44 indicators, 8 measured, 7 charts) N times
//! in one process, PDF and DOCX, evicting Typst's caches after each as a long-running process
//! must, and reports the median and the 95th percentile in ms (issue target: ≤ 100 ms for a
//! 40-indicator contract, both formats).

use std::path::PathBuf;
use std::time::Instant;

use cpom::render::{self, Library, Options};

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(50);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lib = Library::builtin().expect("built-in templates");
    let contrat =
        render::load(&root.join("fixtures/chu-montpellier.yaml"), &lib).expect("contract");
    let valeurs = root.join("fixtures/suivi/chu-montpellier-2020.yaml");
    let opts = Options::default();
    let mut times = Vec::new();
    let mut pages = 0;
    for _ in 0..n {
        let t = Instant::now();
        let s = cpom::suivi::load(&valeurs, &contrat).expect("values");
        let docs = cpom::suivi::render(&contrat, &s, &lib, &opts).expect("review");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        pages = docs[0].pdf.as_ref().map_or(0, |p| p.pages);
        cpom::pdf::evict_caches();
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "revue annuelle (44 indicateurs, {pages} pages, PDF + DOCX) × {n}: median {:.1} ms, p95 {:.1} ms",
        at(0.5),
        at(0.95)
    );
}
