//! The views the window opens on, kept on disk between runs and measured again in the background.
//!
//! On a large network the first screen takes seconds to measure: the whole history is loaded,
//! every tie measured, the index walked week by week. What it shows depends only on the data, the
//! day and this version of Rapport, so the app keeps it in a file of the OS's cache folder, named
//! after the database and marked with the data's token (core's `Store::data_token`, which every
//! committed write renews, whichever program made it). At the next start, when the token, the day
//! and the version agree, the caches are filled from the file and the window opens at once.
//!
//! Then [`Service::warm_up`] measures everything the window may ask for (the dashboard, the
//! directory behind the contact list and Open loops, every network chart) from **one** load of the
//! history, on a connection of its own so the window's calls need not wait for it; puts the result
//! in the caches; tells the window to redraw when it showed the kept copy (measured earlier in the
//! day), or to ask again when the data can no longer be measured; and keeps the new copy. Calls that would measure the same thing while it
//! runs wait for it instead of doing the work twice.
//!
//! An encrypted database keeps nothing on disk (the copy would hold names and figures in clear)
//! and is not warmed up: its calls measure as they come.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use rapport_core::charts::{self, ChartData, ChartKind, ChartOptions, Lang};
use rapport_core::directory::Directory;
use rapport_core::measures::{self, Dashboard, Secs};
use rapport_core::{db, Store};
use serde::{Deserialize, Serialize};

use crate::live::LiveDashboard;
use crate::series::FollowedSeries;
use crate::views::ChartKey;
use crate::{Change, Changed, Open, Result, Service};

/// What the file holds. A file that does not read as this (an older format, a damaged file) is
/// ignored and replaced.
#[derive(Serialize, Deserialize)]
struct KeptViews {
    /// The version of Rapport that measured it: another may measure differently.
    app_version: String,
    /// The data's token when it was measured.
    token: i64,
    /// The UTC day it was measured on: the figures move with the date.
    day: i64,
    dashboard: Dashboard,
    directory: Directory,
    /// Every network chart's numbers: each needs the whole history loaded, seconds on a large
    /// network, even those that take milliseconds once it is.
    charts: Vec<(ChartKey, ChartData)>,
    /// The weekly series behind the index and layers charts, to follow the writes made before
    /// the next warm-up ([`crate::series`]).
    #[serde(default)]
    series: Option<FollowedSeries>,
}

/// What one warm-up did, for the tests and the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarmUp {
    /// The data's token it measured.
    pub token: i64,
    /// The window was told to redraw: it showed the kept copy, now measured again.
    pub redrawn: bool,
    /// The copy was written to disk.
    pub kept: bool,
}

/// How long after the start a warm-up that only checks the kept copy waits, so that the window's
/// first drawing has the machine to itself.
pub const RECHECK_DELAY: Duration = Duration::from_secs(3);

/// How long after a change the views are measured again: writes in a row (an import's, the
/// quick log's several) make one warm-up.
pub const AFTER_CHANGE_DELAY: Duration = Duration::from_millis(300);

fn today(now: Secs) -> i64 {
    now.div_euclid(86_400)
}

/// The file for the database at `db` in `dir`: one per database, named by a hash of its path.
fn file_for(dir: &Path, db: &Path) -> PathBuf {
    let path = db.canonicalize().unwrap_or_else(|_| db.to_path_buf());
    // FNV-1a: stable across runs and versions, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.to_string_lossy().bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    dir.join(format!("views-{hash:016x}.json"))
}

/// How old a kept file (or the debris of a killed write) must be before it is swept away. A copy
/// serves only on the day it was measured, so anything older is dead weight: the copies of test
/// databases, of databases since moved or deleted, and `.partial-PID` files of killed writes.
const SWEEP_AFTER: Duration = Duration::from_secs(2 * 86_400);

/// Removes from `dir` the kept files and partial writes last modified more than [`SWEEP_AFTER`]
/// before `now`. Only names this module writes (`views-…`) are touched; errors are ignored (a
/// file that cannot be removed now will be tried again at the next start).
fn sweep_kept(dir: &Path, now: std::time::SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let ours = entry.file_name().to_str().is_some_and(|n| n.starts_with("views-") && n.contains(".json"));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > SWEEP_AFTER));
        if ours && old && entry.file_type().is_ok_and(|t| t.is_file()) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The folder the app keeps its views in: the OS's cache folder (`~/.cache` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join(db::APP_IDENTIFIER))
}

/// The kept file's views when they were measured today by this version, whatever the data's
/// token was then.
fn read_kept_of_today(file: &Path, now: Secs) -> Option<KeptViews> {
    let bytes = std::fs::read(file).ok()?;
    let kept: KeptViews = serde_json::from_slice(&bytes).ok()?;
    (kept.day == today(now) && kept.app_version == env!("CARGO_PKG_VERSION")).then_some(kept)
}

