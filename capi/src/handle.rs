//! Handle tables: what C holds instead of pointers.
//!
//! A handle packs a table index, the kind of object and the slot's generation into one
//! non-zero 64-bit value. Looking a handle up checks all three, so NULL, a handle of another
//! kind, a handle whose object was destroyed (the generation moved on) or any other number
//! is refused instead of dereferenced.

/// The kinds of objects, so that a module handle passed as an instance is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kind {
    Module = 0x51,
    Instance = 0x52,
    ExecEnv = 0x53,
    Function = 0x54,
    SharedHeap = 0x55,
}

impl Kind {
    /// The name used in error messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Module => "module (wasm_module_t)",
            Kind::Instance => "module instance (wasm_module_inst_t)",
            Kind::ExecEnv => "execution environment (wasm_exec_env_t)",
            Kind::Function => "function (wasm_function_inst_t)",
            Kind::SharedHeap => "shared heap (wasm_shared_heap_t)",
        }
    }
}

/// Indices stay below 2^24 so that the kind fits between index and generation.
const MAX_SLOTS: usize = 1 << 24;

/// A table of objects of one kind, addressed by handles.
pub(crate) struct HandleTable<T> {
    kind: Kind,
    slots: Vec<Slot<T>>,
    free: Vec<u32>,
}

struct Slot<T> {
    /// Bumped on every removal, so old handles to this slot stop matching.
    generation: u32,
    value: Option<T>,
}

impl<T> HandleTable<T> {
    /// An empty table for objects of `kind`.
    pub(crate) fn new(kind: Kind) -> Self {
        Self {
            kind,
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    /// Stores `value`; its handle, or `None` when the table is full.
    pub(crate) fn insert(&mut self, value: T) -> Option<usize> {
        let index = match self.free.pop() {
            Some(index) => index as usize,
            None => {
                if self.slots.len() >= MAX_SLOTS - 1 {
                    return None;
                }
                self.slots.push(Slot {
                    generation: 1,
                    value: None,
                });
                self.slots.len() - 1
            }
        };
        let slot = self.slots.get_mut(index)?;
        slot.value = Some(value);
        let generation = slot.generation;
        Some(self.encode(index, generation))
    }

    fn encode(&self, index: usize, generation: u32) -> usize {
        ((generation as usize) << 32) | ((self.kind as usize) << 24) | (index + 1)
    }

    /// The slot index of `handle`, if it is a live handle of this table.
    fn index_of(&self, handle: usize) -> Option<usize> {
        let low = handle & 0xFF_FFFF;
        let kind = (handle >> 24) & 0xFF;
        let generation = (handle >> 32) as u32;
        if low == 0 || kind != self.kind as usize {
            return None;
        }
        let index = low - 1;
        let slot = self.slots.get(index)?;
        (slot.generation == generation && slot.value.is_some()).then_some(index)
    }

    /// The object `handle` names.
    pub(crate) fn get(&self, handle: usize) -> Option<&T> {
        let index = self.index_of(handle)?;
        self.slots.get(index)?.value.as_ref()
    }

    /// The object `handle` names, mutably.
    pub(crate) fn get_mut(&mut self, handle: usize) -> Option<&mut T> {
        let index = self.index_of(handle)?;
        self.slots.get_mut(index)?.value.as_mut()
    }

    /// Takes the object out; its handle (and every copy of it) stops working.
    pub(crate) fn remove(&mut self, handle: usize) -> Option<T> {
        let index = self.index_of(handle)?;
        let slot = self.slots.get_mut(index)?;
        let value = slot.value.take();
        // Generation 0 is never handed out, so a wrapped generation skips it.
        slot.generation = slot.generation.wrapping_add(1).max(1);
        self.free.push(index as u32);
        value
    }

    /// The kind of object this table holds.
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_foreign_and_made_up_handles_are_refused() {
        let mut modules = HandleTable::new(Kind::Module);
        let mut instances: HandleTable<u8> = HandleTable::new(Kind::Instance);
        let a = modules.insert("a").unwrap();
        assert_eq!(modules.get(a), Some(&"a"));
        assert_eq!(instances.get(a), None, "a module handle is not an instance");
        assert_eq!(modules.remove(a), Some("a"));
        assert_eq!(modules.get(a), None, "destroyed");
        assert_eq!(modules.remove(a), None, "destroyed twice");
        let b = modules.insert("b").unwrap();
        assert_ne!(a, b, "the reused slot has a new generation");
        assert_eq!(modules.get(a), None);
        assert_eq!(modules.get(b), Some(&"b"));
        for made_up in [0, 1, usize::MAX, b + 1, b ^ (1 << 40), b & 0xFFFF_FFFF] {
            assert_eq!(modules.get(made_up), None, "{made_up:#x}");
        }
        let c = instances.insert(7).unwrap();
        assert_eq!(instances.get(c), Some(&7));
    }
}
