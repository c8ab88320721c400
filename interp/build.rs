//! Picks the executor's dispatch mode (see `src/exec/dispatch.rs`).
//!
//! Handlers tail-call each other only where LLVM reliably turns those calls into jumps:
//! optimized builds (opt-level 2, 3, "s" or "z") for architectures whose backends do
//! sibling-call optimization for this signature. Everywhere else the handlers return to a
//! loop, which is slower but cannot grow the host stack. The `loop-dispatch` feature picks the
//! loop everywhere.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=OPT_LEVEL");
    println!("cargo::rerun-if-env-changed=CARGO_FEATURE_LOOP_DISPATCH");
    println!("cargo::rustc-check-cfg=cfg(interp_tail_dispatch)");
    let opt_level = std::env::var("OPT_LEVEL").unwrap_or_default();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let optimizing = matches!(opt_level.as_str(), "2" | "3" | "s" | "z");
    let arch_has_sibling_calls = matches!(arch.as_str(), "x86_64" | "aarch64" | "riscv64");
    let loop_forced = std::env::var_os("CARGO_FEATURE_LOOP_DISPATCH").is_some();
    if optimizing && arch_has_sibling_calls && !loop_forced {
        println!("cargo::rustc-cfg=interp_tail_dispatch");
    }
}
