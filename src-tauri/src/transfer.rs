//! Import and export from the window.
//!
//! A file to import comes one of two ways, and neither lets the page name a path: the shell's
//! Open dialog (`import_open`, which keeps the chosen path under a number that `import_start`
//! takes), or a file dropped on the window, whose bytes the page reads and sends as the raw body
//! of `import_drop`. An import is a
//! job, in four calls (five for a drop): `import_start` names the file and the options and gets a
//! job id; `import_drop` writes a dropped file's bytes to disk; `import_preview` matches the file against the database; `import_apply` writes it, all or
//! nothing; `import_cancel` stops the job's current step at its next progress report and forgets
//! it (nothing written). While a long step runs, the page polls `import_progress`, which never
//! waits for the store.
//!
//! Both steps read the file from disk again, one record at a time, as `rapport import` does
//! (core's `preview_file`/`apply_file`), so the window's import needs no more memory than the
//! CLI's. A dropped file's bytes are first written to a private folder beside the database (not
//! the system's temporary folder, which is often in memory), removed when the job ends, by a
//! command of their own: its request, which holds the bytes, is gone before the preview starts. The apply
//! refuses a file that changed since its preview: what the user saw is what is imported.
//!
//! An export goes where the user chooses in the Save dialog, which proposes the export folder
//! (Downloads) and a free name that says what the file is.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rapport_core::import::{ContactAction, FileStamp, ImportOptions, Preview, Progress};
use rapport_core::{Error, Reason};
use rapport_service::files::Destination;
use rapport_service::views::{ExportFormat, Exported};
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime, State};

use crate::commands::{export_dir, free_name};
use crate::desktop::{ask, Dialogs, Placed, Saved};
use crate::error::CommandError;
use crate::state::{call, AppState};

type Reply<T> = Result<T, CommandError>;

/// The largest file the window imports in one go: a million LinkedIn messages are about 300 MB.
const MAX_IMPORT_BYTES: usize = 1 << 30;

/// The start of the name of a folder holding a dropped file, beside the database; the process id
/// follows, so a folder left by a process that ended (the app closed mid-import) is known.
const DROPPED_PREFIX: &str = ".rapport-import-";

/// The import jobs of this window, by id.
#[derive(Default)]
pub struct Imports {
    next: AtomicU64,
    jobs: Mutex<HashMap<u64, Arc<Job>>>,
    /// The files chosen in the Open dialog, by number.
    picked: Mutex<HashMap<u64, PathBuf>>,
}

struct Job {
    file_name: String,
    /// The file chosen in the Open dialog; `None` when the page sends the bytes (a drop).
    source: Option<PathBuf>,
    /// A dropped file's private copy, once `import_drop` wrote it.
    dropped: Mutex<Option<Dropped>>,
    options: ImportOptions,
    /// The file the preview read, for the apply.
    previewed: Mutex<Option<Arc<Previewed>>>,
    progress: Mutex<Option<Progress>>,
    cancelled: AtomicBool,
}

/// A file as its preview read it.
struct Previewed {
    path: PathBuf,
    stamp: FileStamp,
}

/// The private copy of a dropped file, removed with this value (when the job ends).
struct Dropped {
    path: PathBuf,
    _folder: tempfile::TempDir,
}

impl Job {
    /// The progress callback of core's import steps: records how far it is, stops when cancelled.
    fn report(&self, p: Progress) -> bool {
        *self.progress.lock().unwrap_or_else(|e| e.into_inner()) = Some(p);
        !self.cancelled.load(Ordering::Relaxed)
    }
}

impl Imports {
    fn job(&self, id: u64) -> Result<Arc<Job>, CommandError> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(&id).cloned().ok_or_else(|| Error::NoMatch(Reason::NoImportJob { id }).into())
    }

    fn forget(&self, id: u64) {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }
}

/// A file the user chose in the Open dialog: its number (for `import_start`) and its name.
#[derive(Debug, Serialize)]
pub struct Picked {
    pub picked: u64,
    pub file_name: String,
}

