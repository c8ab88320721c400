//! Counts of the instructions the executor ran, and of adjacent pairs of them (feature
//! `op-counts`, off by default: without it nothing here is built and dispatch is unchanged).
//!
//! Each handler dispatch records the tag it is about to run on the current thread. A pair
//! is two instructions run one after the other, whatever connects them (fall-through, a
//! branch, a call or a return), which is what a fusion of the two would save a dispatch
//! on. Profiles say which forms to add: `bench`'s `profile_one` example prints the top
//! singles and pairs when built with this feature.

use std::cell::RefCell;

macro_rules! instr_name_list {
    ($($name:ident),* $(,)?) => {
        /// Instruction names, indexed by tag.
        const NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}
crate::instr::with_instr_names!(instr_name_list);

/// The per-thread tallies.
struct Tally {
    /// The tag run last (`NAMES.len()` before the first).
    prev: usize,
    /// Runs per tag.
    singles: Vec<u64>,
    /// Runs per (previous tag, tag), row-major; `prev == NAMES.len()` rows are left out.
    pairs: Vec<u64>,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            prev: NAMES.len(),
            singles: vec![0; NAMES.len()],
            pairs: vec![0; NAMES.len() * NAMES.len()],
        }
    }
}

thread_local! {
    static TALLY: RefCell<Tally> = RefCell::new(Tally::new());
}

/// Records that the instruction with tag `tag` runs next (called by dispatch).
#[inline(always)]
pub(crate) fn record(tag: u16) {
    let tag = usize::from(tag);
    TALLY.with(|t| {
        let mut t = t.borrow_mut();
        if let Some(n) = t.singles.get_mut(tag) {
            *n += 1;
        }
        let prev = t.prev;
        if prev < NAMES.len()
            && let Some(n) = t.pairs.get_mut(prev * NAMES.len() + tag)
        {
            *n += 1;
        }
        t.prev = tag;
    });
}

/// What the current thread ran since the last [`take`] (or its start).
#[derive(Clone, Debug, Default)]
pub struct OpCounts {
    /// Each instruction that ran, with how often, most frequent first.
    pub singles: Vec<(&'static str, u64)>,
    /// Each pair that ran (first, then second), with how often, most frequent first.
    pub pairs: Vec<(&'static str, &'static str, u64)>,
}

impl OpCounts {
    /// The number of instructions run (every dispatch).
    pub fn total(&self) -> u64 {
        self.singles.iter().map(|s| s.1).sum()
    }
}

/// Returns the current thread's counts and starts it afresh.
pub fn take() -> OpCounts {
    TALLY.with(|t| {
        let t = core::mem::replace(&mut *t.borrow_mut(), Tally::new());
        let mut singles: Vec<(&'static str, u64)> = NAMES
            .iter()
            .zip(&t.singles)
            .filter(|(_, n)| **n > 0)
            .map(|(name, n)| (*name, *n))
            .collect();
        singles.sort_by_key(|s| core::cmp::Reverse(s.1));
        let mut pairs: Vec<(&'static str, &'static str, u64)> = t
            .pairs
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| (NAMES[i / NAMES.len()], NAMES[i % NAMES.len()], *n))
            .collect();
        pairs.sort_by_key(|p| core::cmp::Reverse(p.2));
        OpCounts { singles, pairs }
    })
}
