//! Nothing lost, nothing mixed: two contracts never share a folder, concurrent runs and kills
//! leave one coherent version of every contract and a manifest that matches the files, a full
//! disk still gives the whole report, and inputs that expand far beyond their size are refused
//! quickly, with bounded memory, at the place of the expansion.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::batch::{clinic_campaign, files_under};
use crate::common::*;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The clinic's contract under another reference (the same gestionnaire's other CPOM).
fn clinic_with_reference(path: &Path, reference: &str) {
    let text = std::fs::read_to_string(root().join("fixtures/clinique-saint-roch.yaml")).unwrap();
    std::fs::write(
        path,
        text.replace(
            "reference: CPOM-OCC-2019-310000120",
            &format!("reference: {reference}"),
        ),
    )
    .unwrap();
}

/// Top-level folders of an output directory (the contracts' folders).
fn folders(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn render_refuses_two_contracts_of_one_reference_and_keeps_two_cpom_of_one_gestionnaire_apart() {
    let dir = fresh("integrity-render");
    let (a, b, c) = (dir.join("a.yaml"), dir.join("b.yaml"), dir.join("c.yaml"));
    clinic_with_reference(&a, "CPOM-OCC-2019-310000120");
    // b: same reference, another signature date: a copy whose reference was not changed.
    std::fs::write(
        &b,
        std::fs::read_to_string(&a)
            .unwrap()
            .replace("date: 2019-02-15", "date: 2019-02-20"),
    )
    .unwrap();
    clinic_with_reference(&c, "CPOM-OCC-2019-310000120-PSY");
    let out = dir.join("out");
    let o = cpom(&["render", s(&a), s(&b), "-o", s(&out)]);
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (me, other) in [(&a, &b), (&b, &a)] {
        assert!(
            err.lines().any(|l| l.starts_with(&format!(
                "{}: error: {}",
                me.display(),
                other.display()
            )) && l.contains("même référence de contrat")
                && l.contains("CPOM-OCC-2019-310000120")),
            "{err}"
        );
    }
    assert!(
        !out.exists(),
        "nothing written: {:?}",
        out.exists().then(|| files_under(&out))
    );

    // Two CPOM of one gestionnaire (same FINESS juridique, two references): two folders.
    let o = cpom(&["render", s(&a), s(&c), "-o", s(&out), "--format", "pdf"]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert_eq!(
        folders(&out),
        ["CPOM-OCC-2019-310000120", "CPOM-OCC-2019-310000120-PSY"]
    );
}

#[test]
fn batch_refuses_a_shared_reference_within_a_run_and_across_runs() {
    let dir = fresh("integrity-batch");
    let one = dir.join("un");
    let two = dir.join("deux");
    std::fs::create_dir_all(&one).unwrap();
    std::fs::create_dir_all(&two).unwrap();
    clinic_with_reference(&one.join("a.yaml"), "CPOM-A");
    clinic_with_reference(&one.join("b.yaml"), "CPOM-A");
    clinic_with_reference(&one.join("c.yaml"), "CPOM-C");
    let out = dir.join("out");
    let batch = |input: &Path, extra: &[&str]| {
        let mut args = vec![
            "batch",
            s(input),
            "-o",
            s(&out),
            "--format",
            "pdf",
            "--quiet",
        ];
        args.extend_from_slice(extra);
        cpom(&args)
    };
    // Within one run: both a and b refused (whatever the order), c rendered.
    for _ in 0..2 {
        let o = batch(&one, &["--jobs", "2"]);
        let err = stderr_of(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains(
                "a.yaml: error: b.yaml a la même référence de contrat : tous écriraient CPOM-A"
            ),
            "{err}"
        );
        assert!(
            err.contains(
                "b.yaml: error: a.yaml a la même référence de contrat : tous écriraient CPOM-A"
            ),
            "{err}"
        );
        assert_eq!(folders(&out), ["CPOM-C"]);
    }
    // Across runs: a campaign writes CPOM-A from a.yaml; another campaign's d.yaml, with the
    // same reference, is refused with both named, and nothing of it is written.
    std::fs::remove_file(one.join("b.yaml")).unwrap();
    assert!(batch(&one, &[]).status.success());
    let before = std::fs::read(out.join("CPOM-A/socle.pdf")).unwrap();
    std::fs::write(
        two.join("d.yaml"),
        std::fs::read_to_string(one.join("a.yaml"))
            .unwrap()
            .replace("lieu: Toulouse", "lieu: Albi"),
    )
    .unwrap();
    let o = batch(&two, &[]);
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("d.yaml: error: le dossier CPOM-A contient déjà les documents de a.yaml")
            && err.contains("si d.yaml remplace a.yaml, relancez avec --force"),
        "{err}"
    );
    assert_eq!(std::fs::read(out.join("CPOM-A/socle.pdf")).unwrap(), before);
    // --force: d.yaml takes the folder over; the manifest lists it alone for those files.
    assert!(batch(&two, &["--force"]).status.success());
    let text = squeeze(&pdf_text(&out.join("CPOM-A/socle.pdf")));
    assert!(text.contains(&squeeze("Fait à Albi")), "{text}");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let holders: Vec<&String> = m["contracts"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, e)| e["dossier"] == "CPOM-A")
        .map(|(k, _)| k)
        .collect();
    assert_eq!(holders, ["d.yaml"]);
    assert_manifest_matches(&out);
}

