//! The skip list: the only directives the suite does not run, each because it needs a proposal
//! outside interp's scope (WebAssembly 3.0 without GC and exception handling). Everything
//! else must pass.

use wast::core::{AbstractHeapType, HeapType, WastArgCore, WastRetCore};
use wast::{QuoteWat, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

/// Why a directive is skipped; `Display`-ready sentences for the run's summary.
pub mod reason {
    /// Exceptions.
    pub const EXCEPTIONS: &str = "assert_exception (exception-handling proposal, out of scope)";
    /// Stack switching.
    pub const STACK_SWITCHING: &str = "assert_suspension (stack-switching proposal, out of scope)";
    /// GC reference values.
    pub const GC: &str =
        "GC reference values such as ref.host or anyref (GC proposal, out of scope)";
    /// Components.
    pub const COMPONENTS: &str = "component-model module (component model, out of scope)";
    /// Custom-section assertions.
    pub const CUSTOM_SECTIONS: &str =
        "custom-section assertion (annotations proposal, out of scope)";
    /// Constant expressions reading the module's own globals.
    pub const GC_CONST_GLOBAL: &str = "a constant expression reads a global the module \
        defines, which wasmparser validates only with the GC proposal (out of scope), or a \
        directive needs such a module";
    /// Recursive type groups.
    pub const GC_REC_GROUP: &str = "uses recursive type groups or GC heap types (GC proposal, \
        out of scope), or a directive needs such a module";
    /// Tags.
    pub const EXCEPTION_TAGS: &str = "a module defines or imports exception tags \
        (exception-handling proposal, out of scope), or a directive needs such a module";
}

/// Whole files skipped, by label, with the reason. Keep this list as short as the scope allows.
const SKIPPED_FILES: &[(&str, &str)] = &[
    (
        "wasm-v3/instance.wast",
        "every directive needs its first module, which exports tags (exception-handling \
         proposal, out of scope)",
    ),
    (
        "wasm-v3/ref_null.wast",
        "its modules use GC heap types (anyref, eqref, structref; GC proposal, out of scope)",
    ),
    (
        "wasm-v3/type-canon.wast",
        "recursive type groups (GC proposal, out of scope)",
    ),
    (
        "wasm-v3/type-rec.wast",
        "recursive type groups (GC proposal, out of scope)",
    ),
];

/// Directives skipped by place, `(file label, first line, last line, reason)`: WebAssembly 3.0
/// files whose modules use a part of the GC or exception-handling proposals the syntax alone
/// does not show (wasmparser files `global.get` of a module's own global in a constant
/// expression under GC), and the directives that need those modules.
const SKIPPED_LINES: &[(&str, usize, usize, &str)] = &[
    ("wasm-v3/data.wast", 89, 90, reason::GC_CONST_GLOBAL),
    ("wasm-v3/elem.wast", 178, 182, reason::GC_CONST_GLOBAL),
    ("wasm-v3/global.wast", 373, 374, reason::GC_CONST_GLOBAL),
    ("wasm-v3/global.wast", 634, 664, reason::GC_CONST_GLOBAL),
    // The modules at lines 3 and 35 export tags; the first is registered as "test", which
    // the modules at lines 128-134 and 291-293 import from.
    ("wasm-v3/imports.wast", 3, 19, reason::EXCEPTION_TAGS),
    ("wasm-v3/imports.wast", 35, 98, reason::EXCEPTION_TAGS),
    ("wasm-v3/imports.wast", 128, 134, reason::EXCEPTION_TAGS),
    ("wasm-v3/imports.wast", 291, 293, reason::EXCEPTION_TAGS),
    (
        "wasm-v3/type-equivalence.wast",
        30,
        308,
        reason::GC_REC_GROUP,
    ),
];

/// The reason the directive at line `line` of file `label` is skipped, if it is.
pub fn line_skip_reason(label: &str, line: usize) -> Option<&'static str> {
    SKIPPED_LINES
        .iter()
        .find(|(file, first, last, _)| *file == label && (*first..=*last).contains(&line))
        .map(|(_, _, _, reason)| *reason)
}

/// The reason the whole file `label` is skipped, if it is.
pub fn file_skip_reason(label: &str) -> Option<&'static str> {
    SKIPPED_FILES
        .iter()
        .find(|(skipped, _)| *skipped == label)
        .map(|(_, reason)| *reason)
}

