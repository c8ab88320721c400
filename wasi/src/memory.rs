//! The calling instance's app memory, addressed as the app addresses it: linear memory or
//! any member of an attached shared-heap chain (SHARED_HEAP.md section 6), through
//! interp's host API. Bytes are always copied, never borrowed: another thread's wasm may be
//! writing a shared heap. A range that is not wholly inside one region is `EFAULT`.

use interp::{Caller, Instance};

use crate::abi::layout;
use crate::errno::{Errno, WasiResult};

/// One `iovec`/`ciovec`: a buffer's app address and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IoVec {
    pub ptr: u32,
    pub len: u32,
}

/// The memory of the instance that called a preview1 function.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Guest {
    instance: Instance,
}

/// The longest path a function accepts: 16 times Linux's `PATH_MAX`, so that a huge length
/// cannot make the host copy gigabytes, while every path the host could resolve fits.
const MAX_PATH: u32 = 16 * 4096;

/// Preview1 pointers are `u32` offsets that wasm passes as `i32`; this reinterprets the bits.
pub(crate) fn addr(ptr: i32) -> u32 {
    ptr as u32
}

impl Guest {
    /// The caller's memory; a call from the host itself has none, so every pointer is bad.
    pub fn of<T>(caller: &Caller<'_, T>) -> WasiResult<Guest> {
        caller
            .instance()
            .map(|instance| Guest { instance })
            .ok_or(Errno::FAULT)
    }

    /// Fails with `EFAULT` unless `[ptr, ptr + len)` is one region's bytes.
    pub fn check<T>(&self, caller: &Caller<'_, T>, ptr: u32, len: u32) -> WasiResult {
        if self
            .instance
            .validate_app_range(caller.store(), u64::from(ptr), u64::from(len))
        {
            Ok(())
        } else {
            Err(Errno::FAULT)
        }
    }

    /// Copies `len` bytes at `ptr` out (checked before allocating).
    pub fn read<T>(&self, caller: &Caller<'_, T>, ptr: u32, len: u32) -> WasiResult<Vec<u8>> {
        self.check(caller, ptr, len)?;
        let mut bytes = vec![0; len as usize];
        self.instance
            .read_app_memory(caller.store(), u64::from(ptr), &mut bytes)
            .map_err(|_| Errno::FAULT)?;
        Ok(bytes)
    }

    /// Copies `bytes` to `ptr`.
    pub fn write<T>(&self, caller: &mut Caller<'_, T>, ptr: u32, bytes: &[u8]) -> WasiResult {
        self.instance
            .write_app_memory(caller.store_mut(), u64::from(ptr), bytes)
            .map_err(|_| Errno::FAULT)
    }

    /// Writes a little-endian `u32`.
    pub fn write_u32<T>(&self, caller: &mut Caller<'_, T>, ptr: u32, value: u32) -> WasiResult {
        self.write(caller, ptr, &value.to_le_bytes())
    }

    /// Writes a little-endian `u64`.
    pub fn write_u64<T>(&self, caller: &mut Caller<'_, T>, ptr: u32, value: u64) -> WasiResult {
        self.write(caller, ptr, &value.to_le_bytes())
    }

    /// Writes a `size` result, failing with `EOVERFLOW` if it does not fit 32 bits.
    pub fn write_size<T>(&self, caller: &mut Caller<'_, T>, ptr: u32, value: usize) -> WasiResult {
        let value = u32::try_from(value).map_err(|_| Errno::OVERFLOW)?;
        self.write_u32(caller, ptr, value)
    }

    /// Reads an array of `count` iovecs at `ptr`.
    pub fn iovecs<T>(
        &self,
        caller: &Caller<'_, T>,
        ptr: u32,
        count: u32,
    ) -> WasiResult<Vec<IoVec>> {
        let size = count.checked_mul(layout::IOVEC).ok_or(Errno::FAULT)?;
        let table = self.read(caller, ptr, size)?;
        Ok(table
            .chunks_exact(layout::IOVEC as usize)
            .map(|entry| {
                let word = |at: usize| {
                    let mut bytes = [0; 4];
                    bytes.copy_from_slice(&entry[at..at + 4]);
                    u32::from_le_bytes(bytes)
                };
                IoVec {
                    ptr: word(0),
                    len: word(4),
                }
            })
            .collect())
    }

