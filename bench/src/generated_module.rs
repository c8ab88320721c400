//! A large generated module for the start-up figures: thousands of functions with varied
//! bodies and a big data segment, built at run time (no committed blob), together with its
//! answer computed by a Rust model of the very same code.
//!
//! Function `f_i(x: i64) -> i64` starts `acc = x`, applies a list of steps drawn from a
//! generator seeded by `i` (multiply-add, xor-shift, rotate, a load from the data segment, an
//! if/else on the low bit, a short counted loop) and, unless `i` is a multiple of
//! [`CHAIN`], adds `f_{i-1}(acc ^ K_i)`. The export `run(n: i32) -> i64` returns
//! `f_last(n) + f_mid(n)`, so a first call touches `2 * CHAIN` functions: runtimes that
//! compile lazily pay for those at the first call and never for the rest.

use crate::split_mix::SplitMix;
use crate::wasm_writer::{HEADER, write_i64, write_len, write_section};

/// How many functions one call chain runs through (`f_i` calls `f_{i-1}` within a chain).
const CHAIN: usize = 16;

/// A module, its size figures, and the right answer for one argument.
pub struct GeneratedModule {
    /// The module's bytes.
    pub wasm: Vec<u8>,
    /// How many functions it defines besides `run`.
    pub functions: usize,
    /// The size of its data segment in bytes.
    pub data_len: usize,
    /// The argument to call `run` with.
    pub argument: u32,
    /// What `run(argument)` returns, computed by the model.
    pub answer: u64,
}

/// One step of a generated function body, acting on the accumulator `acc`.
#[derive(Clone, Copy)]
enum Step {
    /// `acc = acc * mul + add`.
    MulAdd { mul: i64, add: i64 },
    /// `acc ^= acc >> shift` (logical shift).
    XorShift { shift: u32 },
    /// `acc = acc.rotate_left(shift)`.
    Rotate { shift: u32 },
    /// `acc += load64(address)`, little-endian, from the data segment.
    Load { address: u32 },
    /// `acc = if acc is even { acc - amount } else { acc + amount }`.
    Branch { amount: i64 },
    /// `count` times `acc = acc * 3 + 1`, as a wasm loop.
    Loop { count: u32 },
}

/// The steps of function `index`, when the data segment holds `data_len` bytes (at least 8).
fn steps_of(index: usize, data_len: usize) -> Vec<Step> {
    let mut random = SplitMix(index as u64 ^ 0x5eed_0000);
    let count = 8 + random.below(33);
    let load_span = (data_len - 8) as u64 + 1;
    (0..count)
        .map(|_| match random.below(6) {
            0 => Step::MulAdd {
                mul: random.next() as i64 | 1,
                add: random.next() as i64 >> random.below(64),
            },
            1 => Step::XorShift {
                shift: 1 + random.below(63) as u32,
            },
            2 => Step::Rotate {
                shift: 1 + random.below(63) as u32,
            },
            3 => Step::Load {
                address: random.below(load_span) as u32,
            },
            4 => Step::Branch {
                amount: random.next() as i64 >> 20,
            },
            _ => Step::Loop {
                count: 1 + random.below(8) as u32,
            },
        })
        .collect()
}

/// The constant `f_i` xors into its argument to `f_{i-1}`.
fn chain_key(index: usize) -> i64 {
    (index as i64).wrapping_mul(0x0123_4567_89ab_cdef) ^ 0x7777
}

/// The data segment: pseudo-random bytes.
fn data_bytes(len: usize) -> Vec<u8> {
    let mut random = SplitMix(0xda7a);
    (0..len).map(|_| random.next() as u8).collect()
}

/// Builds a module with `functions` functions (at least 2) and a data segment of `data_len`
/// bytes (at least 8), and computes the answer of `run` on a fixed argument.
pub fn generate(functions: usize, data_len: usize) -> GeneratedModule {
    let functions = functions.max(2);
    let data = data_bytes(data_len.max(8));
    let bodies: Vec<Vec<Step>> = (0..functions)
        .map(|index| steps_of(index, data.len()))
        .collect();
    let argument = 12_345;
    let last = functions - 1;
    let middle = functions / 2;
    let model = Model {
        bodies: &bodies,
        data: &data,
    };
    let x = i64::from(argument);
    let answer = model.call(last, x).wrapping_add(model.call(middle, x)) as u64;
    GeneratedModule {
        wasm: encode(&bodies, &data, last, middle),
        functions,
        data_len: data.len(),
        argument,
        answer,
    }
}