/// Two versions of a small campaign (the second signed elsewhere), and each rendered alone.
struct Versions {
    inputs: [PathBuf; 2],
    /// Per version: folder → file name → bytes.
    alone: [BTreeMap<String, BTreeMap<String, Vec<u8>>>; 2],
    folders: Vec<String>,
}

fn contents(out: &Path) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
    let mut all = BTreeMap::new();
    for f in folders(out) {
        let mut files = BTreeMap::new();
        for e in std::fs::read_dir(out.join(&f)).unwrap().flatten() {
            if e.file_name().to_string_lossy().starts_with(".cpom") {
                continue;
            }
            files.insert(
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            );
        }
        all.insert(f, files);
    }
    all
}

fn versions(name: &str, n: usize) -> Versions {
    let v1 = fresh(&format!("{name}-v1"));
    let folders = clinic_campaign(&v1, n);
    let v2 = fresh(&format!("{name}-v2"));
    for e in std::fs::read_dir(&v1).unwrap().flatten() {
        let t = std::fs::read_to_string(e.path()).unwrap();
        std::fs::write(
            v2.join(e.file_name()),
            t.replace("lieu: Toulouse", "lieu: Albi"),
        )
        .unwrap();
    }
    let alone = [&v1, &v2].map(|input| {
        let out = fresh(&format!(
            "{name}-alone-{}",
            input.file_name().unwrap().to_string_lossy()
        ));
        let o = cpom(&["batch", s(input), "-o", s(&out), "--quiet"]);
        assert!(o.status.success(), "{}", stderr_of(&o));
        contents(&out)
    });
    Versions {
        inputs: [v1, v2],
        alone,
        folders,
    }
}

/// Every contract folder of `out` is exactly one version's, byte for byte; returns which.
fn each_folder_is_one_version(out: &Path, v: &Versions) -> BTreeMap<String, usize> {
    let mut which = BTreeMap::new();
    for (folder, files) in contents(out) {
        let k = (0..2)
            .find(|&k| v.alone[k].get(&folder) == Some(&files))
            .unwrap_or_else(|| {
                panic!(
                    "{folder} is neither version: {:?}",
                    files.keys().collect::<Vec<_>>()
                )
            });
        which.insert(folder, k);
    }
    which
}

/// The manifest lists exactly the files of the contract folders, with their true hashes.
fn assert_manifest_matches(out: &Path) {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let mut listed = Vec::new();
    for (_, e) in m["contracts"].as_object().unwrap() {
        for f in e["files"].as_array().unwrap() {
            let path = f["path"].as_str().unwrap();
            let bytes =
                std::fs::read(out.join(path)).unwrap_or_else(|_| panic!("{path} listed, absent"));
            assert_eq!(
                f["sha256"].as_str().unwrap(),
                cpom::batch::manifest::sha256_hex(&bytes),
                "{path}: stale hash"
            );
            listed.push(path.to_string());
        }
    }
    listed.sort();
    let mut on_disk: Vec<String> = files_under(out)
        .into_iter()
        .filter(|f| f != "manifest.json")
        .collect();
    on_disk.sort();
    assert_eq!(listed, on_disk, "manifest and files differ");
}

