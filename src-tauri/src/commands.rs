//! The app's commands: each adapts one call of the application layer
//! ([`rapport_service::Service`]), run off the UI thread by [`call`]. Arguments are core's typed
//! records, so serde rejects a malformed call before it reaches the store, and the store validates
//! the rest (its errors come back as `{ code, message }`). In JavaScript the arguments are named
//! in camelCase (`answeredIn`).
//!
//! Every command here must also be listed in `command_names.rs` and granted in
//! `capabilities/main.json`, or the window refuses it.

use chrono::{DateTime, Utc};
use rapport_core::backup::{BackupInfo, RestoreReport};
use rapport_core::charts::{ChartKind, ChartOptions, Lang, Theme};
use rapport_core::directory::{ContactListQuery, ContactPage, OpenLoops};
use rapport_core::measures::calibrate::{CalibrationRecord, CalibrationStatus};
use rapport_core::measures::{ContactMeasures, ModelSettings};
use rapport_core::store::{InteractionEdit, Merge, PostEdit, QuestionEdit, ReactionEdit, Removed, ValueItemEdit};
use rapport_core::*;
use rapport_service::calibration::{CalibrationView, RatingCandidate};
use rapport_service::encryption::EncryptionStatus;
use rapport_service::files::Destination;
use rapport_service::health::{CheckedBackup, DatabaseHealth};
use rapport_service::threads::ReplyCandidate;
use rapport_service::views::{ContactView, DashboardView, DemoSummary, FileFormat, SavedFile};
use rapport_service::{AppInfo, Deletion, Failure};
use serde::{Deserialize, Serialize};
use std::path::Path;
use tauri::{AppHandle, Runtime, State};

use crate::desktop::{ask, Dialogs, Placed, Saved};
use crate::error::CommandError;
use crate::state::{call, AppState};

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Reply<AppInfo> {
    call(&state, |s| s.info()).await
}

#[tauri::command]
pub async fn list_contacts(state: State<'_, AppState>, query: ContactQuery) -> Reply<Vec<ContactSummary>> {
    call(&state, move |s| s.list_contacts(&query)).await
}

#[tauri::command]
pub async fn get_contact(state: State<'_, AppState>, id: ContactId) -> Reply<Contact> {
    call(&state, move |s| s.contact(id)).await
}

/// The chart a contact's page shows first, asked for with its view: which one, and how to draw it.
#[derive(Debug, Deserialize)]
pub struct PageChart {
    kind: ChartKind,
    theme: Option<Theme>,
    lang: Option<Lang>,
    width: Option<u32>,
    height: Option<u32>,
}

/// A contact's page: the service's view and, when the page asked for it, its chart as SVG text.
#[derive(Debug, Serialize)]
pub struct ContactPageView {
    #[serde(flatten)]
    view: ContactView,
    chart: Option<String>,
    /// Why the chart could not be drawn; the rest of the page still shows.
    chart_error: Option<Failure>,
}

/// Everything a contact's page shows, in one round trip: the contact, their history, open
/// questions, value and measures (or why there are none), and the chart the page opens on. The
/// chart rides along so that a page redrawn after a write costs the window one call, not two.
#[tauri::command]
pub async fn contact_view(
    state: State<'_, AppState>,
    id: ContactId,
    chart: Option<PageChart>,
) -> Reply<ContactPageView> {
    call(&state, move |s| {
        let view = s.contact_view(id)?;
        let drawn = chart.map(|c| {
            let defaults = ChartOptions::new(c.kind, Utc::now().timestamp());
            s.chart_svg(&ChartOptions {
                contact: Some(id),
                theme: c.theme.unwrap_or_default(),
                lang: c.lang.unwrap_or_default(),
                width: c.width.unwrap_or(defaults.width),
                height: c.height.unwrap_or(defaults.height),
                ..defaults
            })
        });
        let (chart, chart_error) = match drawn {
            Some(Ok(svg)) => (Some(svg), None),
            Some(Err(e)) => (None, Some(e)),
            None => (None, None),
        };
        Ok(ContactPageView { view, chart, chart_error })
    })
    .await
}

