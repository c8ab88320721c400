//! memory.fill / memory.copy / memory.init with an attached chain: into, out of and between
//! members, and out-of-range cases trapping before any byte changes.
#![cfg(feature = "shared-heap")]

use crate::shared_heap_common::*;
use interp::{Engine, Instance, Store};

const MIDDLE: u64 = 0xFFFF_E000;
const TAIL: u64 = 0xFFFF_F000;
const SEGMENT: &[u8] = b"0123456789abcdef";

/// Every addressable byte that matters: linear memory's first page and the three members.
fn snapshot(store: &Store<()>, app: Instance) -> Vec<u8> {
    let mut all = host_read(store, app, 0, 65536);
    all.extend(host_read(store, app, 0xFFFE_E000, HEAD as usize));
    all.extend(host_read(store, app, MIDDLE, 4096));
    all.extend(host_read(store, app, TAIL, 4096));
    all
}

fn setup() -> (Store<()>, Instance) {
    let engine = Engine::default();
    let (mut store, app) = instantiate(&engine, APP32);
    app.attach_shared_heap(&mut store, &three_members())
        .unwrap();
    // Distinct bytes everywhere, so that a wrong copy shows.
    let pattern: Vec<u8> = (0..4096u32).map(|i| (i * 13 + 1) as u8).collect();
    app.write_app_memory(&mut store, 0, &pattern).unwrap();
    app.write_app_memory(&mut store, MIDDLE, &pattern).unwrap();
    (store, app)
}

#[test]
fn fill_inside_members_and_refusals_that_change_nothing() {
    let (mut store, app) = setup();
    call::<_, ()>(&mut store, app, "fill", (a32(TAIL), 0xAB, 4096)).unwrap();
    assert_eq!(host_read(&store, app, TAIL, 4096), vec![0xAB; 4096]);
    call::<_, ()>(&mut store, app, "fill", (a32(MIDDLE + 10), 0xCD, 20)).unwrap();
    assert_eq!(host_read(&store, app, MIDDLE + 10, 20), vec![0xCD; 20]);

    let before = snapshot(&store, app);
    // Straddling middle and tail; linear end and the gap; the gap below the chain; 2^32.
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "fill",
        (a32(TAIL - 1), 1, 2),
    ));
    assert_oob(call::<_, ()>(&mut store, app, "fill", (65535, 1, 2)));
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "fill",
        (a32(0xFFFE_DFFF), 1, 2),
    ));
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "fill",
        (a32(0xFFFF_FFFF), 1, 2),
    ));
    // Zero lengths: fine at linear memory's end and at a member's end, not in the gap.
    call::<_, ()>(&mut store, app, "fill", (65536, 1, 0)).unwrap();
    call::<_, ()>(&mut store, app, "fill", (a32(TAIL), 1, 0)).unwrap();
    assert_oob(call::<_, ()>(&mut store, app, "fill", (65537, 1, 0)));
    assert_eq!(snapshot(&store, app), before);
}

#[test]
fn copy_between_linear_memory_and_members_and_between_members() {
    let (mut store, app) = setup();
    let mut model = snapshot(&store, app);
    let linear = 0usize;
    let middle = 65536 + HEAD as usize;
    let tail = middle + 4096;
    let copies: [(u64, usize, u64, usize, usize); 4] = [
        (TAIL, tail, 100, linear + 100, 300),       // linear -> heap
        (2000, linear + 2000, MIDDLE, middle, 512), // heap -> linear
        (TAIL + 1000, tail + 1000, MIDDLE + 7, middle + 7, 1024), // heap -> heap
        (MIDDLE + 3, middle + 3, MIDDLE, middle, 900), // overlapping inside one heap
    ];
    for (dst, dst_model, src, src_model, n) in copies {
        call::<_, ()>(&mut store, app, "copy", (a32(dst), a32(src), n as i32)).unwrap();
        model.copy_within(src_model..src_model + n, dst_model);
        assert_eq!(snapshot(&store, app), model, "copy {src:#x} -> {dst:#x}");
    }
    // Overlap the other way (dst below src) too.
    call::<_, ()>(&mut store, app, "copy", (a32(MIDDLE), a32(MIDDLE + 5), 600)).unwrap();
    model.copy_within(middle + 5..middle + 605, middle);
    assert_eq!(snapshot(&store, app), model);

    // Any range that is not entirely in one place traps with nothing written.
    let refused = [
        (TAIL, TAIL - 8, 16), // source straddles middle and tail
        (TAIL - 8, TAIL, 16), // destination straddles
        (0, 65530, 16),       // source straddles linear end
        (65530, 0, 16),       // destination straddles linear end
        (0, 0xFFFE_DFF0, 32), // source starts in the gap
        (0xFFFF_FFF8, 0, 16), // destination crosses 2^32
    ];
    for (dst, src, n) in refused {
        assert_oob(call::<_, ()>(
            &mut store,
            app,
            "copy",
            (a32(dst), a32(src), n),
        ));
        assert_eq!(snapshot(&store, app), model, "copy {src:#x} -> {dst:#x}");
    }
}

#[test]
fn init_into_members_and_refusals_that_change_nothing() {
    let (mut store, app) = setup();
    call::<_, ()>(&mut store, app, "init", (a32(TAIL + 4080), 0, 16)).unwrap();
    assert_eq!(host_read(&store, app, TAIL + 4080, 16), SEGMENT);
    call::<_, ()>(&mut store, app, "init", (a32(MIDDLE), 4, 8)).unwrap();
    assert_eq!(host_read(&store, app, MIDDLE, 8), &SEGMENT[4..12]);
    let before = snapshot(&store, app);
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "init",
        (a32(TAIL - 8), 0, 16),
    ));
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "init",
        (a32(0xFFFF_FFF8), 0, 16),
    ));
    assert_oob(call::<_, ()>(&mut store, app, "init", (a32(TAIL), 8, 16)));
    assert_oob(call::<_, ()>(
        &mut store,
        app,
        "init",
        (a32(0xFFFE_D000), 0, 4),
    ));
    assert_eq!(snapshot(&store, app), before);
}