/// The reason `directive` is skipped, if it needs a proposal outside the scope.
pub fn directive_skip_reason(directive: &WastDirective<'_>) -> Option<&'static str> {
    match directive {
        WastDirective::Module(quote) | WastDirective::ModuleDefinition(quote) => {
            quote_skip_reason(quote)
        }
        WastDirective::AssertMalformed { module, .. }
        | WastDirective::AssertInvalid { module, .. } => quote_skip_reason(module),
        WastDirective::AssertUnlinkable { module, .. } => wat_skip_reason(module),
        WastDirective::Invoke(invoke) | WastDirective::AssertExhaustion { call: invoke, .. } => {
            invoke_skip_reason(invoke)
        }
        WastDirective::AssertTrap { exec, .. } => execute_skip_reason(exec),
        WastDirective::AssertReturn { exec, results, .. } => {
            execute_skip_reason(exec).or_else(|| results.iter().find_map(result_skip_reason))
        }
        WastDirective::Thread(_) | WastDirective::Wait { .. } => None,
        WastDirective::AssertException { .. } => Some(reason::EXCEPTIONS),
        WastDirective::AssertSuspension { .. } => Some(reason::STACK_SWITCHING),
        WastDirective::AssertInvalidCustom { .. } | WastDirective::AssertMalformedCustom { .. } => {
            Some(reason::CUSTOM_SECTIONS)
        }
        WastDirective::Register { .. } | WastDirective::ModuleInstance { .. } => None,
    }
}

fn quote_skip_reason(quote: &QuoteWat<'_>) -> Option<&'static str> {
    match quote {
        QuoteWat::Wat(wat) => wat_skip_reason(wat),
        QuoteWat::QuoteModule(..) => None,
        QuoteWat::QuoteComponent(..) => Some(reason::COMPONENTS),
    }
}

fn wat_skip_reason(wat: &Wat<'_>) -> Option<&'static str> {
    match wat {
        Wat::Module(_) => None,
        Wat::Component(_) => Some(reason::COMPONENTS),
    }
}

fn execute_skip_reason(exec: &WastExecute<'_>) -> Option<&'static str> {
    match exec {
        WastExecute::Invoke(invoke) => invoke_skip_reason(invoke),
        WastExecute::Wat(wat) => wat_skip_reason(wat),
        WastExecute::Get { .. } => None,
    }
}

fn invoke_skip_reason(invoke: &WastInvoke<'_>) -> Option<&'static str> {
    invoke.args.iter().find_map(|arg| match arg {
        WastArg::Core(core) => core_arg_skip_reason(core),
        #[allow(unreachable_patterns)]
        _ => Some(reason::COMPONENTS),
    })
}

fn core_arg_skip_reason(arg: &WastArgCore<'_>) -> Option<&'static str> {
    match arg {
        WastArgCore::I32(_)
        | WastArgCore::I64(_)
        | WastArgCore::F32(_)
        | WastArgCore::F64(_)
        | WastArgCore::V128(_) => None,
        WastArgCore::RefNull(heap) => heap_type_skip_reason(heap),
        WastArgCore::RefExtern(_) => None,
        WastArgCore::RefHost(_) => Some(reason::GC),
    }
}

fn result_skip_reason(result: &WastRet<'_>) -> Option<&'static str> {
    match result {
        WastRet::Core(core) => core_result_skip_reason(core),
        #[allow(unreachable_patterns)]
        _ => Some(reason::COMPONENTS),
    }
}

fn core_result_skip_reason(result: &WastRetCore<'_>) -> Option<&'static str> {
    match result {
        WastRetCore::I32(_)
        | WastRetCore::I64(_)
        | WastRetCore::F32(_)
        | WastRetCore::F64(_)
        | WastRetCore::V128(_)
        | WastRetCore::RefExtern(_)
        | WastRetCore::RefFunc(_)
        | WastRetCore::RefNull(None) => None,
        WastRetCore::RefNull(Some(heap)) => heap_type_skip_reason(heap),
        WastRetCore::RefHost(_)
        | WastRetCore::RefAny
        | WastRetCore::RefEq
        | WastRetCore::RefArray
        | WastRetCore::RefStruct
        | WastRetCore::RefI31
        | WastRetCore::RefI31Shared => Some(reason::GC),
        WastRetCore::Either(choices) => choices.iter().find_map(core_result_skip_reason),
    }
}

/// Only the two WebAssembly 2.0 reference types (and their GC bottom types, which name the same
/// null values) are in scope.
fn heap_type_skip_reason(heap: &HeapType<'_>) -> Option<&'static str> {
    match heap {
        HeapType::Abstract {
            shared: false,
            ty:
                AbstractHeapType::Func
                | AbstractHeapType::NoFunc
                | AbstractHeapType::Extern
                | AbstractHeapType::NoExtern,
        } => None,
        // A function type's index: typed function references.
        HeapType::Concrete(_) => None,
        _ => Some(reason::GC),
    }
}
