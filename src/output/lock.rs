//! The lock of an output folder: one cpom process writes into a folder at a time.
//!
//! An advisory lock (`flock`) on `<folder>/.cpom.lock`, held by an open file for the whole run:
//! the kernel releases it when the process ends, however it ends, so a crash never leaves a
//! folder locked. The holder writes who it is into the file, so that a second run can name it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

pub const FILE_NAME: &str = ".cpom.lock";

/// What to do when another process holds the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait until it is released (after saying who holds it).
    Yes,
    /// Refuse at once, naming the holder.
    No,
}

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock of `dir` (created if needed). `Err` is a French message for the user.
    pub fn take(dir: &Path, wait: Wait) -> Result<Lock, String> {
        let path = dir.join(FILE_NAME);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| format!("impossible d’ouvrir le verrou {} : {e}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let holder = holder(&mut file);
                match wait {
                    Wait::No => {
                        return Err(format!(
                            "le dossier de sortie {} est en cours d’écriture par un autre cpom ({holder}) ; \
                             relancez quand il aura fini, ou sans --no-wait pour attendre",
                            dir.display()
                        ));
                    }
                    Wait::Yes => {
                        eprintln!(
                            "{} : en attente de l’autre cpom qui écrit dans ce dossier ({holder})…",
                            dir.display()
                        );
                        file.lock().map_err(|e| lock_error(&path, e))?;
                    }
                }
            }
            Err(TryLockError::Error(e)) => return Err(lock_error(&path, e)),
        }
        // Who holds it now: read by a process that finds the folder busy.
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| chrono::DateTime::from_timestamp(d.as_secs() as i64, 0))
            .map(|t| t.format("%d/%m/%Y à %H:%M:%S UTC").to_string())
            .unwrap_or_default();
        let me = format!(
            "pid {}, « {} », depuis le {since}",
            std::process::id(),
            command_line(),
        );
        let _ = file.set_len(0);
        let _ = file.seek(SeekFrom::Start(0));
        let _ = file.write_all(me.as_bytes());
        let _ = file.flush();
        Ok(Lock { _file: file })
    }
}

fn lock_error(path: &Path, e: std::io::Error) -> String {
    format!("impossible de verrouiller {} : {e}", path.display())
}

/// What the holder wrote about itself (it may not have written it yet).
fn holder(file: &mut File) -> String {
    let mut s = String::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.take(1024).read_to_string(&mut s);
    let s = s.trim();
    if s.is_empty() {
        "processus inconnu".to_string()
    } else {
        s.to_string()
    }
}

fn command_line() -> String {
    let args: Vec<String> = std::env::args().collect();
    let mut s = args.join(" ");
    if s.len() > 300 {
        s.truncate(s.floor_char_boundary(300));
        s.push('…');
    }
    s
}