/// The native model: what each generated function computes.
struct Model<'a> {
    bodies: &'a [Vec<Step>],
    data: &'a [u8],
}

impl Model<'_> {
    fn call(&self, index: usize, x: i64) -> i64 {
        let mut acc = x;
        for step in &self.bodies[index] {
            acc = match *step {
                Step::MulAdd { mul, add } => acc.wrapping_mul(mul).wrapping_add(add),
                Step::XorShift { shift } => acc ^ ((acc as u64) >> shift) as i64,
                Step::Rotate { shift } => acc.rotate_left(shift),
                Step::Load { address } => acc.wrapping_add(self.load(address)),
                Step::Branch { amount } if acc & 1 == 0 => acc.wrapping_sub(amount),
                Step::Branch { amount } => acc.wrapping_add(amount),
                Step::Loop { count } => {
                    (0..count).fold(acc, |a, _| a.wrapping_mul(3).wrapping_add(1))
                }
            };
        }
        if !index.is_multiple_of(CHAIN) {
            acc = acc.wrapping_add(self.call(index - 1, acc ^ chain_key(index)));
        }
        acc
    }

    fn load(&self, address: u32) -> i64 {
        let start = address as usize;
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&self.data[start..start + 8]);
        i64::from_le_bytes(bytes)
    }
}

// Opcodes and type codes used below.
const I32: u8 = 0x7f;
const I64: u8 = 0x7e;
const LOCAL_GET: u8 = 0x20;
const LOCAL_SET: u8 = 0x21;
const LOCAL_TEE: u8 = 0x22;
const I32_CONST: u8 = 0x41;
const I64_CONST: u8 = 0x42;

/// Encodes the whole module: types, functions, memory, export, code, data.
fn encode(bodies: &[Vec<Step>], data: &[u8], last: usize, middle: usize) -> Vec<u8> {
    let mut module = HEADER.to_vec();

    // Type 0: (i64) -> i64 for the f_i; type 1: (i32) -> i64 for `run`.
    write_section(
        &mut module,
        1,
        &[2, 0x60, 1, I64, 1, I64, 0x60, 1, I32, 1, I64],
    );

    let mut function_types = Vec::new();
    write_len(&mut function_types, bodies.len() + 1);
    function_types.extend(std::iter::repeat_n(0, bodies.len()));
    function_types.push(1);
    write_section(&mut module, 3, &function_types);

    let mut memory = vec![1, 0x00];
    write_len(&mut memory, data.len() / 65_536 + 1);
    write_section(&mut module, 5, &memory);

    let mut export = vec![1, 3];
    export.extend_from_slice(b"run");
    export.push(0x00);
    write_len(&mut export, bodies.len());
    write_section(&mut module, 7, &export);

    let mut code = Vec::new();
    write_len(&mut code, bodies.len() + 1);
    for (index, steps) in bodies.iter().enumerate() {
        let body = encode_function(index, steps);
        write_len(&mut code, body.len());
        code.extend_from_slice(&body);
    }
    let run = encode_run(last, middle);
    write_len(&mut code, run.len());
    code.extend_from_slice(&run);
    write_section(&mut module, 10, &code);

    // One active segment at address 0 of memory 0.
    let mut segment = vec![1, 0x00, I32_CONST, 0x00, 0x0b];
    write_len(&mut segment, data.len());
    segment.extend_from_slice(data);
    write_section(&mut module, 11, &segment);
    module
}

/// `f_index`: local 0 is `x`, local 1 the accumulator (i64), local 2 a loop counter (i32).
fn encode_function(index: usize, steps: &[Step]) -> Vec<u8> {
    let mut body = vec![2, 1, I64, 1, I32, LOCAL_GET, 0, LOCAL_SET, 1];
    for step in steps {
        encode_step(&mut body, *step);
    }
    if !index.is_multiple_of(CHAIN) {
        body.extend_from_slice(&[LOCAL_GET, 1, LOCAL_GET, 1, I64_CONST]);
        write_i64(&mut body, chain_key(index));
        body.extend_from_slice(&[0x85, 0x10]); // i64.xor, call
        write_len(&mut body, index - 1);
        body.extend_from_slice(&[0x7c, LOCAL_SET, 1]); // i64.add
    }
    body.extend_from_slice(&[LOCAL_GET, 1, 0x0b]);
    body
}

