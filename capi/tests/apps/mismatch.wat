;; Imports host_sum with a type its signature "(*~)i" does not describe.
(module (import "env" "host_sum" (func (param i64 i64 i32) (result i32))) (memory 1))
