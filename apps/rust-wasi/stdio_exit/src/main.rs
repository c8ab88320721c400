//! Copies stdin to stdout in upper case, reports on stderr how much it read, and ends as its
//! first argument says: `exit N` exits with status N, `panic` panics (a trap on wasm: the
//! target aborts on panic), anything else or nothing returns from `main` (status 0).

use std::io::{self, Read, Write};

fn main() {
    let mut input = Vec::new();
    if let Err(error) = io::stdin().read_to_end(&mut input) {
        eprintln!("cannot read stdin: {:?}", error.kind());
        std::process::exit(2);
    }
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(&input.to_ascii_uppercase())
        .and_then(|()| stdout.flush());
    drop(stdout);
    eprintln!(
        "read {} bytes, wrote them: {}",
        input.len(),
        written.is_ok()
    );
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["exit", code] => {
            let code: i32 = code.parse().unwrap_or(1);
            println!("exiting with {code}");
            std::process::exit(code);
        }
        ["panic", ..] => panic!("asked to panic"),
        _ => println!("returning from main"),
    }
}
