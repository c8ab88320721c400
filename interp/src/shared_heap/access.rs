//! The executor's accessor while chains are attached: it follows the running instance's
//! chain (or none) as execution moves between instances.
//!
//! A call into wasm picks this accessor once, when any instance of the store has a chain
//! attached (`func::call_func`). Before the call every attachment's chain handle is cloned
//! and its cache lent out ([`StoreHeaps::check_out`](super::state::StoreHeaps::check_out)),
//! so the call's [`ChainSwitch`] borrows them for the whole call without borrowing the store,
//! and a host function that detaches meanwhile cannot free a chain the executor points into.
//!
//! The executor itself is instantiated with [`ActiveChains`], a zero-sized type, so its
//! handlers have exactly the registers and code of the no-chain executor:
//! - on every switch of instance it only records the running instance and forgets the last
//!   hit, in thread-locals (two stores, no call);
//! - an access that misses linear memory (already a cold path) first tries the executor's
//!   copy of the windows on the last member hit ([`last_hit_windows`], no call), then the
//!   thread's record of that member (three thread-local words, no call); only when that misses
//!   does it reach the call's switch, through a thread-local pointer, which moves to the
//!   running instance's chain and asks its accessor (the instance's own `HitCache`, then the
//!   chain's search) and records the member hit;
//! - how far linear memory may grow is enforced by the memory itself
//!   (`MemoryData::chain_limit`), so `memory.grow` needs nothing from the accessor.

use core::cell::Cell;
use core::ptr::NonNull;

use chain::{AddressSpace, ChainAccess, SharedChain};

use super::state::Pinned;
use super::window::{HeapWindow, HeapWindows};
use crate::error::Error;
use crate::func::Func;
use crate::mem_access::MemoryAccess;
use crate::store::{Store, StoreId};

thread_local! {
    /// The [`ChainSwitch`] of the innermost chain-mode call on this thread (type erased: its
    /// lifetime is the call's), or null.
    static ACTIVE: Cell<*mut ()> = const { Cell::new(core::ptr::null_mut()) };
    /// The instance the innermost chain-mode call is running.
    static RUNNING: Cell<u32> = const { Cell::new(u32::MAX) };
    /// The last member the running instance hit. One thread-local, so a lookup computes
    /// its address once.
    static LAST_HIT: LastHit = const {
        LastHit {
            first: Cell::new(0),
            size: Cell::new(0),
            base: Cell::new(core::ptr::null_mut()),
            read_only: Cell::new(false),
            read_window: Cell::new(HeapWindow::EMPTY),
            write_window: Cell::new(HeapWindow::EMPTY),
        }
    };
}

/// The member the running instance of the innermost chain-mode call hit last. Valid while
/// that call runs that instance: cleared on every switch of instance or call.
struct LastHit {
    /// The member's first app address.
    first: Cell<u64>,
    /// The member's size; 0 when nothing is recorded.
    size: Cell<u64>,
    /// The member's first native byte (non-null whenever `size` is not 0).
    base: Cell<*mut u8>,
    /// Whether wasm code may only read the member: writes skip this record.
    read_only: Cell<bool>,
    /// The member as the fast handlers test loads against it.
    read_window: Cell<HeapWindow>,
    /// The member as the fast handlers test stores against it (empty if read-only).
    write_window: Cell<HeapWindow>,
}

/// Forgets the last hit (another instance runs, or the chains lent changed).
#[inline(always)]
fn clear_last_hit() {
    LAST_HIT.with(|hit| {
        hit.size.set(0);
        hit.read_window.set(HeapWindow::EMPTY);
        hit.write_window.set(HeapWindow::EMPTY);
    });
}

/// Records the member the running instance just hit.
fn record_last_hit((first, size, base, read_only): MemberRecord) {
    LAST_HIT.with(|hit| {
        hit.first.set(first);
        hit.base.set(base);
        hit.size.set(size);
        hit.read_only.set(read_only);
        let window = HeapWindow::new(first, size, base);
        hit.read_window.set(window);
        hit.write_window
            .set(if read_only { HeapWindow::EMPTY } else { window });
    });
}

/// The windows of the member the running instance hit last, for the executor to keep in
/// its context (see `exec::dispatch::Ctx::heap_windows`): the fast memory handlers test
/// accesses against that copy, which they reach without a thread-local's address.
pub(crate) fn last_hit_windows() -> HeapWindows {
    LAST_HIT.with(|hit| HeapWindows {
        read: hit.read_window.get(),
        write: hit.write_window.get(),
    })
}

/// A member as the last-hit record keeps it: first app address, size, native base and
/// whether it is read-only.
type MemberRecord = (u64, u64, *mut u8, bool);

/// An instance's accessor, its chain and space, and (filled on first use) its members.
struct Ready<'p> {
    access: ChainAccess<'p>,
    chain: &'p SharedChain,
    space: AddressSpace,
    members: Option<Vec<MemberRecord>>,
}

impl Ready<'_> {
    /// The member holding app address `addr`, from the chain's layout.
    fn member_at(&mut self, addr: u64) -> Option<MemberRecord> {
        let (chain, space) = (self.chain, self.space);
        let members = self.members.get_or_insert_with(|| {
            let Ok(layout) = chain.layout(space) else {
                return Vec::new();
            };
            layout
                .members
                .iter()
                .filter_map(|member| {
                    let base = chain.translate(space, member.start, member.size)?;
                    Some((member.start, member.size, base.as_ptr(), member.read_only))
                })
                .collect()
        });
        members
            .iter()
            .copied()
            .find(|&(first, size, _, _)| addr.wrapping_sub(first) < size)
    }
}

