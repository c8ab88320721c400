//! The inputs and the comparison of the proptests that check each SSE2 form against its
//! portable twin (generated beside the forms in `sse2.rs`).

use super::V128;
use proptest::prelude::*;

/// Values an operation's argument of this type takes in the tests.
pub(super) trait Input: Sized + core::fmt::Debug {
    /// The strategy generating them.
    fn strategy() -> BoxedStrategy<Self>;
}

impl Input for V128 {
    /// Vectors of arbitrary bits, and vectors built from the lane values where lane
    /// operations change behaviour (zero, one, the signed and unsigned limits), so that
    /// equal lanes and saturation come up often.
    fn strategy() -> BoxedStrategy<Self> {
        let edge_byte = prop_oneof![
            Just(0u8),
            Just(1),
            Just(0x7F),
            Just(0x80),
            Just(0xFF),
            any::<u8>()
        ];
        prop_oneof![
            any::<u128>(),
            proptest::array::uniform16(edge_byte).prop_map(u128::from_le_bytes),
        ]
        .boxed()
    }
}

impl Input for u32 {
    /// Small values (shift counts below and past the lane widths) and any other.
    fn strategy() -> BoxedStrategy<Self> {
        prop_oneof![0u32..130, any::<u32>()].boxed()
    }
}

impl Input for u64 {
    fn strategy() -> BoxedStrategy<Self> {
        any::<u64>().boxed()
    }
}

impl Input for f32 {
    fn strategy() -> BoxedStrategy<Self> {
        any::<u32>().prop_map(f32::from_bits).boxed()
    }
}

impl Input for f64 {
    fn strategy() -> BoxedStrategy<Self> {
        any::<u64>().prop_map(f64::from_bits).boxed()
    }
}

impl Input for [u8; 8] {
    fn strategy() -> BoxedStrategy<Self> {
        any::<[u8; 8]>().boxed()
    }
}

/// How a result of the SSE2 form must match the portable one.
pub(super) trait Same: Copy {
    /// Bit for bit.
    fn bits(self, other: Self) -> bool;
    /// Lane by lane as `f32`s: the same bits, or NaN in both.
    fn f32(self, other: Self) -> bool;
    /// Lane by lane as `f64`s: the same bits, or NaN in both.
    fn f64(self, other: Self) -> bool;
}

impl Same for u32 {
    fn bits(self, other: Self) -> bool {
        self == other
    }
    fn f32(self, other: Self) -> bool {
        self == other
    }
    fn f64(self, other: Self) -> bool {
        self == other
    }
}

impl Same for V128 {
    fn bits(self, other: Self) -> bool {
        self == other
    }
    fn f32(self, other: Self) -> bool {
        (0..4).all(|i| {
            let (x, y) = ((self >> (32 * i)) as u32, (other >> (32 * i)) as u32);
            x == y || (f32::from_bits(x).is_nan() && f32::from_bits(y).is_nan())
        })
    }
    fn f64(self, other: Self) -> bool {
        (0..2).all(|i| {
            let (x, y) = ((self >> (64 * i)) as u64, (other >> (64 * i)) as u64);
            x == y || (f64::from_bits(x).is_nan() && f64::from_bits(y).is_nan())
        })
    }
}
