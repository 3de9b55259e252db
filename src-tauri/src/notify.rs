//! The daily reminder on the desktop: a timer asks the service once a minute whether This week's
//! summary is due (rapport-service's `reminders`: the schedule, the words, the day kept), sends it
//! as a system notification, and a click on it brings the window to the front on This week.
//!
//! Sending goes through tauri-plugin-notification, which also reports a click on the notification
//! (`tap`; on Linux and the BSDs the Desktop Notifications "default" action). The page is granted
//! none of the plugin's commands: it asks the shell through the commands below. On Linux and the
//! BSDs the plugin says nothing when no notification service answers on the session bus, so the
//! shell asks the service first: a notification that cannot show is a notice in the window and a
//! line in the app's log, never silent.
//!
//! Test seam: when the dialogs answer from a file (`RAPPORT_E2E_DIALOG`, debug builds only; see
//! `desktop.rs`), no notification is sent: each one is appended to `<that file>.notifications`
//! (one JSON line: title and body), a file `<that file>.click` is a click on the last one (taken
//! at the next tick), a file `<that file>.blocked` is a system that blocks notifications, and a
//! file `<that file>.slow` is a system that takes 30 s to say whether it shows them.
//! The timer then ticks every half second.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rapport_core::charts::Lang;
use rapport_core::{Error, Reason};
use rapport_service::reminders::{self, ReminderSettings, ReminderState};
use rapport_service::Failure;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use crate::desktop::{ask, log_line, Dialogs};
use crate::error::CommandError;
use crate::state::{call, AppState};

/// The event that shows This week (a click on the notification).
pub const OPEN_THIS_WEEK_EVENT: &str = "open-this-week";
/// The event the window hears when a notification could not be shown: [`NotificationFailed`].
pub const NOTIFICATION_FAILED_EVENT: &str = "notification-failed";

/// How often the timer asks: the summary goes within a minute of the chosen time.
const TICK: Duration = Duration::from_secs(60);
/// In the test seam, so an end-to-end test does not wait a minute.
const RECORDED_TICK: Duration = Duration::from_millis(500);
/// How long Settings waits to hear whether the system shows notifications. A session bus with no
/// notification service can keep the question for about 25 s (D-Bus activation's timeout).
const PERMISSION_WAIT: Duration = Duration::from_secs(2);
/// The test seam's slow system (`.slow`): longer than [`PERMISSION_WAIT`].
const RECORDED_SLOW: Duration = Duration::from_secs(30);

/// How the shell shows a notification.
#[derive(Debug, Clone)]
pub enum Notifier {
    /// The system's own notifications (tauri-plugin-notification).
    Native,
    /// Written to files beside this one instead (see the module's doc). For tests only.
    Recorded(PathBuf),
}

/// Whether the system lets the app show notifications, as far as it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    Granted,
    /// No notification will show (no notification service, or the system refuses them).
    Blocked,
    /// The system will ask the user at the first notification.
    Ask,
    /// The system did not say in time (see [`PERMISSION_WAIT`]); a failed send is still reported.
    Unknown,
}

impl Notifier {
    /// The system's notifications, unless the dialogs answer from a file (the test seam).
    pub fn for_dialogs(dialogs: &Dialogs) -> Notifier {
        match dialogs {
            Dialogs::Native => Notifier::Native,
            Dialogs::Answers(file) => Notifier::Recorded(file.clone()),
        }
    }

    fn beside(file: &Path, suffix: &str) -> PathBuf {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        name.into()
    }

    /// Asks the system, waiting at most [`PERMISSION_WAIT`] (the question goes on in the
    /// background and its answer is dropped); on Linux and the BSDs, a call on the session bus.
    pub fn permission<R: Runtime>(&self, app: &AppHandle<R>) -> Permission {
        let (answer, answered) = std::sync::mpsc::channel();
        let (notifier, app) = (self.clone(), app.clone());
        std::thread::spawn(move || {
            let _ = answer.send(notifier.ask_permission(&app));
        });
        answered.recv_timeout(PERMISSION_WAIT).unwrap_or(Permission::Unknown)
    }

    fn ask_permission<R: Runtime>(&self, app: &AppHandle<R>) -> Permission {
        match self {
            Notifier::Recorded(file) => {
                if Notifier::beside(file, ".slow").exists() {
                    std::thread::sleep(RECORDED_SLOW);
                }
                if Notifier::beside(file, ".blocked").exists() {
                    Permission::Blocked
                } else {
                    Permission::Granted
                }
            }
            Notifier::Native => native_permission(app),
        }
    }

    /// Shows one notification; the error says why it could not.
    pub fn send<R: Runtime>(&self, app: &AppHandle<R>, title: &str, body: &str) -> Result<(), String> {
        match self {
            Notifier::Recorded(file) => {
                if Notifier::beside(file, ".blocked").exists() {
                    return Err("notifications are blocked by the system".into());
                }
                let line = serde_json::json!({ "title": title, "body": body }).to_string();
                let mut out = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(Notifier::beside(file, ".notifications"))
                    .map_err(|e| e.to_string())?;
                writeln!(out, "{line}").map_err(|e| e.to_string())
            }
            Notifier::Native => {
                #[cfg(all(unix, not(target_os = "macos")))]
                notify_rust::get_server_information()
                    .map_err(|e| format!("no notification service answered on the session bus: {e}"))?;
                use tauri_plugin_notification::NotificationExt;
                app.notification().builder().title(title).body(body).show().map_err(|e| e.to_string())
            }
        }
    }

    /// The test seam's click, once.
    fn take_click(&self) -> bool {
        match self {
            Notifier::Recorded(file) => std::fs::remove_file(Notifier::beside(file, ".click")).is_ok(),
            Notifier::Native => false,
        }
    }

