//! One `--heap KIND:SIZE` flag: which kind of chain member to create, and how large.

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

/// A parsed `--heap` value such as `managed:64KiB` or `prealloc:4096`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeapSpec {
    /// Which kind of member.
    pub kind: HeapKind,
    /// Its size in bytes, as given (a managed heap rounds it up to 4096).
    pub size: u64,
}

impl FromStr for HeapSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (kind, size) = text.split_once(':').ok_or_else(|| {
            format!("`{text}` is not KIND:SIZE: write managed:SIZE or prealloc:SIZE (e.g. managed:64KiB)")
        })?;
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
        write!(f, "{kind} heap of {} bytes", self.size)
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
                size: 65_536
            })
        );
        assert_eq!(
            "prealloc:4096".parse(),
            Ok(HeapSpec {
                kind: HeapKind::PreAllocated,
                size: 4096
            })
        );
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