fn spawn_batch(input: &Path, out: &Path, extra: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args(["batch", s(input), "-o", s(out), "--quiet"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn concurrent_batches_of_two_versions_leave_one_coherent_version_per_contract() {
    let v = versions("integrity-concurrent", 4);
    for round in 0..3 {
        let out = fresh(&format!("integrity-concurrent-out-{round}"));
        // Both at once, in either order, with a different head start each round.
        let (first, second) = if round % 2 == 0 { (0, 1) } else { (1, 0) };
        let a = spawn_batch(&v.inputs[first], &out, &["--jobs", "1"]);
        // The second starts once the first holds the folder (its pid in the lock file), so
        // that they overlap even on a loaded machine; then with a different delay each round.
        let holder = format!("pid {},", a.id());
        let started = std::time::Instant::now();
        while !std::fs::read_to_string(out.join(".cpom.lock")).is_ok_and(|t| t.contains(&holder))
            && started.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(40 * round as u64));
        let b = spawn_batch(&v.inputs[second], &out, &["--jobs", "1", "--force"]);
        let (oa, ob) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(oa.status.success(), "{}", stderr_of(&oa));
        assert!(ob.status.success(), "{}", stderr_of(&ob));
        let which = each_folder_is_one_version(&out, &v);
        assert_eq!(which.keys().cloned().collect::<Vec<_>>(), v.folders);
        // The runs took turns: the whole output is one version, the last run's.
        let versions: std::collections::BTreeSet<usize> = which.values().copied().collect();
        assert_eq!(versions.len(), 1, "round {round}: {which:?}");
        assert_manifest_matches(&out);
        assert!(
            [&oa, &ob].iter().any(|o| stderr_of(o)
                .contains("en attente de l’autre cpom qui écrit dans ce dossier (pid ")),
            "one run waited for the other"
        );
    }
}

#[test]
fn a_run_told_not_to_wait_names_the_run_holding_the_folder() {
    let input = fresh("integrity-nowait-in");
    clinic_campaign(&input, 16);
    let out = fresh("integrity-nowait-out");
    let mut holder = spawn_batch(&input, &out, &["--jobs", "1"]);
    let lock = out.join(cpom::output::lock::FILE_NAME);
    let start = Instant::now();
    while !std::fs::read_to_string(&lock).is_ok_and(|t| t.contains(&format!("pid {}", holder.id())))
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the first run never took the lock"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let o = cpom(&["batch", s(&input), "-o", s(&out), "--no-wait", "--quiet"]);
    let still_running = holder.try_wait().unwrap().is_none();
    assert!(still_running, "the first run ended too early for this test");
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("est en cours d’écriture par un autre cpom (pid")
            && err.contains(&format!("pid {}", holder.id()))
            && err.contains("cpom batch"),
        "{err}"
    );
    assert!(holder.wait().unwrap().success());
}

#[test]
fn a_batch_killed_at_any_moment_leaves_no_mixed_set_and_a_rerun_skips_what_is_complete() {
    let v = versions("integrity-kill", 10);
    // Pseudo-random moments, the same every run: early, mid-contract, late.
    let mut seed: u64 = 0x5eed_cafe;
    for round in 0..6 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = Duration::from_millis(20 + (seed >> 33) % 500);
        let out = fresh(&format!("integrity-kill-out-{round}"));
        // Version 1 complete, then version 2 killed midway.
        let o = cpom(&["batch", s(&v.inputs[0]), "-o", s(&out), "--quiet"]);
        assert!(o.status.success(), "{}", stderr_of(&o));
        let mut child = spawn_batch(&v.inputs[1], &out, &["--jobs", "2"]);
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL: no cleanup of any kind
        child.wait().unwrap();
        // A reader now sees, for every contract, all of one version.
        let which = each_folder_is_one_version(&out, &v);
        assert_eq!(
            which.keys().cloned().collect::<Vec<_>>(),
            v.folders,
            "round {round}"
        );
        let done = which.values().filter(|k| **k == 1).count();
        // The rerun skips every contract version 2 completed, even one killed between its
        // folder's exchange and the manifest's save (the set's own record says it).
        let report = out.join("../integrity-kill-report.json");
        let o = cpom(&[
            "batch",
            s(&v.inputs[1]),
            "-o",
            s(&out),
            "--quiet",
            "--report",
            s(&report),
        ]);
        assert!(o.status.success(), "{}", stderr_of(&o));
        let r: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
        let skipped = r["skipped"].as_u64().unwrap() as usize;
        eprintln!("kill round {round}: killed after {delay:?}, {done} complete, {skipped} skipped");
        assert_eq!(
            skipped, done,
            "round {round} ({delay:?}): {done} complete after the kill, {skipped} skipped"
        );
        let which = each_folder_is_one_version(&out, &v);
        assert!(which.values().all(|k| *k == 1), "round {round}: {which:?}");
        assert!(
            !std::fs::read_dir(&out)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(".nouveau-")),
            "staging folders cleaned"
        );
        assert_manifest_matches(&out);
    }
}

