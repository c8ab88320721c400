//! The executor's unchecked operations, each checked when checks are on: in debug builds
//! and with the `extra-checks` feature, a broken invariant panics here with a message
//! instead of being undefined behaviour; in release builds without the feature every check
//! compiles to nothing.
//!
//! Slot accesses are checked against the end of the running value stack, which the
//! executor records whenever it makes room for a frame (the only time the stack moves) and
//! when a host call (which may have run wasm on a stack of its own) returns. (Not against
//! the frame's own size: a slot past its frame but inside the stack passes the check.)

/// Whether the checks run.
const CHECKS: bool = cfg!(any(debug_assertions, feature = "extra-checks"));

#[cfg(any(debug_assertions, feature = "extra-checks"))]
std::thread_local! {
    /// One past the last slot of the running value stack (checked builds only).
    static STACK_END: core::cell::Cell<usize> = const { core::cell::Cell::new(usize::MAX) };
}

/// Records that the value stack now ends just before `end` (checked builds only).
#[inline(always)]
pub(in crate::exec) fn set_stack_end(end: *const u64) {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    STACK_END.with(|cell| cell.set(end as usize));
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    let _ = end;
}

/// Marks code the caller has proved cannot run.
///
/// # Safety
/// The call must be unreachable; with checks on, reaching it panics.
#[inline(always)]
pub(in crate::exec) unsafe fn unreachable(what: &str) -> ! {
    if CHECKS {
        panic!("interp invariant broken: {what}");
    }
    // SAFETY: the caller guarantees this is unreachable.
    unsafe { core::hint::unreachable_unchecked() }
}

/// `items[index]` without a bounds check in release builds.
///
/// # Safety
/// `index < items.len()`; with checks on, a larger index panics.
#[inline(always)]
pub(in crate::exec) unsafe fn get<T>(items: &[T], index: usize) -> &T {
    if CHECKS {
        assert!(
            index < items.len(),
            "interp invariant broken: index {index} of {} items",
            items.len()
        );
    }
    // SAFETY: the caller guarantees `index < items.len()`.
    unsafe { items.get_unchecked(index) }
}

/// A pointer to slot `slot` of the frame at `fp`.
///
/// # Safety
/// The slot lies within the value stack (translation keeps slot indices below the
/// function's frame size, and the executor reserves that many slots from `fp`); with checks
/// on, a slot past the stack's end panics.
#[inline(always)]
pub(in crate::exec) unsafe fn slot_ptr(fp: *mut u64, slot: u32) -> *mut u64 {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    {
        let end = STACK_END.with(core::cell::Cell::get);
        let at = (fp as usize).saturating_add(slot as usize * size_of::<u64>());
        assert!(
            at < end,
            "interp invariant broken: slot {slot} lies past the value stack"
        );
    }
    // SAFETY: the caller guarantees the slot is inside the value stack's allocation.
    unsafe { fp.add(slot as usize) }
}
