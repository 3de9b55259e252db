//! Rapport's application layer: what the desktop window and the CLI share above the core, with no
//! Tauri in it. One [`Service`] owns one open database and everything that lives as long as it:
//!
//! - **the lock**: one connection, one caller at a time (SQLite wants one writer), and a panic in
//!   a call rolls back what it left open instead of poisoning the store;
//! - **the caches** (today the directory of every contact's measures), kept beside the store under
//!   the same lock so no call can read a cache from before a write it can see;
//! - **changes**: [`Service::read`] hands out `&Store`, so it cannot write; a write goes through
//!   [`Service::write`], whose work returns the [`Change`] it made. The caches react to that
//!   change, then every listener ([`Service::on_change`]) hears of it: the window redraws from it.
//!   Writes by another program (the CLI while the window is open) are noticed by SQLite's
//!   `data_version`, checked on every call and by [`Service::watch_other_writers`] twice a second,
//!   and confirmed by the data's token (core's `Store::data_token`, renewed by every write);
//! - **the first views kept between runs** and measured again in the background ([`kept`]);
//! - **the encryption swap** ([`encryption`]) and **the daily backups** ([`backups`]);
//! - **whole views** ([`views`]): the dashboard, a contact's measures, the contact list page, open
//!   loops, a chart, an export, each one call;
//! - **files for the user** ([`files`]): exports and charts, written by one routine for the window
//!   (a new name in Downloads) and the CLI (the file it names), with the same checks.
//!
//! Every call blocks on the disk: an async caller (the window) runs it on a blocking thread.
//! To add an operation: a method here (or in `views`) that wraps one store call in `read` or
//! `write`, then a one-line command in the shell and a subcommand in the CLI.

mod agenda;
pub mod backups;
pub mod calibration;
mod change;
mod corrections;
pub mod encryption;
mod failure;
pub mod files;
mod gate;
pub mod health;
pub mod kept;
mod live;
pub mod reminders;
mod search;
mod series;
pub mod threads;
mod timing;
pub mod views;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use rapport_core::crypt::Keychain;
use rapport_core::directory::Directory;
use rapport_core::{db, Store};
use serde::Serialize;

pub use change::{Change, Changed};
pub use corrections::{Deletion, UNDO_FOR};
pub use failure::{Failure, Result};

/// Where the database key is kept: the OS keychain in the app, one in memory in tests.
pub type SharedKeychain = Arc<dyn Keychain + Send + Sync>;

/// Told of every change, after the write that made it has committed.
pub type Listener = Arc<dyn Fn(&Changed) + Send + Sync>;

/// The open store and what depends on its data. `None` only while encryption swaps the
/// connection (under the lock) or after reopening it failed.
type Shared = Arc<Mutex<Option<Open>>>;

/// Cadence and whose-turn depend on today's date: a directory older than this is rebuilt even
/// with no write in between.
const DIRECTORY_MAX_AGE: Duration = Duration::from_secs(10 * 60);

/// How long the dashboard measured "now" is served again. Between writes its figures move only
/// with the clock (decay, days since the last contact): over a few minutes by less than they are
/// rounded to, but for the rare tie that crosses a threshold in that time, shown at the next look.
const DASHBOARD_MAX_AGE: Duration = Duration::from_secs(5 * 60);

/// How often [`Service::watch_other_writers`] looks for another program's writes.
pub const WATCH_INTERVAL: Duration = Duration::from_millis(500);

