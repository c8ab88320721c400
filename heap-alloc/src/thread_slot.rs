//! Small numbers for live threads: a thread takes a free number on its first allocation and
//! gives it back when it exits, so no two live threads ever hold the same number, and numbers
//! stay as small as the count of threads alive at once.
//!
//! A heap gives the thread holding number `n` the `n`-th cache as its own (see
//! [`crate::block_cache`]): uniqueness is what lets that cache be used without a lock.

use std::cell::Cell;
use std::sync::{Mutex, PoisonError};

/// Numbers given back by threads that exited, ready for new threads.
static RETURNED: Mutex<Vec<usize>> = Mutex::new(Vec::new());
/// The lowest number never given out.
static NEXT: Mutex<usize> = Mutex::new(0);

/// The number of a thread that has none yet.
const UNSET: usize = usize::MAX;
/// The number of a thread that gave its number back while exiting.
const EXITED: usize = usize::MAX - 1;

/// A thread's number, held by the thread-local [`SLOT`] so that it is given back on exit.
struct Slot(usize);

impl Slot {
    fn take() -> Self {
        let returned = RETURNED
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        Self(returned.unwrap_or_else(|| {
            let mut next = NEXT.lock().unwrap_or_else(PoisonError::into_inner);
            let number = *next;
            *next += 1;
            number
        }))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        // Later uses on this thread (other thread-locals' destructors may free blocks) must
        // not use the number any more: another thread may hold it from now on.
        let _ = NUMBER.try_with(|number| number.set(EXITED));
        RETURNED
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(self.0);
    }
}

thread_local! {
    /// Owns the number and gives it back on exit.
    static SLOT: Slot = Slot::take();
    /// A copy of the number that reads without any check of the thread-local's state (it has
    /// no destructor), for the allocation fast path.
    static NUMBER: Cell<usize> = const { Cell::new(UNSET) };
}

/// The calling thread's number; `None` while the thread is exiting (its number may already
/// belong to another thread then).
#[inline]
pub(crate) fn current() -> Option<usize> {
    let number = NUMBER.with(Cell::get);
    if number < EXITED {
        return Some(number);
    }
    if number == EXITED {
        return None;
    }
    take_number()
}

/// The calling thread's number if it has taken one and is not exiting; never takes one, so it
/// calls nothing ([`current`] does the rest on the slow path).
#[inline(always)]
pub(crate) fn current_if_known() -> Option<usize> {
    let number = NUMBER.with(Cell::get);
    (number < EXITED).then_some(number)
}

#[cold]
fn take_number() -> Option<usize> {
    let number = SLOT.try_with(|slot| slot.0).ok()?;
    NUMBER.with(|cell| cell.set(number));
    Some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_threads_hold_distinct_numbers() {
        let barrier = std::sync::Barrier::new(8);
        let mut numbers: Vec<usize> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        let number = current().expect("a running thread has a number");
                        // Stay alive until every thread has its number.
                        barrier.wait();
                        number
                    })
                })
                .collect();
            threads
                .into_iter()
                .map(|thread| thread.join().expect("no panic"))
                .collect()
        });
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), 8);
    }
}
