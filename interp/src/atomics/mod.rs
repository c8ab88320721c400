//! The threads proposal's memory instructions: what each one is (`op`), how it reads and
//! writes memory atomically through a raw pointer (`cell`), and how `memory.atomic.wait*`
//! and `memory.atomic.notify` block and wake threads (`parking`).
//!
//! These run on memory 0 with the same address rule as every other access (linear memory,
//! else entirely inside one heap of the attached chain, else a trap); the executor's
//! handler (`exec::atomic`) finds the pointer and calls in here.

pub(crate) mod cell;
pub(crate) mod op;
pub(crate) mod parking;

#[cfg(feature = "shared-heap")]
pub(crate) use op::with_rmw_ops;
pub(crate) use op::{AtomicKind, AtomicOp};
