//! The threads proposal's operations on app addresses, for the host: the same atomic
//! accesses, with the same address and alignment rules and traps, as the app's own
//! instructions, so a host thread can take part in an app's protocol (for example store a
//! value and wake an app blocked in `memory.atomic.wait32`).

use super::host_api::Place;
use crate::atomics::{AtomicKind, cell, parking};
use crate::error::Error;
use crate::instance::Instance;
use crate::store::Store;
use crate::trap::TrapCode;

/// Defines [`AtomicRmwOp`] with the operations of `with_rmw_ops!`.
macro_rules! rmw_op {
    ($($rmw:ident $wasm:ident: $what:literal,)*) => {
        /// A read-modify-write operation for [`Instance::atomic_rmw`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum AtomicRmwOp {
            $(
                #[doc = concat!("As `*.atomic.rmw*.", stringify!($wasm), "`: ", $what, ".")]
                $rmw,
            )*
        }

        impl AtomicRmwOp {
            fn kind(self) -> AtomicKind {
                match self {
                    $(AtomicRmwOp::$rmw => AtomicKind::$rmw,)*
                }
            }
        }
    };
}
crate::atomics::with_rmw_ops!(rmw_op);

impl Instance {
    /// Atomically reads the `width`-byte (1, 2, 4 or 8) value at app address `addr`,
    /// zero-extended. Errors as the app's `atomic.load` traps: "unaligned atomic", "out of
    /// bounds memory access".
    pub fn atomic_load<T>(&self, store: &mut Store<T>, addr: u64, width: u8) -> Result<u64, Error> {
        self.atomic_access(store, addr, width, AtomicKind::Load, 0, 0)
    }

    /// Atomically writes the low `width` bytes of `value` to app address `addr`.
    pub fn atomic_store<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
        width: u8,
        value: u64,
    ) -> Result<(), Error> {
        self.atomic_access(store, addr, width, AtomicKind::Store, value, 0)
            .map(drop)
    }

    /// Atomically applies `op` with `value` to the `width` bytes at app address `addr`;
    /// returns the old value.
    pub fn atomic_rmw<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
        width: u8,
        op: AtomicRmwOp,
        value: u64,
    ) -> Result<u64, Error> {
        self.atomic_access(store, addr, width, op.kind(), value, 0)
    }

    /// Atomically replaces the `width` bytes at app address `addr` with `replacement` if
    /// they equal `expected` (both truncated to the width); returns the old value.
    pub fn atomic_compare_exchange<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
        width: u8,
        expected: u64,
        replacement: u64,
    ) -> Result<u64, Error> {
        self.atomic_access(
            store,
            addr,
            width,
            AtomicKind::Cmpxchg,
            expected,
            replacement,
        )
    }

    /// Wakes up to `count` threads blocked in `memory.atomic.wait32/64` on app address
    /// `addr` (4-byte aligned) of this instance, whichever instance or thread they run in;
    /// returns how many it woke. As for the app's `memory.atomic.notify`, an address in a
    /// linear memory not declared `shared` wakes nobody.
    pub fn atomic_notify<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
        count: u32,
    ) -> Result<u32, Error> {
        let (p, place) = self.atomic_place(store, addr, 4)?;
        let shared = match place {
            Place::Heap(_) => true,
            Place::Linear(_) => self.memory_zero(store).is_some_and(|m| m.is_shared()),
        };
        Ok(if shared {
            parking::notify(p.addr(), count)
        } else {
            0
        })
    }

    fn atomic_access<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
        width: u8,
        kind: AtomicKind,
        a: u64,
        b: u64,
    ) -> Result<u64, Error> {
        let (p, _) = self.atomic_place(store, addr, width)?;
        // SAFETY: `atomic_place` checked that `p` is valid for `width` bytes (linear memory,
        // which cannot grow during this call, or a heap the attached chain keeps alive) and
        // aligned to `width`, which it also checked is 1, 2, 4 or 8.
        Ok(unsafe { cell::apply(p, width, kind, a, b) })
    }

    /// The native pointer and place of the `width` bytes at `addr`, checked as an atomic
    /// access checks them.
    fn atomic_place<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
        width: u8,
    ) -> Result<(*mut u8, Place), Error> {
        if !matches!(width, 1 | 2 | 4 | 8) {
            return Err(Error::usage(format!(
                "an atomic access is 1, 2, 4 or 8 bytes wide, not {width}"
            )));
        }
        if !addr.is_multiple_of(u64::from(width)) {
            return Err(Error::trap(TrapCode::UnalignedAtomic));
        }
        let oob = || Error::trap(TrapCode::MemoryOutOfBounds);
        let place = self.locate(store, addr, u64::from(width)).ok_or_else(oob)?;
        let p = self
            .app_to_native(store, addr, u64::from(width))
            .ok_or_else(oob)?
            .as_ptr();
        if !cell::is_aligned(p, width) {
            return Err(Error::trap(TrapCode::UnalignedAtomic));
        }
        Ok((p, place))
    }
}
