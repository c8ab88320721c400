//! Which optional WebAssembly proposals an engine accepts ([`crate::Config`]'s `wasm_*`
//! switches), and the validator features they come to.

use wasmparser::WasmFeatures;

/// The switchable proposals; all on by default.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Proposals {
    pub reference_types: bool,
    pub tail_call: bool,
    pub multi_memory: bool,
    pub function_references: bool,
    pub simd: bool,
    pub relaxed_simd: bool,
}

impl Default for Proposals {
    fn default() -> Proposals {
        Proposals {
            reference_types: true,
            tail_call: true,
            multi_memory: true,
            function_references: true,
            simd: true,
            relaxed_simd: true,
        }
    }
}

impl Proposals {
    /// The features to validate with: WebAssembly 2.0, plus memory64 and extended constant
    /// expressions, plus the switched-on proposals (SIMD and reference types are part of 2.0
    /// but can be switched off).
    pub(crate) fn wasm_features(self) -> WasmFeatures {
        let mut features = (WasmFeatures::WASM2
            | WasmFeatures::MEMORY64
            | WasmFeatures::EXTENDED_CONST
            | WasmFeatures::THREADS)
            - WasmFeatures::SIMD
            - WasmFeatures::RELAXED_SIMD;
        // Relaxed SIMD builds on SIMD: it needs both switches.
        features.set(WasmFeatures::SIMD, self.simd);
        features.set(WasmFeatures::RELAXED_SIMD, self.simd && self.relaxed_simd);
        features.set(WasmFeatures::TAIL_CALL, self.tail_call);
        features.set(WasmFeatures::MULTI_MEMORY, self.multi_memory);
        // Typed function references extend reference types: they too need both switches.
        features.set(WasmFeatures::REFERENCE_TYPES, self.reference_types);
        features.set(
            WasmFeatures::FUNCTION_REFERENCES,
            self.reference_types && self.function_references,
        );
        features
    }
}
