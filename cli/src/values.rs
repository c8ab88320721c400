//! Command-line text to wasm values (the parameters of `--invoke`) and results back to text.

use interp::{Val, ValType};

/// Parses one argument as a value of type `ty`. The error says what form `ty` takes.
pub fn parse_value(text: &str, ty: ValType) -> Result<Val, String> {
    let parsed = match ty {
        ValType::I32 => parse_int(text, 32).map(|bits| Val::I32(bits as u32 as i32)),
        ValType::I64 => parse_int(text, 64).map(|bits| Val::I64(bits as i64)),
        ValType::F32 => parse_f32(text).map(Val::F32),
        ValType::F64 => parse_f64(text).map(Val::F64),
        ValType::V128 => parse_v128(text).map(Val::V128),
        ValType::FuncRef | ValType::ExternRef => {
            return Err(format!(
                "a {} cannot be given on the command line: call a function whose parameters are numbers",
                type_name(ty)
            ));
        }
    };
    parsed.ok_or_else(|| format!("`{text}` is not {}", expected_form(ty)))
}

/// How integer results print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum IntFormat {
    /// Signed decimal, as the spec's test scripts write them (`-4096`).
    #[default]
    Signed,
    /// Unsigned decimal: how an address reads (`4294963200`).
    Unsigned,
    /// Hexadecimal with every digit of the width (`0xfffff000`).
    Hex,
}

/// Formats a result: integers as `ints` says, floats so that they read back to the same
/// bits (shortest round-trip decimal; NaNs with their payload in the text format's
/// `nan:0x...` notation), references as `null` or their kind.
pub fn format_value_as(value: Val, ints: IntFormat) -> String {
    match (value, ints) {
        // The casts reinterpret the bits: wasm integers have no sign of their own.
        (Val::I32(v), IntFormat::Signed) => v.to_string(),
        (Val::I32(v), IntFormat::Unsigned) => (v as u32).to_string(),
        (Val::I32(v), IntFormat::Hex) => format!("{:#010x}", v as u32),
        (Val::I64(v), IntFormat::Signed) => v.to_string(),
        (Val::I64(v), IntFormat::Unsigned) => (v as u64).to_string(),
        (Val::I64(v), IntFormat::Hex) => format!("{:#018x}", v as u64),
        (value, _) => format_other(value),
    }
}

/// Floats and references, whatever the integer format.
fn format_other(value: Val) -> String {
    match value {
        Val::I32(v) => v.to_string(),
        Val::I64(v) => v.to_string(),
        // Debug is Rust's shortest form that parses back to the same value, e.g. `0.1`,
        // `1e300`, `-0.0`, `inf`; NaNs need their payload spelled out.
        Val::F32(bits) => match f32::from_bits(bits) {
            v if v.is_nan() => format_nan(
                bits >> 31 == 1,
                u64::from(bits & F32_PAYLOAD),
                u64::from(F32_CANONICAL),
            ),
            v => format!("{v:?}"),
        },
        Val::F64(bits) => match f64::from_bits(bits) {
            v if v.is_nan() => format_nan(bits >> 63 == 1, bits & F64_PAYLOAD, F64_CANONICAL),
            v => format!("{v:?}"),
        },
        Val::V128(bits) => format!("{bits:#034x}"),
        Val::FuncRef(None) | Val::ExternRef(None) => "null".to_owned(),
        Val::FuncRef(Some(_)) => "funcref".to_owned(),
        Val::ExternRef(Some(_)) => "externref".to_owned(),
    }
}

/// The name of a value type as the text format writes it.
pub fn type_name(ty: ValType) -> &'static str {
    match ty {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::FuncRef => "funcref",
        ValType::ExternRef => "externref",
        ValType::V128 => "v128",
    }
}

