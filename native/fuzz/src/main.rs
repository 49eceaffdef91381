//! sochdb-fuzz: feeds seeded random and mutated inputs to the entry points the CLI uses
//! (the napi glue in native/node/src calls the same core functions) and reports every
//! panic, internal error (exit 1 in the CLI) or broken invariant with the seed and the
//! input that caused it. Signals (stack overflow, abort) and hangs kill the process:
//! `scripts/fuzz.mjs` watches it, reads the current case from the work directory and
//! restarts it past that seed.
//!
//! ```text
//! sochdb-fuzz run --target T --work DIR --findings DIR [--seed S] [--seconds N] [--count N]
//! sochdb-fuzz replay --target T --seed S [--work DIR]
//! ```
//!
//! A case is a pure function of (target, seed): `replay` runs it again and prints what
//! each step returned.

mod case;
mod fixup;
mod index;
mod mutate;
mod parquet;
mod rng;
mod sql_gen;
mod sql_target;
mod store;
mod vectors;

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use case::Case;
use rng::Rng;

pub const TARGETS: [&str; 7] = ["sql", "npy", "fvecs", "raw", "index", "store", "parquet"];

static PANIC: Mutex<Option<String>> = Mutex::new(None);

fn run_case(target: &str, case: &mut Case, rng: &mut Rng) {
    match target {
        "sql" => sql_target::run(case, rng),
        "npy" => vectors::run_npy(case, rng),
        "fvecs" => vectors::run_fvecs(case, rng),
        "raw" => vectors::run_raw(case, rng),
        "index" => index::run(case, rng),
        "store" => store::run(case, rng),
        "parquet" => parquet::run(case, rng),
        _ => unreachable!("checked in main"),
    }
}

fn cpu_ms() -> u64 {
    // SAFETY: getrusage writes the struct it is given and nothing else.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let ms = |t: libc::timeval| t.tv_sec as u64 * 1000 + t.tv_usec as u64 / 1000;
    ms(u.ru_utime) + ms(u.ru_stime)
}

/// Caps the address space, so that a size read from a bad header turns into a failed
/// allocation (an abort the supervisor reports) instead of swapping the machine out.
fn limit_memory(bytes: u64) {
    let lim = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit only reads `lim`.
    unsafe { libc::setrlimit(libc::RLIMIT_AS, &lim) };
}

struct Args {
    mode: String,
    target: String,
    work: PathBuf,
    findings: PathBuf,
    seed: u64,
    seconds: u64,
    count: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mode = it.next().ok_or("give run or replay")?;
    let mut a = Args {
        mode,
        target: String::new(),
        work: std::env::temp_dir().join(format!("sochdb-fuzz-{}", std::process::id())),
        findings: PathBuf::from("target/fuzz/findings"),
        seed: 0,
        seconds: u64::MAX,
        count: u64::MAX,
    };
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let num = || {
            value
                .parse::<u64>()
                .map_err(|e| format!("{flag} {value}: {e}"))
        };
        match flag.as_str() {
            "--target" => a.target = value.clone(),
            "--work" => a.work = PathBuf::from(&value),
            "--findings" => a.findings = PathBuf::from(&value),
            "--seed" => a.seed = num()?,
            "--seconds" => a.seconds = num()?,
            "--count" => a.count = num()?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if !TARGETS.contains(&a.target.as_str()) {
        return Err(format!(
            "--target {}: one of {}",
            a.target,
            TARGETS.join(", ")
        ));
    }
    if a.mode != "run" && a.mode != "replay" {
        return Err(format!("unknown mode {}: run or replay", a.mode));
    }
    Ok(a)
}

fn main() {
    let a = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("sochdb-fuzz: {e}");
            std::process::exit(2);
        }
    };
    limit_memory(8 << 30);
    panic::set_hook(Box::new(|info| {
        let bt = std::backtrace::Backtrace::force_capture();
        *PANIC.lock().unwrap_or_else(|p| p.into_inner()) = Some(format!("{info}\n{bt}"));
    }));
    std::fs::create_dir_all(&a.work).expect("cannot create the work directory");
    let mut case = Case::new(&a.target, &a.work, a.mode == "replay");
    if a.mode == "replay" {
        let finding = one(&a.target, &mut case, a.seed);
        match &finding {
            Some((kind, msg)) => println!("FINDING {kind}: {msg}"),
            None => println!("no finding"),
        }
        println!("input: {}", case.input_path().display());
        std::process::exit(if finding.is_some() { 2 } else { 0 });
    }
    std::fs::create_dir_all(&a.findings).expect("cannot create the findings directory");
    let started = Instant::now();
    let limit = Duration::from_secs(a.seconds);
    let mut last_tick = Instant::now();
    let mut cases = 0u64;
    let mut seed = a.seed;
    let out = std::io::stdout();
    while cases < a.count && started.elapsed() < limit {
        std::fs::write(a.work.join("current"), format!("{} {seed}\n", a.target))
            .expect("cannot write the current case");
        if let Some((kind, msg)) = one(&a.target, &mut case, seed) {
            let name = save_finding(&a, &case, seed, &kind, &msg);
            let first = msg.lines().next().unwrap_or("");
            let _ = writeln!(
                out.lock(),
                "finding {} {seed} {kind} {name} {first}",
                a.target
            );
        }
        cases += 1;
        seed += 1;
        if last_tick.elapsed() >= Duration::from_millis(250) {
            last_tick = Instant::now();
            let _ = writeln!(out.lock(), "tick {} {cases} {seed} {}", a.target, cpu_ms());
        }
    }
    let _ = writeln!(out.lock(), "done {} {cases} {seed} {}", a.target, cpu_ms());
}

/// Runs case `seed`; a panic, an internal error or a broken invariant is a finding.
fn one(target: &str, case: &mut Case, seed: u64) -> Option<(String, String)> {
    case.reset(seed);
    let mut rng = Rng::new(seed);
    let r = panic::catch_unwind(AssertUnwindSafe(|| run_case(target, case, &mut rng)));
    match r {
        Err(_) => {
            let msg = PANIC
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
                .unwrap_or_else(|| "panic".into());
            Some(("panic".into(), msg))
        }
        Ok(()) => case.finding.take(),
    }
}

fn save_finding(a: &Args, case: &Case, seed: u64, kind: &str, msg: &str) -> String {
    let name = format!("{}-{seed}", a.target);
    let text = format!(
        "target: {}\nseed: {seed}\nkind: {kind}\nreplay: target/release/sochdb-fuzz replay --target {} --seed {seed}\n\n{msg}\n",
        a.target, a.target
    );
    let _ = std::fs::write(a.findings.join(format!("{name}.txt")), text);
    copy_all(
        &case.input_path(),
        &a.findings.join(format!("{name}.input")),
    );
    name
}

fn copy_all(from: &Path, to: &Path) {
    if from.is_dir() {
        let _ = std::fs::create_dir_all(to);
        if let Ok(entries) = std::fs::read_dir(from) {
            for e in entries.flatten() {
                copy_all(&e.path(), &to.join(e.file_name()));
            }
        }
    } else {
        let _ = std::fs::copy(from, to);
    }
}