/// The files the import reads, for the Open dialog's filter.
const IMPORT_EXTENSIONS: &[&str] =
    &["vcf", "vcard", "csv", "ics", "ical", "json", "mbox", "mbx", "eml", "txt", "zip", "xml"];

/// Shows the Open dialog for a file to import (a folder of `.eml` messages when `folder`); `null`
/// when the user cancels. The page gets the file's name and a number to start the import with,
/// never the path.
#[tauri::command]
pub async fn import_open<R: Runtime>(
    app: AppHandle<R>,
    dialogs: State<'_, Dialogs>,
    imports: State<'_, Imports>,
    label: String,
    folder: Option<bool>,
) -> Reply<Option<Picked>> {
    let dialogs = dialogs.inner().clone();
    let folder = folder.unwrap_or(false);
    let Some(path) = ask(move || dialogs.open(&app, &label, IMPORT_EXTENSIONS, folder)).await? else {
        return Ok(None);
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let picked = imports.next.fetch_add(1, Ordering::Relaxed) + 1;
    imports.picked.lock().unwrap_or_else(|e| e.into_inner()).insert(picked, path);
    Ok(Some(Picked { picked, file_name }))
}

/// The addresses the last email import was given, remembered for the next one: the Import
/// screen fills its "Who you are" field with them.
#[tauri::command]
pub async fn import_email_me(state: State<'_, AppState>) -> Reply<Vec<String>> {
    call(&state, |s| s.read(rapport_core::import::email::remembered_me)).await
}

/// Starts an import of the file `file_name` (its name says its format unless `options` does),
/// or of the file `picked` in the Open dialog (then named by its own name).
#[tauri::command]
pub async fn import_start(
    imports: State<'_, Imports>,
    file_name: String,
    options: ImportOptions,
    picked: Option<u64>,
) -> Reply<u64> {
    let source = match picked {
        Some(id) => Some(
            imports
                .picked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&id)
                .cloned()
                .ok_or_else(|| Error::NoMatch(Reason::NoPickedFile { id }))?,
        ),
        None => None,
    };
    let file_name = match &source {
        Some(path) => path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or(file_name),
        None => file_name,
    };
    if file_name.trim().is_empty() || file_name.len() > 1024 {
        return Err(Error::invalid("file_name", Reason::FileNameLength {}).into());
    }
    let id = imports.next.fetch_add(1, Ordering::Relaxed) + 1;
    let job = Job {
        file_name,
        source,
        dropped: Mutex::new(None),
        options,
        previewed: Mutex::new(None),
        progress: Mutex::new(None),
        cancelled: AtomicBool::new(false),
    };
    imports.jobs.lock().unwrap_or_else(|e| e.into_inner()).insert(id, Arc::new(job));
    Ok(id)
}

/// The header that names the job of `import_drop` and `import_preview`.
fn job_header(request: &Request<'_>) -> Reply<u64> {
    let id = request
        .headers()
        .get("x-import-job")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| Error::invalid("job", Reason::JobHeader {}))?;
    Ok(id)
}

/// Writes the bytes of a file dropped on the window, sent as the raw body (job id in the
/// `x-import-job` header), to the job's private copy, which its preview and apply then read.
/// A command of its own so that the request, which holds the bytes, ends before the preview
/// runs: held through it, a 50 MB drop took the window's import past its memory target.
#[tauri::command]
pub async fn import_drop(state: State<'_, AppState>, imports: State<'_, Imports>, request: Request<'_>) -> Reply<()> {
    let id = job_header(&request)?;
    let job = imports.job(id)?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::invalid("file", Reason::BodyNotBytes {}).into());
    };
    check_size(bytes.len())?;
    let folder = state.db_path().and_then(|p| p.parent()).map_or_else(std::env::temp_dir, PathBuf::from);
    // Written on this thread: the bytes are borrowed from the request, and a copy to move to
    // another thread would double the memory the drop already takes.
    let (copy, path) = write_dropped(&folder, &job.file_name, bytes).inspect_err(|_| imports.forget(id))?;
    *job.dropped.lock().unwrap_or_else(|e| e.into_inner()) = Some(Dropped { path, _folder: copy });
    Ok(())
}