struct Open {
    store: Store,
    /// SQLite's `data_version` when this connection last looked: a new value means another
    /// connection committed, which is the cheap sign to look at...
    seen_version: i64,
    /// ...and the data's token (core's `Store::data_token`) says whether the data changed: every
    /// write renews it, whichever program makes it, and nothing else does.
    seen_token: Option<i64>,
    directory: Option<(Instant, Arc<Directory>)>,
    /// Charts' prepared numbers (the index and layers charts walk the whole history week by week,
    /// about a second on a large network), by what they were asked with; any change drops them.
    charts: HashMap<views::ChartKey, Arc<rapport_core::charts::ChartData>>,
    /// The network's give and take, follow-through and activity charts as measured before this
    /// process's writes to a few contacts: served at once, marked, while the warm-up (which a
    /// write starts where views are kept) measures them again ([`views::ChartKey::earlier`]).
    earlier_charts: HashMap<views::ChartKey, Arc<rapport_core::charts::ChartData>>,
    /// The dashboard now, and when it was measured ([`Service::dashboard_now`]).
    dashboard: Option<(Instant, Arc<rapport_core::measures::Dashboard>)>,
    /// The data's token the caches were filled at by [`kept`] (from the kept copy or a warm-up);
    /// any change forgets it.
    kept_token: Option<i64>,
    /// The dashboard comes from the kept copy, measured earlier: the warm-up that replaces it
    /// asks the window to redraw if it differs.
    from_kept_file: bool,
    /// The views from the kept copy are of the data before another program changed it: served
    /// marked as being brought up to date until the warm-up replaces them ([`kept`]).
    kept_outdated: bool,
    /// What the last warm-up measured the dashboard from, kept up to date by the writes that
    /// touch a few contacts ([`live`]); `None` until a warm-up ran, and after any other change.
    live: Option<live::LiveDashboard>,
    /// The contacts written since the live dashboard last followed: the write leaves that to the
    /// next look at the dashboard (or to the step after it, off the window's way), so that it
    /// returns as soon as it commits ([`Open::follow_writes`]).
    live_pending: Vec<rapport_core::ContactId>,
    /// The weekly series the network's index and layers charts are drawn from, kept by the last
    /// warm-up and following the writes to a few contacts as the live dashboard does
    /// ([`series`]); `None` until a warm-up ran, and after any other change.
    series: Option<series::FollowedSeries>,
    /// The dashboard is of the data before a write of this process that nothing live could follow
    /// (no live parts yet: a log in the first seconds on the kept views): served marked as being
    /// brought up to date, rather than nothing, until the warm-up measures it again and asks the
    /// window to redraw.
    dashboard_behind: bool,
    /// How many times the dashboard was put together from the live parts on a caller's way (under
    /// the lock, by a view), for the tests: after a write it is put together off the lock.
    dashboard_assemblies: usize,
    /// This process's recent writes, from the data's token before each to the one after: what
    /// a warm-up that read the data before them needs to catch up ([`Open::written_since`]).
    recent_writes: std::collections::VecDeque<Written>,
    /// A warm-up follows every change (where the views are kept: the app), so a dashboard behind
    /// the data may be shown marked until it lands; elsewhere (the CLI) it is dropped.
    warm_ups_follow: bool,
}

/// One write of this process: the data's token before and after it, and the contacts it
/// touched (`None`: anything).
struct Written {
    from: Option<i64>,
    to: Option<i64>,
    touched: Option<Vec<rapport_core::ContactId>>,
}

/// How many writes [`Open::recent_writes`] remembers: more than a warm-up sees in a row.
const RECENT_WRITES: usize = 64;

impl Open {
    fn new(store: Store) -> Open {
        let seen_version = store.data_version().unwrap_or(0);
        let seen_token = store.data_token().ok();
        Open {
            store,
            seen_version,
            seen_token,
            directory: None,
            charts: HashMap::new(),
            earlier_charts: HashMap::new(),
            dashboard: None,
            kept_token: None,
            from_kept_file: false,
            kept_outdated: false,
            live: None,
            live_pending: Vec::new(),
            series: None,
            dashboard_behind: false,
            dashboard_assemblies: 0,
            recent_writes: std::collections::VecDeque::new(),
            warm_ups_follow: false,
        }
    }

    /// Drops the caches when another program wrote since the last look; says whether it did.
    fn notice_other_writers(&mut self) -> bool {
        let Ok(now) = self.store.data_version() else { return false };
        if now == self.seen_version {
            return false;
        }
        self.seen_version = now;
        // An import another program left half-applied when it died (a journal whose lock is
        // free): taken back now rather than at the app's next start, before the user works with
        // its rows. Its failure leaves it for the next notice or open.
        let _ = self.store.take_back_dead_import();
        let token = self.store.data_token().ok();
        if token.is_some() && token == self.seen_token {
            // Committed, but nothing the caches were measured from changed.
            return false;
        }
        self.seen_token = token;
        self.forget_measures();
        true
    }

    /// The directory, unless there is none or it is older than today's measures allow.
    fn fresh_directory(&self) -> Option<Arc<Directory>> {
        let (built, directory) = self.directory.as_ref()?;
        (built.elapsed() < DIRECTORY_MAX_AGE).then(|| Arc::clone(directory))
    }

    /// Drops everything measured from the data.
    fn forget_measures(&mut self) {
        self.kept_token = None;
        self.from_kept_file = false;
        self.kept_outdated = false;
        self.directory = None;
        self.charts.clear();
        self.earlier_charts.clear();
        self.dashboard = None;
        self.dashboard_behind = false;
        self.live = None;
        self.live_pending.clear();
        self.series = None;
    }

