//! Which dispatch mode a build of the engine has (`build.rs`, `exec/dispatch.rs`), checked
//! from inside that build.
//!
//! `cargo xtask test` runs the release tests under a test profile of its own (the release
//! profile without its fat LTO, to build faster). Those runs are what cover the tail-calling
//! handlers that users' release builds execute, so a profile setting that quietly turned them
//! into the loop (an opt-level below 2, say) would leave that mode untested; this test fails
//! instead. With the `loop-dispatch` feature it checks that the loop is really in use.

/// The mode `build.rs` should have picked, from what this build was compiled with: the tail
/// calls in optimized builds (no debug assertions, as in the release profile) for the
/// architectures whose backends make them jumps, unless `loop-dispatch` forces the loop.
fn expected_tail_dispatch() -> bool {
    let optimized = !cfg!(debug_assertions);
    let arch_has_sibling_calls = cfg!(any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    ));
    optimized && arch_has_sibling_calls && !cfg!(feature = "loop-dispatch")
}

#[test]
fn optimized_builds_tail_call_between_handlers() {
    assert_eq!(
        cfg!(interp_tail_dispatch),
        expected_tail_dispatch(),
        "this build's dispatch mode is not the one its profile should give (tail calls: {}, \
         expected: {}); check the test profile's opt-level (build.rs tail-calls only at 2, 3, \
         \"s\" or \"z\") and debug-assertions",
        cfg!(interp_tail_dispatch),
        expected_tail_dispatch(),
    );
}
