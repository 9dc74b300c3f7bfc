//! `cpom avenant diff OLD NEW`: the avenant that turns one version of a contract into the next.
//!
//! The computed avenant is written as an ordinary `avenant-N.yaml` beside its documents, then
//! loaded and rendered exactly as a hand-written one: the user can amend the file (an objet, a
//! motif, an article) and render it again with `cpom render`, and both paths check the same rules.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Failure};
use crate::model::avenant::{Avenant, AvenantFile, AvenantPrecedent};
use crate::model::load::Source;
use crate::render::{self, Library};

use super::{LoadedAvenant, Precedent, check, diff, en_vigueur};

/// What the user states about the avenant; the modifications are computed.
#[derive(Debug, Clone)]
pub struct EnTete {
    pub numero: u32,
    pub date_signature: chrono::NaiveDate,
    pub date_effet: chrono::NaiveDate,
    /// Default: where the contract was signed.
    pub lieu_signature: Option<String>,
    pub objet: Option<String>,
    pub motif: Option<String>,
    /// The earlier avenants' files, in order: cited in the visas and applied to OLD first.
    pub precedents: Vec<PathBuf>,
}

pub enum Resultat {
    /// Nothing an avenant carries changed; `hors_avenant` lists what else did.
    Identiques {
        hors_avenant: Vec<String>,
    },
    Avenant(Box<Calcule>),
}

pub struct Calcule {
    /// Where the avenant's data goes (`<output>/<FINESS>/avenant-N.yaml`) and its text.
    pub fichier: PathBuf,
    pub yaml: String,
    pub avenant: LoadedAvenant,
    /// Changed data that the avenant does not carry (to write by hand if it must be).
    pub hors_avenant: Vec<String>,
}

pub fn calculer(
    old: &Path,
    new: &Path,
    en_tete: EnTete,
    output: &Path,
    lib: &Library,
) -> Result<Resultat, Failure> {
    for (path, what) in [(old, "OLD"), (new, "NEW")] {
        if std::fs::read_to_string(path).is_ok_and(|t| super::is_avenant(&t)) {
            return Err(Diagnostic::error(
                path.display().to_string(),
                format!("{what} is an avenant: compare two versions of the contract, and give the earlier avenants with --precedent"),
            )
            .into());
        }
    }
    let base = render::load(old, lib)?;
    let nouvelle = render::load_later_version(new, lib)?;
    let dossier = output.join(render::folder_name(&base.contrat));
    let mut precedents = Vec::new();
    let mut avenants_precedents = Vec::new();
    for path in &en_tete.precedents {
        let source = Source::read(path)?;
        let file: AvenantFile = source.parse()?;
        avenants_precedents.push(AvenantPrecedent {
            numero: file.avenant.numero,
            date_signature: file.avenant.date_signature,
            objet: file.avenant.objet.clone(),
            fichier: Some(relative(&dossier, path)),
        });
        precedents.push(Precedent { source, file });
    }
    // What changed since the contract as in force: OLD with the earlier avenants applied.
    let avant = en_vigueur(&base, &precedents, lib)?;
    let difference = diff::compare(&avant, &nouvelle).map_err(|errors| {
        Failure(
            errors
                .into_iter()
                .map(|(path, message)| {
                    let mut d = Diagnostic::error("", message);
                    d.path = (!path.is_empty()).then_some(path);
                    nouvelle.source.locate(d)
                })
                .collect(),
        )
    })?;
    // New signatories alone need no avenant.
    if difference.modifications.is_empty() {
        return Ok(Resultat::Identiques {
            hors_avenant: difference.hors_avenant,
        });
    }
    let fichier = dossier.join(format!("avenant-{}.yaml", en_tete.numero));
    let file = AvenantFile {
        avenant: Avenant {
            contrat: relative(&dossier, old),
            finess_juridique: base.contrat.finess_juridique().to_string(),
            numero: en_tete.numero,
            date_signature: en_tete.date_signature,
            date_effet: en_tete.date_effet,
            lieu_signature: en_tete
                .lieu_signature
                .unwrap_or_else(|| base.contrat.lieu_signature().to_string()),
            objet: en_tete.objet,
            motif: en_tete.motif,
            avenants_precedents,
            signataires: difference.signataires,
            modifications: difference.modifications,
        },
    };
    let yaml = to_yaml(&file, old, new);
    // Read back as a user's file would be, so that problems are located in it.
    let source = Source::from_bytes(fichier.display().to_string(), yaml.clone().into_bytes())?;
    let file: AvenantFile = source.parse()?;
    let avenant = check(source, file, base, precedents, lib).map_err(|f| {
        let mut all = vec![Diagnostic::error(
            new.display().to_string(),
            format!(
                "the avenant computed from {} and this version would not be valid (nothing written):",
                old.display()
            ),
        )];
        all.extend(f.0);
        Failure(all)
    })?;
    Ok(Resultat::Avenant(Box::new(Calcule {
        fichier,
        yaml,
        avenant,
        hors_avenant: difference.hors_avenant,
    })))
}

/// The avenant as YAML, without the empty optional fields, under a comment naming its sources.
fn to_yaml(file: &AvenantFile, old: &Path, new: &Path) -> String {
    let mut value = serde_json::to_value(file).unwrap_or_default();
    drop_empty(&mut value);
    let body = serde_yaml::to_string(&value).unwrap_or_default();
    format!(
        "# Computed by `cpom avenant diff` from {} (as signed) and {} (as amended).\n{body}",
        old.display(),
        new.display()
    )
}

fn drop_empty(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.retain(|_, x| !x.is_null() && x.as_array().is_none_or(|a| !a.is_empty()));
            m.values_mut().for_each(drop_empty);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(drop_empty),
        _ => {}
    }
}

/// `to` as a path relative to the directory `from` (what an avenant's `contrat` field holds).
fn relative(from: &Path, to: &Path) -> String {
    let clean = |p: &Path| -> Vec<String> {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut parts: Vec<String> = Vec::new();
        for c in abs.components() {
            match c {
                Component::ParentDir => {
                    parts.pop();
                }
                Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                _ => {}
            }
        }
        parts
    };
    let (a, b) = (clean(from), clean(to));
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out: Vec<String> = vec!["..".into(); a.len() - common];
    out.extend(b[common..].iter().cloned());
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative(Path::new("/a/out/340"), Path::new("/a/fixtures/x.yaml")),
            "../../fixtures/x.yaml"
        );
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/b/c.yaml")),
            "c.yaml"
        );
    }
}