#[tauri::command]
pub async fn add_contact(state: State<'_, AppState>, fields: ContactFields) -> Reply<Contact> {
    call(&state, move |s| s.add_contact(&fields)).await
}

#[tauri::command]
pub async fn update_contact(state: State<'_, AppState>, id: ContactId, fields: ContactFields) -> Reply<Contact> {
    call(&state, move |s| s.update_contact(id, &fields)).await
}

#[tauri::command]
pub async fn archive_contact(state: State<'_, AppState>, id: ContactId, archived: bool) -> Reply<Contact> {
    call(&state, move |s| s.set_archived(id, archived)).await
}

#[tauri::command]
pub async fn log_interaction(state: State<'_, AppState>, interaction: NewInteraction) -> Reply<Interaction> {
    call(&state, move |s| s.log_interaction(&interaction)).await
}

/// The interaction the quick log offers as "reply to" for a contact: the latest exchange with
/// them still open, or `null`. Called as `invoke("reply_candidate", { contact_id })`.
#[tauri::command(rename_all = "snake_case")]
pub async fn reply_candidate(state: State<'_, AppState>, contact_id: ContactId) -> Reply<Option<ReplyCandidate>> {
    call(&state, move |s| s.reply_candidate(contact_id)).await
}

#[tauri::command]
pub async fn list_interactions(state: State<'_, AppState>, query: InteractionQuery) -> Reply<Vec<Interaction>> {
    call(&state, move |s| s.list_interactions(&query)).await
}

#[tauri::command]
pub async fn list_questions(state: State<'_, AppState>, query: QuestionQuery) -> Reply<Vec<Question>> {
    call(&state, move |s| s.list_questions(&query)).await
}

#[tauri::command]
pub async fn answer_question(
    state: State<'_, AppState>,
    question: QuestionId,
    answered_in: InteractionId,
) -> Reply<Question> {
    call(&state, move |s| s.answer_question(question, answered_in)).await
}

/// Loads the demo network into an empty database; `lang` (`en`, the default, or `fr`) is the
/// language of its words, the window's own.
#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>, lang: Option<Lang>) -> Reply<DemoSummary> {
    call(&state, move |s| s.load_demo(lang.unwrap_or_default())).await
}

/// The dashboard at `at` (now by default), with the names it mentions.
#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>, at: Option<DateTime<Utc>>) -> Reply<DashboardView> {
    call(&state, move |s| s.dashboard_view(at)).await
}

/// One contact's measures now; an archived contact's message says why it has none.
#[tauri::command]
pub async fn contact_measures(state: State<'_, AppState>, id: ContactId) -> Reply<ContactMeasures> {
    call(&state, move |s| s.contact_measures(id)).await
}

/// One chart as SVG text, drawn by core (docs/charts.md); the window shows it as an `<img>` from a
/// data: URL, so no chart markup ever enters the page. `kind` is one of core's `ChartKind`s;
/// `contact` is needed for the contact chart and optional for give/take, follow-through and the
/// calendar; `to` defaults to now; `theme` is `light` or `dark`; `lang` is `en` (the default) or
/// `fr`, the window's language.
// Each argument is one optional key of the window's call; a struct would only nest them.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn chart_svg(
    state: State<'_, AppState>,
    kind: ChartKind,
    contact: Option<ContactId>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    theme: Option<Theme>,
    lang: Option<Lang>,
    width: Option<u32>,
    height: Option<u32>,
) -> Reply<String> {
    let defaults = ChartOptions::new(kind, to.unwrap_or_else(Utc::now).timestamp());
    let options = ChartOptions {
        contact,
        from: from.map(|t| t.timestamp()),
        theme: theme.unwrap_or_default(),
        lang: lang.unwrap_or_default(),
        width: width.unwrap_or(defaults.width),
        height: height.unwrap_or(defaults.height),
        ..defaults
    };
    call(&state, move |s| s.chart_svg(&options)).await
}

