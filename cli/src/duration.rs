//! Durations on the command line: a number with a unit, as `--timeout 10s`.

use std::time::Duration;

/// The units accepted after the number, with the seconds each stands for; `ms` comes before
/// `s` and `m` so that `500ms` is not read as `500m` followed by an `s`.
const UNITS: [(&str, f64); 4] = [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)];

/// Parses `500ms`, `10s`, `1.5s`, `2m`, `1h` or a bare number of seconds (`30`) into a
/// duration. The error is a sentence saying what form is expected.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    let (number, seconds_per_unit) = UNITS
        .iter()
        .find_map(|&(unit, seconds)| {
            trimmed
                .strip_suffix(unit)
                .map(|number| (number.trim_end(), seconds))
        })
        .unwrap_or((trimmed, 1.0));
    let bad_form = || {
        format!(
            "`{text}` is not a duration: give a positive number followed by ms, s, m or h (e.g. 500ms, 10s or 2m)"
        )
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(bad_form());
    }
    let value: f64 = number.parse().map_err(|_| bad_form())?;
    Duration::try_from_secs_f64(value * seconds_per_unit)
        .ok()
        .filter(|duration| !duration.is_zero())
        .ok_or_else(bad_form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_and_a_bare_number() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
    }

    #[test]
    fn nonsense_zero_and_negative_are_refused_with_the_form() {
        for text in ["", "s", "ten seconds", "-1s", "0s", "1.2.3s", "5d"] {
            let error = parse_duration(text).unwrap_err();
            assert!(error.contains("500ms, 10s or 2m"), "{text}: {error}");
        }
    }
}
