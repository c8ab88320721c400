//! Runs the files on worker threads (results come back in file order) and watches for a
//! directive that never finishes, which would otherwise hang CI without a word.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use super::outcome::{FileReport, Finding, Outcome};
use super::runner::run_file;
use super::suite::SuiteFile;

/// Each worker's stack. The engine should never recurse on the host stack per wasm call, but
/// if it does, a deep `assert_exhaustion` then fails instead of aborting the whole run.
const WORKER_STACK_BYTES: usize = 256 << 20;

/// What one worker is running right now.
struct Current {
    file: usize,
    line: usize,
    since: Instant,
}

/// One slot per worker, read by the watchdog.
type Slots = Vec<Mutex<Option<Current>>>;

/// The reports of a run, one per file in `files` order.
pub struct Run {
    /// One report per file. After a stall, unfinished files carry one failure saying so.
    pub reports: Vec<FileReport>,
    /// Where a directive ran past the stall limit, if one did; the run stopped there and the
    /// caller must exit the process (the stuck worker cannot be stopped otherwise).
    pub stall: Option<String>,
}

/// Runs every file on `workers` threads. Stops waiting once a directive runs longer than
/// `stall_limit`.
pub fn run_all(files: Arc<Vec<SuiteFile>>, workers: usize, stall_limit: Duration) -> Run {
    // Largest files first, so no worker is left with a big one at the end.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(files[index].text.len()));
    let order = Arc::new(order);
    let next = Arc::new(AtomicUsize::new(0));
    let workers = workers.clamp(1, files.len().max(1));
    let slots: Arc<Slots> = Arc::new((0..workers).map(|_| Mutex::new(None)).collect());
    let (sender, receiver) = mpsc::channel::<(usize, FileReport)>();

    for worker in 0..workers {
        let (files, order, next, slots) =
            (files.clone(), order.clone(), next.clone(), slots.clone());
        let sender = sender.clone();
        let spawned = thread::Builder::new()
            .name(format!("spec-worker-{worker}"))
            .stack_size(WORKER_STACK_BYTES)
            .spawn(move || {
                let slot = &slots[worker];
                while let Some(&file) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let mut note_line = |line| set_current(slot, Some((file, line)));
                    let report = run_file(&files[file], &mut note_line);
                    set_current(slot, None);
                    if sender.send((file, report)).is_err() {
                        return;
                    }
                }
            });
        if let Err(error) = spawned {
            eprintln!("could not start a worker thread ({error}); running with fewer");
        }
    }
    drop(sender);

    let mut reports: Vec<Option<FileReport>> = (0..files.len()).map(|_| None).collect();
    let mut received = 0;
    let mut stall = None;
    while received < files.len() {
        match receiver.recv_timeout(Duration::from_secs(1)) {
            Ok((file, report)) => {
                reports[file] = Some(report);
                received += 1;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                stall = find_stall(&files, &slots, stall_limit);
                if stall.is_some() {
                    break;
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }

    let unfinished = match &stall {
        Some(stall) => format!("not finished: the run stopped because {stall}"),
        None => "not finished: the worker running it died (see stderr)".to_string(),
    };
    let reports = reports
        .into_iter()
        .zip(files.iter())
        .map(|(report, file)| report.unwrap_or_else(|| unfinished_report(file, &unfinished)))
        .collect();
    Run { reports, stall }
}

fn set_current(slot: &Mutex<Option<Current>>, running: Option<(usize, usize)>) {
    let mut current = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    *current = running.map(|(file, line)| Current {
        file,
        line,
        since: Instant::now(),
    });
}

/// Where a directive has run for longer than `limit`, if one has.
fn find_stall(files: &[SuiteFile], slots: &Slots, limit: Duration) -> Option<String> {
    slots.iter().find_map(|slot| {
        let running = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let running = running.as_ref()?;
        let label = files
            .get(running.file)
            .map_or("?", |file| file.label.as_str());
        (running.since.elapsed() > limit).then(|| {
            format!(
                "the directive at {label}:{} ran for more than {} s (SPEC_STALL_SECONDS)",
                running.line,
                limit.as_secs()
            )
        })
    })
}

/// The report for a file that did not finish: one failure saying why.
fn unfinished_report(file: &SuiteFile, why: &str) -> FileReport {
    let mut report = FileReport::new(&file.label);
    report.record(Outcome::Failed(why.to_string()), |detail| Finding {
        line: 0,
        column: 0,
        kind: "file",
        detail,
    });
    report
}
