//! Blocking and waking threads on a memory address: `memory.atomic.wait32/wait64` and
//! `memory.atomic.notify`, keyed by the native address of the watched bytes.
//!
//! The key is the native address because the same bytes have different app addresses in
//! different instances (a shared heap sits at each instance's own chain position), while
//! every thread sees them at one native address. So a wait in one app is woken by a notify
//! from any app sharing the memory, or from the host ([`crate::Instance::atomic_notify`]).
//!
//! One process-wide table of queues, split into buckets by address so unrelated addresses
//! rarely share a lock. A waiter compares the value and enqueues itself under its bucket's
//! lock; a notifier takes the same lock to dequeue, so a store followed by a notify can
//! never fall between a waiter's compare and its sleep. Waiters on one address are woken
//! in the order they began to wait.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The result `memory.atomic.wait*` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum WaitResult {
    /// A notify woke the waiter.
    Woken = 0,
    /// The value was not the expected one; the thread did not block.
    NotEqual = 1,
    /// The timeout passed first.
    TimedOut = 2,
    /// The wait was cancelled ([`WaitCanceller::cancel`]); not a wasm result: the executor
    /// traps instead.
    Cancelled = 3,
}

/// Where a blocked thread stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wake {
    /// Still waiting.
    Waiting,
    /// A notify dequeued it.
    Notified,
    /// Its canceller cancelled it (it is still queued).
    Cancelled,
}

/// One blocked thread.
struct Waiter {
    /// The native address it waits on.
    addr: usize,
    /// Set by the notify that dequeues it, or by a cancel.
    state: Mutex<Wake>,
    wake: Condvar,
}

impl Waiter {
    /// Moves a waiting waiter to `to` and wakes its thread; `false` if it was not waiting.
    fn wake(&self, to: Wake) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if *state != Wake::Waiting {
            return false;
        }
        *state = to;
        self.wake.notify_one();
        true
    }
}

/// Cancels the waits of one store's wasm code from any thread (the store's interrupt).
#[derive(Default)]
pub(crate) struct WaitCanceller {
    /// Set (with SeqCst) before a cancel looks for a waiter, read after a waiter registers.
    requested: AtomicBool,
    /// The wait in progress, if a thread of the store is blocked in one.
    current: Mutex<Option<Arc<Waiter>>>,
}

impl WaitCanceller {
    /// Asks for the store's code to stop: wakes its wait in progress (if any, and every
    /// later one until [`WaitCanceller::take_request`]).
    pub(crate) fn cancel(&self) {
        self.requested.store(true, Ordering::SeqCst);
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(waiter) = current.as_ref() {
            waiter.wake(Wake::Cancelled);
        }
    }

    /// Whether a stop was asked for since the last call, clearing the request.
    pub(crate) fn take_request(&self) -> bool {
        self.requested.swap(false, Ordering::Relaxed)
    }

    /// Records `waiter` as the wait in progress (`None`: it ended); registering, the
    /// waiter learns whether a stop was asked for already.
    fn register(&self, waiter: Option<Arc<Waiter>>) -> bool {
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = waiter;
        self.requested.load(Ordering::SeqCst)
    }
}

/// The waiters of the addresses that hash to one bucket, oldest first.
type Bucket = Mutex<Vec<Arc<Waiter>>>;

const BUCKETS: usize = 64;

static TABLE: [Bucket; BUCKETS] = [const { Mutex::new(Vec::new()) }; BUCKETS];

fn bucket(addr: usize) -> MutexGuard<'static, Vec<Arc<Waiter>>> {
    // Atomic cells are at least 4-byte aligned; mix in higher bits so that nearby words
    // (a ring buffer's head and tail) land in different buckets.
    let index = (addr >> 2 ^ addr >> 8) % BUCKETS;
    // A panic cannot happen while a bucket is held (only Vec pushes and removes), and even
    // then the list stays a valid list: go on with it.
    TABLE[index].lock().unwrap_or_else(PoisonError::into_inner)
}

/// Blocks the thread while the value at `addr` is the expected one, until a notify on
/// `addr`, the timeout (`None`: none) or a cancel by `canceller`. `still_expected` reads and
/// compares the value; it runs under the bucket's lock, so the compare and the enqueue are
/// one step for notifiers.
pub(crate) fn wait(
    addr: usize,
    still_expected: impl FnOnce() -> bool,
    timeout: Option<Duration>,
    canceller: Option<&WaitCanceller>,
) -> WaitResult {
    let waiter = {
        let mut queue = bucket(addr);
        if !still_expected() {
            return WaitResult::NotEqual;
        }
        let waiter = Arc::new(Waiter {
            addr,
            state: Mutex::new(Wake::Waiting),
            wake: Condvar::new(),
        });
        queue.push(Arc::clone(&waiter));
        waiter
    };
    // A cancel asked for before the waiter was registered is seen here; one asked for later
    // finds the waiter and wakes it.
    if let Some(canceller) = canceller
        && canceller.register(Some(Arc::clone(&waiter)))
    {
        waiter.wake(Wake::Cancelled);
    }
    let result = sleep(&waiter, timeout);
    if let Some(canceller) = canceller {
        canceller.register(None);
    }
    result
}