/// Resolves misses against the chain of the instance that is running, for one call.
pub(crate) struct ChainSwitch<'p> {
    /// The accessor of instance `inst`; `None` when it has no chain.
    current: Option<Ready<'p>>,
    /// The instance `current` belongs to (`u32::MAX` before the first miss).
    inst: u32,
    /// The accessors of the other instances, by instance index.
    parked: Vec<Option<Ready<'p>>>,
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
                let Pinned {
                    chain,
                    space,
                    cache,
                } = slot.as_mut()?;
                let chain: &'p SharedChain = chain;
                // Attach checked that the chain fits the space, so this does not fail.
                let access = ChainAccess::new(chain, *space, cache).ok()?;
                Some(Ready {
                    access,
                    chain,
                    space: *space,
                    members: None,
                })
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

    /// Resolves an access of the running instance `inst` that missed the last hit (a write
    /// when `write`: refused for a read-only member), and records the member it hits.
    fn resolve(&mut self, inst: u32, addr: u64, len: u64, write: bool) -> Option<NonNull<u8>> {
        if inst != self.inst {
            self.switch_to(inst);
        }
        let ready = self.current.as_mut()?;
        let ptr = if write {
            chain::MemoryAccess::resolve_write(&mut ready.access, addr, len)?
        } else {
            chain::MemoryAccess::resolve(&mut ready.access, addr, len)?
        };
        if let Some(member) = ready.member_at(addr) {
            record_last_hit(member);
        }
        Some(ptr)
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
        match last_hit_ptr(addr, len) {
            Some(ptr) => Some(ptr),
            None => resolve_miss(addr, len, false),
        }
    }

    #[inline(always)]
    fn resolve_write(&mut self, addr: u64, len: u64) -> Option<NonNull<u8>> {
        if !LAST_HIT.with(|hit| hit.read_only.get())
            && let Some(ptr) = last_hit_ptr(addr, len)
        {
            return Some(ptr);
        }
        resolve_miss(addr, len, true)
    }

    #[inline(always)]
    fn enter(&mut self, inst: u32) {
        RUNNING.with(|running| running.set(inst));
        clear_last_hit();
    }
}

/// The native pointer for `len` bytes at app address `addr` from the member the running
/// instance hit last, if it holds them (no call: the accesses the fast handlers' window
/// declined, and bulk ranges).
#[inline(always)]
fn last_hit_ptr(addr: u64, len: u64) -> Option<NonNull<u8>> {
    LAST_HIT.with(|hit| {
        let (first, size) = (hit.first.get(), hit.size.get());
        // Wraps to a huge value below the member, which the test rejects. `room` is
        // `None` when nothing is recorded (size 0) or the member is shorter than the
        // access (counted as at least one byte, so a hit always has `offset < size`).
        let offset = addr.wrapping_sub(first);
        if let Some(room) = size.checked_sub(len.max(1))
            && offset <= room
        {
            // SAFETY: `offset + max(len, 1) <= size`, so `size` is non-zero: it was
            // recorded together with the member's base, which is non-null, and the
            // member (pinned by the innermost chain-mode call) spans `size` bytes from
            // it. `offset < size`, so the result stays inside that one allocation and
            // is non-null.
            Some(unsafe { NonNull::new_unchecked(hit.base.get().add(offset as usize)) })
        } else {
            None
        }
    })
}

/// An access (a write when `write`) that missed the last hit: ask the innermost chain-mode
/// call's switch.
#[cold]
#[inline(never)]
fn resolve_miss(addr: u64, len: u64, write: bool) -> Option<NonNull<u8>> {
    let active = ACTIVE.with(Cell::get).cast::<ChainSwitch<'_>>();
    if active.is_null() {
        return None;
    }
    let inst = RUNNING.with(Cell::get);
    // SAFETY: `ACTIVE` is non-null only while an `Activation` is alive, and then points at
    // the innermost chain-mode call's `ChainSwitch`, which outlives the activation and is
    // reached by nothing but this pointer meanwhile (`call_with_chains` leaves it alone until
    // the activation is dropped). The reference lives only for this lookup, which never
    // calls back into wasm, so no other reference to the switch coexists.
    unsafe { &mut *active }.resolve(inst, addr, len, write)
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
        clear_last_hit();
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
        // The outer call finds its member again on its next miss.
        clear_last_hit();
    }
}

/// Tells every chain-mode call of `store` running on this thread that instance `inst` was
/// detached, so it stops reaching that chain from now on (the call holds its own handle, so
/// nothing dangles either way).
pub(crate) fn forget_detached(store: StoreId, inst: u32) {
    clear_last_hit();
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
    values: &mut impl crate::func::CallValues,
) -> Result<(), Error> {
    let mut pinned = store.inner.shared_heaps.check_out();
    let result = {
        let mut switch = ChainSwitch::new(store.inner.id, &mut pinned);
        let _activation = Activation::install(&mut switch);
        crate::func::call_func_with(store, &mut ActiveChains, func, values)
    };
    store.inner.shared_heaps.check_in(pinned);
    result
}