    /// Brings the caches up to date with `change`, which this process just wrote.
    fn apply(&mut self, change: &Change) {
        let before = self.seen_token;
        self.seen_token = self.store.data_token().ok();
        let touched = match change {
            Change::Contacts(ids) => Some(ids.clone()),
            Change::Everything => None,
        };
        if self.recent_writes.len() == RECENT_WRITES {
            self.recent_writes.pop_front();
        }
        self.recent_writes.push_back(Written { from: before, to: self.seen_token, touched });
        // A change to one contact moves the network's charts and dashboard too.
        self.kept_token = None;
        self.from_kept_file = false;
        if std::mem::take(&mut self.kept_outdated) {
            // Of the data before another program's change: refreshed here, it would pass for
            // current. The dashboard stays marked.
            self.directory = None;
            self.leave_dashboard_behind();
        }
        match change {
            // The posts and their reactions only change by writes that change everything.
            Change::Contacts(_) => self.keep_earlier_charts(),
            Change::Everything => {
                self.charts.clear();
                self.earlier_charts.clear();
            }
        }
        match change {
            Change::Everything => {
                self.directory = None;
                self.dashboard = None;
                self.dashboard_behind = false;
                self.live = None;
                self.live_pending.clear();
                self.series = None;
            }
            Change::Contacts(ids) => {
                if let Some(series) = self.series.as_mut() {
                    series.wrote(ids);
                }
                let now = chrono::Utc::now().timestamp();
                if let Some((_, directory)) = self.directory.as_mut() {
                    let started = Instant::now();
                    let refreshed = Arc::make_mut(directory).refresh(&self.store, ids, now);
                    timing::part("the directory's refresh", started);
                    if refreshed.is_err() {
                        self.directory = None;
                    }
                }
                if self.live.is_some() {
                    // Followed right after the write returns, off the window's way
                    // ([`Service::follow_writes_now`]), or at the dashboard's next look.
                    self.live_pending.extend(ids.iter().copied());
                } else {
                    self.leave_dashboard_behind();
                }
            }
        }
    }

    /// The dashboard no longer shows the data: kept, marked, when a warm-up follows to measure
    /// it again; dropped otherwise.
    fn leave_dashboard_behind(&mut self) {
        if self.warm_ups_follow && self.dashboard.is_some() {
            self.dashboard_behind = true;
        } else {
            self.dashboard = None;
        }
    }

    /// Brings the live parts up to date with the writes since they last followed them: each
    /// touched contact's tie is measured again now (milliseconds), the dashboard is not put
    /// together yet. When they cannot follow the writes exactly, they are dropped and the
    /// dashboard is kept but marked as being brought up to date, until the warm-up measures it.
    fn follow_pending(&mut self) {
        if !self.live_pending.is_empty() {
            let mut touched = std::mem::take(&mut self.live_pending);
            touched.sort_unstable();
            touched.dedup();
            let now = chrono::Utc::now().timestamp();
            let followed = self.live.as_mut().map(|live| live.follow(&self.store, &touched, now));
            if !matches!(followed, Some(Ok(true))) {
                self.live = None;
                self.leave_dashboard_behind();
            }
        }
        // The network's charts next, their last point from the live dashboard ([`series`]).
        self.follow_series();
    }

    /// Brings the dashboard up to date with the writes the live parts can follow, putting it
    /// together here when no other thread did ([`Service::follow_writes_now`]).
    fn follow_writes(&mut self) {
        self.follow_pending();
        let Some(live) = self.live.as_mut().filter(|live| !live.assembled()) else { return };
        let started = Instant::now();
        let dashboard = live.dashboard();
        timing::part("the live dashboard's update", started);
        self.dashboard_assemblies += 1;
        self.install_live_dashboard(dashboard);
    }

    /// Shows `dashboard`, put together from the live parts. It keeps the age it had: it is as
    /// old as the other ties' measures.
    fn install_live_dashboard(&mut self, dashboard: rapport_core::measures::Dashboard) {
        let built = self.dashboard.as_ref().map_or_else(Instant::now, |(built, _)| *built);
        self.dashboard = Some((built, Arc::new(dashboard)));
    }

    /// The dashboard shown is the latest this process can give: none of its writes is left for
    /// the live parts to follow or for the dashboard to be put together from.
    fn dashboard_current(&self) -> bool {
        self.dashboard.is_some() && self.live_pending.is_empty() && self.live.as_ref().is_none_or(|l| l.assembled())
    }

