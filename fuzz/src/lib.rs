//! Oracles for the cargo-fuzz targets; each target is a thin wrapper over one of them.
#![deny(missing_docs)]

pub mod chain_oracle;
pub mod diff_wasmi;
pub mod load_module;
pub mod peer_panic;
pub mod shared_heap_model;
pub mod shared_heap_ops;
