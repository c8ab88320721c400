//! Copies, constants, globals, references, tables and bulk memory.

use super::prelude::*;
use crate::exec::{host, table};

handlers! {
    $ full [cx, ip, regs, mem]
    Instr::Copy { dst, src } => {
        regs.set(dst, regs.get(src));
        next!()
    };
    Instr::Copy2 { dst0, src0, dst1, src1, } => {
        regs.set(u32::from(dst0), regs.get(u32::from(src0)));
        regs.set(u32::from(dst1), regs.get(u32::from(src1)));
        next!()
    };
    Instr::Select { dst, other, cond } => {
        if regs.u32(cond) == 0 {
            regs.set(dst, regs.get(other));
        }
        next!()
    };
    Instr::SelectOf { dst, first, other, cond } => {
        let picked = if regs.u32(u32::from(cond)) != 0 { first } else { other };
        regs.set(u32::from(dst), regs.get(u32::from(picked)));
        next!()
    };
    Instr::SelectOfAcc { dst, first, other } => {
        let cond: u32 = Operand::read(InAcc, regs);
        let picked = if cond != 0 { first } else { other };
        regs.set(u32::from(dst), regs.get(u32::from(picked)));
        next!()
    };
    Instr::Const32 { dst, value } => {
        regs.set_u32(dst, value);
        next!()
    };
    Instr::Const64 { dst, value } => {
        regs.set(dst, value);
        next!()
    };
    Instr::GlobalGet { dst, global } => {
        let g = cx.index_spaces.global(global);
        // SAFETY: an instance's global index space holds the store indices of globals
        // allocated in this store, and the store never removes a global.
        let data = unsafe { unchecked::get(&cx.store.inner.globals, g as usize) };
        regs.set(dst, data.value);
        next!()
    };
    Instr::GlobalSet { src, global } => {
        let g = cx.index_spaces.global(global);
        // SAFETY: as in `GlobalGet`.
        let data = unsafe { unchecked::get_mut(&mut cx.store.inner.globals, g as usize) };
        data.value = regs.get(src);
        next!()
    };
    Instr::RefIsNull { dst, src } => unary!(dst, |v: u64| v == 0, InSlot(src));
    Instr::RefFunc { dst, func } => {
        let f = cx.index_spaces.func(func);
        regs.set(dst, u64::from(f) + 1);
        next!()
    };
    Instr::TableGet { dst, index, table } => {
        let t = inst_data!().tables[table as usize];
        regs.set(dst, tr!(table::get(&cx.store.inner, t, regs.get(index))));
        next!()
    };
    Instr::TableSet { index, value, table, } => {
        let t = inst_data!().tables[table as usize];
        tr!(table::set(
            &mut cx.store.inner,
            t,
            regs.get(index),
            regs.get(value)
        ));
        next!()
    };
    Instr::TableSize { dst, table } => {
        let t = inst_data!().tables[table as usize];
        regs.set(dst, cx.store.inner.tables[t as usize].elems.len() as u64);
        next!()
    };
    Instr::TableGrow { base, table } => {
        let t = inst_data!().tables[table as usize];
        let old = table::grow(&mut cx.store.inner, t, regs.get(base), regs.get(base + 1));
        regs.set(base, old);
        next!()
    };
    Instr::TableFill { base, table } => {
        let t = inst_data!().tables[table as usize];
        let (i, v, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
        tr!(table::fill(&mut cx.store.inner, t, i, v, n));
        next!()
    };
    Instr::TableCopy { base, dst_table, src_table, } => {
        let d = inst_data!().tables[dst_table as usize];
        let s = inst_data!().tables[src_table as usize];
        let (a, b, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
        tr!(table::copy(&mut cx.store.inner, d, s, a, b, n));
        next!()
    };
    Instr::TableInit { base, table, elem } => {
        let t = inst_data!().tables[table as usize];
        let e = inst_data!().elems[elem as usize];
        let (a, b, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
        tr!(table::init(&mut cx.store.inner, t, e, a, b, n));
        next!()
    };
    Instr::ElemDrop { elem } => {
        let e = inst_data!().elems[elem as usize];
        cx.store.inner.elems[e as usize].items = Vec::new();
        next!()
    };
    Instr::MemorySize { dst } => {
        // Another thread may have grown a shared memory 0 since the view was taken.
        mem.len = current_len(&cx.store.inner, cx.inst, mem.len);
        regs.set(dst, mem.len / crate::types::PAGE_SIZE);
        next!()
    };
    Instr::MemoryGrow { dst, delta } => {
        let r =
            host::memory_grow(&mut cx.store.inner, cx.inst, regs.get(delta), cx.m.linear_limit());
        regs.set(dst, r);
        mem = memory_view(&mut cx.store.inner, cx.m, cx.inst);
        next!()
    };
    Instr::MemoryFill { base } => {
        let (d, v, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
        tr!(memory::fill(&mut mem, cx, d, v as u8, n));
        next!()
    };
    Instr::MemoryCopy { base } => {
        let (d, s, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
        tr!(memory::copy(&mut mem, cx, d, s, n));
        next!()
    };
    Instr::MemoryInit { base, data } => {
        let di = inst_data!().datas[data as usize];
        let (d, s, n) = (regs.get(base), regs.get(base + 1), regs.get(base + 2));
        tr!(memory::init(&mut mem, cx, di, d, s, n));
        next!()
    };
    Instr::DataDrop { data } => {
        let di = inst_data!().datas[data as usize];
        cx.store.inner.datas[di as usize] = None;
        next!()
    };
    Instr::AddrAdd { dst, lhs, rhs } => {
        match regs.get(lhs).checked_add(regs.get(rhs)) {
            Some(v) => regs.set(dst, v),
            None => trap!(TrapCode::MemoryOutOfBounds),
        }
        next!()
    };
}
