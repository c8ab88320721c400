//! Translator tests: slot assignment, lazy `local.get`, and branches carrying values.

use crate::instr::Instr;
use crate::{Engine, Linker, Module, Store, Val};

/// The code of defined function `index` of a WAT module.
fn code_of(wat: &str, index: usize) -> Vec<Instr> {
    let module = Module::from_wat(&Engine::default(), wat).expect("valid module");
    module
        .data
        .compiled(index)
        .expect("translates")
        .code
        .iter()
        .map(|cell| cell.instr)
        .collect()
}

/// Every (dst, src) copy in `code`, single or paired.
fn copies(code: &[Instr]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for i in code {
        match *i {
            Instr::Copy { dst, src } => out.push((dst, src)),
            Instr::Copy2 {
                dst0,
                src0,
                dst1,
                src1,
            } => {
                out.push((dst0.into(), src0.into()));
                out.push((dst1.into(), src1.into()));
            }
            _ => {}
        }
    }
    out
}

/// Runs export `name` of a WAT module with `args`, returning its single i32/i64 result.
fn run(wat: &str, name: &str, args: &[Val]) -> i64 {
    let engine = Engine::default();
    let module = Module::from_wat(&engine, wat).expect("valid module");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let f = instance.get_func(&store, name).expect("export exists");
    let mut results = [Val::I32(0)];
    if let [r] = f.ty(&store).results() {
        results[0] = match r {
            crate::ValType::I64 => Val::I64(0),
            _ => Val::I32(0),
        };
    }
    f.call(&mut store, args, &mut results).expect("runs");
    match results[0] {
        Val::I32(v) => i64::from(v),
        Val::I64(v) => v,
        other => panic!("unexpected result {other:?}"),
    }
}

#[test]
fn operands_are_read_from_locals_and_results_written_to_stack_slots() {
    // Two params (slots 0, 1), one local (slot 2): the stack starts at slot 3.
    let code = code_of(
        "(module (func (param i32 i32) (result i32) (local i32)
            local.get 0 local.get 1 i32.add local.get 0 i32.mul))",
        0,
    );
    // The last result is written straight into the return slot 0; the multiply reads the
    // sum (slot 3) from the accumulator, since the add just wrote it.
    assert_eq!(
        code,
        vec![
            Instr::I32Add {
                dst: 3,
                lhs: 0,
                rhs: 1
            },
            Instr::I32MulAcc { dst: 0, rhs: 0 },
            Instr::Return,
        ]
    );
}

#[test]
fn local_set_retargets_the_producing_instruction() {
    let code = code_of(
        "(module (func (param i32) (result i32)
            local.get 0 i32.const 1 i32.add local.set 0 local.get 0))",
        0,
    );
    assert_eq!(
        code,
        vec![
            Instr::I32AddImm {
                dst: 0,
                lhs: 0,
                imm: 1
            },
            Instr::Return
        ]
    );
}

#[test]
fn constant_operands_become_immediates_and_compares_fuse_into_branches() {
    let wat = "(module (func (export \"f\") (param i32) (result i32) (local i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 3)))
          (br_if $l (i32.gt_s (local.tee 0 (i32.sub (local.get 0) (i32.const 1))) (i32.const 0))))
        (local.get 1)))";
    let code = code_of(wat, 0);
    // The two steps (in place, so paired into one instruction).
    assert_eq!(
        code[0],
        Instr::I32AddImm2 {
            a: 1,
            b: 0,
            imm_a: 3,
            imm_b: -1
        }
    );
    assert_eq!(
        code[1],
        // Targets are stored relative to the branch: back to pc 0 from pc 1. The counter
        // (slot 0) was written last, so the branch reads it from the accumulator.
        Instr::BrI32GtSImmAcc {
            imm: 0,
            target: -1i32 as u32
        }
    );
    assert_eq!(run(wat, "f", &[Val::I32(5)]), 15);
}

#[test]
fn if_condition_fuses_inverted() {
    let wat = "(module (func (export \"f\") (param i32) (result i32)
        (if (result i32) (i32.gt_u (local.get 0) (i32.const 10))
          (then (i32.const 1)) (else (i32.const 2)))))";
    let code = code_of(wat, 0);
    assert!(matches!(
        code[0],
        Instr::BrI32LeUImm {
            lhs: 0,
            imm: 10,
            ..
        }
    ));
    assert_eq!(run(wat, "f", &[Val::I32(11)]), 1);
    assert_eq!(run(wat, "f", &[Val::I32(10)]), 2);
    assert_eq!(run(wat, "f", &[Val::I32(-1)]), 1);
}

