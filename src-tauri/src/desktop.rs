//! At home on the desktop: the native dialogs, "Show in folder", the window kept where the user
//! left it, one window per database, and the app's log.
//!
//! The page never names a path. A Save or Open dialog is shown by the shell, which then writes or
//! reads the file the user chose; a saved file is remembered under a number, and "Show in folder"
//! names that number. So the dialog and opener plugins grant the page nothing: their own commands
//! stay out of the capability (tests/security.rs checks they are refused).
//!
//! Test seam: a WebDriver test cannot click a native dialog. In debug builds only, when
//! `RAPPORT_E2E_DIALOG` names a file, the shell shows no dialog and takes the user's answer from
//! that file instead (see [`Dialogs::Answers`]); "Show in folder" then appends the path it would
//! show to `<that file>.revealed`. A release build ignores the variable.
//!
//! Likewise, `RAPPORT_E2E_HOLD_WARM_UP` names a file that, while it exists, holds back the
//! start's warm-up ([`after_hold`]): a test can look at the window on the views kept from the
//! last run for as long as it needs, rather than race the second or so the warm-up takes.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rapport_core::{Error, Reason};
use rapport_service::backups::BackupFailed;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::error::CommandError;

/// The event the window hears when a day's automatic backup failed (payload: [`BackupFailed`]).
pub const BACKUP_FAILED_EVENT: &str = "backup-failed";

/// The file of the app's log, in the OS's log folder for the app.
pub const LOG_FILE: &str = "rapport.log";

/// How the shell asks the user for a file.
#[derive(Debug, Clone)]
pub enum Dialogs {
    /// The system's own Save and Open dialogs (tauri-plugin-dialog).
    Native,
    /// No dialog: the answer is read from this file when the dialog would open. Its first line
    /// is the path the user picks; for a Save, a folder means "the proposed name in that folder"
    /// and no file (or an empty one) means "the proposed name, as proposed"; `cancel`, or no
    /// file for an Open, is the user pressing Cancel. For tests only.
    Answers(PathBuf),
}

impl Dialogs {
    /// The native dialogs; in a debug build, the answers of `RAPPORT_E2E_DIALOG` when it is set.
    pub fn from_env() -> Dialogs {
        #[cfg(debug_assertions)]
        if let Some(file) = std::env::var_os("RAPPORT_E2E_DIALOG").filter(|f| !f.is_empty()) {
            return Dialogs::Answers(file.into());
        }
        Dialogs::Native
    }

    fn answer(file: &Path) -> Option<String> {
        let text = std::fs::read_to_string(file).ok()?;
        Some(text.lines().next().unwrap_or("").trim().to_owned())
    }

    /// Asks where to save a file, proposing `name` in `folder`. `None`: the user cancelled.
    pub(crate) fn save<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        folder: &Path,
        name: &str,
        filter: Option<(&str, &[&str])>,
    ) -> Option<PathBuf> {
        match self {
            Dialogs::Native => {
                use tauri_plugin_dialog::DialogExt;
                let mut dialog = app.dialog().file().set_directory(folder).set_file_name(name);
                if let Some((label, extensions)) = filter {
                    dialog = dialog.add_filter(label, extensions);
                }
                if let Some(window) = app.get_webview_window("main") {
                    dialog = dialog.set_parent(&window);
                }
                dialog.blocking_save_file()?.into_path().ok()
            }
            Dialogs::Answers(file) => match Dialogs::answer(file).as_deref() {
                // As a user who makes the proposed folder in the dialog, then saves.
                None | Some("") => std::fs::create_dir_all(folder).ok().map(|()| folder.join(name)),
                Some("cancel") => None,
                Some(path) if Path::new(path).is_dir() => Some(Path::new(path).join(name)),
                Some(path) => Some(path.into()),
            },
        }
    }

    /// Asks for a file to open (one of `extensions`), or a folder when `folder`. `None`: the user
    /// cancelled.
    pub(crate) fn open<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        label: &str,
        extensions: &[&str],
        folder: bool,
    ) -> Option<PathBuf> {
        match self {
            Dialogs::Native => {
                use tauri_plugin_dialog::DialogExt;
                let mut dialog = app.dialog().file();
                if !folder {
                    dialog = dialog.add_filter(label, extensions);
                }
                if let Some(window) = app.get_webview_window("main") {
                    dialog = dialog.set_parent(&window);
                }
                let picked = if folder { dialog.blocking_pick_folder() } else { dialog.blocking_pick_file() };
                picked?.into_path().ok()
            }
            Dialogs::Answers(file) => match Dialogs::answer(file).as_deref() {
                None | Some("") | Some("cancel") => None,
                Some(path) => Some(path.into()),
            },
        }
    }

    /// Shows `path` selected in the system's file manager.
    fn reveal<R: Runtime>(&self, app: &AppHandle<R>, path: &Path) -> Result<(), String> {
        match self {
            Dialogs::Native => {
                use tauri_plugin_opener::OpenerExt;
                app.opener().reveal_item_in_dir(path).map_err(|e| e.to_string())
            }
            Dialogs::Answers(file) => {
                let mut log = file.as_os_str().to_owned();
                log.push(".revealed");
                let mut out =
                    std::fs::OpenOptions::new().create(true).append(true).open(log).map_err(|e| e.to_string())?;
                writeln!(out, "{}", path.display()).map_err(|e| e.to_string())
            }
        }
    }
}