    fn tick_every(&self) -> Duration {
        match self {
            Notifier::Recorded(_) => RECORDED_TICK,
            Notifier::Native => TICK,
        }
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn native_permission<R: Runtime>(_app: &AppHandle<R>) -> Permission {
    // Nothing on Linux asks the user: a notification shows when a service answers on the bus.
    match notify_rust::get_server_information() {
        Ok(_) => Permission::Granted,
        Err(_) => Permission::Blocked,
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn native_permission<R: Runtime>(app: &AppHandle<R>) -> Permission {
    use tauri::plugin::PermissionState;
    use tauri_plugin_notification::NotificationExt;
    match app.notification().permission_state() {
        Ok(PermissionState::Granted) => Permission::Granted,
        Ok(PermissionState::Denied) | Err(_) => Permission::Blocked,
        Ok(_) => Permission::Ask,
    }
}

/// What the window hears when a notification could not be shown: why (core's reason, which the
/// window words in its language), and the log that keeps the line.
#[derive(Debug, Clone, Serialize)]
pub struct NotificationFailed {
    pub failure: Failure,
    /// The log's path as the user would write it (`~/...`); `None` when it could not be written.
    pub log: Option<String>,
}

fn failure(detail: &str) -> Failure {
    Failure::from(Error::BadInput(Reason::NotificationFailed { detail: detail.to_owned() }))
}

/// A notification that could not be shown: a line in the app's log and a notice in the window.
pub fn report_failure<R: Runtime>(app: &AppHandle<R>, detail: &str) -> Failure {
    let failure = failure(detail);
    let line = format!("{} {}", chrono::Utc::now().to_rfc3339(), failure.message);
    let log = log_line(app, &line);
    let log = log.map(|p| rapport_service::display_path(&p, rapport_service::home_dir().as_deref()));
    let _ = app.emit(NOTIFICATION_FAILED_EVENT, NotificationFailed { failure: failure.clone(), log });
    failure
}

/// A click on the notification: the window to the front, on This week.
pub fn open_this_week<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    let _ = app.emit(OPEN_THIS_WEEK_EVENT, ());
}

/// One look of the timer: a click of the test seam, then the summary if it is due now.
pub fn reminder_tick<R: Runtime>(app: &AppHandle<R>) {
    let notifier = app.state::<Notifier>().inner().clone();
    if notifier.take_click() {
        open_this_week(app);
    }
    match app.state::<AppState>().reminder_due(chrono::Local::now().naive_local()) {
        Ok(Some((lang, words))) => {
            if let Err(e) = notifier.send(app, reminders::title(lang), &words) {
                report_failure(app, &e);
            }
        }
        Ok(None) => {}
        // A locked or unreadable database says so in the window already; the next tick asks again.
        Err(e) => eprintln!("rapport-app: the daily reminder could not read the database: {e}"),
    }
}

/// Starts the timer on a thread of its own, after telling the plugin what a click does. The
/// thread ends with the process.
pub fn start_reminders<R: Runtime>(app: &AppHandle<R>) {
    let notifier = app.state::<Notifier>().inner().clone();
    if let Notifier::Native = notifier {
        use tauri_plugin_notification::NotificationExt;
        let handle = app.clone();
        // Only the reminder is ever sent, so any click on one of the app's notifications is it.
        let _ = app.notification().on_action(move |performed| {
            if performed.action_id() == "tap" {
                open_this_week(&handle);
            }
        });
    }
    let app = app.clone();
    std::thread::spawn(move || loop {
        reminder_tick(&app);
        std::thread::sleep(notifier.tick_every());
    });
}

/// The reminder's settings as the window shows them, with what the system allows.
#[derive(Debug, Serialize)]
pub struct ReminderView {
    #[serde(flatten)]
    pub state: ReminderState,
    pub permission: Permission,
}

fn view<R: Runtime>(app: &AppHandle<R>, notifier: &Notifier, state: ReminderState) -> ReminderView {
    ReminderView { state, permission: notifier.permission(app) }
}

/// The daily reminder's settings: on or off, the time, the language, the last day, the permission.
#[tauri::command]
pub async fn reminder_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    notifier: State<'_, Notifier>,
) -> Result<ReminderView, CommandError> {
    let reminder = call(&state, |s| s.reminder_state()).await?;
    let notifier = notifier.inner().clone();
    ask(move || view(&app, &notifier, reminder)).await
}

/// Keeps the user's choice (`{ on, time: "HH:MM", lang }`); a bad time is refused, nothing written.
#[tauri::command]
pub async fn set_reminder_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    notifier: State<'_, Notifier>,
    settings: ReminderSettings,
) -> Result<ReminderView, CommandError> {
    let reminder = call(&state, move |s| s.set_reminder_settings(&settings)).await?;
    let notifier = notifier.inner().clone();
    ask(move || view(&app, &notifier, reminder)).await
}

/// Sends the summary now, in `lang`, whatever the schedule (Settings' "Send a test"). It does not
/// count as the day's summary. A failure is logged and answered.
#[tauri::command]
pub async fn send_test_reminder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    notifier: State<'_, Notifier>,
    lang: Lang,
) -> Result<(), CommandError> {
    let today = chrono::Local::now().date_naive();
    let words = call(&state, move |s| s.reminder_preview(today, lang)).await?;
    let notifier = notifier.inner().clone();
    ask(move || {
        notifier.send(&app, reminders::title(lang), &words).map_err(|e| {
            let failure = failure(&e);
            let line = format!("{} {}", chrono::Utc::now().to_rfc3339(), failure.message);
            log_line(&app, &line);
            failure
        })
    })
    .await?
}
