//! [`Module`]: a decoded, validated and translated wasm module, shareable across stores.

mod code_section;
mod const_expr;
mod func_code;
mod parse;
mod validate_body;

#[cfg(test)]
mod tests;

pub(crate) use const_expr::{ConstExpr, ConstOperand};
pub(crate) use func_code::{CodeBytes, FuncCode};

use crate::engine::Engine;
use crate::error::Error;
use crate::types::{ExternType, FuncType, GlobalType, MemoryType, TableType};
use std::sync::Arc;

/// A compiled module. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Module {
    pub(crate) data: Arc<ModuleData>,
}

impl core::fmt::Debug for Module {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Module")
            .field("funcs", &self.data.func_types.len())
            .finish()
    }
}

/// Which index space an export or import refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExternKind {
    Func,
    Table,
    Memory,
    Global,
}

/// An import declaration.
#[derive(Clone, Debug)]
pub(crate) struct ImportDecl {
    pub module: String,
    pub name: String,
    pub ty: ExternType,
    /// For a global or table of a reference type: that type as declared.
    pub exact: Option<crate::ref_type::ExactRef>,
    /// For a function: its type's engine id, which names the type exactly
    /// ([`crate::ref_type::ExactFuncType`]).
    pub type_id: Option<u32>,
}

/// An export declaration.
#[derive(Clone, Debug)]
pub(crate) struct ExportDecl {
    pub name: String,
    pub kind: ExternKind,
    pub index: u32,
}

/// How an element or data segment is applied.
#[derive(Clone, Debug)]
pub(crate) enum SegmentMode {
    Passive,
    Active { index: u32, offset: ConstExpr },
    Declared,
}

/// An element segment.
#[derive(Clone, Debug)]
pub(crate) struct ElemSegment {
    pub mode: SegmentMode,
    pub items: Vec<ConstExpr>,
}

/// A data segment.
#[derive(Clone, Debug)]
pub(crate) struct DataSegment {
    pub mode: SegmentMode,
    pub bytes: Arc<[u8]>,
}

/// Everything instantiation needs to know about a module.
pub(crate) struct ModuleData {
    pub engine: Engine,
    pub types: Vec<FuncType>,
    /// Engine-wide ids of `types`.
    pub type_ids: Vec<u32>,
    pub imports: Vec<ImportDecl>,
    /// Type index of every function, imports first.
    pub func_types: Vec<u32>,
    /// Types of every table, imports first.
    pub table_types: Vec<TableType>,
    /// Initializers of defined tables (`None`: null).
    pub table_inits: Vec<Option<ConstExpr>>,
    /// Types of every memory, imports first.
    pub memory_types: Vec<MemoryType>,
    /// Types of every global, imports first.
    pub global_types: Vec<GlobalType>,
    /// Each global's reference type as declared (`None` for numbers), like `global_types`.
    pub global_refs: Vec<Option<crate::ref_type::ExactRef>>,
    /// Each table's element type as declared, like `table_types`.
    pub table_refs: Vec<Option<crate::ref_type::ExactRef>>,
    /// Initializers of defined globals.
    pub global_inits: Vec<ConstExpr>,
    pub exports: Vec<ExportDecl>,
    pub start: Option<u32>,
    pub elems: Vec<ElemSegment>,
    pub datas: Vec<DataSegment>,
    /// The code of each defined function, translated now or on its first call.
    pub funcs: Vec<FuncCode>,
    /// The code section's bytes, kept while any function waits for translation.
    pub code: Option<CodeBytes>,
    pub num_imported_funcs: u32,
    pub num_imported_tables: u32,
    pub num_imported_memories: u32,
    pub num_imported_globals: u32,
}

impl ModuleData {
    /// Whether memory 0 (imported or defined) is a memory64. The memory section comes before
    /// the code section, so this is known when a body is translated.
    pub(crate) fn memory0_is_64(&self) -> bool {
        self.memory_types.first().is_some_and(|ty| ty.memory64)
    }

    /// The type of the item an export or import index names.
    pub(crate) fn extern_type(&self, kind: ExternKind, index: u32) -> Option<ExternType> {
        let i = index as usize;
        Some(match kind {
            ExternKind::Func => {
                ExternType::Func(self.types.get(*self.func_types.get(i)? as usize)?.clone())
            }
            ExternKind::Table => ExternType::Table(*self.table_types.get(i)?),
            ExternKind::Memory => ExternType::Memory(*self.memory_types.get(i)?),
            ExternKind::Global => ExternType::Global(*self.global_types.get(i)?),
        })
    }
}

impl Module {
    /// Decodes and validates a binary module (with wasmparser); its functions are translated
    /// now or on their first call, as the engine's [`CompilationMode`](crate::CompilationMode)
    /// says. GC, exception handling and other out-of-scope proposals are refused with a clear error. Never panics.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module, Error> {
        let data = parse::parse(engine, bytes.as_ref())?;
        Ok(Module {
            data: Arc::new(data),
        })
    }

    /// Compiles a module from WebAssembly text.
    #[cfg(feature = "wat")]
    pub fn from_wat(engine: &Engine, text: &str) -> Result<Module, Error> {
        let bytes = wat::parse_str(text)
            .map_err(|e| Error::decode(format!("invalid WebAssembly text: {e}"), 0))?;
        Module::new(engine, bytes)
    }

    /// The module's imports, in order.
    pub fn imports(&self) -> impl Iterator<Item = ImportType<'_>> {
        self.data.imports.iter().map(|i| ImportType { decl: i })
    }

    /// The module's exports, in order.
    pub fn exports(&self) -> impl Iterator<Item = ExportType<'_>> {
        self.data.exports.iter().filter_map(|e| {
            let ty = self.data.extern_type(e.kind, e.index)?;
            Some(ExportType { name: &e.name, ty })
        })
    }

    /// The engine this module was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.data.engine
    }

    /// How many bytes the internal code of the functions translated so far takes (every
    /// function's with [`CompilationMode::Eager`](crate::CompilationMode::Eager); with lazy
    /// translation only those called yet). For comparing the translated code's size with the
    /// module's; the frames' slots and other per-function data are not counted.
    pub fn compiled_code_bytes(&self) -> usize {
        self.data
            .funcs
            .iter()
            .filter_map(|code| code.get())
            .map(|code| core::mem::size_of_val(&*code.code))
            .sum()
    }
}

/// One import of a module.
#[derive(Clone, Debug)]
pub struct ImportType<'a> {
    decl: &'a ImportDecl,
}

impl<'a> ImportType<'a> {
    /// The module name.
    pub fn module(&self) -> &'a str {
        &self.decl.module
    }
    /// The item name.
    pub fn name(&self) -> &'a str {
        &self.decl.name
    }
    /// The expected type.
    pub fn ty(&self) -> ExternType {
        self.decl.ty.clone()
    }
}

/// One export of a module.
#[derive(Clone, Debug)]
pub struct ExportType<'a> {
    name: &'a str,
    ty: ExternType,
}

impl<'a> ExportType<'a> {
    /// The export name.
    pub fn name(&self) -> &'a str {
        self.name
    }
    /// The exported item's type.
    pub fn ty(&self) -> ExternType {
        self.ty.clone()
    }
}
