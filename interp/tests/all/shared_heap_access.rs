//! Loads and stores against an attached chain (SHARED_HEAP.md section 5): every member's
//! first and last byte, and every way of missing (gap, straddles, 2^32, 2^64) trapping.
#![cfg(feature = "shared-heap")]

use crate::shared_heap_common::*;
use interp::Engine;
use interp::chain::MemberKind;

const START: u64 = 0xFFFE_E000;
const MIDDLE: u64 = 0xFFFF_E000;
const TAIL: u64 = 0xFFFF_F000;

#[test]
fn layout_is_the_documented_one() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    let layout = app.shared_heap_layout(&store).unwrap();
    assert_eq!(layout.start, START);
    let ranges: Vec<_> = layout
        .members
        .iter()
        .map(|m| (m.start, m.end, m.kind))
        .collect();
    assert_eq!(
        ranges,
        [
            (START, MIDDLE - 1, MemberKind::Managed),
            (MIDDLE, TAIL - 1, MemberKind::PreAllocated),
            (TAIL, 0xFFFF_FFFF, MemberKind::PreAllocated),
        ]
    );
}

#[test]
fn first_and_last_byte_of_every_member_are_reachable_from_wasm_and_host() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    let edges = [START, MIDDLE - 1, MIDDLE, TAIL - 1, TAIL, 0xFFFF_FFFF];
    for (i, &addr) in edges.iter().enumerate() {
        let value = 0x40 + i as i32;
        call::<_, ()>(&mut store, app, "store8", (a32(addr), value)).unwrap();
        assert_eq!(host_read(&store, app, addr, 1), [value as u8], "{addr:#x}");
        assert_eq!(
            call::<_, i32>(&mut store, app, "load8", a32(addr)).unwrap(),
            value
        );
    }
    // Whole words at the very ends of members.
    call::<_, ()>(&mut store, app, "store64", (a32(MIDDLE - 8), -2i64)).unwrap();
    assert_eq!(
        call::<_, i64>(&mut store, app, "load64", a32(MIDDLE - 8)).unwrap(),
        -2
    );
    call::<_, ()>(&mut store, app, "store32", (a32(0xFFFF_FFFC), 0x1234_5678)).unwrap();
    assert_eq!(
        call::<_, i32>(&mut store, app, "load32", a32(0xFFFF_FFFC)).unwrap(),
        0x1234_5678
    );
    assert_eq!(
        host_read(&store, app, 0xFFFF_FFFC, 4),
        0x1234_5678u32.to_le_bytes()
    );
    // The offset is part of the effective address.
    assert_eq!(
        call::<_, i32>(&mut store, app, "load32_off8", a32(0xFFFF_FFF4)).unwrap(),
        0x1234_5678
    );
}

#[test]
fn every_kind_of_miss_traps_out_of_bounds() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    // One past linear memory (1 page), a load straddling its end, and the gap below the chain.
    assert_oob(call::<_, i32>(&mut store, app, "load8", 65536));
    assert_oob(call::<_, i32>(&mut store, app, "load32", 65534));
    assert_oob(call::<_, i32>(&mut store, app, "load8", a32(START - 1)));
    assert_oob(call::<_, i32>(&mut store, app, "load32", a32(START - 2)));
    // Straddling two members.
    assert_oob(call::<_, i32>(&mut store, app, "load32", a32(MIDDLE - 2)));
    assert_oob(call::<_, i64>(&mut store, app, "load64", a32(TAIL - 4)));
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "store32",
        (a32(TAIL - 1), 7),
    ));
    // Straddling 2^32, by the access width and by the offset.
    assert_oob(call::<_, i32>(&mut store, app, "load16", a32(0xFFFF_FFFF)));
    assert_oob(call::<_, i32>(&mut store, app, "load32", a32(0xFFFF_FFFE)));
    assert_oob(call::<_, i32>(
        &mut store,
        app,
        "load32_off8",
        a32(0xFFFF_FFF8),
    ));
    // Nothing was written by the trapping store.
    assert_eq!(host_read(&store, app, TAIL - 4, 4), [0; 4]);
    assert_eq!(host_read(&store, app, TAIL, 4), [0; 4]);
}

#[test]
fn without_a_chain_everything_above_linear_memory_traps() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    assert_oob(call::<_, i32>(&mut store, app, "load8", a32(TAIL)));
    let chain = three_members();
    app.attach_shared_heap(&mut store, &chain).unwrap();
    assert_eq!(
        call::<_, i32>(&mut store, app, "load8", a32(TAIL)).unwrap(),
        0
    );
    app.detach_shared_heap(&mut store);
    assert_oob(call::<_, i32>(&mut store, app, "load8", a32(TAIL)));
    assert_eq!(call::<_, i32>(&mut store, app, "size", ()).unwrap(), 1);
}

