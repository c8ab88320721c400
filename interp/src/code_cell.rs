//! The executor's unit of code: a translated instruction next to the address of the handler
//! that executes it (direct threading).
//!
//! The translator works in [`Instr`]s (16 bytes, the tag first) and patches branches in
//! instruction units; when a function's code is finished it is threaded once ([`thread`]):
//! each instruction becomes a 24-byte [`CodeCell`] holding its handler's address too, one
//! cell per instruction, so branch offsets and instruction counts are unchanged. A handler
//! then continues with one load and a register jump (`mov rax,[rsi+40]; add rsi,24; jmp
//! rax`: the next cell's handler) instead of loading the next tag and then its handler
//! from a table, two dependent loads before a mispredicted jump's target is known
//! (`docs/dispatch-costs.md`).
//!
//! The handlers are generic over the memory accessor while a module's code is shared by
//! runs with and without a shared-heap chain, so a cell holds one instantiation's address:
//! that of runs without a chain (`NoChain`, the common case). Chain runs look their
//! handlers up by tag in their table, as before (`exec::dispatch`).

use crate::instr::Instr;

/// One instruction of a function's code as the executor runs it: the instruction, then
/// the address of its handler for runs without a chain.
///
/// The instruction comes first so that its tag stays at the cell's address, where chain
/// runs read it: with the tag at an offset the compiler merged the two ways out of a
/// conditional branch handler in chain runs into one that computes the tag's address
/// (measured: `examples/memory_kernel chain-linear` +10% instructions).
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub(crate) struct CodeCell {
    /// The instruction, read by its handler (and by chain runs for its tag).
    pub instr: Instr,
    /// `instr`'s handler in the executor's no-chain instantiation, with its type erased
    /// (the handler type names the executor's private context); only `exec::dispatch`
    /// makes it and calls it.
    pub handler: fn(),
}

impl CodeCell {
    /// The cell of `instr`, holding its handler.
    pub fn threaded(instr: Instr) -> CodeCell {
        CodeCell {
            handler: crate::exec::no_chain_handler(&instr),
            instr,
        }
    }
}

/// A function's finished code as the executor runs it: one cell per instruction, in order.
pub(crate) fn thread(code: &[Instr]) -> Box<[CodeCell]> {
    code.iter()
        .map(|&instr| CodeCell::threaded(instr))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_an_address_and_an_instruction() {
        assert_eq!(size_of::<CodeCell>(), 24);
        // Frame records keep a flag in bit 0 of a cell's address.
        assert!(align_of::<CodeCell>() >= 2);
    }

    #[test]
    fn threading_keeps_the_instructions_in_order() {
        let code = [
            Instr::Br { target: 2 },
            Instr::Unreachable {},
            Instr::Return {},
        ];
        let cells = thread(&code);
        assert_eq!(cells.len(), code.len());
        for (cell, instr) in cells.iter().zip(&code) {
            assert_eq!(cell.instr, *instr);
        }
        // The same instruction gets the same handler, another one another handler.
        assert_eq!(
            CodeCell::threaded(Instr::Return {}).handler as usize,
            cells[2].handler as usize
        );
        assert_ne!(cells[0].handler as usize, cells[1].handler as usize);
    }
}
