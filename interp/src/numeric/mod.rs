//! Wasm numeric semantics that differ from Rust's operators (being written).
