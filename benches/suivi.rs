//! Yearly review benchmark: `cargo bench --bench suivi -- [N]`.
//!
//! Renders the revue annuelle of the CHU fixture (44 indicators, 8 measured, 7 charts) N times
//! in one process, PDF and DOCX, evicting Typst's caches after each as a long-running process
//! must, and reports the median and the 95th percentile in ms (issue target: ≤ 100 ms for a
//! 40-indicator contract, both formats). Then writes a campaign of 373 contracts (the CHU
//! under 373 references, each with its 2020 values) and times `cpom synthese` on it, the
//! process from start to files on disk (target: ≤ 15 s on the 2-core machine).

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
        let s = cpom::suivi::load(&valeurs, &contrat, &lib).expect("values");
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

    // The campaign synthesis.
    let dir = std::env::temp_dir().join(format!("cpom-bench-synthese-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("campagne")).unwrap();
    let contract = std::fs::read_to_string(root.join("fixtures/chu-montpellier.yaml")).unwrap();
    let values = std::fs::read_to_string(&valeurs).unwrap();
    let reference = "CPOM-OCC-2019-340780477";
    for k in 0..373 {
        let r = format!("CPOM-OCC-2019-{k:09}");
        std::fs::write(
            dir.join(format!("campagne/c{k:03}.yaml")),
            contract.replace(reference, &r),
        )
        .unwrap();
        std::fs::write(
            dir.join(format!("campagne/s{k:03}.yaml")),
            values.replace(reference, &r),
        )
        .unwrap();
    }
    let exe = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/cpom");
    let mut runs = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let status = std::process::Command::new(&exe)
            .arg("synthese")
            .arg(dir.join("campagne"))
            .arg("-o")
            .arg(dir.join("out"))
            .output()
            .expect("target/release/cpom (cargo build --release first)");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        runs.push(t.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    println!(
        "cpom synthese, 373 contrats (16 412 indicateurs): median {:.2} s (runs: {:?})",
        runs[1],
        runs.iter().map(|r| format!("{r:.2}")).collect::<Vec<_>>()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