#[test]
fn a_full_disk_still_gives_the_summary_every_contract_error_and_the_report() {
    let input = fresh("integrity-full-in");
    clinic_campaign(&input, 6);
    let dir = fresh("integrity-full");
    let (mnt, report) = (dir.join("disque"), dir.join("report.json"));
    std::fs::create_dir_all(&mnt).unwrap();
    // A 1 MiB filesystem of its own, in a private mount namespace (gone with the command):
    // room for two or three contracts' documents, not six.
    let script = format!(
        "mount -t tmpfs -o size=1m tmpfs '{mnt}' && exec '{cpom}' batch '{input}' -o '{mnt}/out' --jobs 1 --quiet --report '{report}'",
        mnt = mnt.display(),
        cpom = env!("CARGO_BIN_EXE_cpom"),
        input = input.display(),
        report = report.display(),
    );
    let o = Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", &script])
        .output()
        .expect("unshare (util-linux) is needed for this test");
    let err = stderr_of(&o);
    assert!(!err.contains("mount:"), "could not mount a tmpfs: {err}");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("6 contracts: "), "summary printed: {err}");
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(r["total"], 6);
    let failed = r["failed"].as_u64().unwrap();
    assert!(
        failed >= 1 && r["rendered"].as_u64().unwrap() + failed == 6,
        "{r}"
    );
    for c in r["contracts"].as_array().unwrap() {
        if c["status"] == "failed" {
            let e = c["errors"].to_string();
            assert!(
                e.contains("cannot write") && e.contains("No space left on device"),
                "{e}"
            );
            assert!(
                err.contains(&format!("FAILED {}:", c["contract"].as_str().unwrap())),
                "{err}"
            );
        }
    }
}

/// Runs cpom and returns (output, wall time, peak resident memory in MiB) of that process alone.
/// Measured by GNU time, which forks from a small process: a child forked from this (large) test
/// process would report the parent's memory as its own peak.
fn measured(args: &[&str]) -> (std::process::Output, Duration, u64) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let peak = output_dir().join(format!("integrity-peak-{n}.txt"));
    let start = Instant::now();
    let o = Command::new("/usr/bin/time")
        .args(["-o", s(&peak), "-f", "%M", env!("CARGO_BIN_EXE_cpom")])
        .args(args)
        .current_dir(root())
        .output()
        .expect("GNU time (/usr/bin/time): scripts/test.sh installs it");
    let elapsed = start.elapsed();
    let text = std::fs::read_to_string(&peak).unwrap();
    let kib: u64 = text.lines().last().unwrap().trim().parse().unwrap();
    (o, elapsed, kib / 1024)
}

