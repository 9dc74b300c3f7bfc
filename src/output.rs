//! Writing documents: all files of a contract appear, or none, and never a truncated one.
//!
//! Each file is written to a temporary name in the destination folder, then renamed: a rename
//! within one folder is atomic, so a reader (or a killed run) never sees half a file. If any
//! file of the set fails, the files of that set already renamed are removed again.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every `(file name, bytes)` into `dir`, all or nothing. Returns the final paths.
pub fn write_all_or_nothing(
    dir: &Path,
    files: &[(String, Vec<u8>)],
) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    remove_stale_temporaries(dir, files);
    let mut temps = Vec::new();
    let result = (|| {
        for (name, bytes) in files {
            let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            temps.push(tmp.clone());
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for t in &temps {
            let _ = std::fs::remove_file(t);
        }
        return Err(e);
    }
    let mut done = Vec::new();
    for ((name, _), tmp) in files.iter().zip(&temps) {
        let dest = dir.join(name);
        if let Err(e) = std::fs::rename(tmp, &dest) {
            for t in &temps {
                let _ = std::fs::remove_file(t);
            }
            for d in &done {
                let _ = std::fs::remove_file(d);
            }
            return Err(e);
        }
        done.push(dest);
    }
    Ok(done)
}

/// Temporaries of these file names left by an earlier run that was killed before its renames.
fn remove_stale_temporaries(dir: &Path, files: &[(String, Vec<u8>)]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".tmp")
            && files
                .iter()
                .any(|(f, _)| name.starts_with(&format!(".{f}.")))
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A file or folder name made only of letters, digits, `-` and `_` (data never chooses a path).
pub fn safe_name(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches('_');
    if trimmed.is_empty() {
        "contrat".to_string()
    } else {
        trimmed.chars().take(80).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_escape() {
        assert_eq!(safe_name("../../etc/passwd"), "etc_passwd");
        assert_eq!(safe_name("340780477"), "340780477");
        assert_eq!(safe_name("/"), "contrat");
    }
}
