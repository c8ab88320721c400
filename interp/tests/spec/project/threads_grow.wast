;; Growth of a shared memory by one thread, seen by another that took its view of the
;; memory before the growth: after waiting for the grower's signal, the reader loads from a
;; page that did not exist when its call began, and memory.size reports the new size. The
;; grower waits for the reader's call to begin (the word at 4) before it grows.

(module $Mem (memory (export "shared") 1 4 shared))
(register "mem" $Mem)

(thread $Reader (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 4 shared)
    (func (export "run") (result i32)
      (i32.atomic.store (i32.const 4) (i32.const 1))
      (drop (memory.atomic.notify (i32.const 4) (i32.const 1)))
      (loop $wait
        (if (i32.eqz (i32.atomic.load (i32.const 0)))
          (then
            (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
            (br $wait))))
      (i32.add (i32.load (i32.const 131072)) (i32.mul (memory.size) (i32.const 1000)))))
  (assert_return (invoke "run") (i32.const 3042)))

(thread $Grower (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 4 shared)
    (func (export "run") (result i32)
      (local $old i32)
      (loop $reader_started
        (if (i32.eqz (i32.atomic.load (i32.const 4)))
          (then
            (drop (memory.atomic.wait32 (i32.const 4) (i32.const 0) (i64.const -1)))
            (br $reader_started))))
      (local.set $old (memory.grow (i32.const 2)))
      (i32.store (i32.const 131072) (i32.const 42))
      (i32.atomic.store (i32.const 0) (i32.const 1))
      (drop (memory.atomic.notify (i32.const 0) (i32.const -1)))
      (local.get $old)))
  (assert_return (invoke "run") (i32.const 1)))

(wait $Reader)
(wait $Grower)

(module
  (memory (import "mem" "shared") 1 4 shared)
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
(assert_return (invoke "size") (i32.const 3))
(assert_return (invoke "load" (i32.const 131072)) (i32.const 42))
(assert_trap (invoke "load" (i32.const 196608)) "out of bounds memory access")
(assert_return (invoke "grow" (i32.const 2)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 1)) (i32.const 3))
(assert_return (invoke "load" (i32.const 196608)) (i32.const 0))
