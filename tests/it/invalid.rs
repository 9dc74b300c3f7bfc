//! Every invalid fixture gives its located error and writes no file. Each fixture states what it
//! must produce in its header: `# expect: LINE | text` (the diagnostic at that line contains the
//! text, with file:line:column).

use std::process::Command;

use crate::common::*;

fn expectations(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# expect: "))
        .map(|e| {
            let (line, msg) = e.split_once(" | ").expect("`# expect: LINE | text`");
            (line.trim().parse().expect("line number"), msg.to_string())
        })
        .collect()
}

#[test]
fn every_invalid_fixture_is_reported_where_it_is_wrong_and_writes_nothing() {
    let bin = env!("CARGO_BIN_EXE_cpom");
    let fixtures = invalid_fixtures();
    assert!(fixtures.len() >= 12);
    for f in fixtures {
        let name = f
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let bytes = std::fs::read(&f).unwrap();
        let expected = expectations(&String::from_utf8_lossy(&bytes));
        let outdir = fresh(&format!(
            "invalid/{}",
            f.file_stem().unwrap().to_string_lossy()
        ));
        for cmd in [
            vec!["check", &name],
            vec!["render", &name, "-o", outdir.to_str().unwrap()],
        ] {
            let out = Command::new(bin)
                .args(&cmd)
                .current_dir(root())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{cmd:?}: exit status\n{stderr}");
            if expected.is_empty() {
                assert!(
                    stderr.contains(&format!("{name}: error: the file is empty")),
                    "{name}: {stderr}"
                );
            }
            for (line, msg) in &expected {
                let prefix = format!("{name}:{line}:");
                let found = stderr.lines().any(|l| {
                    l.starts_with(&prefix) && l.contains(": error: ") && l.contains(msg.as_str())
                });
                assert!(
                    found,
                    "{cmd:?} {name}: expected «{prefix}…{msg}», got:\n{stderr}"
                );
            }
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
        assert!(
            !outdir.exists() || std::fs::read_dir(&outdir).unwrap().next().is_none(),
            "{name}: files were written"
        );
    }
}
