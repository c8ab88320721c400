//! What a store remembers about attached chains: one entry per instance that has one.

use chain::{AddressSpace, HitCache, SharedChain};

/// One instance's attachment: the chain, where it sits in the instance's address space, and
/// the instance's own last-hit cache (never shared with other instances).
pub(crate) struct Attachment {
    /// The chain; holding the handle keeps the chain (and its heaps) alive and unchangeable.
    pub chain: SharedChain,
    /// memory32 or memory64, from memory 0's type.
    pub space: AddressSpace,
    /// The chain's first app address in `space`: linear memory may grow up to here.
    pub start: u64,
    /// The store index of the instance's memory 0 (another instance may share it).
    pub memory: u32,
    /// The instance's last-hit cache, lent to the executor during calls.
    pub cache: HitCache,
}

/// A chain and cache lent to one call into wasm (see [`StoreHeaps::check_out`]).
pub(crate) struct Pinned {
    /// A clone of the instance's handle, so the chain outlives the call even if the
    /// instance detaches meanwhile.
    pub chain: SharedChain,
    /// The instance's address space.
    pub space: AddressSpace,
    /// The instance's cache, returned to it when the call ends.
    pub cache: HitCache,
}

/// The store's attachments, indexed by instance.
#[derive(Default)]
pub(crate) struct StoreHeaps {
    by_instance: Vec<Option<Attachment>>,
    /// How many instances have a chain attached: zero selects the no-chain executor.
    attached: usize,
}

impl StoreHeaps {
    /// Whether any instance of the store has a chain attached.
    #[inline]
    pub(crate) fn any_attached(&self) -> bool {
        self.attached != 0
    }

    /// The attachment of instance `inst`, if any.
    pub(crate) fn get(&self, inst: u32) -> Option<&Attachment> {
        self.by_instance.get(inst as usize)?.as_ref()
    }

    /// Records `attachment` for instance `inst` (which has none).
    pub(crate) fn insert(&mut self, inst: u32, attachment: Attachment) {
        let index = inst as usize;
        if self.by_instance.len() <= index {
            self.by_instance.resize_with(index + 1, || None);
        }
        if self.by_instance[index].replace(attachment).is_none() {
            self.attached += 1;
        }
    }

    /// Removes and returns instance `inst`'s attachment.
    pub(crate) fn remove(&mut self, inst: u32) -> Option<Attachment> {
        let removed = self.by_instance.get_mut(inst as usize)?.take()?;
        self.attached -= 1;
        Some(removed)
    }

    /// How far store memory `memory` may grow: the lowest start of any chain attached to an
    /// instance whose memory 0 it is (instances can share a memory by import), else no limit.
    pub(crate) fn limit_for_memory(&self, memory: u32) -> u64 {
        self.by_instance
            .iter()
            .flatten()
            .filter(|attachment| attachment.memory == memory)
            .map(|attachment| attachment.start)
            .min()
            .unwrap_or(u64::MAX)
    }

    /// Lends every attachment's chain and cache to a call into wasm. The caches are taken
    /// (a nested call finds empty ones); [`StoreHeaps::check_in`] gives them back.
    pub(crate) fn check_out(&mut self) -> Vec<Option<Pinned>> {
        self.by_instance
            .iter_mut()
            .map(|slot| {
                slot.as_mut().map(|attachment| Pinned {
                    chain: attachment.chain.clone(),
                    space: attachment.space,
                    cache: core::mem::take(&mut attachment.cache),
                })
            })
            .collect()
    }

    /// Returns the caches lent by [`StoreHeaps::check_out`] to the instances that still hold
    /// the same chain.
    pub(crate) fn check_in(&mut self, pinned: Vec<Option<Pinned>>) {
        for (slot, pinned) in self.by_instance.iter_mut().zip(pinned) {
            if let (Some(attachment), Some(pinned)) = (slot.as_mut(), pinned)
                && SharedChain::ptr_eq(&attachment.chain, &pinned.chain)
            {
                attachment.cache = pinned.cache;
            }
        }
    }
}
