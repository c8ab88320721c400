//! One `--heap KIND:SIZE[:ro]` flag: which kind of chain member to create, how large, and
//! whether wasm code may only read it.

use std::fmt;
use std::str::FromStr;

use crate::size::parse_size;

/// The kind of a chain member asked for on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeapKind {
    /// `managed`: the runtime allocates the region and runs an allocator over it.
    Managed,
    /// `prealloc`: a zeroed buffer with no allocator, for data at agreed addresses.
    PreAllocated,
}

/// A parsed `--heap` value such as `managed:64KiB`, `prealloc:4096` or `prealloc:4KiB:ro`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeapSpec {
    /// Which kind of member.
    pub kind: HeapKind,
    /// Its size in bytes, as given (a managed heap rounds it up to 4096).
    pub size: u64,
    /// `:ro`: wasm stores, atomics and bulk writes into the member trap; loads work.
    pub read_only: bool,
}

impl FromStr for HeapSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (kind, rest) = text.split_once(':').ok_or_else(|| {
            format!("`{text}` is not KIND:SIZE: write managed:SIZE or prealloc:SIZE (e.g. managed:64KiB), with :ro after it for a read-only heap")
        })?;
        let (size, read_only) = match rest.split_once(':') {
            None => (rest, false),
            Some((size, "ro")) => (size, true),
            Some((_, other)) => {
                return Err(format!(
                    "`{other}` after the size of `{text}` is not a heap option: the only one is ro (read-only for wasm), as in prealloc:4KiB:ro"
                ));
            }
        };
        let kind = match kind.trim() {
            "managed" => HeapKind::Managed,
            "prealloc" => HeapKind::PreAllocated,
            other => {
                return Err(format!(
                    "`{other}` is not a heap kind: use managed or prealloc"
                ));
            }
        };
        Ok(HeapSpec {
            kind,
            size: parse_size(size)?,
            read_only,
        })
    }
}

impl fmt::Display for HeapSpec {
    /// Reads as a noun phrase for messages: "managed heap of 65536 bytes".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            HeapKind::Managed => "managed",
            HeapKind::PreAllocated => "pre-allocated",
        };
        let access = if self.read_only { "read-only " } else { "" };
        write!(f, "{access}{kind} heap of {} bytes", self.size)
    }
}

#[cfg(test)]
mod tests {
    use super::{HeapKind, HeapSpec};

    #[test]
    fn both_kinds_parse_with_sizes() {
        assert_eq!(
            "managed:64KiB".parse(),
            Ok(HeapSpec {
                kind: HeapKind::Managed,
                size: 65_536,
                read_only: false,
            })
        );
        assert_eq!(
            "prealloc:4096".parse(),
            Ok(HeapSpec {
                kind: HeapKind::PreAllocated,
                size: 4096,
                read_only: false,
            })
        );
    }

    #[test]
    fn ro_after_the_size_makes_a_read_only_heap() {
        let spec: HeapSpec = "prealloc:4KiB:ro".parse().expect("parses");
        assert_eq!(
            spec,
            HeapSpec {
                kind: HeapKind::PreAllocated,
                size: 4096,
                read_only: true,
            }
        );
        assert_eq!(
            spec.to_string(),
            "read-only pre-allocated heap of 4096 bytes"
        );
        let managed: HeapSpec = "managed:8KiB:ro".parse().expect("parses");
        assert!(managed.read_only);
        let bad = "prealloc:4KiB:rw".parse::<HeapSpec>().unwrap_err();
        assert!(
            bad.contains("`rw`") && bad.contains("only one is ro"),
            "{bad}"
        );
        let bad = "prealloc:4KiB:ro:ro".parse::<HeapSpec>().unwrap_err();
        assert!(bad.contains("`ro:ro`"), "{bad}");
    }

    #[test]
    fn malformed_specs_say_what_is_wrong() {
        let no_colon = "managed".parse::<HeapSpec>().unwrap_err();
        assert!(no_colon.contains("KIND:SIZE"), "{no_colon}");
        let bad_kind = "pool:4KiB".parse::<HeapSpec>().unwrap_err();
        assert!(bad_kind.contains("managed or prealloc"), "{bad_kind}");
        let bad_size = "managed:lots".parse::<HeapSpec>().unwrap_err();
        assert!(bad_size.contains("is not a size"), "{bad_size}");
    }
}
