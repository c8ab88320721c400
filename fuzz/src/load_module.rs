//! The oracle of the `load_module` target: arbitrary bytes go to `Module::new`; a module that
//! validates is instantiated with a default for every import and each exported function is
//! called with zero arguments, under a fuel budget and small [`StoreLimits`]. Nothing may panic
//! or abort.
//!
//! Fuel, charged at every function entry and loop header, bounds each call: loops and
//! branching call trees included. Bulk memory and table operations are charged like one
//! instruction whatever their length, so a module that uses them gets a smaller budget and a
//! smaller memory, which bounds a call's work at about `BULK_FUEL` fills of `BULK_MEMORY_BYTES`.

use interp::{
    Config, Engine, Error, ExternType, Func, FuncType, Global, Instance, Linker, Memory, Module,
    Store, StoreLimits, Table, Val,
};
use wasmparser::{Operator, Parser, Payload};

/// Fuel for the start function and for each exported call.
const FUEL: u64 = 100_000;
/// Fuel for the same in a module with bulk operations.
const BULK_FUEL: u64 = 1_000;
/// Linear memories may not grow past this.
const MAX_MEMORY_BYTES: u64 = 16 * 1024 * 1024;
/// The same, in a module with bulk operations.
const BULK_MEMORY_BYTES: u64 = 1024 * 1024;
/// Tables may not grow past this.
const MAX_TABLE_ELEMENTS: u64 = 10_000;
/// Wasm frames; deep enough for real recursion, far below the engine's own limits.
const MAX_CALL_DEPTH: u32 = 1000;

/// Whether some body uses `memory.fill/copy/init` or `table.fill/copy/init/grow`, whose cost
/// fuel does not see. Scans a module that already validated; a parse error ends the scan.
fn uses_bulk_operations(bytes: &[u8]) -> bool {
    for payload in Parser::new(0).parse_all(bytes) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let Ok(mut reader) = body.get_operators_reader() else {
            continue;
        };
        while !reader.eof() {
            let Ok(op) = reader.read() else { break };
            if matches!(
                op,
                Operator::MemoryFill { .. }
                    | Operator::MemoryCopy { .. }
                    | Operator::MemoryInit { .. }
                    | Operator::TableFill { .. }
                    | Operator::TableCopy { .. }
                    | Operator::TableInit { .. }
                    | Operator::TableGrow { .. }
            ) {
                return true;
            }
        }
    }
    false
}

/// Runs one input: never panics unless the engine does.
pub fn run(bytes: &[u8]) {
    let engine = Engine::new(Config::new().consume_fuel(true));
    let Ok(module) = Module::new(&engine, bytes) else {
        return;
    };
    let bulk = uses_bulk_operations(bytes);
    let fuel = if bulk { BULK_FUEL } else { FUEL };
    let mut store = Store::new(&engine, ());
    store.set_limits(StoreLimits {
        max_memory_bytes: if bulk {
            BULK_MEMORY_BYTES
        } else {
            MAX_MEMORY_BYTES
        },
        max_table_elements: MAX_TABLE_ELEMENTS,
        max_call_depth: MAX_CALL_DEPTH,
        ..StoreLimits::default()
    });
    let Ok(linker) = dummy_linker(&mut store, &module) else {
        return;
    };
    // The start function runs during instantiation, on this fuel.
    if store.set_fuel(fuel).is_err() {
        return;
    }
    let Ok(instance) = linker.instantiate(&mut store, &module) else {
        return;
    };
    call_every_export(&mut store, instance, fuel);
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

/// Calls each exported function with zero arguments and `fuel` each; traps and errors are fine.
fn call_every_export(store: &mut Store<()>, instance: Instance, fuel: u64) {
    let funcs: Vec<Func> = instance
        .exports(store)
        .filter_map(|(_, export)| export.into_func())
        .collect();
    for func in funcs {
        let ty: FuncType = func.ty(store);
        let params: Vec<Val> = ty.params().iter().map(|&t| Val::default_for(t)).collect();
        let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        if store.set_fuel(fuel).is_err() {
            return;
        }
        if let Err(error) = func.call(store, &params, &mut results) {
            // Every error must render as a message; rendering must not panic.
            let _ = error.to_string();
        }
    }
}
