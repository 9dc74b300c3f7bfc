//! French formatting and identifiers.
//!
//! A CPOM is a legal document signed by an ARS (agence régionale de santé) and a health or
//! medico-social organisation: it must read like a French administrative text, not like a
//! program's output. This module gathers the conventions the templates rely on, so that they
//! live in one tested place rather than in ad hoc template code:
//!
//! - dates in words ("1er janvier 2019") and in figures ("01/01/2019");
//! - numbers and amounts with French typography: digits grouped by three with a narrow
//!   no-break space (U+202F), decimal comma, a no-break space (U+00A0) before "€", so that an
//!   amount is never split across lines;
//! - amounts in words, in the traditional spelling still expected in administrative and
//!   financial documents ("deux cents", "quatre-vingt-un", "vingt et un");
//! - checks of the identifiers that appear in the contract (FINESS, SIREN, SIRET), which catch
//!   typing mistakes before a document is signed, and their usual display.
//!
//! Everything is pure and deterministic (no locale, no clock), and no function panics,
//! whatever its input.

use chrono::{Datelike, NaiveDate};

/// Narrow no-break space: the French thousands separator.
const NNBSP: char = '\u{202F}';
/// No-break space: before the currency sign and between identifier groups.
const NBSP: char = '\u{00A0}';

/// The months, lowercase, as a date is written (also read by the typography pass).
pub const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// A date in words, as in the body of a contract: "1er janvier 2019", "31 décembre 2018".
///
/// The first day of the month is written "1er"; the month is lowercase and never abbreviated.
pub fn date_longue(d: NaiveDate) -> String {
    let jour = match d.day() {
        1 => "1er".to_owned(),
        n => n.to_string(),
    };
    format!("{jour} {} {}", mois(d.month()), d.year())
}

/// A date in figures: "31/12/2018".
pub fn date_courte(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// The length of a period from `debut` to `fin` (both included), as a contract states it: whole
/// years (« cinq ans ») when it ends on the eve of an anniversary, years and months
/// (« un an et six mois »), else days.
pub fn duree(debut: NaiveDate, fin: NaiveDate) -> String {
    let lendemain = fin.succ_opt().unwrap_or(fin);
    let mois =
        (lendemain.year() - debut.year()) * 12 + lendemain.month() as i32 - debut.month() as i32;
    if lendemain.day() != debut.day() || mois <= 0 {
        let jours = (lendemain - debut).num_days().max(0);
        return format!("{} jours", nombre_en_lettres(jours as u64));
    }
    let ans = match mois / 12 {
        0 => String::new(),
        1 => "un an".to_string(),
        n => format!("{} ans", nombre_en_lettres(n as u64)),
    };
    match (ans.is_empty(), mois % 12) {
        (false, 0) => ans,
        (true, m) => format!("{} mois", nombre_en_lettres(m as u64)),
        (false, m) => format!("{ans} et {} mois", nombre_en_lettres(m as u64)),
    }
}

/// The French name of month `m` (1 = "janvier" … 12 = "décembre"), lowercase.
///
/// Returns an empty string for a number outside `1..=12`.
pub fn mois(m: u32) -> &'static str {
    m.checked_sub(1)
        .and_then(|i| MOIS.get(i as usize))
        .copied()
        .unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Numbers and amounts
// ---------------------------------------------------------------------------------------------

/// Groups a string of ASCII digits by three from the right with `sep`.
fn grouper(digits: &str, sep: char) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3 * sep.len_utf8());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// "-" for a negative value, "" otherwise.
fn signe(negatif: bool) -> &'static str {
    if negatif { "-" } else { "" }
}

/// An amount in euros, given in cents: "1 234 567,89 €".
///
/// Thousands are separated by a narrow no-break space (U+202F), the decimal separator is a
/// comma, there are always two decimals, and a no-break space (U+00A0) precedes "€".
/// A negative amount is prefixed with an ASCII hyphen-minus: "-1 234,00 €".
pub fn euros(cents: i64) -> String {
    let abs = cents.unsigned_abs();
    format!(
        "{}{},{:02}{NBSP}€",
        signe(cents < 0),
        grouper(&(abs / 100).to_string(), NNBSP),
        abs % 100
    )
}