#[test]
fn a_conditional_exit_over_a_back_edge_becomes_one_inverted_branch() {
    let wat = "(module (func (export \"f\") (param i32) (result i32) (local i32)
        (block $exit
          (loop $l
            (local.set 1 (i32.add (local.get 1) (i32.const 2)))
            (br_if $exit (i32.ge_s (local.get 1) (local.get 0)))
            (br $l)))
        (local.get 1)))";
    let code = code_of(wat, 0);
    // The exit test now branches back itself; no `Br` is left in the loop.
    assert!(
        !code.iter().any(|i| matches!(i, Instr::Br { .. })),
        "{code:?}"
    );
    assert!(code.contains(&Instr::BrI32LtSAcc {
        rhs: 0,
        target: -1i32 as u32
    }));
    assert_eq!(run(wat, "f", &[Val::I32(7)]), 8);
    assert_eq!(run(wat, "f", &[Val::I32(0)]), 2);
}

#[test]
fn a_far_exit_before_a_back_edge_becomes_the_back_edge() {
    // `br_if $done` jumps past the code after the loop, so it does not just skip the `br`:
    // inverted, it branches back itself (fused with the counter step) and the `br` exits.
    let wat = "(module (func (export \"f\") (param i32) (result i32) (local i32)
        (block $done
          (block $mid
            (loop $l
              (br_if $mid (i32.eq (local.get 0) (i32.const 50)))
              (local.set 1 (i32.add (local.get 1) (i32.const 3)))
              (local.set 0 (i32.add (local.get 0) (i32.const -1)))
              (br_if $done (i32.eqz (local.get 0)))
              (br $l)))
          (local.set 1 (i32.const 999)))
        (local.get 1)))";
    let code = code_of(wat, 0);
    let step = code
        .iter()
        .position(|i| {
            matches!(
                i,
                Instr::I32AddImmBrNez {
                    slot: 0,
                    imm: -1,
                    ..
                }
            )
        })
        .expect("the inverted exit test fuses with the counter step");
    let Instr::I32AddImmBrNez { target, .. } = code[step] else {
        unreachable!()
    };
    assert_eq!(step as i64 + i64::from(target as i32), 0, "{code:?}");
    // The exit: a `Br`, here fused with the copy at its target.
    assert!(
        matches!(code[step + 1], Instr::Br { .. } | Instr::CopyBr { .. }),
        "{code:?}"
    );
    assert_eq!(run(wat, "f", &[Val::I32(5)]), 15);
    assert_eq!(run(wat, "f", &[Val::I32(1)]), 3);
    assert_eq!(run(wat, "f", &[Val::I32(60)]), 999);
}

#[test]
fn loop_tails_fuse_steps_with_their_back_edges() {
    // spectral_norm's two inner loops: `sum += x[j] / f64(index(i, j))`, the pointer
    // stepped before the counted back edge (`ptr`), or a step of another variable before a
    // back edge testing two slots (`other`).
    let wat = r#"(module (memory 1)
      (func (export "ptr") (param i32) (result i64) (local i32 i32 f64)
        (f64.store (i32.const 0) (f64.const 2))
        (f64.store (i32.const 8) (f64.const 4))
        (f64.store (i32.const 16) (f64.const 6))
        (loop $l
          (local.set 3 (f64.add (local.get 3)
            (f64.div (f64.load (local.get 1)) (f64.convert_i32_u (i32.add (local.get 2) (i32.const 1))))))
          (local.set 1 (i32.add (local.get 1) (i32.const 8)))
          (br_if $l (i32.ne (local.tee 2 (i32.add (local.get 2) (i32.const 1))) (local.get 0))))
        (i64.trunc_f64_s (local.get 3)))
      (func (export "other") (param i32) (result i32) (local i32 i32 i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (local.set 3 (i32.add (local.get 3) (local.get 1)))
          (local.set 2 (i32.add (local.get 2) (i32.const 3)))
          (br_if $l (i32.ne (local.get 0) (local.get 1))))
        (local.get 2)))"#;
    let ptr = code_of(wat, 0);
    assert!(
        ptr.iter()
            .any(|i| matches!(i, Instr::I32AddImm2BrNe { bound: 0, .. })),
        "{ptr:?}"
    );
    assert!(
        ptr.iter()
            .any(|i| matches!(i, Instr::F64DivConvertI32USrcAcc { .. })),
        "{ptr:?}"
    );
    let other = code_of(wat, 1);
    assert!(
        other
            .iter()
            .any(|i| matches!(i, Instr::I32AddImmBrI32Ne { x: 2, .. })),
        "{other:?}"
    );
    assert_eq!(run(wat, "other", &[Val::I32(5)]), 15);
    // 2/1 + 4/2 + 6/3.
    assert_eq!(run(wat, "ptr", &[Val::I32(3)]), 6);
}

