//! Instantiation as the spec (2.0) orders it: match imports, allocate functions, globals,
//! tables and memories, export, apply element then data segments, run the start function.

use super::{Instance, InstanceData};
use crate::error::{Error, ErrorKind};
use crate::extern_::Extern;
use crate::func::Func;
use crate::module::{ConstExpr, ConstOperand, ExternKind, ImportDecl, Module, SegmentMode};
use crate::ref_type::ExactFuncType;
use crate::store::{ElemData, FuncEntity, FuncKind, Store};
use crate::types::{ExternType, ValType, limits_match};
use crate::{Global, Memory, Table, TrapCode};
use std::collections::HashMap;

#[cold]
fn incompatible(decl: &ImportDecl, why: &str) -> Error {
    Error::new(
        ErrorKind::Link,
        format!(
            "incompatible import type for `{}`.`{}`: {why}",
            decl.module, decl.name
        ),
    )
}

/// Evaluates a constant expression in the instance being built.
fn eval<T>(store: &Store<T>, data: &InstanceData, e: &ConstExpr) -> u64 {
    e.evaluate(|operand| match operand {
        ConstOperand::Bits(b) => b,
        ConstOperand::V128(v) => v as u64,
        ConstOperand::Null => 0,
        ConstOperand::RefFunc(i) => data.funcs.get(i as usize).map_or(0, |&f| u64::from(f) + 1),
        ConstOperand::GlobalGet(i) => data
            .globals
            .get(i as usize)
            .map_or(0, |&g| store.inner.globals[g as usize].value),
    })
}

/// Checks one import and records its store index in `data`.
fn link_import<T>(
    store: &Store<T>,
    decl: &ImportDecl,
    ext: &Extern,
    data: &mut InstanceData,
) -> Result<(), Error> {
    let id = store.inner.id;
    match (&decl.ty, ext) {
        (ExternType::Func(want), Extern::Func(f)) => {
            if f.store != id {
                return Err(Error::foreign());
            }
            let e = f.entity(store)?;
            // By the exact types: the API's `want` shows every function reference as
            // `FuncRef`, so types that differ in the function types their references name
            // look equal there.
            let matches = match decl.type_id {
                Some(id) => e.type_id == id,
                None => &e.ty == want,
            };
            if !matches {
                let engine = &store.inner.engine;
                let have = engine.exact_type(e.type_id);
                let declared = match decl.type_id {
                    Some(id) => engine.exact_type(id),
                    None => ExactFuncType::of_host(want),
                };
                let why = ExactFuncType::mismatch(&have, &declared, &|id| engine.exact_type(id));
                return Err(incompatible(decl, &format!("function types differ: {why}")));
            }
            data.funcs.push(f.index);
        }
        (ExternType::Global(want), Extern::Global(g)) => {
            if g.store != id {
                return Err(Error::foreign());
            }
            if g.ty(store) != *want {
                return Err(incompatible(decl, "global types differ"));
            }
            // A reference global matches by its declared type: a constant one may be of a
            // subtype, a mutable one must be of the same type.
            let mutable = want.mutability == crate::Mutability::Var;
            let matches = match (store.inner.globals[g.index as usize].exact, decl.exact) {
                (Some(have), Some(declared)) if mutable => have == declared,
                (Some(have), Some(declared)) => have.is_subtype_of(declared),
                _ => true,
            };
            if !matches {
                return Err(incompatible(decl, "global reference types differ"));
            }
            data.globals.push(g.index);
        }
        (ExternType::Memory(want), Extern::Memory(m)) => {
            if m.store != id {
                return Err(Error::foreign());
            }
            let have = m.ty(store);
            if have.memory64 != want.memory64
                || have.shared != want.shared
                || !limits_match((have.minimum, have.maximum), (want.minimum, want.maximum))
            {
                return Err(incompatible(decl, "memory limits do not match"));
            }
            data.memories.push(m.index);
        }
        (ExternType::Table(want), Extern::Table(t)) => {
            if t.store != id {
                return Err(Error::foreign());
            }
            let have = t.ty(store);
            let exact = store.inner.tables[t.index as usize].exact;
            if have.element != want.element
                || exact != decl.exact
                || have.table64 != want.table64
                || !limits_match((have.minimum, have.maximum), (want.minimum, want.maximum))
            {
                return Err(incompatible(decl, "table types do not match"));
            }
            data.tables.push(t.index);
        }
        _ => return Err(incompatible(decl, "the kinds differ")),
    }
    Ok(())
}

