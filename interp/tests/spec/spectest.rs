//! The `spectest` host module every spec script may import from, as the reference
//! interpreter's harness defines it: printing functions that do nothing, four constant
//! globals, a table and a memory.

use interp::{
    Error, FuncType, Global, GlobalType, Linker, Memory, MemoryType, Mutability, Store, Table,
    TableType, Val, ValType,
};

/// Defines every `spectest` item in `linker`, allocating the stateful ones in `store`.
pub fn define_spectest(linker: &mut Linker<()>, store: &mut Store<()>) -> Result<(), Error> {
    define_print_functions(linker)?;
    define_globals(linker, store)?;

    let table_type = TableType {
        element: ValType::FuncRef,
        minimum: 10,
        maximum: Some(20),
        table64: false,
    };
    let table = Table::new(store, table_type, Val::FuncRef(None))?;
    linker.define("spectest", "table", table)?;

    let memory_type = MemoryType {
        minimum: 1,
        maximum: Some(2),
        memory64: false,
        shared: false,
    };
    let memory = Memory::new(store, memory_type)?;
    linker.define("spectest", "memory", memory)?;

    let shared_memory_type = MemoryType {
        shared: true,
        ..memory_type
    };
    let shared_memory = Memory::new(store, shared_memory_type)?;
    linker.define("spectest", "shared_memory", shared_memory)?;
    Ok(())
}

/// The printing functions. The suite never checks what they print, so they print nothing:
/// that keeps the run's output readable.
fn define_print_functions(linker: &mut Linker<()>) -> Result<(), Error> {
    use ValType::{F32, F64, I32, I64};
    let signatures: [(&str, &[ValType]); 7] = [
        ("print", &[]),
        ("print_i32", &[I32]),
        ("print_i64", &[I64]),
        ("print_f32", &[F32]),
        ("print_f64", &[F64]),
        ("print_i32_f32", &[I32, F32]),
        ("print_f64_f64", &[F64, F64]),
    ];
    for (name, params) in signatures {
        let ty = FuncType::new(params.iter().copied(), []);
        linker.func_new("spectest", name, ty, |_caller, _params, _results| Ok(()))?;
    }
    Ok(())
}

/// The immutable globals: 666 for the integers, 666.6 for the floats.
fn define_globals(linker: &mut Linker<()>, store: &mut Store<()>) -> Result<(), Error> {
    let globals = [
        ("global_i32", Val::I32(666)),
        ("global_i64", Val::I64(666)),
        ("global_f32", Val::F32(666.6_f32.to_bits())),
        ("global_f64", Val::F64(666.6_f64.to_bits())),
    ];
    for (name, value) in globals {
        let ty = GlobalType {
            content: value.ty(),
            mutability: Mutability::Const,
        };
        let global = Global::new(store, ty, value)?;
        linker.define("spectest", name, global)?;
    }
    Ok(())
}