#[test]
fn adjacent_copies_pair_up_and_keep_their_order() {
    let wat = "(module (func (export \"f\") (param i32 i32 i32) (result i32) (local i32)
        (local.set 3 (local.get 0))
        (local.set 0 (local.get 1))
        (local.set 1 (local.get 2))
        (local.set 2 (local.get 3))
        (i32.mul (i32.sub (local.get 0) (local.get 1)) (local.get 2))))";
    let code = code_of(wat, 0);
    assert_eq!(
        code[0],
        Instr::Copy2 {
            dst0: 3,
            src0: 0,
            dst1: 0,
            src1: 1
        }
    );
    assert_eq!(
        code[1],
        Instr::Copy2 {
            dst0: 1,
            src0: 2,
            dst1: 2,
            src1: 3
        }
    );
    assert_eq!(run(wat, "f", &[Val::I32(2), Val::I32(10), Val::I32(3)]), 14);
}

#[test]
fn local_set_materializes_pending_reads_of_that_local() {
    // The first `local.get 0` must keep the old value although local 0 changes before use.
    let wat = "(module (func (export \"f\") (param i32) (result i32)
        local.get 0
        i32.const 5 local.set 0
        local.get 0 i32.sub))";
    let code = code_of(wat, 0);
    assert!(copies(&code).contains(&(1, 0)), "{code:?}");
    assert_eq!(run(wat, "f", &[Val::I32(7)]), 2);
}

#[test]
fn block_results_land_in_the_block_slots() {
    let wat = "(module (func (export \"f\") (param i32) (result i32)
        (block (result i32)
          (i32.const 10)
          (br_if 0 (local.get 0))
          (drop)
          (i32.const 20))))";
    assert_eq!(run(wat, "f", &[Val::I32(1)]), 10);
    assert_eq!(run(wat, "f", &[Val::I32(0)]), 20);
}

#[test]
fn branch_copies_values_down_to_the_label() {
    // The br carries the top value over an extra one below it.
    let wat = "(module (func (export \"f\") (result i32)
        (block (result i32)
          (i32.const 1) (i32.const 2) (i32.const 3)
          (br 0)
          (drop))
        ))";
    let code = code_of(wat, 0);
    assert!(copies(&code).contains(&(0, 2)), "{code:?}");
    assert_eq!(run(wat, "f", &[]), 3);
}

#[test]
fn br_table_uses_trampolines_for_value_moves() {
    let wat = "(module (func (export \"f\") (param i32) (result i32)
        (block (result i32)
          (block (result i32)
            (i32.const 100) (i32.const 7)
            (i32.add)
            (local.get 0)
            (br_table 0 1))
          (i32.const 1) (i32.add))))";
    assert_eq!(run(wat, "f", &[Val::I32(0)]), 108);
    assert_eq!(run(wat, "f", &[Val::I32(1)]), 107);
    assert_eq!(run(wat, "f", &[Val::I32(9)]), 107);
}

#[test]
fn loop_with_params_branches_back_after_entry_copies() {
    let wat = "(module (func (export \"f\") (param i64) (result i64)
        (i64.const 1) (local.get 0)
        (loop $l (param i64 i64) (result i64)
          (local.set 0)
          (local.get 0) (i64.mul)
          (local.get 0) (i64.const 1) (i64.sub)
          (local.tee 0) (i64.const 0) (i64.gt_u)
          (if (param i64) (result i64) (then (local.get 0) (br $l))))))";
    assert_eq!(run(wat, "f", &[Val::I64(5)]), 120);
}

#[test]
fn if_else_params_are_seen_by_both_arms() {
    let wat = "(module (func (export \"f\") (param i32) (result i32)
        (i32.const 40)
        (if (param i32) (result i32) (local.get 0)
          (then (i32.const 2) (i32.add))
          (else (i32.const 2) (i32.sub)))))";
    assert_eq!(run(wat, "f", &[Val::I32(1)]), 42);
    assert_eq!(run(wat, "f", &[Val::I32(0)]), 38);
}