#[test]
fn aliases_expanding_far_beyond_the_file_are_refused_quickly_with_bounded_memory() {
    let dir = fresh("integrity-aliases");
    let clinic = std::fs::read_to_string(root().join("fixtures/clinique-saint-roch.yaml")).unwrap();
    let long = "x".repeat(20_000);
    for aliases in [1_000, 5_000] {
        let file = dir.join(format!("amplification-{aliases}.yaml"));
        let mut text = clinic.clone();
        text.push_str(&format!(
            "contrats_informatifs:\n  - &long {{ intitule: \"{long}\", date: 2019-01-01 }}\n"
        ));
        let bomb_line = text.lines().count() + 1;
        for _ in 0..aliases {
            text.push_str("  - *long\n");
        }
        std::fs::write(&file, &text).unwrap();
        assert!(
            text.len() < 128 * 1024,
            "a small file: {} bytes",
            text.len()
        );
        for cmd in ["check", "render"] {
            let out = dir.join("out");
            let (o, elapsed, rss) =
                measured(&[cmd, s(&file), "-o", s(&out)][..if cmd == "check" { 2 } else { 4 }]);
            let err = stderr_of(&o);
            assert_eq!(o.status.code(), Some(1), "{cmd} {aliases}: {err}");
            assert!(
                err.contains(&format!("{}:", file.display()))
                    && err.contains("aliases (*…) expand this file by more than")
                    && err.lines().any(|l| {
                        l.split(':')
                            .nth(1)
                            .and_then(|n| n.parse::<usize>().ok())
                            .is_some_and(|n| n >= bomb_line)
                    }),
                "{cmd} {aliases}: located at the aliases (from line {bomb_line}): {err}"
            );
            eprintln!("{cmd} with {aliases} aliases: refused in {elapsed:?}, peak {rss} MiB");
            assert!(
                elapsed < Duration::from_secs(5),
                "{cmd} {aliases}: {elapsed:?}"
            );
            assert!(rss < 200, "{cmd} {aliases}: peak memory {rss} MiB");
            assert!(!out.exists(), "nothing written");
        }
    }
}

#[test]
fn a_medico_social_alias_bomb_is_reported_at_the_bomb_not_as_another_sector() {
    let dir = fresh("integrity-ms-bomb");
    let mut text =
        std::fs::read_to_string(root().join("fixtures/medico-social-ehpad-herault.yaml")).unwrap();
    // The alias that crosses the limit: the first of line `&e` (9 + 90 + 819 + 820 > 1 000).
    let line = text.lines().count() + 6;
    text.push_str("bombe:\n  - &a [x, x, x, x, x, x, x, x, x]\n  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  - &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n  - &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n");
    let file = dir.join("ms-bombe.yaml");
    std::fs::write(&file, text).unwrap();
    let (o, elapsed, rss) = measured(&["check", s(&file)]);
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("secteur"), "read as its own sector: {err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with(&format!("{}:{line}:", file.display()))
                && l.contains("aliases (*…) expanded")),
        "located at the bomb (line {line}): {err}"
    );
    assert!(
        elapsed < Duration::from_secs(5) && rss < 200,
        "{elapsed:?}, {rss} MiB"
    );
}

#[test]
fn a_render_into_a_batch_folder_keeps_its_manifest_true() {
    let input = fresh("integrity-render-in-batch-in");
    let folders = clinic_campaign(&input, 3);
    let out = fresh("integrity-render-in-batch-out");
    let batch = || {
        cpom(&[
            "batch",
            s(&input),
            "-o",
            s(&out),
            "--format",
            "pdf",
            "--quiet",
        ])
    };
    assert!(batch().status.success());
    let c01 = input.join("c01.yaml");
    let t = std::fs::read_to_string(&c01).unwrap();
    std::fs::write(&c01, t.replace("lieu: Toulouse", "lieu: Albi")).unwrap();
    let o = cpom(&["render", s(&c01), "-o", s(&out), "--format", "pdf"]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    // The manifest no longer claims c01's old files; the others' entries stand.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let dossiers: Vec<&str> = m["contracts"]
        .as_object()
        .unwrap()
        .values()
        .map(|e| e["dossier"].as_str().unwrap())
        .collect();
    assert_eq!(dossiers, [folders[0].as_str(), folders[2].as_str()]);
    for e in m["contracts"].as_object().unwrap().values() {
        for f in e["files"].as_array().unwrap() {
            let bytes = std::fs::read(out.join(f["path"].as_str().unwrap())).unwrap();
            assert_eq!(
                f["sha256"].as_str().unwrap(),
                cpom::batch::manifest::sha256_hex(&bytes)
            );
        }
    }
    // The next batch renders c01 again (its record is gone with the render), and only it.
    let o = batch();
    assert!(
        stderr_of(&o).contains("3 contracts: 1 rendered, 2 up to date, 0 failed"),
        "{}",
        stderr_of(&o)
    );
    assert_manifest_matches(&out);
}
