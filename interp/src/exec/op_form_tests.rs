//! One property test per row of the operation table (`crate::op_table`): every form of the
//! operation (slot operands, accumulator operand, immediate, compare-and-branch, wrapped
//! address, constant store) computes what the row's function computes, on random operands.
//!
//! Each case runs a hand-made function body: slots 0 and 1 hold the two arguments, the
//! result is read back from slot 0. An accumulator form is preceded by a `Copy` that leaves
//! its operand in the accumulator.

use std::sync::Arc;

use core::cell::RefCell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseResult, TestRunner};

use crate::instr::{CompiledFunc, Instr, Slot};
use crate::numeric::ops;
use crate::slot_bits::{ImmValue, Outcome, SlotValue};
use crate::store::FuncKind;
use crate::{Engine, Func, Linker, Memory, Module, Store, TrapCode, Val};

/// A module whose function `f` has two i64 parameters, one i64 result, and a memory.
const SHELL: &str = r#"(module (memory (export "mem") 1)
    (func (export "f") (param i64 i64) (result i64) unreachable))"#;

/// A store with the shell instantiated: its function, and its memory.
struct Shell {
    store: Store<()>,
    f: Func,
    mem: Memory,
}

impl Shell {
    fn new() -> Shell {
        // Eager, so the shell's function is translated code that `run` can replace.
        let mut config = crate::Config::new();
        config.compilation_mode(crate::CompilationMode::Eager);
        let engine = Engine::new(&config);
        let module = Module::from_wat(&engine, SHELL).expect("the shell module is valid");
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .expect("the shell instantiates");
        let f = instance.get_func(&store, "f").expect("exports f");
        let mem = instance.get_memory(&store, "mem").expect("exports mem");
        Shell { store, f, mem }
    }

    /// Runs `code` (a `Return` is appended) as `f(a, b)`: the bits slot 0 ends with, or
    /// the trap.
    fn run(&mut self, code: &[Instr], a: u64, b: u64) -> Result<u64, TrapCode> {
        let mut body = code.to_vec();
        body.push(Instr::Return);
        let entity = &mut self.store.inner.funcs[self.f.index as usize];
        let FuncKind::Wasm { code, .. } = &mut entity.kind else {
            panic!("the shell's function is wasm");
        };
        *code = Arc::new(CompiledFunc::new(&body, 2, 2, 4));
        let mut out = [Val::I64(0)];
        match self.f.call(
            &mut self.store,
            &[Val::I64(a as i64), Val::I64(b as i64)],
            &mut out,
        ) {
            Ok(()) => match out[0] {
                Val::I64(v) => Ok(v as u64),
                other => panic!("f returned {other:?}"),
            },
            Err(e) => Err(e.trap_code().expect("only traps")),
        }
    }

    fn write(&mut self, at: usize, bytes: &[u8]) {
        self.mem
            .write(&mut self.store, at, bytes)
            .expect("in bounds");
    }

    /// The whole of the shell's memory (one page).
    fn read_all(&self) -> Vec<u8> {
        let mut buf = vec![0; 65536];
        self.mem.read(&self.store, 0, &mut buf).expect("in bounds");
        buf
    }

    fn read8(&self, at: usize) -> [u8; 8] {
        let mut buf = [0; 8];
        self.mem.read(&self.store, at, &mut buf).expect("in bounds");
        buf
    }
}

/// Leaves slot 0's value in the accumulator (and in slot 2).
const ACC_FROM_SLOT_0: Instr = Instr::Copy { dst: 2, src: 0 };

/// What a function computes on slot bits, as slot bits or a trap.
fn expect1<A: SlotValue, R: Outcome>(f: fn(A) -> R, a: u64) -> Result<u64, TrapCode> {
    f(A::from_bits(a)).into_result().map(SlotValue::into_bits)
}

fn expect2<A: SlotValue, B: SlotValue, R: Outcome>(
    f: fn(A, B) -> R,
    a: u64,
    b: u64,
) -> Result<u64, TrapCode> {
    f(A::from_bits(a), B::from_bits(b))
        .into_result()
        .map(SlotValue::into_bits)
}

/// A branch form's body: slot 0 becomes 1 if the branch is taken, 0 if not.
fn branch_body(prefix: &[Instr], branch: Instr) -> Vec<Instr> {
    let mut body = prefix.to_vec();
    body.extend([
        branch,
        Instr::Const64 { dst: 0, value: 0 },
        Instr::Return,
        Instr::Const64 { dst: 0, value: 1 },
    ]);
    body
}

/// Offset of the "taken" instruction from the branch in [`branch_body`].
const TAKEN: u32 = 3;

/// Operands that hit interesting values often: zero, one, extremes, and raw bits.
fn operand() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        Just(1u64),
        Just(u64::MAX),
        Just(u64::from(u32::MAX)),
        Just(1u64 << 63),
        Just(1u64 << 31),
        any::<u32>().prop_map(u64::from),
        any::<u64>(),
    ]
}

