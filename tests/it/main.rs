//! Integration tests: render the fixtures and read the outputs back as a reader would.
//! One test binary, so that every test shares one rendered set of fixtures (`common::rendered`).

mod annexes;
pub mod avenant_diff;
pub mod avenants;
mod batch;
mod cli;
mod common;
mod conformance;
pub mod consolidation;
mod determinism;
mod hostile;
mod injection;
mod integrity;
mod invalid;
mod medico_social;
pub mod parity;
mod phased_signing;
mod robustness;
mod signature_fields;
mod signing;
mod socle;
mod suivi;
mod tables;
mod templates;
