//! Decoding and validating a binary module section by section (wasmparser does both), and
//! translating each function body as the validator accepts it.

use super::code_section::{CodeSection, PendingBody};
use super::validate_body::validate_body;
use super::{
    CodeBytes, ConstExpr, ConstOperand, DataSegment, ElemSegment, ExportDecl, ExternKind, FuncCode,
    ImportDecl, ModuleData, SegmentMode,
};
use crate::engine::{CompilationMode, Engine};
use crate::error::{Error, ErrorKind};
use crate::ref_type::{ExactFuncType, ExactRef};
use crate::translate::{ModuleEnv, decode_error, translate_function};
use crate::types::{ExternType, FuncType, GlobalType, MemoryType, Mutability, TableType, ValType};
use std::sync::Arc;
use wasmparser::{
    DataKind, ElementItems, ElementKind, ExternalKind, Imports, Parser, Payload, TableInit,
    TypeRef, ValidPayload, Validator,
};

#[cold]
fn unsupported(what: &str) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!("{what} is not supported by this engine"),
    )
}

fn val_type(ty: wasmparser::ValType) -> Result<ValType, Error> {
    ValType::from_wasmparser(ty).ok_or_else(|| unsupported("this reference type"))
}

fn table_type(t: &wasmparser::TableType) -> Result<TableType, Error> {
    Ok(TableType {
        element: ValType::from_ref_type(t.element_type)
            .ok_or_else(|| unsupported("this table element type"))?,
        minimum: t.initial,
        maximum: t.maximum,
        table64: t.table64,
    })
}

fn memory_type(m: &wasmparser::MemoryType) -> MemoryType {
    MemoryType {
        minimum: m.initial,
        maximum: m.maximum,
        memory64: m.memory64,
        shared: m.shared,
    }
}

fn global_type(g: &wasmparser::GlobalType) -> Result<GlobalType, Error> {
    Ok(GlobalType {
        content: val_type(g.content_type)?,
        mutability: if g.mutable {
            Mutability::Var
        } else {
            Mutability::Const
        },
    })
}

/// Decodes and validates `bytes`, translating function bodies as the engine's mode says.
pub(super) fn parse(engine: &Engine, bytes: &[u8]) -> Result<ModuleData, Error> {
    let mut m = ModuleData {
        engine: engine.clone(),
        types: Vec::new(),
        type_ids: Vec::new(),
        imports: Vec::new(),
        func_types: Vec::new(),
        table_types: Vec::new(),
        table_inits: Vec::new(),
        memory_types: Vec::new(),
        global_types: Vec::new(),
        global_refs: Vec::new(),
        table_refs: Vec::new(),
        global_inits: Vec::new(),
        exports: Vec::new(),
        start: None,
        elems: Vec::new(),
        datas: Vec::new(),
        funcs: Vec::new(),
        code: None,
        num_imported_funcs: 0,
        num_imported_tables: 0,
        num_imported_memories: 0,
        num_imported_globals: 0,
    };
    let features = engine.wasm_features();
    let mut validator = Validator::new_with_features(features);
    let mut parser = Parser::new(0);
    parser.set_features(features);
    let mode = engine.compilation_mode();
    let mut waiting = CodeSection::default();
    let mut code_range = 0..0;
    for payload in parser.parse_all(bytes) {
        // The bodies are checked once the code section is read (or reading it failed): any
        // error of theirs comes before what follows them.
        if !waiting.is_empty() && !matches!(payload, Ok(Payload::CodeSectionEntry(_))) {
            check_bodies(&mut m, &mut waiting)?;
        }
        let payload = payload.map_err(decode_error)?;
        let valid = match validator.payload(&payload) {
            Ok(valid) => valid,
            Err(error) => {
                check_bodies(&mut m, &mut waiting)?;
                return Err(decode_error(error));
            }
        };
        if let ValidPayload::Func(func, body) = valid {
            if mode != CompilationMode::Eager {
                let pending = PendingBody {
                    resources: func.resources.clone(),
                    index: func.index,
                    ty: func.ty,
                    features: func.features,
                    body: body.clone(),
                };
                m.funcs.push(FuncCode::pending(func, body.range()));
                if mode == CompilationMode::LazyTranslation {
                    waiting.push(pending);
                }
            } else {
                waiting.push(PendingBody {
                    resources: func.resources,
                    index: func.index,
                    ty: func.ty,
                    features: func.features,
                    body,
                });
            }
            continue;
        }
        match &payload {
            Payload::MemorySection(reader) => check_memory32_limits(bytes, reader.range())?,
            Payload::CodeSectionStart {
                unchecked_range, ..
            } => code_range = unchecked_range.clone(),
            _ => {}
        }
        read_section(&mut m, payload)?;
    }
    check_bodies(&mut m, &mut waiting)?;
    if m.funcs.iter().any(|code| code.get().is_none()) {
        // Only the code section: the data segments have their own copies, and the other
        // sections are decoded already.
        m.code = Some(CodeBytes::copy(bytes, code_range));
    }
    Ok(m)
}

