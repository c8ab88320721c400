//! Fuel and interruption: what the `ConsumeFuel` charge points draw from.
//!
//! The translator emits a charge point at every function entry and loop header when the
//! engine consumes fuel or is interruptible, and none otherwise. Handlers subtract from the
//! store's `fuel` counter and only call [`StoreInner::refuel`] when it cannot pay. With
//! interruption on, the counter holds at most one [`SLICE`] and the rest waits in
//! `fuel_reserve`; every time a slice is used up the interrupt flag is read. So an
//! interruptible store notices an interrupt within one slice of wasm work, and a store that
//! is not interruptible never reads the flag at all. The flag lives in the store's
//! [`WaitCanceller`], which also wakes the store's code from a `memory.atomic.wait`.

use std::sync::Arc;

use super::StoreInner;
use crate::atomics::parking::WaitCanceller;
use crate::trap::TrapCode;

/// How much fuel an interruptible store hands its code at a time: about 65 thousand wasm
/// instructions, well under a millisecond, between two looks at the interrupt flag.
pub(crate) const SLICE: u64 = 1 << 16;

/// Stops wasm code running in a store, from any thread.
///
/// Made by [`crate::Store::interrupt_handle`]. After [`InterruptHandle::interrupt`], the
/// store's running (or next) wasm code traps with [`TrapCode::Interrupted`] within a few
/// tens of thousands of wasm instructions, or at once if it is blocked in
/// `memory.atomic.wait32/64`; that trap consumes the request. Code blocked in a host
/// function is not interrupted until the host function returns.
#[derive(Clone)]
pub struct InterruptHandle {
    requested: Arc<WaitCanceller>,
}

impl InterruptHandle {
    pub(crate) fn new(requested: Arc<WaitCanceller>) -> Self {
        Self { requested }
    }

    /// Asks the store's wasm code to stop with a trap.
    pub fn interrupt(&self) {
        self.requested.cancel();
    }
}

impl core::fmt::Debug for InterruptHandle {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("InterruptHandle").finish_non_exhaustive()
    }
}

impl StoreInner {
    /// Fills the counter for a new store: an interruptible store without fuel metering gets
    /// an endless reserve, handed out a slice at a time.
    pub(crate) fn initial_fuel(interruptible: bool, metered: bool) -> (u64, u64) {
        if interruptible && !metered {
            (SLICE, u64::MAX)
        } else {
            (0, 0)
        }
    }

    /// Sets the fuel wasm code may use from now on.
    pub(crate) fn put_fuel(&mut self, fuel: u64) {
        if self.engine.interruptible() {
            self.fuel = fuel.min(SLICE);
            self.fuel_reserve = fuel - self.fuel;
        } else {
            self.fuel = fuel;
        }
    }

    /// The fuel left, counter and reserve together.
    pub(crate) fn fuel_left(&self) -> u64 {
        self.fuel.saturating_add(self.fuel_reserve)
    }

    /// Called by a charge point of `amount` that the counter cannot pay: traps with
    /// [`TrapCode::Interrupted`] if an interrupt was requested, else moves the next slice from
    /// the reserve and charges it, else traps with [`TrapCode::OutOfFuel`].
    #[cold]
    #[inline(never)]
    pub(crate) fn refuel(&mut self, amount: u64) -> Result<(), TrapCode> {
        if self.engine.interruptible() && self.interrupt.take_request() {
            return Err(TrapCode::Interrupted);
        }
        let take = amount
            .saturating_sub(self.fuel)
            .max(SLICE)
            .min(self.fuel_reserve);
        let available = self.fuel.saturating_add(take);
        if available < amount {
            // What is left cannot pay for this block: none of it can be used.
            self.fuel = 0;
            self.fuel_reserve = 0;
            return Err(TrapCode::OutOfFuel);
        }
        self.fuel_reserve -= take;
        self.fuel = available - amount;
        Ok(())
    }
}
