//! The fast call path's table of callees: one entry per function of an instance's index
//! space, holding what entering that function needs, so a `call` reads one entry instead of
//! looking the function up in the store.
//!
//! Entries start empty and are filled by the general call path the first time it enters a
//! function of the same instance (translated by then, in either translation mode). Host
//! functions, other instances' functions and functions with many locals keep an empty
//! entry and always take the general path. This module depends only on the code type, so
//! both the store and the executor can name it.

use core::cell::Cell;

use crate::instr::CompiledFunc;

/// How many declared locals a callee may have for the fast call path; most functions
/// compilers emit have fewer (more go the general path, which zeroes them with `memset`).
pub(crate) const FAST_CALL_LOCALS: u32 = 32;

/// The fast path zeroes a callee's locals in blocks that double: 4 slots from its first
/// local whatever it declares (so the common case takes no branch), then 4 more, 8 more
/// and 16 more as it declares more: constant-size stores, no loop, at most
/// [`FAST_CALL_LOCALS`] slots. Slots past a callee's locals are dead at the call (its own
/// frame reaches over them, or the stack's unused rest), and [`FastCallee::slots`] covers
/// all of them, which keeps an entry cheap to make on the spot (for `call_indirect`).
const _: () = assert!(4 + 4 + 8 + 16 == FAST_CALL_LOCALS);

/// What the fast call path needs of a callee; 16 bytes, so an entry's address is a shift.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FastCallee {
    /// The callee's first instruction (an exposed address, as frame records keep theirs);
    /// 0 in an empty entry.
    pub code: usize,
    /// Slots the call needs from the callee's frame pointer: its frame, and the
    /// `FAST_CALL_LOCALS` slots from its first local that the fast path may zero.
    pub slots: u32,
    /// The callee's first declared local (its number of parameters).
    pub first_local: u16,
    /// How many locals the callee declares, at most [`FAST_CALL_LOCALS`].
    pub declared: u16,
}

impl FastCallee {
    /// The empty entry: calls take the general path.
    pub const NONE: FastCallee = FastCallee {
        code: 0,
        slots: 0,
        first_local: 0,
        declared: 0,
    };

    /// The entry of a function whose code is `f`, or `None` when the fast path leaves it to
    /// the general one (too many locals, or parameters). Made once per function
    /// ([`CompiledFunc::new`]).
    pub fn of(f: &CompiledFunc) -> Option<FastCallee> {
        let declared = f.num_locals - f.num_params;
        if declared > FAST_CALL_LOCALS {
            return None;
        }
        let first_local = u16::try_from(f.num_params).ok()?;
        Some(FastCallee {
            code: f.code.as_ptr().expose_provenance(),
            slots: f.frame_size.max(u32::from(first_local) + FAST_CALL_LOCALS),
            first_local,
            // At most `FAST_CALL_LOCALS` (checked above).
            declared: declared as u16,
        })
    }
}

/// An instance's table: entry `i` for function `i` of its index space. The entries are
/// cells because the executor fills them through the pointer it keeps to the table while
/// the instance runs (`exec::dispatch::IndexSpaces`).
pub(crate) type FastCallees = Box<[Cell<FastCallee>]>;

/// A table of `len` empty entries.
pub(crate) fn empty_table(len: usize) -> FastCallees {
    vec![Cell::new(FastCallee::NONE); len].into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instr::Instr;

    fn code(num_params: u32, num_locals: u32, frame_size: u32) -> CompiledFunc {
        CompiledFunc::new(&[Instr::Return {}], num_params, num_locals, frame_size)
    }

    #[test]
    fn entries_are_sixteen_bytes() {
        assert_eq!(size_of::<FastCallee>(), 16);
    }

    #[test]
    fn slots_cover_the_frame_and_every_zeroed_slot() {
        // (params, locals, frame size) -> slots
        for (params, locals, frame, slots) in [
            (1, 1, 3, 33),
            (0, 0, 1, 32),
            (2, 9, 40, 40),
            (2, 9, 10, 34),
            (0, 17, 18, 32),
            (3, 35, 40, 40),
            (3, 35, 30, 35),
        ] {
            let f = code(params, locals, frame);
            let entry = FastCallee::of(&f).expect("within the fast path's limits");
            assert_eq!(
                entry.slots, slots,
                "params {params} locals {locals} frame {frame}"
            );
            assert_eq!(u32::from(entry.first_local), params);
            assert_eq!(u32::from(entry.declared), locals - params);
            assert_eq!(entry.code, f.code.as_ptr().addr());
            // The entry the function carries is the same one.
            assert_eq!(f.fast.code, entry.code);
            assert_eq!(f.fast.slots, entry.slots);
            assert_eq!(
                (f.fast.first_local, f.fast.declared),
                (entry.first_local, entry.declared)
            );
        }
    }

    #[test]
    fn many_locals_or_params_take_the_general_path() {
        assert!(FastCallee::of(&code(0, FAST_CALL_LOCALS + 1, 40)).is_none());
        assert!(FastCallee::of(&code(1, FAST_CALL_LOCALS + 1, 40)).is_some());
        assert!(FastCallee::of(&code(70_000, 70_000, 70_001)).is_none());
        // Their code carries the empty entry.
        assert_eq!(code(0, FAST_CALL_LOCALS + 1, 40).fast.code, 0);
        assert_eq!(code(70_000, 70_000, 70_001).fast.code, 0);
    }
}
