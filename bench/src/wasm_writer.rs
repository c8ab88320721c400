//! Just enough of the wasm binary format to write the generated start-up module: LEB128
//! numbers, vectors and sections. (The bench has no wasm encoder dependency; the format
//! pieces needed are few and small.)

/// Appends `value` as an unsigned LEB128 number.
pub fn write_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// Appends `value` as a signed LEB128 number (as `i32.const` and `i64.const` take it).
pub fn write_i64(out: &mut Vec<u8>, mut value: i64) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        // Done once the rest is all sign bits and the sign bit of `low` agrees with them.
        let done = (value == 0 && low & 0x40 == 0) || (value == -1 && low & 0x40 != 0);
        if done {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// Appends a length (vector count or byte size) as unsigned LEB128.
///
/// Every length written here comes from the generator's own sizes, all far below 4 GiB, so
/// one too large is a bug in the generator, not an input error.
pub fn write_len(out: &mut Vec<u8>, len: usize) {
    let len = u32::try_from(len).expect("the generated module stays far below 4 GiB");
    write_u32(out, len);
}

/// Appends a section: its id, its byte size, then `content`.
pub fn write_section(out: &mut Vec<u8>, id: u8, content: &[u8]) {
    out.push(id);
    write_len(out, content.len());
    out.extend_from_slice(content);
}

/// The module header: magic number and version 1.
pub const HEADER: [u8; 8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

#[cfg(test)]
mod tests {
    use super::*;

    fn unsigned(value: u32) -> Vec<u8> {
        let mut out = Vec::new();
        write_u32(&mut out, value);
        out
    }

    fn signed(value: i64) -> Vec<u8> {
        let mut out = Vec::new();
        write_i64(&mut out, value);
        out
    }

    #[test]
    fn unsigned_leb128_matches_the_spec_examples() {
        assert_eq!(unsigned(0), [0x00]);
        assert_eq!(unsigned(127), [0x7f]);
        assert_eq!(unsigned(128), [0x80, 0x01]);
        assert_eq!(unsigned(624_485), [0xe5, 0x8e, 0x26]);
        assert_eq!(unsigned(u32::MAX), [0xff, 0xff, 0xff, 0xff, 0x0f]);
    }

    #[test]
    fn signed_leb128_matches_the_spec_examples() {
        assert_eq!(signed(0), [0x00]);
        assert_eq!(signed(-1), [0x7f]);
        assert_eq!(signed(63), [0x3f]);
        assert_eq!(signed(64), [0xc0, 0x00]);
        assert_eq!(signed(-64), [0x40]);
        assert_eq!(signed(-123_456), [0xc0, 0xbb, 0x78]);
        assert_eq!(signed(i64::MIN).len(), 10);
    }
}
