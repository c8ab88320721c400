//! A defined function's code, translated when the module is built (eager) or on the first
//! call (lazy), once per module whichever thread gets there first.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use wasmparser::{
    BinaryReader, FuncToValidate, FuncValidatorAllocations, FunctionBody, ValidatorResources,
};

use super::ModuleData;
use crate::error::Error;
use crate::instr::CompiledFunc;
use crate::translate::{ModuleEnv, translate_function};

/// The bytes of a module's code section, kept for the bodies translated on first call. Only
/// that section is copied: a module's data segments are often a third of its size and have
/// their own copies already.
pub(crate) struct CodeBytes {
    bytes: Arc<[u8]>,
    /// Where `bytes` starts in the module (body ranges are offsets in the module).
    start: u64,
}

impl CodeBytes {
    /// A copy of `range` of the module's `bytes` (wasmparser's range of the code section,
    /// which the parser has not bounds-checked: whatever lies outside is left out, and a body
    /// there is reported missing when it is translated).
    pub(crate) fn copy(bytes: &[u8], range: Range<u64>) -> CodeBytes {
        let end = usize::try_from(range.end).map_or(bytes.len(), |end| end.min(bytes.len()));
        let start = usize::try_from(range.start).map_or(end, |start| start.min(end));
        CodeBytes {
            bytes: Arc::from(&bytes[start..end]),
            start: start as u64,
        }
    }

    /// How many bytes are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.bytes.len()
    }

    /// The bytes at `range` of the module, if they are in the code section.
    fn get(&self, range: &Range<u64>) -> Option<&[u8]> {
        let start = usize::try_from(range.start.checked_sub(self.start)?).ok()?;
        let end = usize::try_from(range.end.checked_sub(self.start)?).ok()?;
        self.bytes.get(start..end)
    }
}

/// What a lazily translated body needs later: where it is, and the validator's view of it.
struct PendingBody {
    /// The body's bytes within the module's bytes (offsets as wasmparser reports them, in the
    /// module, not in the code section).
    range: Range<u64>,
    /// The module's validation state and the function's index and type. Translation
    /// validates again as it goes (that is how it learns operand types), so a body skipped at
    /// `Module::new` ([`crate::CompilationMode::Lazy`]) is validated here.
    resources: ValidatorResources,
    index: u32,
    ty: u32,
    features: wasmparser::WasmFeatures,
}

/// The code of one function defined by a module.
pub(crate) struct FuncCode {
    compiled: OnceLock<Arc<CompiledFunc>>,
    pending: Option<PendingBody>,
}

impl FuncCode {
    /// Code translated already.
    pub(crate) fn translated(code: CompiledFunc) -> FuncCode {
        FuncCode {
            compiled: OnceLock::from(Arc::new(code)),
            pending: None,
        }
    }

    /// Code to translate on first use, from the body at `range` of the module's bytes.
    pub(crate) fn pending(func: FuncToValidate<ValidatorResources>, range: Range<u64>) -> FuncCode {
        FuncCode {
            compiled: OnceLock::new(),
            pending: Some(PendingBody {
                range,
                resources: func.resources,
                index: func.index,
                ty: func.ty,
                features: func.features,
            }),
        }
    }

    /// The translated code, if it exists yet.
    pub(crate) fn get(&self) -> Option<&Arc<CompiledFunc>> {
        self.compiled.get()
    }
}

impl ModuleData {
    /// The translated code of defined function `defined` (0 is the first function the module
    /// defines, after its imports), translating it now if nobody has yet.
    pub(crate) fn compiled(&self, defined: usize) -> Result<Arc<CompiledFunc>, Error> {
        let Some(code) = self.funcs.get(defined) else {
            return Err(Error::usage("no such function in this module"));
        };
        if let Some(done) = code.compiled.get() {
            return Ok(done.clone());
        }
        let translated = Arc::new(self.translate_pending(defined, code)?);
        // Two threads may both have translated it; the first one stored is the one every
        // instance shares, and the other copy is dropped.
        Ok(code.compiled.get_or_init(|| translated).clone())
    }

    #[cold]
    #[inline(never)]
    fn translate_pending(&self, defined: usize, code: &FuncCode) -> Result<CompiledFunc, Error> {
        let (Some(pending), Some(section)) = (&code.pending, &self.code) else {
            return Err(Error::usage("a function's code is missing from its module"));
        };
        let Some(body_bytes) = section.get(&pending.range) else {
            return Err(Error::usage(
                "a function's body lies outside its module's bytes",
            ));
        };
        let body = FunctionBody::new(BinaryReader::new(body_bytes, pending.range.start));
        let func = FuncToValidate {
            resources: pending.resources.clone(),
            index: pending.index,
            ty: pending.ty,
            features: pending.features,
        };
        let mut validator = func.into_validator(FuncValidatorAllocations::default());
        let type_index = self
            .func_types
            .get(self.num_imported_funcs as usize + defined)
            .copied()
            .unwrap_or(0);
        let env = ModuleEnv {
            types: &self.types,
            type_ids: &self.type_ids,
            func_types: &self.func_types,
            global_types: &self.global_types,
            consume_fuel: self.engine.emits_charge_points(),
            memory0_is_64: self.memory0_is_64(),
        };
        translate_function(&env, type_index, &body, &mut validator)
    }
}
