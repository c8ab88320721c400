//! Bounds-checked access to the calling module's memory, in the units WASI speaks: bytes,
//! little-endian `u32`/`u64`, and `iovec` arrays. Every failure is `EFAULT`, never a panic.

use interp::{Caller, Extern, Memory};

use super::WasiCtx;
use super::errno::Errno;

/// The calling module's exported `memory`, through which WASI reads and writes.
#[derive(Debug, Clone, Copy)]
pub struct Guest {
    memory: Memory,
}

/// One `iovec`/`ciovec`: a buffer's address and length in the module's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IoVec {
    /// Address of the first byte.
    pub ptr: u32,
    /// Length in bytes.
    pub len: u32,
}

/// Bytes one `iovec` takes in memory: two `u32`s.
const IOVEC_SIZE: u32 = 8;

impl Guest {
    /// The caller's memory. A module without an exported `memory` has no addresses WASI
    /// could use, so every pointer it passes is a bad one.
    pub fn of(caller: &Caller<'_, WasiCtx>) -> Result<Guest, Errno> {
        match caller.get_export("memory") {
            Some(Extern::Memory(memory)) => Ok(Guest { memory }),
            _ => Err(Errno::Fault),
        }
    }

    /// Checks that `[ptr, ptr + len)` lies inside the memory and returns its bounds.
    fn range(&self, caller: &Caller<'_, WasiCtx>, ptr: u32, len: u64) -> Result<usize, Errno> {
        let end = u64::from(ptr).checked_add(len).ok_or(Errno::Fault)?;
        let size =
            u64::try_from(self.memory.data_size(caller.store())).map_err(|_| Errno::Fault)?;
        if end > size {
            return Err(Errno::Fault);
        }
        usize::try_from(ptr).map_err(|_| Errno::Fault)
    }

    /// Checks that `[ptr, ptr + len)` lies inside the memory, without touching it.
    pub fn check(&self, caller: &Caller<'_, WasiCtx>, ptr: u32, len: u32) -> Result<(), Errno> {
        self.range(caller, ptr, u64::from(len)).map(drop)
    }

    /// Copies `len` bytes at `ptr` out of the memory (checked before allocating).
    pub fn read(&self, caller: &Caller<'_, WasiCtx>, ptr: u32, len: u32) -> Result<Vec<u8>, Errno> {
        let offset = self.range(caller, ptr, u64::from(len))?;
        let mut bytes = vec![0; usize::try_from(len).map_err(|_| Errno::Fault)?];
        self.memory
            .read(caller.store(), offset, &mut bytes)
            .map_err(|_| Errno::Fault)?;
        Ok(bytes)
    }

    /// Copies `bytes` into the memory at `ptr`.
    pub fn write(
        &self,
        caller: &mut Caller<'_, WasiCtx>,
        ptr: u32,
        bytes: &[u8],
    ) -> Result<(), Errno> {
        let len = u64::try_from(bytes.len()).map_err(|_| Errno::Fault)?;
        let offset = self.range(caller, ptr, len)?;
        self.memory
            .write(caller.store_mut(), offset, bytes)
            .map_err(|_| Errno::Fault)
    }

    /// Writes a little-endian `u32` at `ptr`.
    pub fn write_u32(
        &self,
        caller: &mut Caller<'_, WasiCtx>,
        ptr: u32,
        value: u32,
    ) -> Result<(), Errno> {
        self.write(caller, ptr, &value.to_le_bytes())
    }

    /// Writes a little-endian `u64` at `ptr`.
    pub fn write_u64(
        &self,
        caller: &mut Caller<'_, WasiCtx>,
        ptr: u32,
        value: u64,
    ) -> Result<(), Errno> {
        self.write(caller, ptr, &value.to_le_bytes())
    }

    /// Reads an array of `count` iovecs at `ptr`.
    pub fn iovecs(
        &self,
        caller: &Caller<'_, WasiCtx>,
        ptr: u32,
        count: u32,
    ) -> Result<Vec<IoVec>, Errno> {
        let table = self.read(
            caller,
            ptr,
            count.checked_mul(IOVEC_SIZE).ok_or(Errno::Fault)?,
        )?;
        Ok(table
            .chunks_exact(IOVEC_SIZE as usize)
            .map(|entry| {
                let field = |at: usize| {
                    let mut word = [0; 4];
                    word.copy_from_slice(&entry[at..at + 4]);
                    u32::from_le_bytes(word)
                };
                IoVec {
                    ptr: field(0),
                    len: field(4),
                }
            })
            .collect())
    }
}