/// Runs `test` on 64 random cases of `strategy`, with one shell for all of them.
fn cases<S: Strategy>(strategy: S, test: impl Fn(&mut Shell, S::Value) -> TestCaseResult) {
    let shell = RefCell::new(Shell::new());
    let mut runner = TestRunner::new(Config::with_cases(64));
    let outcome = runner.run(&strategy, |value| test(&mut shell.borrow_mut(), value));
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// Slot and accumulator forms of a unary operation.
fn unary_forms<A: SlotValue, R: Outcome>(
    f: fn(A) -> R,
    slot: fn(Slot, Slot) -> Instr,
    acc: fn(Slot) -> Instr,
) {
    cases(operand(), |shell, a| {
        let want = expect1(f, a);
        prop_assert_eq!(shell.run(&[slot(0, 0)], a, 0), want);
        prop_assert_eq!(shell.run(&[ACC_FROM_SLOT_0, acc(0)], a, 0), want);
        Ok(())
    });
}

/// Slot and accumulator forms of a binary operation (and the swapped slot form of a
/// commutative one).
fn binary_forms<A: SlotValue, B: SlotValue, R: Outcome>(
    f: fn(A, B) -> R,
    slot: fn(Slot, Slot, Slot) -> Instr,
    acc: fn(Slot, Slot) -> Instr,
    commutative: bool,
) {
    cases((operand(), operand()), |shell, (a, b)| {
        let want = expect2(f, a, b);
        prop_assert_eq!(shell.run(&[slot(0, 0, 1)], a, b), want);
        prop_assert_eq!(shell.run(&[ACC_FROM_SLOT_0, acc(0, 1)], a, b), want);
        if commutative {
            prop_assert_eq!(shell.run(&[slot(0, 1, 0)], a, b), want);
        }
        Ok(())
    });
}

/// Immediate forms (slot and accumulator `lhs`) of a binary operation, against `f` with the
/// immediate as its `rhs`.
fn binary_imm_forms<A: SlotValue, B: ImmValue, R: Outcome>(
    f: fn(A, B) -> R,
    imm_slot: fn(Slot, Slot, i32) -> Instr,
    imm_acc: fn(Slot, i32) -> Instr,
) {
    cases((operand(), any::<i32>()), |shell, (a, imm)| {
        let want = expect2(f, a, B::from_imm(imm).into_bits());
        prop_assert_eq!(shell.run(&[imm_slot(0, 0, imm)], a, 0), want);
        prop_assert_eq!(shell.run(&[ACC_FROM_SLOT_0, imm_acc(0, imm)], a, 0), want);
        Ok(())
    });
}

/// The instructions of a `shifted` row: the immediate shift and the binary operation it
/// fuses, and the fused forms.
struct ShiftedForms {
    inner: fn(Slot, Slot, i32) -> Instr,
    outer: fn(Slot, Slot, Slot) -> Instr,
    slot: fn(u8, Slot, Slot, Slot) -> Instr,
    acc: fn(u8, Slot, Slot) -> Instr,
    src_acc: fn(u8, Slot, Slot) -> Instr,
}

/// A fused shift-and-operate instruction (slot and accumulator `lhs`) computes what the
/// two instructions it replaces compute, and so does the translator's fusion of them.
fn shifted_forms(forms: ShiftedForms) {
    cases((operand(), operand(), 0..64i32), |shell, (a, b, imm)| {
        // Unfused: slot 3 = inner(slot 1, imm); slot 0 = outer(slot 0, slot 3).
        let want = shell.run(&[(forms.inner)(3, 1, imm), (forms.outer)(0, 0, 3)], a, b);
        let k = imm as u8;
        prop_assert_eq!(shell.run(&[(forms.slot)(k, 0, 0, 1)], a, b), want);
        let acc = [ACC_FROM_SLOT_0, (forms.acc)(k, 0, 1)];
        prop_assert_eq!(shell.run(&acc, a, b), want);
        // `src` from the accumulator: slot 1's value, left there by a copy.
        let src_acc = [Instr::Copy { dst: 3, src: 1 }, (forms.src_acc)(k, 0, 0)];
        prop_assert_eq!(shell.run(&src_acc, a, b), want);
        // The translator's fusion, with the shifted value as either operand.
        for outer in [(forms.outer)(0, 0, 3), (forms.outer)(0, 3, 0)] {
            let fused = outer.with_shifted_operand((forms.inner)(3, 1, imm));
            prop_assert_eq!(fused, Some((forms.slot)(k, 0, 0, 1)));
        }
        Ok(())
    });
}

/// The instructions of a `product` row: the inner and outer binary operations and the
/// fused forms.
struct ProductForms {
    inner: fn(Slot, Slot, Slot) -> Instr,
    outer: fn(Slot, Slot, Slot) -> Instr,
    slot: fn(u16, u16, u16, u16) -> Instr,
    acc_a: fn(u16, u16, u16) -> Instr,
    acc_b: fn(u16, u16, u16) -> Instr,
    commutative: bool,
}

/// Whether two results of a `V` operation agree: the same bits, or both NaN (which NaN a
/// float operation returns when both operands are NaNs depends on the order the compiler
/// gives the operands, and wasm lets it be either).
fn agree<V: SlotValue + PartialEq>(
    _outer: fn(V, V) -> V,
    got: Result<u64, TrapCode>,
    want: Result<u64, TrapCode>,
) -> bool {
    let is_nan = |bits: u64| V::from_bits(bits) != V::from_bits(bits);
    match (got, want) {
        (Ok(g), Ok(w)) => g == w || (is_nan(g) && is_nan(w)),
        _ => got == want,
    }
}

/// A fused operate-on-a-product instruction (all three forms) computes what the two
/// instructions it replaces compute, and the translator fuses exactly the pairs it may.
fn product_forms<V: SlotValue + PartialEq>(outer: fn(V, V) -> V, forms: ProductForms) {
    cases((operand(), operand()), |shell, (a, b)| {
        // Unfused: slot 3 = inner(slot 0, slot 1); slot 0 = outer(slot 1, slot 3).
        let want = shell.run(&[(forms.inner)(3, 0, 1), (forms.outer)(0, 1, 3)], a, b);
        let got = shell.run(&[(forms.slot)(0, 1, 0, 1)], a, b);
        prop_assert!(agree(outer, got, want), "{got:?} != {want:?}");
        // `a` (slot 0) or `b` (slot 1) from the accumulator, left there by a copy.
        let acc_a = [Instr::Copy { dst: 2, src: 0 }, (forms.acc_a)(0, 1, 1)];
        let got = shell.run(&acc_a, a, b);
        prop_assert!(agree(outer, got, want), "{got:?} != {want:?}");
        let acc_b = [Instr::Copy { dst: 2, src: 1 }, (forms.acc_b)(0, 1, 0)];
        let got = shell.run(&acc_b, a, b);
        prop_assert!(agree(outer, got, want), "{got:?} != {want:?}");
        // The translator's fusion: the product as `rhs`, and as `lhs` only if the outer
        // operation is commutative.
        let inner = (forms.inner)(3, 0, 1);
        let fused = Some((forms.slot)(0, 1, 0, 1));
        prop_assert_eq!((forms.outer)(0, 1, 3).with_product_operand(inner), fused);
        let swapped = (forms.outer)(0, 3, 1).with_product_operand(inner);
        prop_assert_eq!(swapped, if forms.commutative { fused } else { None });
        // Slots past 16 bits keep the two instructions.
        let wide = (forms.outer)(0, 1, 3).with_product_operand((forms.inner)(3, 0, 1 << 16));
        prop_assert_eq!(wide, None);
        Ok(())
    });
}

/// The instructions of a `rotated` row: the binary operation, the immediate rotate of its
/// result, and the fused forms.
struct RotatedForms {
    inner: fn(Slot, Slot, Slot) -> Instr,
    outer: fn(Slot, Slot, i32) -> Instr,
    slot: fn(u8, Slot, Slot, Slot) -> Instr,
    acc: fn(u8, Slot, Slot) -> Instr,
}

/// A fused operate-then-rotate instruction (slot and accumulator forms) computes what the
/// two instructions it replaces compute, and so does the translator's fusion of them.
fn rotated_forms(forms: RotatedForms) {
    cases((operand(), operand(), 0..64i32), |shell, (a, b, imm)| {
        // Unfused: slot 3 = inner(slot 0, slot 1); slot 0 = rotate(slot 3, imm).
        let want = shell.run(&[(forms.inner)(3, 0, 1), (forms.outer)(0, 3, imm)], a, b);
        let k = imm as u8;
        prop_assert_eq!(shell.run(&[(forms.slot)(k, 0, 0, 1)], a, b), want);
        let acc = [ACC_FROM_SLOT_0, (forms.acc)(k, 0, 1)];
        prop_assert_eq!(shell.run(&acc, a, b), want);
        let rotate = (forms.outer)(0, 3, imm);
        let fused = rotate.with_rotated_operand((forms.inner)(3, 0, 1), 3);
        prop_assert_eq!(fused, Some((forms.slot)(k, 0, 0, 1)));
        Ok(())
    });
}

/// The instructions of a `converted` row: the conversion and the binary operation it
/// feeds, and the fused forms.
struct ConvertedForms {
    conv: fn(Slot, Slot) -> Instr,
    outer: fn(Slot, Slot, Slot) -> Instr,
    slot: fn(Slot, Slot, Slot) -> Instr,
    src_acc: fn(Slot, Slot) -> Instr,
}

/// A fused convert-and-operate instruction (slot and accumulator `src`) computes what the
/// two instructions it replaces compute, and so does the translator's fusion of them, which
/// takes the converted value only as `rhs`.
fn converted_forms(forms: ConvertedForms) {
    cases((operand(), operand()), |shell, (a, b)| {
        // Unfused: slot 3 = conv(slot 1); slot 0 = outer(slot 0, slot 3).
        let want = shell.run(&[(forms.conv)(3, 1), (forms.outer)(0, 0, 3)], a, b);
        prop_assert_eq!(shell.run(&[(forms.slot)(0, 0, 1)], a, b), want);
        let src_acc = [Instr::Copy { dst: 3, src: 1 }, (forms.src_acc)(0, 0)];
        prop_assert_eq!(shell.run(&src_acc, a, b), want);
        let conv = (forms.conv)(3, 1);
        let fused = (forms.outer)(0, 0, 3).with_converted_operand(conv);
        prop_assert_eq!(fused, Some((forms.slot)(0, 0, 1)));
        prop_assert_eq!((forms.outer)(0, 3, 0).with_converted_operand(conv), None);
        prop_assert_eq!(
            (forms.slot)(0, 0, 3).with_acc_operand(3),
            Some((forms.src_acc)(0, 0))
        );
        Ok(())
    });
}

/// A paired instruction from its `a`, `b`, `imm_a` and `imm_b`.
type PairedForm = fn(u16, u16, i32, i32) -> Instr;

/// A `paired` instruction computes what the two in-place immediate-form instructions it
/// replaces compute, in both slots and in the accumulator, on two slots or one; the
/// translator's pairing builds it only for in-place steps on 16-bit slots.
fn paired_forms(single: fn(Slot, Slot, i32) -> Instr, paired: PairedForm) {
    cases(
        (operand(), operand(), any::<i32>(), any::<i32>()),
        |shell, (x, y, imm_a, imm_b)| {
            // (a, b): two slots, the same slot, the argument slots.
            for (a, b) in [(2u16, 3u16), (2, 2), (0, 1), (1, 0)] {
                let (sa, sb) = (Slot::from(a), Slot::from(b));
                // Slots 2 and 3 start as copies of the arguments.
                let prefix = [Instr::Copy2 {
                    dst0: 2,
                    src0: 0,
                    dst1: 3,
                    src1: 1,
                }];
                let (first, second) = (single(sa, sa, imm_a), single(sb, sb, imm_b));
                let fused = paired(a, b, imm_a, imm_b);
                prop_assert_eq!(first.paired_with(second), Some(fused));
                // Each written slot, then the accumulator, read back through slot 0.
                let reads = [
                    Instr::Copy { dst: 0, src: sa },
                    Instr::Copy { dst: 0, src: sb },
                    Instr::I32AddImmAcc { dst: 0, imm: 0 },
                ];
                for read in reads {
                    let want = shell.run(&[&prefix[..], &[first, second, read]].concat(), x, y);
                    prop_assert_eq!(
                        shell.run(&[&prefix[..], &[fused, read]].concat(), x, y),
                        want
                    );
                }
            }
            // Steps that are not in place, or wide slots, stay apart.
            prop_assert_eq!(single(3, 1, imm_a).paired_with(single(2, 2, imm_b)), None);
            prop_assert_eq!(single(2, 2, imm_a).paired_with(single(3, 0, imm_b)), None);
            let wide = single(1 << 16, 1 << 16, imm_a);
            prop_assert_eq!(wide.paired_with(single(2, 2, imm_b)), None);
            Ok(())
        },
    );
}

/// A loop-step instruction from its `x`, `step` and `bound` slots and its target.
type StepForm = fn(u16, u16, u16, u32) -> Instr;

/// The compare-and-branch forms of a comparison: each jumps exactly when `f` holds, its
/// inverse exactly when it does not; `mirrored` computes `f` with swapped operands.
struct BranchForms {
    slot: fn(Slot, Slot, u32) -> Instr,
    acc: fn(Slot, u32) -> Instr,
    imm: fn(Slot, i32, u32) -> Instr,
    imm_acc: fn(i32, u32) -> Instr,
    inverse: fn(Slot, Slot, u32) -> Instr,
    inverse_imm: fn(Slot, i32, u32) -> Instr,
    mirrored: fn(Slot, Slot, i32) -> Instr,
    step: Option<StepForm>,
}

fn branch_forms<V: ImmValue>(f: fn(V, V) -> bool, forms: BranchForms) {
    let not = |r: Result<u64, TrapCode>| r.map(|taken| taken ^ 1);
    cases(
        (operand(), operand(), any::<i32>()),
        |shell, (a, b, imm)| {
            let t = TAKEN;
            let want = expect2(f, a, b);
            prop_assert_eq!(
                shell.run(&branch_body(&[], (forms.slot)(0, 1, t)), a, b),
                want
            );
            let acc = branch_body(&[ACC_FROM_SLOT_0], (forms.acc)(1, t));
            prop_assert_eq!(shell.run(&acc, a, b), want);
            let inverse = branch_body(&[], (forms.inverse)(0, 1, t));
            prop_assert_eq!(shell.run(&inverse, a, b), not(want));
            if let Some(step) = forms.step {
                // `slot 0 += slot 1`, then the branch on slot 0 against slot 3 (zero). Not
                // taken, it skips the instruction after it (the compare-and-branch it replaced
                // in real code; a trap here).
                let sum = u64::from((a as u32).wrapping_add(b as u32));
                let stepped = [
                    step(0, 1, 3, t + 1),
                    Instr::Unreachable,
                    Instr::Const64 { dst: 0, value: 0 },
                    Instr::Return,
                    Instr::Const64 { dst: 0, value: 1 },
                ];
                prop_assert_eq!(shell.run(&stepped, a, b), expect2(f, sum, 0));
            }
            let c = V::from_imm(imm).into_bits();
            let want = expect2(f, a, c);
            prop_assert_eq!(
                shell.run(&branch_body(&[], (forms.imm)(0, imm, t)), a, 0),
                want
            );
            let imm_acc = branch_body(&[ACC_FROM_SLOT_0], (forms.imm_acc)(imm, t));
            prop_assert_eq!(shell.run(&imm_acc, a, 0), want);
            let inverse_imm = branch_body(&[], (forms.inverse_imm)(0, imm, t));
            prop_assert_eq!(shell.run(&inverse_imm, a, 0), not(want));
            let mirrored = (forms.mirrored)(0, 0, imm);
            prop_assert_eq!(shell.run(&[mirrored], a, 0), expect2(f, c, a));
            Ok(())
        },
    );
}

/// The address and immediate of a wrapped form reaching `addr + offset`: from a base that
/// wraps around 2^32 when `addr` is odd.
fn wrapped(addr: u32, offset: u32) -> (u64, i32) {
    if addr % 2 == 1 {
        (
            u64::from(addr.wrapping_sub(1 << 31)),
            (offset as i32).wrapping_add(i32::MIN),
        )
    } else {
        (u64::from(addr), offset as i32)
    }
}

/// The five forms of a load decoding `N` bytes with `f`.
fn load_forms<const N: usize, R: SlotValue>(
    f: fn([u8; N]) -> R,
    slot: fn(Slot, Slot, u32) -> Instr,
    acc: fn(Slot, u32) -> Instr,
    wrap: fn(Slot, Slot, i32) -> Instr,
    wrap_acc: fn(Slot, i32) -> Instr,
    indexed: fn(Slot, Slot, Slot) -> Instr,
    scaled: fn(u8, Slot, Slot, Slot) -> Instr,
) {
    let strategy = (any::<[u8; 8]>(), 0u32..64, 0u32..64, 0u8..6);
    cases(strategy, |shell, (bytes, addr, offset, shift)| {
        shell.write((addr + offset) as usize, &bytes);
        let mut word = [0u8; N];
        word.copy_from_slice(&bytes[..N]);
        let want = Ok(f(word).into_bits());
        let a = u64::from(addr);
        prop_assert_eq!(shell.run(&[slot(0, 0, offset)], a, 0), want);
        prop_assert_eq!(shell.run(&[ACC_FROM_SLOT_0, acc(0, offset)], a, 0), want);
        let (base, imm) = wrapped(addr, offset);
        prop_assert_eq!(shell.run(&[wrap(0, 0, imm)], base, 0), want);
        prop_assert_eq!(
            shell.run(&[ACC_FROM_SLOT_0, wrap_acc(0, imm)], base, 0),
            want
        );
        // The same base and the immediate as an index in a slot: `base + index` wraps too.
        let index = u64::from(imm as u32);
        prop_assert_eq!(shell.run(&[indexed(0, 0, 1)], base, index), want);
        // An index scaled by `1 << shift`: the base takes the rest (wrapping around 2^32
        // with the odd addresses), so that the scaled sum lands on the same bytes.
        let (mut base, mut index) = (
            addr + offset - ((offset >> shift) << shift),
            offset >> shift,
        );
        if addr % 2 == 1 {
            base = base.wrapping_sub(1 << 31);
            index += 1 << (31 - shift);
        }
        let (base, index) = (u64::from(base), u64::from(index));
        prop_assert_eq!(shell.run(&[scaled(shift, 0, 0, 1)], base, index), want);
        let add_shl = Instr::I32AddShl {
            imm: shift,
            dst: 2,
            lhs: 0,
            src: 1,
        };
        prop_assert_eq!(
            slot(0, 0, 0).with_scaled_address(0, 1, shift),
            Some(scaled(shift, 0, 0, 1))
        );
        prop_assert_eq!(shell.run(&[add_shl, slot(0, 2, 0)], base, index), want);
        Ok(())
    });
}

/// The seven forms of a store encoding its value into `N` bytes with `f`.
struct StoreForms {
    slot: fn(Slot, Slot, u32) -> Instr,
    acc: fn(Slot, u32) -> Instr,
    wrap: fn(Slot, Slot, i32) -> Instr,
    imm: fn(Slot, i32, u32) -> Instr,
    imm_wrap: fn(Slot, i32, i32) -> Instr,
    indexed: fn(Slot, Slot, Slot) -> Instr,
    imm_indexed: fn(Slot, Slot, i32) -> Instr,
}

fn store_forms<const N: usize>(f: fn(u64) -> [u8; N], forms: StoreForms) {
    let strategy = (operand(), any::<i32>(), 0u32..64, 0u32..64);
    cases(strategy, |shell, (value, imm, addr, offset)| {
        let at = (addr + offset) as usize;
        let a = u64::from(addr);
        // Runs `code` as `f(x, y)` over a memory of 0xa5 bytes; the 8 bytes at `at` after it,
        // and what they should be had `stored` been stored.
        let check = |shell: &mut Shell, code: &[Instr], x: u64, y: u64, stored: u64| {
            shell.write(at, &[0xa5; 8]);
            let ran = shell.run(code, x, y);
            let mut want = [0xa5u8; 8];
            want[..N].copy_from_slice(&f(stored));
            (ran.map(|_| shell.read8(at)), Ok(want))
        };
        let (got, want) = check(shell, &[(forms.slot)(0, 1, offset)], a, value, value);
        prop_assert_eq!(got, want);
        let acc = [Instr::Copy { dst: 2, src: 1 }, (forms.acc)(0, offset)];
        let (got, want) = check(shell, &acc, a, value, value);
        prop_assert_eq!(got, want);
        let (base, wrap_imm) = wrapped(addr, offset);
        let (got, want) = check(shell, &[(forms.wrap)(0, 1, wrap_imm)], base, value, value);
        prop_assert_eq!(got, want);
        let stored = u64::from_imm(imm);
        let (got, want) = check(shell, &[(forms.imm)(0, imm, offset)], a, 0, stored);
        prop_assert_eq!(got, want);
        let (got, want) = check(
            shell,
            &[(forms.imm_wrap)(0, wrap_imm, imm)],
            base,
            0,
            stored,
        );
        prop_assert_eq!(got, want);
        // The wrapped form's immediate as an index in slot 2: `base + index` wraps too.
        let index = Instr::Const32 {
            dst: 2,
            value: wrap_imm as u32,
        };
        let code = [index, (forms.indexed)(0, 2, 1)];
        let (got, want) = check(shell, &code, base, value, value);
        prop_assert_eq!(got, want);
        let code = [index, (forms.imm_indexed)(0, 2, imm)];
        let (got, want) = check(shell, &code, base, 0, stored);
        prop_assert_eq!(got, want);
        Ok(())
    });
}

/// The loop-step form of a compare row, if it has one.
macro_rules! step_form {
    () => {
        None
    };
    ($step:ident) => {
        Some(|x, step, bound, target| Instr::$step {
            x,
            step,
            bound,
            target,
        })
    };
}

macro_rules! op_form_tests {
    (
        $d:tt
        unary: [$($un:ident / $un_acc:ident = $unf:ident;)*],
        binary: [$(
            $bin:ident / $bin_acc:ident = $binf:ident, commutative: $bin_comm:literal
            $(, imm $bimm:ident / $bimm_acc:ident)?;
        )*],
        compare: [$(
            $cmp:ident / $cmp_acc:ident = $cmpf:ident, commutative: $cmp_comm:literal,
            imm $cmpi:ident / $cmpi_acc:ident mirrored $cmp_mirror:ident,
            branch $bcmp:ident / $bcmp_acc:ident, $bcmpi:ident / $bcmpi_acc:ident,
            inverse $binv:ident / $binvi:ident $(, step $cstep:ident)?;
        )*],
        load: [$(
            $load:ident / $load_acc:ident, wrap $loadw:ident / $loadw_acc:ident,
            indexed $loadx:ident, scaled $loads:ident
            = $loadf:ident($loadn:literal);
        )*],
        store: [$(
            $store:ident / $store_acc:ident, wrap $storew:ident, imm $storei:ident,
            imm_wrap $storeiw:ident, indexed $storex:ident / $storeix:ident
            = $storef:ident($storen:literal);
        )*],
        shifted: [$(
            $sh:ident / $sh_acc:ident / $sh_src_acc:ident = $shf:ident($shg:ident),
            from $shbin:ident of $shimm:ident;
        )*],
        product: [$(
            $pr:ident / $pr_acc_a:ident / $pr_acc_b:ident = $prf:ident($prg:ident),
            from $prbin:ident of $prinner:ident, commutative: $pr_comm:literal;
        )*],
        rotated: [$(
            $ro:ident / $ro_acc:ident = $rog:ident($rof:ident), from $roimm:ident of $robin:ident;
        )*],
        paired: [$(
            $pa:ident = $paf:ident, from $paimm:ident;
        )*],
        converted: [$(
            $cv:ident / $cv_acc:ident = $cvf:ident($cvg:ident), from $cvbin:ident of $cvun:ident;
        )*],
        stepped: [$(
            $ss:ident = $ssf:ident($ssn:literal) then $sscmp:ident, from $ssstore:ident of $ssbr:ident;
        )*],
        moved: [$(
            $mv:ident = $mvf:ident($mvn:literal) of $mvg:ident($mvm:literal), from $mvstore:ident of $mvload:ident;
        )*],
        counted: [$($c:tt)*],
        tested: [$(
            $tn:ident / $te:ident, indexed $txn:ident / $txe:ident, scaled $tsn:ident / $tse:ident
            = $tf:ident($tnb:literal), from $tload:ident / $tloadx:ident / $tloads:ident;
        )*],
        doubled: [$(
            $dd:ident = $ddf:ident($ddn:literal), from $ddload:ident;
        )*],
    ) => {
        $(
            #[test]
            fn $unf() {
                unary_forms(
                    ops::$unf,
                    |dst, src| Instr::$un { dst, src },
                    |dst| Instr::$un_acc { dst },
                );
            }
        )*
        $(
            #[test]
            fn $binf() {
                binary_forms(
                    ops::$binf,
                    |dst, lhs, rhs| Instr::$bin { dst, lhs, rhs },
                    |dst, rhs| Instr::$bin_acc { dst, rhs },
                    $bin_comm,
                );
                $(
                    binary_imm_forms(
                        ops::$binf,
                        |dst, lhs, imm| Instr::$bimm { dst, lhs, imm },
                        |dst, imm| Instr::$bimm_acc { dst, imm },
                    );
                )?
            }
        )*
        $(
            #[test]
            fn $cmpf() {
                binary_forms(
                    ops::$cmpf,
                    |dst, lhs, rhs| Instr::$cmp { dst, lhs, rhs },
                    |dst, rhs| Instr::$cmp_acc { dst, rhs },
                    $cmp_comm,
                );
                binary_imm_forms(
                    ops::$cmpf,
                    |dst, lhs, imm| Instr::$cmpi { dst, lhs, imm },
                    |dst, imm| Instr::$cmpi_acc { dst, imm },
                );
                branch_forms(ops::$cmpf, BranchForms {
                    slot: |lhs, rhs, target| Instr::$bcmp { lhs, rhs, target },
                    acc: |rhs, target| Instr::$bcmp_acc { rhs, target },
                    imm: |lhs, imm, target| Instr::$bcmpi { lhs, imm, target },
                    imm_acc: |imm, target| Instr::$bcmpi_acc { imm, target },
                    inverse: |lhs, rhs, target| Instr::$binv { lhs, rhs, target },
                    inverse_imm: |lhs, imm, target| Instr::$binvi { lhs, imm, target },
                    mirrored: |dst, lhs, imm| Instr::$cmp_mirror { dst, lhs, imm },
                    step: step_form!($($cstep)?),
                });
            }
        )*
        $(
            #[test]
            fn $loadf() {
                load_forms::<$loadn, _>(
                    ops::$loadf,
                    |dst, addr, offset| Instr::$load { dst, addr, offset },
                    |dst, offset| Instr::$load_acc { dst, offset },
                    |dst, base, imm| Instr::$loadw { dst, base, imm },
                    |dst, imm| Instr::$loadw_acc { dst, imm },
                    |dst, base, index| Instr::$loadx { dst, base, index },
                    |shift, dst, base, index| Instr::$loads { shift, dst, base, index },
                );
            }
        )*
        $(
            #[test]
            fn $storef() {
                store_forms::<$storen>(ops::$storef, StoreForms {
                    slot: |addr, value, offset| Instr::$store { addr, value, offset },
                    acc: |addr, offset| Instr::$store_acc { addr, offset },
                    wrap: |base, value, imm| Instr::$storew { base, value, imm },
                    imm: |addr, imm, offset| Instr::$storei { addr, imm, offset },
                    imm_wrap: |base, imm, value| Instr::$storeiw { base, imm, value },
                    indexed: |base, index, value| Instr::$storex { base, index, value },
                    imm_indexed: |base, index, value| Instr::$storeix { base, index, value },
                });
            }
        )*
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $sh() {
                shifted_forms(ShiftedForms {
                    inner: |dst, lhs, imm| Instr::$shimm { dst, lhs, imm },
                    outer: |dst, lhs, rhs| Instr::$shbin { dst, lhs, rhs },
                    slot: |imm, dst, lhs, src| Instr::$sh { imm, dst, lhs, src },
                    acc: |imm, dst, src| Instr::$sh_acc { imm, dst, src },
                    src_acc: |imm, dst, lhs| Instr::$sh_src_acc { imm, dst, lhs },
                });
            }
        )*
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $pr() {
                product_forms(ops::$prf, ProductForms {
                    inner: |dst, lhs, rhs| Instr::$prinner { dst, lhs, rhs },
                    outer: |dst, lhs, rhs| Instr::$prbin { dst, lhs, rhs },
                    slot: |dst, lhs, a, b| Instr::$pr { dst, lhs, a, b },
                    acc_a: |dst, lhs, b| Instr::$pr_acc_a { dst, lhs, b },
                    acc_b: |dst, lhs, a| Instr::$pr_acc_b { dst, lhs, a },
                    commutative: $pr_comm,
                });
            }
        )*
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $ro() {
                rotated_forms(RotatedForms {
                    inner: |dst, lhs, rhs| Instr::$robin { dst, lhs, rhs },
                    outer: |dst, lhs, imm| Instr::$roimm { dst, lhs, imm },
                    slot: |imm, dst, lhs, rhs| Instr::$ro { imm, dst, lhs, rhs },
                    acc: |imm, dst, rhs| Instr::$ro_acc { imm, dst, rhs },
                });
            }
        )*
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $pa() {
                paired_forms(
                    |dst, lhs, imm| Instr::$paimm { dst, lhs, imm },
                    |a, b, imm_a, imm_b| Instr::$pa { a, b, imm_a, imm_b },
                );
            }
        )*
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $cv() {
                converted_forms(ConvertedForms {
                    conv: |dst, src| Instr::$cvun { dst, src },
                    outer: |dst, lhs, rhs| Instr::$cvbin { dst, lhs, rhs },
                    slot: |dst, lhs, src| Instr::$cv { dst, lhs, src },
                    src_acc: |dst, lhs| Instr::$cv_acc { dst, lhs },
                });
            }
        )*
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $ss() {
                stepped_forms(SteppedForms {
                    store: |base, index, value| Instr::$ssstore { base, index, value },
                    step: |x, step, bound, target| Instr::$ssbr { x, step, bound, target },
                    is_fused: |instr| matches!(instr, Instr::$ss { .. }),
                });
                stepped_loops(SteppedForms {
                    store: |base, index, value| Instr::$ssstore { base, index, value },
                    step: |x, step, bound, target| Instr::$ssbr { x, step, bound, target },
                    is_fused: |instr| matches!(instr, Instr::$ss { .. }),
                });
            }
        )*
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $tn() {
                tested_forms(
                    [
                        |dst, a, _, offset, _| Instr::$tload { dst, addr: a, offset },
                        |dst, a, b, _, _| Instr::$tloadx { dst, base: a, index: b },
                        |dst, a, b, _, shift| Instr::$tloads { shift, dst, base: a, index: b },
                    ],
                    |instr| matches!(
                        instr,
                        Instr::$tn { .. }
                            | Instr::$te { .. }
                            | Instr::$txn { .. }
                            | Instr::$txe { .. }
                            | Instr::$tsn { .. }
                            | Instr::$tse { .. }
                    ),
                );
            }
        )*
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $dd() {
                doubled_forms(
                    |dst, addr, offset| Instr::$ddload { dst, addr, offset },
                    |instr| matches!(instr, Instr::$dd { .. }),
                );
            }
        )*
        $(
            #[test]
            #[allow(non_snake_case)]
            fn $mv() {
                moved_forms(
                    |addr, value, offset| Instr::$mvstore { addr, value, offset },
                    |dst, addr, offset| Instr::$mvload { dst, addr, offset },
                    |instr| matches!(instr, Instr::$mv { .. }),
                );
            }
        )*
    };
}