/// Instantiates `module` with positional `imports`.
pub(crate) fn instantiate<T>(
    store: &mut Store<T>,
    module: &Module,
    imports: &[Extern],
) -> Result<Instance, Error> {
    let m = &*module.data;
    if !m.engine.same(&store.inner.engine) {
        return Err(Error::usage(
            "the module was compiled for a different engine",
        ));
    }
    if imports.len() != m.imports.len() {
        return Err(Error::new(
            ErrorKind::Link,
            format!(
                "unknown import: the module needs {} imports, {} were given",
                m.imports.len(),
                imports.len()
            ),
        ));
    }
    let mut data = InstanceData {
        module: module.clone(),
        funcs: Vec::new(),
        tables: Vec::new(),
        memories: Vec::new(),
        globals: Vec::new(),
        elems: Vec::new(),
        datas: Vec::new(),
        exports: Vec::new(),
        export_index: HashMap::new(),
    };
    for (decl, ext) in m.imports.iter().zip(imports) {
        link_import(store, decl, ext, &mut data)?;
    }
    let inst = store.inner.instances.len() as u32;
    let id = store.inner.id;
    for (i, code) in m.funcs.iter().enumerate() {
        let ti = m.func_types[m.num_imported_funcs as usize + i] as usize;
        data.funcs.push(store.inner.funcs.len() as u32);
        let kind = match code.get() {
            Some(code) => FuncKind::Wasm {
                instance: inst,
                code: code.clone(),
            },
            None => FuncKind::Untranslated {
                instance: inst,
                module: module.clone(),
                defined: i as u32,
            },
        };
        store.inner.funcs.push(FuncEntity {
            type_id: m.type_ids[ti],
            ty: m.types[ti].clone(),
            kind,
        });
    }
    for (i, init) in m.global_inits.iter().enumerate() {
        let at = m.num_imported_globals as usize + i;
        let ty = m.global_types[at];
        let (value, high) = match (ty.content, init) {
            (ValType::V128, ConstExpr::Single(ConstOperand::V128(v))) => crate::simd::to_halves(*v),
            (ValType::V128, ConstExpr::Single(ConstOperand::GlobalGet(i))) => {
                data.globals.get(*i as usize).map_or((0, 0), |&g| {
                    let g = &store.inner.globals[g as usize];
                    (g.value, g.high)
                })
            }
            _ => (eval(store, &data, init), 0),
        };
        let global = Global::alloc_exact(store, ty, value, high, m.global_refs[at]);
        data.globals.push(global.index);
    }
    for (i, init) in m.table_inits.iter().enumerate() {
        let at = m.num_imported_tables as usize + i;
        let value = init.as_ref().map_or(0, |e| eval(store, &data, e));
        let table = Table::alloc(store, m.table_types[at], value)?;
        store.inner.tables[table.index as usize].exact = m.table_refs[at];
        data.tables.push(table.index);
    }
    for ty in &m.memory_types[m.num_imported_memories as usize..] {
        data.memories.push(Memory::alloc(store, *ty)?.index);
    }
    for e in &m.exports {
        let i = e.index as usize;
        let ext = match e.kind {
            ExternKind::Func => Extern::Func(Func {
                store: id,
                index: data.funcs[i],
            }),
            ExternKind::Table => Extern::Table(Table {
                store: id,
                index: data.tables[i],
            }),
            ExternKind::Memory => Extern::Memory(Memory {
                store: id,
                index: data.memories[i],
            }),
            ExternKind::Global => Extern::Global(Global {
                store: id,
                index: data.globals[i],
            }),
        };
        data.export_index
            .insert(e.name.clone().into_boxed_str(), data.exports.len());
        data.exports.push((e.name.clone().into_boxed_str(), ext));
    }
    for seg in &m.elems {
        let items: Vec<u64> = seg.items.iter().map(|e| eval(store, &data, e)).collect();
        data.elems.push(store.inner.elems.len() as u32);
        store.inner.elems.push(ElemData { items });
    }
    for seg in &m.datas {
        data.datas.push(store.inner.datas.len() as u32);
        store.inner.datas.push(Some(seg.bytes.clone()));
    }
    store.inner.instances.push(data);
    let instance = Instance {
        store: id,
        index: inst,
    };
    init_segments(store, module, inst)?;
    if let Some(start) = m.start {
        let f = store.inner.instances[inst as usize].funcs[start as usize];
        crate::func::call_func(
            store,
            Func {
                store: id,
                index: f,
            },
            &[],
            &mut [],
        )?;
    }
    Ok(instance)
}

/// Applies active element and data segments in order, then drops them (and declared ones).
fn init_segments<T>(store: &mut Store<T>, module: &Module, inst: u32) -> Result<(), Error> {
    let m = &*module.data;
    for (i, seg) in m.elems.iter().enumerate() {
        let data = &store.inner.instances[inst as usize];
        let e = data.elems[i] as usize;
        match &seg.mode {
            SegmentMode::Passive => continue,
            SegmentMode::Declared => {}
            SegmentMode::Active { index, offset } => {
                let t = data.tables[*index as usize] as usize;
                let off = eval(store, data, offset);
                let n = store.inner.elems[e].items.len() as u64;
                let len = store.inner.tables[t].elems.len() as u64;
                if off.checked_add(n).is_none_or(|end| end > len) {
                    return Err(Error::trap(TrapCode::TableOutOfBounds));
                }
                let items = core::mem::take(&mut store.inner.elems[e].items);
                let off = off as usize;
                store.inner.tables[t].elems[off..off + items.len()].copy_from_slice(&items);
            }
        }
        store.inner.elems[e].items = Vec::new();
    }
    for (i, seg) in m.datas.iter().enumerate() {
        let data = &store.inner.instances[inst as usize];
        let d = data.datas[i] as usize;
        let SegmentMode::Active { index, offset } = &seg.mode else {
            continue;
        };
        let mi = data.memories[*index as usize] as usize;
        let off = eval(store, data, offset);
        if !store.inner.memories[mi].write(off, &seg.bytes) {
            return Err(Error::trap(TrapCode::MemoryOutOfBounds));
        }
        store.inner.datas[d] = None;
    }
    Ok(())
}
