//! Sample contracts compiled into the binary: `cpom templates check` renders every template
//! against them when no data is given, so an agency can check its templates anywhere.

/// (name, YAML) of one contract per typology of the matrix.
pub const SAMPLES: &[(&str, &str)] = &[
    ("chu-montpellier.yaml", include_str!("../../fixtures/chu-montpellier.yaml")),
    ("clinique-saint-roch.yaml", include_str!("../../fixtures/clinique-saint-roch.yaml")),
    ("imagerie-perpignan.yaml", include_str!("../../fixtures/imagerie-perpignan.yaml")),
];