/// The folder the Save dialog opens in: `RAPPORT_EXPORT_DIR`, else the Downloads folder, else
/// home. The page never names a path: the user chooses in the dialog.
pub(crate) fn export_dir() -> std::path::PathBuf {
    std::env::var_os("RAPPORT_EXPORT_DIR")
        .filter(|d| !d.is_empty())
        .map(Into::into)
        .or_else(dirs::download_dir)
        .or_else(rapport_service::home_dir)
        .unwrap_or_else(|| ".".into())
}

/// `stem.ext` in `folder`, or `stem (2).ext`...: the first name not taken, which the Save dialog
/// proposes (so accepting it replaces nothing).
pub(crate) fn free_name(folder: &Path, stem: &str, ext: Option<&str>) -> String {
    let name = |n: u32| {
        let stem = if n == 1 { stem.to_owned() } else { format!("{stem} ({n})") };
        ext.map_or(stem.clone(), |ext| format!("{stem}.{ext}"))
    };
    (1..1000).map(name).find(|n| std::fs::symlink_metadata(folder.join(n)).is_err()).unwrap_or_else(|| name(1))
}

/// Saves a chart, as the window shows it, to an SVG or PNG file where the user chooses in the
/// Save dialog, which proposes a name that says what it is (`rapport-index-2026-11-26.svg`);
/// `null` when they cancel.
// Each argument is one optional key of the window's call; a struct would only nest them.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn save_chart<R: Runtime>(
    app: AppHandle<R>,
    dialogs: State<'_, Dialogs>,
    saved: State<'_, Saved>,
    state: State<'_, AppState>,
    kind: ChartKind,
    contact: Option<ContactId>,
    theme: Option<Theme>,
    lang: Option<Lang>,
    format: FileFormat,
) -> Reply<Option<Placed<SavedFile>>> {
    let options = ChartOptions {
        contact,
        theme: theme.unwrap_or_default(),
        lang: lang.unwrap_or_default(),
        ..ChartOptions::new(kind, Utc::now().timestamp())
    };
    // The name says whose chart it is: read before the dialog, which proposes it.
    let name = match contact.filter(|_| kind.takes_contact()) {
        Some(id) => Some(call(&state, move |s| s.contact(id)).await?.fields.display_name),
        None => None,
    };
    let day = DateTime::from_timestamp(options.to, 0).unwrap_or_default().date_naive();
    let folder = export_dir();
    let (ext, label) = match format {
        FileFormat::Svg => ("svg", "SVG"),
        FileFormat::Png => ("png", "PNG"),
    };
    let proposed = free_name(&folder, &rapport_core::charts::file_stem(kind, name.as_deref(), day), Some(ext));
    let dialogs = dialogs.inner().clone();
    let extensions: &'static [&'static str] = if ext == "svg" { &["svg"] } else { &["png"] };
    let Some(path) = ask(move || dialogs.save(&app, &folder, &proposed, Some((label, extensions)))).await? else {
        return Ok(None);
    };
    let to = Destination::Named { path, force: true, field: "file" };
    let file = call(&state, move |s| s.save_chart_to(&options, format, &to)).await?;
    let reveal = saved.remember(file.path.clone().into());
    Ok(Some(Placed { file, reveal }))
}

#[tauri::command]
pub async fn get_model_settings(state: State<'_, AppState>) -> Reply<ModelSettings> {
    call(&state, |s| s.model_settings()).await
}

/// Saves the settings core accepts and returns them as stored; core refuses an invalid value
/// (`invalid`, naming the setting in its message) and then writes nothing.
#[tauri::command]
pub async fn set_model_settings(state: State<'_, AppState>, settings: ModelSettings) -> Reply<ModelSettings> {
    call(&state, move |s| s.set_model_settings(&settings)).await
}

/// Core's defaults, so the settings panel can show and restore them without copying core's numbers.
#[tauri::command]
pub async fn default_model_settings() -> Reply<ModelSettings> {
    Ok(ModelSettings::default())
}