crate::op_table::with_op_table!($ op_form_tests);

/// A `moved` row's instruction leaves memory (and traps) as the load and the store of the
/// loaded value it replaces: random bytes at a source, copied to a destination that may
/// overlap it or lie past the end of memory, as may the source.
fn moved_forms(
    store: fn(Slot, Slot, u32) -> Instr,
    load: fn(Slot, Slot, u32) -> Instr,
    is_fused: fn(Instr) -> bool,
) {
    let place = prop_oneof![8u32..40, 65530u32..65540];
    let strategy = (any::<[u8; 8]>(), place.clone(), place, 0u32..8, 0u32..8);
    cases(
        strategy,
        |shell, (bytes, src, dst, src_offset, dst_offset)| {
            // The load writes slot 2, which only the store reads.
            let (ld, st) = (load(2, 0, src_offset), store(1, 2, dst_offset));
            let fused = st.with_loaded_value(ld);
            prop_assert!(fused.is_some_and(is_fused), "{fused:?}");
            let mut outcomes = Vec::new();
            for code in [&[ld, st][..], &[fused.unwrap()][..]] {
                shell.write(0, &[0; 80]);
                shell.write(65528, &[0; 8]);
                shell.write(16, &bytes);
                let result = shell.run(code, u64::from(src), u64::from(dst));
                let mut seen = [0u8; 80];
                shell
                    .mem
                    .read(&shell.store, 0, &mut seen)
                    .expect("in bounds");
                outcomes.push((result, seen, shell.read8(65528)));
            }
            prop_assert_eq!(outcomes[1], outcomes[0]);
            // A store of another slot stays apart.
            prop_assert_eq!(store(1, 3, dst_offset).with_loaded_value(ld), None);
            Ok(())
        },
    );
}

