//! Defines, in a linker, every `wasi_snapshot_preview1` function a module imports: the
//! subset's own implementations, and an `ENOSYS` stub for each of the others.

use std::collections::HashSet;

use interp::{Caller, Error, ExternType, FuncType, Linker, Module, Val, ValType};

use super::errno::Errno;
use super::{MODULE, WasiCtx, args_env, clocks, fd, proc, random};

/// Links the WASI functions `module` imports into `linker`. Imports of other modules are
/// left alone (instantiation reports them if nothing else defines them).
pub fn link(linker: &mut Linker<WasiCtx>, module: &Module) -> Result<(), Error> {
    let mut defined = HashSet::new();
    let imports: Vec<(String, FuncType)> = module
        .imports()
        .filter(|import| import.module() == MODULE)
        .filter_map(|import| match import.ty() {
            ExternType::Func(ty) => Some((import.name().to_owned(), ty)),
            _ => None,
        })
        .collect();
    for (name, ty) in imports {
        // A module may import one function more than once; define it once.
        if defined.insert(name.clone()) {
            define(linker, &name, ty)?;
        }
    }
    Ok(())
}

/// Defines `name`: the implementation when the subset has one, else a stub.
fn define(linker: &mut Linker<WasiCtx>, name: &str, ty: FuncType) -> Result<(), Error> {
    match name {
        "args_get" => linker.func_wrap(MODULE, name, args_env::args_get),
        "args_sizes_get" => linker.func_wrap(MODULE, name, args_env::args_sizes_get),
        "environ_get" => linker.func_wrap(MODULE, name, args_env::environ_get),
        "environ_sizes_get" => linker.func_wrap(MODULE, name, args_env::environ_sizes_get),
        "clock_res_get" => linker.func_wrap(MODULE, name, clocks::clock_res_get),
        "clock_time_get" => linker.func_wrap(MODULE, name, clocks::clock_time_get),
        "fd_write" => linker.func_wrap(MODULE, name, fd::fd_write),
        "fd_read" => linker.func_wrap(MODULE, name, fd::fd_read),
        "fd_close" => linker.func_wrap(MODULE, name, fd::fd_close),
        "fd_seek" => linker.func_wrap(MODULE, name, fd::fd_seek),
        "fd_fdstat_get" => linker.func_wrap(MODULE, name, fd::fd_fdstat_get),
        "fd_prestat_get" => linker.func_wrap(MODULE, name, fd::fd_prestat_get),
        "random_get" => linker.func_wrap(MODULE, name, random::random_get),
        "sched_yield" => linker.func_wrap(MODULE, name, proc::sched_yield),
        "proc_exit" => linker.func_wrap(MODULE, name, proc::proc_exit),
        _ => define_stub(linker, name, ty),
    }?;
    Ok(())
}

/// A function outside the subset: every preview1 function returns one errno, so the stub
/// returns `ENOSYS`. An import of that name with another result type is no preview1
/// function at all; calling it fails with a message naming it.
fn define_stub<'l>(
    linker: &'l mut Linker<WasiCtx>,
    name: &str,
    ty: FuncType,
) -> Result<&'l mut Linker<WasiCtx>, Error> {
    let returns_errno = ty.results() == [ValType::I32];
    let message = format!("the module called `{MODULE}.{name}`, which shheap does not provide");
    linker.func_new(
        MODULE,
        name,
        ty,
        move |_caller: Caller<'_, WasiCtx>, _params: &[Val], results: &mut [Val]| match results {
            [errno] if returns_errno => {
                *errno = Val::I32(Errno::NoSys.code());
                Ok(())
            }
            _ => Err(Error::msg(message.clone())),
        },
    )
}
