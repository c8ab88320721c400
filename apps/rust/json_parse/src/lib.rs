//! Parses a generated JSON document (the `serde_json` crate, into `Value`) and walks it.

use bench_entry::{FOLD_START, SplitMix64, fold, fold_bytes};
use serde_json::Value;
use std::fmt::Write;

bench_entry::export_run!(run);

/// A document of `records` objects with strings, numbers, booleans, nulls and nested arrays.
fn document(records: u32) -> String {
    let mut random = SplitMix64::new(19);
    let mut json = String::from("{\"records\":[");
    for i in 0..records {
        if i > 0 {
            json.push(',');
        }
        let tags: Vec<String> = (0..random.below(5))
            .map(|t| format!("\"tag-{}-{t}\"", random.below(100)))
            .collect();
        // Writing to a String cannot fail.
        let _ = write!(
            json,
            "{{\"id\":{i},\"name\":\"user \\\"{}\\\" \\u00e9\",\"score\":{}.{:03},\"active\":{},\
             \"parent\":null,\"tags\":[{}],\"position\":{{\"x\":{},\"y\":-{}}}}}",
            random.below(1_000_000),
            random.below(10_000),
            random.below(1_000),
            random.below(2) == 0,
            tags.join(","),
            random.below(1 << 20),
            random.below(1 << 20),
        );
    }
    json.push_str("],\"version\":\"1.0\"}");
    json
}

/// Folds every scalar of `value` into `hash`, in document order.
fn walk(hash: u64, value: &Value) -> u64 {
    match value {
        Value::Null => fold(hash, 1),
        Value::Bool(b) => fold(hash, 2 + u64::from(*b)),
        Value::Number(number) => fold(hash, number.as_f64().map_or(0, f64::to_bits)),
        Value::String(text) => fold_bytes(hash, text.as_bytes()),
        Value::Array(items) => items.iter().fold(fold(hash, 4), walk),
        Value::Object(fields) => fields.iter().fold(fold(hash, 5), |hash, (key, value)| {
            walk(fold_bytes(hash, key.as_bytes()), value)
        }),
    }
}

/// Generates a document of 100 records and parses it `n` times; returns a checksum of the
/// last parse (0 if it failed).
pub fn run(n: u32) -> u64 {
    let json = document(100);
    let mut hash = 0;
    for _ in 0..n {
        hash = match serde_json::from_str::<Value>(&json) {
            Ok(value) => walk(FOLD_START, &value),
            Err(_) => return 0,
        };
    }
    hash
}
