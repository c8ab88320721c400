//! Translation of validated wasm function bodies into the internal register code
//! ([`crate::instr`]). One pass per function, operator by operator, right after the
//! validator has accepted each operator (so every stack height is trustworthy).

mod acc;
mod atomic;
mod control;
mod fuel;
mod fuse;
mod fused_loads;
pub(crate) mod jump_threading;
mod loop_consts;
mod memory_at;
mod ops;
mod simd;
mod stack;
mod step_branch;
mod tail_call;
mod typed_refs;
// The tests build modules from WebAssembly text.
#[cfg(all(test, feature = "wat"))]
mod tests;

use crate::error::Error;
use crate::instr::{CompiledFunc, Instr, Slot};
use crate::types::{FuncType, GlobalType, ValType};
use control::Control;
use stack::Operand;
use wasmparser::{FuncValidator, FunctionBody, ValidatorResources};

/// What the translator needs to know about the module.
pub(crate) struct ModuleEnv<'a> {
    /// The module's function types.
    pub types: &'a [FuncType],
    /// Engine-wide ids of `types`.
    pub type_ids: &'a [u32],
    /// Type index of every function (imports first).
    pub func_types: &'a [u32],
    /// Type of every global (imports first).
    pub global_types: &'a [GlobalType],
    /// Whether to emit fuel charge points (for [`crate::Config::consume_fuel`] or
    /// [`crate::Config::interruptible`]).
    pub consume_fuel: bool,
    /// Whether memory 0 is a memory64: its loads and stores then become `LoadAt`/`StoreAt`,
    /// so that the memory-0 instructions can take their addresses as 32 bits.
    pub memory0_is_64: bool,
}

impl ModuleEnv<'_> {
    fn func_type(&self, func: u32) -> &FuncType {
        let ty = self.func_types.get(func as usize).copied().unwrap_or(0);
        &self.types[ty as usize]
    }
}

/// State of one function's translation.
pub(crate) struct FuncTranslator<'a> {
    env: &'a ModuleEnv<'a>,
    code: Vec<Instr>,
    stack: Vec<Operand>,
    /// The first slot of each stack position and whether it is a `v128` (two slots);
    /// entries past the stack's length are stale.
    shape: Vec<(Slot, bool)>,
    /// The first slot of each local and whether it is a `v128`.
    locals: Vec<(Slot, bool)>,
    control: Vec<Control>,
    /// The first slot of the operand stack: after the local slots (params and declared
    /// locals, two slots per `v128`) and the constant slots.
    stack_base: Slot,
    /// Constants that live in slots of their own (see `loop_consts`).
    consts: loop_consts::ConstSlots,
    num_results: u32,
    max_height: u32,
    /// How many `Operand::Local` entries are on `stack` (lets most ops skip scans).
    local_refs: usize,
    /// False after an unconditional branch until the next reachable label.
    reachable: bool,
    /// Blocks opened inside unreachable code, skipped until their `end`.
    dead_depth: u32,
    /// The last emitted instruction wrote a fresh temp in this slot and no label is bound
    /// after it: `local.set` may retarget it.
    last_result: Option<(usize, Slot)>,
    /// `last_result` as it was before the last instruction was emitted, when that
    /// instruction wrote a fresh temp (a constant, say): lets a fusion look one further back.
    prior_result: Option<(usize, Slot)>,
    /// The open fuel charge point (unused when fuel is off).
    fuel: fuel::FuelState,
}

/// Validates and translates one function body.
pub(crate) fn translate_function(
    env: &ModuleEnv<'_>,
    type_index: u32,
    body: &FunctionBody<'_>,
    validator: &mut FuncValidator<ValidatorResources>,
) -> Result<CompiledFunc, Error> {
    let ty = &env.types[type_index as usize];
    let mut local_layout: Vec<(Slot, bool)> = Vec::with_capacity(ty.params().len());
    let add_locals = |layout: &mut Vec<(Slot, bool)>, count: u32, wide: bool| {
        for _ in 0..count {
            let next = layout.last().map_or(0, |&(s, w)| s + 1 + u32::from(w));
            layout.push((next, wide));
        }
    };
    for &p in ty.params() {
        add_locals(&mut local_layout, 1, p == ValType::V128);
    }
    let local_slots =
        |layout: &[(Slot, bool)]| layout.last().map_or(0, |&(s, w)| s + 1 + u32::from(w));
    let num_params = local_slots(&local_layout);
    let mut locals = body.get_locals_reader().map_err(decode_error)?;
    for _ in 0..locals.get_count() {
        let offset = locals.original_position();
        let (count, ty) = locals.read().map_err(decode_error)?;
        validator
            .define_locals(offset, count, ty)
            .map_err(decode_error)?;
        add_locals(&mut local_layout, count, ty == wasmparser::ValType::V128);
    }
    let num_locals = local_slots(&local_layout);
    let first = translate_body(
        env,
        ty,
        &local_layout,
        num_locals,
        body,
        Some(validator),
        Vec::new(),
    )?;
    let (code, frame_size) = match first.consts.wanted() {
        [] => first.finish(ty)?,
        wanted => {
            // Constants inside loops: once more, with slots for them (see `loop_consts`).
            let wanted = wanted.to_vec();
            translate_body(env, ty, &local_layout, num_locals, body, None, wanted)?.finish(ty)?
        }
    };
    Ok(CompiledFunc::new(&code, num_params, num_locals, frame_size))
}

