//! The heap window: the shared heap an instance hit last, encoded so that the fast memory
//! handlers can test an access against it with the same few instructions as the linear
//! bounds check, right where that check fails, without calling anything.
//!
//! The handlers compute an access's end, `end = ea + n` (saturating), for the linear check.
//! A window answers from that end alone: with `d = end - (first + MARGIN)` (wrapping), the
//! access lies in the member when `d <= size - MARGIN`, and its bytes start at
//! `(base + MARGIN) + d - n`. That is one subtraction, one compare and one load more than a
//! linear access. The price of the short test: an access whose end lies in a member's
//! first `MARGIN` bytes is not answered here (it takes the slow path, which is still right),
//! and neither is one that reaches the last byte or two of the address space (so that a
//! saturated end never passes for a real one).
//!
//! An access at a constant offset 0 of a 32-bit address has its start at hand (the
//! compiler folds `end - n` back into `ea`), and is tested from it instead, which spares
//! the add that makes the end: with `d = ea - (first + MARGIN)`, it lies in the member when
//! `d < size - 2 * MARGIN + 1`, at `(base + MARGIN) + d`. That test also declines accesses
//! starting in the member's last `MARGIN` bytes.
//!
//! The executor keeps the windows of the member the running instance hit last in its
//! context ([`HeapWindows`]), where a handler reaches them with no more than the address
//! of a field.

/// Accesses ending in a member's first `MARGIN` bytes are left to the slow path; at least
/// the widest access (16 bytes, for SIMD) so that `end - n` never falls below the member.
const MARGIN: u64 = 16;

/// The window of one member (or of none), as the fast handlers test it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeapWindow {
    /// The member's first app address plus `MARGIN`.
    first: u64,
    /// The member's size minus `MARGIN` (capped, see [`HeapWindow::new`]).
    span: u64,
    /// The member's first native byte plus `MARGIN`.
    base: *mut u8,
    /// How many starts from `first` the start test accepts: the member's size minus
    /// `2 * MARGIN`, plus one (0 when it is smaller).
    starts: u64,
}

impl HeapWindow {
    /// A window no access passes: the test would need `end == 0`, and every access has at
    /// least one byte, so a non-zero end.
    pub const EMPTY: HeapWindow = HeapWindow {
        first: 0,
        span: 0,
        base: core::ptr::null_mut(),
        starts: 0,
    };

    /// The window of the member of `size` bytes at app address `first`, whose first native
    /// byte is `base`. A member too small for the margin gets the empty window.
    pub fn new(first: u64, size: u64, base: *mut u8) -> HeapWindow {
        // A saturated end is `u64::MAX`: keep the member's end below it, so that such an
        // end never passes (`first + size` may be 2^64 for the top memory64 member).
        let size = size.min((u64::MAX - 1).saturating_sub(first));
        if size < MARGIN {
            return HeapWindow::EMPTY;
        }
        HeapWindow {
            first: first + MARGIN,
            span: size - MARGIN,
            // The member spans `size >= MARGIN` bytes from `base`, so the result stays in
            // it (one past its end at most); `wrapping_add` keeps this safe code.
            base: base.wrapping_add(MARGIN as usize),
            starts: (size + 1).saturating_sub(2 * MARGIN),
        }
    }

    /// The native pointer to the `n` bytes ending at app address `end` (which saturated
    /// rather than wrapped), if the window holds them; `n` is at most `MARGIN`.
    #[inline(always)]
    pub fn ptr(&self, end: u64, n: u64) -> Option<*mut u8> {
        debug_assert!((1..=MARGIN).contains(&n));
        let d = end.wrapping_sub(self.first);
        if d <= self.span {
            // `d <= span` means `first + MARGIN <= end <= first + size`, so the `n <= MARGIN`
            // bytes end - n .. end lie in the member, which starts at `base - MARGIN`.
            return Some(self.base.wrapping_add(d as usize).wrapping_sub(n as usize));
        }
        None
    }

    /// The native pointer to the `n` bytes (at most `MARGIN`) starting at app address
    /// `start` (which did not wrap), if the window holds them.
    #[inline(always)]
    pub fn ptr_from_start(&self, start: u64) -> Option<*mut u8> {
        let d = start.wrapping_sub(self.first);
        if d < self.starts {
            // `d < starts` means `first + MARGIN <= start <= first + size - MARGIN`, so
            // the bytes from `start` to `start + MARGIN` lie in the member.
            return Some(self.base.wrapping_add(d as usize));
        }
        None
    }
}