/// An amount in whole euros, given in cents and rounded half away from zero: "1 234 568 €".
///
/// Same typography as [`euros`]; an amount that rounds to zero has no sign.
pub fn euros_entiers(cents: i64) -> String {
    // `unsigned_abs` of i64::MIN is 2^63: adding 50 cannot overflow a u64.
    let arrondi = (cents.unsigned_abs() + 50) / 100;
    format!(
        "{}{}{NBSP}€",
        signe(cents < 0 && arrondi > 0),
        grouper(&arrondi.to_string(), NNBSP)
    )
}

/// An integer with its thousands separated by a narrow no-break space (U+202F): "12 345".
pub fn nombre(value: i64) -> String {
    format!(
        "{}{}",
        signe(value < 0),
        grouper(&value.unsigned_abs().to_string(), NNBSP)
    )
}

/// A decimal number written with a point ("0.5", "12.25", "-3", "1234.5") rewritten the French
/// way ("0,5", "12,25", "-3", "1 234,5").
///
/// The integer part is grouped by three with a narrow no-break space (U+202F) from 1000 on and
/// loses its superfluous leading zeros; the decimals are kept as written. Surrounding
/// whitespace is ignored. Returns `None` unless the input is an optional "-" followed by
/// digits, optionally followed by a point and at least one digit.
pub fn decimal_fr(s: &str) -> Option<String> {
    let s = s.trim();
    let (negatif, s) = match s.strip_prefix('-') {
        Some(reste) => (true, reste),
        None => (false, s),
    };
    let (entier, decimales) = match s.split_once('.') {
        Some((e, d)) => (e, Some(d)),
        None => (s, None),
    };
    let chiffres = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !chiffres(entier) || !decimales.is_none_or(chiffres) {
        return None;
    }
    let entier = match entier.trim_start_matches('0') {
        "" => "0",
        e => e,
    };
    let mut out = format!("{}{}", signe(negatif), grouper(entier, NNBSP));
    if let Some(d) = decimales {
        out.push(',');
        out.push_str(d);
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Ordinals
// ---------------------------------------------------------------------------------------------

/// The number of an article, as in "Article 1er", "Article 2": "1er", then plain figures.
pub fn ordinal_article(n: u32) -> String {
    match n {
        1 => "1er".to_owned(),
        n => n.to_string(),
    }
}

/// An ordinal in figures: "1er" (or "1re" when `feminin`), then "2e", "3e"…
pub fn ordinal(n: u32, feminin: bool) -> String {
    match (n, feminin) {
        (1, false) => "1er".to_owned(),
        (1, true) => "1re".to_owned(),
        (n, _) => format!("{n}e"),
    }
}

// ---------------------------------------------------------------------------------------------
// Identifiers: Luhn, FINESS, SIREN, SIRET
// ---------------------------------------------------------------------------------------------

/// True if `s` is non-empty and made only of ASCII digits.
fn chiffres(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Luhn sum modulo 10 of ASCII digits, doubling the rightmost digit if `doubler_dernier`,
/// then every second digit leftwards.
fn somme_luhn(digits: &str, doubler_dernier: bool) -> u32 {
    digits.bytes().rev().enumerate().fold(0, |acc, (i, b)| {
        let d = u32::from(b - b'0');
        let d = if (i % 2 == 0) == doubler_dernier {
            let x = d * 2;
            if x > 9 { x - 9 } else { x }
        } else {
            d
        };
        (acc + d) % 10
    })
}

/// True if `digits` is a non-empty string of ASCII digits that passes the Luhn (mod 10)
/// check: every second digit from the right (the 2nd, 4th…) is doubled, 9 is subtracted from
/// the doubles above 9, and the sum of all digits must be a multiple of 10.
pub fn luhn_valid(digits: &str) -> bool {
    chiffres(digits) && somme_luhn(digits, false) == 0
}

/// The digit that, appended to `body`, makes a Luhn-valid number (see [`luhn_valid`]).
///
/// Returns `None` unless `body` is a non-empty string of ASCII digits.
pub fn luhn_check_digit(body: &str) -> Option<u32> {
    chiffres(body).then(|| (10 - somme_luhn(body, true)) % 10)
}

/// Result of [`check_finess`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinessCheck {
    /// Well formed, and the check digit is right.
    Valid,
    /// Not nine characters made of a department code ("01"…"99", "2A", "2B") and seven digits.
    InvalidFormat,
    /// Well formed, but the Luhn check digit is wrong: most likely a typing mistake.
    InvalidCheckDigit,
    /// Well formed Corsican number ("2A…", "2B…"): its check digit cannot be verified by the
    /// Luhn rule, so the caller should warn rather than reject.
    FormatOnly,
}

/// Checks a FINESS number (fichier national des établissements sanitaires et sociaux).
///
/// A FINESS has nine characters: a department code (two digits, or "2A"/"2B" for Corsica,
/// case-insensitive) followed by seven digits, the last of which is a Luhn check digit over
/// the nine digits. Corsican numbers can only be checked for format ([`FinessCheck::FormatOnly`]).
pub fn check_finess(s: &str) -> FinessCheck {
    let b = s.as_bytes();
    if b.len() != 9 || !b[2..].iter().all(u8::is_ascii_digit) {
        return FinessCheck::InvalidFormat;
    }
    match (b[0], b[1].to_ascii_uppercase()) {
        (d0, d1) if d0.is_ascii_digit() && d1.is_ascii_digit() => {
            if luhn_valid(s) {
                FinessCheck::Valid
            } else {
                FinessCheck::InvalidCheckDigit
            }
        }
        (b'2', b'A' | b'B') => FinessCheck::FormatOnly,
        _ => FinessCheck::InvalidFormat,
    }
}

/// Splits `s` into groups of the given sizes (in characters) joined by a no-break space, or
/// returns `None` if `s` does not have exactly as many characters as the groups together.
fn decouper(s: &str, tailles: &[usize]) -> Option<String> {
    if s.chars().count() != tailles.iter().sum::<usize>() {
        return None;
    }
    let mut reste = s.chars();
    let groupes: Vec<String> = tailles
        .iter()
        .map(|&n| reste.by_ref().take(n).collect())
        .collect();
    Some(groupes.join(&NBSP.to_string()))
}

/// A FINESS number as usually displayed: "01 078 005 4" (groups of 2, 3, 3 and 1 characters
/// separated by no-break spaces). Input that is not nine characters long is returned unchanged.
pub fn finess_affichage(s: &str) -> String {
    decouper(s, &[2, 3, 3, 1]).unwrap_or_else(|| s.to_owned())
}

/// Checks a SIREN number (company identifier): nine digits passing the Luhn check.
pub fn check_siren(s: &str) -> bool {
    s.len() == 9 && luhn_valid(s)
}

/// SIREN of La Poste, whose establishments (SIRET) do not follow the Luhn rule.
const SIREN_LA_POSTE: &str = "356000000";

/// Checks a SIRET number (establishment identifier): fourteen digits passing the Luhn check.
///
/// Exception: establishments of La Poste (SIRET beginning with its SIREN, 356000000) are
/// valid when the sum of their fourteen digits is a multiple of 5.
pub fn check_siret(s: &str) -> bool {
    if s.len() != 14 || !chiffres(s) {
        return false;
    }
    if s.starts_with(SIREN_LA_POSTE) {
        s.bytes()
            .map(|b| u32::from(b - b'0'))
            .sum::<u32>()
            .is_multiple_of(5)
    } else {
        luhn_valid(s)
    }
}

/// A SIREN number as usually displayed: "732 829 320" (groups of three separated by no-break
/// spaces). Input that is not nine characters long is returned unchanged.
pub fn siren_affichage(s: &str) -> String {
    decouper(s, &[3, 3, 3]).unwrap_or_else(|| s.to_owned())
}

/// A SIRET number as usually displayed: "732 829 320 00074" (SIREN in groups of three, then
/// the five-digit establishment number, separated by no-break spaces). Input that is not
/// fourteen characters long is returned unchanged.
pub fn siret_affichage(s: &str) -> String {
    decouper(s, &[3, 3, 3, 5]).unwrap_or_else(|| s.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Numbers in words
// ---------------------------------------------------------------------------------------------

const UNITES: [&str; 17] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize",
];

/// Tens from 20 to 60, indexed by `n / 10 - 2`.
const DIZAINES: [&str; 5] = ["vingt", "trente", "quarante", "cinquante", "soixante"];

/// Nouns for 10^6, 10^9, 10^12, 10^15 and 10^18 (long scale), indexed by `rang - 2` where
/// `rang` counts groups of three digits from the right.
const GRANDS: [&str; 5] = ["million", "milliard", "billion", "billiard", "trillion"];

/// 1..=99 in words. `final_` is true when no other numeral follows, which lets "quatre-vingt"
/// take its plural -s.
fn dizaines_en_lettres(n: u64, final_: bool) -> String {
    match n {
        0..=16 => UNITES[n as usize].to_owned(),
        17..=19 => format!("dix-{}", UNITES[(n - 10) as usize]),
        80 if final_ => "quatre-vingts".to_owned(),
        80 => "quatre-vingt".to_owned(),
        81..=99 => format!("quatre-vingt-{}", dizaines_en_lettres(n - 80, false)),
        71 => "soixante et onze".to_owned(),
        70..=79 => format!("soixante-{}", dizaines_en_lettres(n - 60, false)),
        _ => {
            let dizaine = DIZAINES[(n / 10 - 2) as usize];
            match n % 10 {
                0 => dizaine.to_owned(),
                1 => format!("{dizaine} et un"),
                u => format!("{dizaine}-{}", UNITES[u as usize]),
            }
        }
    }
}

/// 1..=999 in words. `final_` is true when no other numeral follows (the end of the number, or
/// a noun such as "millions"), which lets "cent" and "quatre-vingt" take their plural -s.
fn centaines_en_lettres(n: u64, final_: bool) -> String {
    let (centaines, reste) = (n / 100, n % 100);
    let mut out = match centaines {
        0 => String::new(),
        1 => "cent".to_owned(),
        c if reste == 0 && final_ => format!("{} cents", UNITES[c as usize]),
        c => format!("{} cent", UNITES[c as usize]),
    };
    if reste > 0 {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&dizaines_en_lettres(reste, final_));
    }
    out
}

/// A number in words, in the traditional spelling of administrative documents:
/// "deux cents", "deux cent trois", "quatre-vingts", "quatre-vingt-un", "vingt et un",
/// "soixante et onze", "mille", "deux mille", "deux cents millions", "zéro".
///
/// Hyphens join only tens and units below one hundred, except around "et". "Mille" is
/// invariable; "million", "milliard" (and the larger "billion", "billiard", "trillion") are
/// nouns that take the plural -s.
pub fn nombre_en_lettres(n: u64) -> String {
    if n == 0 {
        return UNITES[0].to_owned();
    }
    // Groups of three digits, most significant first, with their rank (0 = units,
    // 1 = thousands, 2 = millions…).
    let mut groupes = Vec::new();
    let mut reste = n;
    let mut rang = 0;
    while reste > 0 {
        groupes.push((rang, reste % 1000));
        reste /= 1000;
        rang += 1;
    }
    let mots: Vec<String> = groupes
        .into_iter()
        .rev()
        .filter(|&(_, g)| g > 0)
        .map(|(rang, g)| match rang {
            0 => centaines_en_lettres(g, true),
            1 if g == 1 => "mille".to_owned(),
            1 => format!("{} mille", centaines_en_lettres(g, false)),
            _ => {
                let nom = GRANDS.get(rang - 2).copied().unwrap_or("");
                let pluriel = if g > 1 { "s" } else { "" };
                format!("{} {nom}{pluriel}", centaines_en_lettres(g, true))
            }
        })
        .collect();
    mots.join(" ")
}

/// An amount in words, given in cents: "un euro", "deux euros", "zéro euro",
/// "un million d'euros", "mille deux cents euros", "cinquante centimes",
/// "un million deux cent trente-quatre mille cinq cent soixante-sept euros et
/// quatre-vingt-neuf centimes".
///
/// "Euro" is singular below two. It is preceded by "d'" when the number ends with a noun
/// ("million(s)", "milliard(s)"…). Cents alone are written without euros; a negative amount
/// is prefixed with "moins ".
pub fn euros_en_lettres(cents: i64) -> String {
    let abs = cents.unsigned_abs();
    let (euros, centimes) = (abs / 100, abs % 100);
    let mut out = String::from(if cents < 0 { "moins " } else { "" });
    if euros > 0 || centimes == 0 {
        out.push_str(&nombre_en_lettres(euros));
        out.push_str(match euros {
            0 | 1 => " euro",
            e if e.is_multiple_of(1_000_000) => " d'euros",
            _ => " euros",
        });
    }
    if centimes > 0 {
        if euros > 0 {
            out.push_str(" et ");
        }
        out.push_str(&nombre_en_lettres(centimes));
        out.push_str(if centimes == 1 {
            " centime"
        } else {
            " centimes"
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words() {
        let d = |a: &str, b: &str| {
            duree(
                NaiveDate::parse_from_str(a, "%Y-%m-%d").unwrap(),
                NaiveDate::parse_from_str(b, "%Y-%m-%d").unwrap(),
            )
        };
        assert_eq!(d("2019-01-01", "2023-12-31"), "cinq ans");
        assert_eq!(d("2021-01-01", "2023-12-31"), "trois ans");
        assert_eq!(d("2020-01-01", "2020-12-31"), "un an");
        assert_eq!(d("2020-07-01", "2021-12-31"), "un an et six mois");
        assert_eq!(d("2020-07-01", "2020-09-30"), "trois mois");
        assert_eq!(d("2020-07-15", "2020-07-24"), "dix jours");
    }

    /// Replaces the typographic spaces by '_' (U+202F) and '~' (U+00A0) so that expectations
    /// are readable and the exact separator is still checked.
    fn visible(s: &str) -> String {
        s.replace(NNBSP, "_").replace(NBSP, "~")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    #[test]
    fn dates_longues() {
        assert_eq!(date_longue(date(2019, 1, 1)), "1er janvier 2019");
        assert_eq!(date_longue(date(2018, 12, 31)), "31 décembre 2018");
        assert_eq!(date_longue(date(2026, 2, 2)), "2 février 2026");
        assert_eq!(date_longue(date(2024, 8, 15)), "15 août 2024");
        assert_eq!(date_longue(date(2023, 7, 11)), "11 juillet 2023");
    }

    #[test]
    fn dates_courtes() {
        assert_eq!(date_courte(date(2018, 12, 31)), "31/12/2018");
        assert_eq!(date_courte(date(2019, 1, 1)), "01/01/2019");
        assert_eq!(date_courte(date(2026, 2, 2)), "02/02/2026");
    }

    #[test]
    fn noms_des_mois() {
        let attendus = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        for (i, attendu) in attendus.iter().enumerate() {
            assert_eq!(mois(i as u32 + 1), *attendu);
        }
        assert_eq!(mois(0), "");
        assert_eq!(mois(13), "");
        assert_eq!(mois(u32::MAX), "");
    }

    #[test]
    fn montants_en_euros() {
        assert_eq!(visible(&euros(123_456_789)), "1_234_567,89~€");
        assert_eq!(visible(&euros(0)), "0,00~€");
        assert_eq!(visible(&euros(5)), "0,05~€");
        assert_eq!(visible(&euros(-5)), "-0,05~€");
        assert_eq!(visible(&euros(100)), "1,00~€");
        assert_eq!(visible(&euros(99_999)), "999,99~€");
        assert_eq!(visible(&euros(100_000)), "1_000,00~€");
        assert_eq!(visible(&euros(-123_400)), "-1_234,00~€");
        assert_eq!(visible(&euros(i64::MAX)), "92_233_720_368_547_758,07~€");
        assert_eq!(visible(&euros(i64::MIN)), "-92_233_720_368_547_758,08~€");
    }

    #[test]
    fn montants_en_euros_entiers() {
        assert_eq!(visible(&euros_entiers(123_456_789)), "1_234_568~€");
        assert_eq!(visible(&euros_entiers(123_456_749)), "1_234_567~€");
        assert_eq!(visible(&euros_entiers(150)), "2~€");
        assert_eq!(visible(&euros_entiers(149)), "1~€");
        assert_eq!(visible(&euros_entiers(-150)), "-2~€");
        assert_eq!(visible(&euros_entiers(-149)), "-1~€");
        assert_eq!(visible(&euros_entiers(0)), "0~€");
        assert_eq!(visible(&euros_entiers(-49)), "0~€");
        assert_eq!(visible(&euros_entiers(-50)), "-1~€");
        assert_eq!(
            visible(&euros_entiers(i64::MIN)),
            "-92_233_720_368_547_758~€"
        );
        assert_eq!(
            visible(&euros_entiers(i64::MAX)),
            "92_233_720_368_547_758~€"
        );
    }

    #[test]
    fn nombres_groupes() {
        assert_eq!(visible(&nombre(0)), "0");
        assert_eq!(visible(&nombre(999)), "999");
        assert_eq!(visible(&nombre(1000)), "1_000");
        assert_eq!(visible(&nombre(12_345)), "12_345");
        assert_eq!(visible(&nombre(123_456)), "123_456");
        assert_eq!(visible(&nombre(1_234_567)), "1_234_567");
        assert_eq!(visible(&nombre(-1_234)), "-1_234");
        assert_eq!(visible(&nombre(i64::MIN)), "-9_223_372_036_854_775_808");
    }

    #[test]
    fn decimaux() {
        let cas = [
            ("0.5", "0,5"),
            ("12.25", "12,25"),
            ("12.50", "12,50"),
            ("12", "12"),
            ("999.9", "999,9"),
            ("1000", "1_000"),
            ("1234.5", "1_234,5"),
            ("1234567.125", "1_234_567,125"),
            ("-0.5", "-0,5"),
            ("-1234.5", "-1_234,5"),
            ("007.5", "7,5"),
            ("000", "0"),
            (" 3.5 ", "3,5"),
        ];
        for (entree, attendu) in cas {
            assert_eq!(
                decimal_fr(entree).map(|s| visible(&s)).as_deref(),
                Some(attendu),
                "{entree:?}"
            );
        }
        for invalide in [
            "", " ", "-", ".", ".5", "5.", "1.2.3", "1,5", "abc", "1e3", "+1", "--1", "1 000", "½",
            "١٢",
        ] {
            assert_eq!(decimal_fr(invalide), None, "{invalide:?}");
        }
    }

    #[test]
    fn ordinaux() {
        assert_eq!(ordinal_article(1), "1er");
        assert_eq!(ordinal_article(2), "2");
        assert_eq!(ordinal_article(3), "3");
        assert_eq!(ordinal_article(11), "11");
        assert_eq!(ordinal(1, false), "1er");
        assert_eq!(ordinal(1, true), "1re");
        assert_eq!(ordinal(2, false), "2e");
        assert_eq!(ordinal(2, true), "2e");
        assert_eq!(ordinal(21, false), "21e");
    }

    #[test]
    fn luhn() {
        for valide in [
            "0",
            "18",
            "79927398713",
            "010780054",
            "970216057",
            "590799730",
        ] {
            assert!(luhn_valid(valide), "{valide}");
        }
        for invalide in [
            "",
            "1",
            "79927398710",
            "010780055",
            "01078005a",
            " 010780054",
            "٠",
        ] {
            assert!(!luhn_valid(invalide), "{invalide:?}");
        }
        assert_eq!(luhn_check_digit("7992739871"), Some(3));
        assert_eq!(luhn_check_digit("01078005"), Some(4));
        assert_eq!(luhn_check_digit("97021605"), Some(7));
        assert_eq!(luhn_check_digit("59079973"), Some(0));
        assert_eq!(luhn_check_digit(""), None);
        assert_eq!(luhn_check_digit("12a"), None);
        // The check digit always completes its body to a valid number.
        for body in ["1", "12", "123", "732829320", "7328293200007", "99999999"] {
            let d = luhn_check_digit(body).expect("digits");
            assert!(luhn_valid(&format!("{body}{d}")), "{body}");
        }
    }

    #[test]
    fn finess() {
        for valide in ["010780054", "970216057", "590799730"] {
            assert_eq!(check_finess(valide), FinessCheck::Valid, "{valide}");
        }
        assert_eq!(check_finess("010780055"), FinessCheck::InvalidCheckDigit);
        assert_eq!(check_finess("590799731"), FinessCheck::InvalidCheckDigit);
        assert_eq!(check_finess("2B0000012"), FinessCheck::FormatOnly);
        assert_eq!(check_finess("2A0000012"), FinessCheck::FormatOnly);
        assert_eq!(check_finess("2a0000012"), FinessCheck::FormatOnly);
        assert_eq!(check_finess("2b0000012"), FinessCheck::FormatOnly);
        for invalide in [
            "",
            "01078005",
            "0107800544",
            "2C0000012",
            "3A0000012",
            "A20000012",
            "2B000001X",
            "01 078 005 4",
            " 01078005",
            "0107800é",
            "2B",
        ] {
            assert_eq!(
                check_finess(invalide),
                FinessCheck::InvalidFormat,
                "{invalide:?}"
            );
        }
    }

    #[test]
    fn finess_affiche() {
        assert_eq!(visible(&finess_affichage("010780054")), "01~078~005~4");
        assert_eq!(visible(&finess_affichage("2B0000012")), "2B~000~001~2");
        assert_eq!(finess_affichage("0107800"), "0107800");
        assert_eq!(finess_affichage(""), "");
        assert_eq!(visible(&finess_affichage("éééééééé1")), "éé~ééé~ééé~1");
    }

    #[test]
    fn siren_siret() {
        assert!(check_siren("732829320"));
        assert!(check_siren("356000000"));
        assert!(!check_siren("732829321"));
        assert!(!check_siren("73282932"));
        assert!(!check_siren("7328293200"));
        assert!(!check_siren("73282932a"));
        assert!(!check_siren(""));

        assert!(check_siret("73282932000074"));
        assert!(!check_siret("73282932000075"));
        assert!(!check_siret("7328293200007"));
        assert!(!check_siret("732829320000740"));
        assert!(!check_siret("7328293200007a"));
        assert!(!check_siret("732 829 320 00074"));
        assert!(!check_siret(""));

        // La Poste: digit sum multiple of 5, even where the Luhn check fails.
        assert!(!luhn_valid("35600000049837"));
        assert!(check_siret("35600000049837"));
        assert!(!check_siret("35600000049838"));
    }

    #[test]
    fn siren_siret_affiches() {
        assert_eq!(visible(&siren_affichage("732829320")), "732~829~320");
        assert_eq!(
            visible(&siret_affichage("73282932000074")),
            "732~829~320~00074"
        );
        assert_eq!(siren_affichage("73282932"), "73282932");
        assert_eq!(siret_affichage("732829320"), "732829320");
    }

    #[test]
    fn nombres_en_lettres() {
        let cas: &[(u64, &str)] = &[
            (0, "zéro"),
            (1, "un"),
            (10, "dix"),
            (16, "seize"),
            (17, "dix-sept"),
            (19, "dix-neuf"),
            (20, "vingt"),
            (21, "vingt et un"),
            (22, "vingt-deux"),
            (30, "trente"),
            (31, "trente et un"),
            (38, "trente-huit"),
            (61, "soixante et un"),
            (69, "soixante-neuf"),
            (70, "soixante-dix"),
            (71, "soixante et onze"),
            (72, "soixante-douze"),
            (77, "soixante-dix-sept"),
            (79, "soixante-dix-neuf"),
            (80, "quatre-vingts"),
            (81, "quatre-vingt-un"),
            (89, "quatre-vingt-neuf"),
            (90, "quatre-vingt-dix"),
            (91, "quatre-vingt-onze"),
            (97, "quatre-vingt-dix-sept"),
            (99, "quatre-vingt-dix-neuf"),
            (100, "cent"),
            (101, "cent un"),
            (180, "cent quatre-vingts"),
            (200, "deux cents"),
            (201, "deux cent un"),
            (203, "deux cent trois"),
            (280, "deux cent quatre-vingts"),
            (999, "neuf cent quatre-vingt-dix-neuf"),
            (1_000, "mille"),
            (1_001, "mille un"),
            (1_200, "mille deux cents"),
            (2_000, "deux mille"),
            (21_000, "vingt et un mille"),
            (38_000, "trente-huit mille"),
            (80_000, "quatre-vingt mille"),
            (80_080, "quatre-vingt mille quatre-vingts"),
            (100_000, "cent mille"),
            (200_000, "deux cent mille"),
            (201_000, "deux cent un mille"),
            (1_000_000, "un million"),
            (1_001_000, "un million mille"),
            (2_000_000, "deux millions"),
            (80_000_000, "quatre-vingts millions"),
            (200_000_000, "deux cents millions"),
            (
                1_234_567,
                "un million deux cent trente-quatre mille cinq cent soixante-sept",
            ),
            (1_000_000_000, "un milliard"),
            (3_000_000_001, "trois milliards un"),
            (1_000_000_000_000, "un billion"),
        ];
        for &(n, attendu) in cas {
            assert_eq!(nombre_en_lettres(n), attendu, "{n}");
        }
        assert_eq!(
            nombre_en_lettres(u64::MAX),
            "dix-huit trillions quatre cent quarante-six billiards sept cent quarante-quatre \
             billions soixante-treize milliards sept cent neuf millions cinq cent cinquante et \
             un mille six cent quinze"
        );
    }

    #[test]
    fn montants_en_lettres() {
        let cas: &[(i64, &str)] = &[
            (0, "zéro euro"),
            (100, "un euro"),
            (150, "un euro et cinquante centimes"),
            (200, "deux euros"),
            (1, "un centime"),
            (50, "cinquante centimes"),
            (80, "quatre-vingts centimes"),
            (120_000, "mille deux cents euros"),
            (100_000_000, "un million d'euros"),
            (200_000_000, "deux millions d'euros"),
            (20_000_000_000, "deux cents millions d'euros"),
            (100_000_000_000, "un milliard d'euros"),
            (100_100_000_000, "un milliard un million d'euros"),
            (100_000_100, "un million un euros"),
            (100_000_001, "un million d'euros et un centime"),
            (
                123_456_789,
                "un million deux cent trente-quatre mille cinq cent soixante-sept euros \
                 et quatre-vingt-neuf centimes",
            ),
            (-200, "moins deux euros"),
            (-50, "moins cinquante centimes"),
        ];
        for &(cents, attendu) in cas {
            assert_eq!(euros_en_lettres(cents), attendu, "{cents}");
        }
        // Extremes do not panic.
        assert!(euros_en_lettres(i64::MIN).starts_with("moins quatre-vingt-douze billiards"));
        assert!(euros_en_lettres(i64::MAX).ends_with("euros et sept centimes"));
    }

    #[test]
    fn lettres_bien_formees_sur_une_plage() {
        let formes = [
            "  ",
            "cents mille",
            "vingts mille",
            "-et",
            "et-",
            "un cents",
        ];
        for n in (0..=2_000_000u64).chain([u64::MAX - 1, u64::MAX]) {
            let s = nombre_en_lettres(n);
            assert_eq!(s.trim(), s, "{n}");
            for forme in formes {
                assert!(!s.contains(forme), "{n}: {s}");
            }
            // "mille" or "un million mille", never "un mille" alone (but "vingt et un mille",
            // "cent un mille").
            let mots: Vec<&str> = s.split(' ').collect();
            for (i, w) in mots.windows(2).enumerate() {
                if w == ["un", "mille"] {
                    assert!(i > 0 && !mots[i - 1].contains("illi"), "{n}: {s}");
                }
            }
        }
    }

    #[test]
    fn chiffre_de_controle_unique() {
        for i in 0..20_000u32 {
            let body = format!("{i:08}");
            let d = luhn_check_digit(&body).expect("digits");
            for autre in 0..10 {
                assert_eq!(
                    luhn_valid(&format!("{body}{autre}")),
                    autre == d,
                    "{body}{autre}"
                );
            }
        }
    }
}
