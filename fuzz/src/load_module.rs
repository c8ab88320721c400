//! The oracle of the `load_module` target: arbitrary bytes go to `Module::new`; a module that
//! validates is instantiated with a default for every import and each exported function is
//! called with zero arguments under small [`StoreLimits`]. Nothing may panic or abort.
//!
//! The engine has no fuel or epoch interruption yet, so this target must not run code that can
//! loop forever. Without a `loop` opcode a function body runs each instruction at most once per
//! call, so run time is bounded by the call tree, which the call-depth limit cuts. The limits:
//! - a module with a `loop` in any body has none of its functions called, and is not even
//!   instantiated when it has a start function;
//! - the call depth shrinks when bodies have several call sites (a branching call tree grows
//!   exponentially with depth) or use bulk memory/table instructions (each may touch MiBs).

use interp::{
    Engine, Error, ExternType, Func, FuncType, Global, Instance, Linker, Memory, Module, Store,
    StoreLimits, Table, Val,
};
use wasmparser::{Operator, Parser, Payload};

/// Linear memories may not grow past this.
const MAX_MEMORY_BYTES: u64 = 16 * 1024 * 1024;
/// Tables may not grow past this.
const MAX_TABLE_ELEMENTS: u64 = 10_000;
/// The call depth for modules whose call tree is a path.
const MAX_CALL_DEPTH: u32 = 1000;
/// The call depth for modules whose calls may touch many bytes or branch.
const SMALL_CALL_DEPTH: u32 = 12;
/// Function invocations a branching call tree may reach.
const CALL_BUDGET: f64 = 20_000.0;

/// What a static scan of the code section says about run time.
#[derive(Debug, Default, Clone, Copy)]
struct CodeShape {
    /// Some body contains `loop`.
    has_loop: bool,
    /// The module has a start function.
    has_start: bool,
    /// The most `call`/`call_indirect` sites in one body.
    max_call_sites: u32,
    /// Some body uses `memory.fill/copy/init` or `table.fill/copy/init/grow`.
    has_bulk: bool,
}

impl CodeShape {
    /// Scans a module that already validated; a parse error ends the scan with what was seen.
    fn scan(bytes: &[u8]) -> CodeShape {
        let mut shape = CodeShape::default();
        for payload in Parser::new(0).parse_all(bytes) {
            match payload {
                Ok(Payload::StartSection { .. }) => shape.has_start = true,
                Ok(Payload::CodeSectionEntry(body)) => shape.scan_body(&body),
                Ok(_) => {}
                Err(_) => break,
            }
        }
        shape
    }

    fn scan_body(&mut self, body: &wasmparser::FunctionBody<'_>) {
        let Ok(mut reader) = body.get_operators_reader() else {
            return;
        };
        let mut call_sites = 0u32;
        while !reader.eof() {
            let Ok(op) = reader.read() else { break };
            match op {
                Operator::Loop { .. } => self.has_loop = true,
                Operator::Call { .. } | Operator::CallIndirect { .. } => {
                    call_sites = call_sites.saturating_add(1)
                }
                Operator::MemoryFill { .. }
                | Operator::MemoryCopy { .. }
                | Operator::MemoryInit { .. }
                | Operator::TableFill { .. }
                | Operator::TableCopy { .. }
                | Operator::TableInit { .. }
                | Operator::TableGrow { .. } => self.has_bulk = true,
                _ => {}
            }
        }
        self.max_call_sites = self.max_call_sites.max(call_sites);
    }

    /// A call depth under which every call finishes quickly.
    fn call_depth(&self) -> u32 {
        if self.has_bulk {
            return SMALL_CALL_DEPTH;
        }
        if self.max_call_sites <= 1 {
            return MAX_CALL_DEPTH;
        }
        let depth = CALL_BUDGET.ln() / f64::from(self.max_call_sites).ln();
        // `depth` is finite and between 0 and ~15 here, so the cast cannot saturate.
        (depth as u32).clamp(1, MAX_CALL_DEPTH)
    }
}

/// Runs one input: never panics unless the engine does.
pub fn run(bytes: &[u8]) {
    let engine = Engine::default();
    let Ok(module) = Module::new(&engine, bytes) else {
        return;
    };
    let shape = CodeShape::scan(bytes);
    if shape.has_loop && shape.has_start {
        return;
    }
    let mut store = Store::new(&engine, ());
    store.set_limits(StoreLimits {
        max_memory_bytes: MAX_MEMORY_BYTES,
        max_table_elements: MAX_TABLE_ELEMENTS,
        max_call_depth: shape.call_depth(),
    });
    let Ok(linker) = dummy_linker(&mut store, &module) else {
        return;
    };
    let Ok(instance) = linker.instantiate(&mut store, &module) else {
        return;
    };
    if shape.has_loop {
        return;
    }
    call_every_export(&mut store, instance);
}

/// A linker defining every import of `module` with a default of its type.
fn dummy_linker(store: &mut Store<()>, module: &Module) -> Result<Linker<()>, Error> {
    let mut linker = Linker::new(store.engine());
    linker.allow_shadowing(true);
    let imports: Vec<(String, String, ExternType)> = module
        .imports()
        .map(|import| {
            (
                import.module().to_owned(),
                import.name().to_owned(),
                import.ty(),
            )
        })
        .collect();
    for (module_name, name, ty) in imports {
        match ty {
            ExternType::Func(func_ty) => {
                let result_types = func_ty.results().to_vec();
                linker.func_new(
                    &module_name,
                    &name,
                    func_ty,
                    move |_caller, _params, results| {
                        for (result, &ty) in results.iter_mut().zip(&result_types) {
                            *result = Val::default_for(ty);
                        }
                        Ok(())
                    },
                )?;
            }
            ExternType::Global(global_ty) => {
                let global = Global::new(store, global_ty, Val::default_for(global_ty.content))?;
                linker.define(&module_name, &name, global)?;
            }
            ExternType::Memory(memory_ty) => {
                let memory = Memory::new(store, memory_ty)?;
                linker.define(&module_name, &name, memory)?;
            }
            ExternType::Table(table_ty) => {
                let table = Table::new(store, table_ty, Val::default_for(table_ty.element))?;
                linker.define(&module_name, &name, table)?;
            }
        }
    }
    Ok(linker)
}

/// Calls each exported function with zero arguments; traps and errors are fine.
fn call_every_export(store: &mut Store<()>, instance: Instance) {
    let funcs: Vec<Func> = instance
        .exports(store)
        .filter_map(|(_, export)| export.into_func())
        .collect();
    for func in funcs {
        let ty: FuncType = func.ty(store);
        let params: Vec<Val> = ty.params().iter().map(|&t| Val::default_for(t)).collect();
        let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        if let Err(error) = func.call(store, &params, &mut results) {
            // Every error must render as a message; rendering must not panic.
            let _ = error.to_string();
        }
    }
}
