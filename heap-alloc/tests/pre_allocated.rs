//! The pre-allocated backend: constructors, size errors, the buffer round trip, and that host
//! writes are seen through `base()` and cleared by reset.

use core::ptr::NonNull;

use heap_alloc::PreAllocatedHeap;
use heap_core::{HeapBackend, HeapError, HeapKind, PreAllocated};

fn read(heap: &PreAllocatedHeap, offset: usize) -> u8 {
    assert!(offset < heap.size());
    // SAFETY: `offset` is inside the region.
    unsafe { heap.base().as_ptr().add(offset).read() }
}

#[test]
fn every_constructor_refuses_empty_and_ungranular_sizes() {
    assert_eq!(
        PreAllocatedHeap::from_boxed(Box::new([])).err(),
        Some(HeapError::ZeroSize)
    );
    assert_eq!(
        PreAllocatedHeap::from_vec(Vec::new()).err(),
        Some(HeapError::ZeroSize)
    );
    assert_eq!(
        PreAllocatedHeap::from_vec(vec![0; 5000]).err(),
        Some(HeapError::NotGranular { size: 5000 })
    );
    assert_eq!(
        PreAllocatedHeap::from_boxed(vec![0; 4095].into_boxed_slice()).err(),
        Some(HeapError::NotGranular { size: 4095 })
    );
    assert_eq!(
        PreAllocatedHeap::from_static(Box::leak(vec![0; 100].into_boxed_slice())).err(),
        Some(HeapError::NotGranular { size: 100 })
    );
    let empty: &'static mut [u8] = &mut [];
    assert_eq!(
        PreAllocatedHeap::from_static(empty).err(),
        Some(HeapError::ZeroSize)
    );
    // SAFETY: the constructor refuses these lengths before the pointer could ever be used.
    unsafe {
        assert_eq!(
            PreAllocatedHeap::from_raw_parts(NonNull::dangling(), 0).err(),
            Some(HeapError::ZeroSize)
        );
        assert_eq!(
            PreAllocatedHeap::from_raw_parts(NonNull::dangling(), 8191).err(),
            Some(HeapError::NotGranular { size: 8191 })
        );
    }
    assert!(
        HeapError::NotGranular { size: 5000 }
            .to_string()
            .contains("8192")
    );
}

#[test]
fn host_writes_are_seen_through_base_and_reset_zeroes() {
    let mut heap = PreAllocatedHeap::from_vec(vec![7; 8192]).expect("8 KiB");
    assert_eq!(heap.size(), 8192);
    assert_eq!(
        read(&heap, 8191),
        7,
        "the buffer's contents are the region's"
    );
    // SAFETY: offsets 10 and 8000 are inside the region; raw writes, no reference.
    unsafe {
        heap.base().as_ptr().add(10).write(0xAB);
        heap.base().as_ptr().add(8000).write(0xCD);
    }
    assert_eq!((read(&heap, 10), read(&heap, 8000)), (0xAB, 0xCD));
    heap.reset();
    assert!((0..heap.size()).all(|i| read(&heap, i) == 0));
    let buffer = heap.into_boxed().expect("an owned buffer comes back");
    assert_eq!(buffer.len(), 8192);
    assert!(buffer.iter().all(|&b| b == 0));
}

#[test]
fn an_owned_buffer_comes_back_with_the_bytes_written_through_base() {
    let mut buffer = vec![0u8; 4096].into_boxed_slice();
    buffer[5] = 5;
    let original = buffer.as_ptr();
    let heap = PreAllocatedHeap::from_boxed(buffer).expect("4 KiB");
    assert_eq!(
        heap.base().as_ptr().cast_const(),
        original,
        "no copy is made"
    );
    // SAFETY: offset 6 is inside the region.
    unsafe { heap.base().as_ptr().add(6).write(6) };
    let buffer = heap.into_boxed().expect("owned");
    assert_eq!((buffer[5], buffer[6]), (5, 6));
}

#[test]
fn static_and_raw_regions_stay_the_callers() {
    let leaked: &'static mut [u8] = Box::leak(vec![1u8; 4096].into_boxed_slice());
    let heap = PreAllocatedHeap::from_static(leaked).expect("4 KiB");
    assert_eq!(read(&heap, 0), 1);
    assert!(
        heap.into_boxed().is_none(),
        "a 'static region is not the heap's to give back"
    );

    let raw = NonNull::new(Box::into_raw(vec![2u8; 8192].into_boxed_slice()).cast::<u8>())
        .expect("non-null");
    // SAFETY: the buffer is valid for 8192 bytes, not referenced elsewhere, and outlives the
    // heap: it is freed below, after the heap is gone.
    let mut heap = unsafe { PreAllocatedHeap::from_raw_parts(raw, 8192) }.expect("8 KiB");
    assert_eq!(heap.base(), raw);
    assert_eq!(read(&heap, 8191), 2);
    heap.reset();
    assert_eq!(read(&heap, 8191), 0);
    drop(heap);
    // SAFETY: `raw` came from `Box::into_raw` of an 8192-byte boxed slice and the heap, which
    // never frees raw regions, is gone.
    let buffer = unsafe { Box::from_raw(core::ptr::slice_from_raw_parts_mut(raw.as_ptr(), 8192)) };
    assert!(
        buffer.iter().all(|&b| b == 0),
        "reset wrote through to the caller's memory"
    );
}

#[test]
fn dropping_a_heap_frees_its_owned_buffer_once() {
    // Run under Miri or a leak checker to see the difference; here it must simply not crash.
    for _ in 0..100 {
        drop(PreAllocatedHeap::from_vec(vec![0; 4096]).expect("4 KiB"));
    }
}

#[test]
fn the_heap_is_pre_allocated_send_and_sync() {
    fn kind<H: HeapBackend>(_: &H) -> &'static str {
        <H::Kind as HeapKind>::NAME
    }
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PreAllocatedHeap>();
    let heap = PreAllocatedHeap::from_vec(vec![0; 4096]).expect("4 KiB");
    assert_eq!(kind(&heap), <PreAllocated as HeapKind>::NAME);
    let shared = std::sync::Arc::new(heap);
    let seen = std::thread::scope(|scope| {
        let heap = &shared;
        // SAFETY: offset 1 is inside the region and only this thread writes it.
        scope
            .spawn(move || unsafe { heap.base().as_ptr().add(1).write(9) })
            .join()
            .expect("thread");
        read(heap, 1)
    });
    assert_eq!(seen, 9);
}
