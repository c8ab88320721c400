;; The app of capi/c/threads.c: hands heap addresses to a native with a checked pointer.
(module
  (import "env" "checksum" (func $checksum (param i32 i32) (result i32)))
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory (export "memory") 1)
  ;; Fills len bytes at p with (seed + i) and returns the native's checksum of them.
  (func (export "fill_and_sum") (param $p i32) (param $len i32) (param $seed i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8 (i32.add (local.get $p) (local.get $i)) (i32.add (local.get $seed) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $checksum (local.get $p) (local.get $len)))
  (func (export "malloc") (param i32) (result i32) (call $malloc (local.get 0)))
  (func (export "free") (param i32) (call $free (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0))))
