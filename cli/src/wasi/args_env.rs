//! `args_*` and `environ_*`: the command's arguments and environment, as NUL-terminated
//! strings in a buffer the module provides plus an array of pointers into it.

use interp::Caller;

use super::WasiCtx;
use super::errno::{Errno, WasiResult, to_code};
use super::guest::Guest;

/// `args_sizes_get(argc: *mut size, argv_buf_size: *mut size) -> errno`.
pub fn args_sizes_get(mut caller: Caller<'_, WasiCtx>, count_ptr: i32, size_ptr: i32) -> i32 {
    let strings = caller.data().args.clone();
    to_code(write_sizes(&mut caller, &strings, count_ptr, size_ptr))
}

/// `args_get(argv: *mut *mut u8, argv_buf: *mut u8) -> errno`.
pub fn args_get(mut caller: Caller<'_, WasiCtx>, pointers: i32, buffer: i32) -> i32 {
    let strings = caller.data().args.clone();
    to_code(write_strings(&mut caller, &strings, pointers, buffer))
}

/// `environ_sizes_get(environc: *mut size, environ_buf_size: *mut size) -> errno`.
pub fn environ_sizes_get(mut caller: Caller<'_, WasiCtx>, count_ptr: i32, size_ptr: i32) -> i32 {
    let strings = caller.data().env.clone();
    to_code(write_sizes(&mut caller, &strings, count_ptr, size_ptr))
}

/// `environ_get(environ: *mut *mut u8, environ_buf: *mut u8) -> errno`.
pub fn environ_get(mut caller: Caller<'_, WasiCtx>, pointers: i32, buffer: i32) -> i32 {
    let strings = caller.data().env.clone();
    to_code(write_strings(&mut caller, &strings, pointers, buffer))
}

/// Stores how many strings there are and how many bytes they take with their NULs.
fn write_sizes(
    caller: &mut Caller<'_, WasiCtx>,
    strings: &[Vec<u8>],
    count_ptr: i32,
    size_ptr: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let count = u32::try_from(strings.len()).map_err(|_| Errno::Overflow)?;
    let bytes: usize = strings.iter().map(|s| s.len() + 1).sum();
    let bytes = u32::try_from(bytes).map_err(|_| Errno::Overflow)?;
    // Pointers are unsigned offsets; the cast reinterprets the i32 wasm passes.
    guest.write_u32(caller, count_ptr as u32, count)?;
    guest.write_u32(caller, size_ptr as u32, bytes)
}

/// Copies each string, NUL-terminated, one after another into `buffer`, and its address
/// into the next slot of `pointers`.
fn write_strings(
    caller: &mut Caller<'_, WasiCtx>,
    strings: &[Vec<u8>],
    pointers: i32,
    buffer: i32,
) -> WasiResult {
    let guest = Guest::of(caller)?;
    let (mut slot, mut next) = (pointers as u32, buffer as u32);
    for string in strings {
        guest.write_u32(caller, slot, next)?;
        let mut terminated = Vec::with_capacity(string.len() + 1);
        terminated.extend_from_slice(string);
        terminated.push(0);
        guest.write(caller, next, &terminated)?;
        let len = u32::try_from(terminated.len()).map_err(|_| Errno::Fault)?;
        next = next.checked_add(len).ok_or(Errno::Fault)?;
        slot = slot.checked_add(4).ok_or(Errno::Fault)?;
    }
    Ok(())
}
