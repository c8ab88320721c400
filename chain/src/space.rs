//! The two address spaces a chain can be laid out in.

use core::fmt;

/// The width of the app's addresses: a chain sits at the top of either space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressSpace {
    /// 32-bit linear memory: the chain's tail ends at 2^32 − 1.
    Memory32,
    /// 64-bit linear memory (the memory64 proposal): the chain's tail ends at 2^64 − 1.
    Memory64,
}

/// One wasm page: a memory32 chain must leave room for at least this much linear memory.
pub const WASM_PAGE: u64 = 64 * 1024;

/// The largest chain (sum of member sizes) that a memory32 instance can take.
pub const MAX_MEMORY32_CHAIN: u64 = (1 << 32) - WASM_PAGE;

impl AddressSpace {
    /// The app address of a chain's first byte (the head's start) for a chain of `total`
    /// bytes (`total > 0`), or `None` if the chain does not fit this space.
    pub(crate) fn chain_start(self, total: u64) -> Option<u64> {
        match self {
            Self::Memory32 => (total <= MAX_MEMORY32_CHAIN).then(|| (1u64 << 32) - total),
            // 2^64 - total, for 0 < total <= u64::MAX.
            Self::Memory64 => (total > 0).then(|| 0u64.wrapping_sub(total)),
        }
    }
}

impl fmt::Display for AddressSpace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Memory32 => "memory32",
            Self::Memory64 => "memory64",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_start_is_the_top_of_the_space_minus_the_total() {
        assert_eq!(
            AddressSpace::Memory32.chain_start(0x11000),
            Some(0xFFFE_F000)
        );
        assert_eq!(
            AddressSpace::Memory64.chain_start(0x11000),
            Some(0xFFFF_FFFF_FFFE_F000)
        );
        assert_eq!(
            AddressSpace::Memory32.chain_start(MAX_MEMORY32_CHAIN),
            Some(WASM_PAGE)
        );
        assert_eq!(
            AddressSpace::Memory32.chain_start(MAX_MEMORY32_CHAIN + 4096),
            None
        );
        assert_eq!(AddressSpace::Memory64.chain_start(u64::MAX), Some(1));
    }
}