/// The "How close are you?" queue: up to `limit` (default 10) ties worth rating (issue 14).
#[tauri::command]
pub async fn rating_queue(state: State<'_, AppState>, limit: Option<usize>) -> Reply<Vec<RatingCandidate>> {
    let limit = limit.unwrap_or(10).min(100);
    call(&state, move |s| s.rating_queue(limit)).await
}

/// Rates one tie 1 to 5: its closeness, dated now, as the contact form would set it.
#[tauri::command]
pub async fn rate_contact(state: State<'_, AppState>, id: ContactId, closeness: u8) -> Reply<Contact> {
    call(&state, move |s| s.rate_contact(id, closeness)).await
}

/// The calibration: whether strengths are calibrated, the rated count, the cross-validated fit and
/// its chart, predicted against rated, as SVG in `theme` (`light`, the default, or `dark`) and
/// `lang` (`en`, the default, or `fr`).
#[tauri::command]
pub async fn calibration(
    state: State<'_, AppState>,
    theme: Option<Theme>,
    lang: Option<Lang>,
) -> Reply<CalibrationView> {
    call(&state, move |s| s.calibration_view(theme.unwrap_or_default(), lang.unwrap_or_default())).await
}

/// Whether the strengths on screen are calibrated (on how many ratings, since when).
#[tauri::command]
pub async fn calibration_status(state: State<'_, AppState>) -> Reply<CalibrationStatus> {
    call(&state, |s| s.calibration_status()).await
}

/// Stores the fitted weights; refused (`invalid`, nothing written) when they do not beat the
/// defaults out of sample or fewer than 20 ties are rated.
#[tauri::command]
pub async fn apply_calibration(state: State<'_, AppState>) -> Reply<CalibrationRecord> {
    call(&state, |s| s.apply_calibration()).await
}

/// Back to the default strength weights; returns the model's settings as stored.
#[tauri::command]
pub async fn reset_calibration(state: State<'_, AppState>) -> Reply<ModelSettings> {
    call(&state, |s| s.reset_calibration()).await
}

/// Takes a backup now into the `backups/` folder beside the database (kind `manual`, never
/// rotated away); its number shows it in its folder.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>, saved: State<'_, Saved>) -> Reply<Placed<BackupInfo>> {
    let file = call(&state, |s| s.backup_now()).await?;
    let reveal = saved.remember(file.path.clone());
    Ok(Placed { file, reveal })
}

/// The database's backups, newest first (daily, manual and pre-restore).
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Reply<Vec<BackupInfo>> {
    call(&state, |s| s.list_backups()).await
}

/// Replaces the database's content with the backup called `name`, a `name` from
/// [`list_backups`]: the window names a backup, never a path, so it cannot make the app read any
/// other file. The current content is saved as a `pre-restore` backup first.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, name: String) -> Reply<RestoreReport> {
    call(&state, move |s| s.restore_backup(&name)).await
}

/// How long the window's question waits for the check that runs shortly after start.
const HEALTH_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The quick check run shortly after start (waiting for it while it runs); `null` when none ran.
#[tauri::command]
pub async fn database_health(state: State<'_, AppState>) -> Reply<Option<DatabaseHealth>> {
    call(&state, |s| Ok(s.database_health(HEALTH_WAIT))).await
}

/// The quick check again, now: after a restore, the notice of damage goes when it passes.
#[tauri::command]
pub async fn check_database(state: State<'_, AppState>) -> Reply<DatabaseHealth> {
    call(&state, |s| s.check_database(false)).await
}

/// The backups, newest first, each with what the quick check found in it.
#[tauri::command]
pub async fn check_backups(state: State<'_, AppState>) -> Reply<Vec<CheckedBackup>> {
    call(&state, |s| s.check_backups()).await
}

/// One page of the contact list, searched, filtered and sorted from the cached measures.
#[tauri::command]
pub async fn contact_page(state: State<'_, AppState>, query: ContactListQuery) -> Reply<ContactPage> {
    call(&state, move |s| s.contact_page(&query)).await
}

