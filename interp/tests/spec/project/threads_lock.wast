;; A lock built from atomic.rmw.cmpxchg and xchg with wait/notify (0 free, 1 held, 2 held
;; with waiters), taken 10000 times by each of three threads (two script threads and the
;; main one, running at once) around a plain load and store of a counter. Without mutual
;; exclusion increments would be lost; the total shows none was.

;; The threads instantiate the main script's module definition (a compiled module is the
;; engine's, not a store's, so script threads see the definitions made before them).

(module $Mem (memory (export "shared") 1 1 shared))
(register "mem" $Mem)

(module definition $Counter
  (memory (import "mem" "shared") 1 1 shared)
  (func $lock
    (if (i32.eqz (i32.atomic.rmw.cmpxchg (i32.const 0) (i32.const 0) (i32.const 1)))
      (then (return)))
    (loop $retry
      (if (i32.atomic.rmw.xchg (i32.const 0) (i32.const 2))
        (then
          (drop (memory.atomic.wait32 (i32.const 0) (i32.const 2) (i64.const -1)))
          (br $retry)))))
  (func $unlock
    (if (i32.ne (i32.atomic.rmw.xchg (i32.const 0) (i32.const 0)) (i32.const 1))
      (then (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))))
  (func (export "work") (param $n i32)
    (loop $again
      (call $lock)
      (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8)) (i32.const 1)))
      (call $unlock)
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "count") (result i32) (i32.atomic.load (i32.const 8)))
  (func (export "state") (result i32) (i32.atomic.load (i32.const 0))))

(thread $T1 (shared (module $Mem))
  (register "mem" $Mem)
  (module instance $C1 $Counter)
  (invoke $C1 "work" (i32.const 10000)))

(thread $T2 (shared (module $Mem))
  (register "mem" $Mem)
  (module instance $C2 $Counter)
  (invoke $C2 "work" (i32.const 10000)))

(module instance $Main $Counter)
(invoke $Main "work" (i32.const 10000))

(wait $T1)
(wait $T2)

(assert_return (invoke $Main "count") (i32.const 30000))
(assert_return (invoke $Main "state") (i32.const 0))
