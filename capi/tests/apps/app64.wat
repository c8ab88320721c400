;; A memory64 app declaring shared_heap_malloc as C compilers do for WAMR's wasm64 apps.
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i64)))
  (import "env" "shared_heap_free" (func $free (param i64)))
  (memory (export "memory") i64 1)
  (func (export "malloc") (param i32) (result i64) (call $malloc (local.get 0)))
  (func (export "free") (param i64) (call $free (local.get 0)))
  (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0))))
