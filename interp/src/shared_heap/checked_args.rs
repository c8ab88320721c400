//! Checked pointer arguments for host functions (WAMR's `*~` and `$` signature letters, in
//! Rust types): [`AppRange`] (address and length) and [`AppStr`] (a NUL-terminated string),
//! with their memory64 forms. Each is validated against the calling instance's linear memory
//! and attached chain before the host function's body runs; a range that is not wholly inside
//! linear memory or one heap, or a string whose NUL does not come before the end of its
//! region, traps "out of bounds memory access" instead of calling the body.
//!
//! The validation itself is [`Instance::checked_app_range`] and
//! [`Instance::checked_app_c_str`], which the C API's natives use too.

use core::ptr::NonNull;

use crate::error::Error;
use crate::func::{Caller, HostArg};
use crate::instance::Instance;
use crate::store::Store;
use crate::trap::TrapCode;
use crate::types::ValType;
use crate::values::Val;

impl Instance {
    /// Validates a pointer argument: the native pointer for the `len` bytes at app address
    /// `addr` if they lie wholly inside linear memory or one heap of the attached chain (see
    /// [`Instance::app_to_native`] for how the pointer may be used), else the trap
    /// "out of bounds memory access".
    pub fn checked_app_range<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
        len: u64,
    ) -> Result<NonNull<u8>, Error> {
        self.app_to_native(store, addr, len)
            .ok_or_else(|| Error::from(TrapCode::MemoryOutOfBounds))
    }

    /// Validates a string argument: the native pointer to the NUL-terminated string at app
    /// address `addr` and its length without the NUL, if the NUL comes before the end of the
    /// region (linear memory or one heap) holding `addr`, else the trap
    /// "out of bounds memory access".
    pub fn checked_app_c_str<T>(
        &self,
        store: &mut Store<T>,
        addr: u64,
    ) -> Result<(NonNull<u8>, u64), Error> {
        let out_of_bounds = || Error::from(TrapCode::MemoryOutOfBounds);
        let len = self
            .validate_app_c_str(store, addr)
            .map_err(|_| out_of_bounds())?;
        let ptr = self.checked_app_range(store, addr, len + 1)?;
        Ok((ptr, len))
    }
}

/// The instance a host function was called from; a call from the host itself has no memory,
/// so every pointer is out of bounds.
fn calling_instance<T>(caller: &Caller<'_, T>) -> Result<Instance, Error> {
    caller
        .instance()
        .ok_or_else(|| Error::from(TrapCode::MemoryOutOfBounds))
}

/// The next parameter as an unsigned app address or length: an `i32` read as unsigned
/// (memory32) or an `i64` (memory64).
fn next_unsigned(params: &mut core::slice::Iter<'_, Val>, wide: bool) -> Result<u64, Error> {
    match (params.next(), wide) {
        (Some(Val::I32(value)), false) => Ok(u64::from(*value as u32)),
        (Some(Val::I64(value)), true) => Ok(*value as u64),
        _ => Err(Error::usage(
            "host function called with arguments of the wrong types",
        )),
    }
}

/// Copies the `len` bytes at `addr` out of the calling instance's memory or heap.
fn read_bytes<T>(caller: &Caller<'_, T>, addr: u64, len: u64) -> Result<Vec<u8>, Error> {
    let instance = calling_instance(caller)?;
    let len = usize::try_from(len).map_err(|_| Error::from(TrapCode::MemoryOutOfBounds))?;
    let mut bytes = vec![0; len];
    instance.read_app_memory(caller.store(), addr, &mut bytes)?;
    Ok(bytes)
}

