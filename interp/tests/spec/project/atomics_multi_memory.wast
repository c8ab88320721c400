;; The threads proposal's instructions on memories other than memory 0 (multi-memory): the
;; same results, alignment and bounds traps as on memory 0, wait and notify following the
;; named memory's `shared`, and a notify through memory 1 of one thread waking a wait through
;; memory 0 of another (both name the same shared memory).

(module $M
  (memory $plain 1)
  (memory $shared 1 2 shared)
  (memory $unshared 1)
  (func (export "add") (param i32 i32) (result i32)
    (i32.atomic.rmw.add $shared (local.get 0) (local.get 1)))
  (func (export "cmpxchg64") (param i32 i64 i64) (result i64)
    (i64.atomic.rmw.cmpxchg $shared (local.get 0) (local.get 1) (local.get 2)))
  (func (export "sub8") (param i32 i32) (result i32)
    (i32.atomic.rmw8.sub_u $unshared (local.get 0) (local.get 1)))
  (func (export "store16") (param i32 i32) (i32.atomic.store16 $shared (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.atomic.load $shared (local.get 0)))
  (func (export "load_offset") (param i32) (result i64)
    (i64.atomic.load32_u $shared offset=4 (local.get 0)))
  (func (export "load0") (param i32) (result i32) (i32.atomic.load $plain (local.get 0)))
  (func (export "wait_shared") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 $shared (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait_unshared") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 $unshared (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify_unshared") (param i32 i32) (result i32)
    (memory.atomic.notify $unshared (local.get 0) (local.get 1)))
  (func (export "grow_shared") (param i32) (result i32) (memory.grow $shared (local.get 0))))

(assert_return (invoke "add" (i32.const 8) (i32.const 5)) (i32.const 0))
(assert_return (invoke "add" (i32.const 8) (i32.const 2)) (i32.const 5))
(assert_return (invoke "load" (i32.const 8)) (i32.const 7))
;; Memory 0 did not change.
(assert_return (invoke "load0" (i32.const 8)) (i32.const 0))
(assert_return (invoke "cmpxchg64" (i32.const 16) (i64.const 1) (i64.const 9)) (i64.const 0))
(assert_return (invoke "cmpxchg64" (i32.const 16) (i64.const 0) (i64.const 9)) (i64.const 0))
(assert_return (invoke "cmpxchg64" (i32.const 16) (i64.const 0) (i64.const 3)) (i64.const 9))
(assert_return (invoke "sub8" (i32.const 3) (i32.const 1)) (i32.const 0))
(assert_return (invoke "sub8" (i32.const 3) (i32.const 0)) (i32.const 255))
(invoke "store16" (i32.const 36) (i32.const 0x12345))
(assert_return (invoke "load_offset" (i32.const 32)) (i64.const 0x2345))

(assert_trap (invoke "add" (i32.const 2) (i32.const 1)) "unaligned atomic")
(assert_trap (invoke "load_offset" (i32.const 1)) "unaligned atomic")
(assert_trap (invoke "add" (i32.const 65536) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "load_offset" (i32.const 65532)) "out of bounds memory access")
(assert_trap (invoke "sub8" (i32.const 65536) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "grow_shared" (i32.const 1)) (i32.const 1))
(assert_return (invoke "add" (i32.const 65536) (i32.const 1)) (i32.const 0))

(assert_return (invoke "wait_shared" (i32.const 8) (i32.const 0) (i64.const -1)) (i32.const 1))
(assert_return (invoke "wait_shared" (i32.const 8) (i32.const 7) (i64.const 1000)) (i32.const 2))
(assert_trap (invoke "wait_shared" (i32.const 9) (i32.const 7) (i64.const 0)) "unaligned atomic")
(assert_trap (invoke "wait_unshared" (i32.const 0) (i64.const 0) (i64.const 0)) "expected shared memory")
(assert_return (invoke "notify_unshared" (i32.const 0) (i32.const 1)) (i32.const 0))

;; Across threads: the waiter waits through its memory 0, the waker notifies through its
;; memory 1; both are the same shared memory.
(module $Mem (memory (export "shared") 1 1 shared))
(register "mem" $Mem)

(thread $Waiter (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "wait") (result i32)
      (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const -1))))
  (assert_return (invoke "wait") (i32.const 0)))

(module
  (memory $own (import "spectest" "memory") 1 2)
  (memory $other (import "mem" "shared") 1 1 shared)
  (func (export "wake") (result i32)
    (local $woken i32)
    (loop $again
      (local.set $woken (memory.atomic.notify $other (i32.const 64) (i32.const 1)))
      (br_if $again (i32.eqz (local.get $woken))))
    (local.get $woken)))
(assert_return (invoke "wake") (i32.const 1))
(wait $Waiter)
