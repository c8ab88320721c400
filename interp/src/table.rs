//! [`Table`]: a handle to a table of references.

use crate::error::{Error, ErrorKind};
use crate::store::{Store, StoreId, TableData};
use crate::types::{TableType, ValType};
use crate::values::Val;

/// A table in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Table {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Table {
    /// A new table of type `ty` filled with `init`.
    pub fn new<T>(store: &mut Store<T>, ty: TableType, init: Val) -> Result<Table, Error> {
        if init.ty() != ty.element {
            return Err(Error::usage("table initializer has the wrong type"));
        }
        if ty.maximum.is_some_and(|m| m < ty.minimum) {
            return Err(Error::usage("table maximum is below its minimum"));
        }
        let init = init.to_slot(store.inner.id)?;
        Self::alloc(store, ty, init)
    }

    pub(crate) fn alloc<T>(store: &mut Store<T>, ty: TableType, init: u64) -> Result<Table, Error> {
        let data =
            TableData::new(ty, init, store.inner.limits.max_table_elements).ok_or_else(|| {
                Error::new(
                    ErrorKind::Limit,
                    format!("cannot allocate a table of {} elements", ty.minimum),
                )
            })?;
        let index = store.inner.tables.len() as u32;
        store.inner.tables.push(data);
        Ok(Table {
            store: store.inner.id,
            index,
        })
    }

    fn data<'a, T>(&self, store: &'a Store<T>) -> Result<&'a TableData, Error> {
        if self.store != store.inner.id {
            return Err(Error::foreign());
        }
        store
            .inner
            .tables
            .get(self.index as usize)
            .ok_or_else(Error::foreign)
    }

    /// The type, with `minimum` = the current size.
    pub fn ty<T>(&self, store: &Store<T>) -> TableType {
        self.data(store).map(|t| t.ty).unwrap_or(TableType {
            element: ValType::FuncRef,
            minimum: 0,
            maximum: Some(0),
            table64: false,
        })
    }

    /// Current size in elements.
    pub fn size<T>(&self, store: &Store<T>) -> u64 {
        self.data(store).map(|t| t.elems.len() as u64).unwrap_or(0)
    }

    /// The element at `index`, if in bounds.
    pub fn get<T>(&self, store: &Store<T>, index: u64) -> Option<Val> {
        let t = self.data(store).ok()?;
        let bits = *t.elems.get(usize::try_from(index).ok()?)?;
        Some(Val::from_slot(bits, t.ty.element, store.inner.id))
    }

    /// Sets the element at `index`.
    pub fn set<T>(&self, store: &mut Store<T>, index: u64, val: Val) -> Result<(), Error> {
        let element = self.data(store)?.ty.element;
        if val.ty() != element {
            return Err(Error::usage("table element has the wrong type"));
        }
        let bits = val.to_slot(store.inner.id)?;
        let elems = &mut store.inner.tables[self.index as usize].elems;
        let e = usize::try_from(index).ok().and_then(|i| elems.get_mut(i));
        *e.ok_or_else(|| Error::trap(crate::TrapCode::TableOutOfBounds))? = bits;
        Ok(())
    }

    /// Grows by `delta` elements set to `init`; returns the old size.
    pub fn grow<T>(&self, store: &mut Store<T>, delta: u64, init: Val) -> Result<u64, Error> {
        let element = self.data(store)?.ty.element;
        if init.ty() != element {
            return Err(Error::usage("table initializer has the wrong type"));
        }
        let bits = init.to_slot(store.inner.id)?;
        let max = store.inner.limits.max_table_elements;
        store.inner.tables[self.index as usize]
            .grow(delta, bits, max)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Limit,
                    format!("cannot grow table by {delta} elements"),
                )
            })
    }
}