/// The struct of a checked pointer type and the accessors both kinds have.
macro_rules! checked_pointer {
    ($(#[$doc:meta])* $name:ident, $len_doc:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name {
            addr: u64,
            len: u64,
        }

        impl $name {
            /// The app address of the first byte.
            pub fn addr(&self) -> u64 {
                self.addr
            }

            #[doc = $len_doc]
            pub fn len(&self) -> u64 {
                self.len
            }

            /// Whether [`Self::len`] is 0.
            pub fn is_empty(&self) -> bool {
                self.len == 0
            }

            /// A copy of the [`Self::len`] bytes at [`Self::addr`] (they may lie in a heap
            /// other threads write, so they are copied, never borrowed).
            pub fn read<T>(&self, caller: &Caller<'_, T>) -> Result<Vec<u8>, Error> {
                read_bytes(caller, self.addr, self.len)
            }
        }
    };
}

macro_rules! checked_range {
    ($(#[$doc:meta])* $name:ident, $ty:ident, $wide:literal) => {
        checked_pointer!($(#[$doc])* $name, "The number of bytes.");

        impl $name {
            /// Writes `data` at the start of the range; `data` longer than the range is
            /// refused with [`SharedHeapError::OutOfBounds`](crate::SharedHeapError),
            /// writing nothing.
            pub fn write<T>(&self, caller: &mut Caller<'_, T>, data: &[u8]) -> Result<(), Error> {
                if data.len() as u64 > self.len {
                    return Err(crate::SharedHeapError::OutOfBounds {
                        addr: self.addr,
                        len: data.len() as u64,
                    }
                    .into());
                }
                let instance = calling_instance(caller)?;
                instance.write_app_memory(caller.store_mut(), self.addr, data)
            }
        }

        impl HostArg for $name {
            fn push_types(types: &mut Vec<ValType>) {
                types.extend([ValType::$ty, ValType::$ty]);
            }

            fn decode<T>(
                caller: &mut Caller<'_, T>,
                params: &mut core::slice::Iter<'_, Val>,
            ) -> Result<Self, Error> {
                let addr = next_unsigned(params, $wide)?;
                let len = next_unsigned(params, $wide)?;
                let instance = calling_instance(caller)?;
                instance.checked_app_range(caller.store_mut(), addr, len)?;
                Ok(Self { addr, len })
            }
        }
    };
}

macro_rules! checked_str {
    ($(#[$doc:meta])* $name:ident, $ty:ident, $wide:literal) => {
        checked_pointer!(
            $(#[$doc])* $name,
            "The length without the NUL when the call was checked (another thread may change heap bytes since)."
        );

        impl $name {
            /// The string as text, invalid UTF-8 replaced by U+FFFD.
            pub fn to_string_lossy<T>(&self, caller: &Caller<'_, T>) -> Result<String, Error> {
                Ok(String::from_utf8_lossy(&self.read(caller)?).into_owned())
            }
        }

        impl HostArg for $name {
            fn push_types(types: &mut Vec<ValType>) {
                types.push(ValType::$ty);
            }

            fn decode<T>(
                caller: &mut Caller<'_, T>,
                params: &mut core::slice::Iter<'_, Val>,
            ) -> Result<Self, Error> {
                let addr = next_unsigned(params, $wide)?;
                let instance = calling_instance(caller)?;
                let (_, len) = instance.checked_app_c_str(caller.store_mut(), addr)?;
                Ok(Self { addr, len })
            }
        }
    };
}

checked_range!(
    /// A host-function parameter taking two `i32`s, an app address and a length (memory32),
    /// checked before the body runs: the bytes lie wholly inside linear memory or one heap of
    /// the attached chain, else the call traps "out of bounds memory access". WAMR's `*~`.
    AppRange,
    I32,
    false
);
checked_range!(
    /// [`AppRange`] for memory64 apps: two `i64`s.
    AppRange64,
    I64,
    true
);
checked_str!(
    /// A host-function parameter taking one `i32` app address (memory32) of a NUL-terminated
    /// string, checked before the body runs: the NUL comes before the end of the region
    /// (linear memory or one heap) holding the address, else the call traps
    /// "out of bounds memory access". WAMR's `$`.
    AppStr,
    I32,
    false
);
checked_str!(
    /// [`AppStr`] for memory64 apps: one `i64`.
    AppStr64,
    I64,
    true
);