/// Instructions that leave slot 0 and slot 1 masked with `mask0` and `mask1` (addresses and
/// indices in a range of the test's choosing).
fn masked_slots(mask0: i32, mask1: i32) -> [Instr; 2] {
    [
        Instr::I32AndImm {
            dst: 0,
            lhs: 0,
            imm: mask0,
        },
        Instr::I32AndImm {
            dst: 1,
            lhs: 1,
            imm: mask1,
        },
    ]
}

/// A load form of a `tested` row, made from (dst, address or base slot, index slot,
/// offset, shift): the plain form uses the offset, the indexed form the index, the scaled
/// form both slots and the shift.
type TestedLoad = fn(Slot, Slot, Slot, u32, u8) -> Instr;

/// A `tested` row's instructions load, write their destination and the accumulator, jump
/// (or fall through) and trap exactly as the load and the zero test after it do when each
/// is dispatched: addresses in and past memory, bytes zero a quarter of the time, both
/// tests, a destination that is also the address slot.
fn tested_forms(loads: [TestedLoad; 3], is_fused: fn(Instr) -> bool) {
    cases(
        (operand(), operand(), 0u32..8, 0u8..4, any::<u64>()),
        |shell, (a, b, offset, shift, seed)| {
            // Slot 0: the address or base (half of them past the end of memory); slot 1:
            // the index.
            let prefix = masked_slots(0x1ffff, 0x3fff);
            let mut bytes = vec![0u8; 65536];
            let mut state = seed | 1;
            for byte in &mut bytes {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *byte = if state % 4 == 0 { 0 } else { state as u8 };
            }
            shell.write(0, &bytes);
            for load_form in loads {
                for dst in [3, 0] {
                    let load = load_form(dst, 0, 1, offset, shift);
                    for test in [
                        Instr::BrIfNezAcc { target: TAKEN },
                        Instr::BrIfEqzAcc { target: TAKEN },
                    ] {
                        let fused = load.with_branch_after(test);
                        prop_assert!(fused.is_some_and(is_fused), "{fused:?}");
                        for read in [0, 1, 3] {
                            let unfused_run =
                                shell.run(&loop_exit_body(&prefix, &[load, test], read), a, b);
                            let fused_run = shell.run(
                                &loop_exit_body(&prefix, &[fused.unwrap(), test], read),
                                a,
                                b,
                            );
                            prop_assert_eq!(fused_run, unfused_run);
                        }
                    }
                    // Another instruction after the load stays apart.
                    prop_assert_eq!(load.with_branch_after(Instr::Br { target: TAKEN }), None);
                }
            }
            Ok(())
        },
    );
}

