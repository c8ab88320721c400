//! Validating one function body without translating it (what `Module::new` does for every
//! body by default), with the commonest operators decoded here.
//!
//! wasmparser's own loop ([`FuncValidator::validate`]) decodes every operator in one big
//! function that the compiler keeps out of line, and from there calls the validator's check
//! for that operator, and the LEB reader, out of line too: several calls per operator. Here the
//! operators that make up most of real code (local accesses, constants, integer arithmetic,
//! plain loads and stores, blocks, branches, calls) are decoded in this loop and their checks
//! called directly, where they can be inlined; every other operator goes through wasmparser's
//! decoder as before. The checks and their errors are wasmparser's either way.

use wasmparser::{
    BinaryReader, BinaryReaderError, BlockType, FrameStack, FuncValidator, FunctionBody, MemArg,
    MemArgTarget, ValidatorResources, VisitOperator, WasmFeatures,
};

/// Validates `body` with `validator` (made for that body), as
/// [`FuncValidator::validate`] does.
pub(super) fn validate_body(
    validator: &mut FuncValidator<ValidatorResources>,
    body: &FunctionBody<'_>,
    features: WasmFeatures,
) -> Result<(), BinaryReaderError> {
    let mut reader = body.get_binary_reader();
    validator.read_locals(&mut reader)?;
    reader.set_features(features);
    while !reader.eof() {
        let mut visitor = validator.visitor(reader.original_position());
        // After the function's final `end` wasmparser reports the operators left over.
        if visitor.current_frame().is_some() {
            let mut ahead = reader.clone();
            let memory64 = features.memory64();
            // A load or store whose memarg has its common form, with its check.
            macro_rules! access {
                ($visit:ident, $max_align:literal) => {
                    plain_memarg(&mut ahead, $max_align, memory64)?.map(|arg| visitor.$visit(arg))
                };
            }
            let decoded = match ahead.read_u8()? {
                0x02 if empty_block(&mut ahead) => Some(visitor.visit_block(BlockType::Empty)),
                0x03 if empty_block(&mut ahead) => Some(visitor.visit_loop(BlockType::Empty)),
                0x04 if empty_block(&mut ahead) => Some(visitor.visit_if(BlockType::Empty)),
                0x0b => Some(visitor.visit_end()),
                0x0c => Some(visitor.visit_br(ahead.read_var_u32()?)),
                0x0d => Some(visitor.visit_br_if(ahead.read_var_u32()?)),
                0x10 => Some(visitor.visit_call(ahead.read_var_u32()?)),
                0x0f => Some(visitor.visit_return()),
                0x1a => Some(visitor.visit_drop()),
                0x1b => Some(visitor.visit_select()),
                0x20 => Some(visitor.visit_local_get(ahead.read_var_u32()?)),
                0x21 => Some(visitor.visit_local_set(ahead.read_var_u32()?)),
                0x22 => Some(visitor.visit_local_tee(ahead.read_var_u32()?)),
                0x23 => Some(visitor.visit_global_get(ahead.read_var_u32()?)),
                0x24 => Some(visitor.visit_global_set(ahead.read_var_u32()?)),
                0x28 => access!(visit_i32_load, 2),
                0x29 => access!(visit_i64_load, 3),
                0x2d => access!(visit_i32_load8_u, 0),
                0x36 => access!(visit_i32_store, 2),
                0x37 => access!(visit_i64_store, 3),
                0x3a => access!(visit_i32_store8, 0),
                0x41 => Some(visitor.visit_i32_const(ahead.read_var_i32()?)),
                0x42 => Some(visitor.visit_i64_const(ahead.read_var_i64()?)),
                0x45 => Some(visitor.visit_i32_eqz()),
                0x46 => Some(visitor.visit_i32_eq()),
                0x47 => Some(visitor.visit_i32_ne()),
                0x48 => Some(visitor.visit_i32_lt_s()),
                0x49 => Some(visitor.visit_i32_lt_u()),
                0x4a => Some(visitor.visit_i32_gt_s()),
                0x4b => Some(visitor.visit_i32_gt_u()),
                0x4d => Some(visitor.visit_i32_le_u()),
                0x4f => Some(visitor.visit_i32_ge_u()),
                0x50 => Some(visitor.visit_i64_eqz()),
                0x51 => Some(visitor.visit_i64_eq()),
                0x52 => Some(visitor.visit_i64_ne()),
                0x6a => Some(visitor.visit_i32_add()),
                0x6b => Some(visitor.visit_i32_sub()),
                0x6c => Some(visitor.visit_i32_mul()),
                0x71 => Some(visitor.visit_i32_and()),
                0x72 => Some(visitor.visit_i32_or()),
                0x73 => Some(visitor.visit_i32_xor()),
                0x74 => Some(visitor.visit_i32_shl()),
                0x75 => Some(visitor.visit_i32_shr_s()),
                0x76 => Some(visitor.visit_i32_shr_u()),
                0x7c => Some(visitor.visit_i64_add()),
                0x7d => Some(visitor.visit_i64_sub()),
                0x7e => Some(visitor.visit_i64_mul()),
                0x83 => Some(visitor.visit_i64_and()),
                0x84 => Some(visitor.visit_i64_or()),
                0x85 => Some(visitor.visit_i64_xor()),
                0x86 => Some(visitor.visit_i64_shl()),
                0x88 => Some(visitor.visit_i64_shr_u()),
                0x89 => Some(visitor.visit_i64_rotl()),
                0xa7 => Some(visitor.visit_i32_wrap_i64()),
                0xad => Some(visitor.visit_i64_extend_i32_u()),
                _ => None,
            };
            if let Some(checked) = decoded {
                checked?;
                reader = ahead;
                continue;
            }
        }
        reader.visit_operator(&mut visitor)??;
    }
    reader.finish_expression(&validator.visitor(reader.original_position()))
}

/// Reads an empty block type (`0x40`), if that is what comes next.
fn empty_block(reader: &mut BinaryReader<'_>) -> bool {
    let empty = reader.clone().read_u8().is_ok_and(|byte| byte == 0x40);
    if empty {
        // Cannot fail: the byte is there.
        let _ = reader.read_u8();
    }
    empty
}

/// Reads the memarg of a plain load or store whose natural alignment is `2^max_align`, if it
/// has the common form: an alignment, no other flag bits, then the offset. Any other form
/// (a memory index, reserved bits) is left to wasmparser (`None`). Reads what wasmparser reads,
/// in the same order, so a cut-short memarg fails with its error.
fn plain_memarg(
    reader: &mut BinaryReader<'_>,
    max_align: u8,
    memory64: bool,
) -> Result<Option<MemArg>, BinaryReaderError> {
    let flags_and_align = reader.read_var_u32()?;
    if flags_and_align >= 16 {
        return Ok(None);
    }
    let offset = if memory64 {
        reader.read_var_u64()?
    } else {
        u64::from(reader.read_var_u32()?)
    };
    Ok(Some(MemArg {
        align: flags_and_align as u8,
        max_align,
        offset,
        target: MemArgTarget::Memory(0),
        ordering: None,
    }))
}
