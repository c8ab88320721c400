;; Message passing through a shared memory between two script threads: the producer writes
;; 100 words, then publishes their count with an atomic store and wakes the consumer, which
;; waits for the count and sums the words. Nothing but atomics and wait/notify orders them.

(module $Mem (memory (export "shared") 1 1 shared))
(register "mem" $Mem)

(thread $Consumer (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (local $i i32) (local $n i32) (local $sum i32)
      (block $ready
        (loop $wait
          (br_if $ready (local.tee $n (i32.atomic.load (i32.const 0))))
          (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
          (br $wait)))
      (loop $add
        (local.set $sum
          (i32.add (local.get $sum)
            (i32.load (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 2))))))
        (br_if $add
          (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
      (i32.atomic.store (i32.const 4) (local.get $sum))
      (local.get $sum)))
  ;; The sum of i * i for i in 0..100.
  (assert_return (invoke "run") (i32.const 328350)))

(thread $Producer (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run")
      (local $i i32)
      (loop $fill
        (i32.store (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 2)))
          (i32.mul (local.get $i) (local.get $i)))
        (br_if $fill
          (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 100))))
      (i32.atomic.store (i32.const 0) (i32.const 100))
      (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))))
  (invoke "run"))

(wait $Producer)
(wait $Consumer)

(module $Check
  (memory (import "mem" "shared") 1 1 shared)
  (func (export "sum") (result i32) (i32.atomic.load (i32.const 4))))
(assert_return (invoke $Check "sum") (i32.const 328350))