/// Writes the file whole or not at all: into a temporary name, then renamed over the old one.
fn write_kept(file: &Path, kept: &KeptViews) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_vec(kept).map_err(std::io::Error::other)?;
    let mut tmp = file.as_os_str().to_owned();
    tmp.push(format!(".partial-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// The options of a network chart as the window asks for it today (its whole period, now).
fn network_chart(kind: ChartKind, lang: Lang, now: Secs) -> ChartOptions {
    ChartOptions { lang, ..ChartOptions::new(kind, now) }
}

/// Every network chart, in both languages where the words are part of the numbers.
fn network_charts(now: Secs) -> Vec<ChartOptions> {
    let mut all = Vec::new();
    for kind in ChartKind::ALL.iter().copied().filter(|k| !k.needs_contact()) {
        if ChartKey::words_matter(kind) {
            all.extend([Lang::En, Lang::Fr].map(|lang| network_chart(kind, lang, now)));
        } else {
            all.push(network_chart(kind, Lang::En, now));
        }
    }
    all
}

/// Everything the warm-up measured, at one token.
struct Measured {
    token: i64,
    dashboard: Dashboard,
    directory: Directory,
    charts: Vec<(ChartKey, ChartData)>,
    series: Option<FollowedSeries>,
}

/// Measures the views from one load of the history on `store`, or `None` when another write
/// committed while the history was read (the token moved: what was read may mix two states), or
/// when `stop` said so between two parts (see [`Service::warm_up_after`]).
/// `first` gets the dashboard and the directory as soon as they are measured, while the charts
/// (the weekly series, the longest part) are still being prepared on another core.
fn measure(
    store: &Store,
    now: Secs,
    first: impl FnOnce(i64, &Dashboard, &Directory),
    live_ready: impl FnOnce(i64, LiveDashboard, &Directory),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Option<Measured>> {
    let started = Instant::now();
    let token = store.data_token()?;
    let history = store.history()?;
    let settings = store.model_settings()?;
    crate::timing::part("the warm-up's history load", started);
    #[cfg(test)]
    tests::after_the_history_load();
    if store.data_token()? != token || stop() {
        return Ok(None);
    }
    let options = network_charts(now);
    let (dashboard, directory, prepared) = std::thread::scope(|scope| {
        let charts = scope.spawn(|| {
            let started = Instant::now();
            // The weekly series once for the index and layers charts, kept to follow writes.
            let series = FollowedSeries::measure(&history, now, &settings, stop).ok()?;
            let mut prepared: Vec<rapport_core::Result<ChartData>> = Vec::with_capacity(options.len());
            for o in &options {
                if stop() {
                    return None;
                }
                prepared.push(match &series {
                    Some(series) if charts::from_weekly_series(o.kind) => {
                        charts::from_series(series.points(), o, &settings)
                    }
                    _ => charts::prepare(&history, o, &settings),
                });
            }
            crate::timing::part("the warm-up's charts", started);
            Some((prepared, series))
        });
        let started = Instant::now();
        let measures::DashboardParts { dashboard, report, before, strength_then } =
            measures::dashboard_parts(&history, now, &settings);
        let directory = Directory::from_report(&history, report.clone());
        crate::timing::part("the warm-up's dashboard and directory", started);
        if !stop() {
            first(token, &dashboard, &directory);
            // While the charts are still being prepared: what later writes update the dashboard from.
            let started = Instant::now();
            live_ready(token, LiveDashboard::new(&history, report, before, strength_then, &settings), &directory);
            crate::timing::part("the warm-up's live parts", started);
        }
        (dashboard, directory, charts.join())
    });
    let prepared = prepared.map_err(|_| crate::Failure::internal("measuring the charts stopped half-way"))?;
    let Some((prepared, series)) = prepared.filter(|_| !stop()) else { return Ok(None) };
    let charts = options.iter().zip(prepared).filter_map(|(o, data)| data.ok().map(|d| (ChartKey::of(o), d))).collect();
    Ok(Some(Measured { token, dashboard, directory, charts, series }))
}

impl Open {
    /// Fills the caches from the kept file when it was measured today. When another program
    /// changed the data since, they are served marked as being brought up to date
    /// ([`crate::views::DashboardView::updating`]) while the warm-up, run at once, measures them
    /// again: the window opens on them rather than on nothing for the seconds that takes.
    pub(crate) fn load_kept(&mut self, file: &Path, now: Secs) {
        let Ok(token) = self.store.data_token() else { return };
        let Some(kept) = read_kept_of_today(file, now) else { return };
        let current = kept.token == token;
        // Served as if just measured: the warm-up measures it all again within seconds.
        let built = Instant::now();
        self.directory = Some((built, Arc::new(kept.directory)));
        self.dashboard = Some((built, Arc::new(kept.dashboard)));
        for (key, data) in kept.charts {
            self.charts.insert(key, Arc::new(data));
        }
        // Only a series of the data as it is can follow the writes to come.
        self.series = kept.series.filter(|_| current);
        // Only views of this token stand for the data; others are replaced as soon as measured.
        self.kept_token = current.then_some(token);
        self.kept_outdated = !current;
        self.from_kept_file = true;
    }

    /// Puts the dashboard and the directory measured at `token` in the caches, unless a write
    /// came since; says whether the dashboard it replaces (if any) differed.
    fn install_first(&mut self, token: i64, dashboard: &Dashboard, directory: &Directory) -> Option<bool> {
        if self.store.data_token().ok()? != token {
            return None;
        }
        // Only what came from the file was measured long enough ago to be worth a redraw: after a
        // change, the window asked for what it shows since, measured then.
        // The window redraws what it showed from the file: the list and the charts as much as the
        // dashboard (measured hours ago perhaps, or another tool edited the file since).
        // Not for the chart tabs kept from before a log (`earlier_charts`): a redraw of everything
        // after each log's warm-up doubled the window's calls; their tab says they are from before.
        let differed = self.from_kept_file || self.dashboard_behind || self.charts_behind();
        self.from_kept_file = false;
        self.kept_outdated = false;
        self.dashboard_behind = false;
        self.directory = Some((Instant::now(), Arc::new(directory.clone())));
        self.dashboard = Some((Instant::now(), Arc::new(dashboard.clone())));
        // The live parts of this dashboard come next; an earlier warm-up's no longer apply.
        self.live = None;
        self.live_pending.clear();
        Some(differed)
    }

    /// Puts in place the live parts measured at `token` (with `directory`, measured with them).
    /// When this process wrote since, each write touching a few contacts, the warm-up is not
    /// lost: those contacts' ties are measured again on top of it, as the live dashboard follows
    /// a write, and the dashboard and directory it gives are installed. Says whether the window
    /// should redraw (it was shown views behind the data); `None` when nothing was installed.
    fn install_live(&mut self, token: i64, mut live: LiveDashboard, directory: &Directory) -> Option<bool> {
        if self.store.data_token().ok()? == token {
            self.live = Some(live);
            self.live_pending.clear();
            return Some(false);
        }
        let touched = self.written_since(token)?;
        let now = Utc::now().timestamp();
        let started = Instant::now();
        let dashboard = live.update(&self.store, &touched, now).ok()??;
        let mut directory = directory.clone();
        directory.refresh(&self.store, &touched, now).ok()?;
        crate::timing::part("the warm-up's catching up with the writes made meanwhile", started);
        let redraw = self.from_kept_file || self.kept_outdated || self.dashboard_behind || self.charts_behind();
        self.from_kept_file = false;
        self.kept_outdated = false;
        self.dashboard_behind = false;
        self.directory = Some((Instant::now(), Arc::new(directory)));
        self.dashboard = Some((Instant::now(), Arc::new(dashboard)));
        self.live = Some(live);
        self.live_pending.clear();
        Some(redraw)
    }

    /// Puts the charts measured in the caches, unless a write came since. The weekly series goes
    /// in either way when every write since is this process's to a few contacts: it follows
    /// them as the live dashboard does ([`crate::series`]).
    fn install_charts(&mut self, m: &Measured) -> Option<()> {
        if self.store.data_token().ok()? != m.token {
            if let (Some(series), Some(touched)) = (&m.series, self.written_since(m.token)) {
                let mut series = series.clone();
                series.wrote(&touched);
                self.series = Some(series);
            }
            return None;
        }
        for (key, data) in &m.charts {
            self.charts.insert(key.clone(), Arc::new(data.clone()));
        }
        // Measured again: the window redraws them unmarked at the change event that follows.
        self.earlier_charts.clear();
        self.series = m.series.clone();
        Some(())
    }
}

impl Service {
    /// Keeps the window's first views in `dir` between runs: fills the caches from the kept
    /// copy now if it describes the data, and lets [`Service::warm_up`] write a new one. Not for
    /// an encrypted database (see the module's notes) nor one in memory.
    pub fn keep_views_in(self, dir: &Path) -> Service {
        let Some(db) = self.db_path().map(Path::to_path_buf) else { return self };
        if rapport_core::crypt::is_encrypted(&db).unwrap_or(true) {
            return self;
        }
        sweep_kept(dir, std::time::SystemTime::now());
        let file = file_for(dir, &db);
        let now = Utc::now().timestamp();
        let _ = self.with_open(|open| {
            open.warm_ups_follow = true;
            open.load_kept(&file, now);
            Ok(())
        });
        let _ = self.inner.kept_file.set(file);
        self
    }

    /// Whether the caches were filled from the kept copy of the data as it is, and no change came
    /// since (not when the copy is of the data before another program's change).
    pub fn opened_on_kept_views(&self) -> bool {
        self.with_open(|open| Ok(open.kept_token.is_some() && open.dashboard.is_some())).unwrap_or(false)
    }

    /// Measures every view the window may ask for from one load of the history, on a connection
    /// of its own, and puts it in the caches (see the module's notes). `None` when there is
    /// nothing to warm up: an encrypted or in-memory database, or one that could not be opened.
    pub fn warm_up(&self) -> Result<Option<WarmUp>> {
        self.warm_up_meanwhile(|| {})
    }

    /// [`Service::warm_up`], with `meanwhile` run once the views are measured and before any is
    /// installed: where a write of the window lands when it comes during a warm-up (the tests').
    fn warm_up_meanwhile(&self, meanwhile: impl FnMut()) -> Result<Option<WarmUp>> {
        self.warm_up_unless(&|| false, meanwhile)
    }

    /// A warm-up that makes way (returns `None` between two of its parts, or before it starts)
    /// for a warm-up at the usual priority asked for since it was: see [`Service::warm_up_after`].
    fn warm_up_making_way(&self) -> Result<Option<WarmUp>> {
        let full = &self.inner.full_warm_ups;
        let asked = full.load(std::sync::atomic::Ordering::SeqCst);
        self.warm_up_unless(&|| full.load(std::sync::atomic::Ordering::SeqCst) != asked, || {})
    }

    /// [`Service::warm_up_meanwhile`], stopped (`None`) as soon as `stop` says so, between parts.
    fn warm_up_unless(&self, stop: &(dyn Fn() -> bool + Sync), mut meanwhile: impl FnMut()) -> Result<Option<WarmUp>> {
        let Some(db) = self.db_path().map(Path::to_path_buf) else { return Ok(None) };
        if self.shared().is_err() || rapport_core::crypt::is_encrypted(&db).unwrap_or(true) {
            return Ok(None);
        }
        let _warming = self.warming();
        // One warm-up measures at a time: two would each take twice as long on a small machine,
        // and hold two histories in memory. The one that waited measures the data after the other.
        let _one_at_a_time = self.inner.measuring.lock().unwrap_or_else(|p| p.into_inner());
        if stop() {
            return Ok(None);
        }
        let reader = Store::open(&db)?;
        let now = Utc::now().timestamp();
        let mut redrawn = None;
        let mut caught_up = None;
        let mut first = |token: i64, dashboard: &Dashboard, directory: &Directory| {
            meanwhile();
            redrawn = self.with_open(|open| Ok(open.install_first(token, dashboard, directory))).ok().flatten();
            // Calls waiting for the dashboard or the list need not wait for the charts.
            self.inner.warming.1.notify_all();
        };
        // What writes update the dashboard from, as soon as it is ready; when this window wrote
        // meanwhile, caught up with its writes.
        let mut live_ready = |token: i64, live: LiveDashboard, directory: &Directory| {
            caught_up = self.with_open(|open| Ok(open.install_live(token, live, directory))).ok().flatten();
            self.inner.warming.1.notify_all();
        };
        // A write during the read: once more, then leave it to the calls.
        let measured = match measure(&reader, now, &mut first, &mut live_ready, stop)? {
            Some(m) => m,
            None if stop() => return Ok(None),
            None => match measure(&reader, now, &mut first, &mut live_ready, stop)? {
                Some(m) => m,
                None => return Ok(None),
            },
        };
        drop(reader);
        let charts = self.with_open(|open| Ok(open.install_charts(&measured)))?;
        let (Some(redrawn), Some(())) = (redrawn, charts) else {
            // Writes came while it measured: the warm-up after them measures the charts again.
            if caught_up == Some(true) {
                self.notify(&Changed { change: Change::Everything, external: true });
            }
            return Ok(None);
        };
        let kept = match self.inner.kept_file.get() {
            Some(file) => write_kept(file, &to_kept(&measured, now)).is_ok(),
            None => false,
        };
        // Claimed once the copy is on disk: a run started from here on opens on it.
        self.with_open(|open| {
            if open.store.data_token().ok() == Some(measured.token) {
                open.kept_token = Some(measured.token);
            }
            Ok(())
        })?;
        release_freed_memory();
        if redrawn {
            self.notify(&Changed { change: Change::Everything, external: true });
        }
        Ok(Some(WarmUp { token: measured.token, redrawn, kept }))
    }

    /// [`Service::warm_up`] on a thread of its own: at once when the caches are empty (the window
    /// waits for it), after [`RECHECK_DELAY`] when they were filled from the kept copy.
    pub fn warm_up_in_background(&self) {
        let service = self.clone();
        let delay = if self.opened_on_kept_views() { RECHECK_DELAY } else { Duration::ZERO };
        // Marked now, so that the window's first calls wait for it rather than measure twice.
        let warming = (delay.is_zero()).then(|| self.warming());
        let changes = self.inner.changes.load(std::sync::atomic::Ordering::SeqCst);
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            // A change during the delay has a warm-up of its own: two at once would each take
            // twice as long on a small machine.
            if service.inner.changes.load(std::sync::atomic::Ordering::SeqCst) != changes {
                drop(warming);
                return;
            }
            if let Err(e) = service.warm_up() {
                eprintln!("rapport: measuring the views in the background failed: {}", e.message);
                // What the window shows from the kept copy cannot be measured again now (a model
                // another tool left unreadable, say): drop it, so that the window asks again and
                // shows why, rather than figures it can no longer stand behind.
                service.forget_kept_views();
            }
            drop(warming);
        });
    }

    /// Drops the views that came from the kept copy, if they are still there, and tells the window.
    fn forget_kept_views(&self) {
        let forgot = self
            .with_open(|open| {
                let from_file = open.from_kept_file;
                if from_file {
                    open.forget_measures();
                }
                Ok(from_file)
            })
            .unwrap_or(false);
        if forgot {
            self.notify(&Changed { change: Change::Everything, external: true });
        }
    }

    /// Marks a warm-up as running until the guard is dropped.
    fn warming(&self) -> Warming {
        *self.inner.warming.0.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        Warming(self.clone())
    }

    /// Waits while a warm-up runs, until what the caller needs is `ready` in the caches: the
    /// warm-up is measuring what the caller was about to measure.
    #[track_caller]
    pub(crate) fn wait_for_warm_up(&self, ready: impl Fn(&Open) -> bool) {
        let (caller, asked) = (std::panic::Location::caller(), Instant::now());
        let _timed = crate::timing::OnDrop(|| crate::timing::warm_up_waited(caller, asked.elapsed()));
        let (count, signal) = &self.inner.warming;
        loop {
            if *count.lock().unwrap_or_else(|p| p.into_inner()) == 0 {
                return;
            }
            if self.with_open(|open| Ok(ready(open))).unwrap_or(true) {
                return;
            }
            let running = count.lock().unwrap_or_else(|p| p.into_inner());
            if *running == 0 {
                return;
            }
            // Woken when a part is installed or a warm-up ends; the timeout covers a signal
            // sent between the look above and this wait.
            let _ = signal.wait_timeout(running, Duration::from_millis(50));
        }
    }

    /// After a change: measures the views again a moment later in the background (changes in a
    /// row make one warm-up), so that the dashboard and the charts are ready when the window
    /// comes back to them; until then, calls that would measure them wait for it. Only where the
    /// views are kept (the app): the CLI measures what it is asked, once.
    pub(crate) fn warm_up_after_change(&self) {
        self.warm_up_after(false);
    }

    /// [`Service::warm_up_after_change`] for a write that touched a few contacts: the dashboard
    /// and the list already follow it (live.rs, the directory's refresh), so the warm-up only
    /// brings the network's charts and the kept copy up to date, and it runs at a lower priority
    /// ([`BACKGROUND_NICE`]): on 2 cores its two threads (about 2 s, 10 s on a busy machine) took
    /// the processor from what the user did next (the dashboard's call 12 ms → 84 ms in a busy
    /// run). What any view waits for after another change (the list after a merge, the
    /// dashboard after the settings) is measured at the usual priority.
    pub(crate) fn warm_up_after_contacts_change(&self) {
        self.warm_up_after(true);
    }

    /// A warm-up at the lower priority makes way for one at the usual priority asked for while
    /// it runs (a settings change after a log): otherwise the latter waited for it (one warm-up
    /// measures at a time), at the lower priority's pace on a busy machine. It stops between its
    /// parts (the history's load, the dashboard, every 16 weeks of the series, each chart); the
    /// one that follows measures everything again anyway.
    fn warm_up_after(&self, lowered: bool) {
        if self.inner.kept_file.get().is_none() {
            return;
        }
        if !lowered {
            self.inner.full_warm_ups.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        let change = self.inner.changes.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let warming = self.warming();
        let service = self.clone();
        std::thread::spawn(move || {
            // The live dashboard follows the write at once, put together without the lock while
            // the window draws what the write changed: ready at the dashboard's next look, which
            // may wait for it (so at the usual priority).
            service.follow_writes_now();
            std::thread::sleep(AFTER_CHANGE_DELAY);
            if service.inner.changes.load(std::sync::atomic::Ordering::SeqCst) == change {
                // This thread only, and the charts' thread it starts: they inherit it.
                let nice = if lowered { lower_this_threads_priority() } else { this_threads_nice() };
                #[cfg(test)]
                tests::note_warm_up_priority(service.db_path(), nice);
                let _ = nice;
                let warmed = if lowered { service.warm_up_making_way() } else { service.warm_up() };
                if let Err(e) = warmed {
                    eprintln!("rapport: measuring the views again after a change failed: {}", e.message);
                }
            }
            drop(warming);
        });
    }
}

/// The niceness of the warm-up after a write to a few contacts (Linux; 0 is the usual, 19 the
/// lowest priority): the window's threads get about ten times its share of a busy processor.
pub const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's priority to [`BACKGROUND_NICE`] (Linux: niceness is per thread),
/// unless it is lower already; returns the niceness it then has. Elsewhere, nothing changes.
#[allow(unsafe_code)]
fn lower_this_threads_priority() -> i32 {
    let nice = this_threads_nice().max(BACKGROUND_NICE);
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on this thread's own id changes only its scheduling weight.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, nice);
    }
    this_threads_nice()
}

/// The calling thread's niceness (0 where it is not per thread).
#[allow(unsafe_code)]
fn this_threads_nice() -> i32 {
    #[cfg(target_os = "linux")]
    // SAFETY: getpriority only reads this thread's scheduling niceness.
    unsafe {
        libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t)
    }
    #[cfg(not(target_os = "linux"))]
    0
}

