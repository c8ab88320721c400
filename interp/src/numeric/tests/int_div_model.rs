//! Integer division against an i128 model: truncating division, remainder with the sign of
//! the dividend, traps exactly where the mathematical result does not exist or fit.

use crate::numeric::*;
use crate::trap::TrapCode;
use proptest::prelude::*;

/// The wasm answer for dividing `a` by `b` in an integer type whose largest value is `max`.
fn div_model(a: i128, b: i128, max: i128) -> Result<i128, TrapCode> {
    if b == 0 {
        return Err(TrapCode::IntegerDivideByZero);
    }
    let quotient = a / b;
    if quotient > max {
        return Err(TrapCode::IntegerOverflow);
    }
    Ok(quotient)
}

/// The wasm answer for a remainder (never overflows; i128 cannot overflow here).
fn rem_model(a: i128, b: i128) -> Result<i128, TrapCode> {
    if b == 0 {
        return Err(TrapCode::IntegerDivideByZero);
    }
    Ok(a % b)
}

/// Mostly arbitrary values, with the edge cases (0, ±1, MIN, MAX) drawn often.
fn edgy_i32() -> impl Strategy<Value = i32> {
    prop_oneof![
        any::<i32>(),
        Just(0),
        Just(1),
        Just(-1),
        Just(i32::MIN),
        Just(i32::MAX)
    ]
}

/// i64 version of `edgy_i32`.
fn edgy_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        Just(0),
        Just(1),
        Just(-1),
        Just(i64::MIN),
        Just(i64::MAX)
    ]
}

proptest! {
    #[test]
    fn i32_division_matches_model(a in edgy_i32(), b in edgy_i32()) {
        let (wa, wb) = (i128::from(a), i128::from(b));
        prop_assert_eq!(i32_div_s(a, b).map(i128::from), div_model(wa, wb, i32::MAX.into()));
        prop_assert_eq!(i32_rem_s(a, b).map(i128::from), rem_model(wa, wb));
        let (ua, ub) = (i128::from(a as u32), i128::from(b as u32));
        prop_assert_eq!(i32_div_u(a as u32, b as u32).map(i128::from), div_model(ua, ub, u32::MAX.into()));
        prop_assert_eq!(i32_rem_u(a as u32, b as u32).map(i128::from), rem_model(ua, ub));
    }

    #[test]
    fn i64_division_matches_model(a in edgy_i64(), b in edgy_i64()) {
        let (wa, wb) = (i128::from(a), i128::from(b));
        prop_assert_eq!(i64_div_s(a, b).map(i128::from), div_model(wa, wb, i64::MAX.into()));
        prop_assert_eq!(i64_rem_s(a, b).map(i128::from), rem_model(wa, wb));
        let (ua, ub) = (i128::from(a as u64), i128::from(b as u64));
        prop_assert_eq!(i64_div_u(a as u64, b as u64).map(i128::from), div_model(ua, ub, u64::MAX.into()));
        prop_assert_eq!(i64_rem_u(a as u64, b as u64).map(i128::from), rem_model(ua, ub));
    }
}