/// What an argument of type `ty` must look like, for error messages.
fn expected_form(ty: ValType) -> String {
    match ty {
        ValType::I32 | ValType::I64 => format!(
            "an {}: give a signed or unsigned decimal or 0x hex integer that fits {} bits",
            type_name(ty),
            if ty == ValType::I32 { 32 } else { 64 }
        ),
        ValType::V128 => "a v128: give 0x and up to 32 hex digits (lane 0 in the lowest bits), \
            or a shape and its lanes, e.g. i32x4:1,2,3,4 (shapes i8x16, i16x8, i32x4, i64x2, \
            f32x4, f64x2)"
            .to_owned(),
        _ => format!(
            "an {}: give a decimal number, inf, nan or nan:0x<payload>",
            type_name(ty)
        ),
    }
}

const F32_PAYLOAD: u32 = (1 << 23) - 1;
const F32_CANONICAL: u32 = 1 << 22;
const F64_PAYLOAD: u64 = (1 << 52) - 1;
const F64_CANONICAL: u64 = 1 << 51;

/// Reads an integer of `width` bits: decimal or `0x` hex, optionally signed. Negative values
/// must fit the signed range, others the unsigned range. Returns the two's-complement bits.
fn parse_int(text: &str, width: u32) -> Option<u64> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = match unsigned
        .strip_prefix("0x")
        .or_else(|| unsigned.strip_prefix("0X"))
    {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u128::from_str_radix(hex, 16).ok()?
        }
        Some(_) => return None,
        None if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) => {
            unsigned.parse::<u128>().ok()?
        }
        None => return None,
    };
    let (signed_limit, unsigned_max) = (1u128 << (width - 1), (1u128 << width) - 1);
    let bits = if negative {
        if magnitude > signed_limit {
            return None;
        }
        (1u128 << width).wrapping_sub(magnitude) & unsigned_max
    } else {
        if magnitude > unsigned_max {
            return None;
        }
        magnitude
    };
    u64::try_from(bits).ok()
}

/// Reads a v128: `0x` and up to 32 hex digits (the 128-bit value, lane 0 in its lowest
/// bits), or `shape:lane,lane,...` with every lane of the shape, each in the form its lane
/// type takes as a scalar argument.
fn parse_v128(text: &str) -> Option<u128> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        if hex.is_empty() || hex.len() > 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        return u128::from_str_radix(hex, 16).ok();
    }
    let (shape, lanes) = text.split_once(':')?;
    let (count, width): (usize, u32) = match shape {
        "i8x16" => (16, 8),
        "i16x8" => (8, 16),
        "i32x4" | "f32x4" => (4, 32),
        "i64x2" | "f64x2" => (2, 64),
        _ => return None,
    };
    let lanes: Vec<&str> = lanes.split(',').collect();
    if lanes.len() != count {
        return None;
    }
    let mut bits = 0u128;
    for (i, lane) in lanes.iter().enumerate() {
        let value = match shape {
            "f32x4" => u64::from(parse_f32(lane)?),
            "f64x2" => parse_f64(lane)?,
            _ => parse_int(lane, width)?,
        };
        bits |= u128::from(value) << (i as u32 * width);
    }
    Some(bits)
}

/// Splits an optional sign off `nan:0x<payload>`, returning (negative, payload).
fn nan_payload(text: &str) -> Option<(bool, u64)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let hex = rest.strip_prefix("nan:0x")?;
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((negative, u64::from_str_radix(hex, 16).ok()?))
}

/// Reads an f32 directly (never through f64, which would round twice). Returns its bits.
fn parse_f32(text: &str) -> Option<u32> {
    if let Some((negative, payload)) = nan_payload(text) {
        let payload = u32::try_from(payload).ok()?;
        if payload == 0 || payload > F32_PAYLOAD {
            return None;
        }
        return Some((u32::from(negative) << 31) | 0x7F80_0000 | payload);
    }
    let value: f32 = decimal_text(text)?.parse().ok()?;
    // Rust parses every NaN spelling to one NaN; give `-nan` its sign bit.
    Some(if value.is_nan() {
        (u32::from(text.starts_with('-')) << 31) | 0x7F80_0000 | F32_CANONICAL
    } else {
        value.to_bits()
    })
}

