//! [`ExactRef`]: a reference type as a module declares it, finer than the API's
//! [`ValType::FuncRef`]/[`ValType::ExternRef`] (typed function references: `(ref $t)`,
//! `(ref func)`, `nullfuncref`), kept for the globals and tables that link, so an import is
//! checked against its export's declared type as the spec's import matching says; and
//! [`ExactFuncType`], a function type with its parameters' and results' exact reference
//! types, which the engine numbers so that function imports and `call_indirect` compare
//! function types exactly.

use std::fmt::Write as _;
use std::sync::Arc;

use crate::types::{FuncType, ValType};

/// The heap type of a reference (the threads of GC are out of scope).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Heap {
    /// `func`: any function.
    Func,
    /// `nofunc`: no function (only null).
    NoFunc,
    /// A function type, by its engine-wide id (equal ids: equal types).
    Concrete(u32),
    /// `extern`.
    Extern,
    /// `noextern`.
    NoExtern,
}

/// A reference type: whether it admits null, and its heap type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ExactRef {
    pub nullable: bool,
    pub heap: Heap,
}

impl ExactRef {
    /// The type a host-made global or table of `ty` has (`funcref`, `externref`), if `ty` is
    /// a reference type.
    pub(crate) fn of_val_type(ty: ValType) -> Option<ExactRef> {
        let heap = match ty {
            ValType::FuncRef => Heap::Func,
            ValType::ExternRef => Heap::Extern,
            _ => return None,
        };
        Some(ExactRef {
            nullable: true,
            heap,
        })
    }

    /// `r` from a module whose type indices have engine ids `type_ids`; `None` for a type out
    /// of scope (which validation or the API type has refused already).
    pub(crate) fn from_wasmparser(r: wasmparser::RefType, type_ids: &[u32]) -> Option<ExactRef> {
        use wasmparser::{AbstractHeapType as A, HeapType as H};
        let heap = match r.heap_type() {
            H::Abstract { shared: false, ty } => match ty {
                A::Func => Heap::Func,
                A::NoFunc => Heap::NoFunc,
                A::Extern => Heap::Extern,
                A::NoExtern => Heap::NoExtern,
                _ => return None,
            },
            H::Concrete(index) | H::Exact(index) => {
                Heap::Concrete(*type_ids.get(index.as_module_index()? as usize)?)
            }
            _ => return None,
        };
        Some(ExactRef {
            nullable: r.is_nullable(),
            heap,
        })
    }

    /// Whether every value of `self` is a value of `other` (reference subtyping without GC:
    /// non-null below nullable; `nofunc` below every function type, each below `func`;
    /// `noextern` below `extern`).
    pub(crate) fn is_subtype_of(self, other: ExactRef) -> bool {
        let heap = match (self.heap, other.heap) {
            (a, b) if a == b => true,
            (Heap::NoFunc, Heap::Concrete(_) | Heap::Func) => true,
            (Heap::Concrete(_), Heap::Func) => true,
            (Heap::NoExtern, Heap::Extern) => true,
            _ => false,
        };
        heap && (other.nullable || !self.nullable)
    }
}

/// A function type exactly: the API's [`FuncType`] (where every function reference is
/// [`ValType::FuncRef`]) and, for each parameter then result of a reference type, that
/// type as declared. Equal values are equal types (a referenced function type is its
/// engine id, itself numbered this way), so the engine's ids for these
/// ([`crate::Engine::intern_type`]) compare function types structurally.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ExactFuncType {
    /// The type as the API shows it.
    pub ty: FuncType,
    /// One entry per parameter then result: its reference type, `None` for a number or
    /// vector type.
    pub refs: Arc<[Option<ExactRef>]>,
}

impl ExactFuncType {
    /// The exact type of a host function of type `ty`: its references are `funcref` and
    /// `externref`, the only ones the API can name.
    pub(crate) fn of_host(ty: &FuncType) -> ExactFuncType {
        let refs = ty
            .params()
            .iter()
            .chain(ty.results())
            .map(|&t| ExactRef::of_val_type(t))
            .collect();
        ExactFuncType {
            ty: ty.clone(),
            refs,
        }
    }

