//! Pointer arguments resolve as the app's own accesses do: linear memory or one member of
//! the attached chain. A range straddling two regions gets EFAULT, never a trap.

use chain::{Chain, Heap, PreAllocatedHeap};
use interp::{Engine, Instance, Linker, Module, Store};
use shheap_wasi::{Errno, OutputBuffer, WasiCtx, WasiCtxBuilder};

/// `write(ptr, len, iovs, nwritten)` stores one iovec at `iovs` and calls fd_write(1).
/// `entropy(ptr, len)` calls random_get.
const PROBE: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "write") (param $ptr i32) (param $len i32) (param $iovs i32) (param $nwritten i32) (result i32)
    (i32.store (local.get $iovs) (local.get $ptr))
    (i32.store offset=4 (local.get $iovs) (local.get $len))
    (call $fd_write (i32.const 1) (local.get $iovs) (i32.const 1) (local.get $nwritten)))
  (func (export "entropy") (param $ptr i32) (param $len i32) (result i32)
    (call $random_get (local.get $ptr) (local.get $len))))"#;

/// The two members' starts: 4 KiB each, the last ending at 2^32.
const LOWER: u32 = 0xffff_e000;
const UPPER: u32 = 0xffff_f000;

fn setup() -> (Store<WasiCtx>, Instance, OutputBuffer) {
    let engine = Engine::default();
    let module = Module::from_wat(&engine, PROBE).expect("valid");
    let stdout = OutputBuffer::new();
    let ctx = WasiCtxBuilder::new()
        .stdout_buffer(stdout.clone())
        .build()
        .expect("builds");
    let mut store = Store::new(&engine, ctx);
    let mut linker = Linker::new(&engine);
    shheap_wasi::add_to_linker(&mut linker).expect("links");
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let member = || Heap::PreAllocated(PreAllocatedHeap::from_vec(vec![0; 4096]).expect("a heap"));
    let chain = Chain::from_heaps(vec![member(), member()])
        .expect("a chain")
        .into_shared();
    instance
        .attach_shared_heap(&mut store, &chain)
        .expect("attaches");
    (store, instance, stdout)
}

fn call(store: &mut Store<WasiCtx>, instance: Instance, name: &str, args: &[i32]) -> i32 {
    let func = instance.get_func(&*store, name).expect("exported");
    let args: Vec<interp::Val> = args.iter().map(|&a| interp::Val::I32(a)).collect();
    let mut result = [interp::Val::I32(-1)];
    func.call(store, &args, &mut result).expect("no trap");
    match result[0] {
        interp::Val::I32(v) => v,
        other => panic!("{other:?}"),
    }
}

#[test]
fn data_iovecs_and_results_may_each_lie_in_any_member() {
    let (mut store, instance, stdout) = setup();
    instance
        .write_app_memory(&mut store, u64::from(UPPER), b"upper")
        .expect("in the upper member");
    instance
        .write_app_memory(&mut store, u64::from(LOWER) + 100, b"lower")
        .expect("in the lower member");
    // Data in the upper member, iovec in the lower one, nwritten in linear memory.
    let iovs = (LOWER + 16) as i32;
    assert_eq!(
        call(&mut store, instance, "write", &[UPPER as i32, 5, iovs, 64]),
        0
    );
    // Data in the lower member, iovec and nwritten in the upper one.
    let args = [
        (LOWER + 100) as i32,
        5,
        (UPPER + 64) as i32,
        (UPPER + 80) as i32,
    ];
    assert_eq!(call(&mut store, instance, "write", &args), 0);
    let mut nwritten = [0u8; 4];
    instance
        .read_app_memory(&store, u64::from(UPPER) + 80, &mut nwritten)
        .expect("readable");
    assert_eq!(u32::from_le_bytes(nwritten), 5);
    assert_eq!(stdout.contents(), b"upperlower");
}

#[test]
fn ranges_straddling_two_regions_are_efault() {
    let (mut store, instance, stdout) = setup();
    let fault = i32::from(Errno::FAULT.code());
    // Data across the two members, across linear memory's end, past 2^32.
    for (ptr, len) in [
        (UPPER - 2, 4),
        (65536 - 2, 4),
        (0xffff_fffe, 4),
        (0x10000, 1),
    ] {
        assert_eq!(
            call(&mut store, instance, "write", &[ptr as i32, len, 0, 64]),
            fault,
            "{ptr:#x}"
        );
        assert_eq!(
            call(&mut store, instance, "entropy", &[ptr as i32, len]),
            fault,
            "{ptr:#x}"
        );
    }
    // The iovec itself across the members; nwritten across them.
    assert_eq!(
        call(
            &mut store,
            instance,
            "write",
            &[0, 1, (UPPER - 4) as i32, 64]
        ),
        fault
    );
    assert_eq!(
        call(
            &mut store,
            instance,
            "write",
            &[0, 1, 0, (UPPER - 2) as i32]
        ),
        fault
    );
    // A bad result pointer is found before anything is written.
    assert_eq!(stdout.contents(), b"");
    // random_get fills a buffer in a member.
    assert_eq!(
        call(&mut store, instance, "entropy", &[LOWER as i32, 4096]),
        0
    );
    let mut filled = vec![0u8; 4096];
    instance
        .read_app_memory(&store, u64::from(LOWER), &mut filled)
        .expect("readable");
    assert!(filled.iter().any(|&b| b != 0));
}
