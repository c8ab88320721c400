//! Converting script values to engine values, and checking engine results against the
//! script's expected results (NaN patterns, bit-exact floats, references).

use std::collections::HashMap;

use interp::{ExternRef, Store, Val};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// The `ref.extern N` values of one script: each `N` maps to one host reference, made on first
/// use, whose data is `N` itself so results can be compared by value.
#[derive(Default)]
pub struct ExternRefs {
    by_number: HashMap<u32, ExternRef>,
}

impl ExternRefs {
    /// The host reference standing for `ref.extern number`.
    pub fn get_or_create(&mut self, store: &mut Store<()>, number: u32) -> ExternRef {
        *self
            .by_number
            .entry(number)
            .or_insert_with(|| ExternRef::new(store, number))
    }
}

/// The engine value for an `invoke` argument.
pub fn arg_to_val(
    arg: &WastArg<'_>,
    store: &mut Store<()>,
    externs: &mut ExternRefs,
) -> Result<Val, String> {
    let WastArg::Core(core) = arg else {
        return Err("component-model arguments are not supported".to_string());
    };
    Ok(match core {
        WastArgCore::I32(value) => Val::I32(*value),
        WastArgCore::I64(value) => Val::I64(*value),
        WastArgCore::F32(value) => Val::F32(value.bits),
        WastArgCore::F64(value) => Val::F64(value.bits),
        WastArgCore::RefNull(heap) => match null_kind(heap) {
            Some(RefKind::Func) => Val::FuncRef(None),
            Some(RefKind::Extern) => Val::ExternRef(None),
            None => return Err(format!("unsupported null reference type {heap:?}")),
        },
        WastArgCore::RefExtern(number) => {
            Val::ExternRef(Some(externs.get_or_create(store, *number)))
        }
        WastArgCore::V128(value) => Val::V128(u128::from_le_bytes(value.to_le_bytes())),
        WastArgCore::RefHost(_) => {
            return Err(format!("unsupported argument {core:?}"));
        }
    })
}

