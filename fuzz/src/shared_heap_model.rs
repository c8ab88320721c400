//! The model behind the `shared_heap_ops` target: the app address space of every instance
//! (its linear memory, then the gap, then the chain at the top), the bytes of linear memories
//! and of the chain, and the managed member's live blocks.
//!
//! It follows SHARED_HEAP.md sections 3 and 5 literally and computes in `u128`, so it shares
//! no arithmetic with the engine: an access of `n` bytes at effective address `ea` hits linear
//! memory when `ea + n <= linear size`, else one chain member when it lies entirely inside it,
//! else traps. Zero-length ranges are valid up to the end of linear memory and from a member's
//! first byte to one past its last.

use std::collections::BTreeMap;

/// The wasm page size.
pub const WASM_PAGE: u64 = 65536;
/// The alignment `malloc` promises.
pub const MALLOC_ALIGN: u64 = 8;

/// One chain member, by offset from the chain's first byte.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// Offset of the first byte from the chain start.
    pub offset: u64,
    /// Size in bytes.
    pub size: u64,
    /// Has an allocator.
    pub managed: bool,
}

/// Where an access lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Linear memory, at this offset.
    Linear(usize),
    /// The chain, at this offset from its start.
    Chain(usize),
}

/// One instance as the model sees it.
#[derive(Debug, Clone)]
pub struct InstanceModel {
    /// memory64 (else memory32).
    pub wide: bool,
    /// Linear memory's bytes.
    pub linear: Vec<u8>,
    /// Whether the chain is attached.
    pub attached: bool,
}

/// The whole model.
#[derive(Debug, Clone)]
pub struct Model {
    /// The chain's members, head first.
    pub members: Vec<Member>,
    /// The chain's bytes, head first.
    pub chain: Vec<u8>,
    /// Live blocks: offset from the chain start to requested size.
    pub live: BTreeMap<u64, u64>,
    /// Frees the chain must have counted as invalid.
    pub invalid_frees: u64,
    /// The instances.
    pub instances: Vec<InstanceModel>,
}

impl Model {
    /// The chain's size in bytes.
    pub fn chain_size(&self) -> u64 {
        self.chain.len() as u64
    }

    /// The top of an instance's address space (2^32 or 2^64).
    pub fn top(wide: bool) -> u128 {
        if wide { 1u128 << 64 } else { 1u128 << 32 }
    }

    /// The chain's start in an address space.
    pub fn start(&self, wide: bool) -> u64 {
        // The chain is at most a few pages, far below 2^32.
        (Model::top(wide) - u128::from(self.chain_size())) as u64
    }

    /// The managed member, if any.
    pub fn managed(&self) -> Option<Member> {
        self.members.iter().copied().find(|m| m.managed)
    }

    /// Where `n` bytes at effective address `ea` land for instance `index`, or `None` for a trap.
    pub fn locate(&self, index: usize, ea: u128, n: u128) -> Option<Place> {
        let instance = &self.instances[index];
        let linear = instance.linear.len() as u128;
        if ea + n <= linear {
            return usize::try_from(ea).ok().map(Place::Linear);
        }
        if !instance.attached {
            return None;
        }
        let start = u128::from(self.start(instance.wide));
        for member in &self.members {
            let first = start + u128::from(member.offset);
            let past = first + u128::from(member.size);
            let inside = if n == 0 {
                first <= ea && ea <= past
            } else {
                first <= ea && ea + n <= past
            };
            if inside {
                return usize::try_from(ea - start).ok().map(Place::Chain);
            }
        }
        None
    }

    /// Reads `n` bytes at a located place.
    pub fn read(&self, index: usize, place: Place, n: usize) -> Vec<u8> {
        match place {
            Place::Linear(at) => self.instances[index].linear[at..at + n].to_vec(),
            Place::Chain(at) => self.chain[at..at + n].to_vec(),
        }
    }

    /// Writes `bytes` at a located place.
    pub fn write(&mut self, index: usize, place: Place, bytes: &[u8]) {
        let target = match place {
            Place::Linear(at) => &mut self.instances[index].linear[at..at + bytes.len()],
            Place::Chain(at) => &mut self.chain[at..at + bytes.len()],
        };
        target.copy_from_slice(bytes);
    }

    /// Checks a block `malloc` returned at app address `addr` for `size` bytes in instance
    /// `index`'s space and records it; panics if it is misplaced or overlaps a live block.
    pub fn record_malloc(&mut self, index: usize, addr: u64, size: u64) {
        let wide = self.instances[index].wide;
        let managed = self
            .managed()
            .expect("malloc succeeded without a managed member");
        let start = self.start(wide);
        let offset = addr.checked_sub(start).unwrap_or_else(|| {
            panic!("malloc returned {addr:#x}, below the chain start {start:#x}")
        });
        let taken = size.max(1);
        assert!(
            offset >= managed.offset
                && u128::from(offset) + u128::from(taken)
                    <= u128::from(managed.offset) + u128::from(managed.size),
            "malloc({size}) returned {addr:#x}, not inside the managed member"
        );
        assert_eq!(
            offset % MALLOC_ALIGN,
            0,
            "malloc returned a misaligned {addr:#x}"
        );
        if let Some((&before, &before_size)) = self.live.range(..=offset).next_back() {
            assert!(
                before + before_size.max(1) <= offset,
                "malloc({size}) returned {addr:#x}, inside the live block at offset {before:#x}"
            );
        }
        if let Some((&after, _)) = self.live.range(offset..).next() {
            assert!(
                offset + taken <= after,
                "malloc({size}) returned {addr:#x}, overlapping the live block at offset {after:#x}"
            );
        }
        self.live.insert(offset, size);
    }

    /// Whether freeing app address `addr` in instance `index`'s space must succeed; records it.
    pub fn free(&mut self, index: usize, addr: u64) -> bool {
        let start = self.start(self.instances[index].wide);
        let freed = addr
            .checked_sub(start)
            .is_some_and(|offset| self.live.remove(&offset).is_some());
        if !freed && self.managed().is_some() {
            self.invalid_frees += 1;
        }
        freed
    }
}