    /// The contacts that this process's writes touched since the data was at `token`, when every
    /// write since is known and touched contacts only; `None` otherwise (another program wrote,
    /// or a write changed anything).
    fn written_since(&self, token: i64) -> Option<Vec<rapport_core::ContactId>> {
        let mut at = Some(token);
        let mut touched = Vec::new();
        for _ in 0..=self.recent_writes.len() {
            if at == self.seen_token {
                touched.sort_unstable();
                touched.dedup();
                return Some(touched);
            }
            let step = self.recent_writes.iter().find(|w| w.from == at && at.is_some())?;
            touched.extend(step.touched.as_ref()?.iter().copied());
            at = step.to;
        }
        None
    }
}

/// One open database and what lives as long as it. Cloning is cheap: clones share everything.
#[derive(Clone)]
pub struct Service {
    inner: Arc<Inner>,
}

struct Inner {
    db_path: Option<PathBuf>,
    /// The open store, or why it could not open. Replaced when a locked database is unlocked.
    slot: RwLock<Result<Shared, Failure>>,
    keychain: SharedKeychain,
    listeners: RwLock<Vec<Listener>>,
    /// The latest check of the database file ([`health`]).
    health: health::HealthState,
    /// Where the window's first views are kept between runs ([`kept`]), when they are.
    kept_file: OnceLock<PathBuf>,
    /// How many warm-ups run ([`kept`]), and the signal that one ended or installed a part.
    warming: (Mutex<usize>, Condvar),
    /// Changes so far, so that a warm-up after a change runs only for the last of a row.
    changes: std::sync::atomic::AtomicU64,
    /// Warm-ups at the usual priority asked for so far: one at a lower priority makes way ([`kept`]).
    full_warm_ups: std::sync::atomic::AtomicU64,
    /// Held by the warm-up that measures ([`kept`]): one at a time.
    measuring: Mutex<()>,
    /// What recent deletes removed, by undo token ([`corrections`]): the window sends the token back.
    undo: Mutex<corrections::UndoShelf>,
    /// The search indexing started after the last swap of the database ([`search`]).
    indexing: Mutex<Option<search::Indexing>>,
    /// Between the connections opened beside the lock and the swaps of the file ([`gate`]).
    swap_gate: gate::SwapGate,
}

/// What a caller needs to know before it shows anything.
#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub app_version: &'static str,
    /// The database file; `None` when no path could be found or the store is in memory.
    pub db_path: Option<String>,
    /// The same, with the home directory written `~`, for people to read.
    pub db_path_display: Option<String>,
    pub schema_version: Option<i64>,
    pub supported_schema_version: i64,
    /// No contact yet: the window shows its first-run screen.
    pub empty: bool,
    /// Why the database could not be opened; every other call fails with this same error.
    pub open_error: Option<Failure>,
}

impl Service {
    /// Opens (creating and migrating as needed) the database at `path`. An encrypted one opens
    /// with its key from `keychain`; without it, every call answers `locked` with the message
    /// that says how to unlock it, until [`Service::unlock`] is given the passphrase.
    pub fn open_with_keychain(path: &Path, keychain: SharedKeychain) -> Service {
        let store = Store::open_with_key(path, &*keychain, None).map(share).map_err(Failure::from);
        Service::new(Some(path.to_path_buf()), store, keychain)
    }

    /// As [`Service::open_with_keychain`], with the OS keychain (see [`encryption::default_keychain`]).
    pub fn open(path: &Path) -> Service {
        Service::open_with_keychain(path, encryption::default_keychain())
    }

    /// Opens the database the app and the CLI share: `RAPPORT_DB`, or the OS's app-data directory.
    pub fn open_default() -> Service {
        match db::default_db_path() {
            Ok(path) => Service::open(&path),
            Err(e) => Service::new(None, Err(e.into()), encryption::default_keychain()),
        }
    }

    /// Wraps a store opened elsewhere (in memory, for instance).
    pub fn from_store(store: Store) -> Service {
        let path = store.path().map(Path::to_path_buf);
        Service::new(path, Ok(share(store)), encryption::default_keychain())
    }

