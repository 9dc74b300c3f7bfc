//! Indicator values as contracts write them — « 58 % », « 1 200 consultations », « 4,5 j »,
//! « mise en place effective » — read as a number and its unit where they are numeric.

/// A value of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub enum Valeur {
    /// A number and the unit written after it (`%`, `j`, `lits`, `€`, or empty).
    Nombre { nombre: f64, unite: String },
    /// A text that is not a number (« mise en place effective »): achieved or not.
    Texte(String),
}

impl Valeur {
    /// Reads `text`: a number first (French decimal comma, spaces or no-break spaces between
    /// groups of digits, an optional sign), then its unit. Anything else is a text.
    pub fn lire(text: &str) -> Valeur {
        let t = text.trim();
        let mut digits = String::new();
        let mut rest_at = t.len();
        let mut seen_digit = false;
        for (i, c) in t.char_indices() {
            match c {
                '0'..='9' => {
                    digits.push(c);
                    seen_digit = true;
                }
                ',' | '.' if seen_digit && t[i + 1..].starts_with(|n: char| n.is_ascii_digit()) => {
                    digits.push('.')
                }
                '-' | '+' | '−' if !seen_digit && digits.is_empty() => {
                    digits.push(if c == '+' { '+' } else { '-' })
                }
                // Groups of digits: « 1 200 », « 1 200 », « 1 200 ».
                ' ' | '\u{a0}' | '\u{202f}'
                    if seen_digit
                        && t[i + c.len_utf8()..].starts_with(|n: char| n.is_ascii_digit())
                        && t[i + c.len_utf8()..]
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .count()
                            == 3 => {}
                _ => {
                    rest_at = i;
                    break;
                }
            }
        }
        match digits.parse::<f64>() {
            Ok(nombre) if seen_digit => Valeur::Nombre {
                nombre,
                unite: t[rest_at..].trim().to_string(),
            },
            _ => Valeur::Texte(t.to_string()),
        }
    }

    pub fn nombre(&self) -> Option<f64> {
        match self {
            Valeur::Nombre { nombre, .. } => Some(*nombre),
            Valeur::Texte(_) => None,
        }
    }

    pub fn unite(&self) -> &str {
        match self {
            Valeur::Nombre { unite, .. } => unite,
            Valeur::Texte(_) => "",
        }
    }
}

/// `x` written in French: a decimal comma, at most `decimales` decimals (trailing zeros
/// dropped), groups of three digits joined by a narrow no-break space (« 1 200 », as
/// [`crate::fr::decimal_fr`] writes them), and a true minus sign (« −2 % », a gap).
pub fn ecrire(x: f64, decimales: usize) -> String {
    let s = format!("{:.*}", decimales, x.abs());
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    let chiffres = crate::fr::decimal_fr(s).unwrap_or_else(|| s.to_string());
    if x < 0.0 && chiffres != "0" {
        format!("−{chiffres}")
    } else {
        chiffres
    }
}

/// `x` with `unite` as the contract writes it: « 64 % », « 1 250 séjours », « 4,5 j ».
pub fn avec_unite(x: f64, unite: &str) -> String {
    let n = ecrire(x, 2);
    if unite.is_empty() {
        n
    } else {
        format!("{n}\u{a0}{unite}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: f64, u: &str) -> Valeur {
        Valeur::Nombre {
            nombre: x,
            unite: u.into(),
        }
    }

    #[test]
    fn reads_the_values_contracts_write() {
        assert_eq!(Valeur::lire("58 %"), n(58.0, "%"));
        assert_eq!(
            Valeur::lire("1 200 consultations"),
            n(1200.0, "consultations")
        );
        assert_eq!(Valeur::lire("1\u{202f}250 séjours"), n(1250.0, "séjours"));
        assert_eq!(Valeur::lire("4,5 j"), n(4.5, "j"));
        assert_eq!(Valeur::lire("-2 %"), n(-2.0, "%"));
        assert_eq!(Valeur::lire("0.75"), n(0.75, ""));
        assert_eq!(Valeur::lire("12 lits"), n(12.0, "lits"));
        // « 3 ETP » is three, not 3 followed by a group.
        assert_eq!(Valeur::lire("3 ETP"), n(3.0, "ETP"));
        assert_eq!(
            Valeur::lire("mise en place effective"),
            Valeur::Texte("mise en place effective".into())
        );
    }

    #[test]
    fn writes_numbers_in_french() {
        assert_eq!(ecrire(64.0, 2), "64");
        assert_eq!(ecrire(4.5, 2), "4,5");
        assert_eq!(ecrire(-3.26, 1), "−3,3");
        assert_eq!(ecrire(12500.0, 0), "12\u{202f}500");
        assert_eq!(ecrire(1200.0, 0), "1\u{202f}200");
        assert_eq!(avec_unite(64.0, "%"), "64\u{a0}%");
    }
}