/// A running warm-up; dropping it wakes the calls waiting for it.
struct Warming(Service);

impl Drop for Warming {
    fn drop(&mut self) {
        let (count, done) = &self.0.inner.warming;
        let mut running = count.lock().unwrap_or_else(|p| p.into_inner());
        *running = running.saturating_sub(1);
        done.notify_all();
    }
}

fn to_kept(m: &Measured, now: Secs) -> KeptViews {
    KeptViews {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        token: m.token,
        day: today(now),
        dashboard: m.dashboard.clone(),
        directory: m.directory.clone(),
        charts: m.charts.clone(),
        series: m.series.clone(),
    }
}

/// Gives the memory freed after a warm-up (the history of a large network is hundreds of MiB)
/// back to the system: glibc keeps freed blocks of its per-thread arenas otherwise.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: malloc_trim only returns free pages to the kernel; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use rapport_core::{Channel, ContactFields, NewInteraction, Party};

    use super::*;

    thread_local! {
        /// Run on this thread once a warm-up measuring on it has loaded the history.
        static AFTER_THE_HISTORY_LOAD: std::cell::RefCell<Option<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(None) };
    }

    pub(super) fn after_the_history_load() {
        if let Some(hook) = AFTER_THE_HISTORY_LOAD.with(|h| h.borrow_mut().take()) {
            hook();
        }
    }

    #[test]
    fn a_warm_up_at_the_lower_priority_makes_way_for_one_at_the_usual_priority_asked_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let (service, _) = demo_warmed_up(dir.path());
        let forget = |s: &Service| {
            s.with_open(|o| {
                o.forget_measures();
                Ok(())
            })
            .unwrap()
        };
        let installed = |s: &Service| s.with_open(|o| Ok((o.dashboard.is_some(), o.charts.len()))).unwrap();
        forget(&service);
        // A settings change asks for a warm-up at the usual priority once this one has read the
        // history: it stops there, and installs nothing measured from it.
        let asker = service.clone();
        AFTER_THE_HISTORY_LOAD.with(|h| {
            *h.borrow_mut() = Some(Box::new(move || {
                asker.inner.full_warm_ups.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }))
        });
        assert_eq!(service.warm_up_making_way().unwrap(), None, "it made way");
        assert_eq!(installed(&service), (false, 0), "nothing of it installed");
        // Asked for nothing meanwhile, it measures everything.
        assert!(service.warm_up_making_way().unwrap().is_some());
        assert_eq!(installed(&service), (true, network_charts(Utc::now().timestamp()).len()));
    }

    /// The niceness each after-change warm-up ran at, by database (tests run side by side).
    static PRIORITIES: std::sync::Mutex<Vec<(PathBuf, i32)>> = std::sync::Mutex::new(Vec::new());

    pub(super) fn note_warm_up_priority(db: Option<&Path>, nice: i32) {
        if let Some(db) = db {
            PRIORITIES.lock().unwrap().push((db.to_path_buf(), nice));
        }
    }

    /// The niceness of the next after-change warm-up of `db` noted, waited for up to 10 s.
    fn next_priority(db: &Path) -> Option<i32> {
        for _ in 0..1000 {
            let mut noted = PRIORITIES.lock().unwrap();
            if let Some(at) = noted.iter().position(|(d, _)| d == db) {
                return Some(noted.remove(at).1);
            }
            drop(noted);
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    #[test]
    fn the_warm_up_after_a_log_runs_at_a_lower_priority_and_after_the_settings_at_the_usual() {
        let dir = tempfile::tempdir().unwrap();
        let service = Service::open(&dir.path().join("rapport.db")).keep_views_in(&dir.path().join("views"));
        let db = service.db_path().unwrap().to_path_buf();
        let usual = this_threads_nice();
        let lowered = Some(usual.max(BACKGROUND_NICE));
        let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
        assert_eq!(next_priority(&db), lowered, "a new contact is a write to a few contacts");
        service.log_interaction(&call_now(ana.id)).unwrap();
        assert_eq!(next_priority(&db), lowered, "so is a log");
        let settings = service.model_settings().unwrap();
        service.set_model_settings(&settings).unwrap();
        assert_eq!(next_priority(&db), Some(usual), "the settings change what the views wait for");
        assert_eq!(this_threads_nice(), usual, "the caller's own thread is left as it was");
    }

    /// A service on a new database file whose one contact, Ana, was called just now.
    fn ana_called_now(dir: &Path) -> (Service, rapport_core::ContactId) {
        let service = Service::open(&dir.join("rapport.db"));
        let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
        service.log_interaction(&call_now(ana.id)).unwrap();
        (service, ana.id)
    }

    #[test]
    fn one_warm_up_fills_the_dashboard_the_directory_and_every_network_chart() {
        let dir = tempfile::tempdir().unwrap();
        let (service, _) = ana_called_now(dir.path());
        let filled = |s: &Service| {
            s.with_open(|o| Ok((o.dashboard.is_some(), o.fresh_directory().is_some(), o.charts.len()))).unwrap()
        };
        assert_eq!(filled(&service), (false, false, 0));
        service.warm_up().unwrap().unwrap();
        let now = Utc::now().timestamp();
        assert_eq!(filled(&service), (true, true, network_charts(now).len()));
        assert_eq!(network_charts(now).len(), 8, "six network charts, two of them in two languages");
    }

    #[test]
    fn while_a_warm_up_runs_a_network_chart_waits_for_it_and_a_contacts_chart_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let (service, ana) = ana_called_now(dir.path());
        let now = Utc::now().timestamp();
        let running = service.warming();
        let ask = |options: ChartOptions| {
            let (service, (tx, rx)) = (service.clone(), std::sync::mpsc::channel());
            std::thread::spawn(move || tx.send(service.chart_svg(&options).is_ok()).unwrap());
            rx
        };
        let contact = ask(ChartOptions { contact: Some(ana), ..ChartOptions::new(ChartKind::Contact, now) });
        assert_eq!(contact.recv_timeout(Duration::from_secs(20)), Ok(true), "a contact's chart is drawn at once");
        let network = ask(ChartOptions::new(ChartKind::Index, now));
        std::thread::sleep(Duration::from_millis(300));
        assert!(network.try_recv().is_err(), "the index chart waits for the warm-up that prepares it");
        drop(running);
        assert_eq!(network.recv_timeout(Duration::from_secs(20)), Ok(true), "and is drawn once it ends");
    }

    #[test]
    fn after_a_logged_interaction_the_dashboard_is_ready_at_once_and_shows_it() {
        let dir = tempfile::tempdir().unwrap();
        let service = Service::open(&dir.path().join("rapport.db")).keep_views_in(&dir.path().join("views"));
        let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
        let offset = chrono::FixedOffset::east_opt(0).unwrap();
        let days_ago = offset.from_utc_datetime(&(Utc::now() - chrono::Duration::days(3)).naive_utc());
        service.log_interaction(&NewInteraction::new(days_ago, Channel::Call, Party::Me, vec![ana.id])).unwrap();
        service.warm_up().unwrap().unwrap();
        // Logged after the warm-up's date, as the quick log does.
        std::thread::sleep(Duration::from_millis(1100));
        let now = offset.from_utc_datetime(&Utc::now().naive_utc());
        service.log_interaction(&NewInteraction::new(now, Channel::Call, Party::Me, vec![ana.id])).unwrap();
        let ready = service.with_open(|o| Ok(o.dashboard.is_some() && o.live.is_some())).unwrap();
        assert!(ready, "the dashboard follows the write instead of waiting for a warm-up");
        let dashboard = service.dashboard_view(None).unwrap();
        assert!(!dashboard.updating);
        let tie = dashboard.dashboard.strongest.iter().find(|m| m.contact == ana.id).unwrap();
        assert_eq!(tie.last_interaction_at, Some(now.timestamp()), "and counts the call just logged");
    }

    /// The demo in a database file, its views measured, with a contact of its strongest ties.
    fn demo_warmed_up(dir: &Path) -> (Service, rapport_core::ContactId) {
        let service = Service::open(&dir.join("rapport.db"));
        service.load_demo(Lang::En).unwrap();
        service.warm_up().unwrap().unwrap();
        let dashboard = service.dashboard_now().unwrap();
        (service, dashboard.strongest.last().unwrap().contact)
    }

    fn call_now(with: rapport_core::ContactId) -> NewInteraction {
        let now = chrono::FixedOffset::east_opt(0).unwrap().from_utc_datetime(&Utc::now().naive_utc());
        NewInteraction::new(now, Channel::Call, Party::Me, vec![with])
    }

    /// The index chart's points (date, index) as the window would get them now, asked on another
    /// thread: `None` when the call did not return within 20 s (it waited for a warm-up).
    fn index_points_asked(service: &Service) -> Option<Vec<(Secs, f64)>> {
        let (service, (tx, rx)) = (service.clone(), std::sync::mpsc::channel());
        std::thread::spawn(move || {
            let options = ChartOptions::new(ChartKind::Index, Utc::now().timestamp());
            let points = match &*service.chart_data(&options).unwrap() {
                ChartData::Index(d) => d.points.iter().map(|p| (p.at, p.index)).collect(),
                other => panic!("not the index chart: {other:?}"),
            };
            let _ = tx.send(points);
        });
        rx.recv_timeout(Duration::from_secs(20)).ok()
    }

    #[test]
    fn after_a_log_the_index_chart_comes_at_once_with_the_new_point_while_the_warm_up_runs() {
        let dir = tempfile::tempdir().unwrap();
        let (service, tie) = demo_warmed_up(dir.path());
        let measured = index_points_asked(&service).unwrap();
        // As after a write in the app: a warm-up is running, measuring the charts again.
        let running = service.warming();
        let call = call_now(tie);
        service.log_interaction(&call).unwrap();
        // What the thread the write starts in the app runs (this service keeps no views).
        service.follow_writes_now();
        let shown = service.dashboard_view(None).unwrap();
        assert!(!shown.updating);
        let points = index_points_asked(&service).expect("the chart does not wait for the warm-up");
        drop(running);
        assert_eq!(points.len(), measured.len(), "the same weeks");
        assert_eq!(points[..points.len() - 1], measured[..measured.len() - 1], "the weeks before the last as measured");
        let (last_at, last_index) = *points.last().unwrap();
        assert!(last_at >= call.at.timestamp(), "the last point is now, after the call");
        assert_eq!(last_index, shown.dashboard.network.index, "the index the dashboard shows");
        assert_ne!(last_index, measured.last().unwrap().1, "which the call moved");
    }

    #[test]
    fn a_log_dated_weeks_back_serves_the_chart_as_measured_marked_until_the_warm_up_redraws_it() {
        let dir = tempfile::tempdir().unwrap();
        let (service, tie) = demo_warmed_up(dir.path());
        let measured = index_points_asked(&service).unwrap();
        let running = service.warming();
        let weeks_ago = chrono::FixedOffset::east_opt(0)
            .unwrap()
            .from_utc_datetime(&(Utc::now() - chrono::Duration::days(24)).naive_utc());
        service.log_interaction(&NewInteraction::new(weeks_ago, Channel::Call, Party::Me, vec![tie])).unwrap();
        service.follow_writes_now();
        assert!(service.dashboard_view(None).unwrap().updating, "the charts are being brought up to date");
        let points = index_points_asked(&service).expect("the chart does not wait for the warm-up");
        drop(running);
        assert_eq!(points, measured, "the chart as it was measured");

        let (heard, told) = std::sync::mpsc::channel();
        service.on_change(move |c| drop(heard.send(c.clone())));
        assert!(service.warm_up().unwrap().unwrap().redrawn);
        assert_eq!(told.try_recv().map(|c| c.change), Ok(Change::Everything), "the window is told to redraw");
        assert!(!service.dashboard_view(None).unwrap().updating);
        assert_ne!(index_points_asked(&service).unwrap(), measured, "the weeks since the call moved");
    }

    /// The network chart of `kind` as the window would get it now (its numbers as JSON), asked on
    /// another thread: `None` when the call did not return within 20 s (it waited for a warm-up).
    fn network_chart_asked(service: &Service, kind: ChartKind) -> Option<String> {
        let (service, (tx, rx)) = (service.clone(), std::sync::mpsc::channel());
        std::thread::spawn(move || {
            let data = service.chart_data(&ChartOptions::new(kind, Utc::now().timestamp())).unwrap();
            let _ = tx.send(serde_json::to_string(&*data).unwrap());
        });
        rx.recv_timeout(Duration::from_secs(20)).ok()
    }

    #[test]
    fn after_a_log_the_other_network_tabs_come_at_once_as_measured_marked_until_the_warm_up_redraws_them() {
        let dir = tempfile::tempdir().unwrap();
        let (service, tie) = demo_warmed_up(dir.path());
        // As in the app: a warm-up follows every change.
        service
            .with_open(|open| {
                open.warm_ups_follow = true;
                Ok(())
            })
            .unwrap();
        let tabs = [ChartKind::GiveTake, ChartKind::FollowThrough, ChartKind::Calendar];
        let measured: Vec<String> = tabs.iter().map(|&kind| network_chart_asked(&service, kind).unwrap()).collect();
        let running = service.warming();
        service.log_interaction(&call_now(tie)).unwrap();
        service.follow_writes_now();
        let shown = service.dashboard_view(None).unwrap();
        assert!(!shown.updating, "the dashboard itself follows the log");
        assert_eq!(shown.charts_updating, tabs.to_vec(), "each tab is marked as being brought up to date");
        for (&kind, before) in tabs.iter().zip(&measured) {
            let now = network_chart_asked(&service, kind).expect("the tab does not wait for the warm-up");
            assert_eq!(&now, before, "{kind:?} as it was measured");
        }
        drop(running);

        // Measured again by the warm-up, without a redraw of everything (the window's calls after
        // a log stay three): the tab is fresh and unmarked the next time the dashboard is drawn.
        service.warm_up().unwrap().unwrap();
        assert!(service.dashboard_view(None).unwrap().charts_updating.is_empty(), "nothing is marked any more");
        let activity = network_chart_asked(&service, ChartKind::Calendar).unwrap();
        assert_ne!(activity, measured[2], "the activity chart counts the call");
        let history = service.read(Store::history).unwrap();
        let recomputed = charts::prepare(
            &history,
            &ChartOptions::new(ChartKind::Calendar, Utc::now().timestamp()),
            &service.model_settings().unwrap(),
        )
        .unwrap();
        assert_eq!(activity, serde_json::to_string(&recomputed).unwrap(), "as a full recompute gives it");
    }

    /// Whether two dashboards show the same figures, to a hundredth: the live one measures the
    /// touched ties a moment later than the others, which moves them by far less.
    fn same_figures(a: &Dashboard, b: &Dashboard) -> bool {
        let close = |x: f64, y: f64| (x - y).abs() < 0.01;
        let scores = |d: &Dashboard| d.network.components.iter().map(|c| c.score.unwrap_or(-1.0)).collect::<Vec<_>>();
        close(a.network.index, b.network.index)
            && scores(a).iter().zip(scores(b)).all(|(x, y)| close(*x, y))
            && a.strongest.iter().map(|m| m.contact).eq(b.strongest.iter().map(|m| m.contact))
            && a.strongest.iter().zip(&b.strongest).all(|(x, y)| close(x.strength, y.strength))
    }

    #[test]
    fn a_write_leaves_the_dashboard_to_its_next_look_which_shows_what_a_full_recompute_does() {
        let dir = tempfile::tempdir().unwrap();
        let (service, tie) = demo_warmed_up(dir.path());
        let before = service.dashboard_now().unwrap();
        service.log_interaction(&call_now(tie)).unwrap();
        let (pending, cached) =
            service.with_open(|o| Ok((o.live_pending.clone(), o.dashboard.clone().map(|(_, d)| d)))).unwrap();
        assert_eq!(pending, vec![tie], "the write returns without measuring the dashboard again");
        assert!(cached.is_some_and(|d| *d == before), "it is left as it was until it is looked at");

        let shown = service.dashboard_view(None).unwrap();
        assert!(!shown.updating);
        assert!(service.with_open(|o| Ok(o.live_pending.is_empty())).unwrap());
        assert!((shown.dashboard.network.index - before.network.index).abs() > 0.01, "the call moved the index");
        let recomputed = service.dashboard(Utc::now()).unwrap();
        assert!(same_figures(&shown.dashboard, &recomputed), "as a full recompute: {shown:?}\n{recomputed:?}");
    }

    #[test]
    fn a_log_made_while_the_warm_up_measures_is_caught_up_when_it_lands() {
        let dir = tempfile::tempdir().unwrap();
        let (service, tie) = demo_warmed_up(dir.path());
        // As at a launch on the kept views: a dashboard, no live parts yet.
        service
            .with_open(|o| {
                o.warm_ups_follow = true;
                o.live = None;
                Ok(())
            })
            .unwrap();
        let writer = service.clone();
        let warmed = service.warm_up_meanwhile(|| drop(writer.log_interaction(&call_now(tie)).unwrap()));
        assert_eq!(warmed.unwrap(), None, "its charts and kept copy are for the warm-up after the write");
        let (ready, live) = service.with_open(|o| Ok((o.dashboard.is_some(), o.live.is_some()))).unwrap();
        assert!(ready && live, "its dashboard is installed, caught up with the write, with its live parts");
        let shown = service.dashboard_view(None).unwrap();
        assert!(!shown.updating);
        let recomputed = service.dashboard(Utc::now()).unwrap();
        assert!(same_figures(&shown.dashboard, &recomputed), "as a full recompute: {shown:?}\n{recomputed:?}");
        let row = service.contact_page(&Default::default()).unwrap();
        let listed = row.contacts.iter().find(|r| r.id == tie).unwrap();
        assert!(listed.last_interaction_at.is_some_and(|at| (Utc::now() - at).num_seconds() < 60));
    }

    #[test]
    fn a_log_before_any_live_parts_keeps_the_dashboard_marked_until_the_warm_up_brings_it_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let views = dir.path().join("views");
        let db = {
            let (first_run, _) = demo_warmed_up(dir.path());
            let first_run = first_run.keep_views_in(&views);
            assert!(first_run.warm_up().unwrap().unwrap().kept);
            first_run.db_path().unwrap().to_path_buf()
        };
        // As the app opens on the kept views, before its first warm-up (no background one here).
        let service = Service::open(&db);
        service
            .with_open(|o| {
                o.warm_ups_follow = true;
                o.load_kept(&file_for(&views, &db), Utc::now().timestamp());
                Ok(())
            })
            .unwrap();
        assert!(service.opened_on_kept_views());
        let before = service.dashboard_now().unwrap();
        let tie = before.strongest.last().unwrap().contact;
        service.log_interaction(&call_now(tie)).unwrap();
        let shown = service.with_open(|o| Ok(o.dashboard.is_some())).unwrap();
        assert!(shown, "the dashboard is not dropped to wait for a warm-up");
        let behind = service.dashboard_view(None).unwrap();
        assert!(behind.updating, "it is marked as being brought up to date");
        assert_eq!(behind.dashboard, before);

        let (heard, told) = std::sync::mpsc::channel();
        service.on_change(move |c| drop(heard.send(c.clone())));
        assert!(service.warm_up().unwrap().unwrap().redrawn);
        assert_eq!(told.try_recv().map(|c| c.change), Ok(Change::Everything), "the window is told to redraw");
        let now = service.dashboard_view(None).unwrap();
        assert!(!now.updating);
        assert!(same_figures(&now.dashboard, &service.dashboard(Utc::now()).unwrap()));
    }

    #[test]
    fn after_another_programs_write_the_window_opens_on_the_kept_views_marked_until_measured_again() {
        let dir = tempfile::tempdir().unwrap();
        let (db, views) = (dir.path().join("rapport.db"), dir.path().join("views"));
        let first_run = Service::open(&db).keep_views_in(&views);
        let ana = first_run.add_contact(&ContactFields::named("Ana")).unwrap();
        let at = chrono::FixedOffset::east_opt(0).unwrap().from_utc_datetime(&Utc::now().naive_utc());
        first_run.log_interaction(&NewInteraction::new(at, Channel::Call, Party::Me, vec![ana.id])).unwrap();
        assert!(first_run.warm_up().unwrap().unwrap().kept);
        drop(first_run);

        let mut cli = Store::open(&db).unwrap();
        let bea = cli.add_contact(&ContactFields::named("Bea")).unwrap();
        cli.log_interaction(&NewInteraction::new(at, Channel::Call, Party::Them, vec![bea.id])).unwrap();
        drop(cli);

        let service = Service::open(&db).keep_views_in(&views);
        assert!(!service.opened_on_kept_views(), "the copy is not of the data as it is");
        let cached = service.with_open(|o| Ok(o.dashboard.is_some() && o.fresh_directory().is_some())).unwrap();
        assert!(cached, "yet it is there to open on at once");
        let shown = service.dashboard_view(None).unwrap();
        assert!(shown.updating, "marked as being brought up to date");
        assert!(shown.dashboard.strongest.iter().all(|m| m.contact != bea.id), "it is the earlier copy");

        let (heard, told) = std::sync::mpsc::channel();
        service.on_change(move |c| drop(heard.send(c.clone())));
        assert!(service.warm_up().unwrap().unwrap().redrawn);
        assert_eq!(told.try_recv().map(|c| c.change), Ok(Change::Everything), "the window is told to redraw");
        let now = service.dashboard_view(None).unwrap();
        assert!(!now.updating);
        assert!(now.dashboard.strongest.iter().any(|m| m.contact == bea.id), "and shows the other program's write");
    }

    #[test]
    fn a_kept_copy_is_used_only_on_its_day_and_version() {
        let dir = tempfile::tempdir().unwrap();
        let service = Service::open(&dir.path().join("rapport.db"));
        service.add_contact(&ContactFields::named("Ana")).unwrap();
        let reader = Store::open(service.db_path().unwrap()).unwrap();
        let now = Utc::now().timestamp();
        let measured = measure(&reader, now, |_, _, _| {}, |_, _, _| {}, &|| false).unwrap().unwrap();
        let file = dir.path().join("views.json");
        write_kept(&file, &to_kept(&measured, now)).unwrap();
        let token = |now| read_kept_of_today(&file, now).map(|kept| kept.token);
        assert_eq!(token(now), Some(measured.token), "its token says whether it is of the data as it is");
        assert_eq!(token(now + 86_400), None, "the next day");
        let mut other = to_kept(&measured, now);
        other.app_version = String::from("0.0.1");
        write_kept(&file, &other).unwrap();
        assert!(read_kept_of_today(&file, now).is_none(), "another version of Rapport");
    }

    #[test]
    fn old_kept_files_and_partial_writes_are_swept_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["views-00aa.json", "views-00bb.json.partial-4242", "views-00cc.json", "notes.txt"];
        for name in names {
            std::fs::write(dir.path().join(name), b"{}").unwrap();
        }
        let now = std::time::SystemTime::now();
        assert_eq!(sweep_kept(dir.path(), now), 0, "files written today stay");
        let later = now + SWEEP_AFTER + Duration::from_secs(60);
        assert_eq!(sweep_kept(dir.path(), later), 3);
        let left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        assert_eq!(left, ["notes.txt"], "only the module's own files go");
    }
}