/// Checks `actual` against the expected results of an `assert_return`; on mismatch, says
/// what was expected and what came back.
pub fn check_results(
    expected: &[WastRet<'_>],
    actual: &[Val],
    store: &Store<()>,
) -> Result<(), String> {
    let all_match = expected.len() == actual.len()
        && expected.iter().zip(actual).all(
            |(want, got)| matches!(want, WastRet::Core(core) if result_matches(core, got, store)),
        );
    if all_match {
        return Ok(());
    }
    let expected: Vec<String> = expected
        .iter()
        .map(|want| match want {
            WastRet::Core(core) => describe_expected(core),
            #[allow(unreachable_patterns)]
            _ => "<component value>".to_string(),
        })
        .collect();
    Err(format!(
        "expected [{}], got [{}]",
        expected.join(", "),
        describe_vals(actual, store)
    ))
}

/// Describes a list of engine values, for failure reports.
pub fn describe_vals(vals: &[Val], store: &Store<()>) -> String {
    let described: Vec<String> = vals.iter().map(|val| describe_val(val, store)).collect();
    described.join(", ")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RefKind {
    Func,
    Extern,
}

/// Which WebAssembly 2.0 null reference a `ref.null` heap type names (the GC bottom types
/// `nofunc`/`noextern` name the same nulls, a function type's index the function null).
fn null_kind(heap: &HeapType<'_>) -> Option<RefKind> {
    match heap {
        HeapType::Abstract { shared: false, ty } => match ty {
            AbstractHeapType::Func | AbstractHeapType::NoFunc => Some(RefKind::Func),
            AbstractHeapType::Extern | AbstractHeapType::NoExtern => Some(RefKind::Extern),
            _ => None,
        },
        // Without GC, a concrete heap type is a function type (typed function references).
        HeapType::Concrete(_) => Some(RefKind::Func),
        _ => None,
    }
}

fn result_matches(expected: &WastRetCore<'_>, actual: &Val, store: &Store<()>) -> bool {
    match (expected, actual) {
        (WastRetCore::I32(want), Val::I32(got)) => want == got,
        (WastRetCore::I64(want), Val::I64(got)) => want == got,
        (WastRetCore::F32(pattern), Val::F32(bits)) => f32_matches(pattern, *bits),
        (WastRetCore::F64(pattern), Val::F64(bits)) => f64_matches(pattern, *bits),
        (WastRetCore::V128(pattern), Val::V128(bits)) => v128_matches(pattern, *bits),
        (WastRetCore::RefNull(None), Val::FuncRef(None) | Val::ExternRef(None)) => true,
        (WastRetCore::RefNull(Some(heap)), Val::FuncRef(None)) => {
            null_kind(heap) == Some(RefKind::Func)
        }
        (WastRetCore::RefNull(Some(heap)), Val::ExternRef(None)) => {
            null_kind(heap) == Some(RefKind::Extern)
        }
        (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
        (WastRetCore::RefExtern(Some(want)), Val::ExternRef(Some(got))) => {
            got.data(store).downcast_ref::<u32>() == Some(want)
        }
        (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
        (WastRetCore::Either(choices), _) => choices
            .iter()
            .any(|choice| result_matches(choice, actual, store)),
        _ => false,
    }
}

fn f32_matches(pattern: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match pattern {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(want) => want.bits == bits,
    }
}

fn f64_matches(pattern: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match pattern {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(want) => want.bits == bits,
    }
}

/// Lane `i` of `bits` seen as lanes of `width` bytes.
fn lane(bits: u128, width: u32, i: usize) -> u64 {
    let shift = width * 8 * i as u32;
    let mask = if width == 8 {
        u64::MAX
    } else {
        (1u64 << (width * 8)) - 1
    };
    (bits >> shift) as u64 & mask
}

/// Integer lanes compare bit for bit, float lanes by their own NaN pattern.
fn v128_matches(pattern: &V128Pattern, bits: u128) -> bool {
    match pattern {
        V128Pattern::I8x16(want) => want
            .iter()
            .enumerate()
            .all(|(i, &w)| lane(bits, 1, i) == u64::from(w as u8)),
        V128Pattern::I16x8(want) => want
            .iter()
            .enumerate()
            .all(|(i, &w)| lane(bits, 2, i) == u64::from(w as u16)),
        V128Pattern::I32x4(want) => want
            .iter()
            .enumerate()
            .all(|(i, &w)| lane(bits, 4, i) == u64::from(w as u32)),
        V128Pattern::I64x2(want) => want
            .iter()
            .enumerate()
            .all(|(i, &w)| lane(bits, 8, i) == w as u64),
        V128Pattern::F32x4(want) => want
            .iter()
            .enumerate()
            .all(|(i, w)| f32_matches(w, lane(bits, 4, i) as u32)),
        V128Pattern::F64x2(want) => want
            .iter()
            .enumerate()
            .all(|(i, w)| f64_matches(w, lane(bits, 8, i))),
    }
}

fn describe_expected(expected: &WastRetCore<'_>) -> String {
    match expected {
        WastRetCore::I32(value) => format!("i32:{value}"),
        WastRetCore::I64(value) => format!("i64:{value}"),
        WastRetCore::F32(NanPattern::Value(value)) => describe_f32(value.bits),
        WastRetCore::F64(NanPattern::Value(value)) => describe_f64(value.bits),
        WastRetCore::F32(NanPattern::CanonicalNan) => "f32:nan:canonical".to_string(),
        WastRetCore::F32(NanPattern::ArithmeticNan) => "f32:nan:arithmetic".to_string(),
        WastRetCore::F64(NanPattern::CanonicalNan) => "f64:nan:canonical".to_string(),
        WastRetCore::F64(NanPattern::ArithmeticNan) => "f64:nan:arithmetic".to_string(),
        WastRetCore::RefNull(None) => "ref.null".to_string(),
        WastRetCore::RefNull(Some(heap)) => match null_kind(heap) {
            Some(RefKind::Func) => "ref.null func".to_string(),
            Some(RefKind::Extern) => "ref.null extern".to_string(),
            None => format!("ref.null {heap:?}"),
        },
        WastRetCore::RefExtern(None) => "ref.extern".to_string(),
        WastRetCore::RefExtern(Some(number)) => format!("ref.extern {number}"),
        WastRetCore::RefFunc(_) => "ref.func".to_string(),
        WastRetCore::Either(choices) => {
            let choices: Vec<String> = choices.iter().map(describe_expected).collect();
            format!("(either {})", choices.join(" "))
        }
        other => format!("{other:?}"),
    }
}

fn describe_val(val: &Val, store: &Store<()>) -> String {
    match val {
        Val::I32(value) => format!("i32:{value}"),
        Val::I64(value) => format!("i64:{value}"),
        Val::F32(bits) => describe_f32(*bits),
        Val::F64(bits) => describe_f64(*bits),
        Val::V128(bits) => format!("v128:0x{bits:032x}"),
        Val::FuncRef(None) => "ref.null func".to_string(),
        Val::FuncRef(Some(_)) => "ref.func".to_string(),
        Val::ExternRef(None) => "ref.null extern".to_string(),
        Val::ExternRef(Some(host)) => match host.data(store).downcast_ref::<u32>() {
            Some(number) => format!("ref.extern {number}"),
            None => "ref.extern <a host value that is not a script number>".to_string(),
        },
    }
}

fn describe_f32(bits: u32) -> String {
    format!("f32:{} (0x{bits:08x})", f32::from_bits(bits))
}

fn describe_f64(bits: u64) -> String {
    format!("f64:{} (0x{bits:016x})", f64::from_bits(bits))
}
