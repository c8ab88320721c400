//! [`ExactRef`]: a reference type as a module declares it, finer than the API's
//! [`ValType::FuncRef`]/[`ValType::ExternRef`] (typed function references: `(ref $t)`,
//! `(ref func)`, `nullfuncref`), kept for the globals and tables that link, so an import is
//! checked against its export's declared type as the spec's import matching says.

use crate::types::ValType;

/// The heap type of a reference (the threads of GC are out of scope).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