/// A `doubled` row's instruction loads, writes both destinations and the accumulator and
/// traps exactly as the two loads it replaces do when each is dispatched: either address in
/// or past memory, and destinations that are address slots of either load (the second
/// reading the first's value as its address) or the same slot.
fn doubled_forms(load: fn(Slot, Slot, u32) -> Instr, is_fused: fn(Instr) -> bool) {
    cases(
        (operand(), operand(), 0u32..8, 0u32..8, any::<[u8; 32]>()),
        |shell, (a, b, offset_a, offset_b, bytes)| {
            // Slots 0 and 1: the addresses (half of them past the end of memory).
            let prefix = masked_slots(0x1ffff, 0x1ffff);
            let (at_a, at_b) = (
                (a as usize & 0xffff).min(65504),
                (b as usize & 0xffff).min(65504),
            );
            shell.write(at_a, &bytes);
            shell.write(at_b, &bytes);
            // (first dst, first addr, second dst, second addr)
            for (dst_a, addr_a, dst_b, addr_b) in [
                (2, 0, 3, 1),
                (1, 0, 3, 1),
                (0, 0, 3, 1),
                (2, 0, 0, 1),
                (2, 0, 2, 1),
                (2, 0, 3, 0),
            ] {
                let (first, second) =
                    (load(dst_a, addr_a, offset_a), load(dst_b, addr_b, offset_b));
                let fused = first.with_load_after(second);
                prop_assert!(fused.is_some_and(is_fused), "{fused:?}");
                for read in [0, 1, 2, 3] {
                    let unfused_run = shell.run(
                        &[
                            &prefix[..],
                            &[first, second, Instr::Copy { dst: 0, src: read }],
                        ]
                        .concat(),
                        a,
                        b,
                    );
                    let fused_run = shell.run(
                        &[
                            &prefix[..],
                            &[fused.unwrap(), second, Instr::Copy { dst: 0, src: read }],
                        ]
                        .concat(),
                        a,
                        b,
                    );
                    prop_assert_eq!(fused_run, unfused_run);
                }
            }
            // Another instruction after the load stays apart.
            prop_assert_eq!(
                load(2, 0, 0).with_load_after(Instr::Copy { dst: 0, src: 1 }),
                None
            );
            Ok(())
        },
    );
}

