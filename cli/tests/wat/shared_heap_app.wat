;; Allocates from the shared heap through env.shared_heap_malloc, writes through the returned
;; app address, reads the bytes back, and frees the block.
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory (export "memory") 1)
  ;; Returns the app address of a fresh block of `size` bytes (0 when there is no room).
  (func (export "alloc") (param $size i32) (result i32)
    (call $malloc (local.get $size)))
  ;; The distance between two blocks of `size` bytes allocated one after the other: shows
  ;; how the allocator rounds and places blocks.
  (func (export "gap") (param $size i32) (result i32)
    (local $first i32) (local $second i32)
    (local.set $first (call $malloc (local.get $size)))
    (local.set $second (call $malloc (local.get $size)))
    (if (result i32) (i32.gt_u (local.get $second) (local.get $first))
      (then (i32.sub (local.get $second) (local.get $first)))
      (else (i32.sub (local.get $first) (local.get $second)))))
  ;; Stores `value` at the start of a new 16-byte block, loads it back through the same
  ;; address, frees the block and returns what it loaded.
  (func (export "round_trip") (param $value i64) (result i64)
    (local $block i32) (local $loaded i64)
    (local.set $block (call $malloc (i32.const 16)))
    (if (i32.eqz (local.get $block)) (then unreachable))
    (i64.store (local.get $block) (local.get $value))
    (local.set $loaded (i64.load (local.get $block)))
    (call $free (local.get $block))
    (local.get $loaded))
  ;; Loads the i32 at any address (linear memory or a shared heap).
  (func (export "load") (param $addr i32) (result i32)
    (i32.load (local.get $addr)))
  ;; Stores an i32 at any address and reads it back.
  (func (export "store_load") (param $addr i32) (param $value i32) (result i32)
    (i32.store (local.get $addr) (local.get $value))
    (i32.load (local.get $addr))))
