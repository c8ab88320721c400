//! Prints its arguments, environment, what the clocks say and random bytes. Values that
//! differ from run to run (times, random bytes) are printed only as facts about them, unless
//! the argument `exact` is given: then they are printed as they are, for a host that fixes
//! the clock and the random source (`ManualClock`, `SeededRandom`).

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[link(wasm_import_module = "wasi_snapshot_preview1")]
unsafe extern "C" {
    /// preview1's `random_get(buf, buf_len) -> errno`.
    #[link_name = "random_get"]
    fn wasi_random_get(buf: *mut u8, len: usize) -> i32;
}

/// Fills `buf` through `random_get`; returns the errno.
fn random_get(buf: &mut [u8]) -> i32 {
    // SAFETY: the pointer and length describe `buf`, which the call may write in full.
    unsafe { wasi_random_get(buf.as_mut_ptr(), buf.len()) }
}

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let exact = args.iter().any(|arg| arg == "exact");
    println!("argc {}", args.len());
    for (index, arg) in args.iter().enumerate().skip(1) {
        println!("arg {index}: {arg:?}");
    }
    let mut vars: Vec<(String, String)> = std::env::vars().collect();
    vars.sort();
    println!("{} variables", vars.len());
    for (name, value) in &vars {
        println!("env {name}={value:?}");
    }
    match std::env::var("GREETING") {
        Ok(value) => println!("GREETING is {value:?}"),
        Err(error) => println!("GREETING: {error}"),
    }

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    if exact {
        println!("system time {}.{:09}", now.as_secs(), now.subsec_nanos());
    } else {
        println!("system time after 2020: {}", now.as_secs() > 1_577_836_800);
    }
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(20));
    let slept = started.elapsed();
    println!(
        "slept at least 20 ms: {}",
        slept >= Duration::from_millis(20)
    );
    let later = Instant::now();
    println!("monotonic clock goes forward: {}", later >= started + slept);

    let mut first = [0u8; 32];
    let mut second = [0u8; 32];
    let errno = random_get(&mut first) | random_get(&mut second);
    println!("random_get errno {errno}");
    println!("two draws differ: {}", first != second);
    println!("empty draw errno {}", random_get(&mut []));
    if exact {
        println!("first draw {}", hex(&first));
    }
    // std's hash maps seed themselves from the same source.
    let map: std::collections::HashMap<u32, u32> = (0..100).map(|n| (n, n * n)).collect();
    println!("hash map sum {}", map.values().sum::<u32>());
}
