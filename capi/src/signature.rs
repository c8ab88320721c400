//! WAMR's native signature strings, e.g. `"(i*~$)i"`.

use interp::{FuncType, ValType};

/// One parameter letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Param {
    /// `i`: an i32.
    I32,
    /// `I`: an i64.
    I64,
    /// `f`: an f32.
    F32,
    /// `F`: an f64.
    F64,
    /// `*`: an app address, checked and passed as a native pointer; the byte count is the
    /// next parameter when that is `~`, else 1.
    Ptr,
    /// `~`: the byte count of the `*` before it, passed unchanged.
    Len,
    /// `$`: the app address of a NUL-terminated string, checked and passed as a pointer.
    Str,
}

/// The result letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ret {
    None,
    I32,
    I64,
    F32,
    F64,
}

/// A parsed signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Signature {
    pub(crate) params: Vec<Param>,
    pub(crate) ret: Ret,
}

impl Signature {
    /// Parses `text`; the error is a sentence naming the problem.
    pub(crate) fn parse(text: &str) -> Result<Signature, String> {
        let bad = |why: &str| format!("signature \"{text}\" is malformed: {why}");
        let inner = text
            .strip_prefix('(')
            .ok_or_else(|| bad("it must start with '('"))?;
        let (params_text, ret_text) = inner
            .split_once(')')
            .ok_or_else(|| bad("the parameters must end with ')'"))?;
        let mut params = Vec::with_capacity(params_text.len());
        for c in params_text.chars() {
            params.push(match c {
                'i' => Param::I32,
                'I' => Param::I64,
                'f' => Param::F32,
                'F' => Param::F64,
                '*' => Param::Ptr,
                '~' => {
                    if params.last() != Some(&Param::Ptr) {
                        return Err(bad("'~' must follow '*'"));
                    }
                    Param::Len
                }
                '$' => Param::Str,
                'r' => {
                    return Err(bad(
                        "externref parameters ('r') are not supported by this runtime's C API",
                    ));
                }
                other => {
                    return Err(bad(&format!(
                        "'{other}' is not a parameter letter (i I f F * ~ $)"
                    )));
                }
            });
        }
        let ret = match ret_text {
            "" => Ret::None,
            "i" => Ret::I32,
            "I" => Ret::I64,
            "f" => Ret::F32,
            "F" => Ret::F64,
            other => {
                return Err(bad(&format!(
                    "the result \"{other}\" is not one of i, I, f, F or nothing"
                )));
            }
        };
        Ok(Signature { params, ret })
    }

    /// The signature of a native registered without one: the module's declared type, with
    /// no pointer checks. `None` for types a C function cannot take (references, several
    /// results).
    pub(crate) fn from_type(ty: &FuncType) -> Option<Signature> {
        let params = ty
            .params()
            .iter()
            .map(|ty| match ty {
                ValType::I32 => Some(Param::I32),
                ValType::I64 => Some(Param::I64),
                ValType::F32 => Some(Param::F32),
                ValType::F64 => Some(Param::F64),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let ret = match ty.results() {
            [] => Ret::None,
            [ValType::I32] => Ret::I32,
            [ValType::I64] => Ret::I64,
            [ValType::F32] => Ret::F32,
            [ValType::F64] => Ret::F64,
            _ => return None,
        };
        Some(Signature { params, ret })
    }

    /// Whether a module may import this native with type `ty`: numbers match exactly;
    /// `*`, `~` and `$` are addresses, i32 in memory32 apps and i64 in memory64 apps.
    pub(crate) fn matches(&self, ty: &FuncType) -> bool {
        let params_match = self.params.len() == ty.params().len()
            && self.params.iter().zip(ty.params()).all(|(p, t)| match p {
                Param::I32 => *t == ValType::I32,
                Param::I64 => *t == ValType::I64,
                Param::F32 => *t == ValType::F32,
                Param::F64 => *t == ValType::F64,
                Param::Ptr | Param::Len | Param::Str => matches!(t, ValType::I32 | ValType::I64),
            });
        let ret_matches = match self.ret {
            Ret::None => ty.results().is_empty(),
            Ret::I32 => ty.results() == [ValType::I32],
            Ret::I64 => ty.results() == [ValType::I64],
            Ret::F32 => ty.results() == [ValType::F32],
            Ret::F64 => ty.results() == [ValType::F64],
        };
        params_match && ret_matches
    }

    /// How many arguments go in integer registers (the exec env included) and how many in
    /// floating-point registers.
    pub(crate) fn register_counts(&self) -> (usize, usize) {
        let floats = self
            .params
            .iter()
            .filter(|p| matches!(p, Param::F32 | Param::F64))
            .count();
        (1 + self.params.len() - floats, floats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_letter_and_refuses_malformed_text() {
        let sig = Signature::parse("(iIfF*~$)F").unwrap();
        use Param::*;
        assert_eq!(sig.params, vec![I32, I64, F32, F64, Ptr, Len, Str]);
        assert_eq!(sig.ret, Ret::F64);
        assert_eq!(sig.register_counts(), (6, 2));
        assert_eq!(Signature::parse("()").unwrap().ret, Ret::None);
        for bad in ["", "i", "(i", "(~)", "(i~)", "(r)", "(x)", "(i)ii", "(i)*"] {
            assert!(Signature::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn addresses_match_both_widths_and_numbers_match_exactly() {
        let sig = Signature::parse("(*~i)i").unwrap();
        use ValType::*;
        assert!(sig.matches(&FuncType::new([I32, I32, I32], [I32])));
        assert!(sig.matches(&FuncType::new([I64, I64, I32], [I32])));
        assert!(!sig.matches(&FuncType::new([I32, I32, I64], [I32])));
        assert!(!sig.matches(&FuncType::new([I32, I32, I32], [])));
        assert!(!sig.matches(&FuncType::new([I32, I32], [I32])));
    }
}