#[test]
fn multi_value_return_from_locals_in_any_order() {
    let wat = "(module
        (func $swap (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
        (func (export \"f\") (result i32)
          (call $swap (i32.const 1) (i32.const 2))
          (i32.sub)))";
    assert_eq!(run(wat, "f", &[]), 1);
}

#[test]
fn call_arguments_become_the_callee_frame() {
    let code = code_of(
        "(module
            (func $id (param i32) (result i32) (local.get 0))
            (func (param i32) (result i32) (call $id (local.get 0))))",
        1,
    );
    // The argument is materialized into the first stack slot, which is the callee's base.
    assert_eq!(code[0], Instr::Copy { dst: 1, src: 0 });
    assert_eq!(code[1], Instr::Call { func: 0, base: 1 });
}

#[test]
#[ignore = "prints the code of a benchmark for inspection"]
fn dump_bench_program() {
    // BENCH_WASM names any module file; BENCH_PROGRAM one of apps/bench.
    let name = std::env::var("BENCH_PROGRAM").unwrap_or_else(|_| "fib_iterative".into());
    let path = std::env::var("BENCH_WASM")
        .unwrap_or_else(|_| format!("{}/../apps/bench/{name}.wasm", env!("CARGO_MANIFEST_DIR")));
    let bytes = std::fs::read(path).expect("bench file");
    let module = Module::new(&Engine::default(), bytes).expect("valid");
    for f in 0..module.data.funcs.len() {
        let func = module.data.compiled(f).expect("translates");
        eprintln!("func {f}: frame {}", func.frame_size);
        for (i, c) in func.code.iter().enumerate() {
            eprintln!("  {i}: {:?}", c.instr);
        }
    }
}

#[test]
#[ignore = "a profiling workload, not a test"]
fn profile_bench_program() {
    let name = std::env::var("BENCH_PROGRAM").unwrap_or_else(|_| "fib_iterative".into());
    let arg: i32 = std::env::var("BENCH_ARG")
        .ok()
        .and_then(|a| a.parse().ok())
        .unwrap_or(20000);
    let path = format!("{}/../apps/bench/{name}.wasm", env!("CARGO_MANIFEST_DIR"));
    let engine = Engine::default();
    let module = Module::new(&engine, std::fs::read(path).expect("bench file")).expect("valid");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let run = instance
        .get_typed_func::<i32, i64>(&store, "run")
        .expect("run export");
    let start = std::time::Instant::now();
    let r = run.call(&mut store, arg).expect("runs");
    eprintln!("{name}({arg}) = {r} in {:?}", start.elapsed());
}

/// The code of defined function `index` of a WAT module compiled with fuel on.
fn fueled_code_of(wat: &str, index: usize) -> Vec<Instr> {
    let engine = Engine::new(crate::Config::new().consume_fuel(true));
    let module = Module::from_wat(&engine, wat).expect("valid module");
    module
        .data
        .compiled(index)
        .expect("translates")
        .code
        .iter()
        .map(|cell| cell.instr)
        .collect()
}

#[test]
fn fuel_charges_open_the_function_and_every_loop_only_when_enabled() {
    let wat = "(module (func (param i32) (result i32)
        (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get 0)))";
    assert!(
        !code_of(wat, 0)
            .iter()
            .any(|i| matches!(i, Instr::ConsumeFuel { .. })),
        "fuel off emits no charge"
    );
    let code = fueled_code_of(wat, 0);
    // Entry: nothing but the `loop` before the loop's own charge.
    assert_eq!(code[0], Instr::ConsumeFuel { amount: 1 });
    // The loop body charges its 6 operators (loop, local.get, i32.const, i32.sub,
    // local.tee, br_if) plus what follows up to the end (end, local.get, end).
    assert_eq!(code[1], Instr::ConsumeFuel { amount: 9 });
    // The back edge lands on the loop's charge: offset from the branch back to pc 1.
    let back = code
        .iter()
        .enumerate()
        .find_map(|(pc, i)| match *i {
            Instr::I32AddImmBrNez { target, .. } => Some(pc as i64 + i64::from(target as i32)),
            _ => None,
        })
        .expect("the counter step fuses with its branch");
    assert_eq!(back, 1);
}

#[test]
fn counter_steps_fuse_with_the_branch_that_tests_them() {
    let wat = r#"(module
      (func (export "nez") (param i32) (result i32) (local i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 3)))
          (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
        (local.get 1))
      (func (export "ne") (param i32) (result i32) (local i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (br_if $l (i32.ne (local.get 1) (local.get 0))))
        (local.get 1))
      (func (export "ne_imm") (param i32) (result i32)
        (loop $l
          (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 2))) (i32.const 100))))
        (local.get 0)))"#;
    assert!(matches!(
        code_of(wat, 0)[1],
        Instr::I32AddImmBrNez {
            slot: 0,
            imm: -1,
            ..
        }
    ));
    assert!(matches!(
        code_of(wat, 1)[0],
        Instr::I32AddImmBrNe {
            slots: 0x0000_0001,
            imm: 1,
            ..
        }
    ));
    assert!(matches!(
        code_of(wat, 2)[0],
        Instr::I32AddImmBrNeImm {
            slot_imm: 0x0002_0000,
            bound: 100,
            ..
        }
    ));
    assert_eq!(run(wat, "nez", &[Val::I32(5)]), 15);
    assert_eq!(run(wat, "ne", &[Val::I32(7)]), 7);
    assert_eq!(run(wat, "ne_imm", &[Val::I32(0)]), 100);
    // Wrapping: the counter passes through i32::MAX before reaching the bound.
    assert_eq!(run(wat, "ne_imm", &[Val::I32(i32::MAX - 1)]), 100);
}

