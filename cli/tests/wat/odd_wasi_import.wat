;; Imports a name preview1 does not have: instantiation fails naming it.
(module
  (import "wasi_snapshot_preview1" "not_a_preview1_function" (func $odd (param i32)))
  (memory (export "memory") 1)
  (func (export "f") (call $odd (i32.const 0))))