/// Reads the job's file (job id in the `x-import-job` header): the one chosen in the Open dialog,
/// or the copy of a dropped one (`import_drop` first), and says what importing it would do.
/// Nothing is written.
#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    imports: State<'_, Imports>,
    request: Request<'_>,
) -> Reply<WindowPreview> {
    let id = job_header(&request)?;
    let job = imports.job(id)?;
    let dropped = job.dropped.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(|d| d.path.clone());
    let path = match (&job.source, dropped) {
        (Some(path), _) => path.clone(),
        (None, Some(path)) => path,
        (None, None) => return Err(Error::invalid("file", Reason::DropFirst {}).into()),
    };
    let reading = Arc::clone(&job);
    let read_path = path.clone();
    let (preview, stamp) = call(&state, move |svc| {
        svc.import_preview_file_stamped(&read_path, &reading.options, &mut |p| reading.report(p))
    })
    .await
    .inspect_err(|_| imports.forget(id))?;
    *job.previewed.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(Previewed { path, stamp }));
    Ok(WindowPreview::from(preview))
}

/// How many rows of each of a preview's long lists (one per contact record, one per problem) go
/// to the window: the screen lists the first 50 and counts the rest. Every card of a 50 MB file
/// sent as JSON took tens of megabytes more than the import itself (docs/performance.md).
pub const WINDOW_ROWS: usize = 50;

/// A preview as the window gets it: the first [`WINDOW_ROWS`] of its contact and problem lists
/// (and the problems about the whole file past them), and how many each held. Every count is the
/// whole import's.
#[derive(Debug, Serialize)]
pub struct WindowPreview {
    #[serde(flatten)]
    pub preview: Preview,
    /// How many contact rows the whole preview holds.
    pub contacts_total: usize,
    /// How many problems the whole preview holds.
    pub problems_total: usize,
}

impl From<Preview> for WindowPreview {
    fn from(mut preview: Preview) -> WindowPreview {
        let (contacts_total, problems_total) = (preview.contacts.len(), preview.problems.len());
        // The notice after an import names the one contact a single merge went into: kept even
        // when it comes later in the file.
        let sole_merge = (preview.contacts_merged == 1)
            .then(|| preview.contacts.iter().skip(WINDOW_ROWS).find(|c| c.action == ContactAction::Merge).cloned())
            .flatten();
        preview.contacts.truncate(WINDOW_ROWS);
        preview.contacts.extend(sole_merge);
        preview.contacts.shrink_to_fit();
        // The errors come first, and the notes about the whole file are kept past the cut
        // ("who is me" has the window's buttons to answer it).
        preview.keep_problems_shown(WINDOW_ROWS);
        WindowPreview { preview, contacts_total, problems_total }
    }
}

/// Writes a dropped file's `bytes` to a new private folder in `folder`, under the file's own name
/// (its extension may say its format); returns the folder (removed when dropped) and the file.
/// Folders that ended processes left there are removed first.
fn write_dropped(folder: &std::path::Path, file_name: &str, bytes: &[u8]) -> Reply<(tempfile::TempDir, PathBuf)> {
    sweep_dropped(folder);
    let io = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source| CommandError::from(Error::Io { path, source })
    };
    let prefix = format!("{DROPPED_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // The file holds other people's details: only the user may open the folder.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let copy = builder.tempdir_in(folder).map_err(io(folder))?;
    // Only the name's last part, never a path the page made up; a name too long for a file
    // system keeps its extension.
    let name = std::path::Path::new(file_name).file_name().map(|n| n.to_string_lossy().into_owned());
    let name = match name {
        Some(n) if n.len() <= 200 => n,
        _ => match std::path::Path::new(file_name).extension().map(|e| e.to_string_lossy()) {
            Some(ext) if ext.len() <= 16 => format!("dropped.{ext}"),
            _ => "dropped".to_owned(),
        },
    };
    let path = copy.path().join(name);
    std::fs::write(&path, bytes).map_err(io(&path))?;
    Ok((copy, path))
}