#[test]
fn a_copy_before_a_back_edge_fuses_with_the_jump() {
    // Sums 1..=n with the loop-carried value moved by a copy right before the back edge.
    let wat = r#"(module (func (export "f") (param i32) (result i32) (local i32 i32)
        (block $done
          (loop $l
            (br_if $done (i32.eqz (local.get 0)))
            (local.set 2 (i32.add (local.get 1) (local.get 0)))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (local.set 1 (local.get 2))
            (br $l)))
        (local.get 1)))"#;
    let code = code_of(wat, 0);
    assert!(
        code.iter()
            .any(|i| matches!(i, Instr::CopyBr { dst: 1, src: 2, .. })),
        "{code:?}"
    );
    assert_eq!(run(wat, "f", &[Val::I32(10)]), 55);
    assert_eq!(run(wat, "f", &[Val::I32(0)]), 0);
}

#[test]
fn a_jump_to_a_copy_does_the_copy_and_lands_after_it() {
    // The loop head copies local 2 into local 1; the back edge absorbs that copy.
    let wat = r#"(module (func (export "f") (param i32) (result i32) (local i32 i32)
        (block $done
          (loop $l
            (local.set 1 (local.get 2))
            (br_if $done (i32.eqz (local.get 0)))
            (local.set 2 (i32.add (local.get 2) (local.get 0)))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br $l)))
        (local.get 1)))"#;
    let code = code_of(wat, 0);
    let head = code
        .iter()
        .position(|i| *i == Instr::Copy { dst: 1, src: 2 })
        .expect("the head copy stays for the first entry");
    let back_edge = code
        .iter()
        .enumerate()
        .find_map(|(pc, i)| match *i {
            Instr::CopyBr {
                dst: 1,
                src: 2,
                target,
            } => Some(pc as i64 + i64::from(target as i32)),
            _ => None,
        })
        .expect("the back edge does the copy");
    assert_eq!(back_edge, head as i64 + 1, "{code:?}");
    assert!(
        !code.iter().any(|i| matches!(i, Instr::Br { .. })),
        "{code:?}"
    );
    assert_eq!(run(wat, "f", &[Val::I32(10)]), 55);
    assert_eq!(run(wat, "f", &[Val::I32(0)]), 0);
}

#[test]
fn a_constant_store_at_base_plus_constant_becomes_one_instruction() {
    let wat = "(module (memory 1) (func (export \"f\") (param i32) (result i32)
        (i32.store8 (i32.add (local.get 0) (i32.const 16)) (i32.const 7))
        (i32.load8_u (i32.const 21))))";
    let code = code_of(wat, 0);
    assert_eq!(
        code[0],
        Instr::I32Store8ImmWrap {
            base: 0,
            imm: 16,
            value: 7
        }
    );
    assert_eq!(run(wat, "f", &[Val::I32(5)]), 7);
}

#[test]
fn a_label_between_the_address_and_the_constant_keeps_them_apart() {
    // The block's end binds a label between the add and the constant: the add must stay.
    let wat = "(module (memory 1) (func (export \"f\") (param i32) (result i32)
        local.get 0 i32.const 16 i32.add
        block end
        i32.const 7 i32.store8
        (i32.load8_u (i32.const 21))))";
    let code = code_of(wat, 0);
    assert!(
        !code
            .iter()
            .any(|i| matches!(i, Instr::I32Store8ImmWrap { .. })),
        "{code:?}"
    );
    assert_eq!(run(wat, "f", &[Val::I32(5)]), 7);
}

#[test]
fn a_loop_step_and_its_compare_and_branch_fuse() {
    // A non-zero param 2 takes its own step and jumps straight to the loop's compare, which
    // stays in place behind the fused instruction.
    let wat = "(module (func (export \"f\") (param i32 i32 i32) (result i32) (local i32)
        (loop $l
          (block $skip
            (local.set 3 (i32.add (local.get 3) (local.get 2)))
            (br_if $skip (local.get 2))
            (local.set 3 (i32.add (local.get 3) (local.get 1))))
          (br_if $l (i32.lt_u (local.get 3) (local.get 0))))
        (local.get 3)))";
    let code = code_of(wat, 0);
    assert!(
        code.iter().any(|i| matches!(
            i,
            Instr::I32AddBrLtU {
                x: 3,
                step: 1,
                bound: 0,
                ..
            }
        )),
        "{code:?}"
    );
    assert_eq!(run(wat, "f", &[Val::I32(10), Val::I32(3), Val::I32(0)]), 12);
    assert_eq!(run(wat, "f", &[Val::I32(10), Val::I32(3), Val::I32(5)]), 10);
    assert_eq!(run(wat, "f", &[Val::I32(0), Val::I32(3), Val::I32(0)]), 3);
}

#[test]
fn the_accumulator_survives_a_compare_and_branch() {
    // The loaded pointer is tested, then dereferenced: the second load takes its address
    // from the accumulator, across the branch that did not jump.
    let wat = r#"(module (memory 1) (data (i32.const 0) "\08\00\00\00\00\00\00\00\2a\00\00\00")
        (func (export "f") (param i32) (result i32) (local i32)
          (block
            (local.set 1 (i32.load (local.get 0)))
            (br_if 0 (i32.eqz (local.get 1)))
            (local.set 1 (i32.load (local.get 1))))
          (local.get 1)))"#;
    let code = code_of(wat, 0);
    assert_eq!(code[1], Instr::BrIfEqzAcc { target: 2 });
    assert_eq!(code[2], Instr::I32LoadAcc { dst: 1, offset: 0 });
    assert_eq!(run(wat, "f", &[Val::I32(0)]), 42);
    assert_eq!(run(wat, "f", &[Val::I32(4)]), 0);
}