/// The instructions a `stepped` row fuses, and a test for its fused form.
struct SteppedForms {
    store: fn(Slot, Slot, i32) -> Instr,
    step: StepForm,
    is_fused: fn(Instr) -> bool,
}

/// A `stepped` row's instruction stores, steps, jumps (or falls through) and traps exactly
/// as the store and the loop step after it do when each is dispatched, leaving the same
/// slots and memory (the step's own agreement with `i32.add` and the compare-and-branch is
/// the compare row's test).
fn stepped_forms(forms: SteppedForms) {
    cases(
        (
            operand(),
            operand(),
            0u32..8192,
            any::<i16>(),
            any::<bool>(),
        ),
        |shell, (a, b, bound, value, at_end)| {
            // Slot 0: x (below 1024); slot 1: the step; slot 2: the base (the last byte
            // of memory, so that a store past it traps, or 4096); slot 3: the bound.
            let base = if at_end { 65535 } else { 4096 };
            let prefix = [
                Instr::I32AndImm {
                    dst: 0,
                    lhs: 0,
                    imm: 1023,
                },
                Instr::I32AndImm {
                    dst: 1,
                    lhs: 1,
                    imm: 4095,
                },
                Instr::Const32 {
                    dst: 2,
                    value: base,
                },
                Instr::Const32 {
                    dst: 3,
                    value: bound,
                },
            ];
            let store = (forms.store)(2, 0, i32::from(value));
            // The loop step (x in slot 0, step in 1, bound in 3) after the store; not
            // taken, it skips the (here unreachable) compare-and-branch it replaced.
            let step = (forms.step)(0, 1, 3, TAKEN + 1);
            let fused = store.with_step_after(step);
            prop_assert!(fused.is_some_and(forms.is_fused), "{fused:?}");
            let stored_at = (base as usize + (a as usize & 1023)).min(65528);
            for read in [0, 1, 3] {
                let mut outcomes = Vec::new();
                for steps in [
                    [store, step, Instr::Unreachable],
                    [fused.unwrap(), step, Instr::Unreachable],
                ] {
                    shell.write(stored_at, &[0; 8]);
                    let result = shell.run(&loop_exit_body(&prefix, &steps, read), a, b);
                    outcomes.push((result, shell.read8(stored_at)));
                }
                prop_assert_eq!(outcomes[1], outcomes[0]);
            }
            // A step of another slot stays apart.
            let other = (forms.step)(1, 0, 3, TAKEN + 1);
            prop_assert_eq!(store.with_step_after(other), None);
            Ok(())
        },
    );
}

