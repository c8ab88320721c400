//! The record of live blocks: one byte per granule of the heap, kept in a private mapping.
//!
//! It replaces a map from offset to block (about 80 bytes of host memory per live block) with a
//! side array indexed by granule: bounded by the heap's size / 16, committed lazily, so a
//! granule that never starts a block costs nothing, and a heap full of small blocks costs one
//! byte per 16 bytes of blocks. The record is the only authority on what `free` may release:
//! an offset whose byte does not say "a block starts here" is refused.
//!
//! A byte is:
//! - `0`: no block starts at this granule (free, or inside a block);
//! - `0x80 | class` (class below `0x7F`): a small block of that size class starts here;
//! - `0xFF`: a block of another size starts here; its size in granules is written in the
//!   next [`SIZE_BYTES`] bytes, seven bits each, so those bytes never have the top bit set and
//!   can never be mistaken for the start of a block. Such blocks are never smaller than
//!   `SIZE_BYTES + 1` granules (every multiple of 16 up to 128 bytes is a size class).
//!
//! Bytes are only touched atomically: `free` claims a block by swapping its start byte from
//! the value it read to 0, so of two racing frees of one block exactly one wins.

use core::sync::atomic::{AtomicU8, Ordering};

use heap_core::HeapError;

use crate::region::MappedRegion;
use crate::size_class::{CLASS_COUNT, GRANULE};

/// The top bit marks the byte of a granule where a block starts.
const START: u8 = 0x80;
/// The start byte of a block whose size is written after it.
const SIZED: u8 = 0xFF;
/// How many bytes after a [`SIZED`] start hold its size in granules (7 bits each: 56 bits).
const SIZE_BYTES: usize = 8;

// Class numbers must fit below the `SIZED` marker.
const _: () = assert!(CLASS_COUNT < (SIZED & !START) as usize);

/// What a live block's record says about its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordedSize {
    /// A block of this small size class.
    Class(usize),
    /// A block of this many bytes (a multiple of [`GRANULE`], more than 128).
    Bytes(usize),
}

/// One byte per granule of a heap, saying where live blocks start and how large they are.
pub(crate) struct LiveRecord {
    bytes: MappedRegion,
    granules: usize,
}

impl LiveRecord {
    /// A record for a heap of `total` bytes (a multiple of 4096) with no live block.
    pub(crate) fn new(total: usize) -> Result<Self, HeapError> {
        let granules = total / GRANULE;
        if granules >> (7 * SIZE_BYTES) != 0 {
            return Err(HeapError::TooLarge { size: total });
        }
        Ok(Self {
            bytes: MappedRegion::new(granules, 1)?,
            granules,
        })
    }

    /// The byte of granule `index` (`index < granules`).
    fn byte(&self, index: usize) -> &AtomicU8 {
        debug_assert!(index < self.granules);
        // SAFETY: `index < granules`, the length of the mapping, which lives as long as `self`;
        // its bytes are only ever accessed through atomics, and they are aligned for `AtomicU8`.
        unsafe { AtomicU8::from_ptr(self.bytes.base().as_ptr().add(index)) }
    }

    /// Records that a block starts at `offset` (a multiple of [`GRANULE`] inside the heap) and
    /// is `size` large. The block must be one the backend just handed out, so that no other
    /// thread can be recording or claiming it at the same time.
    pub(crate) fn mark(&self, offset: usize, size: RecordedSize) {
        let index = offset / GRANULE;
        match size {
            RecordedSize::Class(class) => {
                self.byte(index)
                    .store(START | class as u8, Ordering::Release);
            }
            RecordedSize::Bytes(bytes) => {
                let mut granules = bytes / GRANULE;
                for next in index + 1..=index + SIZE_BYTES {
                    self.byte(next)
                        .store((granules & 0x7F) as u8, Ordering::Relaxed);
                    granules >>= 7;
                }
                self.byte(index).store(SIZED, Ordering::Release);
            }
        }
    }

    /// Claims the live block that starts at `offset`: its record is cleared and its size
    /// returned. `None`, with nothing changed, when no live block starts there.
    pub(crate) fn take(&self, offset: usize) -> Option<RecordedSize> {
        if !offset.is_multiple_of(GRANULE) {
            return None;
        }
        let index = offset / GRANULE;
        if index >= self.granules {
            return None;
        }
        let byte = self.byte(index);
        let seen = byte.load(Ordering::Relaxed);
        if seen & START == 0 {
            return None;
        }
        byte.compare_exchange(seen, 0, Ordering::Acquire, Ordering::Relaxed)
            .ok()?;
        if seen != SIZED {
            return Some(RecordedSize::Class(usize::from(seen & !START)));
        }
        let mut granules = 0;
        for next in (index + 1..=index + SIZE_BYTES).rev() {
            granules = granules << 7 | usize::from(self.byte(next).load(Ordering::Relaxed));
        }
        Some(RecordedSize::Bytes(granules * GRANULE))
    }

    /// Forgets every block.
    pub(crate) fn clear(&mut self) {
        self.bytes.zero();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_taken_once_and_only_at_its_start() {
        let record = LiveRecord::new(1 << 20).expect("a record maps");
        record.mark(32, RecordedSize::Class(3));
        record.mark(4096, RecordedSize::Bytes(300_000));
        for inside in [
            16,
            48,
            4096 + 16,
            4096 + 8 * 16,
            4096 + 160,
            4097,
            1 << 20,
            usize::MAX,
        ] {
            assert_eq!(record.take(inside), None, "{inside}");
        }
        assert_eq!(record.take(32), Some(RecordedSize::Class(3)));
        assert_eq!(record.take(32), None);
        assert_eq!(record.take(4096), Some(RecordedSize::Bytes(300_000)));
        assert_eq!(record.take(4096), None);
    }

    #[test]
    fn the_largest_sizes_round_trip() {
        let record = LiveRecord::new(4096).expect("a record maps");
        let huge = ((1usize << 56) - 1) * GRANULE;
        record.mark(0, RecordedSize::Bytes(huge));
        assert_eq!(record.take(0), Some(RecordedSize::Bytes(huge)));
    }
}
