//! A table's elements (references in slot encoding) and type.

use crate::types::TableType;

/// A table: references encoded as 0 = null, else store index + 1.
pub(crate) struct TableData {
    /// Type with `minimum` = current size.
    pub ty: TableType,
    pub elems: Vec<u64>,
    /// The element type as declared, for import matching.
    pub exact: Option<crate::ref_type::ExactRef>,
}

impl TableData {
    /// A table of `ty.minimum` copies of `init`, or `None` if over `max_elements`.
    pub(crate) fn new(ty: TableType, init: u64, max_elements: u64) -> Option<TableData> {
        if ty.minimum > max_elements {
            return None;
        }
        let len = usize::try_from(ty.minimum).ok()?;
        let mut elems = Vec::new();
        elems.try_reserve_exact(len).ok()?;
        elems.resize(len, init);
        Some(TableData {
            ty,
            elems,
            exact: crate::ref_type::ExactRef::of_val_type(ty.element),
        })
    }

    /// Grows by `delta` elements set to `init`; returns the old size, or `None` (wasm's -1).
    pub(crate) fn grow(&mut self, delta: u64, init: u64, max_elements: u64) -> Option<u64> {
        let old = self.elems.len() as u64;
        let new = old.checked_add(delta)?;
        let max = self.ty.maximum.unwrap_or(u64::MAX);
        let index_max = if self.ty.table64 {
            u64::MAX
        } else {
            u64::from(u32::MAX)
        };
        if new > max || new > max_elements || new > index_max {
            return None;
        }
        let new_len = usize::try_from(new).ok()?;
        self.elems
            .try_reserve_exact(new_len - self.elems.len())
            .ok()?;
        self.elems.resize(new_len, init);
        self.ty.minimum = new;
        Some(old)
    }
}