#[test]
fn an_added_address_becomes_an_indexed_load_or_store() {
    let wat = r#"(module (memory 1)
        (func (export "f") (param i32 i32) (result i32)
          (i32.store8 (i32.add (local.get 0) (local.get 1)) (i32.const 7))
          (i32.store16 (i32.add (local.get 1) (local.get 0)) (local.get 1))
          (i32.load8_u (i32.add (local.get 0) (local.get 1)))))"#;
    let code = code_of(wat, 0);
    assert_eq!(
        code[0],
        Instr::I32Store8ImmIndexed {
            base: 0,
            index: 1,
            value: 7
        }
    );
    assert_eq!(
        code[1],
        Instr::I32Store16Indexed {
            base: 1,
            index: 0,
            value: 1
        }
    );
    assert!(
        matches!(
            code[2],
            Instr::I32Load8UIndexed {
                base: 0,
                index: 1,
                ..
            }
        ),
        "{code:?}"
    );
    // The sum wraps at 2^32 as `i32.add` does: 0xffff_fff0 + 0x20 is address 0x10.
    let wat = r#"(module (memory 1)
        (func (export "f") (result i32)
          (i32.store8 (i32.add (i32.const -16) (global.get $g)) (i32.const 42))
          (i32.load8_u (i32.const 16)))
        (global $g i32 (i32.const 32)))"#;
    assert_eq!(run(wat, "f", &[]), 42);
}

/// A float loop: `acc = acc * 0.5 + 1.25` (and a wide i64 constant mixed into a counter),
/// `n` times; returns the bits of `acc` plus the counter.
const CONST_LOOP: &str = r#"(module
    (func (export "f") (param $n i32) (result i64)
      (local $acc f64) (local $k i64)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $acc (f64.add (f64.mul (local.get $acc) (f64.const 0.5))
                                   (f64.const 1.25)))
          (local.set $k (i64.add (local.get $k) (i64.const 0x1_0000_0001)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (i64.add (i64.reinterpret_f64 (local.get $acc)) (local.get $k))))"#;

#[test]
fn loop_constants_live_in_slots_filled_once_at_entry() {
    let code = code_of(CONST_LOOP, 0);
    // Locals: $n, $acc, $k in slots 0..3; the constant slots follow.
    let fills: Vec<_> = code
        .iter()
        .take_while(|i| matches!(i, Instr::Const64 { .. }))
        .copied()
        .collect();
    assert_eq!(
        fills,
        [
            Instr::Const64 {
                dst: 3,
                value: 0.5f64.to_bits()
            },
            Instr::Const64 {
                dst: 4,
                value: 1.25f64.to_bits()
            },
            Instr::Const64 {
                dst: 5,
                value: 0x1_0000_0001
            },
        ]
    );
    // No constant is rebuilt after the entry, and the loop reads the slots.
    let rest = &code[fills.len()..];
    assert!(
        !rest
            .iter()
            .any(|i| matches!(i, Instr::Const32 { .. } | Instr::Const64 { .. })),
        "{code:?}"
    );
    assert!(
        rest.iter().any(|i| matches!(
            i,
            Instr::F64Mul { rhs: 3, .. } | Instr::F64MulAcc { rhs: 3, .. }
        )),
        "{code:?}"
    );
    let mut acc = 0.0f64;
    let mut k = 0i64;
    for _ in 0..7 {
        acc = acc * 0.5 + 1.25;
        k = k.wrapping_add(0x1_0000_0001);
    }
    assert_eq!(
        run(CONST_LOOP, "f", &[Val::I32(7)]),
        (acc.to_bits() as i64).wrapping_add(k)
    );
    assert_eq!(run(CONST_LOOP, "f", &[Val::I32(0)]), 0);
}

#[test]
fn constants_outside_loops_and_small_integers_stay_inline() {
    let wat = r#"(module
        (func (export "f") (param f64) (result f64)
          (f64.mul (local.get 0) (f64.const 3)))
        (func (export "g") (param i64) (result i64)
          (loop $l (result i64)
            (i64.add (local.get 0) (i64.const 5)))))"#;
    let code = code_of(wat, 0);
    assert_eq!(
        code[0],
        Instr::Const64 {
            dst: 2,
            value: 3f64.to_bits()
        }
    );
    assert_eq!(
        code_of(wat, 1)[0],
        Instr::I64AddImm {
            dst: 1,
            lhs: 0,
            imm: 5
        }
    );
}

