;; SIMD from the command line: v128 arguments and results (see README, `--invoke`).
(module
  ;; Lane-wise i32x4 addition.
  (func (export "add4") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  ;; The dot product of two f32x4 vectors.
  (func (export "dot4") (param v128 v128) (result f32)
    (local $p v128)
    (local.set $p (f32x4.mul (local.get 0) (local.get 1)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $p)) (f32x4.extract_lane 1 (local.get $p)))
      (f32.add (f32x4.extract_lane 2 (local.get $p)) (f32x4.extract_lane 3 (local.get $p))))))
