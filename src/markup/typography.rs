//! French typographic spacing, applied to every text of the document model so that both
//! backends get it: a no-break space before `:` and `€` and inside « », a narrow no-break space
//! before `;`, `!`, `?` and `%` (Imprimerie nationale usage; the line can never break there); a
//! no-break space after « L. », « R. », « D. », « art. », « n° », « M. », « Mme », and inside a
//! written date (« 1er janvier 2019 »), so that no line ends on « D. » or « janvier ». A number
//! of a data text counted in some unit (« 1200 consultations », « 15000 passages ») is grouped
//! by three, as French writes it (« 1 200 consultations »).

use crate::doc::{Block, Document, Inline};

pub fn apply(doc: &mut Document) {
    for part in [
        &mut doc.header.left,
        &mut doc.header.right,
        &mut doc.footer.left,
        &mut doc.footer.right,
    ] {
        inlines(part);
    }
    for b in &mut doc.blocks {
        block(b);
    }
}

fn block(b: &mut Block) {
    match b {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => inlines(content),
        Block::List { items, .. } => items.iter_mut().flatten().for_each(block),
        Block::Table(t) => {
            t.header.iter_mut().for_each(|c| inlines(c));
            t.rows.iter_mut().flatten().for_each(|c| inlines(c));
        }
        Block::Signatures { intro, parties } => {
            intro.iter_mut().for_each(|l| inlines(l));
            for p in parties {
                p.lines.iter_mut().for_each(|l| inlines(l));
                inlines(&mut p.name);
            }
        }
        Block::PageBreak | Block::Chart(_) => {}
    }
}

fn inlines(content: &mut Vec<Inline>) {
    let mut out = Vec::with_capacity(content.len());
    for mut i in content.drain(..) {
        match &mut i {
            Inline::Text(t) => {
                out.extend(exposants(&spacing(&nombres(t))));
                continue;
            }
            Inline::Strong(c) | Inline::Emph(c) => inlines(c),
            _ => {}
        }
        out.push(i);
    }
    *content = out;
}

/// « 1er » and « 1re » with their letters in superscript, as French writes the ordinal.
fn exposants(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut start = 0;
    while let Some(pos) = rest[start..].find('1').map(|p| p + start) {
        let after = &rest[pos + 1..];
        let suffix = ["er", "re"].into_iter().find(|s| after.starts_with(s));
        let before_ok = rest[..pos]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let end_ok = |s: &str| {
            after[s.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
        };
        match suffix {
            Some(s) if before_ok && end_ok(s) => {
                out.push(Inline::Text(rest[..=pos].to_string()));
                out.push(Inline::Superscript(s.to_string()));
                rest = &after[s.len()..];
                start = 0;
            }
            _ => start = pos + 1,
        }
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(Inline::Text(rest.to_string()));
    }
    out
}

/// Words after which the line must not break: legal references, numbers, civilities.
const AVANT_INSECABLE: &[&str] = &[
    "L.", "R.", "D.", "art.", "Art.", "n°", "N°", "M.", "Mme", "MM.", "Mmes", "Dr",
];

/// The space at `i` joins two parts of a written date: « 1er janvier », « janvier 2019 ».
fn dans_une_date(avant: &str, apres: &str) -> bool {
    let jour = avant == "1er"
        || (avant.len() <= 2 && !avant.is_empty() && avant.chars().all(|c| c.is_ascii_digit()));
    let annee = apres.len() == 4 && apres.chars().all(|c| c.is_ascii_digit());
    (jour && crate::fr::MOIS.contains(&apres)) || (crate::fr::MOIS.contains(&avant) && annee)
}

/// Groups by three (narrow no-break space, as `fr::nombre`) the digits of a number followed by
/// the word of what it counts, or by « % » or « € »: « 1200 consultations » → « 1 200
/// consultations ». Left as written: a number that is part of a reference (after « n° », or
/// joined to letters, a dash, a slash, a point or a comma: « L. 6114-1 », « 31/12/2022 »,
/// « 2017-0012 »), a four-digit number that reads as a year (1900 to 2100), and a run of eight
/// digits or more (a FINESS, a SIRET: identifiers, formatted by their filters), or one written
/// with a leading zero.
pub fn nombres(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts = c.is_ascii_digit() && (i == 0 || !lie(chars[i - 1]));
        if !starts {
            out.push(c);
            i += 1;
            continue;
        }
        let end = i + chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let digits: String = chars[i..end].iter().collect();
        let suivi = chars
            .get(end)
            .is_some_and(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            && chars
                .get(end + 1)
                .is_some_and(|c| c.is_lowercase() || matches!(c, '%' | '€'));
        let apres_numero = {
            let avant: String = chars[..i].iter().collect();
            let avant = avant.trim_end();
            avant.ends_with("n°") || avant.ends_with("N°")
        };
        let annee =
            digits.len() == 4 && (1900..=2100).contains(&digits.parse::<u32>().unwrap_or(0));
        if suivi
            && !apres_numero
            && !annee
            && !digits.starts_with('0')
            && (4..=7).contains(&digits.len())
        {
            out.push_str(&crate::fr::nombre(digits.parse().unwrap_or(0)));
        } else {
            out.push_str(&digits);
        }
        i = end;
    }
    out
}

/// A character a number cannot follow without being part of a reference or a code.
fn lie(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '-' | '/' | '.' | ',' | '°' | '_' | '\u{202f}' | '\u{2011}'
        )
}