    /// The type `declared` of a module whose earlier types have engine ids `type_ids` (without
    /// GC a function type names only earlier ones), shown to the API as `ty`.
    pub(crate) fn from_wasmparser(
        declared: &wasmparser::FuncType,
        ty: FuncType,
        type_ids: &[u32],
    ) -> ExactFuncType {
        let refs = declared
            .params()
            .iter()
            .chain(declared.results())
            .map(|t| match *t {
                wasmparser::ValType::Ref(r) => ExactRef::from_wasmparser(r, type_ids),
                _ => None,
            })
            .collect();
        ExactFuncType { ty, refs }
    }

    /// Each parameter then result: its API type and its exact reference type, if any.
    fn entries(&self) -> impl Iterator<Item = (ValType, Option<ExactRef>)> + '_ {
        let vals = self.ty.params().iter().chain(self.ty.results()).copied();
        vals.zip(self.refs.iter().copied())
    }

    /// Why a function of type `have` cannot be imported as `want` (two engine ids that
    /// differ), for an error message: the first parameter or result whose types differ, or
    /// both types whole when their shapes differ. `name` gives the text of an engine id.
    pub(crate) fn mismatch(
        have: &ExactFuncType,
        want: &ExactFuncType,
        name: &dyn Fn(u32) -> ExactFuncType,
    ) -> String {
        let shape = |t: &ExactFuncType| (t.ty.params().len(), t.ty.results().len());
        if shape(have) == shape(want) {
            let num_params = have.ty.params().len();
            let differs = have
                .entries()
                .zip(want.entries())
                .enumerate()
                .find(|(_, (a, b))| a != b);
            if let Some((i, (a, b))) = differs {
                let place = if i < num_params {
                    format!("parameter {i}")
                } else {
                    format!("result {}", i - num_params)
                };
                return format!(
                    "{place} of the function is {} in the export but {} in the import",
                    val_text(a, name, 1),
                    val_text(b, name, 1)
                );
            }
        }
        format!(
            "the export is {} but the import declares {}",
            func_text(have, name, 1),
            func_text(want, name, 1)
        )
    }
}

/// `t` in the text format, naming the function types it refers to `depth` levels deep.
fn func_text(t: &ExactFuncType, name: &dyn Fn(u32) -> ExactFuncType, depth: u32) -> String {
    let mut out = String::from("(func");
    let num_params = t.ty.params().len();
    for (i, entry) in t.entries().enumerate() {
        let word = if i < num_params { "param" } else { "result" };
        let _ = write!(out, " ({word} {})", val_text(entry, name, depth));
    }
    out.push(')');
    out
}

/// A parameter or result type in the text format, naming the function types it refers to
/// `depth` levels deep.
fn val_text(
    (v, r): (ValType, Option<ExactRef>),
    name: &dyn Fn(u32) -> ExactFuncType,
    depth: u32,
) -> String {
    let Some(r) = r else {
        return format!("{v:?}").to_lowercase();
    };
    let heap = match r.heap {
        Heap::Func => "func".to_string(),
        Heap::NoFunc => "nofunc".to_string(),
        Heap::Extern => "extern".to_string(),
        Heap::NoExtern => "noextern".to_string(),
        Heap::Concrete(id) if depth > 0 => func_text(&name(id), name, depth - 1),
        Heap::Concrete(_) => "(func ...)".to_string(),
    };
    let null = if r.nullable { "null " } else { "" };
    format!("(ref {null}{heap})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(nullable: bool, heap: Heap) -> ExactRef {
        ExactRef { nullable, heap }
    }

    #[test]
    fn subtyping_follows_the_rules() {
        let t = Heap::Concrete(7);
        let u = Heap::Concrete(8);
        // Below: (sub, super).
        for (sub, sup) in [
            (r(false, t), r(true, t)),
            (r(false, t), r(false, Heap::Func)),
            (r(true, t), r(true, Heap::Func)),
            (r(true, Heap::NoFunc), r(true, t)),
            (r(false, Heap::NoExtern), r(true, Heap::Extern)),
        ] {
            assert!(sub.is_subtype_of(sup), "{sub:?} <: {sup:?}");
            assert!(!sup.is_subtype_of(sub), "not {sup:?} <: {sub:?}");
        }
        for (a, b) in [
            (r(true, t), r(true, u)),
            (r(true, Heap::Func), r(true, Heap::Extern)),
            (r(true, Heap::NoFunc), r(true, Heap::Extern)),
        ] {
            assert!(!a.is_subtype_of(b) && !b.is_subtype_of(a), "{a:?} ~ {b:?}");
        }
    }
}