#[test]
fn a_value_written_by_one_instance_is_read_by_another_of_another_module() {
    let engine = Engine::default();
    let chain = three_members();
    let (mut store_a, writer) = instantiate(&engine, APP32);
    let mut store_b = interp::Store::new(&engine, ());
    let reader = instantiate_in(
        &mut store_b,
        r#"(module (memory 2)
             (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))"#,
    );
    writer.attach_shared_heap(&mut store_a, &chain).unwrap();
    reader.attach_shared_heap(&mut store_b, &chain).unwrap();
    call::<_, ()>(
        &mut store_a,
        writer,
        "store32",
        (a32(MIDDLE + 40), 0x0BAD_F00D),
    )
    .unwrap();
    assert_eq!(
        call::<_, i32>(&mut store_b, reader, "peek", a32(MIDDLE + 40)).unwrap(),
        0x0BAD_F00D
    );
    // In the same store too, with instances calling each other through imports.
    let mut linker_store = interp::Store::new(&engine, ());
    let left = instantiate_in(&mut linker_store, APP32);
    let module = interp::Module::from_wat(
        &engine,
        r#"(module
             (import "left" "load32" (func $left_load (param i32) (result i32)))
             (memory 1)
             (func (export "both") (param i32) (result i32)
               ;; its own view (no chain: traps if reached) is not used; the import's is.
               (call $left_load (local.get 0))))"#,
    )
    .unwrap();
    let mut linker = interp::Linker::new(&engine);
    linker.instance(&mut linker_store, "left", left).unwrap();
    let right = linker.instantiate(&mut linker_store, &module).unwrap();
    left.attach_shared_heap(&mut linker_store, &chain).unwrap();
    assert_eq!(
        call::<_, i32>(&mut linker_store, right, "both", a32(MIDDLE + 40)).unwrap(),
        0x0BAD_F00D
    );
}

#[test]
fn the_chain_follows_the_running_instance_across_calls() {
    // `caller` has no chain and calls `callee` (which has one) through an import, then
    // touches the same address itself: only the callee's access may reach the heap.
    let engine = Engine::default();
    let mut store = interp::Store::new(&engine, ());
    let callee = instantiate_in(&mut store, APP32);
    let module = interp::Module::from_wat(
        &engine,
        r#"(module
             (import "callee" "load32" (func $load (param i32) (result i32)))
             (memory 1)
             (func (export "via_callee") (param i32) (result i32) (call $load (local.get 0)))
             (func (export "then_self") (param i32) (result i32)
               (drop (call $load (local.get 0)))
               (i32.load (local.get 0))))"#,
    )
    .unwrap();
    let mut linker = interp::Linker::new(&engine);
    linker.instance(&mut store, "callee", callee).unwrap();
    let caller = linker.instantiate(&mut store, &module).unwrap();
    callee
        .attach_shared_heap(&mut store, &three_members())
        .unwrap();
    callee
        .write_app_memory(&mut store, TAIL, &[9, 0, 0, 0])
        .unwrap();
    assert_eq!(
        call::<_, i32>(&mut store, caller, "via_callee", a32(TAIL)).unwrap(),
        9
    );
    assert_oob(call::<_, i32>(&mut store, caller, "then_self", a32(TAIL)));
}

#[test]
fn pre_allocated_data_written_by_the_host_is_read_by_wasm_in_place() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    let chain = pre_allocated_only(vec![0; 4096]);
    app.attach_shared_heap(&mut store, &chain).unwrap();
    let native = app.app_to_native(&mut store, TAIL, 4096).unwrap();
    for i in 0..4096u64 {
        // SAFETY: `app_to_native` vouched for 4096 bytes, and the chain is alive.
        unsafe { native.as_ptr().add(i as usize).write((i * 7) as u8) };
    }
    for i in (0..4096u64).step_by(97) {
        assert_eq!(
            call::<_, i32>(&mut store, app, "load8", a32(TAIL + i)).unwrap(),
            i32::from((i * 7) as u8)
        );
    }
    // Written by wasm, seen at the same native byte.
    call::<_, ()>(&mut store, app, "store8", (a32(TAIL + 5), 0xEE)).unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { native.as_ptr().add(5).read() }, 0xEE);
    assert_eq!(
        app.native_to_app(&store, native.as_ptr().wrapping_add(5)),
        Some(TAIL + 5)
    );
}

