//! Rapport's desktop window: a thin Tauri shell over the application layer, `rapport-service`.
//!
//! - [`state`]: the service, opened once, and the helper that runs its calls off the UI thread.
//! - [`commands`], [`transfer`]: one async command per call of the service the window uses.
//! - [`error`]: the `{ code, message, key, params }` every failed command returns.
//!
//! After every change to the data (a write from the window, or another program's write noticed
//! by the service) the shell emits one `changed` event to the window, with what changed
//! (`{ "scope": "contacts", "contacts": [ids] }` or `{ "scope": "everything" }`) and whether
//! another program wrote it (`external`).
//!
//! The UI is the static `ui/` folder at the workspace root, embedded at compile time
//! (`build.frontendDist`); it reaches Rust only through `window.__TAURI__.core.invoke`, and only
//! for the commands that `capabilities/main.json` grants. [`build_app`] is generic over the
//! runtime so that the real window and the headless mock runtime of the tests share it.

mod command_names;
mod commands;
mod desktop;
mod error;
mod notify;
mod state;
mod transfer;

pub use command_names::COMMANDS;
pub use desktop::{instance_id, with_desktop_plugins, Dialogs, BACKUP_FAILED_EVENT, LOG_FILE};
pub use error::CommandError;
pub use notify::{
    open_this_week, reminder_tick, start_reminders, Notifier, NOTIFICATION_FAILED_EVENT, OPEN_THIS_WEEK_EVENT,
};
pub use rapport_service::encryption::{EncryptionStatus, MAX_PASSPHRASE_CHARS};
pub use rapport_service::{AppInfo, SharedKeychain};
pub use state::AppState;

use tauri::{Emitter, Manager};

/// The event the window hears after every change to the data.
pub const CHANGED_EVENT: &str = "changed";

/// Gives `builder` the state and the command set, with the native dialogs (or, in a debug build,
/// the answers of `RAPPORT_E2E_DIALOG`: see `desktop.rs`). Adding a command? See `command_names.rs`.
pub fn build_app<R: tauri::Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    build_app_with(builder, state, Dialogs::from_env())
}

/// As [`build_app`], with the given way of asking the user for files (tests answer from a file).
pub fn build_app_with<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: AppState,
    dialogs: Dialogs,
) -> tauri::Builder<R> {
    // No setup hook here: Builder::setup replaces the previous one, so run() sets the only one
    // (it forwards the changes; a second hook set after this one had silently dropped them).
    builder
        .manage(state)
        .manage(transfer::Imports::default())
        .manage(notify::Notifier::for_dialogs(&dialogs))
        .manage(dialogs)
        .manage(desktop::Saved::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_contacts,
            commands::get_contact,
            commands::contact_view,
            commands::add_contact,
            commands::update_contact,
            commands::archive_contact,
            commands::log_interaction,
            commands::reply_candidate,
            commands::list_interactions,
            commands::list_questions,
            commands::answer_question,
            commands::load_demo,
            commands::dashboard,
            commands::contact_measures,
            commands::chart_svg,
            commands::save_chart,
            transfer::import_open,
            transfer::import_email_me,
            transfer::import_start,
            transfer::import_drop,
            transfer::import_preview,
            transfer::import_apply,
            transfer::import_progress,
            transfer::import_cancel,
            transfer::export_data,
            commands::get_model_settings,
            commands::set_model_settings,
            commands::default_model_settings,
            commands::rating_queue,
            commands::rate_contact,
            commands::calibration,
            commands::calibration_status,
            commands::apply_calibration,
            commands::reset_calibration,
            commands::backup_now,
            commands::list_backups,
            commands::restore_backup,
            commands::database_health,
            commands::check_database,
            commands::check_backups,
            commands::contact_page,
            commands::open_loops,
            commands::loops_owed,
            commands::agenda,
            commands::save_agenda_calendar,
            commands::list_circles,
            commands::merge_contacts,
            commands::undo_merge,
            commands::list_value_items,
            commands::list_posts,
            commands::add_post,
            commands::delete_post,
            commands::add_reaction,
            commands::reply_to_comment,
            commands::delete_reaction,
            commands::edit_interaction,
            commands::delete_interaction,
            commands::preview_delete_contact,
            commands::delete_contact,
            commands::undo_delete,
            commands::edit_value_item,
            commands::delete_value_item,
            commands::edit_question,
            commands::delete_question,
            commands::edit_post,
            commands::edit_reaction,
            commands::encryption_status,
            commands::unlock_database,
            commands::enable_encryption,
            desktop::show_in_folder,
            notify::reminder_settings,
            notify::set_reminder_settings,
            notify::send_test_reminder,
        ])
}

/// Sends the window one [`CHANGED_EVENT`] after every change the service announces. run()'s
/// setup hook calls it once the event loop starts (the mock runtime of the tests never starts
/// one, so they call it themselves).
pub fn forward_changes<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    let handle = app.clone();
    app.state::<AppState>().on_change(move |changed| {
        // No window yet, or it is closing: nobody to tell.
        let _ = handle.emit(CHANGED_EVENT, changed);
    });
}

/// The compiled-in configuration, capabilities and `ui/` assets. Generic over the runtime so the
/// headless tests run against the very same window config, CSP and permissions as the real app.
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Opens the default database and runs the window until it is closed.
pub fn run() {
    let mut state = AppState::open_default();
    // What the window opens on, kept from the last run when the data has not changed since
    // (rapport-service's `kept`), then measured again in the background from one load of the data.
    if let Some(dir) = rapport_service::kept::default_dir() {
        state = state.keep_views_in(&dir);
    }
    // A debug build's end-to-end test may hold it back (desktop::after_hold).
    let warming = state.clone();
    desktop::after_hold(desktop::warm_up_hold_from_env(), move || warming.warm_up_in_background());
    // What an import killed during its last step left unindexed for search, on its own
    // connection: the window does not wait for it.
    state.index_owed_search_in_background();
    let db_path = state.db_path().map(std::path::Path::to_path_buf);
    // The quick check of the database, once the dashboard is drawn, on its own read-only connection.
    state.start_health_check(rapport_service::health::CHECK_DELAY);
    // A write from the CLI while the window is open shows within a second.
    state.watch_other_writers();
    // First, so that a second launch on the same database hands over before anything opens.
    let builder = tauri::Builder::default().plugin(desktop::single_instance(db_path.as_deref()));
    let backups = state.clone();
    let app = with_desktop_plugins(build_app(builder, state)).setup(move |app| {
        // The window redraws from these events; without them it only caught up after 1.5 s
        // (api.js's grace) and never saw another program's writes.
        forward_changes(app.handle());
        // The day's automatic backup, on its own connection in the background (checked again
        // every hour): the window does not wait for it, and WAL lets it copy while the user
        // writes. A failure shows in the window and goes to the app's log.
        let handle = app.handle().clone();
        backups.keep_daily_backups_reporting(move |failed| desktop::report_backup_failure(&handle, failed));
        // The daily summary of This week, when the user switched it on (notify.rs).
        notify::start_reminders(app.handle());
        Ok(())
    });
    if let Err(e) = app.run(context()) {
        eprintln!("rapport-app: could not start the window: {e}");
        std::process::exit(1);
    }
}
