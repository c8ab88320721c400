//! The memory-access trait the executor's memory-0 operations are generic over, and its
//! no-chain accessor: `chain`'s own [`chain::MemoryAccess`] and [`chain::NoChain`], so an
//! accessor written for one engine works in any.
//!
//! The executor checks every memory-0 access against linear memory first and asks its
//! accessor only when that check fails. The accessor type is picked once per call into wasm:
//! [`NoChain`] when no shared-heap chain is attached anywhere in the store (its answers are
//! constants, so that instantiation has exactly the code a build without shared heaps has),
//! or, with the `shared-heap` feature, the chain-following accessor of
//! `crate::shared_heap`. Without the feature `chain` is still a dependency, for these two
//! items only (no allocator backend is built).

pub(crate) use chain::{MemoryAccess, NoChain};