/// `avant` and `apres` are two groups of one number: 1 to 3 digits, then 3 digits (and its
/// decimals, « 200,50 »).
fn groupe_de_chiffres(avant: &str, apres: &str) -> bool {
    let chiffres = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let tete = apres.split(',').next().unwrap_or("");
    (1..=3).contains(&avant.len()) && chiffres(avant) && tete.len() == 3 && chiffres(tete)
}

pub fn spacing(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    // The word before and after a space, without the punctuation that ends or starts it.
    let mot_avant = |i: usize| -> String {
        let debut = chars[..i]
            .iter()
            .rposition(|c| c.is_whitespace())
            .map_or(0, |p| p + 1);
        chars[debut..i].iter().collect()
    };
    let mot_apres = |i: usize| -> String {
        chars[i + 1..]
            .iter()
            .take_while(|c| !c.is_whitespace())
            .collect::<String>()
            .trim_end_matches([',', ';', '.', ')', ':'])
            .to_string()
    };
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        if c == ' ' {
            match next {
                Some(':') | Some('»') | Some('€') => {
                    out.push('\u{a0}');
                    continue;
                }
                Some(';') | Some('!') | Some('?') | Some('%') => {
                    out.push('\u{202f}');
                    continue;
                }
                _ => {}
            }
            if prev == Some('«') {
                out.push('\u{a0}');
                continue;
            }
            let avant = mot_avant(i);
            let avant = avant.trim_start_matches(['(', '«', '\u{a0}']);
            if next.is_some()
                && (AVANT_INSECABLE.contains(&avant) || dans_une_date(avant, &mot_apres(i)))
            {
                out.push('\u{a0}');
                continue;
            }
            // Between the groups of a number written with spaces (« 1 200 interventions »).
            if groupe_de_chiffres(avant, &mot_apres(i)) {
                out.push('\u{202f}');
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::doc::Inline;

    #[test]
    fn french_spacing() {
        assert_eq!(
            super::spacing("Vu : « ARS » ; oui ?"),
            "Vu\u{a0}: «\u{a0}ARS\u{a0}»\u{202f}; oui\u{202f}?"
        );
        assert_eq!(super::spacing("http://x"), "http://x");
        assert_eq!(
            super::spacing("l’article L. 6114-1, R. 314-40, n° 12, M. Dupont, Mme Martin"),
            "l’article L.\u{a0}6114-1, R.\u{a0}314-40, n°\u{a0}12, M.\u{a0}Dupont, Mme\u{a0}Martin"
        );
        assert_eq!(
            super::spacing("le 1er janvier 2019 et le 31 décembre 2023, 70 % et 12 €"),
            "le 1er\u{a0}janvier\u{a0}2019 et le 31\u{a0}décembre\u{a0}2023, 70\u{202f}% et 12\u{a0}€"
        );
        assert_eq!(
            super::exposants("Article 1er – le 1re et 11er, 1ere"),
            vec![
                Inline::Text("Article 1".into()),
                Inline::Superscript("er".into()),
                Inline::Text(" – le 1".into()),
                Inline::Superscript("re".into()),
                Inline::Text(" et 11er, 1ere".into()),
            ]
        );
        assert_eq!(
            super::nombres("1200 consultations, 15000 passages, 12000 €, 2500 % et 0012 lits"),
            "1\u{202f}200 consultations, 15\u{202f}000 passages, 12\u{202f}000 €, 2\u{202f}500 % et 0012 lits"
        );
        // References, years, identifiers and numbers counting nothing are left as written.
        for text in [
            "en 2019 les lits",
            "arrêté n° 20170 du préfet",
            "L. 6114-1 et 2017-0012 places",
            "le 31/12/2022 ; 34078047 lits ; 340780477 est",
            "12000",
            "1 200 lits",
            "1,5000 lits",
        ] {
            assert_eq!(super::nombres(text), text);
        }
        assert_eq!(
            super::spacing("1 200 interventions et 12 345 678,50 €, en 2019 200 lits"),
            "1\u{202f}200 interventions et 12\u{202f}345\u{202f}678,50\u{a0}€, en 2019 200 lits"
        );
        // Not a date: « 3 mars » yes, « 3 fois » no; « mai 68 » is not a year.
        assert_eq!(super::spacing("3 fois en mai 68"), "3 fois en mai 68");
    }
}
