//! Same data and templates → same bytes, in one process and across processes.

use cpom::render::{self, Library, Options};

use crate::common::*;

#[test]
fn same_input_twice_gives_identical_bytes_in_process() {
    let lib = Library::builtin().unwrap();
    for f in valid_fixtures() {
        let loaded = render::load(&f, &lib).unwrap();
        let a = render::render(&loaded, &lib, &Options::default()).unwrap();
        cpom::pdf::evict_caches();
        let b = render::render(&loaded, &lib, &Options::default()).unwrap();
        for (x, y) in a.iter().zip(&b) {
            assert!(
                x.pdf.as_ref().unwrap().bytes == y.pdf.as_ref().unwrap().bytes,
                "{}: PDF differs",
                f.display()
            );
            assert!(x.docx == y.docx, "{}: DOCX differs", f.display());
        }
    }
}

#[test]
fn the_command_in_two_processes_writes_the_files_of_the_shared_render() {
    let bin = env!("CARGO_BIN_EXE_cpom");
    let tmp = fresh("determinism");
    let fixture = root().join("fixtures/chu-montpellier.yaml");
    for run in ["a", "b"] {
        let status = std::process::Command::new(bin)
            .args([
                "render",
                fixture.to_str().unwrap(),
                "-o",
                tmp.join(run).to_str().unwrap(),
            ])
            .status()
            .unwrap();
        assert!(status.success());
    }
    let shared = out("chu-montpellier", "socle");
    for ext in ["pdf", "docx"] {
        let a = std::fs::read(tmp.join(format!("a/CPOM-OCC-2019-340780477/socle.{ext}"))).unwrap();
        let b = std::fs::read(tmp.join(format!("b/CPOM-OCC-2019-340780477/socle.{ext}"))).unwrap();
        let lib = std::fs::read(if ext == "pdf" {
            &shared.pdf
        } else {
            &shared.docx
        })
        .unwrap();
        assert!(a == b, "{ext}: two processes differ");
        assert!(a == lib, "{ext}: the command and the library differ");
    }
}
