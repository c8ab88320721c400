//! Runs one `.wast` file, directive by directive, into a [`FileReport`].

use std::collections::HashMap;
use std::thread;
use std::time::Instant;

use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{Wast, WastDirective, WastExecute};

use super::lines::LineIndex;
use super::outcome::{FileReport, Finding, Outcome};
use super::panics;
use super::script::Script;
use super::skip::{directive_skip_reason, file_skip_reason, line_skip_reason};
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

    let context = FileContext {
        label: &file.label,
        lines: &lines,
    };
    thread::scope(|scope| {
        let mut record = |offset: usize, kind: &'static str, outcome: Outcome| {
            report.record(outcome, locate(offset, kind));
        };
        run_directives(
            scope,
            context,
            &mut script,
            directives,
            on_directive,
            &mut record,
        );
    });
    report.millis = started.elapsed().as_millis();
    report
}

/// Each script thread's stack (generous, as for the workers: an `assert_exhaustion` in a
/// thread must fail rather than abort the run).
const THREAD_STACK_BYTES: usize = 64 << 20;

/// What every script thread of a file shares.
#[derive(Clone, Copy)]
struct FileContext<'f> {
    label: &'f str,
    lines: &'f LineIndex,
}

/// Where a directive starts (byte offset), what it is, and what it came to.
type Recorded = (usize, &'static str, Outcome);

/// Runs `directives` on `script` in order, telling `on_directive` each one's line and
/// `record` each one's outcome. A `thread` directive runs its directives on a thread of its
/// own, in a script of its own (a fresh store on the same engine, seeing only the shared
/// memories of the module it names as shared); the matching `wait` joins it and records what
/// its directives came to, then passes unless the thread panicked.
fn run_directives<'scope, 'env>(
    scope: &'scope thread::Scope<'scope, 'env>,
    context: FileContext<'env>,
    script: &mut Script,
    directives: Vec<WastDirective<'env>>,
    on_directive: &mut dyn FnMut(usize),
    record: &mut dyn FnMut(usize, &'static str, Outcome),
) {
    let mut threads: HashMap<String, thread::ScopedJoinHandle<'scope, Vec<Recorded>>> =
        HashMap::new();
    for directive in directives {
        let offset = directive.span().offset();
        let kind = directive_kind(&directive);
        let line = context.lines.line_column(offset).0;
        on_directive(line);
        let skip =
            directive_skip_reason(&directive).or_else(|| line_skip_reason(context.label, line));
        let outcome = match (skip, directive) {
            (Some(reason), _) => Outcome::Skipped(reason),
            (None, WastDirective::Thread(body)) => {
                let name = body.name.name().to_string();
                match panics::catch(|| script.for_thread(body.shared_module)) {
                    Ok(Ok(mut child)) => {
                        let spawned = thread::Builder::new()
                            .name(format!("spec-thread-{name}"))
                            .stack_size(THREAD_STACK_BYTES)
                            .spawn_scoped(scope, move || {
                                let mut recorded = Vec::new();
                                run_directives(
                                    scope,
                                    context,
                                    &mut child,
                                    body.directives,
                                    &mut |_| {},
                                    &mut |offset, kind, outcome| {
                                        recorded.push((offset, kind, outcome))
                                    },
                                );
                                recorded
                            });
                        match spawned {
                            Ok(handle) => {
                                threads.insert(name, handle);
                                Outcome::Passed
                            }
                            Err(error) => Outcome::Failed(format!("no thread: {error}")),
                        }
                    }
                    Ok(Err(problem)) => Outcome::Failed(problem),
                    Err(panic) => Outcome::Failed(format!("the engine panicked: {panic}")),
                }
            }
            (None, WastDirective::Wait { thread, .. }) => match threads.remove(thread.name()) {
                None => Outcome::Failed(format!("no running thread named ${}", thread.name())),
                Some(handle) => match handle.join() {
                    Ok(recorded) => {
                        for (offset, kind, outcome) in recorded {
                            record(offset, kind, outcome);
                        }
                        Outcome::Passed
                    }
                    Err(_) => Outcome::Failed(format!("thread ${} panicked", thread.name())),
                },
            },
            (None, directive) => match panics::catch(|| script.run(directive)) {
                Ok(outcome) => outcome,
                Err(panic) => Outcome::Failed(format!("the engine panicked: {panic}")),
            },
        };
        record(offset, kind, outcome);
    }
    // A thread never waited for still counts: join it so its outcomes are not lost.
    for (name, handle) in threads {
        let outcome = match handle.join() {
            Ok(recorded) => {
                for (offset, kind, outcome) in recorded {
                    record(offset, kind, outcome);
                }
                Outcome::Failed(format!("thread ${name} was never waited for"))
            }
            Err(_) => Outcome::Failed(format!("thread ${name} panicked")),
        };
        record(0, "thread", outcome);
    }
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
