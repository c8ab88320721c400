//! [`add_to_linker`]: defines every `wasi_snapshot_preview1` function in a linker.

use interp::{Caller, Error, FuncType, Linker, Val, ValType};

use crate::ctx::WasiView;
use crate::errno::code_of;
use crate::host::args_env::{self, Strings};
use crate::host::{clocks, fd, fd_dir, fd_stat, path, poll, proc, sock};

/// The module preview1 functions are imported from.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// Defines one wasm function per row in `$linker` (whose store data type is `T`):
/// `"name" => module::function[fixed arguments](params);`. The wasm function takes the
/// params; the host function takes the caller, the fixed arguments and the params, and its
/// result becomes the errno the wasm function returns.
macro_rules! define_errno_functions {
    (
        $linker:ident:
        $($name:literal => $($f:ident)::+ $([$($fixed:expr),*])? ($($p:ident: $t:ty),* $(,)?);)*
    ) => {
        $(
            $linker.func_wrap(MODULE, $name, |mut caller: Caller<'_, T>, $($p: $t),*| {
                code_of($($f)::+(&mut caller, $($($fixed,)*)? $($p),*))
            })?;
        )*
    };
}

/// Defines all 46 functions of `wasi_snapshot_preview1` in `linker`, for stores whose data
/// holds a [`WasiCtx`](crate::WasiCtx) (see [`WasiView`]). Fails only if one is already
/// defined and the linker does not allow shadowing.
pub fn add_to_linker<T: WasiView>(linker: &mut Linker<T>) -> Result<(), Error> {
    define_errno_functions! {
        linker:
        "args_get" => args_env::get[Strings::Args](pointers: i32, buf: i32);
        "args_sizes_get" => args_env::sizes_get[Strings::Args](count: i32, size: i32);
        "environ_get" => args_env::get[Strings::Env](pointers: i32, buf: i32);
        "environ_sizes_get" => args_env::sizes_get[Strings::Env](count: i32, size: i32);
        "clock_res_get" => clocks::clock_res_get(id: i32, resolution: i32);
        "clock_time_get" => clocks::clock_time_get(id: i32, precision: i64, time: i32);
        "random_get" => clocks::random_get(buf: i32, len: i32);
        "fd_advise" => fd::fd_advise(fd: i32, offset: i64, len: i64, advice: i32);
        "fd_allocate" => fd::fd_allocate(fd: i32, offset: i64, len: i64);
        "fd_close" => fd::fd_close(fd: i32);
        "fd_datasync" => fd::fd_datasync(fd: i32);
        "fd_sync" => fd::fd_sync(fd: i32);
        "fd_fdstat_get" => fd_stat::fd_fdstat_get(fd: i32, stat: i32);
        "fd_fdstat_set_flags" => fd_stat::fd_fdstat_set_flags(fd: i32, flags: i32);
        "fd_fdstat_set_rights" => fd_stat::fd_fdstat_set_rights(
            fd: i32, base: i64, inheriting: i64,
        );
        "fd_filestat_get" => fd_stat::fd_filestat_get(fd: i32, buf: i32);
        "fd_filestat_set_size" => fd_stat::fd_filestat_set_size(fd: i32, size: i64);
        "fd_filestat_set_times" => fd_stat::fd_filestat_set_times(
            fd: i32, atim: i64, mtim: i64, fst: i32,
        );
        "fd_pread" => fd::fd_pread(fd: i32, iovs: i32, count: i32, offset: i64, nread: i32);
        "fd_prestat_get" => fd_dir::fd_prestat_get(fd: i32, buf: i32);
        "fd_prestat_dir_name" => fd_dir::fd_prestat_dir_name(fd: i32, path: i32, len: i32);
        "fd_pwrite" => fd::fd_pwrite(fd: i32, iovs: i32, count: i32, offset: i64, nwritten: i32);
        "fd_read" => fd::fd_read(fd: i32, iovs: i32, count: i32, nread: i32);
        "fd_readdir" => fd_dir::fd_readdir(
            fd: i32, buf: i32, buf_len: i32, cookie: i64, bufused: i32,
        );
        "fd_renumber" => fd::fd_renumber(from: i32, to: i32);
        "fd_seek" => fd::fd_seek(fd: i32, offset: i64, whence: i32, newoffset: i32);
        "fd_tell" => fd::fd_tell(fd: i32, offset: i32);
        "fd_write" => fd::fd_write(fd: i32, iovs: i32, count: i32, nwritten: i32);
        "path_create_directory" => path::path_create_directory(fd: i32, path: i32, len: i32);
        "path_filestat_get" => path::path_filestat_get(
            fd: i32, flags: i32, path: i32, len: i32, buf: i32,
        );
        "path_filestat_set_times" => path::path_filestat_set_times(
            fd: i32, flags: i32, path: i32, len: i32, atim: i64, mtim: i64, fst: i32,
        );
        "path_link" => path::path_link(
            old_fd: i32, old_flags: i32, old: i32, old_len: i32,
            new_fd: i32, new: i32, new_len: i32,
        );
        "path_readlink" => path::path_readlink(
            fd: i32, path: i32, len: i32, buf: i32, buf_len: i32, bufused: i32,
        );
        "path_remove_directory" => path::path_remove_directory(fd: i32, path: i32, len: i32);
        "path_rename" => path::path_rename(
            fd: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32,
        );
        "path_symlink" => path::path_symlink(
            old: i32, old_len: i32, fd: i32, new: i32, new_len: i32,
        );
        "path_unlink_file" => path::path_unlink_file(fd: i32, path: i32, len: i32);
        "poll_oneoff" => poll::poll_oneoff(input: i32, output: i32, count: i32, nevents: i32);
        "sock_accept" => sock::sock_accept(fd: i32, flags: i32, result: i32);
        "sock_recv" => sock::sock_recv(
            fd: i32, iovs: i32, count: i32, ri_flags: i32, ro_datalen: i32, ro_flags: i32,
        );
        "sock_send" => sock::sock_send(
            fd: i32, iovs: i32, count: i32, si_flags: i32, so_datalen: i32,
        );
        "sock_shutdown" => sock::sock_shutdown(fd: i32, how: i32);
    }
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
        MODULE,
        "path_open",
        open_type,
        |mut c: Caller<'_, T>, params: &[Val], results: &mut [Val]| {
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
    linker.func_wrap(MODULE, "proc_exit", |code: i32| proc::proc_exit(code))?;
    linker.func_wrap(MODULE, "proc_raise", |signal: i32| proc::proc_raise(signal))?;
    linker.func_wrap(MODULE, "sched_yield", || code_of(proc::sched_yield()))?;
    Ok(())
}