#[test]
fn constant_slots_are_capped_and_the_rest_stay_inline() {
    // 20 distinct constants in one loop: the first 16 get slots, the others are rebuilt
    // in the loop; the sum is exact either way.
    let terms: String = (1..=20)
        .map(|i| format!("(local.set 1 (f64.add (local.get 1) (f64.const {i})))"))
        .collect();
    let wat = format!(
        r#"(module
        (func (export "f") (param $n i32) (result i64)
          (local f64)
          (loop $l
            {terms}
            (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
          (i64.trunc_f64_s (local.get 1))))"#
    );
    let code = code_of(&wat, 0);
    let fills = code
        .iter()
        .take_while(|i| matches!(i, Instr::Const64 { .. }))
        .count();
    assert_eq!(fills, 16);
    assert_eq!(run(&wat, "f", &[Val::I32(3)]), 3 * 210);
}

#[test]
fn constant_slots_survive_block_results_branches_and_calls() {
    // The constant is carried out of a block, through a branch with a value and into a
    // call's arguments, each of which copies it from its slot.
    let wat = r#"(module
        (func $twice (param f32) (result f32) (f32.add (local.get 0) (local.get 0)))
        (func (export "f") (param $n i32) (result i32)
          (local $sum f32)
          (loop $l
            (local.set $sum (f32.add (local.get $sum)
              (block (result f32)
                (br_if 0 (f32.const 1.5) (i32.and (local.get $n) (i32.const 1)))
                (drop)
                (call $twice (f32.const 1.5)))))
            (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
          (i32.trunc_f32_s (local.get $sum))))"#;
    // n = 4, 3, 2, 1: odd steps add 1.5, even ones 3.
    assert_eq!(run(wat, "f", &[Val::I32(4)]), 9);
}

#[test]
fn an_immediate_shift_fuses_into_the_operation_that_consumes_it() {
    // SHA-256's Sigma1: rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25), as LLVM writes it (the
    // last result goes straight to the result slot).
    let wat = r#"(module
        (func (export "f") (param $e i32) (result i32)
          (i32.xor
            (i32.xor (i32.rotl (local.get $e) (i32.const 26))
                     (i32.rotl (local.get $e) (i32.const 21)))
            (i32.rotl (local.get $e) (i32.const 7))))
        (func (export "g") (param $i i32) (param $j i32) (result i32)
          (i32.add (local.get $j)
                   (i32.shr_u (i32.mul (local.get $i) (local.get $i)) (i32.const 1)))))"#;
    let code = code_of(wat, 0);
    assert_eq!(
        code[..3],
        [
            Instr::I32RotlImm {
                dst: 1,
                lhs: 0,
                imm: 26
            },
            Instr::I32XorRotlAcc {
                imm: 21,
                dst: 1,
                src: 0
            },
            Instr::I32XorRotlAcc {
                imm: 7,
                dst: 0,
                src: 0
            },
        ],
        "{code:?}"
    );
    let e = 0x6a09_e667u32;
    let sigma1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
    assert_eq!(
        run(wat, "f", &[Val::I32(e as i32)]),
        i64::from(sigma1 as i32)
    );
    // The shifted value is the accumulator (the product just computed).
    let code = code_of(wat, 1);
    assert_eq!(
        code[1],
        Instr::I32AddShrUSrcAcc {
            imm: 1,
            dst: 0,
            lhs: 1
        },
        "{code:?}"
    );
    let (i, j) = (100_000i32, 7i32);
    let want = j.wrapping_add(((i.wrapping_mul(i)) as u32 >> 1) as i32);
    assert_eq!(run(wat, "g", &[Val::I32(i), Val::I32(j)]), i64::from(want));
}

#[test]
fn a_product_fuses_into_the_operation_that_consumes_it() {
    let wat = r#"(module
        (func (export "f") (param f64 f64 f64) (result f64)
          (f64.add (local.get 0) (f64.mul (local.get 1) (local.get 2))))
        (func (export "g") (param f64 f64 f64) (result f64)
          (f64.add (f64.mul (local.get 1) (local.get 2)) (local.get 0)))
        (func (export "h") (param i64 i64 i64) (result i64)
          (i64.add (i64.mul (local.get 1) (local.get 2)) (local.get 0))))"#;
    assert_eq!(
        code_of(wat, 0)[0],
        Instr::F64AddMul {
            dst: 0,
            lhs: 0,
            a: 1,
            b: 2
        }
    );
    // A float sum is not reordered (NaN payloads follow operand order).
    assert!(matches!(code_of(wat, 1)[1], Instr::F64AddAcc { .. }));
    // An integer sum is.
    assert_eq!(
        code_of(wat, 2)[0],
        Instr::I64AddMul {
            dst: 0,
            lhs: 0,
            a: 1,
            b: 2
        }
    );
    let (a, b, c) = (-7i64, 1 << 40, 123_456_789i64);
    let args = [Val::I64(c), Val::I64(a), Val::I64(b)];
    assert_eq!(run(wat, "h", &args), a.wrapping_mul(b).wrapping_add(c));
}

