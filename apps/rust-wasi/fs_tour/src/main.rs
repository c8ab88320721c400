//! Walks through `std::fs` inside a preopened directory (the first argument, `/sandbox` by
//! default) and prints one line per step, so that a run can be compared line by line with
//! expected text or with another runtime. Everything it creates lives under `<dir>/tour` and
//! is removed again at the end; the escapes at the end must all fail.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};

/// Prints `what: ok` or `what: error <kind>` (the kind, not the message: messages differ
/// between libcs, kinds are what a program acts on).
fn report<T>(what: &str, result: io::Result<T>) -> Option<T> {
    match result {
        Ok(value) => {
            println!("{what}: ok");
            Some(value)
        }
        Err(error) => {
            println!("{what}: error {:?}", error.kind());
            None
        }
    }
}

/// The names in `dir` with `/` after directories, sorted (readdir's order is the host's).
fn listing(dir: &str) -> io::Result<String> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let mut name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            name.push('/');
        }
        names.push(name);
    }
    names.sort();
    Ok(names.join(" "))
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/sandbox".to_owned());
    let tour = format!("{root}/tour");
    let a = format!("{tour}/a.txt");
    let b = format!("{tour}/b.txt");

    report("create_dir tour", fs::create_dir(&tour));
    report("create_dir tour again", fs::create_dir(&tour));
    report("write a.txt", fs::write(&a, "hello from rust\n"));
    if let Some(text) = report("read a.txt", fs::read_to_string(&a)) {
        print!("  contents: {text}");
    }
    let appended = OpenOptions::new()
        .append(true)
        .open(&a)
        .and_then(|mut file| file.write_all(b"second line\n"));
    report("append a.txt", appended);
    if let Some(meta) = report("metadata a.txt", fs::metadata(&a)) {
        println!(
            "  len {} file {} dir {} read-only {} modified {}",
            meta.len(),
            meta.is_file(),
            meta.is_dir(),
            meta.permissions().readonly(),
            meta.modified().is_ok()
        );
    }
    if let Some(meta) = report("metadata tour", fs::metadata(&tour)) {
        println!("  file {} dir {}", meta.is_file(), meta.is_dir());
    }

    // Seek and read part of the file, then cut it short and read the rest.
    let seek_read = File::open(&a).and_then(|mut file| {
        file.seek(SeekFrom::Start(6))?;
        let mut word = [0u8; 4];
        file.read_exact(&mut word)?;
        let at = file.stream_position()?;
        Ok((String::from_utf8_lossy(&word).into_owned(), at))
    });
    if let Some((word, at)) = report("seek and read a.txt", seek_read) {
        println!("  read {word:?}, now at {at}");
    }
    let truncated = OpenOptions::new()
        .write(true)
        .open(&a)
        .and_then(|file| file.set_len(5));
    report("truncate a.txt to 5", truncated);
    if let Some(text) = report("read a.txt", fs::read_to_string(&a)) {
        println!("  contents: {text:?}");
    }

    report("rename a.txt to b.txt", fs::rename(&a, &b));
    report("read a.txt after rename", fs::read(&a));
    if let Some(text) = report("read b.txt", fs::read_to_string(&b)) {
        println!("  contents: {text:?}");
    }
    report(
        "create_dir_all nested/deeper",
        fs::create_dir_all(format!("{tour}/nested/deeper")),
    );
    report(
        "write nested/deeper/c.txt",
        fs::write(format!("{tour}/nested/deeper/c.txt"), [0u8, 1, 2, 255]),
    );
    if let Some(bytes) = report(
        "read nested/deeper/c.txt",
        fs::read(format!("{tour}/nested/deeper/c.txt")),
    ) {
        println!("  bytes {bytes:?}");
    }
    if let Some(names) = report("read_dir tour", listing(&tour)) {
        println!("  entries: {names}");
    }
    report(
        "remove_dir nested (not empty)",
        fs::remove_dir(format!("{tour}/nested")),
    );
    report("remove_file b.txt", fs::remove_file(&b));
    report("remove_file b.txt again", fs::remove_file(&b));
    report(
        "open missing.txt",
        File::open(format!("{tour}/missing.txt")),
    );
    report("remove_dir_all tour", fs::remove_dir_all(&tour));
    report("metadata tour after removal", fs::metadata(&tour));

    // None of these may reach outside the preopened directory.
    report(
        "escape through ..",
        fs::write(format!("{root}/../escaped-by-rust"), "x"),
    );
    report("escape absolute", fs::read("/etc/passwd"));
    if let Some(names) = report("read_dir root", listing(&root)) {
        println!("  entries: {names}");
    }
}
