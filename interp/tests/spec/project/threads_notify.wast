;; memory.atomic.notify wakes as many waiters as asked, across script threads, and reports
;; how many it woke; a wait woken so returns 0; with no waiter left, notify wakes nobody.

(module $Mem (memory (export "shared") 1 1 shared))
(register "mem" $Mem)

(thread $W1 (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "wait") (result i32)
      (memory.atomic.wait32 (i32.const 16) (i32.const 0) (i64.const -1))))
  (assert_return (invoke "wait") (i32.const 0)))

(thread $W2 (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "wait") (result i32)
      (memory.atomic.wait64 (i32.const 16) (i64.const 0) (i64.const -1))))
  (assert_return (invoke "wait") (i32.const 0)))

(module
  (memory (import "mem" "shared") 1 1 shared)
  ;; Notifies address 16 until `n` waiters in all were woken (they may not be waiting yet).
  (func (export "wake") (param $n i32) (result i32)
    (local $woken i32)
    (loop $again
      (local.set $woken
        (i32.add (local.get $woken)
          (memory.atomic.notify (i32.const 16) (i32.sub (local.get $n) (local.get $woken)))))
      (br_if $again (i32.lt_u (local.get $woken) (local.get $n))))
    (local.get $woken))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "wait") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2))))

(assert_return (invoke "wake" (i32.const 2)) (i32.const 2))
(wait $W1)
(wait $W2)
(assert_return (invoke "notify" (i32.const 16) (i32.const -1)) (i32.const 0))
(assert_return (invoke "wait" (i32.const 16) (i32.const 1) (i64.const -1)) (i32.const 1))
(assert_return (invoke "wait" (i32.const 16) (i32.const 0) (i64.const 1000)) (i32.const 2))
(assert_trap (invoke "notify" (i32.const 18) (i32.const 1)) "unaligned atomic")
