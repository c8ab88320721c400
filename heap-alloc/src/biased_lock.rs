//! A lock biased towards one owning thread: the owner enters and leaves with plain stores, no
//! atomic read-modify-write; any other thread (a *visitor*) pays for both sides.
//!
//! This is the asymmetric form of Dekker's mutual exclusion. The owner writes "in use", then
//! reads "claimed"; a visitor writes "claimed", then reads "in use". Each needs a full memory
//! barrier between its write and its read, so that at least one of them sees the other's write.
//! The owner's barrier is only a compiler fence; the visitor makes it a real one by asking the
//! kernel (`membarrier`, Linux 4.14 and later) to run a full barrier on every running thread of
//! the process. Where that is not available, the owner uses a real fence (as costly as a
//! lock, still correct).
//!
//! Per-thread small-block caches use it: the owning thread allocates and frees through its
//! cache on every call; other threads only visit to drain it, rarely.

use core::cell::UnsafeCell;
use core::ops::{Deref, DerefMut};
use core::sync::atomic::{AtomicBool, AtomicU8, Ordering, compiler_fence, fence};

use crate::spin_lock::SpinLock;

/// The barrier mode is not known yet: owners use real fences.
const UNKNOWN: u8 = 0;
/// Visitors run `membarrier`, so owners need only compiler fences.
const ASYMMETRIC: u8 = 1;
/// `membarrier` is missing: owners use real fences.
const SYMMETRIC: u8 = 2;

/// Which barrier mode this process uses; set once by [`prepare`].
static MODE: AtomicU8 = AtomicU8::new(UNKNOWN);

/// Chooses the barrier mode: registers the process for expedited `membarrier` if it can.
/// Must run before any lock is used (a heap calls it when it is created); later calls do
/// nothing.
pub(crate) fn prepare() {
    if MODE.load(Ordering::Acquire) != UNKNOWN {
        return;
    }
    let mode = if register_membarrier() {
        ASYMMETRIC
    } else {
        SYMMETRIC
    };
    let _ = MODE.compare_exchange(UNKNOWN, mode, Ordering::AcqRel, Ordering::Acquire);
}

/// `MEMBARRIER_CMD_PRIVATE_EXPEDITED` and its registration (linux/membarrier.h).
#[cfg(any(target_os = "linux", target_os = "android"))]
const PRIVATE_EXPEDITED: libc::c_int = 1 << 3;
#[cfg(any(target_os = "linux", target_os = "android"))]
const REGISTER_PRIVATE_EXPEDITED: libc::c_int = 1 << 4;