/// The questions I owe, those I wait on, and the conversations where it is my turn; with `rows`,
/// each list cut to its first rows (the counts say how many there are in all).
#[tauri::command]
pub async fn open_loops(state: State<'_, AppState>, rows: Option<usize>) -> Reply<OpenLoops> {
    call(&state, move |s| match rows {
        Some(rows) => s.open_loops_first(rows),
        None => s.open_loops(),
    })
    .await
}

/// The count the sidebar's Open loops badge shows, without the lists.
#[tauri::command]
pub async fn loops_owed(state: State<'_, AppState>) -> Reply<usize> {
    call(&state, |s| s.loops_owed()).await
}

/// This week: ties due for a catch-up, birthdays in the next `days` days, questions I owe, my turns.
#[tauri::command]
pub async fn agenda(state: State<'_, AppState>, days: i64) -> Reply<rapport_core::agenda::Agenda> {
    call(&state, move |s| s.agenda(days)).await
}

/// The agenda as an iCalendar file where the user chooses in the Save dialog (which proposes a
/// dated name), in `lang` (`en`, the default, or `fr`): the window's language. `null` when they
/// cancel.
#[tauri::command]
pub async fn save_agenda_calendar<R: Runtime>(
    app: AppHandle<R>,
    dialogs: State<'_, Dialogs>,
    saved: State<'_, Saved>,
    state: State<'_, AppState>,
    days: i64,
    lang: Option<Lang>,
) -> Reply<Option<Placed<SavedFile>>> {
    let folder = export_dir();
    let stem = format!("rapport-agenda-{}", chrono::Local::now().date_naive().format("%Y-%m-%d"));
    let proposed = free_name(&folder, &stem, Some("ics"));
    let dialogs = dialogs.inner().clone();
    let Some(path) = ask(move || dialogs.save(&app, &folder, &proposed, Some(("iCalendar", &["ics"])))).await? else {
        return Ok(None);
    };
    let to = Destination::Named { path, force: true, field: "file" };
    let file = call(&state, move |s| s.save_agenda_calendar(days, lang.unwrap_or_default(), &to)).await?;
    let reveal = saved.remember(file.path.clone().into());
    Ok(Some(Placed { file, reveal }))
}

#[tauri::command]
pub async fn list_circles(state: State<'_, AppState>) -> Reply<Vec<Circle>> {
    call(&state, |s| s.list_circles()).await
}

/// Merges `merged` into `kept`; the reply's id undoes it with [`undo_merge`].
#[tauri::command]
pub async fn merge_contacts(state: State<'_, AppState>, kept: ContactId, merged: ContactId) -> Reply<Merge> {
    call(&state, move |s| s.merge_contacts(kept, merged)).await
}

#[tauri::command]
pub async fn undo_merge(state: State<'_, AppState>, id: i64) -> Reply<Contact> {
    call(&state, move |s| s.undo_merge(id)).await
}

#[tauri::command]
pub async fn list_value_items(state: State<'_, AppState>, contact: ContactId) -> Reply<Vec<ValueItem>> {
    call(&state, move |s| s.list_value_items(contact)).await
}

#[tauri::command]
pub async fn list_posts(state: State<'_, AppState>) -> Reply<Vec<Post>> {
    call(&state, |s| s.list_posts()).await
}

#[tauri::command]
pub async fn add_post(state: State<'_, AppState>, post: NewPost) -> Reply<Post> {
    call(&state, move |s| s.add_post(&post)).await
}

#[tauri::command]
pub async fn delete_post(state: State<'_, AppState>, id: PostId) -> Reply<Deletion> {
    call(&state, move |s| s.delete_post(id)).await
}

#[tauri::command]
pub async fn add_reaction(state: State<'_, AppState>, reaction: NewReaction) -> Reply<Reaction> {
    call(&state, move |s| s.add_reaction(&reaction)).await
}

