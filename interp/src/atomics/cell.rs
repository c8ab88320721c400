//! Atomic reads and writes of 1, 2, 4 or 8 bytes at a raw pointer.
//!
//! Each operation is written once, in [`apply`]; the macro there instantiates it for the
//! four widths with the standard library's atomic types, made from the pointer with
//! `from_ptr` (never through a `&[u8]`: other threads' wasm code may write these bytes at
//! any time). Every operation is sequentially consistent, as the threads proposal says.

use core::sync::atomic::Ordering::SeqCst;
use core::sync::atomic::{AtomicU8, AtomicU16, AtomicU32, AtomicU64};

use super::AtomicKind;

/// Whether `p` may be used for a `width`-byte atomic access (natively aligned). App
/// addresses are checked for alignment first; this guards the native side as well, so a
/// heap mapped at an odd native address could never make an atomic type misaligned.
#[inline]
pub(crate) fn is_aligned(p: *mut u8, width: u8) -> bool {
    p.addr().is_multiple_of(usize::from(width))
}

/// Runs the load, store, read-modify-write or compare-exchange `kind` on the `width` bytes
/// at `p`, with `a` the value operand (the expected value for `Cmpxchg`) and `b` the
/// replacement for `Cmpxchg`; operands are truncated to the width. Returns the value read
/// (the old value for read-modify-writes), zero-extended, and 0 for a store.
/// `Wait`, `Notify` and `Fence` read nothing here (they are answered by `parking` and the
/// executor) and return the loaded value like `Load`.
///
/// # Safety
/// `p` must be valid for reads and writes of `width` bytes, aligned to `width` (see
/// [`is_aligned`]), and stay so for the call; `width` must be 1, 2, 4 or 8.
#[inline]
pub(crate) unsafe fn apply(p: *mut u8, width: u8, kind: AtomicKind, a: u64, b: u64) -> u64 {
    macro_rules! on {
        ($atomic:ident, $int:ty) => {{
            // SAFETY: the caller guarantees `p` is valid and aligned for `width` bytes,
            // which is this type's size; all concurrent wasm accesses go through raw
            // pointers, and the atomic ones through these types.
            let cell = unsafe { $atomic::from_ptr(p.cast::<$int>()) };
            let (a, b) = (a as $int, b as $int);
            let old = match kind {
                AtomicKind::Store => {
                    cell.store(a, SeqCst);
                    return 0;
                }
                AtomicKind::Add => cell.fetch_add(a, SeqCst),
                AtomicKind::Sub => cell.fetch_sub(a, SeqCst),
                AtomicKind::And => cell.fetch_and(a, SeqCst),
                AtomicKind::Or => cell.fetch_or(a, SeqCst),
                AtomicKind::Xor => cell.fetch_xor(a, SeqCst),
                AtomicKind::Xchg => cell.swap(a, SeqCst),
                AtomicKind::Cmpxchg => match cell.compare_exchange(a, b, SeqCst, SeqCst) {
                    Ok(old) | Err(old) => old,
                },
                AtomicKind::Load | AtomicKind::Wait | AtomicKind::Notify | AtomicKind::Fence => {
                    cell.load(SeqCst)
                }
            };
            u64::from(old)
        }};
    }
    match width {
        1 => on!(AtomicU8, u8),
        2 => on!(AtomicU16, u16),
        4 => on!(AtomicU32, u32),
        _ => on!(AtomicU64, u64),
    }
}

/// The `width`-byte value at `p`, read atomically and zero-extended.
///
/// # Safety
/// As for [`apply`].
#[inline]
pub(crate) unsafe fn load(p: *mut u8, width: u8) -> u64 {
    // SAFETY: forwarded from the caller.
    unsafe { apply(p, width, AtomicKind::Load, 0, 0) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The model: the same operation on plain integers, truncated to the width.
    fn model(kind: AtomicKind, width: u8, old: u64, a: u64, b: u64) -> (u64, u64) {
        let mask = if width == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * width)) - 1
        };
        let (old, a, b) = (old & mask, a & mask, b & mask);
        let new = match kind {
            AtomicKind::Store | AtomicKind::Xchg => a,
            AtomicKind::Add => old.wrapping_add(a),
            AtomicKind::Sub => old.wrapping_sub(a),
            AtomicKind::And => old & a,
            AtomicKind::Or => old | a,
            AtomicKind::Xor => old ^ a,
            AtomicKind::Cmpxchg if old == a => b,
            _ => old,
        };
        let result = if kind == AtomicKind::Store { 0 } else { old };
        (result, new & mask)
    }

    proptest! {
        #[test]
        fn every_operation_matches_the_model(
            kind in prop::sample::select(vec![
                AtomicKind::Load, AtomicKind::Store, AtomicKind::Add, AtomicKind::Sub,
                AtomicKind::And, AtomicKind::Or, AtomicKind::Xor, AtomicKind::Xchg,
                AtomicKind::Cmpxchg,
            ]),
            width in prop::sample::select(vec![1u8, 2, 4, 8]),
            old: u64, a: u64, b: u64, equal: bool,
        ) {
            // Half the compare-exchanges expect the value that is there.
            let a = if equal { old } else { a };
            let mut word = [0u64; 2];
            let p = word.as_mut_ptr().cast::<u8>();
            let bytes = old.to_le_bytes();
            // SAFETY: `word` has 16 bytes, 8-aligned; `width` bytes at its start are valid.
            unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), p, usize::from(width)) };
            // SAFETY: as above.
            let result = unsafe { apply(p, width, kind, a, b) };
            let (want_result, want_new) = model(kind, width, old, a, b);
            prop_assert_eq!(result, want_result);
            // SAFETY: as above.
            prop_assert_eq!(unsafe { load(p, width) }, want_new);
            // Nothing past the width changed.
            let mask = if width == 8 { u64::MAX } else { (1u64 << (8 * width)) - 1 };
            prop_assert_eq!(u64::from_le(word[0]) & !mask, 0);
            prop_assert_eq!(word[1], 0);
        }
    }
}
