//! Chains of shared heaps (skeleton; being written).
#![deny(missing_docs)]

mod access;

pub use access::{MemoryAccess, NoChain};
