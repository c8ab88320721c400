//! [`Global`]: a handle to a global variable.

use crate::error::Error;
use crate::store::{GlobalData, Store, StoreId};
use crate::types::{GlobalType, Mutability, ValType};
use crate::values::Val;

/// A global variable in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Global {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Global {
    /// A new global of type `ty` holding `init`.
    pub fn new<T>(store: &mut Store<T>, ty: GlobalType, init: Val) -> Result<Global, Error> {
        if init.ty() != ty.content {
            return Err(Error::usage(format!(
                "global of type {:?} initialized with a {:?}",
                ty.content,
                init.ty()
            )));
        }
        let (value, high) = init.to_slot_pair(store.inner.id)?;
        Ok(Self::alloc(store, ty, value, high))
    }

    /// A new global with slot bits `value` (and `high`, a `v128`'s high half).
    pub(crate) fn alloc<T>(store: &mut Store<T>, ty: GlobalType, value: u64, high: u64) -> Global {
        let exact = crate::ref_type::ExactRef::of_val_type(ty.content);
        Self::alloc_exact(store, ty, value, high, exact)
    }

    /// [`Global::alloc`] with the reference type as a module declares it.
    pub(crate) fn alloc_exact<T>(
        store: &mut Store<T>,
        ty: GlobalType,
        value: u64,
        high: u64,
        exact: Option<crate::ref_type::ExactRef>,
    ) -> Global {
        let index = store.inner.globals.len() as u32;
        store.inner.globals.push(GlobalData {
            ty,
            value,
            high,
            exact,
        });
        Global {
            store: store.inner.id,
            index,
        }
    }

    fn data<'a, T>(&self, store: &'a Store<T>) -> Option<&'a GlobalData> {
        if self.store != store.inner.id {
            return None;
        }
        store.inner.globals.get(self.index as usize)
    }

    /// The global's type (an immutable i32 for a foreign handle).
    pub fn ty<T>(&self, store: &Store<T>) -> GlobalType {
        self.data(store).map(|g| g.ty).unwrap_or(GlobalType {
            content: ValType::I32,
            mutability: Mutability::Const,
        })
    }

    /// The current value (`I32(0)` for a foreign handle).
    pub fn get<T>(&self, store: &Store<T>) -> Val {
        match self.data(store) {
            Some(g) => Val::read_slots(&[g.value, g.high], g.ty.content, store.inner.id),
            None => Val::I32(0),
        }
    }

    /// Sets the value; errors if the global is immutable or the type differs.
    pub fn set<T>(&self, store: &mut Store<T>, val: Val) -> Result<(), Error> {
        let id = store.inner.id;
        let g = self.data(store).ok_or_else(Error::foreign)?;
        if g.ty.mutability != Mutability::Var {
            return Err(Error::usage("cannot set an immutable global"));
        }
        if val.ty() != g.ty.content {
            return Err(Error::usage(format!(
                "global of type {:?} set to a {:?}",
                g.ty.content,
                val.ty()
            )));
        }
        let (value, high) = val.to_slot_pair(id)?;
        let g = &mut store.inner.globals[self.index as usize];
        g.value = value;
        g.high = high;
        Ok(())
    }
}
