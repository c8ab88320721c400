//! The size classes of small blocks: which cache a request of a given size is served from.
//!
//! Sizes up to 128 bytes go in steps of one granule (16 bytes); above that each doubling is
//! split in four, so rounding a request up to its class wastes at most a quarter of it.

/// The unit every managed block is measured in: sizes are multiples of it, offsets too.
pub(crate) const GRANULE: usize = 16;

/// The largest size served from the small-block caches; larger blocks go to the backend.
pub(crate) const MAX_SMALL: usize = 4096;

/// How many small size classes there are.
pub(crate) const CLASS_COUNT: usize = 28;

/// The size of each class, ascending; the last one is [`MAX_SMALL`].
pub(crate) const CLASS_SIZES: [usize; CLASS_COUNT] = class_sizes();

/// The class of a request of `g` granules, for `g` in `0..=MAX_SMALL / GRANULE`.
const CLASS_OF_GRANULES: [u8; MAX_SMALL / GRANULE + 1] = class_of_granules();

const fn class_sizes() -> [usize; CLASS_COUNT] {
    let mut sizes = [0; CLASS_COUNT];
    let mut index = 0;
    while index < 8 {
        sizes[index] = (index + 1) * GRANULE;
        index += 1;
    }
    let mut base = 128;
    while index < CLASS_COUNT {
        let step = base / 4;
        let mut quarter = 1;
        while quarter <= 4 {
            sizes[index] = base + quarter * step;
            index += 1;
            quarter += 1;
        }
        base *= 2;
    }
    sizes
}

const fn class_of_granules() -> [u8; MAX_SMALL / GRANULE + 1] {
    let sizes = class_sizes();
    let mut table = [0; MAX_SMALL / GRANULE + 1];
    let mut granules = 0;
    let mut class = 0;
    while granules <= MAX_SMALL / GRANULE {
        while sizes[class] < granules * GRANULE {
            class += 1;
        }
        table[granules] = class as u8;
        granules += 1;
    }
    table
}

/// The class serving `size` bytes, or `None` when `size` exceeds [`MAX_SMALL`].
#[inline]
pub(crate) fn class_of(size: usize) -> Option<usize> {
    CLASS_OF_GRANULES
        .get(size.div_ceil(GRANULE))
        .map(|&class| usize::from(class))
}

/// The class serving `size` bytes, for a `size` of at most [`MAX_SMALL`] (larger sizes get
/// the last class; the fast path checks the bound first, which lets the compiler drop this
/// function's own).
#[inline(always)]
pub(crate) fn class_of_small(size: usize) -> usize {
    let granules = size.div_ceil(GRANULE).min(MAX_SMALL / GRANULE);
    usize::from(CLASS_OF_GRANULES[granules])
}

/// The class whose size is exactly `size`, if one is.
pub(crate) fn class_of_exact(size: usize) -> Option<usize> {
    class_of(size).filter(|&class| CLASS_SIZES[class] == size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_ascend_in_granules_and_end_at_max_small() {
        assert!(CLASS_SIZES.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(CLASS_SIZES.iter().all(|size| size % GRANULE == 0));
        assert_eq!(CLASS_SIZES[0], GRANULE);
        assert_eq!(CLASS_SIZES[CLASS_COUNT - 1], MAX_SMALL);
    }

    #[test]
    fn every_size_gets_the_smallest_class_that_holds_it() {
        for size in 0..=MAX_SMALL {
            let class = class_of(size).expect("a small size has a class");
            assert_eq!(class_of_small(size), class);
            assert!(CLASS_SIZES[class] >= size, "{size}");
            assert!(class == 0 || CLASS_SIZES[class - 1] < size, "{size}");
            // Rounding up costs at most a quarter of the request above 128 bytes.
            assert!(size <= 128 || CLASS_SIZES[class] - size < size / 4 + GRANULE);
        }
        assert_eq!(class_of(MAX_SMALL + 1), None);
        assert_eq!(class_of_exact(160), Some(8));
        assert_eq!(class_of_exact(144), None);
    }
}
