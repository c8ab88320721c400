//! malloc and free from the host and from wasm, bad frees, and an app that scribbles over
//! every heap byte.
#![cfg(feature = "shared-heap")]

use crate::shared_heap_common::*;
use interp::{Engine, ErrorKind, SharedHeapError};

const START: u64 = 0xFFFE_E000;
const MIDDLE: u64 = 0xFFFF_E000;

#[test]
fn host_malloc_is_readable_by_wasm_at_the_same_app_address() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    let (addr, native) = app.shared_heap_malloc(&store, 64).expect("room");
    assert!((START..MIDDLE).contains(&addr), "in the managed member");
    // SAFETY: malloc vouched for 64 bytes at `native`.
    unsafe { native.as_ptr().cast::<u32>().write_unaligned(0xFEED_BEEF) };
    assert_eq!(
        call::<_, i32>(&mut store, app, "load32", a32(addr)).unwrap() as u32,
        0xFEED_BEEF
    );
    assert_eq!(app.native_to_app(&store, native.as_ptr()), Some(addr));
    assert_eq!(app.app_to_native(&mut store, addr, 64), Some(native));
    app.shared_heap_free(&store, addr).unwrap();
    assert_eq!(app.shared_heap_stats(&store).unwrap().live_blocks, 0);
}

#[test]
fn wasm_malloc_is_readable_by_the_host_and_other_instances() {
    let engine = Engine::default();
    let chain = three_members();
    let (mut store, app) = instantiate(&engine, APP32);
    let (mut other_store, other) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &chain).unwrap();
    other.attach_shared_heap(&mut other_store, &chain).unwrap();
    let addr = call::<_, i32>(&mut store, app, "malloc", 32).unwrap() as u32 as u64;
    assert!((START..MIDDLE).contains(&addr), "{addr:#x}");
    call::<_, ()>(
        &mut store,
        app,
        "store64",
        (a32(addr), 0x1122_3344_5566_7788i64),
    )
    .unwrap();
    assert_eq!(
        host_read(&store, app, addr, 8),
        0x1122_3344_5566_7788u64.to_le_bytes()
    );
    assert_eq!(
        call::<_, i64>(&mut other_store, other, "load64", a32(addr)).unwrap(),
        0x1122_3344_5566_7788
    );
    // A C string written by wasm, validated and copied by the host.
    call::<_, ()>(
        &mut store,
        app,
        "store32",
        (a32(addr + 8), i32::from_le_bytes(*b"hi!\0")),
    )
    .unwrap();
    assert_eq!(app.validate_app_c_str(&store, addr + 8).unwrap(), 3);
    assert_eq!(app.read_app_c_str(&store, addr + 8).unwrap(), b"hi!");
    // The other instance frees it: the heap is shared.
    call::<_, ()>(&mut other_store, other, "free", a32(addr)).unwrap();
    let stats = app.shared_heap_stats(&store).unwrap();
    assert_eq!(
        (stats.live_blocks, stats.bytes_in_use, stats.invalid_frees),
        (0, 0, 0)
    );
}

#[test]
fn malloc_returns_0_without_chain_without_managed_member_and_without_room() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    assert_eq!(call::<_, i32>(&mut store, app, "malloc", 16).unwrap(), 0);
    assert!(app.shared_heap_malloc(&store, 16).is_none());
    app.attach_shared_heap(&mut store, &pre_allocated_only(vec![0; 8192]))
        .unwrap();
    assert_eq!(call::<_, i32>(&mut store, app, "malloc", 16).unwrap(), 0);
    assert!(app.shared_heap_malloc(&store, 16).is_none());
    assert!(app.shared_heap_stats(&store).is_none());
    app.detach_shared_heap(&mut store);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    assert_eq!(
        call::<_, i32>(&mut store, app, "malloc", a32(HEAD + 1)).unwrap(),
        0
    );
    assert_eq!(call::<_, i32>(&mut store, app, "malloc", -1).unwrap(), 0);
}

#[test]
fn frees_of_bad_addresses_change_nothing() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    let block = call::<_, i32>(&mut store, app, "malloc", 100).unwrap() as u32 as u64;
    call::<_, ()>(&mut store, app, "fill", (a32(block), 0x77, 100)).unwrap();
    let before = app.shared_heap_stats(&store).unwrap();
    let bad = [block + 8, START + HEAD / 2, MIDDLE + 16, 1234, 0xFFFF_FFF0];
    for (i, &addr) in bad.iter().enumerate() {
        // From wasm: silently ignored, counted.
        call::<_, ()>(&mut store, app, "free", a32(addr)).unwrap();
        let stats = app.shared_heap_stats(&store).unwrap();
        assert_eq!(stats.invalid_frees, before.invalid_frees + i as u64 + 1);
        assert_eq!(
            (stats.live_blocks, stats.bytes_in_use),
            (before.live_blocks, before.bytes_in_use)
        );
    }
    // From the host: an error saying why.
    let e = app.shared_heap_free(&store, block + 8).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::SharedHeap);
    assert!(matches!(
        e.shared_heap_error(),
        Some(SharedHeapError::Free(_))
    ));
    assert_eq!(host_read(&store, app, block, 100), vec![0x77; 100]);
    // Double free: the first succeeds, the second is refused.
    app.shared_heap_free(&store, block).unwrap();
    assert!(app.shared_heap_free(&store, block).is_err());
    call::<_, ()>(&mut store, app, "free", a32(block)).unwrap();
    let stats = app.shared_heap_stats(&store).unwrap();
    assert_eq!((stats.live_blocks, stats.bytes_in_use), (0, 0));
}

