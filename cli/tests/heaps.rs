//! `--shared-heap`, `--heap`, `--allocator` and `--print-layout`: chains built from the
//! command line, attached, and used by a wasm app through `env.shared_heap_malloc`.

mod common;

use common::shheap;

/// The app address where a chain of `total` bytes starts in memory32 (SHARED_HEAP.md §3).
fn chain_start(total: u64) -> u64 {
    (1u64 << 32) - total
}

/// Parses an i32 printed as signed decimal back to the unsigned app address it stands for.
fn app_address(printed: &str) -> u64 {
    u64::from(printed.parse::<i32>().expect("an i32") as u32)
}

#[test]
fn a_wat_app_allocates_from_the_managed_heap_through_its_import() {
    let run = shheap(&[
        "run",
        "--shared-heap",
        "64KiB",
        "--invoke",
        "alloc",
        "shared_heap_app.wat",
        "100",
    ]);
    let lines = run.ok_lines();
    let addr = app_address(lines[0]);
    let start = chain_start(64 * 1024);
    assert!(
        (start..start + 64 * 1024 - 100).contains(&addr),
        "block at {addr:#x} lies inside the heap starting at {start:#x}"
    );
    // The app writes through the address malloc gave it and reads the same bytes back.
    let run = shheap(&[
        "run",
        "--shared-heap",
        "64KiB",
        "--invoke",
        "round_trip",
        "shared_heap_app.wat",
        "0x1122334455667788",
    ]);
    assert_eq!(run.ok_lines(), ["1234605616436508552"]);
}

#[test]
fn both_allocators_serve_the_app() {
    for allocator in ["linked-list", "buddy"] {
        let run = shheap(&[
            "run",
            "--allocator",
            allocator,
            "--shared-heap",
            "16KiB",
            "--invoke",
            "round_trip",
            "shared_heap_app.wat",
            "-7",
        ]);
        assert_eq!(run.ok_lines(), ["-7"], "{allocator}");
        // A block larger than the heap cannot be had: malloc answers 0.
        let run = shheap(&[
            "run",
            "--allocator",
            allocator,
            "--shared-heap",
            "16KiB",
            "--invoke",
            "alloc",
            "shared_heap_app.wat",
            "20000",
        ]);
        assert_eq!(run.ok_lines(), ["0"], "{allocator}");
    }
    let run = shheap(&[
        "run",
        "--allocator",
        "slab",
        "--shared-heap",
        "16KiB",
        "--invoke",
        "alloc",
        "shared_heap_app.wat",
        "1",
    ]);
    assert!(
        run.error_message()
            .contains("invalid value 'slab' for '--allocator")
    );
}

#[test]
fn the_allocator_flag_picks_the_backend() {
    let gap = |allocator: &str, size: &str| {
        let run = shheap(&[
            "run",
            "--allocator",
            allocator,
            "--shared-heap",
            "64KiB",
            "--invoke",
            "gap",
            "shared_heap_app.wat",
            size,
        ]);
        run.ok_lines()[0].parse::<u32>().expect("a distance")
    };
    // Blocks up to 4 KiB come from per-thread size-class caches whatever the backend, so
    // only larger ones show it: buddy blocks are powers of two, first fit packs blocks at
    // the 16-byte granule.
    assert_eq!(gap("buddy", "5000"), 8192);
    assert_eq!(gap("buddy", "9000"), 16384);
    for size in [5000u32, 9000] {
        let packed = gap("linked-list", &size.to_string());
        assert!((size..size + 16).contains(&packed), "{size}: {packed}");
    }
}

#[test]
fn without_a_heap_malloc_answers_zero_and_heap_addresses_trap() {
    assert_eq!(
        shheap(&["run", "--invoke", "alloc", "shared_heap_app.wat", "100"]).ok_lines(),
        ["0"]
    );
    let run = shheap(&[
        "run",
        "--invoke",
        "load",
        "shared_heap_app.wat",
        "0xfffff000",
    ]);
    assert_eq!(run.trap_message(), "wasm trap: out of bounds memory access");
}

#[test]
fn print_layout_shows_the_chain_of_section_3() {
    let run = shheap(&[
        "run",
        "--heap",
        "managed:64KiB",
        "--heap",
        "prealloc:4KiB",
        "--print-layout",
        "--invoke",
        "load",
        "shared_heap_app.wat",
        "0",
    ]);
    let lines = run.ok_lines();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines[0].contains("start 0xfffef000"), "{}", lines[0]);
    assert!(lines[0].contains("memory32"), "{}", lines[0]);
    assert!(
        lines[1].contains("managed") && lines[1].contains("65536"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("0xfffef000..=0xffffefff"), "{}", lines[1]);
    assert!(
        lines[2].contains("pre-allocated") && lines[2].contains("4096"),
        "{}",
        lines[2]
    );
    assert!(lines[2].contains("0xfffff000..=0xffffffff"), "{}", lines[2]);
    // Then the invoked function's result.
    assert_eq!(lines[3], "0");
}

