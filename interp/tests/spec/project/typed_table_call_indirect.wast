;; call_indirect through tables of typed function references: a table of (ref null $t) or
;; (ref $t) holds only functions of type $t, and call_indirect through it still checks the
;; signature it names and traps on null and out-of-range entries as the spec says.

(module
  (type $t (func (param i32) (result i32)))
  (type $u (func (result i32)))
  (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
  (func $square (type $t) (i32.mul (local.get 0) (local.get 0)))
  (table $nullable 3 (ref null $t))
  (table $non_null 2 (ref $t) (ref.func $double))
  (elem (table $nullable) (i32.const 0) (ref null $t) (ref.func $double) (ref.func $square))
  (elem declare func $double $square)
  (func (export "call_nullable") (param i32 i32) (result i32)
    (call_indirect $nullable (type $t) (local.get 1) (local.get 0)))
  (func (export "call_non_null") (param i32 i32) (result i32)
    (call_indirect $non_null (type $t) (local.get 1) (local.get 0)))
  (func (export "call_wrong_type") (param i32) (result i32)
    (call_indirect $nullable (type $u) (local.get 0)))
  (func (export "set_non_null") (param i32)
    (table.set $non_null (local.get 0) (ref.func $square))))

(assert_return (invoke "call_nullable" (i32.const 0) (i32.const 5)) (i32.const 10))
(assert_return (invoke "call_nullable" (i32.const 1) (i32.const 5)) (i32.const 25))
(assert_trap (invoke "call_nullable" (i32.const 2) (i32.const 5)) "uninitialized element")
(assert_trap (invoke "call_nullable" (i32.const 3) (i32.const 5)) "undefined element")
(assert_return (invoke "call_non_null" (i32.const 1) (i32.const 7)) (i32.const 14))
(invoke "set_non_null" (i32.const 1))
(assert_return (invoke "call_non_null" (i32.const 1) (i32.const 7)) (i32.const 49))
(assert_trap (invoke "call_non_null" (i32.const 2) (i32.const 7)) "undefined element")
(assert_trap (invoke "call_wrong_type" (i32.const 0)) "indirect call type mismatch")
