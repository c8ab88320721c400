//! Where each member of a chain sits in an address space, for people and tools to read.

use core::fmt;

use crate::{AddressSpace, Chain, ChainError, MemberKind};

/// A chain's place in one address space: its start and each member's range, head first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The address space this layout is for.
    pub space: AddressSpace,
    /// The app address of the chain's first byte (the head's start).
    pub start: u64,
    /// Every member, head first (ascending addresses).
    pub members: Vec<MemberLayout>,
}

/// One member's range of app addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberLayout {
    /// The app address of the member's first byte.
    pub start: u64,
    /// The app address of the member's last byte (inclusive, so the tail's is 2^N − 1).
    pub end: u64,
    /// Managed or pre-allocated.
    pub kind: MemberKind,
    /// The member's size in bytes.
    pub size: u64,
    /// Whether wasm code may only read the member ([`Chain::set_read_only`]).
    pub read_only: bool,
}

impl Chain {
    /// The chain's layout in `space`. Errors with [`ChainError::TooLargeForMemory32`] when
    /// the chain does not fit `space`.
    pub fn layout(&self, space: AddressSpace) -> Result<Layout, ChainError> {
        let start = self.start(space)?;
        let members = self
            .members
            .iter()
            .map(|member| {
                let first = start + member.offset;
                MemberLayout {
                    start: first,
                    // size >= 4096 and the chain ends at 2^N, so this neither wraps nor
                    // overflows.
                    end: first + (member.region.size() - 1),
                    kind: member.heap.kind(),
                    size: member.region.size(),
                    read_only: member.read_only,
                }
            })
            .collect();
        Ok(Layout {
            space,
            start,
            members,
        })
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "chain start {:#x} ({})", self.start, self.space)?;
        for (position, member) in self.members.iter().enumerate() {
            writeln!(
                f,
                "  #{position} {:<13} {:>10} bytes  {:#x}..={:#x}{}",
                member.kind.to_string(),
                member.size,
                member.start,
                member.end,
                if member.read_only { "  read-only" } else { "" }
            )?;
        }
        Ok(())
    }
}
