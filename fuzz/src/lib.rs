//! Oracles for the cargo-fuzz targets; each target is a thin wrapper over one of them.
#![deny(missing_docs)]

pub mod chain_oracle;