    fn new(db_path: Option<PathBuf>, store: Result<Shared, Failure>, keychain: SharedKeychain) -> Service {
        Service {
            inner: Arc::new(Inner {
                db_path,
                slot: RwLock::new(store),
                keychain,
                listeners: RwLock::new(Vec::new()),
                health: Default::default(),
                kept_file: OnceLock::new(),
                warming: (Mutex::new(0), Condvar::new()),
                changes: std::sync::atomic::AtomicU64::new(0),
                full_warm_ups: std::sync::atomic::AtomicU64::new(0),
                measuring: Mutex::new(()),
                undo: Mutex::new(corrections::UndoShelf::default()),
                indexing: Mutex::new(None),
                swap_gate: gate::SwapGate::default(),
            }),
        }
    }

    /// The database file; `None` for an in-memory store or when no path could be found.
    pub fn db_path(&self) -> Option<&Path> {
        self.inner.db_path.as_deref()
    }

    /// Calls `listener` after every change: this process's writes and other programs'.
    pub fn on_change(&self, listener: impl Fn(&Changed) + Send + Sync + 'static) {
        self.inner.listeners.write().unwrap_or_else(|p| p.into_inner()).push(Arc::new(listener));
    }

    fn notify(&self, changed: &Changed) {
        let listeners = self.inner.listeners.read().unwrap_or_else(|p| p.into_inner()).clone();
        for listener in listeners {
            listener(changed);
        }
    }

