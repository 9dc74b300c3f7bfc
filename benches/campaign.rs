//! Campaign benchmark: `cargo bench --bench campaign -- [N]` (default 373, ARS Occitanie 2019–2023).
//!
//! 1. Generates a synthetic campaign of N realistic contracts from the fixtures (varied names,
//!    FINESS numbers with valid keys, typologies, numbers of sites, indicators and financing lines).
//! 2. Runs `cpom batch` on it (PDF + DOCX) with 1 and 2 jobs, as a user would, and reports wall
//!    time, contracts/s, pages/s and peak RSS (read from /proc while it runs); then with a quarter
//!    of the contracts, to show that memory does not grow with the campaign.
//! 3. Runs the peer baseline of `../shared/peers` in the same run (docxtpl fills 20 of its
//!    contracts, LibreOffice converts them in one call) when python3 has docxtpl and soffice is
//!    installed, and compares its cost for the campaign's documents with cpom's wall time.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_yaml::Value;

/// Deterministic pseudo-random numbers (no dependency, same campaign every run).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn finess(rng: &mut Rng, dept: &str) -> String {
    let body = format!("{dept}{:06}", rng.below(1_000_000));
    format!(
        "{body}{}",
        cpom::fr::luhn_check_digit(&body).expect("digits")
    )
}

const DEPTS: [&str; 13] = [
    "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82",
];
const KINDS: [&str; 6] = [
    "Centre hospitalier",
    "Clinique",
    "Polyclinique",
    "Centre de rééducation",
    "Hôpital privé",
    "Centre d’imagerie",
];
const PLACES: [&str; 12] = [
    "Albi",
    "Rodez",
    "Cahors",
    "Tarbes",
    "Nîmes",
    "Béziers",
    "Narbonne",
    "Castres",
    "Auch",
    "Foix",
    "Mende",
    "Montauban",
];
const SAINTS: [&str; 8] = [
    "Saint-Jean",
    "Sainte-Marie",
    "du Parc",
    "des Cèdres",
    "de l’Ormeau",
    "Les Oliviers",
    "Pasteur",
    "du Millénaire",
];

/// The value at `path`, without creating anything on the way (serde_yaml's `IndexMut` inserts).
fn at<'a>(v: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    let mut cur = v;
    for key in path {
        cur = cur.get_mut(*key)?;
    }
    Some(cur)
}

