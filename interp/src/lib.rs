//! interp (skeleton; being written).
#![deny(missing_docs)]

#[allow(dead_code)]
mod numeric;
mod trap;

pub use trap::TrapCode;
