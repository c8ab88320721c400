//! Heap sizes and the granularity they are measured in.

use core::num::NonZeroUsize;

use crate::HeapError;

/// The unit of every heap size: 4096 bytes on every host, so that a chain's address layout
/// does not depend on the host's page size.
pub const GRANULARITY: usize = 4096;

/// A heap size in bytes: non-zero and a multiple of [`GRANULARITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HeapSize(NonZeroUsize);

impl HeapSize {
    /// Accepts `bytes` only if it is already a non-zero multiple of [`GRANULARITY`], as a
    /// pre-allocated heap requires.
    pub fn exact(bytes: usize) -> Result<Self, HeapError> {
        let size = NonZeroUsize::new(bytes).ok_or(HeapError::ZeroSize)?;
        if !bytes.is_multiple_of(GRANULARITY) {
            return Err(HeapError::NotGranular { size: bytes });
        }
        Ok(Self(size))
    }

    /// Rounds `bytes` up to the next multiple of [`GRANULARITY`], as a managed heap does.
    pub fn round_up(bytes: usize) -> Result<Self, HeapError> {
        if bytes == 0 {
            return Err(HeapError::ZeroSize);
        }
        let rounded = bytes
            .checked_next_multiple_of(GRANULARITY)
            .ok_or(HeapError::TooLarge { size: bytes })?;
        Self::exact(rounded)
    }

    /// The size in bytes.
    pub fn get(self) -> usize {
        self.0.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_accepts_only_nonzero_multiples() {
        assert_eq!(HeapSize::exact(4096).unwrap().get(), 4096);
        assert_eq!(HeapSize::exact(0), Err(HeapError::ZeroSize));
        assert_eq!(
            HeapSize::exact(4097),
            Err(HeapError::NotGranular { size: 4097 })
        );
    }

    #[test]
    fn round_up_rounds_to_granularity() {
        assert_eq!(HeapSize::round_up(1).unwrap().get(), 4096);
        assert_eq!(HeapSize::round_up(4096).unwrap().get(), 4096);
        assert_eq!(HeapSize::round_up(4097).unwrap().get(), 8192);
        assert_eq!(HeapSize::round_up(0), Err(HeapError::ZeroSize));
        assert_eq!(
            HeapSize::round_up(usize::MAX),
            Err(HeapError::TooLarge { size: usize::MAX })
        );
    }
}
