//! The benchmark programs and their known answers.
//!
//! Each program is a C source under `apps/bench` compiled to wasm32 (`cargo xtask build-apps`)
//! that exports `run(n: i32) -> i64` and imports nothing. The answers were computed by the same
//! C source compiled natively, so a runtime that computes anything else is wrong.

/// One benchmark program.
pub struct Program {
    /// Short name, as printed.
    pub name: &'static str,
    /// The module's bytes.
    pub wasm: &'static [u8],
    /// A tiny input and its answer, for `--quick`.
    pub quick: (u32, u64),
    /// The measured input and its answer.
    pub full: (u32, u64),
}

macro_rules! app {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../apps/bench/",
            $name,
            ".wasm"
        ))
    };
}

macro_rules! simd_app {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../apps/bench-simd/",
            $name,
            ".wasm"
        ))
    };
}

/// The SIMD programs (`apps/bench-simd`, C with `wasm_simd128.h` built with `-msimd128`). Their
/// answers come from `interp` and are checked on wasmi by every run (no native build: the
/// intrinsics are wasm's).
pub const SIMD_PROGRAMS: &[Program] = &[
    Program {
        name: "simd_matmul",
        wasm: simd_app!("simd_matmul"),
        quick: (8, 3_972),
        full: (128, 20_951_210),
    },
    Program {
        name: "simd_bytecount",
        wasm: simd_app!("simd_bytecount"),
        quick: (2, 130_936),
        full: (200, 18_033_136_665_289_500_743),
    },
    Program {
        name: "simd_blur",
        wasm: simd_app!("simd_blur"),
        quick: (1, 14_890_401_582_269_053_625),
        full: (200, 4_026_179_331_338_534_880),
    },
];

/// Every program, in the order the table prints them.
pub const PROGRAMS: &[Program] = &[
    Program {
        name: "fib_recursive",
        wasm: app!("fib_recursive"),
        quick: (10, 55),
        full: (30, 832_040),
    },
    Program {
        name: "fib_iterative",
        wasm: app!("fib_iterative"),
        quick: (3, 817_770_325_994_397_770),
        full: (20_000, 52_768),
    },
    Program {
        name: "sieve",
        wasm: app!("sieve"),
        quick: (100, 25),
        full: (4_000_000, 283_146),
    },
    Program {
        name: "quicksort",
        wasm: app!("quicksort"),
        quick: (100, 9_142_027_592_492_019_818),
        full: (500_000, 15_843_370_834_358_583_147),
    },
    Program {
        name: "matmul",
        wasm: app!("matmul"),
        quick: (4, 548),
        full: (160, 40_944_443),
    },
    Program {
        name: "sha256",
        wasm: app!("sha256"),
        quick: (1, 6_209_813_719_185_155_686),
        full: (2_048, 17_205_842_841_378_416_212),
    },
    Program {
        name: "switch_vm",
        wasm: app!("switch_vm"),
        quick: (10, 404_701),
        full: (5_000_000, 3_553_969_440_396_321_184),
    },
    Program {
        name: "bulk_memory",
        wasm: app!("bulk_memory"),
        quick: (3, 6),
        full: (20_000, 7_559_881),
    },
    Program {
        name: "small_calls",
        wasm: app!("small_calls"),
        quick: (10, 111),
        full: (3_000_000, 2_476_473_253_610_337),
    },
    Program {
        name: "mixed",
        wasm: app!("mixed"),
        quick: (2, 2_868_613_834),
        full: (600, 2_542_827_487),
    },
];
