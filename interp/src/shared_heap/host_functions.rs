//! The imports apps use to allocate from the managed heap: `env.shared_heap_malloc` and
//! `env.shared_heap_free` (SHARED_HEAP.md section 5), in i32 form for memory32 apps and i64
//! forms for memory64 apps.

use std::sync::Arc;

use crate::error::Error;
use crate::func::Caller;
use crate::linker::Linker;
use crate::types::{FuncType, ValType};
use crate::values::Val;

impl<T> Linker<T> {
    /// Defines `env.shared_heap_malloc` and `env.shared_heap_free` for every instance this
    /// linker makes. Each name has an i32 form (`(i32) -> i32`, `(i32) -> ()`) for memory32
    /// apps and i64 forms for memory64 apps: `shared_heap_free` as `(i64) -> ()`, and
    /// `shared_heap_malloc` as `(i64) -> i64` or as `(i32) -> i64`, the form C compilers
    /// produce for WAMR's wasm64 apps, whose size is an `unsigned int`. The importing
    /// module's declared type picks the form.
    ///
    /// `shared_heap_malloc(size)` returns the app address of a new block in the managed heap
    /// of the calling instance's chain, or 0 when the instance has no chain, the chain has no
    /// managed heap, or there is no room. `shared_heap_free(ptr)` frees a block; a pointer
    /// that is not the start of a live block is ignored (as in WAMR) and counted in the
    /// heap's `invalid_frees`; 0 is ignored without counting, like C's `free(NULL)`.
    ///
    /// Errors if either name is already defined and shadowing is off.
    pub fn define_shared_heap_functions(&mut self) -> Result<&mut Self, Error>
    where
        T: 'static,
    {
        use ValType::{I32, I64};
        self.func_overloads(
            "env",
            "shared_heap_malloc",
            vec![
                (FuncType::new([I32], [I32]), Arc::new(malloc::<T>)),
                (FuncType::new([I64], [I64]), Arc::new(malloc::<T>)),
                (FuncType::new([I32], [I64]), Arc::new(malloc::<T>)),
            ],
        )?;
        self.func_overloads(
            "env",
            "shared_heap_free",
            vec![
                (FuncType::new([I32], []), Arc::new(free::<T>)),
                (FuncType::new([I64], []), Arc::new(free::<T>)),
            ],
        )
    }
}

/// An address-sized argument as an unsigned number (i32 forms are zero-extended).
fn address_arg(params: &[Val]) -> Option<u64> {
    match params.first()? {
        Val::I32(v) => Some(u64::from(*v as u32)),
        Val::I64(v) => Some(*v as u64),
        _ => None,
    }
}

/// `shared_heap_malloc(size) -> ptr`, either form.
fn malloc<T>(caller: Caller<'_, T>, params: &[Val], results: &mut [Val]) -> Result<(), Error> {
    let size = address_arg(params);
    let block = caller
        .instance()
        .zip(size)
        .and_then(|(instance, size)| instance.shared_heap_malloc(caller.store(), size))
        .map_or(0, |(app_addr, _)| app_addr);
    let Some(result) = results.first_mut() else {
        return Ok(());
    };
    *result = match result {
        // A block that does not fit the i32 form's result is no block.
        Val::I32(_) => Val::I32(u32::try_from(block).unwrap_or(0) as i32),
        _ => Val::I64(block as i64),
    };
    Ok(())
}

/// `shared_heap_free(ptr)`, either form.
fn free<T>(caller: Caller<'_, T>, params: &[Val], _results: &mut [Val]) -> Result<(), Error> {
    if let (Some(instance), Some(addr)) = (caller.instance(), address_arg(params))
        && addr != 0
    {
        // Ignored from wasm, as in WAMR; the chain counts the invalid free.
        let _ = instance.shared_heap_free(caller.store(), addr);
    }
    Ok(())
}
