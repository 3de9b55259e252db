//! Import and export from the window.
//!
//! The page reads the file the user picked itself (an `<input type="file">`) and sends its bytes
//! as the raw body of `import_preview`, so no command takes a path from the page. An import is a
//! job, in four calls: `import_start` names the file and the options and gets a job id;
//! `import_preview` reads the bytes, matches them against the database and keeps what it read;
//! `import_apply` writes that in one transaction; `import_cancel` stops the job's current step at
//! its next progress report and forgets it (nothing written). While a long step runs, the page
//! polls `import_progress`, which never waits for the store.
//!
//! Exports go to the export folder (Downloads), under names that say what they are.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rapport_core::import::{self, ImportOptions, Parsed, Preview, Progress};
use rapport_core::{Error, Reason};
use rapport_service::views::{ExportFormat, Exported};
use tauri::ipc::{InvokeBody, Request};
use tauri::State;

use crate::commands::export_dir;
use crate::error::CommandError;
use crate::state::{call, AppState};

type Reply<T> = Result<T, CommandError>;

/// The largest file the window imports in one go: a million LinkedIn messages are about 300 MB.
const MAX_IMPORT_BYTES: usize = 1 << 30;

/// The import jobs of this window, by id.
#[derive(Default)]
pub struct Imports {
    next: AtomicU64,
    jobs: Mutex<HashMap<u64, Arc<Job>>>,
}

struct Job {
    file_name: String,
    options: ImportOptions,
    parsed: Mutex<Option<Arc<Parsed>>>,
    progress: Mutex<Option<Progress>>,
    cancelled: AtomicBool,
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

/// Starts an import of the file `file_name` (its name says its format unless `options` does).
#[tauri::command]
pub async fn import_start(imports: State<'_, Imports>, file_name: String, options: ImportOptions) -> Reply<u64> {
    if file_name.trim().is_empty() || file_name.len() > 1024 {
        return Err(Error::invalid("file_name", Reason::FileNameLength {}).into());
    }
    let id = imports.next.fetch_add(1, Ordering::Relaxed) + 1;
    let job = Job {
        file_name,
        options,
        parsed: Mutex::new(None),
        progress: Mutex::new(None),
        cancelled: AtomicBool::new(false),
    };
    imports.jobs.lock().unwrap_or_else(|e| e.into_inner()).insert(id, Arc::new(job));
    Ok(id)
}

/// Reads the file sent as the raw body (job id in the `x-import-job` header) and says what
/// importing it would do. Nothing is written.
#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    imports: State<'_, Imports>,
    request: Request<'_>,
) -> Reply<Preview> {
    let id = request
        .headers()
        .get("x-import-job")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| Error::invalid("job", Reason::JobHeader {}))?;
    let job = imports.job(id)?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::invalid("file", Reason::BodyNotBytes {}).into());
    };
    if bytes.len() > MAX_IMPORT_BYTES {
        let too_big = Reason::FileTooBig { mb: bytes.len() >> 20, max_mb: MAX_IMPORT_BYTES >> 20 };
        return Err(Error::invalid("file", too_big).into());
    }
    let bytes = bytes.clone();
    let reading = Arc::clone(&job);
    let parsed = tauri::async_runtime::spawn_blocking(move || {
        import::parse(&bytes, &reading.file_name, &reading.options, &mut |p| reading.report(p))
    })
    .await
    .map_err(|e| CommandError::internal(format!("the background task failed: {e}")))?
    .inspect_err(|_| imports.forget(id))?;
    let parsed = Arc::new(parsed);
    *job.parsed.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(&parsed));
    let matching = Arc::clone(&job);
    call(&state, move |svc| svc.import_preview(&parsed, &mut |p| matching.report(p)))
        .await
        .inspect_err(|_| imports.forget(id))
}

/// Writes a previewed import in one transaction and forgets the job. Returns what was done.
#[tauri::command]
pub async fn import_apply(state: State<'_, AppState>, imports: State<'_, Imports>, job: u64) -> Reply<Preview> {
    let id = job;
    let job = imports.job(id)?;
    let parsed = job
        .parsed
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| Error::invalid("job", Reason::PreviewFirst {}))?;
    let writing = Arc::clone(&job);
    let result = call(&state, move |svc| svc.import_apply(&parsed, &writing.options, &mut |p| writing.report(p))).await;
    imports.forget(id);
    result
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

/// Exports everything (JSON, which imports back), one CSV per table (in a new folder), or the
/// contacts as vCard 4.0, into the export folder.
#[tauri::command]
pub async fn export_data(state: State<'_, AppState>, format: ExportFormat) -> Reply<Exported> {
    call(&state, move |s| s.export_to_folder(format, &export_dir())).await
}