/// Translates the operators of `body` (validating each, if `validator` is given), with
/// constant slots for `const_values`.
fn translate_body<'a>(
    env: &'a ModuleEnv<'a>,
    ty: &FuncType,
    local_layout: &[(Slot, bool)],
    num_locals: Slot,
    body: &FunctionBody<'_>,
    mut validator: Option<&mut FuncValidator<ValidatorResources>>,
    const_values: Vec<u64>,
) -> Result<FuncTranslator<'a>, Error> {
    let consts = loop_consts::ConstSlots::new(const_values, num_locals);
    let mut t = FuncTranslator {
        env,
        code: Vec::new(),
        stack: Vec::new(),
        shape: Vec::new(),
        locals: local_layout.to_vec(),
        control: Vec::new(),
        stack_base: num_locals + consts.len(),
        consts,
        num_results: ty.results().len() as u32,
        max_height: 0,
        local_refs: 0,
        reachable: true,
        dead_depth: 0,
        last_result: None,
        prior_result: None,
        fuel: fuel::FuelState::default(),
    };
    t.fill_const_slots();
    t.push_function_frame(ty.clone());
    t.begin_fuel_block();
    let mut reader = body.get_operators_reader().map_err(decode_error)?;
    while !reader.eof() {
        let offset = reader.original_position();
        let op = reader.read().map_err(decode_error)?;
        if let Some(validator) = validator.as_deref_mut() {
            validator.op(offset, &op).map_err(decode_error)?;
        }
        t.translate_operator(&op)?;
        t.count_fuel_op();
    }
    reader.finish().map_err(decode_error)?;
    t.finish_fuel_block();
    Ok(t)
}

impl FuncTranslator<'_> {
    /// Runs the passes over the finished code; returns it and the frame size.
    fn finish(mut self, ty: &FuncType) -> Result<(Box<[Instr]>, u32), Error> {
        jump_threading::thread_jumps(&mut self.code);
        step_branch::fuse_step_branches(&mut self.code);
        acc::use_accumulator(&mut self.code);
        fused_loads::fuse_loads(&mut self.code);
        // Branch targets become offsets from the branch itself, so the executor needs no
        // register for the start of the code.
        for (pc, instr) in self.code.iter_mut().enumerate() {
            if let Some(target) = instr.branch_target_mut() {
                *target = (i64::from(*target) - pc as i64) as i32 as u32;
            }
        }
        // One scratch slot past the deepest stack (for wide memory64 offsets).
        let frame_size = (self.stack_base as u64 + self.max_height as u64 + 1)
            .max(u64::from(slot_count(ty.results())));
        let frame_size = u32::try_from(frame_size)
            .map_err(|_| Error::new(crate::ErrorKind::Limit, "function frame too large"))?;
        Ok((self.code.into_boxed_slice(), frame_size))
    }
}

/// Converts a wasmparser error into a decode error (or "unsupported" when the SIMD
/// proposals are switched off).
#[cold]
pub(crate) fn decode_error(e: wasmparser::BinaryReaderError) -> Error {
    let message = e.message();
    if message.contains("SIMD support is not enabled") {
        return Error::new(
            crate::ErrorKind::Unsupported,
            format!(
                "SIMD is switched off in this engine's configuration (at offset {:#x})",
                e.offset()
            ),
        );
    }
    Error::decode(message, e.offset())
}

/// The number of slots values of `types` take (two per `v128`).
pub(crate) fn slot_count(types: &[ValType]) -> u32 {
    types
        .iter()
        .map(|&t| 1 + u32::from(t == ValType::V128))
        .sum()
}

impl FuncTranslator<'_> {
    /// Appends an instruction; returns its index.
    pub(super) fn emit(&mut self, instr: Instr) -> usize {
        self.last_result = None;
        self.code.push(instr);
        self.code.len() - 1
    }

    /// Appends an instruction that writes a fresh temp at `dst`.
    pub(super) fn emit_result(&mut self, instr: Instr, dst: Slot) {
        let prior = self.last_result;
        let at = self.emit(instr);
        self.prior_result = prior;
        self.last_result = Some((at, dst));
    }

    /// The index the next instruction will get.
    pub(super) fn next_pc(&self) -> u32 {
        self.code.len() as u32
    }

    /// The scratch slot past the operand stack.
    pub(super) fn scratch_slot(&self) -> Slot {
        // Patched at the end would be nicer; the maximum stack height is not known yet, so
        // use a slot beyond the current maximum and make sure the frame covers it.
        self.stack_base + self.max_height
    }
}