#[test]
fn memory64_app_sees_the_chain_at_the_top_of_2_to_the_64() {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP64);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    let top = u64::MAX; // 2^64 - 1
    let tail = top - 4095;
    let middle = tail - 4096;
    let start = middle - HEAD;
    assert_eq!(app.shared_heap_layout(&store).unwrap().start, start);
    for &addr in &[start, middle - 1, middle, tail - 1, tail, top] {
        call::<_, ()>(&mut store, app, "store8", (addr as i64, 0x5A)).unwrap();
        assert_eq!(
            call::<_, i32>(&mut store, app, "load8", addr as i64).unwrap(),
            0x5A
        );
    }
    call::<_, ()>(
        &mut store,
        app,
        "store64",
        ((top - 7) as i64, 0x0102_0304_0506_0708i64),
    )
    .unwrap();
    assert_eq!(
        call::<_, i64>(&mut store, app, "load64", (top - 7) as i64).unwrap(),
        0x0102_0304_0506_0708
    );
    // Straddling 2^64 (by width and by offset), straddling members, the gap.
    assert_oob(call::<_, i64>(&mut store, app, "load64", (top - 3) as i64));
    assert_oob(call::<_, i64>(
        &mut store,
        app,
        "load64_off16",
        (top - 7) as i64,
    ));
    assert_oob(call::<_, i64>(&mut store, app, "load64", (tail - 4) as i64));
    assert_oob(call::<_, i32>(&mut store, app, "load8", (start - 1) as i64));
    assert_oob(call::<_, i32>(&mut store, app, "load8", 65536i64));
    // malloc in the i64 form.
    let block = call::<_, i64>(&mut store, app, "malloc", 100i64).unwrap() as u64;
    assert!((start..middle).contains(&block), "{block:#x}");
    call::<_, ()>(&mut store, app, "store64", (block as i64, 77i64)).unwrap();
    assert_eq!(host_read(&store, app, block, 8), 77u64.to_le_bytes());
    call::<_, ()>(&mut store, app, "free", block as i64).unwrap();
    assert_eq!(app.shared_heap_stats(&store).unwrap().live_blocks, 0);
}

#[test]
fn instances_with_different_chains_never_see_each_others_heaps() {
    // `left` (chain X) imports `right`'s load (chain Y); the same app address names a
    // different byte in each, before and after the call, and in a nested host -> wasm call.
    let engine = Engine::default();
    let mut store: interp::Store<()> = interp::Store::new(&engine, ());
    let right = instantiate_in(&mut store, APP32);
    let module = interp::Module::from_wat(
        &engine,
        r#"(module
             (import "right" "load8" (func $right_load (param i32) (result i32)))
             (import "host" "nested" (func $nested (param i32) (result i32)))
             (memory 1)
             (func (export "mine_theirs_mine_nested_mine") (param i32) (result i64)
               (local $r i64)
               (local.set $r (i64.extend_i32_u (i32.load8_u (local.get 0))))
               (local.set $r (i64.or (i64.shl (local.get $r) (i64.const 8))
                 (i64.extend_i32_u (call $right_load (local.get 0)))))
               (local.set $r (i64.or (i64.shl (local.get $r) (i64.const 8))
                 (i64.extend_i32_u (i32.load8_u (local.get 0)))))
               (local.set $r (i64.or (i64.shl (local.get $r) (i64.const 8))
                 (i64.extend_i32_u (call $nested (local.get 0)))))
               (i64.or (i64.shl (local.get $r) (i64.const 8))
                 (i64.extend_i32_u (i32.load8_u (local.get 0))))))"#,
    )
    .unwrap();
    let mut linker = interp::Linker::new(&engine);
    linker.instance(&mut store, "right", right).unwrap();
    linker
        .func_wrap(
            "host",
            "nested",
            move |mut caller: interp::Caller<'_, ()>, addr: i32| -> Result<i32, interp::Error> {
                let f = right.get_typed_func::<i32, i32>(caller.store(), "load8")?;
                f.call(caller.store_mut(), addr)
            },
        )
        .unwrap();
    let left = linker.instantiate(&mut store, &module).unwrap();
    left.attach_shared_heap(&mut store, &pre_allocated_only(vec![0x11; 4096]))
        .unwrap();
    right
        .attach_shared_heap(&mut store, &pre_allocated_only(vec![0x22; 4096]))
        .unwrap();
    let f = left
        .get_typed_func::<i32, i64>(&store, "mine_theirs_mine_nested_mine")
        .unwrap();
    for addr in [TAIL, TAIL + 100, 0xFFFF_FFFF] {
        assert_eq!(f.call(&mut store, a32(addr)).unwrap(), 0x11_22_11_22_11);
    }
}
