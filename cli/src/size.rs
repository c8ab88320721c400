//! Sizes on the command line: a count of bytes, optionally with a binary-unit suffix.

/// The suffixes accepted after the number, with the bytes each stands for.
const UNITS: [(&str, u64); 3] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30)];

/// Parses `4096`, `64KiB`, `16MiB` or `1GiB` (spaces between number and unit allowed) into
/// bytes. The error is a sentence saying what form is expected.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let (digits, multiplier) = UNITS
        .iter()
        .find_map(|&(unit, bytes)| {
            trimmed
                .strip_suffix(unit)
                .map(|number| (number.trim_end(), bytes))
        })
        .unwrap_or((trimmed, 1));
    let bad_form = || {
        format!(
            "`{text}` is not a size: give a whole number of bytes, optionally followed by KiB, MiB or GiB (e.g. 65536 or 64KiB)"
        )
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_form());
    }
    let too_large = || format!("the size `{text}` is too large: it must fit in 64 bits");
    let number: u64 = digits.parse().map_err(|_| too_large())?;
    number.checked_mul(multiplier).ok_or_else(too_large)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn plain_bytes_and_each_unit() {
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("64KiB"), Ok(65_536));
        assert_eq!(parse_size("64 KiB"), Ok(65_536));
        assert_eq!(parse_size("3MiB"), Ok(3 * 1024 * 1024));
        assert_eq!(parse_size("2GiB"), Ok(2 * 1024 * 1024 * 1024));
        assert_eq!(parse_size("18446744073709551615"), Ok(u64::MAX));
    }

    #[test]
    fn malformed_sizes_are_refused_with_the_expected_form() {
        for bad in [
            "", "KiB", "12XB", "-4", "+4", "1.5MiB", "64kb", "0x10", "4 096",
        ] {
            let message = parse_size(bad).expect_err(bad);
            assert!(message.contains("KiB, MiB or GiB"), "{bad}: {message}");
        }
    }

    #[test]
    fn sizes_beyond_64_bits_are_refused() {
        for big in ["18446744073709551616", "17179869184GiB"] {
            let message = parse_size(big).expect_err(big);
            assert!(message.contains("too large"), "{big}: {message}");
        }
    }
}