/// Reads an f64. Returns its bits.
fn parse_f64(text: &str) -> Option<u64> {
    if let Some((negative, payload)) = nan_payload(text) {
        if payload == 0 || payload > F64_PAYLOAD {
            return None;
        }
        return Some((u64::from(negative) << 63) | 0x7FF0_0000_0000_0000 | payload);
    }
    let value: f64 = decimal_text(text)?.parse().ok()?;
    Some(if value.is_nan() {
        (u64::from(text.starts_with('-')) << 63) | 0x7FF0_0000_0000_0000 | F64_CANONICAL
    } else {
        value.to_bits()
    })
}

/// Keeps the float spellings documented in `--help` (decimal, `inf`, `infinity`, `nan`,
/// with an optional sign) and refuses whatever else Rust's parser would happen to take.
fn decimal_text(text: &str) -> Option<&str> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let word = unsigned.to_ascii_lowercase();
    let named = matches!(word.as_str(), "inf" | "infinity" | "nan");
    let decimal = !unsigned.is_empty()
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    (named || decimal).then_some(text)
}

/// Formats a NaN as the text format does: `nan` for the canonical payload, else
/// `nan:0x<payload>`, either with `-` when the sign bit is set.
fn format_nan(negative: bool, payload: u64, canonical: u64) -> String {
    let sign = if negative { "-" } else { "" };
    if payload == canonical {
        format!("{sign}nan")
    } else {
        format!("{sign}nan:{payload:#x}")
    }
}

#[cfg(test)]
mod tests {
    use super::{IntFormat, format_value_as, parse_value};

    /// A result in the default form.
    fn signed(value: Val) -> String {
        format_value_as(value, IntFormat::Signed)
    }
    use interp::{Val, ValType};

    fn int32(text: &str) -> Option<i32> {
        match parse_value(text, ValType::I32) {
            Ok(Val::I32(v)) => Some(v),
            _ => None,
        }
    }

    fn int64(text: &str) -> Option<i64> {
        match parse_value(text, ValType::I64) {
            Ok(Val::I64(v)) => Some(v),
            _ => None,
        }
    }