#[test]
fn a_rotate_fuses_with_the_xor_it_rotates_but_not_with_a_local() {
    // BLAKE2b's `d = rotr(d ^ a, 32)`; in "g" the xor is also kept in a local, which the
    // rotate must not swallow.
    let wat = r#"(module
        (func (export "f") (param $d i64) (param $a i64) (result i64)
          (i64.rotr (i64.xor (local.get $d) (local.get $a)) (i64.const 32)))
        (func (export "g") (param $d i64) (param $a i64) (result i64)
          (i64.add
            (i64.rotr (local.tee $d (i64.xor (local.get $d) (local.get $a))) (i64.const 24))
            (local.get $d))))"#;
    assert_eq!(
        code_of(wat, 0)[0],
        Instr::I64RotrXor {
            imm: 32,
            dst: 0,
            lhs: 0,
            rhs: 1
        }
    );
    let (d, a) = (0x0123_4567_89ab_cdefu64, 0xfedc_ba98_7654_3210u64 ^ 0x55);
    let args = [Val::I64(d as i64), Val::I64(a as i64)];
    assert_eq!(run(wat, "f", &args), (d ^ a).rotate_right(32) as i64);
    let x = d ^ a;
    assert_eq!(
        run(wat, "g", &args),
        x.rotate_right(24).wrapping_add(x) as i64
    );
}

#[test]
fn a_one_instruction_loop_body_is_a_stepped_store_that_jumps_to_itself() {
    // Marks every `step`-th byte from `base` below `base + n`; returns the final `x` plus
    // 1000 times the byte at `base + 49` (marked when 7 divides 49).
    let wat = r#"(module (memory 1)
        (func (export "f") (param $base i32) (param $n i32) (param $step i32) (result i32)
          (local $x i32)
          (loop $l
            (i32.store8 (i32.add (local.get $base) (local.get $x)) (i32.const 1))
            (br_if $l (i32.lt_u (local.tee $x (i32.add (local.get $x) (local.get $step)))
                                (local.get $n))))
          (i32.add (local.get $x)
                   (i32.mul (i32.load8_u offset=49 (local.get $base)) (i32.const 1000)))))"#;
    let code = code_of(wat, 0);
    let at = code
        .iter()
        .position(|i| matches!(i, Instr::I32Store8StepBrLtU { .. }))
        .unwrap_or_else(|| panic!("no stepped store: {code:?}"));
    // The step after it jumps back to it (offset -1).
    assert!(
        matches!(code[at + 1], Instr::I32AddBrLtU { target, .. } if target == u32::MAX),
        "{code:?}"
    );
    let args = [Val::I32(100), Val::I32(50), Val::I32(7)];
    assert_eq!(run(wat, "f", &args), 1056);
    // A store past the end of memory part way through traps, as each iteration would.
    let engine = Engine::default();
    let module = Module::from_wat(&engine, wat).expect("valid module");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    let f = instance.get_func(&store, "f").expect("exports f");
    let args = [Val::I32(65530), Val::I32(50), Val::I32(7)];
    let mut out = [Val::I32(0)];
    let err = f.call(&mut store, &args, &mut out).expect_err("traps");
    assert!(err.to_string().contains("out of bounds"), "{err}");
}

#[test]
fn a_load_tested_for_zero_and_two_adjacent_loads_take_one_dispatch_each() {
    // Returns -1 if the byte at `p` is zero, else the sum of the i32s at `p` and `p + 4`.
    let wat = r#"(module (memory 1) (data (i32.const 8) "\05\00\00\00\07\00\00\00")
        (func (export "f") (param $p i32) (result i32)
          (block
            (br_if 0 (i32.load8_u (local.get $p)))
            (return (i32.const -1)))
          (i32.add (i32.load (local.get $p)) (i32.load offset=4 (local.get $p)))))"#;
    let code = code_of(wat, 0);
    let tested = code
        .iter()
        .position(|i| matches!(i, Instr::I32Load8UBrNez { .. }))
        .unwrap_or_else(|| panic!("no tested load: {code:?}"));
    assert!(
        matches!(code[tested + 1], Instr::BrIfNezAcc { .. }),
        "{code:?}"
    );
    let pair = code
        .iter()
        .position(|i| matches!(i, Instr::I32LoadPair { .. }))
        .unwrap_or_else(|| panic!("no paired load: {code:?}"));
    assert!(
        matches!(code[pair + 1], Instr::I32Load { offset: 4, .. }),
        "{code:?}"
    );
    assert_eq!(run(wat, "f", &[Val::I32(8)]), 12);
    assert_eq!(run(wat, "f", &[Val::I32(0)]), -1);
}
