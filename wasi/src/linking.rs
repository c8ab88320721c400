//! [`add_to_linker`]: defines every `wasi_snapshot_preview1` function in a linker.

use interp::{Caller, Error, FuncType, Linker, Val, ValType};

use crate::ctx::WasiView;
use crate::errno::code_of;
use crate::host::args_env::{self, Strings};
use crate::host::{clocks, fd, fd_dir, fd_stat, path, poll, proc, sock};

/// The module preview1 functions are imported from.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Defines all 46 functions of `wasi_snapshot_preview1` in `linker`, for stores whose data
/// holds a [`WasiCtx`](crate::WasiCtx) (see [`WasiView`]). Fails only if one is already
/// defined and the linker does not allow shadowing.
pub fn add_to_linker<T: WasiView>(linker: &mut Linker<T>) -> Result<(), Error> {
    type C<'a, T> = Caller<'a, T>;
    let m = MODULE;
    linker.func_wrap(m, "args_get", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(args_env::get(&mut c, Strings::Args, a, b))
    })?;
    linker.func_wrap(m, "args_sizes_get", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(args_env::sizes_get(&mut c, Strings::Args, a, b))
    })?;
    linker.func_wrap(m, "environ_get", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(args_env::get(&mut c, Strings::Env, a, b))
    })?;
    linker.func_wrap(m, "environ_sizes_get", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(args_env::sizes_get(&mut c, Strings::Env, a, b))
    })?;
    linker.func_wrap(m, "clock_res_get", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(clocks::clock_res_get(&mut c, a, b))
    })?;
    linker.func_wrap(
        m,
        "clock_time_get",
        |mut c: C<'_, T>, a: i32, b: i64, d: i32| code_of(clocks::clock_time_get(&mut c, a, b, d)),
    )?;
    linker.func_wrap(m, "random_get", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(clocks::random_get(&mut c, a, b))
    })?;
    linker.func_wrap(
        m,
        "fd_advise",
        |mut c: C<'_, T>, a: i32, b: i64, d: i64, e: i32| {
            code_of(fd::fd_advise(&mut c, a, b, d, e))
        },
    )?;
    linker.func_wrap(
        m,
        "fd_allocate",
        |mut c: C<'_, T>, a: i32, b: i64, d: i64| code_of(fd::fd_allocate(&mut c, a, b, d)),
    )?;
    linker.func_wrap(m, "fd_close", |mut c: C<'_, T>, a: i32| {
        code_of(fd::fd_close(&mut c, a))
    })?;
    linker.func_wrap(m, "fd_datasync", |mut c: C<'_, T>, a: i32| {
        code_of(fd::fd_datasync(&mut c, a))
    })?;
    linker.func_wrap(m, "fd_sync", |mut c: C<'_, T>, a: i32| {
        code_of(fd::fd_sync(&mut c, a))
    })?;
    linker.func_wrap(m, "fd_fdstat_get", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(fd_stat::fd_fdstat_get(&mut c, a, b))
    })?;
    linker.func_wrap(
        m,
        "fd_fdstat_set_flags",
        |mut c: C<'_, T>, a: i32, b: i32| code_of(fd_stat::fd_fdstat_set_flags(&mut c, a, b)),
    )?;
    linker.func_wrap(
        m,
        "fd_fdstat_set_rights",
        |mut c: C<'_, T>, a: i32, b: i64, d: i64| {
            code_of(fd_stat::fd_fdstat_set_rights(&mut c, a, b, d))
        },
    )?;
    linker.func_wrap(m, "fd_filestat_get", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(fd_stat::fd_filestat_get(&mut c, a, b))
    })?;
    linker.func_wrap(
        m,
        "fd_filestat_set_size",
        |mut c: C<'_, T>, a: i32, b: i64| code_of(fd_stat::fd_filestat_set_size(&mut c, a, b)),
    )?;
    linker.func_wrap(
        m,
        "fd_filestat_set_times",
        |mut c: C<'_, T>, a: i32, b: i64, d: i64, e: i32| {
            code_of(fd_stat::fd_filestat_set_times(&mut c, a, b, d, e))
        },
    )?;
    linker.func_wrap(
        m,
        "fd_pread",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i64, f: i32| {
            code_of(fd::fd_pread(&mut c, a, b, d, e, f))
        },
    )?;
    linker.func_wrap(m, "fd_prestat_get", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(fd_dir::fd_prestat_get(&mut c, a, b))
    })?;
    linker.func_wrap(
        m,
        "fd_prestat_dir_name",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32| {
            code_of(fd_dir::fd_prestat_dir_name(&mut c, a, b, d))
        },
    )?;
    linker.func_wrap(
        m,
        "fd_pwrite",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i64, f: i32| {
            code_of(fd::fd_pwrite(&mut c, a, b, d, e, f))
        },
    )?;
    linker.func_wrap(
        m,
        "fd_read",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32| code_of(fd::fd_read(&mut c, a, b, d, e)),
    )?;
    linker.func_wrap(
        m,
        "fd_readdir",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i64, f: i32| {
            code_of(fd_dir::fd_readdir(&mut c, a, b, d, e, f))
        },
    )?;
    linker.func_wrap(m, "fd_renumber", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(fd::fd_renumber(&mut c, a, b))
    })?;
    linker.func_wrap(
        m,
        "fd_seek",
        |mut c: C<'_, T>, a: i32, b: i64, d: i32, e: i32| code_of(fd::fd_seek(&mut c, a, b, d, e)),
    )?;
    linker.func_wrap(m, "fd_tell", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(fd::fd_tell(&mut c, a, b))
    })?;
    linker.func_wrap(
        m,
        "fd_write",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32| code_of(fd::fd_write(&mut c, a, b, d, e)),
    )?;
    linker.func_wrap(
        m,
        "path_create_directory",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32| {
            code_of(path::path_create_directory(&mut c, a, b, d))
        },
    )?;
    linker.func_wrap(
        m,
        "path_filestat_get",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32, f: i32| {
            code_of(path::path_filestat_get(&mut c, a, b, d, e, f))
        },
    )?;
    linker.func_wrap(
        m,
        "path_filestat_set_times",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32, f: i64, g: i64, h: i32| {
            code_of(path::path_filestat_set_times(&mut c, a, b, d, e, f, g, h))
        },
    )?;
    linker.func_wrap(
        m,
        "path_link",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32, f: i32, g: i32, h: i32| {
            code_of(path::path_link(&mut c, a, b, d, e, f, g, h))
        },
    )?;
    // Nine parameters: more than `func_wrap` takes, so the dynamic form.
    let open_type = FuncType::new(
        [
            ValType::I32,
            ValType::I32,
            ValType::I32,
            ValType::I32,
            ValType::I32,
            ValType::I64,
            ValType::I64,
            ValType::I32,
            ValType::I32,
        ],
        [ValType::I32],
    );
    linker.func_new(
        m,
        "path_open",
        open_type,
        |mut c: C<'_, T>, params: &[Val], results: &mut [Val]| {
            let errno = code_of(path::path_open(&mut c, params));
            match results.first_mut() {
                Some(result) => {
                    *result = Val::I32(errno);
                    Ok(())
                }
                None => Err(Error::msg(
                    "path_open was called without room for its result",
                )),
            }
        },
    )?;
    linker.func_wrap(
        m,
        "path_readlink",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32, f: i32, g: i32| {
            code_of(path::path_readlink(&mut c, a, b, d, e, f, g))
        },
    )?;
    linker.func_wrap(
        m,
        "path_remove_directory",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32| {
            code_of(path::path_remove_directory(&mut c, a, b, d))
        },
    )?;
    linker.func_wrap(
        m,
        "path_rename",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32, f: i32, g: i32| {
            code_of(path::path_rename(&mut c, a, b, d, e, f, g))
        },
    )?;
    linker.func_wrap(
        m,
        "path_symlink",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32, f: i32| {
            code_of(path::path_symlink(&mut c, a, b, d, e, f))
        },
    )?;
    linker.func_wrap(
        m,
        "path_unlink_file",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32| code_of(path::path_unlink_file(&mut c, a, b, d)),
    )?;
    linker.func_wrap(
        m,
        "poll_oneoff",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32| {
            code_of(poll::poll_oneoff(&mut c, a, b, d, e))
        },
    )?;
    linker.func_wrap(m, "proc_exit", |code: i32| proc::proc_exit(code))?;
    linker.func_wrap(m, "proc_raise", |signal: i32| proc::proc_raise(signal))?;
    linker.func_wrap(m, "sched_yield", || code_of(proc::sched_yield()))?;
    linker.func_wrap(
        m,
        "sock_accept",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32| code_of(sock::sock_accept(&mut c, a, b, d)),
    )?;
    linker.func_wrap(
        m,
        "sock_recv",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32, f: i32, g: i32| {
            code_of(sock::sock_recv(&mut c, a, b, d, e, f, g))
        },
    )?;
    linker.func_wrap(
        m,
        "sock_send",
        |mut c: C<'_, T>, a: i32, b: i32, d: i32, e: i32, f: i32| {
            code_of(sock::sock_send(&mut c, a, b, d, e, f))
        },
    )?;
    linker.func_wrap(m, "sock_shutdown", |mut c: C<'_, T>, a: i32, b: i32| {
        code_of(sock::sock_shutdown(&mut c, a, b))
    })?;
    Ok(())
}