    /// The store as it is now, or the error that keeps it closed.
    fn shared(&self) -> Result<Shared> {
        self.inner.slot.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Runs `work` on the open store under the lock, with a panic turned into an `internal`
    /// failure after rolling back whatever it left open. Another program's writes are noticed
    /// first, so `work` never sees a cache older than the data.
    #[track_caller]
    fn with_open<T>(&self, work: impl FnOnce(&mut Open) -> Result<T>) -> Result<T> {
        let shared = self.shared()?;
        let caller = std::panic::Location::caller();
        let asked = Instant::now();
        let (result, external) = {
            // A poisoned lock only means an earlier call panicked while holding it; the store
            // itself is still sound (see `Store::rollback_if_open`), so carry on with it.
            let mut guard = shared.lock().unwrap_or_else(|p| p.into_inner());
            let locked = Instant::now();
            let _timed = timing::OnDrop(|| timing::locked(caller, locked - asked, locked.elapsed()));
            let Some(open) = guard.as_mut() else { return Err(Failure::closed()) };
            let external = open.notice_other_writers();
            let result = match catch_unwind(AssertUnwindSafe(|| work(open))) {
                Ok(result) => result,
                Err(panic) => {
                    open.store.rollback_if_open();
                    open.forget_measures();
                    Err(Failure::internal(format!(
                        "Rapport hit an internal error and did not finish this action ({}); nothing was saved",
                        panic_text(&*panic)
                    )))
                }
            };
            (result, external)
        };
        if external {
            self.notify(&Changed { change: Change::Everything, external: true });
            self.warm_up_after_change();
        }
        result
    }

    /// Follows this process's writes in the live dashboard ([`live`]) and puts it together again
    /// from a snapshot of its parts without holding the lock: run right after a write, off the
    /// window's way, so that the window's calls after the write need not wait for it and the
    /// dashboard is ready when the window comes back to it. A write followed meanwhile leaves
    /// the result unused (the next look or follow puts the dashboard together again).
    pub(crate) fn follow_writes_now(&self) {
        let snapshot = self.with_open(|open| {
            open.follow_pending();
            Ok(open.live.as_ref().filter(|live| !live.assembled()).map(live::LiveDashboard::snapshot))
        });
        let Ok(Some(snapshot)) = snapshot else { return };
        let started = Instant::now();
        let dashboard = snapshot.dashboard();
        timing::part("the live dashboard put together after a write", started);
        let _ = self.with_open(|open| {
            if open.live.as_mut().is_some_and(|live| live.assembled_from(&snapshot)) {
                open.install_live_dashboard(dashboard);
            }
            Ok(())
        });
        // A look at the dashboard may be waiting for it.
        self.inner.warming.1.notify_all();
    }

    /// Runs `work`, which only reads, on the store.
    #[track_caller]
    pub fn read<T>(&self, work: impl FnOnce(&Store) -> rapport_core::Result<T>) -> Result<T> {
        self.with_open(|open| work(&open.store).map_err(Failure::from))
    }

    /// Runs `work` with the directory of every contact's measures, building it first when there
    /// is none or it is older than today's measures allow.
    #[track_caller]
    pub fn read_with_directory<T>(
        &self,
        work: impl FnOnce(&Store, &Directory) -> rapport_core::Result<T>,
    ) -> Result<T> {
        if !self.with_open(|open| Ok(open.fresh_directory().is_some()))? {
            self.wait_for_warm_up(|open| open.fresh_directory().is_some());
        }
        self.with_open(|open| {
            let directory = match open.fresh_directory() {
                Some(d) => d,
                None => {
                    let d = Arc::new(Directory::build(&open.store, chrono::Utc::now().timestamp())?);
                    open.directory = Some((Instant::now(), Arc::clone(&d)));
                    d
                }
            };
            work(&open.store, &directory).map_err(Failure::from)
        })
    }

    /// Runs a write; `work` returns its value and what it changed. On success the caches follow
    /// the change, then the listeners hear of it. A failed write wrote nothing, and says nothing.
    #[track_caller]
    pub fn write<T>(&self, work: impl FnOnce(&mut Store) -> rapport_core::Result<(T, Change)>) -> Result<T> {
        let (value, change) = self.with_open(|open| {
            let (value, change) = work(&mut open.store)?;
            open.apply(&change);
            Ok((value, change))
        })?;
        let few_contacts = matches!(change, Change::Contacts(_));
        self.notify(&Changed { change, external: false });
        if few_contacts {
            self.warm_up_after_contacts_change();
        } else {
            self.warm_up_after_change();
        }
        Ok(value)
    }

    /// A write that may change anything (settings, a merge, an import, a restore).
    #[track_caller]
    pub fn write_all<T>(&self, work: impl FnOnce(&mut Store) -> rapport_core::Result<T>) -> Result<T> {
        self.write(|s| Ok((work(s)?, Change::Everything)))
    }

    /// Looks for another program's writes now; when there were some, the caches are dropped and
    /// the listeners told. Never waits: when a call holds the store, that call looks instead.
    pub fn check_other_writers(&self) {
        let Ok(shared) = self.shared() else { return };
        let external = match shared.try_lock() {
            Ok(mut guard) => guard.as_mut().is_some_and(Open::notice_other_writers),
            Err(_) => false,
        };
        if external {
            self.notify(&Changed { change: Change::Everything, external: true });
            self.warm_up_after_change();
        }
    }

    /// Checks for other programs' writes every [`WATCH_INTERVAL`] on a thread of its own, so an
    /// open window shows a CLI write within a second. The thread ends with the process.
    pub fn watch_other_writers(&self) {
        let weak = Arc::downgrade(&self.inner);
        std::thread::spawn(move || loop {
            std::thread::sleep(WATCH_INTERVAL);
            let Some(inner) = weak.upgrade() else { return };
            Service { inner }.check_other_writers();
        });
    }

    /// What a caller needs before it draws anything; the open error, if any, in `open_error`.
    pub fn info(&self) -> Result<AppInfo> {
        let path = self.db_path();
        let mut info = AppInfo {
            app_version: env!("CARGO_PKG_VERSION"),
            db_path: path.map(|p| p.display().to_string()),
            db_path_display: path.map(|p| display_path(p, home_dir().as_deref())),
            schema_version: None,
            supported_schema_version: db::latest_schema_version(),
            empty: false,
            open_error: None,
        };
        match self.shared() {
            Err(e) => info.open_error = Some(e),
            Ok(_) => {
                let (version, empty) = self.read(|s| Ok((s.schema_version()?, s.is_empty()?)))?;
                info.schema_version = Some(version);
                info.empty = empty;
            }
        }
        Ok(info)
    }
}

fn share(store: Store) -> Shared {
    Arc::new(Mutex::new(Some(Open::new(store))))
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        String::from("unknown panic")
    }
}

pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// `/home/ana/.local/share/x.db` → `~/.local/share/x.db`; any other path as it is.
pub fn display_path(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|h| path.strip_prefix(h).ok()) {
        Some(rest) => Path::new("~").join(rest).display().to_string(),
        None => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_under_home_is_shown_from_tilde() {
        let home = Path::new("/home/ana");
        assert_eq!(
            display_path(Path::new("/home/ana/.local/share/org.rapport.desktop/rapport.db"), Some(home)),
            "~/.local/share/org.rapport.desktop/rapport.db"
        );
        assert_eq!(display_path(Path::new("/tmp/rapport.db"), Some(home)), "/tmp/rapport.db");
        assert_eq!(display_path(Path::new("/home/anabel/x.db"), Some(home)), "/home/anabel/x.db");
        assert_eq!(display_path(Path::new("/tmp/rapport.db"), None), "/tmp/rapport.db");
    }
}