/// Sleeps until `waiter` is notified or cancelled or `timeout` passes, and leaves the queue
/// unless a notify dequeued it.
fn sleep(waiter: &Arc<Waiter>, timeout: Option<Duration>) -> WaitResult {
    let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
    let mut state = waiter.state.lock().unwrap_or_else(PoisonError::into_inner);
    while *state == Wake::Waiting {
        match deadline {
            // A timeout too large for the clock is no timeout.
            None => {
                state = waiter
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                state = waiter
                    .wake
                    .wait_timeout(state, left)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
        }
    }
    let ended = *state;
    drop(state);
    if ended == Wake::Notified {
        return WaitResult::Woken;
    }
    // Timed out or cancelled: leave the queue, unless a notify dequeued this waiter
    // meanwhile (then it counted the wake-up, so report it).
    let mut queue = bucket(waiter.addr);
    match queue.iter().position(|w| Arc::ptr_eq(w, waiter)) {
        Some(at) => {
            queue.remove(at);
            if ended == Wake::Cancelled {
                WaitResult::Cancelled
            } else {
                WaitResult::TimedOut
            }
        }
        // Dequeued by a notify (the bucket's lock orders it before this look): it counted
        // the wake-up unless this waiter was cancelled first.
        None if *waiter.state.lock().unwrap_or_else(PoisonError::into_inner) == Wake::Cancelled => {
            WaitResult::Cancelled
        }
        None => WaitResult::Woken,
    }
}

/// Wakes up to `count` threads waiting on `addr`, oldest first; returns how many.
pub(crate) fn notify(addr: usize, count: u32) -> u32 {
    let mut queue = bucket(addr);
    let mut woke = 0;
    let mut i = 0;
    while woke < count && i < queue.len() {
        if queue[i].addr != addr {
            i += 1;
            continue;
        }
        let waiter = queue.remove(i);
        // A cancelled waiter still queued is on its way out: it takes no wake-up.
        if waiter.wake(Wake::Notified) {
            woke += 1;
        }
    }
    woke
}

/// The timeout of a wait instruction: nanoseconds, negative for none.
pub(crate) fn timeout_from_nanos(nanos: i64) -> Option<Duration> {
    u64::try_from(nanos).ok().map(Duration::from_nanos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;
    use std::thread;

    #[test]
    fn a_changed_value_does_not_block() {
        let cell = AtomicU32::new(1);
        let addr = cell.as_ptr().addr();
        let r = wait(addr, || cell.load(Ordering::SeqCst) == 0, None, None);
        assert_eq!(r, WaitResult::NotEqual);
    }

    #[test]
    fn a_wait_times_out_and_leaves_the_queue() {
        let cell = AtomicU32::new(0);
        let addr = cell.as_ptr().addr();
        let start = Instant::now();
        let r = wait(addr, || true, Some(Duration::from_millis(20)), None);
        assert_eq!(r, WaitResult::TimedOut);
        assert!(start.elapsed() >= Duration::from_millis(20));
        assert_eq!(notify(addr, 1), 0, "the timed-out waiter is gone");
    }

    #[test]
    fn notify_wakes_as_many_as_asked_and_counts_them() {
        let cell = Arc::new(AtomicU32::new(0));
        let addr = cell.as_ptr().addr();
        let threads: Vec<_> = (0..3)
            .map(|_| {
                let cell = Arc::clone(&cell);
                thread::spawn(move || wait(addr, || cell.load(Ordering::SeqCst) == 0, None, None))
            })
            .collect();
        // Wake them two, then one, as they arrive.
        let mut woken = 0;
        while woken < 2 {
            woken += notify(addr, 2 - woken);
            thread::yield_now();
        }
        while woken < 3 {
            woken += notify(addr, 1);
            thread::yield_now();
        }
        for t in threads {
            assert_eq!(t.join().unwrap(), WaitResult::Woken);
        }
        assert_eq!(notify(addr, u32::MAX), 0);
    }

    #[test]
    fn notify_skips_other_addresses() {
        let cells = Arc::new([AtomicU32::new(0), AtomicU32::new(0)]);
        // Same bucket or not, only the named address wakes.
        let (a, b) = (cells[0].as_ptr().addr(), cells[1].as_ptr().addr());
        let t = {
            let cells = Arc::clone(&cells);
            thread::spawn(move || wait(b, || cells[1].load(Ordering::SeqCst) == 0, None, None))
        };
        while bucket(b).iter().all(|w| w.addr != b) {
            thread::yield_now();
        }
        assert_eq!(notify(a, u32::MAX), 0);
        assert_eq!(notify(b, u32::MAX), 1);
        assert_eq!(t.join().unwrap(), WaitResult::Woken);
    }

    #[test]
    fn a_cancel_ends_a_wait_and_no_notify_counts_it() {
        let canceller = Arc::new(WaitCanceller::default());
        let cell = Arc::new(AtomicU32::new(0));
        let addr = cell.as_ptr().addr();
        let waiter = {
            let (canceller, cell) = (Arc::clone(&canceller), Arc::clone(&cell));
            thread::spawn(move || {
                wait(
                    addr,
                    || cell.load(Ordering::SeqCst) == 0,
                    None,
                    Some(&canceller),
                )
            })
        };
        while canceller.current.lock().unwrap().is_none() {
            thread::yield_now();
        }
        canceller.cancel();
        assert_eq!(waiter.join().unwrap(), WaitResult::Cancelled);
        assert_eq!(
            notify(addr, u32::MAX),
            0,
            "the cancelled waiter left the queue"
        );
        assert!(canceller.take_request());
        assert!(!canceller.take_request(), "taking the request clears it");
    }
}