fn generate(n: usize, dir: &Path) -> usize {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let bases: Vec<Value> = [
        "chu-montpellier",
        "clinique-saint-roch",
        "imagerie-perpignan",
    ]
    .iter()
    .map(|f| {
        serde_yaml::from_str(&std::fs::read_to_string(root.join(format!("{f}.yaml"))).unwrap())
            .unwrap()
    })
    .collect();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = Rng(2019);
    let mut used = std::collections::HashSet::new();
    for i in 0..n {
        // Roughly the campaign's mix: a third pluriactivités, half mono-activité, the rest EML/LBM.
        let which = match rng.below(6) {
            0 | 1 => 0,
            2..=4 => 1,
            _ => 2,
        };
        let mut c = bases[which].clone();
        let dept = DEPTS[rng.below(DEPTS.len() as u64) as usize];
        let mut fj = finess(&mut rng, dept);
        while !used.insert(fj.clone()) {
            fj = finess(&mut rng, dept);
        }
        let place = PLACES[rng.below(12) as usize];
        let name = match which {
            0 => format!("{} de {place}", KINDS[0]),
            1 => format!(
                "{} {} {place}",
                KINDS[1 + rng.below(4) as usize],
                SAINTS[rng.below(8) as usize]
            ),
            _ => format!("{} {} de {place}", KINDS[5], SAINTS[rng.below(8) as usize]),
        };
        c["reference"] = Value::from(format!("CPOM-OCC-2019-{fj}"));
        c["titulaire"]["raison_sociale"] = Value::from(name);
        c["titulaire"]["finess_juridique"] = Value::from(fj.clone());
        c["titulaire"]["adresse"]["commune"] = Value::from(place);
        if let Some(sites) = at(&mut c, &["titulaire", "sites"]).and_then(|v| v.as_sequence_mut()) {
            for s in sites.iter_mut() {
                s["finess_geographique"] = Value::from(finess(&mut rng, dept));
            }
        }
        if let Some(m) = c["titulaire"].as_mapping_mut() {
            m.remove("siren");
        }
        if let Some(sites) = at(&mut c, &["titulaire", "sites"]).and_then(|v| v.as_sequence_mut()) {
            for s in sites.iter_mut() {
                if let Some(m) = s.as_mapping_mut() {
                    m.remove("siret");
                }
            }
        }
        // Vary the sizes of the annexes: keep a random number of indicators and financing lines.
        if let Some(axes) = at(&mut c, &["annexes", "orientations_strategiques", "axes"])
            .and_then(|v| v.as_sequence_mut())
        {
            for axe in axes.iter_mut() {
                if let Some(objs) = at(axe, &["objectifs"]).and_then(|v| v.as_sequence_mut()) {
                    for o in objs.iter_mut() {
                        if let Some(inds) =
                            at(o, &["indicateurs"]).and_then(|v| v.as_sequence_mut())
                        {
                            let keep = 1 + rng.below(inds.len() as u64) as usize;
                            inds.truncate(keep.min(15));
                            // Their sites would not match the new FINESS numbers.
                            for ind in inds.iter_mut() {
                                if let Some(m) = ind.as_mapping_mut() {
                                    m.remove("finess_site");
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(lines) =
            at(&mut c, &["annexes", "financements", "lignes"]).and_then(|v| v.as_sequence_mut())
        {
            let keep = 1 + rng.below(lines.len() as u64) as usize;
            lines.truncate(keep.min(30));
        }
        // Sites named in the annexes must stay valid FINESS: point them at the first site.
        let first_site = c["titulaire"]["sites"][0]["finess_geographique"].clone();
        for path in [
            ("reconnaissances_contractuelles", "reconnaissances"),
            ("permanence_des_soins", "lignes"),
        ] {
            if let Some(list) =
                at(&mut c, &["annexes", path.0, path.1]).and_then(|v| v.as_sequence_mut())
            {
                for l in list.iter_mut() {
                    l["finess_site"] = first_site.clone();
                }
            }
        }
        std::fs::write(
            dir.join(format!("{i:03}-{fj}.yaml")),
            serde_yaml::to_string(&c).unwrap(),
        )
        .unwrap();
    }
    n
}

fn peak_rss_mb(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map(|kb| kb / 1024)
}

struct Run {
    seconds: f64,
    peak_mb: u64,
    pages: u64,
    files: u64,
    rendered: u64,
    failed: u64,
}

fn batch(bin: &Path, input: &Path, out: &Path, jobs: usize) -> Run {
    let _ = std::fs::remove_dir_all(out);
    let report = out.with_extension("report.json");
    let t = Instant::now();
    let mut child = Command::new(bin)
        .args([
            "batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--quiet",
            "--jobs",
            &jobs.to_string(),
            "--report",
            report.to_str().unwrap(),
        ])
        .stderr(Stdio::null())
        .spawn()
        .expect("cpom batch");
    let mut peak = 0;
    loop {
        if let Some(mb) = peak_rss_mb(child.id()) {
            peak = peak.max(mb);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let seconds = t.elapsed().as_secs_f64();
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    Run {
        seconds,
        peak_mb: peak,
        pages: r["pages"].as_u64().unwrap_or(0),
        files: r["files"].as_u64().unwrap_or(0),
        rendered: r["rendered"].as_u64().unwrap_or(0),
        failed: r["failed"].as_u64().unwrap_or(0),
    }
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(373);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/cpom");
    assert!(
        bin.is_file(),
        "build the binary first: cargo build --release"
    );
    let work = root.join("target/bench-campaign");
    let input = work.join("input");
    let small_input = work.join("input-quarter");
    generate(n, &input);
    generate(n / 4, &small_input);
    println!("synthetic campaign: {n} contracts in {}", input.display());
    for jobs in [1, 2] {
        let r = batch(&bin, &input, &work.join(format!("out-{jobs}")), jobs);
        println!(
            "jobs {jobs}: {:.1} s wall, {} rendered, {} failed, {} files, {} pages → {:.1} contracts/s, {:.0} pages/s, peak RSS {} MB",
            r.seconds,
            r.rendered,
            r.failed,
            r.files,
            r.pages,
            r.rendered as f64 / r.seconds,
            r.pages as f64 / r.seconds,
            r.peak_mb
        );
    }
    let q = batch(&bin, &small_input, &work.join("out-quarter"), 2);
    println!(
        "jobs 2, {} contracts: {:.1} s, peak RSS {} MB (memory flat with the number of contracts)",
        n / 4,
        q.seconds,
        q.peak_mb
    );

    // The peer baseline (../shared/peers): docxtpl fills a Word template, LibreOffice converts it.
    // Measured here, in the same run, on 20 of the peer's own ~10-page contracts.
    let full = batch(&bin, &input, &work.join("out-2"), 2);
    let documents = full.files / 2;
    match peer_seconds_per_document(&root, &work) {
        Some((docxtpl, lo)) => {
            let peer = documents as f64 * (docxtpl + lo);
            println!(
                "peer (docxtpl {:.0} ms/doc + LibreOffice {:.2} s/doc, 20 docs in one call): {:.0} s for the campaign's {documents} documents → cpom with 2 jobs ({:.1} s) is ×{:.0} faster",
                docxtpl * 1000.0,
                lo,
                peer,
                full.seconds,
                peer / full.seconds
            );
        }
        None => println!(
            "peer baseline skipped: needs python3 with docxtpl and pyyaml, and soffice (pip install docxtpl pyyaml; scripts/test.sh installs LibreOffice)"
        ),
    }
}

/// (docxtpl seconds per document, LibreOffice seconds per document), from the peer scripts.
fn peer_seconds_per_document(root: &Path, work: &Path) -> Option<(f64, f64)> {
    let peers = root.join("../shared/peers");
    let ok = |c: &mut Command| {
        c.stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !peers.is_dir()
        || !ok(Command::new("python3").args(["-c", "import docxtpl, yaml"]))
        || !ok(Command::new("soffice").arg("--version"))
    {
        return None;
    }
    let dir = work.join("peer");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data")).ok()?;
    let mut data = Vec::new();
    for i in 0..20 {
        let f = dir.join(format!("data/v{i}.json"));
        ok(Command::new("python3")
            .arg(peers.join("make_contract_data.py"))
            .arg(&f)
            .args(["--variant", &i.to_string()]))
        .then_some(())?;
        data.push(f);
    }
    let template = dir.join("cpom_template.docx");
    ok(Command::new("python3")
        .arg(peers.join("build_template.py"))
        .arg(&template))
    .then_some(())?;
    let out = Command::new("python3")
        .arg(peers.join("fill_docxtpl.py"))
        .arg(&template)
        .arg(dir.join("docx"))
        .args(&data)
        .output()
        .ok()?;
    let line: serde_json::Value = serde_json::from_slice(
        out.stdout
            .split(|b| *b == b'\n')
            .find(|l| l.starts_with(b"{"))?,
    )
    .ok()?;
    let docxtpl = line["per_doc_ms"].as_f64()? / 1000.0;
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    );
    let mut args = vec![
        profile,
        "--headless".into(),
        "--convert-to".into(),
        "pdf".into(),
        "--outdir".into(),
        dir.join("pdf").display().to_string(),
    ];
    args.extend((0..20).map(|i| dir.join(format!("docx/v{i}.docx")).display().to_string()));
    // A first call creates the LibreOffice profile; the second is the one timed.
    ok(Command::new("soffice").args(&args));
    let t = Instant::now();
    ok(Command::new("soffice").args(&args)).then_some(())?;
    Some((docxtpl, t.elapsed().as_secs_f64() / 20.0))
}
