//! [`Memory`]: a handle to a linear memory.

use crate::error::{Error, ErrorKind};
use crate::shared_memory::SharedMemory;
use crate::store::{MemoryData, Store, StoreId};
use crate::types::MemoryType;

/// A linear memory in a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Memory {
    pub(crate) store: StoreId,
    pub(crate) index: u32,
}

impl Memory {
    /// A new memory of type `ty` (subject to the store's limits). A `shared` type makes a
    /// shared memory (its maximum reserved up front), which [`Memory::shared`] hands to other
    /// stores.
    pub fn new<T>(store: &mut Store<T>, ty: MemoryType) -> Result<Memory, Error> {
        if ty.maximum.is_some_and(|m| m < ty.minimum) {
            return Err(Error::usage("memory maximum is below its minimum"));
        }
        Self::alloc(store, ty)
    }

    pub(crate) fn alloc<T>(store: &mut Store<T>, ty: MemoryType) -> Result<Memory, Error> {
        let limit = store.inner.limits.max_memory_bytes;
        let data = MemoryData::new(&store.inner.engine, ty, limit)?.ok_or_else(|| {
            Error::new(
                ErrorKind::Limit,
                format!(
                    "cannot allocate a memory of {} pages (limit or host memory exceeded)",
                    ty.minimum
                ),
            )
        })?;
        Ok(Self::push(store, data))
    }

    fn push<T>(store: &mut Store<T>, data: MemoryData) -> Memory {
        let index = store.inner.memories.len() as u32;
        store.inner.memories.push(data);
        Memory {
            store: store.inner.id,
            index,
        }
    }

    /// A memory of `store` that is the shared memory `shared` (to import it positionally with
    /// [`crate::Instance::new`]; a [`crate::Linker`] does this itself). Every call makes a new
    /// handle to the same bytes. Errors if `shared` was made for another engine.
    pub fn from_shared<T>(store: &mut Store<T>, shared: &SharedMemory) -> Result<Memory, Error> {
        if !shared.is_for(&store.inner.engine) {
            return Err(Error::usage(
                "the shared memory was created for a different engine than the store's",
            ));
        }
        Ok(Self::push(store, MemoryData::from_shared(shared.clone())))
    }

    /// The shared memory this is, if it was declared `shared`: a handle other stores (on other
    /// threads) can import.
    pub fn shared<T>(&self, store: &Store<T>) -> Option<SharedMemory> {
        self.data(store).ok()?.shared().cloned()
    }

    fn data<'a, T>(&self, store: &'a Store<T>) -> Result<&'a MemoryData, Error> {
        if self.store != store.inner.id {
            return Err(Error::foreign());
        }
        store
            .inner
            .memories
            .get(self.index as usize)
            .ok_or_else(Error::foreign)
    }

    fn data_mut<'a, T>(&self, store: &'a mut Store<T>) -> Result<&'a mut MemoryData, Error> {
        if self.store != store.inner.id {
            return Err(Error::foreign());
        }
        store
            .inner
            .memories
            .get_mut(self.index as usize)
            .ok_or_else(Error::foreign)
    }

    /// The type, with `minimum` = the current size in pages.
    pub fn ty<T>(&self, store: &Store<T>) -> MemoryType {
        self.data(store).map(|m| m.ty()).unwrap_or(MemoryType {
            minimum: 0,
            maximum: Some(0),
            memory64: false,
            shared: false,
        })
    }

    /// Current size in pages.
    pub fn size<T>(&self, store: &Store<T>) -> u64 {
        self.data(store).map(|m| m.ty().minimum).unwrap_or(0)
    }

    /// Current size in bytes.
    pub fn data_size<T>(&self, store: &Store<T>) -> usize {
        self.data(store).map(|m| m.len() as usize).unwrap_or(0)
    }

    /// Grows by `delta_pages`, returning the old size in pages.
    pub fn grow<T>(&self, store: &mut Store<T>, delta_pages: u64) -> Result<u64, Error> {
        let max_bytes = store.inner.limits.max_memory_bytes;
        let m = self.data_mut(store)?;
        m.grow(delta_pages, max_bytes, u64::MAX).ok_or_else(|| {
            Error::new(
                ErrorKind::Limit,
                format!("cannot grow memory by {delta_pages} pages"),
            )
        })
    }

    /// Copies bytes at `offset` into `buf`.
    pub fn read<T>(&self, store: &Store<T>, offset: usize, buf: &mut [u8]) -> Result<(), Error> {
        if self.data(store)?.read(offset as u64, buf) {
            Ok(())
        } else {
            Err(Error::usage("memory read out of bounds"))
        }
    }

    /// Copies `data` to `offset`.
    pub fn write<T>(&self, store: &mut Store<T>, offset: usize, data: &[u8]) -> Result<(), Error> {
        if self.data_mut(store)?.write(offset as u64, data) {
            Ok(())
        } else {
            Err(Error::usage("memory write out of bounds"))
        }
    }
}
