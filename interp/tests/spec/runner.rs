//! Runs one `.wast` file, directive by directive, into a [`FileReport`].

use std::time::Instant;

use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{Wast, WastDirective, WastExecute};

use super::lines::LineIndex;
use super::outcome::{FileReport, Finding, Outcome};
use super::panics;
use super::script::Script;
use super::skip::{directive_skip_reason, file_skip_reason, line_skip_reason, located_skip_reason};
use super::suite::SuiteFile;

/// Runs every directive of `file`. `on_directive` hears the 1-based line of each directive
/// before it runs (for the watchdog). A failing or panicking directive never stops the rest.
pub fn run_file(file: &SuiteFile, on_directive: &mut dyn FnMut(usize)) -> FileReport {
    let started = Instant::now();
    let mut report = FileReport::new(&file.label);
    let lines = LineIndex::new(file.text);
    let locate = |offset: usize, kind: &'static str| {
        let (line, column) = lines.line_column(offset);
        move |detail| Finding {
            line,
            column,
            kind,
            detail,
        }
    };

    // The suite's own crate lexes with confusable Unicode allowed (names.wast needs it).
    let mut lexer = Lexer::new(file.text);
    lexer.allow_confusing_unicode(true);
    let buffer = match ParseBuffer::new_with_lexer(lexer) {
        Ok(buffer) => buffer,
        Err(error) => {
            report.record(
                Outcome::Failed(format!("the file did not lex: {error}")),
                locate(0, "file"),
            );
            return report;
        }
    };
    let directives = match parser::parse::<Wast<'_>>(&buffer) {
        Ok(wast) => wast.directives,
        Err(mut error) => {
            error.set_text(file.text);
            report.record(
                Outcome::Failed(format!("the file did not parse: {error}")),
                locate(0, "file"),
            );
            return report;
        }
    };

    if let Some(reason) = file_skip_reason(&file.label) {
        report.skip(reason, directives.len());
        report.millis = started.elapsed().as_millis();
        return report;
    }

    let mut script = match panics::catch(|| Script::new(&file.label)) {
        Ok(Ok(script)) => script,
        Ok(Err(error)) => {
            report.record(
                Outcome::Failed(format!("setting up the spectest module failed: {error}")),
                locate(0, "spectest"),
            );
            return report;
        }
        Err(panic) => {
            report.record(
                Outcome::Failed(format!("setting up the spectest module panicked: {panic}")),
                locate(0, "spectest"),
            );
            return report;
        }
    };

    for directive in directives {
        let offset = directive.span().offset();
        let kind = directive_kind(&directive);
        let line = lines.line_column(offset).0;
        on_directive(line);
        let skip = located_skip_reason(&file.label, line)
            .or_else(|| directive_skip_reason(&directive))
            .or_else(|| line_skip_reason(&file.label, line));
        let outcome = match skip {
            Some(reason) => Outcome::Skipped(reason),
            None => match panics::catch(|| script.run(directive)) {
                Ok(outcome) => outcome,
                Err(panic) => Outcome::Failed(format!("the engine panicked: {panic}")),
            },
        };
        report.record(outcome, locate(offset, kind));
    }
    report.millis = started.elapsed().as_millis();
    report
}

/// The directive's name as scripts spell it.
fn directive_kind(directive: &WastDirective<'_>) -> &'static str {
    match directive {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap {
            exec: WastExecute::Wat(_),
            ..
        } => "assert_trap (module)",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}
