//! The function bodies of a module's code section, gathered while the section is read and
//! then validated (and, in eager mode, translated) together: on several threads when the
//! section is big and the engine allows it ([`crate::Config::parallel_compilation`]).
//!
//! Bodies are independent once the sections before the code section are validated (each
//! needs only the module's [`ValidatorResources`], which are `Send + Sync`), so they can be
//! checked in any order. What the user sees must not depend on that order: the error
//! reported is the one of the first failing body in function order, and it is reported
//! before anything that follows that body in the module (a malformed next body, a bad data
//! section), as when bodies are checked one by one while reading.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use wasmparser::{FuncToValidate, FuncValidator, FuncValidatorAllocations, FunctionBody};
use wasmparser::{ValidatorResources, WasmFeatures};

use crate::error::Error;

/// Below this many body bytes the bodies are checked on the calling thread: starting a thread
/// costs tens of microseconds, about what validating 4 KB of code takes, so a section must be
/// several times that for a second thread to pay.
const PARALLEL_MIN_BYTES: usize = 64 * 1024;

/// How many bodies a thread takes at a time: few enough that the threads finish together,
/// enough that taking them is no cost next to checking them.
const BATCH: usize = 8;

/// One body waiting to be checked: its function (index, type, the module's resources) and
/// its bytes.
pub(super) struct PendingBody<'a> {
    pub resources: ValidatorResources,
    pub index: u32,
    pub ty: u32,
    pub features: WasmFeatures,
    pub body: FunctionBody<'a>,
}

impl PendingBody<'_> {
    /// A validator for this body, using `allocs` (given back by
    /// [`FuncValidator::into_allocations`] when done).
    pub(super) fn validator(
        &self,
        allocs: FuncValidatorAllocations,
    ) -> FuncValidator<ValidatorResources> {
        FuncToValidate {
            resources: self.resources.clone(),
            index: self.index,
            ty: self.ty,
            features: self.features,
        }
        .into_validator(allocs)
    }
}

/// The bodies of the code section read so far and not yet checked.
#[derive(Default)]
pub(super) struct CodeSection<'a> {
    bodies: Vec<PendingBody<'a>>,
    /// The sum of the bodies' sizes.
    bytes: usize,
}

impl<'a> CodeSection<'a> {
    /// Adds a body read from the section.
    pub(super) fn push(&mut self, body: PendingBody<'a>) {
        let range = body.body.range();
        self.bytes += (range.end - range.start) as usize;
        self.bodies.push(body);
    }

    /// Whether no body waits.
    pub(super) fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// Runs `check` on every waiting body (with allocations each thread reuses) and returns
    /// the results in function order, or the error of the first body in function order that
    /// failed. On `threads` threads at most, and on the calling thread alone when `threads` is
    /// 1 or the bodies are few bytes. Leaves no body waiting.
    pub(super) fn check_all<T, F>(&mut self, threads: usize, check: F) -> Result<Vec<T>, Error>
    where
        T: Send,
        F: Fn(&PendingBody<'a>, &mut FuncValidatorAllocations) -> Result<T, Error> + Sync,
    {
        let bodies = core::mem::take(&mut self.bodies);
        let bytes = core::mem::take(&mut self.bytes);
        let threads = if bytes < PARALLEL_MIN_BYTES {
            1
        } else {
            threads.clamp(1, bodies.len().div_ceil(BATCH).max(1))
        };
        if threads == 1 {
            let mut allocs = FuncValidatorAllocations::default();
            return bodies.iter().map(|body| check(body, &mut allocs)).collect();
        }
        let shared = SharedWork {
            bodies: &bodies,
            next: AtomicUsize::new(0),
            first_failure: AtomicUsize::new(usize::MAX),
            outcome: Mutex::new(Outcome::default()),
        };
        std::thread::scope(|scope| {
            for _ in 1..threads {
                // A thread the system refuses to start leaves its share to the others.
                let _ = std::thread::Builder::new().spawn_scoped(scope, || shared.work(&check));
            }
            shared.work(&check);
        });
        let outcome = shared
            .outcome
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, error)) = outcome.failure {
            return Err(error);
        }
        let mut done = outcome.done;
        done.sort_unstable_by_key(|&(index, _)| index);
        Ok(done.into_iter().map(|(_, value)| value).collect())
    }
}

/// What the threads share while checking bodies.
struct SharedWork<'s, 'a, T> {
    bodies: &'s [PendingBody<'a>],
    /// The first body no thread has taken yet.
    next: AtomicUsize,
    /// The position of the first body known to fail (`usize::MAX`: none yet); bodies after it
    /// need no checking.
    first_failure: AtomicUsize,
    outcome: Mutex<Outcome<T>>,
}

/// The results gathered from every thread.
struct Outcome<T> {
    /// `(position, result)` of every body that passed, in no particular order.
    done: Vec<(usize, T)>,
    /// The first failing body's position and error.
    failure: Option<(usize, Error)>,
}

impl<T> Default for Outcome<T> {
    fn default() -> Self {
        Outcome {
            done: Vec::new(),
            failure: None,
        }
    }
}

impl<'a, T> SharedWork<'_, 'a, T> {
    /// One thread's share: takes batches of bodies until none is left (or every one left comes
    /// after a failure), then adds what it found to the outcome.
    fn work<F>(&self, check: &F)
    where
        F: Fn(&PendingBody<'a>, &mut FuncValidatorAllocations) -> Result<T, Error>,
    {
        let mut allocs = FuncValidatorAllocations::default();
        let mut done = Vec::new();
        let mut failure = None;
        'batches: loop {
            let start = self.next.fetch_add(BATCH, Ordering::Relaxed);
            if start >= self.bodies.len() || start > self.first_failure.load(Ordering::Relaxed) {
                break;
            }
            let end = (start + BATCH).min(self.bodies.len());
            for (position, body) in self.bodies[start..end].iter().enumerate() {
                let position = start + position;
                match check(body, &mut allocs) {
                    Ok(value) => done.push((position, value)),
                    Err(error) => {
                        self.first_failure.fetch_min(position, Ordering::Relaxed);
                        failure = Some((position, error));
                        // This thread's later batches all come after this body.
                        break 'batches;
                    }
                }
            }
        }
        let mut outcome = self
            .outcome
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((position, error)) = failure
            && outcome
                .failure
                .as_ref()
                .is_none_or(|&(first, _)| position < first)
        {
            outcome.failure = Some((position, error));
        }
        if outcome.failure.is_none() {
            outcome.done.append(&mut done);
        }
    }
}