/// Removes the dropped files' folders in `folder` that a process other than this one left (only
/// one window runs on a database, so that process has ended: the app was closed mid-import).
fn sweep_dropped(folder: &std::path::Path) {
    let ours = format!("{DROPPED_PREFIX}{}-", std::process::id());
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(DROPPED_PREFIX) && !name.starts_with(&ours) {
            // A folder that cannot be removed now is tried again at the next drop.
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn check_size(bytes: usize) -> Reply<()> {
    if bytes > MAX_IMPORT_BYTES {
        let too_big = Reason::FileTooBig { mb: bytes >> 20, max_mb: MAX_IMPORT_BYTES >> 20 };
        return Err(Error::invalid("file", too_big).into());
    }
    Ok(())
}

/// Writes a previewed import, all or nothing, and forgets the job (a dropped file's copy goes with
/// it). A file that changed since its preview is refused, nothing written. Returns what was done.
/// `accept_likely`: the records whose likely duplicate the user ticked, merged instead of created.
#[tauri::command]
pub async fn import_apply(
    state: State<'_, AppState>,
    imports: State<'_, Imports>,
    job: u64,
    accept_likely: Option<Vec<usize>>,
) -> Reply<WindowPreview> {
    let id = job;
    let job = imports.job(id)?;
    let previewed = job
        .previewed
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| Error::invalid("job", Reason::PreviewFirst {}))?;
    let options = ImportOptions { accept_likely: accept_likely.unwrap_or_default(), ..job.options.clone() };
    let writing = Arc::clone(&job);
    let result = call(&state, move |svc| {
        let report = &mut |p| writing.report(p);
        svc.import_apply_previewed_file(&previewed.path, &options, previewed.stamp, report)
    })
    .await;
    imports.forget(id);
    result.map(WindowPreview::from)
}

/// How far the job's current step is; `None` before its first report.
#[tauri::command]
pub async fn import_progress(imports: State<'_, Imports>, job: u64) -> Reply<Option<Progress>> {
    let job = imports.job(job)?;
    let progress = *job.progress.lock().unwrap_or_else(|e| e.into_inner());
    Ok(progress)
}

/// Cancels a job: its running step stops at its next report and rolls back; nothing is written.
#[tauri::command]
pub async fn import_cancel(imports: State<'_, Imports>, job: u64) -> Reply<()> {
    if let Ok(j) = imports.job(job) {
        j.cancelled.store(true, Ordering::Relaxed);
    }
    imports.forget(job);
    Ok(())
}

/// Exports everything (JSON, which imports back), one CSV per table (a folder), or the contacts
/// as vCard 4.0, where the user chooses in the Save dialog; `null` when they cancel.
#[tauri::command]
pub async fn export_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    dialogs: State<'_, Dialogs>,
    saved: State<'_, Saved>,
    format: ExportFormat,
) -> Reply<Option<Placed<Exported>>> {
    let folder = export_dir();
    let stem = format!("rapport-export-{}", chrono::Local::now().format("%Y-%m-%d"));
    let (name, filter): (String, Option<(&str, &[&str])>) = match format {
        ExportFormat::Json => (free_name(&folder, &stem, Some("json")), Some(("JSON", &["json"]))),
        ExportFormat::Vcard => (free_name(&folder, &stem, Some("vcf")), Some(("vCard", &["vcf"]))),
        // The CSV files go in a folder of this name.
        ExportFormat::Csv => (free_name(&folder, &format!("{stem}-csv"), None), None),
    };
    let dialogs = dialogs.inner().clone();
    let Some(path) = ask(move || dialogs.save(&app, &folder, &name, filter)).await? else { return Ok(None) };
    // The dialog asked before replacing a file, so the chosen one may be replaced.
    let to = Destination::Named { path, force: true, field: "file" };
    let exported = call(&state, move |s| s.export(format, &to)).await?;
    let reveal = saved.remember(exported.saved.path.clone().into());
    Ok(Some(Placed { file: exported, reveal }))
}
