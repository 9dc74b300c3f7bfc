//! The manifest of an output directory: every file written, with its contract, document, format,
//! pages, bytes and SHA-256, and the hash of the inputs that produced it. A rerun skips a contract
//! whose inputs hash is unchanged and whose files are intact; shards written into one directory,
//! or merged with `cpom manifest merge`, give the manifest of the whole campaign.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const FILE_NAME: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub cpom_version: String,
    /// Files by contract (the input's name), each contract's files in writing order.
    pub contracts: BTreeMap<String, ContractEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractEntry {
    /// SHA-256 of everything the output depends on: data, templates, options, cpom version.
    pub inputs_sha256: String,
    /// What the contract writes, relative to the output folder: its folder (`CPOM-OCC-2019-…`),
    /// or `<folder>/avenant-N` for an avenant. Two contracts never share it.
    #[serde(default)]
    pub dossier: String,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the output directory.
    pub path: String,
    /// `socle`, `annexe-1-orientations-strategiques`, … or `contrat-complet`.
    pub document: String,
    pub format: String,
    pub pages: Option<usize>,
    pub bytes: u64,
    pub sha256: String,
}

impl ContractEntry {
    /// Whether every file of the entry is on disk under `dir` as it was written.
    pub fn intact(&self, dir: &Path) -> bool {
        !self.files.is_empty()
            && self.files.iter().all(|f| {
                std::fs::read(dir.join(&f.path))
                    .is_ok_and(|b| b.len() as u64 == f.bytes && sha256_hex(&b) == f.sha256)
            })
    }

    /// The entry a set's marker holds (see `output::Set::marker`), if it is intact on disk: a
    /// run killed between a folder's exchange and the manifest's save still left its record.
    pub fn from_marker(dir: &Path, dossier: &str) -> Option<ContractEntry> {
        let (folder, set) = match dossier.split_once("/avenant-") {
            Some((f, n)) => (f, crate::output::Set::Avenant(n.parse().ok()?)),
            None => (dossier, crate::output::Set::Contrat),
        };
        let bytes = std::fs::read(dir.join(folder).join(set.marker()?)).ok()?;
        let entry: ContractEntry = serde_json::from_slice(&bytes).ok()?;
        (entry.dossier == dossier && entry.intact(dir)).then_some(entry)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An empty manifest stamped with this version of cpom.
impl Default for Manifest {
    fn default() -> Self {
        Manifest::new()
    }
}

impl Manifest {
    pub fn new() -> Manifest {
        Manifest {
            cpom_version: env!("CARGO_PKG_VERSION").to_string(),
            contracts: BTreeMap::new(),
        }
    }

    /// The manifest in `dir`, or an empty one.
    pub fn read(dir: &Path) -> Manifest {
        std::fs::read(dir.join(FILE_NAME))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes the manifest atomically (a temporary file renamed over the old one) and durably.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        crate::output::write_all_or_nothing(dir, &[(FILE_NAME.to_string(), self.json()?)])
            .map(|_| ())
    }

    fn json(&self) -> std::io::Result<Vec<u8>> {
        let mut json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        json.push(b'\n');
        Ok(json)
    }

    /// Writes the manifest atomically but without waiting for the disk: the saves during a run.
    /// A killed process loses nothing (the rename is atomic, the page cache survives it); after a
    /// power cut the sets' own records (`output::Set::marker`, synced with the documents) give a
    /// rerun what a late save lacked. Waiting for the disk after every contract doubled the time
    /// of a 373-contract campaign.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        use std::io::Write;
        let json = self.json()?;
        let tmp = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
        let result = std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(&json))
            .and_then(|()| std::fs::rename(&tmp, dir.join(FILE_NAME)));
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// The contract (other than `except`) whose entry claims `dossier`.
    pub fn holder_of(&self, dossier: &str, except: &str) -> Option<&str> {
        self.contracts
            .iter()
            .find(|(name, e)| {
                name.as_str() != except && !e.dossier.is_empty() && e.dossier == dossier
            })
            .map(|(name, _)| name.as_str())
    }

    /// Records `entry` for `contract`; an entry of another contract for the same folder is
    /// dropped, since its files are now the new contract's.
    pub fn record(&mut self, contract: &str, entry: ContractEntry) {
        let dossier = entry.dossier.clone();
        self.contracts
            .retain(|name, e| name == contract || dossier.is_empty() || e.dossier != dossier);
        self.contracts.insert(contract.to_string(), entry);
    }

    /// Whether `contract` was rendered from the same inputs and its files are intact on disk.
    pub fn up_to_date(&self, dir: &Path, contract: &str, inputs_sha256: &str) -> bool {
        let Some(entry) = self.contracts.get(contract) else {
            return false;
        };
        entry.inputs_sha256 == inputs_sha256 && entry.intact(dir)
    }

    /// After a write outside `cpom batch` (render, avenant diff, --as-of) into `folder` of a
    /// folder a batch manages: the entries whose files there changed are dropped, so the manifest
    /// still lists only files as they are (the next batch renders those contracts again).
    pub fn forget_changed(dir: &Path, folder: &str) -> std::io::Result<()> {
        if !dir.join(FILE_NAME).exists() {
            return Ok(());
        }
        let mut m = Manifest::read(dir);
        let prefix = format!("{folder}/");
        let before = m.contracts.len();
        m.contracts
            .retain(|_, e| !e.files.iter().any(|f| f.path.starts_with(&prefix)) || e.intact(dir));
        if m.contracts.len() == before {
            return Ok(());
        }
        m.write(dir)
    }

    /// Adds the entries of `other` (another shard); on conflict, `other` wins.
    pub fn merge(&mut self, other: Manifest) {
        self.contracts.extend(other.contracts);
    }
}
