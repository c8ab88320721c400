//! Helpers shared by the shared-heap integration tests: chains, stores and app calls.
#![allow(dead_code)]

use heap_alloc::DefaultManagedHeap;
use interp::chain::{Chain, PreAllocatedHeap, SharedChain};
use interp::{Engine, Error, Instance, Linker, Module, Store};

pub use crate::export_call::call;

/// Size of the managed head of [`three_members`].
pub const HEAD: u64 = 64 * 1024;
/// Size of each pre-allocated member of [`three_members`].
pub const SMALL: u64 = 4096;

/// Where [`three_members`]'s head starts in memory32.
pub const HEAD_START: u64 = 0xFFFE_E000;
/// Where [`three_members`]'s middle member starts in memory32.
pub const MIDDLE: u64 = 0xFFFF_E000;
/// Where [`three_members`]'s tail starts in memory32.
pub const TAIL: u64 = 0xFFFF_F000;

/// Head: managed 64 KiB; middle and tail: pre-allocated 4 KiB each. In memory32 the chain
/// starts at [`HEAD_START`], the middle at [`MIDDLE`], the tail at [`TAIL`].
pub fn three_members() -> SharedChain {
    three_members_read_only(&[])
}

/// [`three_members`] with the members at positions `read_only` (0 = head) read-only.
pub fn three_members_read_only(read_only: &[usize]) -> SharedChain {
    let mut chain = Chain::builder()
        .managed(DefaultManagedHeap::new(HEAD as usize).expect("managed heap"))
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; SMALL as usize]).expect("heap"))
        .pre_allocated(PreAllocatedHeap::from_vec(vec![0; SMALL as usize]).expect("heap"))
        .build()
        .expect("chain");
    for &position in read_only {
        assert!(chain.set_read_only(position, true), "no member {position}");
    }
    chain.into_shared()
}

/// A chain of one pre-allocated heap over `bytes` (no managed member).
pub fn pre_allocated_only(bytes: Vec<u8>) -> SharedChain {
    Chain::builder()
        .pre_allocated(PreAllocatedHeap::from_vec(bytes).expect("heap"))
        .build()
        .expect("chain")
        .into_shared()
}

/// A memory32 app exercising every memory-0 operation on addresses passed in, with the
/// shared-heap imports and a 16-byte passive data segment "0123456789abcdef".
pub const APP32: &str = r#"
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory (export "memory") 1)
  (data $d "0123456789abcdef")
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load16") (param i32) (result i32) (i32.load16_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "load32_off8") (param i32) (result i32) (i32.load offset=8 (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "store32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32)
    (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "malloc") (param i32) (result i32) (call $malloc (local.get 0)))
  (func (export "free") (param i32) (call $free (local.get 0))))
"#;

/// The memory64 counterpart of [`APP32`] (loads, stores, fill, malloc, free).
pub const APP64: &str = r#"
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i64) (result i64)))
  (import "env" "shared_heap_free" (func $free (param i64)))
  (memory (export "memory") i64 1)
  (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load64") (param i64) (result i64) (i64.load (local.get 0)))
  (func (export "load64_off16") (param i64) (result i64) (i64.load offset=16 (local.get 0)))
  (func (export "store8") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "store64") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "fill") (param i64 i32 i64)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "malloc") (param i64) (result i64) (call $malloc (local.get 0)))
  (func (export "free") (param i64) (call $free (local.get 0))))
"#;

/// A fresh store with `wat` instantiated through a linker that has the shared-heap imports.
pub fn instantiate(engine: &Engine, wat: &str) -> (Store<()>, Instance) {
    let mut store = Store::new(engine, ());
    let instance = instantiate_in(&mut store, wat);
    (store, instance)
}

/// Instantiates `wat` in `store` through a linker with the shared-heap imports.
pub fn instantiate_in(store: &mut Store<()>, wat: &str) -> Instance {
    let engine = store.engine().clone();
    let module = Module::from_wat(&engine, wat).expect("module");
    let mut linker = Linker::new(&engine);
    linker.define_shared_heap_functions().expect("define");
    linker.instantiate(store, &module).expect("instantiate")
}

/// Asserts that `result` is the trap "out of bounds memory access".
#[track_caller]
pub fn assert_oob<R: core::fmt::Debug>(result: Result<R, Error>) {
    match result {
        Err(e) => assert_eq!(e.to_string(), "out of bounds memory access"),
        Ok(v) => panic!("expected an out-of-bounds trap, got {v:?}"),
    }
}

/// An app address as the i32 wasm sees.
pub fn a32(addr: u64) -> i32 {
    u32::try_from(addr).expect("memory32 address") as i32
}

/// `len` bytes at app address `addr`, read by the host.
pub fn host_read(store: &Store<()>, instance: Instance, addr: u64, len: usize) -> Vec<u8> {
    let mut buf = vec![0; len];
    instance
        .read_app_memory(store, addr, &mut buf)
        .expect("host read");
    buf
}

/// Three functions of a worker app (it must import `$malloc` and `$free` and have a memory):
/// `alloc_fill(n, v)` allocates `n` bytes in the shared heap and fills them with `v` (0 when
/// the allocation failed), `check(p, n, v)` is 1 when all `n` bytes at `p` still hold `v`,
/// `release(p)` frees.
pub const ALLOC_FILL_CHECK_RELEASE: &str = r#"
  (func (export "alloc_fill") (param $n i32) (param $v i32) (result i32)
    (local $p i32)
    (local.set $p (call $malloc (local.get $n)))
    (if (local.get $p) (then (memory.fill (local.get $p) (local.get $v) (local.get $n))))
    (local.get $p))
  (func (export "check") (param $p i32) (param $n i32) (param $v i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i))) (local.get $v))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))
  (func (export "release") (param $p i32) (call $free (local.get $p)))"#;