/// The files the shell wrote for the user in this run, by number: what "Show in folder" may show.
#[derive(Default)]
pub struct Saved {
    next: AtomicU64,
    paths: Mutex<HashMap<u64, PathBuf>>,
}

impl Saved {
    /// Remembers `path`; the number is what the page passes to [`show_in_folder`].
    pub(crate) fn remember(&self, path: PathBuf) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).insert(id, path);
        id
    }
}

/// A file the shell wrote where the user chose, with the number that shows it in its folder.
#[derive(Debug, Serialize)]
pub struct Placed<T: Serialize> {
    #[serde(flatten)]
    pub file: T,
    pub reveal: u64,
}

/// Shows a file this window saved (an export, a chart, a calendar, a backup) in the system's file
/// manager, selected. `saved` is the number its save returned: the page never names a path.
#[tauri::command]
pub async fn show_in_folder<R: Runtime>(
    app: AppHandle<R>,
    dialogs: State<'_, Dialogs>,
    saved: State<'_, Saved>,
    file: u64,
) -> Result<(), CommandError> {
    let path = saved.paths.lock().unwrap_or_else(|e| e.into_inner()).get(&file).cloned();
    let path = path.ok_or_else(|| Error::NoMatch(Reason::NoSavedFile { id: file }))?;
    let dialogs = dialogs.inner().clone();
    tauri::async_runtime::spawn_blocking(move || dialogs.reveal(&app, &path))
        .await
        .map_err(|e| CommandError::internal(format!("the background task failed: {e}")))?
        .map_err(|e| CommandError::internal(format!("the file manager could not show the file: {e}")))
}

/// Runs a dialog off the async runtime's threads (a native dialog blocks until answered).
pub(crate) async fn ask<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| CommandError::internal(format!("the background task failed: {e}")))
}

/// Appends one line to the app's log (`rapport.log` in the OS's log folder for the app) and
/// returns the log's path. A log that cannot be written is said on stderr: the window's notice
/// still shows.
pub fn log_line<R: Runtime>(app: &AppHandle<R>, line: &str) -> Option<PathBuf> {
    let written = app.path().app_log_dir().map_err(|e| e.to_string()).and_then(|dir| {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(LOG_FILE);
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(|e| e.to_string())?;
        writeln!(file, "{line}").map_err(|e| e.to_string())?;
        Ok(path)
    });
    written.map_err(|e| eprintln!("rapport-app: could not write the log ({e}): {line}")).ok()
}

/// What the window hears when a day's backup failed: why, and the log that keeps the line.
#[derive(Debug, Clone, Serialize)]
pub struct BackupFailedNotice<'a> {
    #[serde(flatten)]
    pub failed: &'a BackupFailed,
    /// The log's path as the user would write it (`~/...`); `None` when it could not be written.
    pub log: Option<String>,
}

/// What the window and the log get when a day's backup fails: never silent.
pub fn report_backup_failure<R: Runtime>(app: &AppHandle<R>, failed: &BackupFailed) {
    let log = log_line(app, &failed.log_line());
    let log = log.map(|p| rapport_service::display_path(&p, rapport_service::home_dir().as_deref()));
    let _ = app.emit(BACKUP_FAILED_EVENT, BackupFailedNotice { failed, log });
}

