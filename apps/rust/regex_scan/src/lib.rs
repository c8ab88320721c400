//! Counts the matches of a few byte-oriented regexes (the `regex` crate without Unicode
//! tables) over generated log lines.

use bench_entry::{FOLD_START, SplitMix64, fold};
use regex::bytes::Regex;
use std::fmt::Write;

bench_entry::export_run!(run);

/// The patterns: a date, an IPv4 address, a key=value pair, words ending in "ing" and an
/// e-mail address; ASCII-only (`(?-u)`), as log scanners are.
const PATTERNS: [&str; 5] = [
    r"(?-u)\b\d{4}-\d{2}-\d{2}\b",
    r"(?-u)\b(?:\d{1,3}\.){3}\d{1,3}\b",
    r"(?-u)\b([a-z_]+)=(\d+)\b",
    r"(?-u)\b[a-z]+ing\b",
    r"(?-u)[a-z0-9._]+@[a-z0-9]+\.(?:com|org|net)",
];

const WORDS: [&str; 12] = [
    "starting", "request", "from", "user", "failed", "loading", "module", "ok", "retrying",
    "timeout", "cache", "heap",
];

/// `lines` generated log lines.
fn log(lines: u32) -> String {
    let mut random = SplitMix64::new(23);
    let mut text = String::new();
    for _ in 0..lines {
        // Writing to a String cannot fail.
        let _ = write!(
            text,
            "2026-{:02}-{:02} 10.0.{}.{} ",
            1 + random.below(12),
            1 + random.below(28),
            random.below(256),
            random.below(256)
        );
        for _ in 0..1 + random.below(8) {
            let _ = match random.below(6) {
                0 => write!(text, "latency_ms={} ", random.below(5000)),
                1 => write!(
                    text,
                    "user{}@example.{} ",
                    random.below(100),
                    ["com", "org", "io"][random.below(3) as usize]
                ),
                _ => write!(
                    text,
                    "{} ",
                    WORDS[random.below(WORDS.len() as u64) as usize]
                ),
            };
        }
        text.push('\n');
    }
    text
}

/// Scans 400 log lines `n` times with every pattern; returns a checksum of the match counts
/// and of the captured numbers of the last scan.
pub fn run(n: u32) -> u64 {
    let text = log(400).into_bytes();
    let Ok(regexes) = PATTERNS
        .iter()
        .map(|p| Regex::new(p))
        .collect::<Result<Vec<_>, _>>()
    else {
        return 0;
    };
    let mut hash = FOLD_START;
    for _ in 0..n {
        hash = FOLD_START;
        for regex in &regexes {
            hash = fold(hash, regex.find_iter(&text).count() as u64);
        }
        let sum: u64 = regexes[2]
            .captures_iter(&text)
            .filter_map(|c| std::str::from_utf8(&c[2]).ok()?.parse::<u64>().ok())
            .sum();
        hash = fold(hash, sum);
    }
    hash
}
