//! How a party's name takes its article: « le Centre hospitalier… », « la Clinique… »,
//! « l’Association… », and the agreement after it (« représentée »). The words are data
//! (`templates/articles.yaml`); this module only reads the first word of the name, chooses the
//! gender and elides before a vowel or a mute h.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const FILE: &str = "articles.yaml";

/// The gender of a name, when the data states it (`genre:`) for a name the table cannot know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Genre {
    Masculin,
    Feminin,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Articles {
    masculin: Vec<String>,
    feminin: Vec<String>,
    h_aspire: Vec<String>,
    formes: BTreeMap<String, Formes>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Formes {
    le: String,
    du: String,
    au: String,
    #[serde(default)]
    accord: String,
}

/// A name with its article in the three forms a contract needs, and the agreement ending
/// (`""` or `"e"`): `{{ d.le }}`, `{{ d.du }}`, `{{ d.au }}`, `représenté{{ d.accord }}`;
/// `Le`/`Du`/`Au` start a sentence or a signature column.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[allow(non_snake_case)]
pub struct Denomination {
    pub nom: String,
    pub genre: Genre,
    pub le: String,
    pub du: String,
    pub au: String,
    pub Le: String,
    pub accord: String,
}

impl Denomination {
    /// A name printed as it is (no article known): what `cpom check` refuses, kept for a
    /// template check on unusual data.
    pub fn sans_article(nom: &str) -> Denomination {
        Denomination {
            nom: nom.to_string(),
            genre: Genre::Masculin,
            le: nom.to_string(),
            du: format!("de {nom}"),
            au: format!("à {nom}"),
            Le: nom.to_string(),
            accord: String::new(),
        }
    }
}

impl Articles {
    pub fn parse(text: &str) -> Result<Articles, String> {
        let a: Articles = serde_yaml::from_str(text).map_err(|e| format!("{FILE}: {e}"))?;
        for g in ["masculin", "feminin", "elision"] {
            if !a.formes.contains_key(g) {
                return Err(format!("{FILE}: formes.{g} is missing"));
            }
        }
        Ok(a)
    }

    /// The gender the table gives the name, from its first word (then its first letters, for
    /// « SELARL » written « Selarl »), if it knows it.
    pub fn genre(&self, nom: &str) -> Option<Genre> {
        let premier = premier_mot(nom);
        let has = |l: &[String]| l.iter().any(|w| w == premier);
        if has(&self.masculin) {
            Some(Genre::Masculin)
        } else if has(&self.feminin) {
            Some(Genre::Feminin)
        } else {
            None
        }
    }

    /// The name with its article: the stated gender first, else the table's; `None` when
    /// neither knows (an error of `cpom check`).
    pub fn denomination(&self, nom: &str, genre: Option<Genre>) -> Option<Denomination> {
        let genre = genre.or_else(|| self.genre(nom))?;
        let nom = nom.trim().to_string();
        let key = match genre {
            Genre::Masculin => "masculin",
            Genre::Feminin => "feminin",
        };
        let f = &self.formes[key];
        // A name that carries its own article (« Les Amis de… », « Le Relais ») contracts it
        // as French does: « des Amis de… », « du Relais ».
        let (premier, reste) = match nom.split_once([' ', '’', '\'']) {
            Some((p, r)) => (p, r.trim_start()),
            None => ("", ""),
        };
        let propre = match premier {
            "Le" => Some(("le ", "du ", "au ")),
            "La" => Some(("la ", "de la ", "à la ")),
            "Les" => Some(("les ", "des ", "aux ")),
            "L" => Some(("l’", "de l’", "à l’")),
            _ => None,
        };
        if let Some((le, du, au)) = propre {
            return Some(Denomination {
                le: format!("{le}{reste}"),
                du: format!("{du}{reste}"),
                au: format!("{au}{reste}"),
                Le: nom.clone(),
                accord: f.accord.clone(),
                genre,
                nom,
            });
        }
        let e = if self.elide(&nom) {
            &self.formes["elision"]
        } else {
            f
        };
        let capital = |s: &str| {
            let mut c = s.chars();
            c.next()
                .map(|first| first.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        };
        Some(Denomination {
            le: format!("{}{nom}", e.le),
            du: format!("{}{nom}", e.du),
            au: format!("{}{nom}", e.au),
            Le: capital(&format!("{}{nom}", e.le)),
            accord: f.accord.clone(),
            genre,
            nom,
        })
    }

    /// Elision before a vowel or a mute h (not before the h aspirés of the table).
    fn elide(&self, nom: &str) -> bool {
        let premier = premier_mot(nom);
        if self
            .h_aspire
            .iter()
            .any(|w| premier == w || premier.starts_with(&format!("{w}-")))
        {
            return false;
        }
        nom.trim()
            .chars()
            .next()
            .is_some_and(|c| "AEIOUYÉÈÊËÀÂÎÏÔŒÛÙÜHaeiouyéèêëàâîïôœûùüh".contains(c))
    }
}

/// The first word: letters, digits and hyphens (« Croix-Rouge »), up to anything else —
/// a space, an apostrophe, a comma or an invisible character.
fn premier_mot(nom: &str) -> &str {
    nom.trim()
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Articles {
        Articles::parse(include_str!("../../templates/articles.yaml")).unwrap()
    }

    #[test]
    fn names_take_their_article_and_elide() {
        let t = table();
        let d = t
            .denomination("Centre hospitalier universitaire de Montpellier", None)
            .unwrap();
        assert_eq!(d.le, "le Centre hospitalier universitaire de Montpellier");
        assert_eq!(d.du, "du Centre hospitalier universitaire de Montpellier");
        assert_eq!(d.accord, "");
        let d = t.denomination("Clinique Saint-Roch", None).unwrap();
        assert_eq!(
            (d.le.as_str(), d.du.as_str(), d.accord.as_str()),
            ("la Clinique Saint-Roch", "de la Clinique Saint-Roch", "e")
        );
        assert_eq!(d.Le, "La Clinique Saint-Roch");
        let d = t
            .denomination("Association Les Jardins d’Oc", None)
            .unwrap();
        assert_eq!(
            (d.le.as_str(), d.du.as_str(), d.au.as_str()),
            (
                "l’Association Les Jardins d’Oc",
                "de l’Association Les Jardins d’Oc",
                "à l’Association Les Jardins d’Oc"
            )
        );
        assert_eq!(d.accord, "e");
        let d = t.denomination("Hôpital Saint-Éloi", None).unwrap();
        assert_eq!(d.le, "l’Hôpital Saint-Éloi");
        assert_eq!(d.accord, "");
        let d = t
            .denomination("Haute-Garonne Santé", Some(Genre::Feminin))
            .unwrap();
        assert_eq!(d.le, "la Haute-Garonne Santé");
        assert!(t.denomination("Les Amis du Roussillon", None).is_none());
        let d = t
            .denomination("Les Amis du Roussillon", Some(Genre::Masculin))
            .unwrap();
        assert_eq!(
            (d.le.as_str(), d.du.as_str()),
            ("les Amis du Roussillon", "des Amis du Roussillon")
        );
        assert_eq!(d.Le, "Les Amis du Roussillon");
    }
}
