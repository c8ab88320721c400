//! Calling a C native whose parameter list is known only at run time.
//!
//! On the supported ABIs (x86-64 System V, AArch64 AAPCS64) the first integer-class
//! arguments go in integer registers and the first floating-point arguments in vector
//! registers, each class in its own order, and the caller cleans up. So a native whose
//! arguments all fit in registers can be called through one fixed prototype that fills every
//! register: integers in order, floats in order, the callee reading the ones it declares.
//! (WAMR's `invokeNative` assembly does the same.) Natives needing stack arguments are
//! refused when registered.

use std::ffi::c_void;
use std::ptr::NonNull;

use crate::signature::Ret;

/// Integer argument registers.
#[cfg(target_arch = "x86_64")]
pub(crate) const INT_REGS: usize = 6;
/// Integer argument registers.
#[cfg(target_arch = "aarch64")]
pub(crate) const INT_REGS: usize = 8;
/// Floating-point argument registers.
pub(crate) const FLOAT_REGS: usize = 8;

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
compile_error!("libshheap calls natives through the x86-64 or AArch64 calling convention only");

/// Calls `native` with integer-class arguments `ints` and floating-point arguments
/// `floats` (an f32 as its bits in the low half), returning the result's bits (an f32's
/// in the low half; 0 for none).
///
/// # Safety
/// `native` must be a C function whose parameters, taken in order, are integers or pointers
/// exactly `ints.len()` of them, and `float`/`double` exactly `floats.len()` of them (at most
/// `INT_REGS` and `FLOAT_REGS`), with a result matching `ret`; and calling it with these
/// values must be sound.
pub(crate) unsafe fn call_native(
    native: NonNull<c_void>,
    ints: &[u64],
    floats: &[u64],
    ret: Ret,
) -> u64 {
    let mut i = [0u64; INT_REGS];
    let mut f = [0f64; FLOAT_REGS];
    for (slot, value) in i.iter_mut().zip(ints) {
        *slot = *value;
    }
    for (slot, bits) in f.iter_mut().zip(floats) {
        *slot = f64::from_bits(*bits);
    }
    match ret {
        Ret::F32 | Ret::F64 => {
            // SAFETY: the caller promises a C function taking these register arguments and
            // returning a float or double, both returned in the first vector register (an
            // f32 in its low half).
            let bits = unsafe { call_registers::<f64>(native, &i, &f) }.to_bits();
            if ret == Ret::F32 {
                bits & 0xFFFF_FFFF
            } else {
                bits
            }
        }
        Ret::None | Ret::I32 | Ret::I64 => {
            // SAFETY: the caller promises a C function taking these register arguments whose
            // result, if any, is returned in the first integer register.
            let result = unsafe { call_registers::<u64>(native, &i, &f) };
            match ret {
                Ret::I32 => result & 0xFFFF_FFFF,
                Ret::I64 => result,
                _ => 0,
            }
        }
    }
}

/// Defines `call_registers` for an ABI with one integer argument register per name given.
macro_rules! define_call_registers {
    ($($int:ident),+) => {
        /// Calls `native` through a prototype that fills every argument register, reading
        /// the result register of `R`.
        ///
        /// # Safety
        /// As `call_native`, with `R` the class of the native's result register.
        unsafe fn call_registers<R>(
            native: NonNull<c_void>,
            ints: &[u64; INT_REGS],
            f: &[f64; FLOAT_REGS],
        ) -> R {
            let [$($int),+] = *ints;
            // SAFETY: a function pointer from a data pointer of the same size; the caller
            // promises the code there follows this register use.
            let callee = unsafe {
                core::mem::transmute::<
                    *mut c_void,
                    unsafe extern "C" fn(
                        $(define_call_registers!(@u64 $int),)+
                        f64, f64, f64, f64, f64, f64, f64, f64,
                    ) -> R,
                >(native.as_ptr())
            };
            // SAFETY: forwarded from `call_native`'s contract; registers the native does not
            // declare hold zeros it never reads.
            unsafe { callee($($int,)+ f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]) }
        }
    };
    (@u64 $int:ident) => { u64 };
}

#[cfg(target_arch = "x86_64")]
define_call_registers!(i0, i1, i2, i3, i4, i5);
#[cfg(target_arch = "aarch64")]
define_call_registers!(i0, i1, i2, i3, i4, i5, i6, i7);
