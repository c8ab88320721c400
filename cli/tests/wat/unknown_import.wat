;; Imports a function no one defines: instantiation must fail with the spec's words.
(module
  (import "host" "missing" (func))
  (func (export "f")))