    #[test]
    fn integers_take_signed_unsigned_and_hex_within_their_width() {
        assert_eq!(int32("42"), Some(42));
        assert_eq!(int32("-1"), Some(-1));
        assert_eq!(int32("+7"), Some(7));
        assert_eq!(int32("4294967295"), Some(-1));
        assert_eq!(int32("0xffffffff"), Some(-1));
        assert_eq!(int32("0X10"), Some(16));
        assert_eq!(int32("-2147483648"), Some(i32::MIN));
        assert_eq!(int32("-0x80000000"), Some(i32::MIN));
        assert_eq!(int64("18446744073709551615"), Some(-1));
        assert_eq!(int64("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(int64("0x8000000000000000"), Some(i64::MIN));
    }

    #[test]
    fn integers_outside_their_width_or_malformed_are_refused() {
        for bad in [
            "4294967296",
            "-2147483649",
            "0x100000000",
            "",
            "-",
            "0x",
            "1.0",
            "12a",
            "--1",
            " 1",
        ] {
            assert_eq!(int32(bad), None, "{bad:?}");
        }
        assert_eq!(int64("18446744073709551616"), None);
        assert_eq!(int64("-9223372036854775809"), None);
        let message = parse_value("x", ValType::I64).unwrap_err();
        assert!(message.contains("64 bits"), "{message}");
    }

    #[test]
    fn floats_round_trip_through_text() {
        for text in [
            "0.1",
            "-0.0",
            "1e300",
            "inf",
            "-inf",
            "3.4028235e38",
            "1e-45",
            "nan",
            "-nan",
            "nan:0x1",
        ] {
            let value = parse_value(text, ValType::F32).unwrap_or_else(|e| panic!("{text}: {e}"));
            let printed = signed(value);
            let again = parse_value(&printed, ValType::F32).expect(&printed);
            match (value, again) {
                (Val::F32(a), Val::F32(b)) => assert_eq!(a, b, "{text} -> {printed}"),
                other => panic!("{other:?}"),
            }
        }
        for text in [
            "0.1",
            "2.5",
            "-1e-300",
            "1.7976931348623157e308",
            "nan:0x8000000000000",
        ] {
            let value = parse_value(text, ValType::F64).expect(text);
            let printed = signed(value);
            match (value, parse_value(&printed, ValType::F64)) {
                (Val::F64(a), Ok(Val::F64(b))) => assert_eq!(a, b, "{text} -> {printed}"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn floats_print_in_known_forms() {
        assert_eq!(signed(Val::F32(0.1f32.to_bits())), "0.1");
        assert_eq!(signed(Val::I32(-4096)), "-4096");
        assert_eq!(
            format_value_as(Val::I32(-4096), IntFormat::Unsigned),
            "4294963200"
        );
        assert_eq!(
            format_value_as(Val::I32(-4096), IntFormat::Hex),
            "0xfffff000"
        );
        assert_eq!(
            format_value_as(Val::I64(-1), IntFormat::Unsigned),
            "18446744073709551615"
        );
        assert_eq!(
            format_value_as(Val::I64(255), IntFormat::Hex),
            "0x00000000000000ff"
        );
        assert_eq!(
            format_value_as(Val::F64(2.5f64.to_bits()), IntFormat::Hex),
            "2.5"
        );
        assert_eq!(signed(Val::F64(2.5f64.to_bits())), "2.5");
        assert_eq!(signed(Val::F64(1.0f64.to_bits())), "1.0");
        assert_eq!(signed(Val::F32(0x7FC0_0000)), "nan");
        assert_eq!(signed(Val::F32(0xFFC0_0000)), "-nan");
        assert_eq!(signed(Val::F32(0x7F80_0001)), "nan:0x1");
        assert_eq!(signed(Val::I32(-5)), "-5");
        assert_eq!(signed(Val::I64(i64::MIN)), "-9223372036854775808");
    }

    #[test]
    fn v128_takes_hex_or_lanes_and_prints_hex() {
        let lanes = parse_value("i32x4:1,2,-1,0x10", ValType::V128).unwrap();
        let hex = parse_value("0x000000100000ffffffff0000000200000001", ValType::V128);
        assert!(hex.is_err(), "more than 32 digits");
        let expected = 0x0000_0010_ffff_ffff_0000_0002_0000_0001u128;
        match lanes {
            Val::V128(bits) => assert_eq!(bits, expected),
            other => panic!("{other:?}"),
        }
        let printed = signed(Val::V128(expected));
        assert_eq!(printed, "0x00000010ffffffff0000000200000001");
        match parse_value(&printed, ValType::V128) {
            Ok(Val::V128(bits)) => assert_eq!(bits, expected),
            other => panic!("{other:?}"),
        }
        match parse_value("f32x4:1.0,-0.0,nan,inf", ValType::V128) {
            Ok(Val::V128(bits)) => {
                assert_eq!(bits as u32, 1.0f32.to_bits());
                assert_eq!((bits >> 32) as u32, 0x8000_0000);
                assert_eq!((bits >> 96) as u32, f32::INFINITY.to_bits());
            }
            other => panic!("{other:?}"),
        }
        for bad in [
            "i32x4:1,2,3",
            "i8x16:256,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0",
            "v:1",
            "0x",
        ] {
            assert!(parse_value(bad, ValType::V128).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn floats_refuse_other_spellings() {
        for bad in ["", "abc", "0x1p3", "nan:0x0", "nan:0x800000", "1,5"] {
            assert!(parse_value(bad, ValType::F32).is_err(), "{bad:?}");
        }
        assert!(parse_value("1", ValType::FuncRef).is_err());
    }
}
