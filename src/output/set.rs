//! Replacing a document set as a unit: a reader of a contract's folder sees the old set or the
//! new one, never the PDF of one version beside the DOCX of another — even across a crash.
//!
//! The new set is written into a staging folder beside the contract's folder, the entries of
//! the folder that belong to other sets (an avenant's documents beside the contract's, a
//! consolidated version's subfolder, a file the user put there) are hard-linked into it, and the
//! two folders are exchanged in one `renameat2(RENAME_EXCHANGE)`. Where the filesystem cannot
//! exchange, the old folder is renamed aside first; the lock of the output folder guarantees
//! nobody else writes meanwhile, and [`recover`] puts an aside folder back after a crash.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Which documents of a contract's folder a write replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Set {
    /// The contract's own documents: the socle (`socle`, médico-social `contrat`), its annexes
    /// (`annexe-…`) and the bundle (`contrat-complet`).
    Contrat,
    /// Some documents of the contract, by file stem (`--documents`): the others stay as they
    /// are, e.g. the socle signed in an earlier period beside the annexes rendered now.
    Documents(Vec<String>),
    /// The documents of avenant n° N (`avenant-N.…`, `avenant-N-…`).
    Avenant(u32),
    /// The whole folder (a consolidated version's own subfolder).
    Dossier,
}

impl Set {
    /// The hidden file of the set that says what produced it (written by `cpom batch`): part of
    /// the set, so it is replaced with it, in the same rename.
    pub fn marker(&self) -> Option<String> {
        match self {
            Set::Contrat => Some(".cpom-contrat.json".into()),
            Set::Avenant(n) => Some(format!(".cpom-avenant-{n}.json")),
            Set::Documents(_) | Set::Dossier => None,
        }
    }

    /// What the set claims in the output folder, for collisions and the manifest: the contract's
    /// `folder` itself, or `folder/avenant-N` (read back by `ContractEntry::from_marker`).
    pub fn dossier(&self, folder: &str) -> String {
        match self {
            Set::Avenant(n) => format!("{folder}/avenant-{n}"),
            Set::Contrat | Set::Documents(_) | Set::Dossier => folder.to_string(),
        }
    }

    /// Whether the entry `name` of the folder belongs to this set (and so is replaced).
    pub fn owns(&self, name: &str) -> bool {
        if self.marker().is_some_and(|m| m == name) {
            return true;
        }
        match self {
            Set::Contrat => {
                let stem = name.split('.').next().unwrap_or_default();
                matches!(stem, "socle" | "contrat" | "contrat-complet")
                    || name.starts_with("annexe-")
            }
            Set::Avenant(n) => {
                name.starts_with(&format!("avenant-{n}."))
                    || name.starts_with(&format!("avenant-{n}-"))
            }
            Set::Documents(stems) => {
                let stem = name.split('.').next().unwrap_or_default();
                stems.iter().any(|s| s == stem)
            }
            Set::Dossier => true,
        }
    }
}

const STAGING: &str = ".nouveau-";
const ASIDE: &str = ".ancien-";

