;; An app without memory: a shared heap cannot be attached to it.
(module (func (export "nop")))
