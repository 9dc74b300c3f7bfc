//! Sample contracts compiled into the binary: `cpom templates check` renders every template
//! against them when no data is given, so an agency can check its templates anywhere.

/// (name, YAML) of sanitaire contracts under both wordings of L. 6114-1, médico-social ones under
/// each regime (IV ter with EHPAD only, with a SSIAD, over two collectivities; L. 313-12-2 under
/// the ARS alone), and avenants to two of them (an annex replaced, an article rewritten, a
/// prorogation) — so that every element `exigences.yaml` requires of some regime is checked.
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "chu-montpellier.yaml",
        include_str!("../../fixtures/chu-montpellier.yaml"),
    ),
    (
        "clinique-saint-roch.yaml",
        include_str!("../../fixtures/clinique-saint-roch.yaml"),
    ),
    (
        "imagerie-perpignan.yaml",
        include_str!("../../fixtures/imagerie-perpignan.yaml"),
    ),
    (
        "clinique-saint-roch-2026.yaml",
        include_str!("../../fixtures/clinique-saint-roch-2026.yaml"),
    ),
    (
        "medico-social-ehpad-ssiad-gard.yaml",
        include_str!("../../fixtures/medico-social-ehpad-ssiad-gard.yaml"),
    ),
    (
        "medico-social-ehpad-ain-lyon.yaml",
        include_str!("../../fixtures/medico-social-ehpad-ain-lyon.yaml"),
    ),
    (
        "medico-social-ehpad-herault.yaml",
        include_str!("../../fixtures/medico-social-ehpad-herault.yaml"),
    ),
    (
        "medico-social-handicap-rhone-ain.yaml",
        include_str!("../../fixtures/medico-social-handicap-rhone-ain.yaml"),
    ),
    (
        "chu-montpellier-avenant-1.yaml",
        include_str!("../../fixtures/avenants/chu-montpellier-avenant-1.yaml"),
    ),
    (
        "chu-montpellier-avenant-2.yaml",
        include_str!("../../fixtures/avenants/chu-montpellier-avenant-2.yaml"),
    ),
    (
        "medico-social-ehpad-avenant-1.yaml",
        include_str!("../../fixtures/avenants/medico-social-ehpad-avenant-1.yaml"),
    ),
];
