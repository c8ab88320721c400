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

/// What a lazily translated body needs later: where it is, and the validator's view of it.
struct PendingBody {
    /// The body's bytes within the module's bytes (offsets as wasmparser reports them).
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
        let (Some(pending), Some(bytes)) = (&code.pending, &self.bytes) else {
            return Err(Error::usage("a function's code is missing from its module"));
        };
        let start = usize::try_from(pending.range.start).ok();
        let end = usize::try_from(pending.range.end).ok();
        let Some(body_bytes) = start
            .zip(end)
            .and_then(|(start, end)| bytes.get(start..end))
        else {
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
