//! The body face of every document, shared by both backends: Liberation Serif (SIL OFL 1.1,
//! `fonts/LICENSE`), embedded in the binary and in every PDF. It is metric-compatible with Times
//! New Roman, the face the DOCX names: a PDF and its DOCX opened in Word (Times New Roman) or
//! LibreOffice (Liberation Serif) set the same words in the same widths, so that their lines and
//! pages fall alike.
//!
//! The widths measured here size the columns of tables, in both formats (see
//! [`crate::doc::Table::measure`]).

use std::sync::OnceLock;

/// Regular, bold, italic, bold italic.
pub const LIBERATION_SERIF: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// Advance widths of the characters of the regular and the bold face, in font units per em.
struct Metrics {
    units_per_em: u32,
    regular: Advances,
    bold: Advances,
}

struct Advances {
    face: ttf_parser::Face<'static>,
    /// For a character the face lacks (another face will set it): about a letter's width.
    fallback: u32,
}

impl Advances {
    fn new(data: &'static [u8]) -> Advances {
        let face = ttf_parser::Face::parse(data, 0).expect("the embedded face parses");
        let fallback = u32::from(face.units_per_em()) / 2;
        Advances { face, fallback }
    }

    fn of(&self, c: char) -> u32 {
        self.face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(self.fallback, u32::from)
    }
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let regular = Advances::new(LIBERATION_SERIF[0]);
        Metrics {
            units_per_em: u32::from(regular.face.units_per_em()),
            regular,
            bold: Advances::new(LIBERATION_SERIF[1]),
        }
    })
}

/// Width of `text` set in the body face at `size` (twips), in twips, rounded up; without
/// kerning, which only narrows a line: a width measured here is never too small.
pub fn width(text: &str, size: u32, bold: bool) -> u32 {
    let m = metrics();
    let face = if bold { &m.bold } else { &m.regular };
    let units: u64 = text.chars().map(|c| u64::from(face.of(c))).sum();
    (units * u64::from(size)).div_ceil(u64::from(m.units_per_em)) as u32
}

#[cfg(test)]
mod tests {
    use super::width;

    #[test]
    fn widths_follow_the_face() {
        // Liberation Serif, as Times New Roman: "0" is half an em, bold is wider.
        assert_eq!(width("0", 200, false), 100);
        assert_eq!(width("00", 220, false), 220);
        assert!(width("Catégorie", 190, true) > width("Catégorie", 190, false));
        assert_eq!(width("", 220, false), 0);
    }
}
