//! The executor's accessor while chains are attached: it follows the running instance's
//! chain (or none) as execution moves between instances.
//!
//! A call into wasm picks this accessor once, when any instance of the store has a chain
//! attached (`exec::call_func`). Before the call every attachment's chain handle is cloned
//! and its cache lent out ([`StoreHeaps::check_out`](super::state::StoreHeaps::check_out)),
//! so the call's [`ChainSwitch`] borrows them for the whole call without borrowing the store,
//! and a host function that detaches meanwhile cannot free a chain the executor points into.
//!
//! The executor itself is instantiated with [`ActiveChains`], a zero-sized type, so its
//! dispatch loop has exactly the registers and code of the no-chain executor:
//! - on every switch of instance it only records the running instance in a thread-local
//!   (one store instruction, no call);
//! - only an access that misses linear memory (already a cold path) reaches the call's
//!   switch, through a thread-local pointer, and moves to the running instance's chain;
//! - how far linear memory may grow is enforced by the memory itself
//!   (`MemoryData::chain_limit`), so `memory.grow` needs nothing from the accessor.

use core::cell::Cell;
use core::ptr::NonNull;

use chain::ChainAccess;

use super::state::Pinned;
use crate::error::Error;
use crate::func::Func;
use crate::mem_access::MemoryAccess;
use crate::store::{Store, StoreId, StoreInner};
use crate::values::Val;

thread_local! {
    /// The [`ChainSwitch`] of the innermost chain-mode call on this thread (type erased: its
    /// lifetime is the call's), or null.
    static ACTIVE: Cell<*mut ()> = const { Cell::new(core::ptr::null_mut()) };
    /// The instance the innermost chain-mode call is running.
    static RUNNING: Cell<u32> = const { Cell::new(u32::MAX) };
}

/// Resolves misses against the chain of the instance that is running, for one call.
pub(crate) struct ChainSwitch<'p> {
    /// The accessor of instance `inst`; `None` when it has no chain.
    current: Option<ChainAccess<'p>>,
    /// The instance `current` belongs to (`u32::MAX` before the first miss).
    inst: u32,
    /// The accessors of the other instances, by instance index.
    parked: Vec<Option<ChainAccess<'p>>>,
    /// The store the call runs in.
    store: StoreId,
    /// The switch of the chain-mode call this one is nested in (type erased), or null.
    outer: *mut (),
}

impl<'p> ChainSwitch<'p> {
    /// A switch over the chains and caches lent for one call in `store`.
    fn new(store: StoreId, pinned: &'p mut [Option<Pinned>]) -> Self {
        let parked = pinned
            .iter_mut()
            .map(|slot| {
                let pinned = slot.as_mut()?;
                // Attach checked that the chain fits the space, so this does not fail.
                ChainAccess::new(&pinned.chain, pinned.space, &mut pinned.cache).ok()
            })
            .collect();
        Self {
            current: None,
            inst: u32::MAX,
            parked,
            store,
            outer: core::ptr::null_mut(),
        }
    }

    /// Parks the current accessor and takes out instance `inst`'s.
    #[cold]
    #[inline(never)]
    fn switch_to(&mut self, inst: u32) {
        if let Some(access) = self.current.take()
            && let Some(slot) = self.parked.get_mut(self.inst as usize)
        {
            *slot = Some(access);
        }
        self.inst = inst;
        self.current = self.parked.get_mut(inst as usize).and_then(Option::take);
    }

    /// Resolves a miss of the running instance `inst`.
    #[inline(always)]
    fn resolve(&mut self, inst: u32, addr: u64, len: u64) -> Option<NonNull<u8>> {
        if inst != self.inst {
            self.switch_to(inst);
        }
        match &mut self.current {
            Some(access) => chain::MemoryAccess::resolve(access, addr, len),
            None => None,
        }
    }

    /// Stops lending instance `inst`'s chain (it was detached).
    fn forget(&mut self, inst: u32) {
        if self.inst == inst {
            self.current = None;
        }
        if let Some(slot) = self.parked.get_mut(inst as usize) {
            *slot = None;
        }
    }
}

/// The executor's accessor in chain mode (see the module documentation).
pub(crate) struct ActiveChains;

impl MemoryAccess for ActiveChains {
    const HAS_CHAIN: bool = true;

    /// Unlimited here: the memory itself stops at the chain (`MemoryData::chain_limit`).
    #[inline(always)]
    fn linear_limit(&self) -> u64 {
        u64::MAX
    }

    #[inline(always)]
    fn resolve(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        let active = ACTIVE.with(Cell::get).cast::<ChainSwitch<'_>>();
        if active.is_null() {
            return None;
        }
        let inst = RUNNING.with(Cell::get);
        // SAFETY: `ACTIVE` is non-null only while an `Activation` is alive, and then points
        // at the innermost chain-mode call's `ChainSwitch`, which outlives the activation and
        // is reached by nothing but this pointer meanwhile (`call_with_chains` leaves it
        // alone until the activation is dropped). The reference lives only for this lookup,
        // which never calls out of this module, so no other reference to it coexists.
        unsafe { &mut *active }.resolve(inst, addr, len)
    }

    #[inline(always)]
    fn enter(&mut self, _s: &StoreInner, inst: u32) {
        RUNNING.with(|running| running.set(inst));
    }
}

/// Makes a switch the thread's active one for as long as it lives; restores the outer one
/// (of an enclosing call on this thread, or none) and its running instance when dropped,
/// even by a panic.
struct Activation {
    outer: *mut (),
    outer_running: u32,
}

impl Activation {
    fn install(switch: &mut ChainSwitch<'_>) -> Self {
        let outer = ACTIVE.with(Cell::get);
        switch.outer = outer;
        let this: *mut ChainSwitch<'_> = switch;
        ACTIVE.with(|active| active.set(this.cast()));
        Self {
            outer,
            outer_running: RUNNING.with(Cell::get),
        }
    }
}

impl Drop for Activation {
    fn drop(&mut self) {
        ACTIVE.with(|active| active.set(self.outer));
        RUNNING.with(|running| running.set(self.outer_running));
    }
}

/// Tells every chain-mode call of `store` running on this thread that instance `inst` was
/// detached, so it stops reaching that chain from now on (the call holds its own handle, so
/// nothing dangles either way).
pub(crate) fn forget_detached(store: StoreId, inst: u32) {
    let mut switch = ACTIVE.with(Cell::get).cast::<ChainSwitch<'_>>();
    while !switch.is_null() {
        // SAFETY: the active switch and every `outer` one are alive (each belongs to a call
        // further up this thread's stack, whose activation is alive), and none is in use:
        // detaching runs in a host function, outside any `ActiveChains::resolve`.
        let current = unsafe { &mut *switch };
        if current.store == store {
            current.forget(inst);
        }
        switch = current.outer.cast();
    }
}

/// Calls `func` with the chain-following accessor: used when any instance of the store has
/// a chain attached.
pub(crate) fn call_with_chains<T>(
    store: &mut Store<T>,
    func: Func,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), Error> {
    let mut pinned = store.inner.shared_heaps.check_out();
    let result = {
        let mut switch = ChainSwitch::new(store.inner.id, &mut pinned);
        let _activation = Activation::install(&mut switch);
        crate::exec::call_func_with(store, &mut ActiveChains, func, params, results)
    };
    store.inner.shared_heaps.check_in(pinned);
    result
}
