//! Writes a representative contract as DOCX, built in code (no YAML, no templates), to check the
//! DOCX writer on its own: `cargo run --release --example docx_sample -- out.docx`, then
//! `python3 tests/tools/validate_docx.py out.docx`.
//!
//! It exercises what the writer must get right: headings of three levels, French typography
//! (« », ’, œ, €, U+202F and U+00A0), strong/emphasis and line breaks, bullet and ordered lists
//! (a nested one too), a 60-row table that spans pages (repeated header, right-aligned
//! amounts), a three-party signature block, a running header and a "Page X / Y" footer, and data
//! that looks like XML or carries control characters.

use cpom::doc::{
    Align, Block, Document, Inline, Metadata, ParagraphStyle, Running, Signatory, Table,
};

fn t(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn strong(s: &str) -> Inline {
    Inline::Strong(vec![t(s)])
}

fn emph(s: &str) -> Inline {
    Inline::Emph(vec![t(s)])
}

fn p(content: Vec<Inline>) -> Block {
    Block::Paragraph {
        style: ParagraphStyle::Body,
        content,
    }
}

fn styled(style: ParagraphStyle, s: &str) -> Block {
    Block::Paragraph {
        style,
        content: vec![t(s)],
    }
}

fn h(level: u8, s: &str) -> Block {
    Block::Heading {
        level,
        content: vec![t(s)],
    }
}

fn items(xs: &[&str]) -> Vec<Vec<Block>> {
    xs.iter().map(|x| vec![p(vec![t(x)])]).collect()
}

/// `1234567` → "1 234 567,00 €" with narrow no-break spaces and a no-break space before €.
fn euros(cents: u64) -> String {
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    format!("{grouped},{:02}\u{a0}€", cents % 100)
}

fn establishments() -> Table {
    let communes = [
        "Montpellier",
        "Lunel",
        "Sète",
        "Lodève",
        "Béziers",
        "Ganges",
        "Frontignan",
        "Pézenas",
    ];
    let kinds = [
        "Centre hospitalier",
        "Établissement d’hébergement pour personnes âgées dépendantes",
        "Service de soins infirmiers à domicile",
        "Maison d’accueil spécialisée « Les Cœurs »",
        "Hôpital de jour",
    ];
    let rows = (1..=60u64)
        .map(|i| {
            vec![
                vec![t(&format!("34{:07}", 1_000 + i * 37))],
                vec![t(&format!(
                    "{} n°\u{a0}{i}",
                    kinds[(i as usize) % kinds.len()]
                ))],
                vec![t(communes[(i as usize) % communes.len()])],
                vec![t(&euros(i * i * 791_913 + 4_500_000))],
            ]
        })
        .collect();
    Table {
        columns: vec![Align::Left, Align::Left, Align::Left, Align::Right],
        header: vec![
            vec![t("N° FINESS")],
            vec![t("Établissement")],
            vec![t("Commune")],
            vec![t("Dotation annuelle")],
        ],
        rows,
        widths: Vec::new(),
    }
}

fn document() -> Document {
    let mut blocks = vec![
        styled(
            ParagraphStyle::Title,
            "Contrat pluriannuel d’objectifs et de moyens",
        ),
        styled(ParagraphStyle::Subtitle, "2019–2023"),
        styled(
            ParagraphStyle::Subtitle,
            "Centre hospitalier universitaire de Montpellier",
        ),
        styled(
            ParagraphStyle::Centered,
            "Référence\u{a0}: CPOM-OCC-34-2018-007",
        ),
        styled(ParagraphStyle::Right, "Version du 31\u{a0}décembre 2018"),
        p(vec![t("Entre les soussignés\u{202f}:")]),
        p(vec![
            strong("L’Agence régionale de santé Occitanie"),
            t(", représentée par son directeur général, ci-après dénommée «\u{a0}l’Agence\u{a0}»,"),
            Inline::LineBreak,
            t("et "),
            strong("le Centre hospitalier universitaire de Montpellier"),
            t(
                ", représenté par son directeur général, ci-après dénommé «\u{a0}le titulaire\u{a0}»,",
            ),
        ]),
        p(vec![t("il est convenu ce qui suit.")]),
        h(1, "Titre Ier – Dispositions générales"),
        h(2, "Article 1 – Objet du contrat"),
        p(vec![
            t(
                "Le présent contrat détermine les orientations stratégiques du titulaire sur la base du ",
            ),
            emph("projet régional de santé"),
            t(
                ", ainsi que les engagements pris en matière de qualité, de sécurité des soins et d’",
            ),
            Inline::Emph(vec![t("efficience "), strong("économique")]),
            t(
                ". Il concourt à la mise en œuvre du cœur de l’offre de soins du territoire\u{202f}; son montant\u{a0}global s’élève à ",
            ),
            strong(&euros(1_234_567_890)),
            t("."),
        ]),
        p(vec![t(
            "Les engagements du titulaire portent notamment sur\u{202f}:",
        )]),
        Block::List {
            ordered: false,
            start: 1,
            items: vec![
                vec![p(vec![t(
                    "l’amélioration de la pertinence des actes et des prescriptions\u{202f};",
                )])],
                vec![
                    p(vec![t(
                        "le développement de la chirurgie ambulatoire, dont\u{202f}:",
                    )]),
                    Block::List {
                        ordered: false,
                        start: 1,
                        items: items(&["l’orthopédie\u{202f};", "l’ophtalmologie."]),
                    },
                ],
                vec![p(vec![t(
                    "la coopération avec les établissements du groupement hospitalier de territoire.",
                )])],
            ],
        },
        h(2, "Article 2 – Durée"),
        p(vec![t(
            "Le contrat est conclu pour une durée de cinq ans à compter du 1er\u{a0}janvier 2019. Il peut être révisé dans les cas suivants\u{202f}:",
        )]),
        Block::List {
            ordered: true,
            start: 1,
            items: items(&[
                "modification substantielle de l’autorisation d’activité\u{202f};",
                "évolution du projet régional de santé\u{202f};",
                "accord des parties.",
            ]),
        },
        h(3, "2.1 – Révision à mi-parcours"),
        p(vec![t(
            "Une revue à mi-parcours a lieu au cours de la troisième année. Les étapes en sont, dans l’ordre\u{202f}:",
        )]),
        Block::List {
            ordered: true,
            start: 4,
            items: items(&[
                "transmission du bilan (étape\u{a0}4)\u{202f};",
                "dialogue de gestion (étape\u{a0}5).",
            ]),
        },
        h(3, "2.2 – Données transmises"),
        p(vec![
            t(
                "Les données transmises par voie électronique sont reproduites telles quelles, y compris celles qui ressemblent à du balisage\u{202f}: ",
            ),
            t("<w:p> & \"quotes\" </w:body> ]]> <!-- x -->"),
            t(
                ", et celles qui contiennent des caractères de contrôle\u{a0}: [\u{0}\u{1}\u{b}\u{1f}\u{fffe}] ainsi qu’une tabulation [\t] et un saut de ligne\nici.",
            ),
        ]),
        h(1, "Titre II – Moyens"),
        h(2, "Article 3 – Établissements et dotations"),
        p(vec![t(
            "Les établissements couverts par le présent contrat et leur dotation annuelle figurent au tableau ci-dessous.",
        )]),
        Block::Table(establishments()),
        p(vec![t(
            "Les montants s’entendent hors crédits d’aide à la contractualisation.",
        )]),
        h(2, "Article 4 – Entrée en vigueur"),
        p(vec![t(
            "Le présent contrat entre en vigueur à la date de sa signature par l’ensemble des parties.",
        )]),
    ];
    blocks.push(Block::Signatures {
        intro: vec![vec![t(
            "Fait à Montpellier, le 31\u{a0}décembre 2018, en trois exemplaires originaux.",
        )]],
        parties: vec![
            Signatory {
                champ: "signature-1".into(),
                lines: vec![
                    vec![strong("Pour l’Agence régionale de santé Occitanie")],
                    vec![t("Le directeur général")],
                ],
                name: vec![t("Pierre Ricordeau")],
            },
            Signatory {
                champ: "signature-2".into(),
                lines: vec![
                    vec![strong("Pour le CHU de Montpellier")],
                    vec![t("Le directeur général")],
                ],
                name: vec![t("Thomas Le Ludec")],
            },
            Signatory {
                champ: "signature-3".into(),
                lines: vec![
                    vec![strong(
                        "Pour la Caisse primaire d’assurance maladie de l’Hérault",
                    )],
                    vec![t("La directrice")],
                ],
                name: vec![t("Françoise Lœvenbruck")],
            },
        ],
    });
    let mut doc = Document {
        layout: *cpom::doc::layout::Layout::builtin(),
        metadata: Metadata {
            title: "Contrat pluriannuel d’objectifs et de moyens 2019–2023".into(),
            subject: "CPOM du CHU de Montpellier".into(),
            authors: vec![
                "ARS Occitanie".into(),
                "CHU de Montpellier".into(),
                "CPAM de l’Hérault".into(),
            ],
            keywords: vec!["CPOM".into(), "santé".into(), "Occitanie".into()],
            language: "fr-FR".into(),
            date: "2018-12-31".into(),
        },
        header: Running {
            left: vec![t("CPOM 2019–2023 — CHU de Montpellier")],
            right: vec![t("CPOM-OCC-34-2018-007")],
        },
        footer: Running {
            left: vec![t("Paraphes : ____")],
            right: vec![t("Page "), Inline::PageNumber, t(" / "), Inline::PageCount],
        },
        blocks,
        images: Default::default(),
    };
    // The tables' column widths, measured for the page.
    doc.lay_out(cpom::doc::layout::Layout::builtin());
    doc
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: docx_sample OUT.docx");
        std::process::exit(2);
    };
    let bytes = cpom::docx::render(&document());
    if let Err(e) = std::fs::write(&path, &bytes) {
        eprintln!("docx_sample: {path}: {e}");
        std::process::exit(1);
    }
    println!("{path}: {} bytes", bytes.len());
}
