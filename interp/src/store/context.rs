//! [`AsContext`]: anything that gives read access to a store (a `Store`, a `Caller`, or a
//! reference to one), so methods can take either without naming the store's data type.

use super::Store;
use crate::func::Caller;

/// Read access to a [`Store`].
pub trait AsContext {
    /// The store's data type.
    type Data;
    /// The store.
    fn as_context(&self) -> &Store<Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> &Store<T> {
        self
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> &Store<T> {
        self.store()
    }
}

impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_context(&self) -> &Store<C::Data> {
        (**self).as_context()
    }
}

impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_context(&self) -> &Store<C::Data> {
        (**self).as_context()
    }
}