/// Replaces the set `set` of the folder `dest` by `files` (`(file name, bytes)`), in one rename.
/// Returns the final paths of the files.
pub fn replace(
    dest: &Path,
    set: Set,
    files: &[(String, Vec<u8>)],
) -> std::io::Result<Vec<PathBuf>> {
    let parent = dest.parent().unwrap_or(Path::new("."));
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{name}{STAGING}{}", std::process::id()));
    let result = (|| {
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir(&staging)?;
        for (file, bytes) in files {
            let mut f = std::fs::File::create(staging.join(file))?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        if dest.is_dir() {
            for e in std::fs::read_dir(dest)? {
                let e = e?;
                let entry = e.file_name().to_string_lossy().into_owned();
                // Hidden entries are this process's own (staging), but for other sets' markers.
                let hidden = entry.starts_with('.') && !entry.starts_with(".cpom-");
                if hidden || set.owns(&entry) || files.iter().any(|(f, _)| *f == entry) {
                    continue;
                }
                link_tree(&e.path(), &staging.join(&entry))?;
            }
        }
        sync_dir(&staging);
        if dest.exists() {
            exchange(&staging, dest)?;
            std::fs::remove_dir_all(&staging)?;
        } else {
            std::fs::rename(&staging, dest)?;
        }
        sync_dir(parent);
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    Ok(files.iter().map(|(f, _)| dest.join(f)).collect())
}

/// Cleans what a killed run left in `dir` (a contract's folder's parent): staging folders are
/// removed; a folder set aside and not yet replaced is put back. Call under the output lock.
pub fn recover(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let entry = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if let Some(rest) = entry.strip_prefix('.') {
            if let Some((original, _)) = rest.rsplit_once(ASIDE) {
                let back = dir.join(original);
                if back.exists() {
                    let _ = std::fs::remove_dir_all(&path);
                } else {
                    let _ = std::fs::rename(&path, &back);
                }
            } else if rest.contains(STAGING) && path.is_dir() {
                let _ = std::fs::remove_dir_all(&path);
            } else if entry.ends_with(".tmp") && path.is_file() {
                let _ = std::fs::remove_file(&path);
            }
        } else if path.is_dir() {
            // Consolidated versions live one level down, in their contract's folder.
            if let Ok(inner) = std::fs::read_dir(&path) {
                for i in inner.flatten() {
                    let n = i.file_name().to_string_lossy().into_owned();
                    if n.starts_with('.') && (n.contains(STAGING) || n.contains(ASIDE)) {
                        recover(&path);
                        break;
                    }
                }
            }
        }
    }
}

/// A copy of `src` at `dst` made of hard links (a copy where the filesystem has none).
fn link_tree(src: &Path, dst: &Path) -> std::io::Result<()> {
    if src.is_dir() {
        std::fs::create_dir(dst)?;
        for e in std::fs::read_dir(src)? {
            let e = e?;
            link_tree(&e.path(), &dst.join(e.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::hard_link(src, dst).or_else(|_| std::fs::copy(src, dst).map(|_| ()))
    }
}

/// Exchanges two folders atomically where the system can; otherwise sets `dest` aside first.
fn exchange(staging: &Path, dest: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let a = CString::new(staging.as_os_str().as_bytes())?;
        let b = CString::new(dest.as_os_str().as_bytes())?;
        // SAFETY: two valid NUL-terminated paths; the syscall reads them and nothing else.
        let r = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if !matches!(
            err.raw_os_error(),
            Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP)
        ) {
            return Err(err);
        }
    }
    // Two renames: between them the folder is absent (never mixed); `recover` repairs a crash.
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = dest
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!(".{name}{ASIDE}{}", std::process::id()));
    std::fs::rename(dest, &aside)?;
    if let Err(e) = std::fs::rename(staging, dest) {
        let _ = std::fs::rename(&aside, dest);
        return Err(e);
    }
    // `staging` is now expected to hold the old set, for the caller to remove.
    std::fs::rename(&aside, staging)
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        names
            .iter()
            .map(|(n, b)| (n.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn a_set_replaces_its_own_files_and_keeps_the_others() {
        let root = std::env::temp_dir().join(format!("cpom-set-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dest = root.join("CPOM-1");
        replace(
            &dest,
            Set::Contrat,
            &files(&[("socle.pdf", "v1"), ("annexe-4-x.pdf", "v1")]),
        )
        .unwrap();
        replace(&dest, Set::Avenant(1), &files(&[("avenant-1.pdf", "a1")])).unwrap();
        replace(
            &dest.join("consolide-2022-01-01"),
            Set::Dossier,
            &files(&[("socle.pdf", "c")]),
        )
        .unwrap();
        std::fs::write(dest.join("signé.pdf"), "scan").unwrap();
        // Version 2 drops annex 4.
        replace(&dest, Set::Contrat, &files(&[("socle.pdf", "v2")])).unwrap();
        let read = |p: &str| std::fs::read_to_string(dest.join(p)).unwrap();
        assert_eq!(read("socle.pdf"), "v2");
        assert!(!dest.join("annexe-4-x.pdf").exists());
        assert_eq!(read("avenant-1.pdf"), "a1");
        assert_eq!(read("consolide-2022-01-01/socle.pdf"), "c");
        assert_eq!(read("signé.pdf"), "scan");
        let hidden: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "no staging folder left");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn recovery_puts_back_a_folder_set_aside() {
        let root = std::env::temp_dir().join(format!("cpom-recover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join(".CPOM-1.ancien-42")).unwrap();
        std::fs::write(root.join(".CPOM-1.ancien-42/socle.pdf"), "old").unwrap();
        std::fs::create_dir_all(root.join(".CPOM-1.nouveau-43")).unwrap();
        recover(&root);
        assert_eq!(
            std::fs::read_to_string(root.join("CPOM-1/socle.pdf")).unwrap(),
            "old"
        );
        assert!(!root.join(".CPOM-1.nouveau-43").exists());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn sets_own_their_names() {
        assert!(Set::Contrat.owns("socle.pdf"));
        assert!(Set::Contrat.owns("contrat-complet.pdf"));
        assert!(Set::Contrat.owns("annexe-5-financements.docx"));
        assert!(!Set::Contrat.owns("avenant-1.pdf"));
        assert!(!Set::Contrat.owns("consolide-2022-01-01"));
        assert!(Set::Avenant(1).owns("avenant-1-annexe-5-financements.pdf"));
        assert!(Set::Avenant(1).owns("avenant-1.yaml"));
        assert!(!Set::Avenant(1).owns("avenant-12.pdf"));
        assert!(Set::Avenant(1).owns(".cpom-avenant-1.json"));
        assert!(!Set::Contrat.owns(".cpom-avenant-1.json"));
        let some = Set::Documents(vec!["socle".into(), "annexe-5-financements".into()]);
        assert!(some.owns("socle.pdf"));
        assert!(some.owns("annexe-5-financements.signatures.json"));
        assert!(!some.owns("annexe-1-orientations-strategiques.pdf"));
        assert!(!some.owns(".cpom-contrat.json"));
    }
}