/// The plugins of the real window that the tests' mock app can share: the window's size and
/// position kept across launches, the native dialogs, the file manager's "show", the system's
/// notifications (notify.rs). None of their commands is granted to the page.
pub fn with_desktop_plugins<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_window_state::Builder::new().with_state_flags(WINDOW_STATE).build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .on_window_event(|window, event| {
            if matches!(event, tauri::WindowEvent::Resized(_) | tauri::WindowEvent::Moved(_)) {
                save_window_state_soon(window.app_handle());
            }
        })
}

/// What the window keeps: not VISIBLE or DECORATIONS (a window kept hidden or bare would look
/// broken).
const WINDOW_STATE: tauri_plugin_window_state::StateFlags = tauri_plugin_window_state::StateFlags::SIZE
    .union(tauri_plugin_window_state::StateFlags::POSITION)
    .union(tauri_plugin_window_state::StateFlags::MAXIMIZED);

/// The plugin writes the window's state when the app exits; it is also written a second after
/// the user stops resizing or moving the window, so that an app that is killed (a crash, a
/// logout) still opens where it was left.
fn save_window_state_soon<R: Runtime>(app: &AppHandle<R>) {
    static LATEST: AtomicU64 = AtomicU64::new(0);
    let this = LATEST.fetch_add(1, Ordering::Relaxed) + 1;
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if LATEST.load(Ordering::Relaxed) == this {
            // On the main thread: the plugin's save holds its lock while it asks the window for
            // its state, which from another thread is a message the main thread must answer; a
            // resize the main thread was handling meanwhile waited for that lock, and the window
            // froze for good (seen in an e2e run resizing the window, session 11). On the main
            // thread the window answers at once and no event is handled during the save.
            let handle = app.clone();
            let _ = app.run_on_main_thread(move || {
                use tauri_plugin_window_state::AppHandleExt;
                if let Err(e) = handle.save_window_state(WINDOW_STATE) {
                    eprintln!("rapport-app: could not keep the window's size and position: {e}");
                }
            });
        }
    });
}

/// The file whose presence holds back the start's warm-up: `RAPPORT_E2E_HOLD_WARM_UP`, in a debug
/// build only (see the module's notes).
pub fn warm_up_hold_from_env() -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(file) = std::env::var_os("RAPPORT_E2E_HOLD_WARM_UP").filter(|f| !f.is_empty()) {
        return Some(file.into());
    }
    None
}

/// Runs `start` now, or, when `hold` names a file that exists, on a thread of its own once that
/// file is gone. For tests only (see the module's notes).
pub fn after_hold(hold: Option<PathBuf>, start: impl FnOnce() + Send + 'static) {
    let Some(file) = hold.filter(|f| f.exists()) else { return start() };
    std::thread::spawn(move || {
        while file.exists() {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        start();
    });
}

/// One window per database: a second launch on the same database brings the running window to
/// the front and exits. Another database (`RAPPORT_DB`) is another instance, so the name the
/// running app holds on the session bus is made from the database's path. The database keeps its
/// own guard too (SQLite's locks, WAL), for the CLI and other programs.
pub fn single_instance<R: Runtime>(db_path: Option<&Path>) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(db_path))
        .callback(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        })
        .build()
}

/// `org.rapport.desktop.db<hash of the database's path>`: a valid bus name, the same for every
/// launch on one database.
pub fn instance_id(db_path: Option<&Path>) -> String {
    let path = db_path.map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()));
    // FNV-1a: stable across builds and runs (std's hasher is not promised to be).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.as_deref().map(|p| p.as_os_str().as_encoded_bytes()).unwrap_or_default() {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("org.rapport.desktop.db{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::after_hold;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_held_start_waits_until_the_hold_file_is_gone() {
        let dir = std::env::temp_dir().join(format!("rapport-hold-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let hold = dir.join("hold");
        std::fs::write(&hold, "").unwrap();
        let (started, heard) = mpsc::channel();
        after_hold(Some(hold.clone()), move || started.send(()).unwrap());
        assert!(heard.recv_timeout(Duration::from_millis(300)).is_err(), "it started while held");
        std::fs::remove_file(&hold).unwrap();
        heard.recv_timeout(Duration::from_secs(10)).expect("it starts once the file is gone");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unheld_start_runs_at_once() {
        let (started, heard) = mpsc::channel();
        after_hold(None, move || started.send(()).unwrap());
        after_hold(Some(std::env::temp_dir().join("rapport-no-such-hold-file")), move || {});
        heard.try_recv().expect("it ran before after_hold returned");
    }
}
