//! The executor's unchecked operations, each checked when checks are on: in debug builds
//! and with the `extra-checks` feature, a broken invariant panics here with a message
//! instead of being undefined behaviour; in release builds without the feature every check
//! compiles to nothing.
//!
//! Slot accesses are checked against the end of the running value stack, which the
//! executor records whenever it makes room for a frame (the only time the stack moves) and
//! when a host call (which may have run wasm on a stack of its own) returns, and against
//! the running frame's own size: the executor reports every frame it enters
//! ([`enter_frame`], [`begin_run`]) and leaves ([`leave_frame`], [`end_run`]), and the
//! checked build keeps the suspended callers' sizes on a side stack of its own.

/// Whether the checks run.
const CHECKS: bool = cfg!(any(debug_assertions, feature = "extra-checks"));

#[cfg(any(debug_assertions, feature = "extra-checks"))]
std::thread_local! {
    /// One past the last slot of the running value stack (checked builds only).
    static STACK_END: core::cell::Cell<usize> = const { core::cell::Cell::new(usize::MAX) };
}

#[cfg(any(debug_assertions, feature = "extra-checks"))]
std::thread_local! {
    /// How many slots the running frame has (checked builds only).
    static FRAME_SLOTS: core::cell::Cell<u32> = const { core::cell::Cell::new(u32::MAX) };
    /// The sizes of the suspended callers' frames of every run on this thread, innermost
    /// last (checked builds only).
    static CALLER_SLOTS: core::cell::RefCell<Vec<u32>> =
        const { core::cell::RefCell::new(Vec::new()) };
}

/// Records that the running frame pushed its record and calls a frame of `slots` slots.
#[inline(always)]
pub(in crate::exec) fn enter_frame(slots: u32) {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    {
        let caller = FRAME_SLOTS.with(|cell| cell.replace(slots));
        CALLER_SLOTS.with_borrow_mut(|callers| callers.push(caller));
    }
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    let _ = slots;
}

/// Records that a tail call replaced the running frame with one of `slots` slots (the
/// caller's record stays as it was).
#[inline(always)]
pub(in crate::exec) fn replace_frame(slots: u32) {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    FRAME_SLOTS.with(|cell| cell.set(slots));
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    let _ = slots;
}

/// Records that the running frame returned to the caller whose record was just popped.
#[inline(always)]
pub(in crate::exec) fn leave_frame() {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    {
        let caller = CALLER_SLOTS.with_borrow_mut(Vec::pop);
        FRAME_SLOTS.with(|cell| cell.set(caller.unwrap_or(u32::MAX)));
    }
}

/// What [`end_run`] restores: the frame that was running when a run began, how many callers
/// were suspended then, and where the stack they run on ended (checked builds only; nothing
/// otherwise).
#[cfg(any(debug_assertions, feature = "extra-checks"))]
pub(in crate::exec) struct RunMark {
    frame_slots: u32,
    callers: usize,
    stack_end: usize,
}
/// What [`end_run`] restores (nothing in unchecked builds).
#[cfg(not(any(debug_assertions, feature = "extra-checks")))]
pub(in crate::exec) struct RunMark;

/// Records that a run (an entry from the host) begins in a frame of `slots` slots.
#[inline(always)]
pub(in crate::exec) fn begin_run(slots: u32) -> RunMark {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    {
        RunMark {
            frame_slots: FRAME_SLOTS.with(|cell| cell.replace(slots)),
            callers: CALLER_SLOTS.with_borrow(Vec::len),
            stack_end: STACK_END.with(core::cell::Cell::get),
        }
    }
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    {
        let _ = slots;
        RunMark
    }
}

/// Records that a run ended, however it ended (a trap leaves callers' records behind):
/// the frame that was running before it, on its own stack, runs again. (A host function
/// that ran wasm writes its results to the calling frame before the caller resumes.)
#[inline(always)]
pub(in crate::exec) fn end_run(mark: RunMark) {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    {
        CALLER_SLOTS.with_borrow_mut(|callers| callers.truncate(mark.callers));
        FRAME_SLOTS.with(|cell| cell.set(mark.frame_slots));
        STACK_END.with(|cell| cell.set(mark.stack_end));
    }
    #[cfg(not(any(debug_assertions, feature = "extra-checks")))]
    let _ = mark;
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

/// `&mut items[index]` without a bounds check in release builds.
///
/// # Safety
/// `index < items.len()`; with checks on, a larger index panics.
#[inline(always)]
pub(in crate::exec) unsafe fn get_mut<T>(items: &mut [T], index: usize) -> &mut T {
    if CHECKS {
        assert!(
            index < items.len(),
            "interp invariant broken: index {index} of {} items",
            items.len()
        );
    }
    // SAFETY: the caller guarantees `index < items.len()`.
    unsafe { items.get_unchecked_mut(index) }
}

/// A pointer to slot `slot` of the frame at `fp`.
///
/// # Safety
/// The slot lies within the value stack (translation keeps slot indices below the
/// function's frame size, and the executor reserves that many slots from `fp`); with checks
/// on, a slot at or past the running frame's size, or past the stack's end, panics.
#[inline(always)]
pub(in crate::exec) unsafe fn slot_ptr(fp: *mut u64, slot: u32) -> *mut u64 {
    #[cfg(any(debug_assertions, feature = "extra-checks"))]
    {
        let frame_slots = FRAME_SLOTS.with(core::cell::Cell::get);
        assert!(
            slot < frame_slots,
            "interp invariant broken: slot {slot} lies past its frame of {frame_slots} slots"
        );
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
