//! Table instructions (indices are store indices of tables and element segments).

use crate::TrapCode;
use crate::store::StoreInner;

const OOB: TrapCode = TrapCode::TableOutOfBounds;

/// Checks that `start .. start + n` lies within `len`; returns the range as usizes.
fn span(start: u64, n: u64, len: usize) -> Result<core::ops::Range<usize>, TrapCode> {
    let end = start.checked_add(n).ok_or(OOB)?;
    if end > len as u64 {
        return Err(OOB);
    }
    Ok(start as usize..end as usize)
}

pub(super) fn get(s: &StoreInner, table: u32, i: u64) -> Result<u64, TrapCode> {
    let elems = &s.tables[table as usize].elems;
    usize::try_from(i)
        .ok()
        .and_then(|i| elems.get(i))
        .copied()
        .ok_or(OOB)
}

pub(super) fn set(s: &mut StoreInner, table: u32, i: u64, v: u64) -> Result<(), TrapCode> {
    let elems = &mut s.tables[table as usize].elems;
    let e = usize::try_from(i)
        .ok()
        .and_then(|i| elems.get_mut(i))
        .ok_or(OOB)?;
    *e = v;
    Ok(())
}

pub(super) fn fill(s: &mut StoreInner, table: u32, i: u64, v: u64, n: u64) -> Result<(), TrapCode> {
    let elems = &mut s.tables[table as usize].elems;
    let r = span(i, n, elems.len())?;
    elems[r].fill(v);
    Ok(())
}

pub(super) fn copy(
    s: &mut StoreInner,
    dst_table: u32,
    src_table: u32,
    d: u64,
    src: u64,
    n: u64,
) -> Result<(), TrapCode> {
    let (dt, st) = (dst_table as usize, src_table as usize);
    let dr = span(d, n, s.tables[dt].elems.len())?;
    let sr = span(src, n, s.tables[st].elems.len())?;
    if dt == st {
        s.tables[dt].elems.copy_within(sr, dr.start);
    } else {
        let (lo, hi) = s.tables.split_at_mut(dt.max(st));
        let (dst, src) = if dt < st {
            (&mut lo[dt], &hi[0])
        } else {
            (&mut hi[0], &lo[st])
        };
        dst.elems[dr].copy_from_slice(&src.elems[sr]);
    }
    Ok(())
}

pub(super) fn init(
    s: &mut StoreInner,
    table: u32,
    elem: u32,
    d: u64,
    src: u64,
    n: u64,
) -> Result<(), TrapCode> {
    let items = &s.elems[elem as usize].items;
    let sr = span(src, n, items.len())?;
    let elems = &s.tables[table as usize].elems;
    let dr = span(d, n, elems.len())?;
    let (items, tables) = (&s.elems[elem as usize].items, &mut s.tables);
    tables[table as usize].elems[dr].copy_from_slice(&items[sr]);
    Ok(())
}

/// `table.grow`: the old size, or -1 in the table's index type.
pub(super) fn grow(s: &mut StoreInner, table: u32, init: u64, delta: u64) -> u64 {
    let max = s.limits.max_table_elements;
    let t = &mut s.tables[table as usize];
    match t.grow(delta, init, max) {
        Some(old) => old,
        None if t.ty.table64 => u64::MAX,
        None => u64::from(u32::MAX),
    }
}
