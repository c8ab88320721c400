//! Fuel metering: with [`crate::Config::consume_fuel`] on, a `ConsumeFuel` instruction opens
//! every function body and every loop body, so each call and each loop iteration pays before
//! it runs. Those are the only ways code can run unboundedly (all other jumps go forward),
//! so a store's fuel bounds any execution. Each charge is the number of wasm operators
//! translated from that point up to the next charge point: roughly the work of the straight
//! code it guards. With fuel off nothing is emitted and the code is exactly as before.

use super::FuncTranslator;
use crate::instr::Instr;

/// The open charge point of a function being translated.
#[derive(Debug, Default)]
pub(super) struct FuelState {
    /// Where the current `ConsumeFuel` is, if fuel is on and one was emitted.
    at: Option<usize>,
    /// Wasm operators translated since it.
    ops: u32,
}

impl FuncTranslator<'_> {
    /// Emits a charge point (if the engine consumes fuel), closing the previous one.
    pub(super) fn begin_fuel_block(&mut self) {
        if !self.env.consume_fuel {
            return;
        }
        self.finish_fuel_block();
        let at = self.emit(Instr::ConsumeFuel { amount: 1 });
        self.fuel = FuelState {
            at: Some(at),
            ops: 0,
        };
    }

    /// Counts one translated wasm operator towards the open charge point.
    pub(super) fn count_fuel_op(&mut self) {
        self.fuel.ops = self.fuel.ops.saturating_add(1);
    }

    /// Writes the open charge point's amount (at least 1, so every pass costs something).
    pub(super) fn finish_fuel_block(&mut self) {
        if let Some(at) = self.fuel.at.take() {
            self.code[at] = Instr::ConsumeFuel {
                amount: self.fuel.ops.max(1),
            };
        }
    }
}