/// A `stepped` row's instruction whose step jumps back to it (a one-instruction loop body,
/// which its handler iterates without dispatching) stores, ends the loop and traps (a store
/// past the end of memory, part way through) exactly as the store and the step do when each
/// iteration dispatches them, leaving the same slots and memory; also when `x` is the base,
/// the step or the bound slot (which the handler leaves to dispatch).
fn stepped_loops(forms: SteppedForms) {
    cases(
        (
            operand(),
            operand(),
            0u32..8192,
            any::<i16>(),
            0u32..4096,
            0usize..4,
        ),
        |shell, (a, b, bound, value, from_end, aliasing)| {
            // Slot 0: x (below 1024, odd: a step by x itself ends); slot 1: the step (1 to
            // 4096); slot 2: the base (4096, or `from_end` bytes before the end of memory,
            // so that a store part way through the loop traps); slot 3: the bound.
            let base = if from_end % 2 == 0 {
                4096
            } else {
                65536 - from_end
            };
            let prefix = [
                Instr::I32AndImm {
                    dst: 0,
                    lhs: 0,
                    imm: 1023,
                },
                Instr::I32OrImm {
                    dst: 0,
                    lhs: 0,
                    imm: 1,
                },
                Instr::I32AndImm {
                    dst: 1,
                    lhs: 1,
                    imm: 4095,
                },
                Instr::I32AddImm {
                    dst: 1,
                    lhs: 1,
                    imm: 1,
                },
                Instr::Const32 {
                    dst: 2,
                    value: base,
                },
                Instr::Const32 {
                    dst: 3,
                    value: bound,
                },
            ];
            // (base, step, bound) slots; x is slot 0.
            let (base_slot, step_slot, bound_slot) =
                [(2, 1, 3), (0, 1, 3), (2, 0, 3), (2, 1, 0)][aliasing];
            let store = (forms.store)(base_slot, 0, i32::from(value));
            // The step jumps back to the store (offset -1); not taken, it skips the (here
            // unreachable) compare-and-branch it replaced.
            let step = (forms.step)(0, step_slot, bound_slot, u32::MAX);
            let fused = store.with_step_after(step);
            prop_assert!(fused.is_some_and(forms.is_fused), "{fused:?}");
            for read in [0, 1, 2, 3] {
                let mut outcomes = Vec::new();
                for steps in [
                    [store, step, Instr::Unreachable],
                    [fused.unwrap(), step, Instr::Unreachable],
                ] {
                    shell.write(0, &[0; 65536]);
                    let result = shell.run(&loop_exit_body(&prefix, &steps, read), a, b);
                    outcomes.push((result, shell.read_all()));
                }
                prop_assert!(outcomes[1] == outcomes[0], "{:?}", outcomes[0].0);
            }
            Ok(())
        },
    );
}