#[test]
fn an_app_that_overwrites_every_heap_byte_cannot_break_malloc() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    let mut blocks = Vec::new();
    for size in [16, 100, 4000, 24] {
        blocks.push((
            call::<_, i32>(&mut store, app, "malloc", size).unwrap() as u32 as u64,
            size,
        ));
    }
    for value in [0x00, 0xFF, 0xA5] {
        call::<_, ()>(&mut store, app, "fill", (a32(START), value, HEAD as i32)).unwrap();
        // Frees and allocations still behave and stay inside the managed member.
        let (addr, size) = blocks.remove(0);
        call::<_, ()>(&mut store, app, "free", a32(addr)).unwrap();
        assert!(app.shared_heap_free(&store, addr).is_err(), "already freed");
        let new = call::<_, i32>(&mut store, app, "malloc", size).unwrap() as u32 as u64;
        assert!(new >= START && new + size as u64 <= MIDDLE, "{new:#x}");
        blocks.push((new, size));
        let stats = app.shared_heap_stats(&store).unwrap();
        assert_eq!(stats.live_blocks, 4);
    }
    for (addr, _) in blocks {
        app.shared_heap_free(&store, addr).unwrap();
    }
    let stats = app.shared_heap_stats(&store).unwrap();
    assert_eq!((stats.live_blocks, stats.bytes_in_use), (0, 0));
    // The whole heap is one free block again.
    let (big, _) = app
        .shared_heap_malloc(&store, HEAD - 64)
        .expect("room for a big block");
    app.shared_heap_free(&store, big).unwrap();
}

#[test]
fn host_api_covers_linear_memory_and_the_chain_with_the_same_rules() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    // Ranges: all in linear memory or all in one member.
    assert!(app.validate_app_range(&store, 0, 65536));
    assert!(app.validate_app_range(&store, 65536, 0));
    assert!(!app.validate_app_range(&store, 65530, 8));
    assert!(!app.validate_app_range(&store, START - 4, 8));
    assert!(app.validate_app_range(&store, START, HEAD));
    assert!(!app.validate_app_range(&store, START, HEAD + 1));
    assert!(app.validate_app_range(&store, 0xFFFF_F000, 4096));
    assert!(!app.validate_app_range(&store, 0xFFFF_F000, 4097));
    // Linear memory: write, read back from wasm and host, string, pointers both ways.
    app.write_app_memory(&mut store, 100, b"linear\0").unwrap();
    assert_eq!(
        call::<_, i32>(&mut store, app, "load8", 100).unwrap(),
        i32::from(b'l')
    );
    assert_eq!(app.read_app_c_str(&store, 100).unwrap(), b"linear");
    let native = app.app_to_native(&mut store, 100, 7).unwrap();
    assert_eq!(app.native_to_app(&store, native.as_ptr()), Some(100));
    // No NUL before the end of the region: not a string, in linear memory or a heap.
    app.write_app_memory(&mut store, 65535, b"x").unwrap();
    assert!(app.validate_app_c_str(&store, 65535).is_err());
    app.write_app_memory(&mut store, 0xFFFF_FFFE, b"yz")
        .unwrap();
    assert!(app.validate_app_c_str(&store, 0xFFFF_FFFE).is_err());
    assert!(app.validate_app_c_str(&store, START - 1).is_err());
    // Out-of-range host writes are refused and write nothing.
    let e = app
        .write_app_memory(&mut store, MIDDLE - 2, &[1, 2, 3, 4])
        .unwrap_err();
    assert!(matches!(
        e.shared_heap_error(),
        Some(SharedHeapError::OutOfBounds { len: 4, .. })
    ));
    assert_eq!(host_read(&store, app, MIDDLE - 2, 2), [0, 0]);
    assert_eq!(host_read(&store, app, MIDDLE, 2), [0, 0]);
    let mut buf = [0u8; 8];
    assert!(app.read_app_memory(&store, 65532, &mut buf).is_err());
    // A pointer that belongs to nothing maps to no app address.
    let outside = [0u8; 4];
    assert_eq!(app.native_to_app(&store, outside.as_ptr()), None);
}

/// The form C compilers produce for WAMR's wasm64 apps: an `unsigned int` size, a 64-bit
/// pointer. It links, allocates at the top of 2^64, and frees through `(i64) -> ()`.
const APP64_INT_SIZE: &str = r#"
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i64)))
  (import "env" "shared_heap_free" (func $free (param i64)))
  (memory (export "memory") i64 1)
  (func (export "malloc") (param i32) (result i64) (call $malloc (local.get 0)))
  (func (export "free") (param i64) (call $free (local.get 0)))
  (func (export "store64") (param i64 i64) (i64.store (local.get 0) (local.get 1))))
"#;

#[test]
fn memory64_apps_may_declare_malloc_with_an_i32_size() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP64_INT_SIZE);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    let start = app.shared_heap_layout(&store).unwrap().start;
    let block = call::<_, i64>(&mut store, app, "malloc", 100i32).unwrap() as u64;
    assert!((start..start + HEAD).contains(&block), "{block:#x}");
    call::<_, ()>(&mut store, app, "store64", (block as i64, 99i64)).unwrap();
    assert_eq!(host_read(&store, app, block, 8), 99u64.to_le_bytes());
    // The size is unsigned: 0x8000_0000 is 2 GiB, more than the heap holds, not negative.
    assert_eq!(
        call::<_, i64>(&mut store, app, "malloc", i32::MIN).unwrap(),
        0
    );
    call::<_, ()>(&mut store, app, "free", block as i64).unwrap();
    assert_eq!(app.shared_heap_stats(&store).unwrap().live_blocks, 0);
}