    /// Reads a path argument: UTF-8 (else `EILSEQ`), as wasmtime requires, and no longer
    /// than [`MAX_PATH`] (else `ENAMETOOLONG`, before anything is copied).
    pub fn path<T>(&self, caller: &Caller<'_, T>, ptr: u32, len: u32) -> WasiResult<String> {
        if len > MAX_PATH {
            return Err(Errno::NAMETOOLONG);
        }
        let bytes = self.read(caller, ptr, len)?;
        String::from_utf8(bytes).map_err(|_| Errno::ILSEQ)
    }

    /// Checks every buffer of `iovecs` before any is used, so that a bad one is reported
    /// before a side effect (a read from a file, say) happens.
    pub fn check_all<T>(&self, caller: &Caller<'_, T>, iovecs: &[IoVec]) -> WasiResult {
        iovecs
            .iter()
            .try_for_each(|iovec| self.check(caller, iovec.ptr, iovec.len))
    }

    /// The buffers a read fills (`count` iovecs at `iovs`) and how many bytes it may take,
    /// all checked, with the `size` result at `result`, before anything happens.
    pub fn read_buffers<T>(
        &self,
        caller: &Caller<'_, T>,
        iovs: i32,
        count: i32,
        result: i32,
    ) -> WasiResult<(Vec<IoVec>, usize)> {
        let buffers = self.iovecs(caller, addr(iovs), addr(count))?;
        self.check_all(caller, &buffers)?;
        self.check(caller, addr(result), 4)?;
        let want = total_len(&buffers, crate::host::MAX_IO);
        Ok((buffers, want))
    }

    /// The buffers a write takes from (`count` iovecs at `iovs`), with the `size` result at
    /// `result` checked first, so a bad result pointer is found before anything is written.
    pub fn write_buffers<T>(
        &self,
        caller: &Caller<'_, T>,
        iovs: i32,
        count: i32,
        result: i32,
    ) -> WasiResult<Vec<IoVec>> {
        let buffers = self.iovecs(caller, addr(iovs), addr(count))?;
        self.check(caller, addr(result), 4)?;
        Ok(buffers)
    }

    /// Spreads `data` over `iovecs` in order.
    pub fn scatter<T>(
        &self,
        caller: &mut Caller<'_, T>,
        iovecs: &[IoVec],
        data: &[u8],
    ) -> WasiResult {
        let mut rest = data;
        for iovec in iovecs {
            if rest.is_empty() {
                break;
            }
            let take = rest.len().min(iovec.len as usize);
            let (chunk, after) = rest.split_at(take);
            self.write(caller, iovec.ptr, chunk)?;
            rest = after;
        }
        Ok(())
    }

    /// Concatenates the buffers of `iovecs`, up to `limit` bytes in all (a short write is
    /// always allowed, and this keeps one call from copying gigabytes).
    pub fn gather<T>(
        &self,
        caller: &Caller<'_, T>,
        iovecs: &[IoVec],
        limit: usize,
    ) -> WasiResult<Vec<u8>> {
        self.check_all(caller, iovecs)?;
        let mut data = Vec::new();
        for iovec in iovecs {
            let room = limit.saturating_sub(data.len());
            if room == 0 {
                break;
            }
            let len = (iovec.len as usize).min(room);
            let len = u32::try_from(len).map_err(|_| Errno::FAULT)?;
            data.extend_from_slice(&self.read(caller, iovec.ptr, len)?);
        }
        Ok(data)
    }
}

/// Total length of `iovecs`, capped at `limit`.
fn total_len(iovecs: &[IoVec], limit: usize) -> usize {
    iovecs
        .iter()
        .fold(0usize, |sum, iovec| sum.saturating_add(iovec.len as usize))
        .min(limit)
}
