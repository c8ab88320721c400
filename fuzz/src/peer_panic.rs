//! Telling a peer engine's internal failure from a divergence.
//!
//! cargo-fuzz builds every crate with debug assertions, so a `debug_assert!` inside the peer
//! (wasmi) fires on modules it would otherwise run; and libFuzzer's panic hook aborts on any
//! panic, before unwinding, so such a failure stopped the fuzzer as if `interp` had failed.
//! [`run_peer`] runs the peer's side under `catch_unwind`, and the hook [`run_peer`] installs
//! in front of libFuzzer's lets a panic unwind (instead of aborting) only when it is raised in
//! the peer's own source: the module is then not compared. Every other panic (in `interp`, in
//! the oracle, in the standard library) goes on to the previous hook, which under libFuzzer
//! aborts and so still stops the fuzzer.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};

/// The peer's crates, as their source folders are named (`wasmi-2.0.0`, `wasmi_ir-2.0.0`...).
const PEER_CRATES: [&str; 4] = ["wasmi", "wasmi_core", "wasmi_ir", "wasmi_collections"];

/// Who a panic belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The peer engine's own code: its failure, not a divergence.
    Peer,
    /// Anything else: `interp`, the oracle, the standard library. Stops the fuzzer.
    Ours,
}

/// Classifies a panic by the source file it was raised in: [`Origin::Peer`] when a folder of
/// the path is a peer crate's source folder, a crate name from [`PEER_CRATES`] followed by
/// `-` and its version (how cargo unpacks a registry crate).
pub fn origin_of(file: &str) -> Origin {
    let in_peer = file.split(['/', '\\']).any(|folder| {
        folder.split_once('-').is_some_and(|(name, version)| {
            PEER_CRATES.contains(&name) && version.starts_with(|c: char| c.is_ascii_digit())
        })
    });
    if in_peer { Origin::Peer } else { Origin::Ours }
}

thread_local! {
    /// Whether this thread is inside [`run_peer`], and its last panic was the peer's.
    static PEER_RUN: Cell<(bool, bool)> = const { Cell::new((false, false)) };
}

/// How many peer panics [`run_peer`] has caught in this process.
static PEER_PANICS: AtomicU64 = AtomicU64::new(0);

/// How many peer panics [`run_peer`] has caught in this process.
pub fn peer_panics() -> u64 {
    PEER_PANICS.load(Ordering::Relaxed)
}

/// Puts the classifying hook in front of the current one (once per process: under libFuzzer
/// the first input runs after libFuzzer installed its aborting hook, so that one is wrapped).
fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let inside = PEER_RUN.with(Cell::get).0;
            let peer = inside && info.location().map(|l| origin_of(l.file())) == Some(Origin::Peer);
            if peer {
                PEER_RUN.with(|run| run.set((true, true)));
                if PEER_PANICS.fetch_add(1, Ordering::Relaxed) == 0 {
                    eprintln!("the peer failed internally (not compared, fuzzing goes on): {info}");
                }
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `peer` (one engine's side of a comparison); `None` if it panicked in the peer's own
/// source. Any other panic is passed on, after the previous hook has seen it.
pub fn run_peer<T>(peer: impl FnOnce() -> T) -> Option<T> {
    install_hook();
    PEER_RUN.with(|run| run.set((true, false)));
    let result = panic::catch_unwind(AssertUnwindSafe(peer));
    let (_, peer_panicked) = PEER_RUN.with(|run| run.replace((false, false)));
    match result {
        Ok(value) => Some(value),
        Err(_) if peer_panicked => None,
        Err(payload) => panic::resume_unwind(payload),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasmi_sources_are_the_peers() {
        let registry = "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f";
        for file in [
            "wasmi-2.0.0/src/engine/translator/func/stack/operands.rs",
            "wasmi_ir-2.0.0/src/lib.rs",
            "wasmi_core-2.0.0/src/simd.rs",
        ] {
            assert_eq!(origin_of(&format!("{registry}/{file}")), Origin::Peer, "{file}");
        }
        assert_eq!(
            origin_of(r"C:\cargo\registry\src\x\wasmi_collections-2.1.3\src\map.rs"),
            Origin::Peer
        );
    }

    #[test]
    fn interp_the_oracle_and_std_are_ours() {
        for file in [
            "/work/main/interp/src/exec/handlers/simd.rs",
            "interp/src/translate/mod.rs",
            "fuzz/src/diff_wasmi.rs",
            "/rustc/abc/library/core/src/slice/index.rs",
            // A folder that only starts like a peer crate, or a crate named after it.
            "/work/wasmi-notes/src/lib.rs",
            "/registry/wasmi_extra-1.0.0/src/lib.rs",
        ] {
            assert_eq!(origin_of(file), Origin::Ours, "{file}");
        }
    }

    #[test]
    fn a_panic_of_ours_inside_a_peer_run_is_passed_on() {
        let caught = panic::catch_unwind(|| run_peer(|| panic!("a bug of ours")));
        assert!(caught.is_err(), "a panic outside the peer's source was swallowed");
        assert_eq!(run_peer(|| 7), Some(7));
    }
}
