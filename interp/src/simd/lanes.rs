//! Viewing a `v128` as an array of lanes, and the lane-wise shapes every operation is built
//! from (map, zip, compare, ...), so each operation states only what it does to one lane.

use super::V128;

/// A lane type of a `v128` with `N` lanes.
pub(crate) trait Lane<const N: usize>: Copy {
    /// The lanes of `v`, lane 0 first.
    fn split(v: V128) -> [Self; N];
    /// The `v128` with these lanes.
    fn join(lanes: [Self; N]) -> V128;
    /// A lane of all ones (`true`) or all zeros (`false`): a comparison's result.
    fn mask(set: bool) -> Self;
}

macro_rules! lane_types {
    ($($t:ty: $n:literal, $bytes:literal, |$b:ident| $mask:expr;)*) => {$(
        impl Lane<$n> for $t {
            #[inline(always)]
            // For byte lanes `to_ne_bytes` would do; one form for every lane type reads better.
            #[allow(unnecessary_transmutes)]
            fn split(v: V128) -> [$t; $n] {
                // On little-endian hosts a u128's bytes are the lanes in order: a plain
                // reinterpretation, which the compiler keeps in one vector register.
                #[cfg(target_endian = "little")]
                // SAFETY: both types are 16 bytes of plain integers or floats, for which
                // every bit pattern is valid.
                return unsafe { core::mem::transmute::<V128, [$t; $n]>(v) };
                #[cfg(not(target_endian = "little"))]
                {
                    let bytes = v.to_le_bytes();
                    core::array::from_fn(|i| {
                        let mut lane = [0u8; $bytes];
                        lane.copy_from_slice(&bytes[i * $bytes..(i + 1) * $bytes]);
                        <$t>::from_le_bytes(lane)
                    })
                }
            }
            #[inline(always)]
            #[allow(unnecessary_transmutes)]
            fn join(lanes: [$t; $n]) -> V128 {
                #[cfg(target_endian = "little")]
                // SAFETY: as in `split`.
                return unsafe { core::mem::transmute::<[$t; $n], V128>(lanes) };
                #[cfg(not(target_endian = "little"))]
                {
                    let mut bytes = [0u8; 16];
                    for (i, lane) in lanes.iter().enumerate() {
                        bytes[i * $bytes..(i + 1) * $bytes].copy_from_slice(&lane.to_le_bytes());
                    }
                    V128::from_le_bytes(bytes)
                }
            }
            #[inline(always)]
            fn mask($b: bool) -> $t {
                $mask
            }
        }
    )*};
}

lane_types! {
    i8: 16, 1, |b| -(b as i8);
    u8: 16, 1, |b| (b as u8).wrapping_neg();
    i16: 8, 2, |b| -(b as i16);
    u16: 8, 2, |b| (b as u16).wrapping_neg();
    i32: 4, 4, |b| -(b as i32);
    u32: 4, 4, |b| (b as u32).wrapping_neg();
    i64: 2, 8, |b| -(b as i64);
    u64: 2, 8, |b| (b as u64).wrapping_neg();
    f32: 4, 4, |b| f32::from_bits((b as u32).wrapping_neg());
    f64: 2, 8, |b| f64::from_bits((b as u64).wrapping_neg());
}

/// `f` on every lane.
#[inline(always)]
pub(crate) fn map<L: Lane<N>, R: Lane<N>, const N: usize>(a: V128, f: impl Fn(L) -> R) -> V128 {
    R::join(L::split(a).map(f))
}

/// `f` on every pair of lanes of `a` and `b`.
#[inline(always)]
pub(crate) fn zip<L: Lane<N>, R: Lane<N>, const N: usize>(
    a: V128,
    b: V128,
    f: impl Fn(L, L) -> R,
) -> V128 {
    let (a, b) = (L::split(a), L::split(b));
    R::join(core::array::from_fn(|i| f(a[i], b[i])))
}

/// All ones in the lanes where `f(a, b)` holds, zeros elsewhere; the result lanes are the
/// integers `M` of the operand lanes' width.
#[inline(always)]
pub(crate) fn compare<L: Lane<N>, M: Lane<N>, const N: usize>(
    a: V128,
    b: V128,
    f: impl Fn(L, L) -> bool,
) -> V128 {
    zip(a, b, |x: L, y: L| M::mask(f(x, y)))
}

/// Lane `i` of the result is `f(i)`.
#[inline(always)]
pub(crate) fn build<R: Lane<N>, const N: usize>(f: impl FnMut(usize) -> R) -> V128 {
    R::join(core::array::from_fn(f))
}

/// Whether every lane is non-zero.
#[inline(always)]
pub(crate) fn all_true<L: Lane<N> + Default + PartialEq, const N: usize>(a: V128) -> u32 {
    u32::from(L::split(a).iter().all(|&x| x != L::default()))
}

/// Bit `i` is the top (sign) bit of lane `i`.
#[inline(always)]
pub(crate) fn bitmask<L: Lane<N> + Default + PartialOrd, const N: usize>(a: V128) -> u32 {
    L::split(a)
        .iter()
        .enumerate()
        .fold(0, |m, (i, &x)| m | (u32::from(x < L::default()) << i))
}

/// Lane `lane` (taken modulo the lane count; validation bounds it already).
#[inline(always)]
pub(crate) fn extract<L: Lane<N>, const N: usize>(a: V128, lane: u8) -> L {
    L::split(a)[usize::from(lane) % N]
}

/// `a` with lane `lane` set to `x`.
#[inline(always)]
pub(crate) fn replace<L: Lane<N>, const N: usize>(a: V128, lane: u8, x: L) -> V128 {
    let mut lanes = L::split(a);
    lanes[usize::from(lane) % N] = x;
    L::join(lanes)
}

/// The low (`high == false`) or high half of `a`'s `N2`-lane view, each lane widened by `f`
/// into the `N`-lane result.
#[inline(always)]
pub(crate) fn widen<L: Lane<N2>, R: Lane<N>, const N2: usize, const N: usize>(
    a: V128,
    high: bool,
    f: impl Fn(L) -> R,
) -> V128 {
    let lanes = L::split(a);
    let first = if high { N } else { 0 };
    R::join(core::array::from_fn(|i| f(lanes[first + i])))
}

/// `f` on the lanes of `a` widened pairwise into the `N`-lane result: lane `i` gets
/// `f(a[2i], a[2i+1], b[2i], b[2i+1])`.
#[inline(always)]
pub(crate) fn pairwise<L: Lane<N2>, R: Lane<N>, const N2: usize, const N: usize>(
    a: V128,
    b: V128,
    f: impl Fn(L, L, L, L) -> R,
) -> V128 {
    let (a, b) = (L::split(a), L::split(b));
    R::join(core::array::from_fn(|i| {
        f(a[2 * i], a[2 * i + 1], b[2 * i], b[2 * i + 1])
    }))
}

/// The lanes of `a` then `b` (each `N` lanes) narrowed by `f` into one `2N`-lane result.
#[inline(always)]
pub(crate) fn narrow<L: Lane<N>, R: Lane<N2>, const N: usize, const N2: usize>(
    a: V128,
    b: V128,
    f: impl Fn(L) -> R,
) -> V128 {
    let (a, b) = (L::split(a), L::split(b));
    R::join(core::array::from_fn(|i| {
        if i < N { f(a[i]) } else { f(b[i - N]) }
    }))
}