#[cfg(any(target_os = "linux", target_os = "android"))]
fn register_membarrier() -> bool {
    // SAFETY: `membarrier` takes two integers and touches no memory of ours.
    unsafe { libc::syscall(libc::SYS_membarrier, REGISTER_PRIVATE_EXPEDITED, 0) == 0 }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn register_membarrier() -> bool {
    false
}

/// The visitor's barrier: a full fence here and, in the asymmetric mode, on every running
/// thread of the process.
fn heavy_barrier() {
    fence(Ordering::SeqCst);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if MODE.load(Ordering::Acquire) == ASYMMETRIC {
        // SAFETY: as in `register_membarrier`. The process registered (that is what the mode
        // says), and a registered expedited membarrier has no failure to report.
        unsafe { libc::syscall(libc::SYS_membarrier, PRIVATE_EXPEDITED, 0) };
    }
}

/// The owner's barrier: free in the asymmetric mode, a real fence otherwise.
#[inline(always)]
fn light_barrier() {
    if MODE.load(Ordering::Relaxed) == ASYMMETRIC {
        compiler_fence(Ordering::SeqCst);
    } else {
        fence(Ordering::SeqCst);
    }
}

/// A value with one owning thread and occasional visitors.
pub(crate) struct BiasedLock<T> {
    /// The owner is between `lock_as_owner` and the guard's drop.
    in_use: AtomicBool,
    /// A visitor holds the value (or is about to).
    claimed: AtomicBool,
    /// Serialises visitors, so at most one claims at a time.
    visitors: SpinLock<()>,
    value: UnsafeCell<T>,
}

// SAFETY: the protocol above gives the value to one thread at a time (the owner, or the one
// visitor holding `visitors` whose claim the owner has seen), so sharing the lock between
// threads is sound whenever the value may be sent between them.
unsafe impl<T: Send> Sync for BiasedLock<T> {}

impl<T> BiasedLock<T> {
    /// An unlocked lock over `value`.
    pub(crate) fn new(value: T) -> Self {
        Self {
            in_use: AtomicBool::new(false),
            claimed: AtomicBool::new(false),
            visitors: SpinLock::new(()),
            value: UnsafeCell::new(value),
        }
    }

    /// Access for the owner.
    ///
    /// # Safety
    /// Only one thread may ever use this method or [`BiasedLock::try_lock_as_owner`] on a
    /// given lock at a time (the owner); any other thread must visit through [`claim_each`].
    pub(crate) unsafe fn lock_as_owner(&self) -> OwnerGuard<'_, T> {
        loop {
            // SAFETY: the caller's promise is this method's.
            if let Some(guard) = unsafe { self.try_lock_as_owner() } {
                return guard;
            }
            self.wait_for_visitor();
        }
    }

    /// Access for the owner unless a visitor holds the value: the fast path, which calls
    /// nothing, so that a caller's fast path can stay free of calls too.
    ///
    /// # Safety
    /// As for [`BiasedLock::lock_as_owner`].
    #[inline(always)]
    pub(crate) unsafe fn try_lock_as_owner(&self) -> Option<OwnerGuard<'_, T>> {
        self.in_use.store(true, Ordering::Relaxed);
        light_barrier();
        if !self.claimed.load(Ordering::Acquire) {
            return Some(OwnerGuard { lock: self });
        }
        self.in_use.store(false, Ordering::Release);
        None
    }

    #[cold]
    fn wait_for_visitor(&self) {
        let mut spins = 0u32;
        while self.claimed.load(Ordering::Acquire) {
            if spins < 64 {
                spins += 1;
                core::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
    }

    /// Access for any thread, waiting for the owner to leave; costs a process-wide barrier.
    #[cfg(test)]
    pub(crate) fn lock_as_visitor(&self) -> VisitorGuard<'_, T> {
        let mut claims = claim_each([self]);
        claims.swap_remove(0)
    }

    /// Waits until the owner is out; the caller holds the claim and has run the barrier.
    fn wait_for_owner(&self) {
        let mut spins = 0u32;
        while self.in_use.load(Ordering::Acquire) {
            if spins < 64 {
                spins += 1;
                core::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
    }

    /// The value, through exclusive access to the lock.
    pub(crate) fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }
}

/// Claims every lock of `locks` as a visitor with a single process-wide barrier for all of
/// them (the barrier is what a visit costs), waits for each owner to leave, and returns the
/// guards in order.
pub(crate) fn claim_each<'a, T: 'a>(
    locks: impl IntoIterator<Item = &'a BiasedLock<T>>,
) -> Vec<VisitorGuard<'a, T>> {
    let claimed: Vec<(&BiasedLock<T>, _)> = locks
        .into_iter()
        .map(|lock| {
            let turn = lock.visitors.lock();
            lock.claimed.store(true, Ordering::Relaxed);
            (lock, turn)
        })
        .collect();
    if !claimed.is_empty() {
        heavy_barrier();
    }
    claimed
        .into_iter()
        .map(|(lock, turn)| {
            lock.wait_for_owner();
            VisitorGuard { lock, _turn: turn }
        })
        .collect()
}

/// The owner's access; leaves when dropped.
pub(crate) struct OwnerGuard<'a, T> {
    lock: &'a BiasedLock<T>,
}

impl<T> Deref for OwnerGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the owner has `in_use` set and saw no claim after setting it, so no visitor
        // holds the value until the guard drops (see the module documentation).
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for OwnerGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`; `&mut self` makes this the only access through the guard.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for OwnerGuard<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        self.lock.in_use.store(false, Ordering::Release);
    }
}

/// A visitor's access; releases the claim when dropped.
pub(crate) struct VisitorGuard<'a, T> {
    lock: &'a BiasedLock<T>,
    _turn: crate::spin_lock::SpinGuard<'a, ()>,
}

impl<T> Deref for VisitorGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: this visitor holds the visitors' turn and its claim, and saw the owner out
        // after the barrier, so the owner stays out until the claim is released.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for VisitorGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`; `&mut self` makes this the only access through the guard.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for VisitorGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.claimed.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owner_and_visitors_never_lose_an_increment() {
        prepare();
        let counter = BiasedLock::new(0u64);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                for _ in 0..200_000 {
                    // SAFETY: this thread is the only one that locks as the owner.
                    *unsafe { counter.lock_as_owner() } += 1;
                }
            });
            for _ in 0..2 {
                scope.spawn(|| {
                    for _ in 0..2_000 {
                        *counter.lock_as_visitor() += 1;
                    }
                });
            }
        });
        assert_eq!(*counter.lock_as_visitor(), 204_000);
    }
}
