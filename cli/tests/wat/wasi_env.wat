;; A WASI command that prints each environment entry on its own line (environ_sizes_get,
;; environ_get, fd_write), then exits with status 7 if it saw none.
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: count, 4: buffer size, 8: iovec, 16: nwritten, 1024..: pointers, 4096..: strings.
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $n))
  (func (export "_start") (local $i i32) (local $p i32) (local $n i32)
    (if (call $sizes (i32.const 0) (i32.const 4)) (then unreachable))
    (if (i32.eqz (i32.load (i32.const 0))) (then (call $exit (i32.const 7))))
    (if (call $get (i32.const 1024) (i32.const 4096)) (then unreachable))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 0))))
      (local.set $p (i32.load (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))))
      ;; Replace the NUL with a newline and write the entry with it.
      (local.set $n (call $strlen (local.get $p)))
      (i32.store8 (i32.add (local.get $p) (local.get $n)) (i32.const 10))
      (i32.store (i32.const 8) (local.get $p))
      (i32.store (i32.const 12) (i32.add (local.get $n) (i32.const 1)))
      (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))))
