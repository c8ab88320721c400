//! Translating app addresses to native pointers and back, and validating strings.

use core::ptr::NonNull;

use crate::{AddressSpace, Chain};

impl Chain {
    /// The native pointer for the `len`-byte range at app address `addr` in `space`, if the
    /// whole range lies inside one member (see [`MemoryAccess::resolve`] for the rules). This
    /// searches the members every time; instances use a [`ChainAccess`] with a
    /// [`HitCache`] instead.
    ///
    /// The pointer may be read and written only with raw-pointer operations (other threads'
    /// wasm code may write the same bytes), and only while the chain is alive.
    ///
    /// [`MemoryAccess::resolve`]: crate::MemoryAccess::resolve
    /// [`ChainAccess`]: crate::ChainAccess
    /// [`HitCache`]: crate::HitCache
    pub fn translate(&self, space: AddressSpace, addr: u64, len: u64) -> Option<NonNull<u8>> {
        let rel = addr.checked_sub(self.start(space).ok()?)?;
        let member = self.member_holding(rel, len)?;
        member.region.ptr_at(rel - member.offset)
    }

    /// The app address in `space` of the native byte `ptr` points at, if that byte belongs to
    /// a member of this chain.
    pub fn app_address(&self, space: AddressSpace, ptr: *const u8) -> Option<u64> {
        let start = self.start(space).ok()?;
        self.members.iter().find_map(|member| {
            let offset = member.region.offset_of(ptr)?;
            Some(start + member.offset + offset)
        })
    }

    /// Validates a NUL-terminated string at app address `addr` in `space`: returns a pointer
    /// to its first byte and its length without the NUL, if a NUL occurs before the end of
    /// the member holding `addr`.
    ///
    /// The bytes are read with raw-pointer reads; another thread may change them afterwards,
    /// so a caller that needs the text copies it and does not rely on the NUL still being
    /// there.
    pub fn c_str_at(&self, space: AddressSpace, addr: u64) -> Option<(NonNull<u8>, usize)> {
        let rel = addr.checked_sub(self.start(space).ok()?)?;
        let member = self.member_holding(rel, 1)?;
        let first = rel - member.offset;
        let mut at = first;
        while at < member.region.size() {
            let byte_ptr = member.region.ptr_at(at)?;
            // SAFETY: `at < size`, so `byte_ptr` points at a byte of the member's region, which
            // is alive while `self` is borrowed. A raw read, never a reference: other threads'
            // wasm code may write these bytes.
            let byte = unsafe { byte_ptr.as_ptr().read() };
            if byte == 0 {
                let len = usize::try_from(at - first).ok()?;
                return Some((member.region.ptr_at(first)?, len));
            }
            at += 1;
        }
        None
    }
}
