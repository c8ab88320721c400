//! 128-bit SIMD (the SIMD and relaxed-SIMD proposals): the `v128` value, its lanes, and every
//! operation's semantics, written once ([`ops`]) and listed in one table ([`table`]) from
//! which the instructions, their handlers and their translation are generated.
//!
//! A `v128` occupies two adjacent frame slots: the low 64 bits (lanes 0..) in the first,
//! the high 64 bits in the second, so scalar code keeps its one-slot values unchanged.

pub(crate) mod access;
// On x86-64 the handlers run the SSE2 forms of some operations: their portable forms stay
// as the reference the tests compare with (and serve the other architectures).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
pub(crate) mod lanes;
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
pub(crate) mod ops;
pub(crate) mod table;

/// The operations handlers run: the portable ones, with SSE2 forms of the common ones on
/// x86-64 (`sse2` re-exports `ops` and shadows those).
#[cfg(target_arch = "x86_64")]
pub(crate) mod sse2;
#[cfg(not(target_arch = "x86_64"))]
pub(crate) use ops as native;
#[cfg(target_arch = "x86_64")]
pub(crate) use sse2 as native;
#[cfg(all(test, target_arch = "x86_64"))]
mod sse2_tests;

#[cfg(test)]
mod tests;

/// A `v128` value: lane `i` of an `NxM` shape is bits `i*M .. (i+1)*M` (little-endian lane
/// order, as wasm memory holds it).
pub(crate) type V128 = u128;

/// The two slot halves of `v`: (low 64 bits, high 64 bits).
#[inline(always)]
pub(crate) fn to_halves(v: V128) -> (u64, u64) {
    (v as u64, (v >> 64) as u64)
}

/// The `v128` whose slot halves are `lo` and `hi`.
#[inline(always)]
pub(crate) fn from_halves(lo: u64, hi: u64) -> V128 {
    u128::from(lo) | (u128::from(hi) << 64)
}