/// My reply to a comment, with the questions I asked in it (`rapport reply`).
#[tauri::command]
pub async fn reply_to_comment(state: State<'_, AppState>, reaction: ReactionId, reply: NewReply) -> Reply<Interaction> {
    call(&state, move |s| s.reply_to_comment(reaction, &reply)).await
}

#[tauri::command]
pub async fn delete_reaction(state: State<'_, AppState>, id: ReactionId) -> Reply<Deletion> {
    call(&state, move |s| s.delete_reaction(id)).await
}

#[tauri::command]
pub async fn edit_interaction(
    state: State<'_, AppState>,
    id: InteractionId,
    edit: InteractionEdit,
) -> Reply<Interaction> {
    call(&state, move |s| s.edit_interaction(id, &edit)).await
}

/// Deletes an interaction; the reply's `undo` token undoes it with `undo_delete` for a while.
#[tauri::command]
pub async fn delete_interaction(state: State<'_, AppState>, id: InteractionId) -> Reply<Deletion> {
    call(&state, move |s| s.delete_interaction(id)).await
}

#[tauri::command]
pub async fn preview_delete_contact(state: State<'_, AppState>, id: ContactId) -> Reply<Removed> {
    call(&state, move |s| s.preview_delete_contact(id)).await
}

#[tauri::command]
pub async fn delete_contact(state: State<'_, AppState>, id: ContactId) -> Reply<Deletion> {
    call(&state, move |s| s.delete_contact(id)).await
}

#[tauri::command]
pub async fn undo_delete(state: State<'_, AppState>, token: String) -> Reply<()> {
    call(&state, move |s| s.undo_delete(&token)).await
}

#[tauri::command]
pub async fn edit_value_item(state: State<'_, AppState>, id: ValueItemId, edit: ValueItemEdit) -> Reply<ValueItem> {
    call(&state, move |s| s.edit_value_item(id, &edit)).await
}

#[tauri::command]
pub async fn delete_value_item(state: State<'_, AppState>, id: ValueItemId) -> Reply<Deletion> {
    call(&state, move |s| s.delete_value_item(id)).await
}

#[tauri::command]
pub async fn edit_question(state: State<'_, AppState>, id: QuestionId, edit: QuestionEdit) -> Reply<Question> {
    call(&state, move |s| s.edit_question(id, &edit)).await
}

#[tauri::command]
pub async fn edit_post(state: State<'_, AppState>, id: PostId, edit: PostEdit) -> Reply<Post> {
    call(&state, move |s| s.edit_post(id, &edit)).await
}

#[tauri::command]
pub async fn edit_reaction(state: State<'_, AppState>, id: ReactionId, edit: ReactionEdit) -> Reply<Reaction> {
    call(&state, move |s| s.edit_reaction(id, &edit)).await
}

#[tauri::command]
pub async fn delete_question(state: State<'_, AppState>, id: QuestionId) -> Reply<Deletion> {
    call(&state, move |s| s.delete_question(id)).await
}

/// Whether this build encrypts, and whether the database is encrypted, locked, its key in the
/// keychain (docs/security.md, section 4).
#[tauri::command]
pub async fn encryption_status(state: State<'_, AppState>) -> Reply<EncryptionStatus> {
    call(&state, |s| s.encryption_status()).await
}

/// Opens the locked database with its recovery passphrase; a wrong one is `invalid` (field
/// `passphrase`) and changes nothing.
#[tauri::command]
pub async fn unlock_database(state: State<'_, AppState>, passphrase: String) -> Reply<EncryptionStatus> {
    call(&state, move |s| {
        s.unlock(&passphrase)?;
        s.encryption_status()
    })
    .await
}

/// Encrypts the open plain database in place; the reply holds the recovery passphrase, which
/// is shown once and stored nowhere, and why the keychain refused the key if it did.
#[tauri::command]
pub async fn enable_encryption(state: State<'_, AppState>) -> Reply<rapport_core::crypt::Enabled> {
    call(&state, |s| s.enable_encryption()).await
}
