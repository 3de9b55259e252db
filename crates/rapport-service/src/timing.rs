//! Where a call's time goes, for finding what is slow on a large network: with `RAPPORT_TIMINGS`
//! set in the environment, each call on the store says on stderr where it was made, how long it
//! waited for the lock and how long it held it; a wait for a warm-up and the warm-up's parts say
//! their time too. One line each, starting `rapport timing:`. Off, it costs one load of a flag.

use std::panic::Location;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("RAPPORT_TIMINGS").is_some_and(|v| !v.is_empty()))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The time of day (UTC, to the millisecond), to line the spans up with other logs.
fn clock() -> String {
    chrono::Utc::now().format("%H:%M:%S%.3f").to_string()
}

fn place(at: &Location<'_>) -> String {
    let file = at.file().rsplit(['/', '\\']).next().unwrap_or(at.file());
    format!("{file}:{}", at.line())
}

/// A call under the lock: `waited` for it, then held it for `held`.
pub(crate) fn locked(at: &Location<'_>, waited: Duration, held: Duration) {
    if enabled() {
        eprintln!(
            "rapport timing: {} {} waited {:.1} ms for the lock, held it {:.1} ms",
            clock(),
            place(at),
            ms(waited),
            ms(held)
        );
    }
}

/// A call waited `waited` for a warm-up to measure what it needs.
pub(crate) fn warm_up_waited(at: &Location<'_>, waited: Duration) {
    if enabled() && !waited.is_zero() {
        eprintln!("rapport timing: {} {} waited {:.1} ms for the warm-up", clock(), place(at), ms(waited));
    }
}

/// A part of some work, timed from `started` to now.
pub(crate) fn part(what: &str, started: Instant) {
    if enabled() {
        eprintln!("rapport timing: {} {what} took {:.1} ms", clock(), ms(started.elapsed()));
    }
}

/// Runs its closure when dropped: a span that ends however the block it guards is left.
pub(crate) struct OnDrop<F: FnMut()>(pub(crate) F);

impl<F: FnMut()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}
