//! Writing documents: an output folder is written by one cpom process at a time ([`lock`]), and
//! a contract's document set is replaced as a unit ([`set`]): a reader, or a killed run, never
//! sees half a file nor the files of two versions side by side.

pub mod lock;
pub mod set;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
pub use lock::Wait;
pub use set::Set;

/// An output folder, locked for this process from its first write (or from [`OutputDir::open`])
/// while the value lives.
#[derive(Debug)]
pub struct OutputDir {
    root: PathBuf,
    wait: Wait,
    /// Taken once (a second `flock` of the same file by this process would wait for itself).
    lock: std::sync::Mutex<Option<lock::Lock>>,
    /// One writer at a time per contract folder within this process (a batch's workers may
    /// write a contract and its avenant at once): each carries the other's files over.
    folders:
        std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<std::sync::Mutex<()>>>>,
}

impl OutputDir {
    /// Creates `root` if needed, takes its lock (waiting or not), and cleans what a killed run
    /// left there (staging folders, a folder set aside, temporaries).
    pub fn open(root: &Path, wait: Wait) -> Result<OutputDir, Diagnostic> {
        let dir = OutputDir::later(root, wait);
        dir.locked()?;
        Ok(dir)
    }

    /// The folder, to be created and locked at its first write only: a command that ends up
    /// writing nothing (every input invalid) leaves no folder behind.
    pub fn later(root: &Path, wait: Wait) -> OutputDir {
        OutputDir {
            root: root.to_path_buf(),
            wait,
            lock: std::sync::Mutex::new(None),
            folders: Default::default(),
        }
    }

    fn locked(&self) -> Result<(), Diagnostic> {
        let mut held = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if held.is_some() {
            return Ok(());
        }
        let root = &self.root;
        std::fs::create_dir_all(root).map_err(|e| {
            Diagnostic::error(
                root.display().to_string(),
                format!("cannot create the output folder: {e}"),
            )
        })?;
        let lock = lock::Lock::take(root, self.wait)
            .map_err(|m| Diagnostic::error(root.display().to_string(), m))?;
        set::recover(root);
        *held = Some(lock);
        Ok(())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Replaces the set `set` of the folder `folder` (relative, e.g. `CPOM-1` or
    /// `CPOM-1/consolide-2022-01-01`) by `files`, as one rename.
    pub fn replace(
        &self,
        folder: &str,
        set: Set,
        files: &[(String, Vec<u8>)],
    ) -> Result<Vec<PathBuf>, Diagnostic> {
        self.locked()?;
        let top = folder.split('/').next().unwrap_or(folder).to_string();
        let guard = {
            let mut m = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            m.entry(top).or_default().clone()
        };
        let _one_writer = guard.lock().unwrap_or_else(|e| e.into_inner());
        let dest = self.root.join(folder);
        set::replace(&dest, set, files).map_err(|e| {
            Diagnostic::error(dest.display().to_string(), format!("cannot write: {e}"))
        })
    }
}

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

/// A file or folder name made only of letters, digits, `-` and `_` (data never chooses a path):
/// each run of other characters becomes one `_`.
pub fn safe_name(s: &str) -> String {
    let mut cleaned = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            cleaned.push(c);
        } else if !cleaned.ends_with('_') {
            cleaned.push('_');
        }
    }
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
        assert_eq!(safe_name("CPOM MS 34/2019-001"), "CPOM_MS_34_2019-001");
        assert_eq!(safe_name("340780477"), "340780477");
        assert_eq!(safe_name("/"), "contrat");
    }
}
