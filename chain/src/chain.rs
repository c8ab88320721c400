//! The chain: its members in address order, and where an app range falls among them.

use core::sync::atomic::{AtomicU64, Ordering};

use crate::region::Region;
use crate::{AddressSpace, ChainError, Heap, MemberKind};

/// Heaps chained into one range of app addresses at the top of the address space, head
/// lowest, tail ending at 2^32 − 1 (memory32) or 2^64 − 1 (memory64).
///
/// Build one with [`Chain::builder`] (at most one managed heap, checked at compile time) or
/// [`Chain::from_heaps`] (checked at run time). An owned `Chain` can be reset and unchained;
/// to attach it to instances, turn it into a [`SharedChain`](crate::SharedChain), which
/// offers only the operations that are safe while wasm code uses the chain.
pub struct Chain {
    /// Head first, so app addresses ascend along the vector.
    pub(crate) members: Vec<Member>,
    /// `members[i].offset`, kept apart so a binary search touches one dense array.
    pub(crate) offsets: Vec<u64>,
    /// The sum of the members' sizes: the chain spans `[2^N - total, 2^N)`.
    pub(crate) total: u64,
    /// The position of the managed member, if any.
    pub(crate) managed: Option<usize>,
    /// Unique among all chains this process has built, so a [`HitCache`](crate::HitCache)
    /// filled from one chain is never trusted for another.
    pub(crate) id: u64,
    /// Frees of addresses outside the managed member, which its backend never sees.
    pub(crate) stray_frees: AtomicU64,
}

/// A member: the heap and, cached, its region and its distance from the chain's first byte.
pub(crate) struct Member {
    pub(crate) heap: Heap,
    pub(crate) region: Region,
    pub(crate) offset: u64,
    /// Wasm code may read the member but not write it (the host still may).
    pub(crate) read_only: bool,
}

/// Where chain identities come from; 2^64 chains outlast any process.
static NEXT_CHAIN_ID: AtomicU64 = AtomicU64::new(1);

impl Chain {
    /// Chains `heaps`, head first, checking at run time what [`Chain::builder`] checks at
    /// compile time. For shapes chosen at run time (a command line, a config file).
    ///
    /// Errors: [`ChainError::Empty`], [`ChainError::SecondManagedHeap`],
    /// [`ChainError::TotalTooLarge`]. The heaps are dropped on error.
    pub fn from_heaps(heaps: Vec<Heap>) -> Result<Self, ChainError> {
        if heaps.is_empty() {
            return Err(ChainError::Empty);
        }
        let mut managed = None;
        let mut members = Vec::with_capacity(heaps.len());
        let mut total: u64 = 0;
        for (position, heap) in heaps.into_iter().enumerate() {
            if heap.kind() == MemberKind::Managed {
                if managed.is_some() {
                    return Err(ChainError::SecondManagedHeap { position });
                }
                managed = Some(position);
            }
            let size = u64::try_from(heap.size()).map_err(|_| ChainError::TotalTooLarge)?;
            let region = Region::new(heap.base(), size);
            members.push(Member {
                heap,
                region,
                offset: total,
                read_only: false,
            });
            total = total.checked_add(size).ok_or(ChainError::TotalTooLarge)?;
        }
        Ok(Self {
            offsets: members.iter().map(|member| member.offset).collect(),
            members,
            total,
            managed,
            id: NEXT_CHAIN_ID.fetch_add(1, Ordering::Relaxed),
            stray_frees: AtomicU64::new(0),
        })
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Always `false`: a chain has at least one member. Present because `len` is.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The sum of the members' sizes in bytes.
    pub fn total_size(&self) -> u64 {
        self.total
    }

    /// The members' kinds, head first.
    pub fn kinds(&self) -> impl Iterator<Item = MemberKind> + '_ {
        self.members.iter().map(|member| member.heap.kind())
    }

    /// The app address of the chain's first byte in `space`: linear memory may grow up to
    /// exactly this many bytes. The same for every instance the chain is attached to.
    ///
    /// Errors with [`ChainError::TooLargeForMemory32`] when, in memory32, the chain does not
    /// fit below 2^32 next to one 64 KiB page.
    pub fn start(&self, space: AddressSpace) -> Result<u64, ChainError> {
        space
            .chain_start(self.total)
            .ok_or(ChainError::TooLargeForMemory32 { total: self.total })
    }

    /// The member holding all of `[rel, rel + len)`, in offsets from the chain's first byte.
    ///
    /// A zero-length range is held by a member from its first byte to one past its last; at
    /// the boundary of two members the later one is named (both would do).
    #[inline]
    pub(crate) fn member_holding(&self, rel: u64, len: u64) -> Option<&Member> {
        let end = rel.checked_add(len)?;
        if end > self.total {
            return None;
        }
        // The last member starting at or before `rel`; offsets[0] == 0, so there is one.
        let index = self
            .offsets
            .partition_point(|&offset| offset <= rel)
            .checked_sub(1)?;
        let member = self.members.get(index)?;
        (end - member.offset <= member.region.size()).then_some(member)
    }

    /// Makes member `position` (head = 0) read-only for wasm code, or writable again: every
    /// wasm store, atomic write and `memory.fill`/`copy`/`init` into it then traps, while
    /// loads, the host's writes (through [`Chain::translate`] pointers) and `malloc`/`free`
    /// go on as before. Needs the chain owned, so no instance is running with it; members
    /// start writable. Returns `false`, changing nothing, when there is no such member.
    pub fn set_read_only(&mut self, position: usize, read_only: bool) -> bool {
        match self.members.get_mut(position) {
            Some(member) => {
                member.read_only = read_only;
                true
            }
            None => false,
        }
    }

    /// Whether member `position` (head = 0) is read-only for wasm code; `None` when there is
    /// no such member.
    pub fn is_read_only(&self, position: usize) -> Option<bool> {
        self.members.get(position).map(|member| member.read_only)
    }

    /// Gives every heap back, head first (a read-only mark stays with the chain).
    pub fn unchain(self) -> Vec<Heap> {
        self.members.into_iter().map(|member| member.heap).collect()
    }

    /// Gives the head back, and the rest as a chain of its own (`None` if the head was the
    /// only member). The rest is laid out anew: it ends at the top of the space as before, so
    /// its start moves up by the head's size.
    pub fn unchain_head(self) -> (Heap, Option<Chain>) {
        let mut heaps = self.unchain().into_iter();
        // `from_heaps` never leaves a chain empty, so there is a head.
        let head = match heaps.next() {
            Some(head) => head,
            None => unreachable!("a chain always has at least one member"),
        };
        // The rest of a valid chain has at most one managed heap and a smaller total, so the
        // only possible error is `Empty`, which means there is no rest.
        (head, Chain::from_heaps(heaps.collect()).ok())
    }

    /// Returns every member to its initial state: managed heaps lose every block, every byte
    /// of every member becomes zero, and the chain's count of stray frees restarts at zero.
    /// Needs the chain owned, so no instance can be using it.
    pub fn reset(&mut self) {
        for member in &mut self.members {
            member.heap.reset();
        }
        *self.stray_frees.get_mut() = 0;
    }
}

impl core::fmt::Debug for Chain {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Chain")
            .field(
                "members",
                &self.members.iter().map(|m| &m.heap).collect::<Vec<_>>(),
            )
            .field("total", &self.total)
            .finish()
    }
}