/// `SelectOf` (and its accumulator form) picks its first operand when the condition's low
/// 32 bits are not zero and its other operand when they are, reading both before writing
/// its destination (which may be one of them).
#[test]
fn select_of_picks_as_select_does() {
    cases((operand(), operand(), operand()), |shell, (a, b, c)| {
        // Slot 2: the condition (c, or zero when c is even).
        let cond_value = if c % 2 == 0 { 0 } else { c };
        let cond = Instr::Const64 {
            dst: 2,
            value: cond_value,
        };
        let args = [a, b];
        for (dst, first, other) in [(3u16, 0u16, 1u16), (0, 1, 0), (1, 1, 0), (0, 0, 1)] {
            let picked = if cond_value as u32 != 0 { first } else { other };
            let want = Ok(args[usize::from(picked)]);
            let read = Instr::Copy {
                dst: 0,
                src: Slot::from(dst),
            };
            let select = Instr::SelectOf {
                dst,
                first,
                other,
                cond: 2,
            };
            prop_assert_eq!(shell.run(&[cond, select, read], a, b), want);
            let acc = Instr::SelectOfAcc { dst, first, other };
            prop_assert_eq!(select.with_acc_operand(2), Some(acc));
            prop_assert_eq!(shell.run(&[cond, acc, read], a, b), want);
        }
        Ok(())
    });
}

/// A body running `steps` (ending in a branch) after `prefix`, then returning slot `read`
/// if the branch fell through, or `read + 7` (i32) if it jumped.
fn loop_exit_body(prefix: &[Instr], steps: &[Instr], read: Slot) -> Vec<Instr> {
    let mut body = [prefix, steps].concat();
    body.extend([
        Instr::Copy { dst: 0, src: read },
        Instr::Return,
        Instr::I32AddImm {
            dst: 0,
            lhs: read,
            imm: 7,
        },
    ]);
    body
}

/// A pointer step fused with the counted step and back edge after it (`I32AddImm2BrNe`)
/// jumps exactly when, and leaves each slot as, the three instructions it replaces.
#[test]
fn pointer_step_with_counted_back_edge() {
    cases(
        (operand(), operand(), any::<i16>(), any::<i16>()),
        |shell, (a, b, imm_a, imm_x)| {
            // Slot 2: the pointer (a); slot 1: the counter (b); the bound is slot 0 (a,
            // rarely equal) or slot 3 (the counter's next value: the loop ends).
            let prefix = [
                Instr::Copy { dst: 2, src: 0 },
                Instr::I32AddImm {
                    dst: 3,
                    lhs: 1,
                    imm: i32::from(imm_x),
                },
            ];
            for bound in [0, 3] {
                let pointer = Instr::I32AddImm {
                    dst: 2,
                    lhs: 2,
                    imm: i32::from(imm_a),
                };
                let counter = Instr::I32AddImm {
                    dst: 1,
                    lhs: 1,
                    imm: i32::from(imm_x),
                };
                let unfused = [
                    pointer,
                    counter,
                    Instr::BrI32Ne {
                        lhs: 1,
                        rhs: bound,
                        target: TAKEN,
                    },
                ];
                let counted = Instr::I32AddImmBrNe {
                    slots: 1 | bound << 16,
                    imm: i32::from(imm_x),
                    target: TAKEN,
                };
                let fused = crate::translate::jump_threading::step_before_branch(pointer, counted);
                prop_assert!(
                    matches!(fused, Some(Instr::I32AddImm2BrNe { .. })),
                    "{fused:?}"
                );
                for read in [1, 2] {
                    let want = shell.run(&loop_exit_body(&prefix, &unfused, read), a, b);
                    let got = shell.run(&loop_exit_body(&prefix, &[fused.unwrap()], read), a, b);
                    prop_assert_eq!(got, want);
                }
            }
            Ok(())
        },
    );
}

/// A step fused with a compare-and-branch of other slots (`I32AddImmBrI32Ne`), or of the
/// stepped slot itself, jumps exactly when, and leaves each slot as, the pair it replaces.
#[test]
fn step_with_back_edge_on_other_slots() {
    cases(
        (operand(), operand(), any::<i32>()),
        |shell, (a, b, imm)| {
            // Slot 3 = b + imm: equal to slot 1 once slot 1 took the step.
            let prefix = [
                Instr::I32AddImm {
                    dst: 3,
                    lhs: 1,
                    imm,
                },
                Instr::Copy { dst: 2, src: 0 },
            ];
            // (stepped slot, lhs, rhs)
            for (x, lhs, rhs) in [(2, 1, 0), (2, 1, 3), (1, 1, 3), (0, 3, 1)] {
                let step = Instr::I32AddImm {
                    dst: x,
                    lhs: x,
                    imm,
                };
                let branch = Instr::BrI32Ne {
                    lhs,
                    rhs,
                    target: TAKEN,
                };
                let fused = crate::translate::jump_threading::step_before_branch(step, branch);
                prop_assert!(
                    matches!(fused, Some(Instr::I32AddImmBrI32Ne { .. })),
                    "{fused:?}"
                );
                for read in [x, lhs, rhs] {
                    let want = shell.run(&loop_exit_body(&prefix, &[step, branch], read), a, b);
                    let got = shell.run(&loop_exit_body(&prefix, &[fused.unwrap()], read), a, b);
                    prop_assert_eq!(got, want);
                }
            }
            // A step that is not in place, or a wide slot, stays apart.
            let moved = Instr::I32AddImm {
                dst: 2,
                lhs: 1,
                imm,
            };
            let branch = Instr::BrI32Ne {
                lhs: 0,
                rhs: 1,
                target: TAKEN,
            };
            prop_assert_eq!(
                crate::translate::jump_threading::step_before_branch(moved, branch),
                None
            );
            let wide = Instr::BrI32Ne {
                lhs: 1 << 16,
                rhs: 1,
                target: TAKEN,
            };
            let step = Instr::I32AddImm {
                dst: 2,
                lhs: 2,
                imm,
            };
            prop_assert_eq!(
                crate::translate::jump_threading::step_before_branch(step, wide),
                None
            );
            Ok(())
        },
    );
}
