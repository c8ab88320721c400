//! Renders generated Markdown to HTML (`pulldown-cmark`), finds words in the HTML with a
//! Unicode-aware regex (`regex` with all its features) and reports the figures as JSON
//! (`serde_json`). Besides being a benchmark program, it is the multi-megabyte real module of
//! the start-up figures: the three crates together, with regex's Unicode tables, make a large
//! module.

use bench_entry::{FOLD_START, SplitMix64, fold, fold_bytes};
use pulldown_cmark::{Options, Parser, html};
use regex::Regex;
use serde_json::json;
use std::fmt::Write;

bench_entry::export_run!(run);

const WORDS: [&str; 14] = [
    "shared",
    "heap",
    "Ünïcödé",
    "naïve",
    "straße",
    "módulo",
    "память",
    "ヒープ",
    "runtime",
    "engine",
    "pointer",
    "thread",
    "wasm",
    "δοκιμή",
];

/// A Markdown document of `sections` sections with headings, emphasis, links, lists, tables
/// and code blocks.
fn document(sections: u32) -> String {
    let mut random = SplitMix64::new(29);
    let word = |random: &mut SplitMix64| WORDS[random.below(WORDS.len() as u64) as usize];
    let mut doc = String::new();
    for s in 0..sections {
        // Writing to a String cannot fail.
        let _ = writeln!(
            doc,
            "## Section {s}: the {} {}\n",
            word(&mut random),
            word(&mut random)
        );
        for _ in 0..3 {
            for _ in 0..20 {
                let _ = match random.below(10) {
                    0 => write!(doc, "*{}* ", word(&mut random)),
                    1 => write!(doc, "**{}** ", word(&mut random)),
                    2 => write!(
                        doc,
                        "[{}](https://example.org/{}) ",
                        word(&mut random),
                        random.below(999)
                    ),
                    3 => write!(doc, "`{}()` ", word(&mut random)),
                    _ => write!(doc, "{} ", word(&mut random)),
                };
            }
            doc.push_str("\n\n");
        }
        for item in 0..4 {
            let _ = writeln!(
                doc,
                "- item {item}: {} > {}",
                word(&mut random),
                random.below(100)
            );
        }
        let _ = writeln!(doc, "\n| name | value |\n|------|------:|");
        for _ in 0..3 {
            let _ = writeln!(doc, "| {} | {} |", word(&mut random), random.below(10_000));
        }
        let _ = writeln!(
            doc,
            "\n```rust\nfn f(x: u32) -> u32 {{ x * {} }}\n```\n",
            random.below(50)
        );
    }
    doc
}

/// Renders a document of 6 sections `n` times; returns a checksum of the JSON report of the
/// last rendering (HTML length, counts of words, of capitalised words and of tags).
pub fn run(n: u32) -> u64 {
    let markdown = document(6);
    let (Ok(words), Ok(capitalised), Ok(tags)) = (
        Regex::new(r"\b\w+\b"),
        Regex::new(r"\b\p{Lu}\p{Ll}+\b"),
        Regex::new(r"<(/?)([a-z][a-z0-9]*)[^>]*>"),
    ) else {
        return 0;
    };
    let mut hash = FOLD_START;
    for _ in 0..n {
        let mut rendered = String::new();
        html::push_html(&mut rendered, Parser::new_ext(&markdown, Options::all()));
        let closing = tags
            .captures_iter(&rendered)
            .filter(|c| &c[1] == "/")
            .count();
        let report = json!({
            "html_bytes": rendered.len(),
            "words": words.find_iter(&rendered).count(),
            "capitalised": capitalised.find_iter(&rendered).count(),
            "tags": tags.find_iter(&rendered).count(),
            "closing_tags": closing,
        });
        hash = fold(
            fold_bytes(FOLD_START, report.to_string().as_bytes()),
            rendered.len() as u64,
        );
    }
    hash
}