/// Validates the bodies `waiting` for it (translating them too in eager mode, whose code is
/// then added to `m.funcs`); see [`CodeSection::check_all`] for the order errors come in.
fn check_bodies(m: &mut ModuleData, waiting: &mut CodeSection<'_>) -> Result<(), Error> {
    if waiting.is_empty() {
        return Ok(());
    }
    let threads = m.engine.compile_threads();
    if m.engine.compilation_mode() != CompilationMode::Eager {
        waiting.check_all(threads, |pending, allocs| {
            let mut validator = pending.validator(core::mem::take(allocs));
            validate_body(&mut validator, &pending.body, pending.features).map_err(decode_error)?;
            *allocs = validator.into_allocations();
            Ok(())
        })?;
        return Ok(());
    }
    let env = ModuleEnv {
        types: &m.types,
        type_ids: &m.type_ids,
        func_types: &m.func_types,
        global_types: &m.global_types,
        consume_fuel: m.engine.emits_charge_points(),
        memory0_is_64: m.memory0_is_64(),
    };
    let compiled = waiting.check_all(threads, |pending, allocs| {
        let mut validator = pending.validator(core::mem::take(allocs));
        let type_index = m
            .func_types
            .get(pending.index as usize)
            .copied()
            .unwrap_or(0);
        let code = translate_function(&env, type_index, &pending.body, &mut validator)?;
        *allocs = validator.into_allocations();
        Ok(code)
    })?;
    m.funcs
        .extend(compiled.into_iter().map(FuncCode::translated));
    Ok(())
}

/// With memory64 enabled, wasmparser reads every memory's limits as u64 LEBs; the spec
/// requires memory32 limits to be u32 LEBs (at most 5 bytes), so check those again.
fn check_memory32_limits(bytes: &[u8], range: core::ops::Range<u64>) -> Result<(), Error> {
    let Some(section) = bytes.get(range.start as usize..range.end as usize) else {
        return Ok(());
    };
    let mut r = wasmparser::BinaryReader::new(section, range.start);
    let count = r.read_var_u32().map_err(decode_error)?;
    for _ in 0..count {
        let flags = r.read_u8().map_err(decode_error)?;
        let memory64 = flags & 0x04 != 0;
        let limits = if flags & 0x01 != 0 { 2 } else { 1 };
        for _ in 0..limits {
            if memory64 {
                r.read_var_u64().map_err(decode_error)?;
            } else {
                r.read_var_u32().map_err(decode_error)?;
            }
        }
    }
    Ok(())
}