fn encode_step(body: &mut Vec<u8>, step: Step) {
    match step {
        Step::MulAdd { mul, add } => {
            body.extend_from_slice(&[LOCAL_GET, 1, I64_CONST]);
            write_i64(body, mul);
            body.extend_from_slice(&[0x7e, I64_CONST]); // i64.mul
            write_i64(body, add);
            body.push(0x7c); // i64.add
        }
        Step::XorShift { shift } => {
            body.extend_from_slice(&[LOCAL_GET, 1, LOCAL_GET, 1, I64_CONST]);
            write_i64(body, i64::from(shift));
            body.extend_from_slice(&[0x88, 0x85]); // i64.shr_u, i64.xor
        }
        Step::Rotate { shift } => {
            body.extend_from_slice(&[LOCAL_GET, 1, I64_CONST]);
            write_i64(body, i64::from(shift));
            body.push(0x89); // i64.rotl
        }
        Step::Load { address } => {
            body.extend_from_slice(&[LOCAL_GET, 1, I32_CONST]);
            write_i64(body, i64::from(address as i32));
            body.extend_from_slice(&[0x29, 0, 0, 0x7c]); // i64.load align=1 offset=0, i64.add
        }
        Step::Branch { amount } => {
            // i64.const 1, i64.and, i64.eqz, if (result i64)
            body.extend_from_slice(&[LOCAL_GET, 1, I64_CONST, 1, 0x83, 0x50, 0x04, I64]);
            body.extend_from_slice(&[LOCAL_GET, 1, I64_CONST]);
            write_i64(body, amount);
            body.extend_from_slice(&[0x7d, 0x05, LOCAL_GET, 1, I64_CONST]); // i64.sub, else
            write_i64(body, amount);
            body.extend_from_slice(&[0x7c, 0x0b]); // i64.add, end
        }
        Step::Loop { count } => {
            body.push(I32_CONST);
            write_i64(body, i64::from(count));
            // local.set 2, loop (empty block type)
            body.extend_from_slice(&[LOCAL_SET, 2, 0x03, 0x40, LOCAL_GET, 1, I64_CONST, 3]);
            body.extend_from_slice(&[0x7e, I64_CONST, 1, 0x7c, LOCAL_SET, 1]); // mul, add
            // counter - 1, tee, br_if 0 (again while not zero), end
            body.extend_from_slice(&[LOCAL_GET, 2, I32_CONST, 1, 0x6b, LOCAL_TEE, 2]);
            body.extend_from_slice(&[0x0d, 0, 0x0b, LOCAL_GET, 1]);
        }
    }
    body.extend_from_slice(&[LOCAL_SET, 1]);
}

/// `run(n: i32) -> i64`: `f_last(n) + f_middle(n)`, `n` zero-extended.
fn encode_run(last: usize, middle: usize) -> Vec<u8> {
    let mut body = vec![0, LOCAL_GET, 0, 0xad, 0x10]; // no locals, i64.extend_i32_u, call
    write_len(&mut body, last);
    body.extend_from_slice(&[LOCAL_GET, 0, 0xad, 0x10]);
    write_len(&mut body, middle);
    body.extend_from_slice(&[0x7c, 0x0b]); // i64.add, end
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::runtimes;

    #[test]
    fn every_runtime_computes_the_models_answer() {
        let module = generate(70, 70_000);
        for runtime in runtimes() {
            let mut instance = runtime
                .instantiate(&module.wasm)
                .expect("the module is valid");
            let answer = instance.run(module.argument).expect("run does not trap");
            assert_eq!(answer, module.answer, "on {}", runtime.name());
        }
    }

    #[test]
    fn the_full_size_module_is_several_megabytes() {
        let module = generate(4_000, 3 << 20);
        assert!(module.wasm.len() > 4 << 20, "{} bytes", module.wasm.len());
        assert_eq!(module.functions, 4_000);
    }
}
