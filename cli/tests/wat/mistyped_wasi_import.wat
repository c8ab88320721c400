;; Imports fd_write with a type preview1 does not give it: a link error, not a crash.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "f")))