fn read_section(m: &mut ModuleData, payload: Payload<'_>) -> Result<(), Error> {
    match payload {
        Payload::TypeSection(reader) => {
            for ty in reader.into_iter_err_on_gc_types() {
                let ty = ty.map_err(decode_error)?;
                let params = ty
                    .params()
                    .iter()
                    .map(|&t| val_type(t))
                    .collect::<Result<Vec<_>, _>>()?;
                let results = ty
                    .results()
                    .iter()
                    .map(|&t| val_type(t))
                    .collect::<Result<Vec<_>, _>>()?;
                let ft = FuncType::new(params, results);
                let exact = ExactFuncType::from_wasmparser(&ty, ft.clone(), &m.type_ids);
                m.type_ids.push(m.engine.intern_type(&exact));
                m.types.push(ft);
            }
        }
        Payload::ImportSection(reader) => {
            for imports in reader {
                match imports.map_err(decode_error)? {
                    Imports::Single(_, import) => {
                        add_import(m, import.module, import.name, import.ty)?
                    }
                    Imports::Compact1 { module, items } => {
                        for item in items {
                            let item = item.map_err(decode_error)?;
                            add_import(m, module, item.name, item.ty)?;
                        }
                    }
                    Imports::Compact2 { module, ty, names } => {
                        for name in names {
                            add_import(m, module, name.map_err(decode_error)?, ty)?;
                        }
                    }
                }
            }
        }
        Payload::FunctionSection(reader) => {
            for ty in reader {
                m.func_types.push(ty.map_err(decode_error)?);
            }
        }
        Payload::TableSection(reader) => {
            for table in reader {
                let table = table.map_err(decode_error)?;
                m.table_types.push(table_type(&table.ty)?);
                let exact = ExactRef::from_wasmparser(table.ty.element_type, &m.type_ids);
                m.table_refs.push(exact);
                m.table_inits.push(match &table.init {
                    TableInit::RefNull => None,
                    TableInit::Expr(e) => Some(ConstExpr::parse(e)?),
                });
            }
        }
        Payload::MemorySection(reader) => {
            for mem in reader {
                m.memory_types
                    .push(memory_type(&mem.map_err(decode_error)?));
            }
        }
        Payload::GlobalSection(reader) => {
            for g in reader {
                let g = g.map_err(decode_error)?;
                m.global_types.push(global_type(&g.ty)?);
                m.global_refs.push(global_ref(&g.ty, &m.type_ids));
                m.global_inits.push(ConstExpr::parse(&g.init_expr)?);
            }
        }
        Payload::ExportSection(reader) => {
            for e in reader {
                let e = e.map_err(decode_error)?;
                let kind = match e.kind {
                    ExternalKind::Func | ExternalKind::FuncExact => ExternKind::Func,
                    ExternalKind::Table => ExternKind::Table,
                    ExternalKind::Memory => ExternKind::Memory,
                    ExternalKind::Global => ExternKind::Global,
                    ExternalKind::Tag => return Err(unsupported("exception handling")),
                };
                m.exports.push(ExportDecl {
                    name: e.name.to_string(),
                    kind,
                    index: e.index,
                });
            }
        }
        Payload::StartSection { func, .. } => m.start = Some(func),
        Payload::ElementSection(reader) => {
            for elem in reader {
                let elem = elem.map_err(decode_error)?;
                let mode = match &elem.kind {
                    ElementKind::Passive => SegmentMode::Passive,
                    ElementKind::Declared => SegmentMode::Declared,
                    ElementKind::Active {
                        table_index,
                        offset_expr,
                    } => SegmentMode::Active {
                        index: table_index.unwrap_or(0),
                        offset: ConstExpr::parse(offset_expr)?,
                    },
                };
                let mut items = Vec::new();
                match elem.items {
                    ElementItems::Functions(funcs) => {
                        for f in funcs {
                            items.push(ConstExpr::Single(ConstOperand::RefFunc(
                                f.map_err(decode_error)?,
                            )));
                        }
                    }
                    ElementItems::Expressions(_, exprs) => {
                        for e in exprs {
                            items.push(ConstExpr::parse(&e.map_err(decode_error)?)?);
                        }
                    }
                }
                m.elems.push(ElemSegment { mode, items });
            }
        }
        Payload::DataSection(reader) => {
            for data in reader {
                let data = data.map_err(decode_error)?;
                let mode = match &data.kind {
                    DataKind::Passive => SegmentMode::Passive,
                    DataKind::Active {
                        memory_index,
                        offset_expr,
                    } => SegmentMode::Active {
                        index: *memory_index,
                        offset: ConstExpr::parse(offset_expr)?,
                    },
                };
                m.datas.push(DataSegment {
                    mode,
                    bytes: Arc::from(data.data),
                });
            }
        }
        _ => {}
    }
    Ok(())
}

/// A global's reference type as declared, if it holds references.
fn global_ref(g: &wasmparser::GlobalType, type_ids: &[u32]) -> Option<ExactRef> {
    match g.content_type {
        wasmparser::ValType::Ref(r) => ExactRef::from_wasmparser(r, type_ids),
        _ => None,
    }
}

fn add_import(m: &mut ModuleData, module: &str, name: &str, ty: TypeRef) -> Result<(), Error> {
    let mut exact = None;
    let mut type_id = None;
    let ty = match ty {
        TypeRef::Func(i) | TypeRef::FuncExact(i) => {
            type_id = m.type_ids.get(i as usize).copied();
            m.func_types.push(i);
            m.num_imported_funcs += 1;
            ExternType::Func(
                m.types
                    .get(i as usize)
                    .cloned()
                    .ok_or_else(|| unsupported("this function type"))?,
            )
        }
        TypeRef::Table(t) => {
            exact = ExactRef::from_wasmparser(t.element_type, &m.type_ids);
            m.table_refs.push(exact);
            let t = table_type(&t)?;
            m.table_types.push(t);
            m.num_imported_tables += 1;
            ExternType::Table(t)
        }
        TypeRef::Memory(mem) => {
            let mem = memory_type(&mem);
            m.memory_types.push(mem);
            m.num_imported_memories += 1;
            ExternType::Memory(mem)
        }
        TypeRef::Global(g) => {
            exact = global_ref(&g, &m.type_ids);
            m.global_refs.push(exact);
            let g = global_type(&g)?;
            m.global_types.push(g);
            m.num_imported_globals += 1;
            ExternType::Global(g)
        }
        TypeRef::Tag(_) => return Err(unsupported("exception handling")),
    };
    m.imports.push(ImportDecl {
        module: module.to_string(),
        name: name.to_string(),
        ty,
        exact,
        type_id,
    });
    Ok(())
}