/// The windows of the member the running instance hit last: one for loads, one for stores
/// (empty for a read-only member), both empty when nothing is recorded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeapWindows {
    /// What loads are tested against.
    pub read: HeapWindow,
    /// What stores are tested against.
    pub write: HeapWindow,
}

impl HeapWindows {
    /// No member: every access misses.
    pub const EMPTY: HeapWindows = HeapWindows {
        read: HeapWindow::EMPTY,
        write: HeapWindow::EMPTY,
    };

    /// The pointer to the `n` bytes (1 to `MARGIN`) of an access (a store when `write`)
    /// ending at `end` (saturating), if the window holds them; tested from the start
    /// `end - n` when `from_start` (for accesses whose start the compiler has at hand).
    #[inline(always)]
    pub fn ptr(&self, end: u64, n: u64, write: bool, from_start: bool) -> Option<*mut u8> {
        let window = if write { &self.write } else { &self.read };
        if from_start {
            window.ptr_from_start(end.wrapping_sub(n))
        } else {
            window.ptr(end, n)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the window must answer: the offset into the member when `[end - n, end)` lies in
    /// it, away from its first `MARGIN` bytes and the top of the address space; it may
    /// decline in those places, but must never answer wrongly.
    fn check(first: u64, size: u64, end: u64, n: u64) {
        let base = 0x1000 as *mut u8;
        let window = HeapWindow::new(first, size, base);
        let start = end.checked_sub(n);
        let inside = start
            .is_some_and(|s| s >= first && u128::from(end) <= u128::from(first) + u128::from(size));
        if let Some(s) = start {
            check_from_start(window, first, size, s, inside);
        }
        let got = window.ptr(end, n);
        match got {
            Some(p) => {
                assert!(inside, "answered an access outside the member");
                let start = start.unwrap_or_default();
                assert_eq!(p as usize - base as usize, (start - first) as usize);
            }
            None => assert!(
                !inside || end - first < MARGIN || end >= u64::MAX - 1,
                "declined an access it must answer: first {first:#x} size {size:#x} end {end:#x} n {n}"
            ),
        }
    }

    /// The start test: the same offset when it answers, an access inside; it may decline
    /// accesses starting in the member's first or last `MARGIN` bytes.
    fn check_from_start(window: HeapWindow, first: u64, size: u64, start: u64, inside: bool) {
        match window.ptr_from_start(start) {
            Some(p) => {
                assert!(
                    inside,
                    "answered an access outside the member from its start"
                );
                assert_eq!(p as usize - 0x1000, (start - first) as usize);
            }
            None => assert!(
                !inside
                    || start - first < MARGIN
                    || u128::from(start) + u128::from(MARGIN)
                        > u128::from(first) + u128::from(size)
                    || start >= u64::MAX - 1 - 2 * MARGIN,
                "declined from its start an access it must answer: first {first:#x} size {size:#x} start {start:#x}"
            ),
        }
    }

    #[test]
    fn edges_of_a_member() {
        for &(first, size) in &[
            (0xffff_0000, 0x1_0000),
            (u64::MAX - 0xffff, 0x1_0000),
            (64, 16),
            (64, 15),
        ] {
            for n in [1, 2, 4, 8, 16] {
                for end in [
                    first,
                    first + 1,
                    first + n,
                    first + MARGIN,
                    first + MARGIN + 1,
                ] {
                    check(first, size, end, n);
                }
                let last = first.saturating_add(size);
                for end in [last - 1, last, last.saturating_add(1), u64::MAX] {
                    check(first, size, end, n);
                }
            }
        }
    }

    #[test]
    fn the_empty_window_answers_nothing() {
        for end in [1, 16, 17, u64::MAX] {
            assert_eq!(HeapWindow::EMPTY.ptr(end, 1), None);
        }
        for start in [0, 1, 16, 17, u64::MAX] {
            assert_eq!(HeapWindow::EMPTY.ptr_from_start(start), None);
            for write in [false, true] {
                assert_eq!(HeapWindows::EMPTY.ptr(start, 1, write, true), None);
            }
        }
    }

    proptest! {
        #[test]
        fn answers_exactly_the_accesses_inside(
            first in any::<u64>(),
            size in 0u64..1 << 20,
            delta in any::<i32>(),
            n in prop::sample::select(vec![1u64, 2, 4, 8, 16]),
        ) {
            let end = first.wrapping_add(size / 2).wrapping_add(delta as i64 as u64);
            check(first, size, end.max(n), n);
        }
    }
}
