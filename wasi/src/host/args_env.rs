//! `args_*` and `environ_*`: NUL-terminated strings in a buffer the module provides plus an
//! array of pointers into it.

use interp::Caller;

use super::ctx;
use crate::ctx::WasiView;
use crate::errno::{Errno, WasiResult};
use crate::memory::{Guest, addr};

/// Which list of strings.
#[derive(Debug, Clone, Copy)]
pub enum Strings {
    Args,
    Env,
}

fn strings<T: WasiView>(caller: &mut Caller<'_, T>, which: Strings) -> Vec<Vec<u8>> {
    let ctx = ctx(caller);
    match which {
        Strings::Args => ctx.args.clone(),
        Strings::Env => ctx.env.clone(),
    }
}

/// `args_sizes_get` / `environ_sizes_get(count, buf_size) -> errno`.
pub fn sizes_get<T: WasiView>(
    caller: &mut Caller<'_, T>,
    which: Strings,
    count: i32,
    size: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let list = strings(caller, which);
    let bytes: usize = list.iter().map(|s| s.len() + 1).sum();
    guest.write_size(caller, addr(count), list.len())?;
    guest.write_size(caller, addr(size), bytes)
}

/// `args_get` / `environ_get(pointers, buf) -> errno`.
pub fn get<T: WasiView>(
    caller: &mut Caller<'_, T>,
    which: Strings,
    pointers: i32,
    buf: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let list = strings(caller, which);
    let (mut slot, mut next) = (addr(pointers), addr(buf));
    for string in list {
        guest.write_u32(caller, slot, next)?;
        let mut terminated = string;
        terminated.push(0);
        guest.write(caller, next, &terminated)?;
        let len = u32::try_from(terminated.len()).map_err(|_| Errno::FAULT)?;
        next = next.checked_add(len).ok_or(Errno::FAULT)?;
        slot = slot.checked_add(4).ok_or(Errno::FAULT)?;
    }
    Ok(())
}