#[test]
fn the_chain_follows_the_flag_order_head_first() {
    let run = shheap(&[
        "run",
        "--heap",
        "prealloc:4KiB",
        "--heap",
        "managed:8KiB",
        "--print-layout",
        "--invoke",
        "alloc",
        "shared_heap_app.wat",
        "16",
    ]);
    let lines = run.ok_lines();
    assert!(lines[0].contains("start 0xffffd000"), "{}", lines[0]);
    assert!(lines[1].contains("pre-allocated") && lines[1].contains("0xffffd000..=0xffffdfff"));
    assert!(lines[2].contains("managed") && lines[2].contains("0xffffe000..=0xffffffff"));
    // malloc serves from the managed tail, whichever position it has.
    assert!(app_address(lines[3]) >= 0xffff_e000, "{}", lines[3]);
}

#[test]
fn the_pre_allocated_member_is_addressable_and_the_gap_and_straddles_trap() {
    let heaps = [
        "run",
        "--heap",
        "managed:64KiB",
        "--heap",
        "prealloc:4KiB",
        "--invoke",
    ];
    let with = |rest: &[&str]| {
        let mut argv = heaps.to_vec();
        argv.extend(rest);
        shheap(&argv)
    };
    assert_eq!(
        with(&["store_load", "shared_heap_app.wat", "0xfffffffc", "77"]).ok_lines(),
        ["77"]
    );
    assert_eq!(
        with(&["store_load", "shared_heap_app.wat", "0xfffef000", "5"]).ok_lines(),
        ["5"]
    );
    // Straddling the end of the address space, the two members, or below the chain: trap.
    for addr in ["0xfffffffe", "0xffffeffe", "0xfffeeffe", "0x10000"] {
        let run = with(&["store_load", "shared_heap_app.wat", addr, "1"]);
        assert_eq!(
            run.trap_message(),
            "wasm trap: out of bounds memory access",
            "{addr}"
        );
    }
}

#[test]
fn a_second_managed_member_is_refused_clearly() {
    let run = shheap(&[
        "run",
        "--heap",
        "managed:4KiB",
        "--heap",
        "prealloc:4KiB",
        "--heap",
        "managed:8KiB",
        "arith.wat",
    ]);
    assert_eq!(
        run.error_message(),
        "a chain holds at most one managed heap, but member 2 (head = 0) is a second managed heap of 8192 bytes after member 0: make it --heap prealloc:8192 or drop it"
    );
}

#[test]
fn bad_sizes_are_refused_with_the_accepted_forms() {
    for flag in ["--shared-heap", "--max-memory"] {
        for bad in ["12XB", "lots", "-4", "1.5MiB", "99999999999999999999"] {
            // `=` keeps clap from reading "-4" as a flag of its own.
            let run = shheap(&["run", &format!("{flag}={bad}"), "arith.wat"]);
            let message = run.error_message();
            assert!(
                message.contains(&format!("invalid value '{bad}' for '{flag}")),
                "{message}"
            );
        }
    }
    let run = shheap(&["run", "--heap", "managed:12XB", "arith.wat"]);
    assert!(run.error_message().contains("`12XB` is not a size"));
    let run = shheap(&["run", "--heap", "pool:4KiB", "arith.wat"]);
    assert!(run.error_message().contains("use managed or prealloc"));
    let run = shheap(&["run", "--heap", "prealloc:4000", "arith.wat"]);
    assert!(
        run.error_message()
            .contains("must be a multiple of 4096 bytes, but 4000 is not: use 4096")
    );
    let run = shheap(&["run", "--shared-heap", "0", "arith.wat"]);
    assert!(run.error_message().contains("cannot be empty"));
}

#[test]
fn attach_failures_are_reported() {
    // 4 GiB does not fit under 2^32 next to a wasm page.
    let run = shheap(&[
        "run",
        "--shared-heap",
        "4GiB",
        "--invoke",
        "alloc",
        "shared_heap_app.wat",
        "1",
    ]);
    assert!(run.error_message().starts_with("cannot attach the shared heap to the module: the chain's 4294967296 bytes do not fit below 2^32"));
    let run = shheap(&["run", "--print-layout", "arith.wat"]);
    assert!(
        run.error_message()
            .contains("add --shared-heap SIZE or --heap KIND:SIZE")
    );
    let run = shheap(&[
        "run",
        "--shared-heap",
        "4KiB",
        "--heap",
        "prealloc:4KiB",
        "arith.wat",
    ]);
    assert!(run.error_message().contains("cannot be used with"));
}
