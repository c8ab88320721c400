//! Known answers for integer division from `i32.wast` and `i64.wast`.

use crate::numeric::*;
use crate::trap::TrapCode::{IntegerDivideByZero, IntegerOverflow};

#[test]
fn i32_div_s_spec_values() {
    assert_eq!(i32_div_s(1, 0), Err(IntegerDivideByZero));
    assert_eq!(i32_div_s(0, 0), Err(IntegerDivideByZero));
    assert_eq!(i32_div_s(i32::MIN, -1), Err(IntegerOverflow));
    assert_eq!(i32_div_s(i32::MIN, 0), Err(IntegerDivideByZero));
    assert_eq!(i32_div_s(i32::MIN, 2), Ok(0xc000_0000_u32 as i32));
    assert_eq!(
        i32_div_s(0x8000_0001_u32 as i32, 1000),
        Ok(0xffdf_3b65_u32 as i32)
    );
    assert_eq!(i32_div_s(-5, 2), Ok(-2));
    assert_eq!(i32_div_s(5, -2), Ok(-2));
    assert_eq!(i32_div_s(-7, -3), Ok(2));
}

#[test]
fn i32_div_u_spec_values() {
    assert_eq!(i32_div_u(1, 0), Err(IntegerDivideByZero));
    assert_eq!(i32_div_u(0x8000_0000, u32::MAX), Ok(0));
    assert_eq!(i32_div_u(0x8ff0_0ff0, 0x10001), Ok(0x8fef));
    assert_eq!(i32_div_u(0x8000_0001, 1000), Ok(0x20_c49b));
    assert_eq!(i32_div_u(-5_i32 as u32, 2), Ok(0x7fff_fffd));
    assert_eq!(i32_div_u(5, -2_i32 as u32), Ok(0));
}

#[test]
fn i32_rem_s_spec_values() {
    assert_eq!(i32_rem_s(1, 0), Err(IntegerDivideByZero));
    assert_eq!(i32_rem_s(i32::MIN, -1), Ok(0));
    assert_eq!(i32_rem_s(i32::MAX, -1), Ok(0));
    assert_eq!(i32_rem_s(0x8000_0001_u32 as i32, 1000), Ok(-647));
    assert_eq!(i32_rem_s(-5, 2), Ok(-1));
    assert_eq!(i32_rem_s(5, -2), Ok(1));
    assert_eq!(i32_rem_s(-7, -3), Ok(-1));
}

#[test]
fn i32_rem_u_spec_values() {
    assert_eq!(i32_rem_u(1, 0), Err(IntegerDivideByZero));
    assert_eq!(i32_rem_u(0x8000_0000, u32::MAX), Ok(0x8000_0000));
    assert_eq!(i32_rem_u(0x8ff0_0ff0, 0x10001), Ok(0x8001));
    assert_eq!(i32_rem_u(0x8000_0001, 1000), Ok(649));
}

#[test]
fn i64_div_rem_spec_values() {
    let min = i64::MIN;
    assert_eq!(i64_div_s(min, -1), Err(IntegerOverflow));
    assert_eq!(i64_div_s(min, 0), Err(IntegerDivideByZero));
    assert_eq!(i64_div_s(min, 2), Ok(0xc000_0000_0000_0000_u64 as i64));
    assert_eq!(
        i64_div_s(0x8000_0000_0000_0001_u64 as i64, 1000),
        Ok(0xffdf_3b64_5a1c_ac09_u64 as i64)
    );
    assert_eq!(i64_div_u(1, 0), Err(IntegerDivideByZero));
    assert_eq!(i64_div_u(0x8000_0000_0000_0000, u64::MAX), Ok(0));
    assert_eq!(
        i64_div_u(0x8ff0_0ff0_0ff0_0ff0, 0x1_0000_0001),
        Ok(0x8ff0_0fef)
    );
    assert_eq!(
        i64_div_u(0x8000_0000_0000_0001, 1000),
        Ok(0x20_c49b_a5e3_53f7)
    );
    assert_eq!(i64_rem_s(1, 0), Err(IntegerDivideByZero));
    assert_eq!(i64_rem_s(min, -1), Ok(0));
    assert_eq!(i64_rem_s(0x8000_0000_0000_0001_u64 as i64, 1000), Ok(-807));
    assert_eq!(i64_rem_u(1, 0), Err(IntegerDivideByZero));
    assert_eq!(
        i64_rem_u(0x8000_0000_0000_0000, u64::MAX),
        Ok(0x8000_0000_0000_0000)
    );
    assert_eq!(
        i64_rem_u(0x8ff0_0ff0_0ff0_0ff0, 0x1_0000_0001),
        Ok(0x8000_0001)
    );
    assert_eq!(i64_rem_u(0x8000_0000_0000_0001, 1000), Ok(809));
}
