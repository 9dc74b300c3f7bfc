//! Rendering benchmark: `cargo bench --bench render -- [N] [FIXTURE] [--templates=DIR]`.
//!
//! Renders every document of one contract N times in one process (PDF and DOCX measured apart),
//! evicting Typst's caches after each document as a long-running process must, and reports:
//! ms per document and per page, resident memory along the run (it must stay flat), and the
//! cold start of the `cpom` command (process start to files on disk).

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use cpom::render::{self, Library, Options};

fn rss_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(200);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join(
        args.get(1)
            .map(String::as_str)
            .unwrap_or("fixtures/chu-montpellier.yaml"),
    );

    let overlay = std::env::args().find_map(|a| a.strip_prefix("--templates=").map(PathBuf::from));
    let t0 = Instant::now();
    let lib = Library::load(overlay.as_deref()).expect("templates");
    let loaded = render::load(&fixture, &lib).expect("fixture");
    let setup = t0.elapsed();

    let pdf_only = Options {
        docx: false,
        ..Options::default()
    };
    let docx_only = Options {
        pdf: false,
        ..Options::default()
    };

    // First document in this process (fonts, library, caches cold).
    let t = Instant::now();
    let first = render::render(&loaded, &lib, &pdf_only).expect("render");
    let first_ms = ms(t.elapsed());
    let pages: usize = first.iter().map(|d| d.pdf.as_ref().unwrap().pages).sum();
    let docs = first.len();
    cpom::pdf::evict_caches();

    // Where the time goes, document by document (median of 5 renders each).
    let ctx = render::context_for(&loaded, &lib).expect("context");
    let style = lib.set.text(render::STYLE).expect("style");
    let mut per_doc = Vec::new();
    for plan in render::documents(&loaded.contrat, &lib.matrice) {
        let mut c = ctx.clone();
        if let Some(a) = &plan.annexe {
            c.insert("annexe", a);
        }
        let doc = render::document(&lib, &plan.template, &c).expect("document");
        let mut times = Vec::new();
        let mut pages = 0;
        for _ in 0..5 {
            let t = Instant::now();
            pages = cpom::pdf::render(
                &doc,
                render::STYLE,
                style,
                cpom::pdf::Standard::default(),
                true,
            )
            .expect("pdf")
            .pages;
            times.push(ms(t.elapsed()));
            cpom::pdf::evict_caches();
        }
        times.sort_by(f64::total_cmp);
        per_doc.push(format!("{} {:.1} ms/{pages} p", plan.stem, times[2]));
    }

    let mut pdf_times = Vec::with_capacity(n);
    let mut rss_marks = Vec::new();
    for i in 0..n {
        let t = Instant::now();
        let out = render::render(&loaded, &lib, &pdf_only).expect("render");
        cpom::pdf::evict_caches();
        pdf_times.push(ms(t.elapsed()));
        std::hint::black_box(out);
        if (i + 1) % (n / 4).max(1) == 0 {
            rss_marks.push((i + 1, rss_kb("VmRSS:") / 1024));
        }
    }
    let mut docx_times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let out = render::render(&loaded, &lib, &docx_only).expect("render");
        docx_times.push(ms(t.elapsed()));
        std::hint::black_box(out);
    }
    pdf_times.sort_by(f64::total_cmp);
    docx_times.sort_by(f64::total_cmp);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let pdf_mean = mean(&pdf_times);

    println!(
        "cpom render benchmark — {} ({docs} document(s), {pages} pages), {n} iterations",
        fixture.display()
    );
    println!("setup (templates + data):      {:.1} ms", ms(setup));
    println!("first PDF in this process:     {first_ms:.1} ms");
    println!("PDF by document (median of 5): {}", per_doc.join(", "));
    println!(
        "PDF  per contract: mean {pdf_mean:.1} ms, p50 {:.1}, p90 {:.1}, max {:.1}  → {:.1} ms per 10 pages",
        percentile(&pdf_times, 0.5),
        percentile(&pdf_times, 0.9),
        pdf_times[pdf_times.len() - 1],
        pdf_mean / pages as f64 * 10.0
    );
    println!(
        "DOCX per contract: mean {:.2} ms, p50 {:.2}, p90 {:.2}",
        mean(&docx_times),
        percentile(&docx_times, 0.5),
        percentile(&docx_times, 0.9)
    );
    let marks: Vec<String> = rss_marks
        .iter()
        .map(|(i, mb)| format!("{i}: {mb} MB"))
        .collect();
    println!("RSS after n PDF renders:       {}", marks.join(", "));
    println!(
        "peak RSS (VmHWM):              {} MB",
        rss_kb("VmHWM:") / 1024
    );

    // Cold start: the command in a fresh process, as a user runs it.
    let bin = root.join("target/release/cpom");
    if bin.is_file() {
        let out = std::env::temp_dir().join("cpom-bench-cold");
        let mut walls = Vec::new();
        for _ in 0..5 {
            let _ = std::fs::remove_dir_all(&out);
            let t = Instant::now();
            let status = Command::new(&bin)
                .args([
                    "render",
                    fixture.to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                ])
                .stdout(std::process::Stdio::null())
                .status()
                .expect("cpom");
            assert!(status.success());
            walls.push(ms(t.elapsed()));
        }
        walls.sort_by(f64::total_cmp);
        println!(
            "cold `cpom render` (PDF+DOCX, fresh process): min {:.0} ms, median {:.0} ms",
            walls[0],
            walls[walls.len() / 2]
        );
    } else {
        println!("cold start: build the binary first (cargo build --release)");
    }
}
