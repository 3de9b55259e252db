//! Backups of the database file: consistent copies taken with SQLite's online backup (safe while
//! the app or the CLI writes), the automatic daily copies and their rotation, and restore.
//!
//! Backups live in a `backups/` folder beside the database, one file each, named
//! `<stem>-<YYYYMMDD>-<HHMMSS>-<kind>.db` in UTC (`rapport-20261126-081502-daily.db`), so a listing
//! sorts by age and a person can tell them apart in a file manager. Kinds:
//! - `daily`: made by the desktop app at start when none exists for today; the last
//!   [`KEEP_DAILY`] are kept.
//! - `manual`: asked for by the user (`rapport backup now`, the app's "back up now"); never
//!   deleted automatically.
//! - `pre-restore`: the database as it was just before a restore replaced it; the last
//!   [`KEEP_PRE_RESTORE`] are kept.
//!
//! Restore copies the backup *into* the live database with the same online backup API, as one
//! write transaction on the live file, instead of swapping files: other connections (the app while
//! the CLI restores, or the reverse) keep a valid handle and simply see the restored content on
//! their next read, and the `-wal`/`-shm` files stay SQLite's business. A crash half-way leaves
//! the old content, as for any transaction.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::cipher::{has_sqlite_header, is_encrypted, not_sqlite};
use super::copy::{copy_all, copy_database};
use super::file::APPLICATION_ID;
use super::open::{latest_schema_version, migrate, open_file_read_only, quick_check, schema_version};
use crate::error::{Error, Reason, Result};

/// The folder, beside the database, that holds the backups.
pub const BACKUP_DIR: &str = "backups";
/// How many daily backups are kept: a week of history.
pub const KEEP_DAILY: usize = 7;
/// How many copies taken before a restore are kept.
pub const KEEP_PRE_RESTORE: usize = 5;

const STAMP_FORMAT: &str = "%Y%m%d-%H%M%S";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackupKind {
    Daily,
    Manual,
    PreRestore,
}

impl BackupKind {
    pub const ALL: [BackupKind; 3] = [BackupKind::Daily, BackupKind::Manual, BackupKind::PreRestore];

    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::Manual => "manual",
            BackupKind::PreRestore => "pre-restore",
        }
    }

    /// How many of this kind rotation keeps; `None`: all of them.
    fn keep(self) -> Option<usize> {
        match self {
            BackupKind::Daily => Some(KEEP_DAILY),
            BackupKind::Manual => None,
            BackupKind::PreRestore => Some(KEEP_PRE_RESTORE),
        }
    }
}

/// One backup file in the backups folder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupInfo {
    /// The file name, which is also how the app and `rapport restore` name a backup.
    pub name: String,
    pub path: PathBuf,
    pub kind: BackupKind,
    /// When it was taken, from its name (UTC, to the second).
    pub created_at: DateTime<Utc>,
    pub size_bytes: u64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestoreReport {
    /// The file whose content is now the database.
    pub restored_from: PathBuf,
    /// The database as it was before, saved first.
    pub pre_restore_backup: BackupInfo,
    /// The schema version after the restore (an older backup is migrated).
    pub schema_version: i64,
}

/// The backups folder of the database at `db_path`.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or_else(|| Path::new(".")).join(BACKUP_DIR)
}

/// Writes a consistent copy of the database behind `conn` to `dest`, which must not exist. The
/// copy is built under a temporary name, flushed to disk and renamed into place, so `dest` is
/// either absent or complete. Other connections may write meanwhile: the copy is the state of
/// one committed transaction (WAL lets the copy read a snapshot without blocking writers).
///
/// A database that fails SQLite's quick check is not copied (see [`refuse_if_damaged`]): a backup
/// is taken to be restored, and a damaged copy would only take the place of a good one.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    refuse_if_damaged(conn)?;
    copy_to(conn, dest)
}

/// Refuses to back up a database that fails SQLite's quick check, naming what it found.
/// When backups of the database exist, the refusal names the newest one that passes the same
/// check, the one to restore.
pub fn refuse_if_damaged(conn: &Connection) -> Result<()> {
    quick_check(conn).map_err(|detail| {
        let path = conn.path().filter(|p| !p.is_empty()).unwrap_or("the database").to_owned();
        match latest_good(Path::new(&path)) {
            Some(good) => Error::invalid("backup", Reason::BackupOfDamagedRestore { path, detail, name: good.name }),
            None => Error::invalid("backup", Reason::BackupOfDamaged { path, detail }),
        }
    })
}

/// The newest backup of the database at `db_path` that passes SQLite's quick check, if any. A
/// backup of an encrypted database cannot be checked without its key and is passed over.
pub fn latest_good(db_path: &Path) -> Option<BackupInfo> {
    list(db_path).ok()?.into_iter().find(|b| check_file(&b.path).is_ok())
}

/// [`backup_to`] without the quick check: the copy taken before a restore keeps what is replaced,
/// damaged or not.
fn copy_to(conn: &Connection, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(Error::invalid("backup", Reason::FileExists { path: dest.display().to_string() }));
    }
    let dir = dest.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    // A killed earlier copy to the same name left its partial file here.
    let dest_name = dest.file_name().unwrap_or_default().to_string_lossy().into_owned();
    sweep(dir, |name| name == dest_name);
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(dest.file_name().unwrap_or_default());
    tmp_name.push(format!(".partial-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        copy_database(conn, &tmp)?;
        std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(io(&tmp))?;
        std::fs::rename(&tmp, dest).map_err(io(dest))?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

// ---------------------------------------------------------------------------------------------
// Debris: what a killed writer leaves. A backup, an export or a chart is written to a hidden
// `.NAME.partial-PID` file (or folder, for a CSV set) and renamed into place at the end; a process
// killed before the rename leaves it behind, up to the database's size each time. The next writer
// in the same folder takes such leftovers away once their writer is gone.

/// How long a partial file may stay untouched before it is taken for debris even where the
/// system cannot say whether its writer still runs: no backup or export goes an hour without
/// writing to its file.
pub const DEBRIS_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// The process id in a `.NAME.partial-PID` name, and NAME. The files SQLite keeps beside a
/// partial copy while it writes it (`-journal`, `-wal`, `-shm`) count as part of it.
pub fn partial_name_parts(file_name: &str) -> Option<(&str, u32)> {
    let (name, pid) = file_name.strip_prefix('.')?.rsplit_once(".partial-")?;
    let pid = ["-journal", "-wal", "-shm"].iter().find_map(|s| pid.strip_suffix(s)).unwrap_or(pid);
    if name.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, pid.parse().ok()?))
}

/// Whether the partial file or folder at `path`, written by process `pid`, is debris: never one
/// of this process's (another thread may be writing it); on Linux, debris as soon as `/proc` has
/// no such process; anywhere, debris once untouched for [`DEBRIS_AGE`] (no `/proc` to ask, or the
/// id since given to another process).
pub fn is_debris(path: &Path, pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() && !proc.join(pid.to_string()).exists() {
        return true;
    }
    let modified = std::fs::symlink_metadata(path).and_then(|m| m.modified());
    modified.is_ok_and(|at| at.elapsed().is_ok_and(|age| age > DEBRIS_AGE))
}

/// The debris in `dir`: `.NAME.partial-PID` entries for which `belongs(NAME)` says they are the
/// caller's kind (so a folder of the user's is only ever swept of Rapport's own leftovers) and
/// whose writer is gone ([`is_debris`]).
pub fn find_debris(dir: &Path, belongs: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some((name, pid)) = file_name.to_str().and_then(partial_name_parts) else { continue };
        if belongs(name) && is_debris(&entry.path(), pid) {
            found.push(entry.path());
        }
    }
    found.sort();
    found
}

/// Removes a file or a whole folder; already gone is fine (another sweeper was first).
pub fn remove_debris(path: &Path) -> std::io::Result<()> {
    let removed = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    };
    match removed {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Removes the partial backups killed writers left in the backups folder of `db_path`; returns
/// what went. Run when a backup starts and when the app starts its backup scheduler. A sweep that
/// cannot remove something says nothing: a backup does not fail for another one's leftovers.
pub fn sweep_debris(db_path: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}-", stem(db_path));
    sweep(&backup_dir(db_path), |name| name.starts_with(&prefix) && name.ends_with(".db"))
}

fn sweep(dir: &Path, belongs: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    find_debris(dir, belongs).into_iter().filter(|path| remove_debris(path).is_ok()).collect()
}

/// Makes a rename durable: on Unix the directory entry needs its own fsync.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Takes a backup of `kind` into the backups folder of `db_path`, then rotates that kind. A
/// damaged database is refused before anything is copied or rotated, except for the copy taken
/// before a restore, which keeps whatever the restore replaces.
pub fn create(conn: &Connection, db_path: &Path, kind: BackupKind, now: DateTime<Utc>) -> Result<BackupInfo> {
    sweep_debris(db_path);
    if kind != BackupKind::PreRestore {
        refuse_if_damaged(conn)?;
    }
    let dir = backup_dir(db_path);
    let base = format!("{}-{}-{}", stem(db_path), now.format(STAMP_FORMAT), kind.as_str());
    // Two backups of one kind in one second get a counter rather than failing.
    let mut name = format!("{base}.db");
    let mut n = 2;
    while dir.join(&name).exists() {
        name = format!("{base}-{n}.db");
        n += 1;
    }
    let path = dir.join(&name);
    copy_to(conn, &path)?;
    rotate(db_path, kind)?;
    let size_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    // Names keep whole seconds; so does the reported time, to match what `list` reads back.
    let created_at = now.with_nanosecond(0).unwrap_or(now);
    Ok(BackupInfo { name, path, kind, created_at, size_bytes })
}

/// The daily backup: taken when no daily backup exists for `now`'s date (UTC) yet.
pub fn daily_if_due(conn: &Connection, db_path: &Path, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    let today = now.date_naive();
    let done = list(db_path)?.iter().any(|b| b.kind == BackupKind::Daily && b.created_at.date_naive() == today);
    if done {
        return Ok(None);
    }
    create(conn, db_path, BackupKind::Daily, now).map(Some)
}

/// Every backup of the database at `db_path`, newest first. Files in the folder that do not
/// follow the naming scheme (or belong to another database) are ignored.
pub fn list(db_path: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::Io { path: dir, source }),
    };
    let prefix = format!("{}-", stem(db_path));
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let Some((created_at, kind)) = parse_name(&name, &prefix) else { continue };
        let size_bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        out.push(BackupInfo { path: dir.join(&name), name, kind, created_at, size_bytes });
    }
    // Newest first; within one second, `NAME-manual-2.db` was written after `NAME-manual.db`.
    out.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| sequence(&b.name).cmp(&sequence(&a.name)))
            .then_with(|| b.name.cmp(&a.name))
    });
    Ok(out)
}

/// The number a backup's name ends with when another of its kind was taken in the same second
/// (`…-manual-2.db`); 1 for the first, which has none.
fn sequence(name: &str) -> u32 {
    let stem = name.strip_suffix(".db").unwrap_or(name);
    match stem.rsplit_once('-') {
        Some((_, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.parse().unwrap_or(u32::MAX),
        _ => 1,
    }
}

/// The backup called `name` (a file name from [`list`], never a path).
pub fn find(db_path: &Path, name: &str) -> Result<BackupInfo> {
    // Names are the database's stem and a stamp: a longer one is no backup, and is not echoed.
    const LONGEST_NAME: usize = 300;
    if name.chars().count() > LONGEST_NAME {
        return Err(Error::invalid("name", Reason::BackupNameTooLong { max: LONGEST_NAME, n: name.chars().count() }));
    }
    list(db_path)?.into_iter().find(|b| b.name == name).ok_or_else(|| {
        Error::NoMatch(Reason::NoBackupNamed { name: name.to_owned(), dir: backup_dir(db_path).display().to_string() })
    })
}

/// `rapport-20261126-081502-daily.db` (or `...-daily-2.db`) → its time and kind.
fn parse_name(name: &str, prefix: &str) -> Option<(DateTime<Utc>, BackupKind)> {
    let rest = name.strip_prefix(prefix)?.strip_suffix(".db")?;
    let (stamp, kind) = (rest.get(..15)?, rest.get(15..)?.strip_prefix('-')?);
    let at = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).ok()?.and_utc();
    let kind_text = match kind.rsplit_once('-') {
        Some((k, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => k,
        _ => kind,
    };
    let kind = BackupKind::ALL.into_iter().find(|k| k.as_str() == kind_text)?;
    Some((at, kind))
}

/// Deletes the oldest backups of `kind` beyond what it keeps, but never the newest backup that
/// passes a quick check: were every newer copy damaged (bit rot, or a file replaced by hand),
/// rotation would otherwise delete the last one worth restoring.
fn rotate(db_path: &Path, kind: BackupKind) -> Result<()> {
    let Some(keep) = kind.keep() else { return Ok(()) };
    let all = list(db_path)?;
    let old: Vec<&BackupInfo> = all.iter().filter(|b| b.kind == kind).skip(keep).collect();
    if old.is_empty() {
        return Ok(());
    }
    let newest_good = all.iter().find(|b| check_file(&b.path).is_ok());
    for b in old {
        if Some(b) == newest_good {
            continue;
        }
        std::fs::remove_file(&b.path).map_err(|source| Error::Io { path: b.path.clone(), source })?;
    }
    Ok(())
}

/// SQLite's quick check of the file at `path`, opened read-only.
fn check_file(path: &Path) -> std::result::Result<(), String> {
    let conn = open_file_read_only(path).map_err(|e| e.to_string())?;
    quick_check(&conn)
}

fn stem(db_path: &Path) -> String {
    db_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "rapport".to_owned())
}

/// Checks that `file` is a sound Rapport database this version can open: SQLite's integrity
/// check passes, it carries Rapport's application id, and its schema is not newer than ours.
/// Returns its schema version. Opens the file read-only: checking never changes it.
pub fn validate(file: &Path) -> Result<i64> {
    let what = file.display().to_string();
    if !file.is_file() {
        return Err(Error::invalid("backup", Reason::NotAFile { path: what }));
    }
    let conn = open_file_read_only(file).map_err(|e| {
        Error::invalid("backup", Reason::CannotOpenDatabase { path: what.clone(), detail: e.to_string() })
    })?;
    let not_sqlite = |e: rusqlite::Error| {
        Error::invalid("backup", Reason::NotReadableDatabase { path: what.clone(), detail: e.to_string() })
    };
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(not_sqlite)?;
    if integrity != "ok" {
        return Err(Error::invalid("backup", Reason::Damaged { path: what, detail: integrity }));
    }
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(not_sqlite)?;
    let version = schema_version(&conn)?;
    if app_id != APPLICATION_ID || version < 1 {
        return Err(Error::invalid("backup", Reason::NotRapportDatabase { path: what }));
    }
    if version > latest_schema_version() {
        return Err(Error::NewerSchema {
            path: file.to_path_buf(),
            found: version,
            supported: latest_schema_version(),
        });
    }
    Ok(version)
}

/// Replaces the content of the database behind `conn` (at `db_path`) with the backup `source`:
/// validates it, saves the current content as a `pre-restore` backup, copies the backup in as
/// one transaction and migrates it if it is older. On any error before the copy commits, the
/// database is as it was.
pub fn restore(conn: &mut Connection, db_path: &Path, source: &Path, now: DateTime<Utc>) -> Result<RestoreReport> {
    // SQLite's online backup, which restores, cannot copy into or out of a SQLCipher file.
    let encrypted = || Error::invalid("backup", Reason::RestoreEncrypted { db: db_path.display().to_string() });
    if is_encrypted(db_path)? {
        return Err(encrypted());
    }
    if !has_sqlite_header(source)? {
        // Not SQLite: a JSON export, a damaged copy, any other file. Only the backup of an
        // encrypted database would be worth keeping as it is, and this database is not encrypted.
        return Err(not_sqlite(source));
    }
    validate(source)?;
    if same_file(source, db_path) {
        return Err(Error::invalid("backup", Reason::RestoreSelf {}));
    }
    if !conn.is_autocommit() {
        return Err(Error::invalid("backup", Reason::RestoreInTransaction {}));
    }
    let pre_restore_backup = create(conn, db_path, BackupKind::PreRestore, now)?;
    {
        let src = open_file_read_only(source)?;
        copy_all(&src, conn)?;
    }
    migrate(conn, Some(db_path))?;
    Ok(RestoreReport { restored_from: source.to_path_buf(), pre_restore_backup, schema_version: schema_version(conn)? })
}

/// Restore for a database SQLite cannot open at all (a header whose page count disagrees with the
/// file stops even the opening): [`restore`] copies through an open connection, which such a file
/// never gives. Nothing may have the file open (no store could open it). In this order, so that a
/// crash at any point leaves either the damaged database or the restored one in place, and the
/// damaged one is always kept:
/// 1. the backup is validated ([`validate`]: integrity check, a Rapport database, a schema this
///    build opens) and copied to a hidden partial file in the database's folder, which is
///    validated in turn and flushed to disk: no unchecked byte ever takes the database's place;
/// 2. the damaged file is kept in the backups folder as `<stem>-<stamp>-pre-restore-damaged.db`
///    (a second name for the same file; a copy where the file system has no links), with its
///    `-wal` and `-shm` moved beside it under the same name. That name is no backup kind, so it is
///    never listed, rotated or deleted: what is left of the damaged data stays for the user;
/// 3. the partial file is renamed over the database (atomic in one folder) and the folder flushed.
///
/// The caller opens the restored database (which migrates an older backup). The report's
/// `pre_restore_backup` names the kept damaged file.
pub fn restore_unopenable(db_path: &Path, source: &Path, now: DateTime<Utc>) -> Result<RestoreReport> {
    if super::cipher::key_file_path(db_path).exists() {
        return Err(Error::invalid("backup", Reason::RestoreEncrypted { db: db_path.display().to_string() }));
    }
    if !has_sqlite_header(source)? {
        return Err(not_sqlite(source));
    }
    let schema_version = validate(source)?;
    if same_file(source, db_path) {
        return Err(Error::invalid("backup", Reason::RestoreSelf {}));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let dir = db_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    let db_name = db_path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    // A restore killed before its rename left its partial copy here.
    sweep(dir, |name| name == db_name);
    let tmp = dir.join(format!(".{db_name}.partial-{}", std::process::id()));
    let kept = (|| {
        {
            let src = open_file_read_only(source)?;
            copy_database(&src, &tmp)?;
        }
        validate(&tmp)?;
        std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(io(&tmp))?;

        let aside_dir = backup_dir(db_path);
        std::fs::create_dir_all(&aside_dir).map_err(io(&aside_dir))?;
        let base = format!("{}-{}-pre-restore-damaged", stem(db_path), now.format(STAMP_FORMAT));
        let mut name = format!("{base}.db");
        let mut n = 2;
        while aside_dir.join(&name).exists() {
            name = format!("{base}-{n}.db");
            n += 1;
        }
        let aside = aside_dir.join(&name);
        if db_path.exists() && std::fs::hard_link(db_path, &aside).is_err() {
            std::fs::copy(db_path, &aside).map_err(io(&aside))?;
            std::fs::File::open(&aside).and_then(|f| f.sync_all()).map_err(io(&aside))?;
        }
        for suffix in ["-wal", "-shm"] {
            let mut from = db_path.as_os_str().to_owned();
            from.push(suffix);
            let from = PathBuf::from(from);
            if from.exists() {
                let to = aside_dir.join(format!("{name}{suffix}"));
                std::fs::rename(&from, &to).map_err(io(&to))?;
            }
        }
        sync_dir(&aside_dir);
        std::fs::rename(&tmp, db_path).map_err(io(db_path))?;
        sync_dir(dir);
        let size_bytes = std::fs::metadata(&aside).map(|m| m.len()).unwrap_or(0);
        let created_at = now.with_nanosecond(0).unwrap_or(now);
        Ok(BackupInfo { name, path: aside, kind: BackupKind::PreRestore, created_at, size_bytes })
    })();
    match kept {
        Ok(pre_restore_backup) => {
            Ok(RestoreReport { restored_from: source.to_path_buf(), pre_restore_backup, schema_version })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Checking a database file without writing to it: the app's check shortly after start,
// `rapport check`, and the marks on the list of backups.

/// What a read-only check of a database file found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum FileCheck {
    /// SQLite's check answered `ok`.
    Good,
    /// What the check found instead (its first lines, joined by "; ").
    Damaged { detail: String },
    /// Encrypted: its pages cannot be read without its key, so it was not checked.
    NotChecked,
}

/// SQLite's quick check (with `full`, its integrity check) of the file at `path`, a database or
/// a backup of the database at `db_path`. The file is opened read-only and never locked for
/// writing, so a check may run beside the app's own connection. A file with no SQLite header
/// while the database has its key file is encrypted, and is left unchecked rather than called
/// damaged.
pub fn check_database_file(db_path: &Path, path: &Path, full: bool) -> FileCheck {
    if matches!(has_sqlite_header(path), Ok(false)) && super::cipher::key_file_path(db_path).exists() {
        return FileCheck::NotChecked;
    }
    let checked = if full { integrity_check(path) } else { check_file(path) };
    match checked {
        Ok(()) => FileCheck::Good,
        Err(detail) => FileCheck::Damaged { detail },
    }
}

/// SQLite's integrity check of the file at `path`, opened read-only: its first three findings.
fn integrity_check(path: &Path) -> std::result::Result<(), String> {
    let conn = open_file_read_only(path).map_err(|e| e.to_string())?;
    let mut stmt = conn.prepare("PRAGMA integrity_check(3)").map_err(|e| e.to_string())?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(|e| e.to_string())?;
    let found = rows.collect::<rusqlite::Result<Vec<String>>>().map_err(|e| e.to_string())?;
    match found.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        _ => Err(found.join("; ")),
    }
}

/// The three kinds of damage an adversarial test met on real files, made on purpose by the tests
/// of this crate and of the crates above it (the service's check, the CLI's refusals).
#[doc(hidden)]
pub mod damage {
    use std::path::Path;

    #[derive(Debug, Clone, Copy)]
    pub enum Damage {
        /// A page of zeros.
        ZeroedPage,
        /// Bytes flipped inside a page.
        FlippedBytes,
        /// A page count in the header that disagrees with the file.
        WrongPageCount,
    }

    impl Damage {
        pub const ALL: [Damage; 3] = [Damage::ZeroedPage, Damage::FlippedBytes, Damage::WrongPageCount];
    }

    /// Damages the closed database file at `path` the way `damage` says (its third page).
    pub fn damage(path: &Path, damage: Damage) {
        let mut bytes = std::fs::read(path).expect("the file to damage can be read");
        let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
        match damage {
            Damage::ZeroedPage => bytes[page * 2..page * 3].fill(0),
            Damage::FlippedBytes => {
                for b in &mut bytes[page * 2..page * 2 + 64] {
                    *b = !*b;
                }
            }
            Damage::WrongPageCount => {
                // The in-header size is trusted when its "valid for" counter matches the change counter.
                let counter = [bytes[24], bytes[25], bytes[26], bytes[27]];
                bytes[92..96].copy_from_slice(&counter);
                let pages = (bytes.len() / page) as u32;
                bytes[28..32].copy_from_slice(&(pages + 40).to_be_bytes());
            }
        }
        std::fs::write(path, bytes).expect("the damaged file can be written");
    }
}

#[cfg(test)]
mod tests {
    use super::damage::{damage, Damage};
    use super::*;
    use crate::{ContactFields, Store};
    use chrono::TimeZone;

    fn day(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap()
    }

    fn store_with(dir: &tempfile::TempDir, names: &[&str]) -> Store {
        let mut s = Store::open(&dir.path().join("rapport.db")).unwrap();
        for n in names {
            s.add_contact(&ContactFields::named(*n)).unwrap();
        }
        s
    }

    fn names(s: &Store) -> Vec<String> {
        s.list_contacts(&Default::default()).unwrap().into_iter().map(|c| c.display_name).collect()
    }

    #[test]
    fn backups_of_the_same_second_are_listed_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rapport.db");
        let backups = backup_dir(&db);
        std::fs::create_dir_all(&backups).unwrap();
        for name in [
            "rapport-20260301-090000-manual.db",
            "rapport-20260301-090000-manual-2.db",
            "rapport-20260301-090000-manual-10.db",
            "rapport-20260301-085959-daily.db",
        ] {
            std::fs::write(backups.join(name), b"").unwrap();
        }
        let names: Vec<String> = list(&db).unwrap().into_iter().map(|b| b.name).collect();
        assert_eq!(
            names,
            [
                "rapport-20260301-090000-manual-10.db",
                "rapport-20260301-090000-manual-2.db",
                "rapport-20260301-090000-manual.db",
                "rapport-20260301-085959-daily.db"
            ]
        );
    }

    #[test]
    fn a_name_round_trips_and_foreign_files_are_ignored() {
        assert_eq!(parse_name("rapport-20260301-090000-daily.db", "rapport-"), Some((day(1, 9), BackupKind::Daily)));
        assert_eq!(
            parse_name("rapport-20260301-090000-pre-restore-3.db", "rapport-"),
            Some((day(1, 9), BackupKind::PreRestore))
        );
        assert_eq!(parse_name("rapport-20260301-090000-weekly.db", "rapport-"), None);
        assert_eq!(parse_name("other-20260301-090000-daily.db", "rapport-"), None);
        assert_eq!(parse_name("rapport-2026.db", "rapport-"), None);
    }

    #[test]
    fn one_daily_backup_a_day_and_only_the_last_seven_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(&dir, &["Ana"]);
        let path = s.path().unwrap().to_path_buf();
        assert!(daily_if_due(s.connection(), &path, day(1, 9)).unwrap().is_some());
        assert!(daily_if_due(s.connection(), &path, day(1, 18)).unwrap().is_none(), "one per day");
        for d in 2..=10 {
            assert!(daily_if_due(s.connection(), &path, day(d, 9)).unwrap().is_some());
        }
        let manual = create(s.connection(), &path, BackupKind::Manual, day(1, 10)).unwrap();
        let all = list(&path).unwrap();
        let daily: Vec<u32> =
            all.iter().filter(|b| b.kind == BackupKind::Daily).map(|b| chrono::Datelike::day(&b.created_at)).collect();
        assert_eq!(daily, [10, 9, 8, 7, 6, 5, 4], "the newest seven, newest first");
        assert!(all.contains(&manual), "a manual backup is not rotated away");
        // Each backup is a complete, valid database holding the data.
        let copy = Connection::open(&all[0].path).unwrap();
        let n: i64 = copy.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        assert_eq!(validate(&all[0].path).unwrap(), latest_schema_version());
    }

    #[test]
    fn backup_to_refuses_an_existing_file_and_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(&dir, &["Ana"]);
        let dest = dir.path().join("copy.db");
        std::fs::write(&dest, b"keep me").unwrap();
        let err = backup_to(s.connection(), &dest).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(std::fs::read(&dest).unwrap(), b"keep me");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("partial"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn restore_brings_back_the_old_content_and_saves_the_current_one_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store_with(&dir, &["Ana"]);
        let path = s.path().unwrap().to_path_buf();
        let backup = create(s.connection(), &path, BackupKind::Manual, day(1, 9)).unwrap();
        s.add_contact(&ContactFields::named("Bruno")).unwrap();
        // Another connection (the app while the CLI restores) stays open throughout.
        let other = Store::open(&path).unwrap();
        assert_eq!(names(&other), ["Ana", "Bruno"]);

        let report = s.restore_backup_file(&backup.path, day(2, 9)).unwrap();
        assert_eq!(names(&s), ["Ana"]);
        assert_eq!(names(&other), ["Ana"], "the other connection sees the restored content");
        assert_eq!(report.pre_restore_backup.kind, BackupKind::PreRestore);
        let before = Connection::open(&report.pre_restore_backup.path).unwrap();
        let n: i64 = before.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 2, "the pre-restore backup holds what was replaced");
        let integrity: String = s.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok");
        let mode: String = s.connection().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_damaged_or_foreign_file_is_refused_and_the_database_is_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store_with(&dir, &["Ana"]);
        let before = s.export().unwrap();

        let foreign = dir.path().join("foreign.db");
        Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        let err = s.restore_backup_file(&foreign, day(1, 9)).unwrap_err();
        assert!(err.to_string().contains("not a Rapport database"), "{err}");

        let garbage = dir.path().join("garbage.db");
        std::fs::write(&garbage, vec![7u8; 8192]).unwrap();
        let err = s.restore_backup_file(&garbage, day(1, 9)).unwrap_err();
        assert_eq!(err.code(), "invalid", "{err}");

        // A real backup with one page overwritten: the integrity check (or opening) catches it.
        let good = create(s.connection(), s.path().unwrap(), BackupKind::Manual, day(1, 9)).unwrap();
        let mut bytes = std::fs::read(&good.path).unwrap();
        let page = 4096;
        bytes[page * 2..page * 3].fill(0xAB);
        let damaged = dir.path().join("damaged.db");
        std::fs::write(&damaged, &bytes).unwrap();
        let err = s.restore_backup_file(&damaged, day(1, 9)).unwrap_err();
        assert_eq!(err.code(), "invalid", "{err}");

        assert_eq!(s.export().unwrap(), before);
        assert!(list(s.path().unwrap()).unwrap().iter().all(|b| b.kind != BackupKind::PreRestore));
    }

    /// A database with a few hundred rows over several pages, closed, at `dir/rapport.db`.
    fn closed_store_with_pages(dir: &tempfile::TempDir) -> PathBuf {
        let path = dir.path().join("rapport.db");
        let mut s = Store::open(&path).unwrap();
        s.batch(|s| {
            for i in 0..300 {
                s.add_contact(&ContactFields::named(format!("Contact number {i} with a longer name")))?;
            }
            Ok(())
        })
        .unwrap();
        s.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
        drop(s);
        path
    }

    #[test]
    fn a_damaged_database_is_not_backed_up_and_its_good_backups_are_kept() {
        for kind in [Damage::ZeroedPage, Damage::FlippedBytes, Damage::WrongPageCount] {
            let dir = tempfile::tempdir().unwrap();
            let path = closed_store_with_pages(&dir);
            let s = Store::open(&path).unwrap();
            for d in 1..=KEEP_DAILY as u32 {
                daily_if_due(s.connection(), &path, day(d, 9)).unwrap().unwrap();
            }
            let good = list(&path).unwrap();
            drop(s);
            damage(&path, kind);

            // A week of starts on the damaged file: every daily backup is refused, none rotated.
            for d in 10..=17 {
                let conn = Connection::open(&path).unwrap();
                let err = daily_if_due(&conn, &path, day(d, 9)).unwrap_err();
                assert_eq!(err.reason().key(), "backup_of_damaged_restore", "{kind:?}: {err}");
                assert!(err.to_string().contains("no backup was taken"), "{kind:?}: {err}");
                assert!(err.to_string().contains(&good[0].name), "{kind:?}: the newest good one is named: {err}");
            }
            let conn = Connection::open(&path).unwrap();
            let err = create(&conn, &path, BackupKind::Manual, day(18, 9)).unwrap_err();
            assert_eq!(err.reason().key(), "backup_of_damaged_restore", "{kind:?}: {err}");
            let err = backup_to(&conn, &dir.path().join("copy.db")).unwrap_err();
            assert_eq!(err.reason().key(), "backup_of_damaged_restore", "{kind:?}: {err}");
            assert!(!dir.path().join("copy.db").exists());
            assert_eq!(list(&path).unwrap(), good, "{kind:?}: the good backups are all still there");
            for b in &good {
                assert_eq!(validate(&b.path).unwrap(), latest_schema_version());
            }
        }
    }

    /// The names in the folder `dir`, sorted.
    fn folder(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_database_no_store_can_open_is_restored_by_replacing_the_file_and_the_damaged_one_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = closed_store_with_pages(&dir);
        let good = {
            let s = Store::open(&path).unwrap();
            create(s.connection(), &path, BackupKind::Manual, day(1, 9)).unwrap()
        };
        damage(&path, Damage::WrongPageCount);
        assert!(Store::open(&path).is_err(), "the wrong page count keeps the store shut");
        let damaged_bytes = std::fs::read(&path).unwrap();
        // What a crashed app leaves beside it: kept with the damaged file, never read.
        std::fs::write(dir.path().join("rapport.db-wal"), b"what the wal held").unwrap();
        std::fs::write(dir.path().join("rapport.db-shm"), b"what the shm held").unwrap();

        // Refused sources: garbage, another SQLite file, a damaged backup. Nothing moves.
        let garbage = dir.path().join("garbage.db");
        std::fs::write(&garbage, vec![7u8; 8192]).unwrap();
        let foreign = dir.path().join("foreign.db");
        Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
        let broken = dir.path().join("broken.db");
        std::fs::copy(&good.path, &broken).unwrap();
        damage(&broken, Damage::ZeroedPage);
        let before = (folder(dir.path()), folder(&backup_dir(&path)));
        for bad in [&garbage, &foreign, &broken, &path] {
            let err = Store::restore_unopenable(&path, bad, day(2, 9)).err().expect("refused");
            assert_eq!(err.code(), "invalid", "{}: {err}", bad.display());
            assert!(std::fs::read(&path).unwrap() == damaged_bytes, "{}: the database is as it was", bad.display());
            assert_eq!((folder(dir.path()), folder(&backup_dir(&path))), before, "{}", bad.display());
        }

        let (store, report) = Store::restore_unopenable(&path, &good.path, day(2, 9)).unwrap();
        assert_eq!(names(&store).len(), 300);
        assert_eq!(report.schema_version, latest_schema_version());
        let integrity: String = store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok");
        let mode: String = store.connection().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal", "the restored database is the app's, not a backup's rollback-journal file");
        drop(store);

        // The damaged file and its two companions are kept, byte for byte, under one name.
        let kept = &report.pre_restore_backup.path;
        assert_eq!(report.pre_restore_backup.name, "rapport-20260302-090000-pre-restore-damaged.db");
        assert!(std::fs::read(kept).unwrap() == damaged_bytes);
        let companion = |suffix: &str| std::fs::read(format!("{}{suffix}", kept.display())).unwrap();
        assert_eq!(companion("-wal"), b"what the wal held");
        // The -shm is SQLite's index of the -wal, rebuilt by any reader: moved along, not compared.
        assert!(!companion("-shm").is_empty());
        // Never a backup: not listed, so never rotated out nor offered.
        assert!(list(&path).unwrap().iter().all(|b| &b.path != kept));
        // No partial copy is left in the database's folder.
        assert!(folder(dir.path()).iter().all(|n| !n.contains(".partial-")), "{:?}", folder(dir.path()));
        assert!(Store::open(&path).is_ok());
    }

    #[test]
    fn a_file_check_reads_only_and_tells_good_damaged_and_encrypted_apart() {
        for kind in Damage::ALL {
            let dir = tempfile::tempdir().unwrap();
            let path = closed_store_with_pages(&dir);
            for full in [false, true] {
                assert_eq!(check_database_file(&path, &path, full), FileCheck::Good);
            }
            damage(&path, kind);
            let bytes = std::fs::read(&path).unwrap();
            for full in [false, true] {
                match check_database_file(&path, &path, full) {
                    FileCheck::Damaged { detail } => assert!(!detail.is_empty() && detail != "ok", "{kind:?}"),
                    other => panic!("{kind:?} (full: {full}): {other:?}"),
                }
            }
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{kind:?}: checking wrote nothing");
        }
        // No SQLite header: damaged, unless the database's key file says it is encrypted.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        std::fs::write(&path, vec![0x5Au8; 8192]).unwrap();
        assert!(matches!(check_database_file(&path, &path, false), FileCheck::Damaged { .. }));
        std::fs::write(super::super::cipher::key_file_path(&path), "{}").unwrap();
        assert_eq!(check_database_file(&path, &path, false), FileCheck::NotChecked);
    }

    #[test]
    fn rotation_never_deletes_the_newest_backup_that_passes_a_check() {
        let dir = tempfile::tempdir().unwrap();
        let path = closed_store_with_pages(&dir);
        let s = Store::open(&path).unwrap();
        for d in 1..=(KEEP_DAILY as u32 + 1) {
            daily_if_due(s.connection(), &path, day(d, 9)).unwrap().unwrap();
        }
        let mut dailies = list(&path).unwrap();
        assert_eq!(dailies.len(), KEEP_DAILY, "the oldest was rotated out as usual");
        // Every copy but the oldest goes bad on disk; one more daily would rotate the oldest out.
        let oldest = dailies.pop().unwrap();
        for b in &dailies {
            damage(&b.path, Damage::ZeroedPage);
        }
        std::fs::write(&dailies[0].path, b"not a database").unwrap();
        for extra in 20..22 {
            std::fs::copy(&dailies[1].path, backup_dir(&path).join(format!("rapport-202603{extra}-090000-daily.db")))
                .unwrap();
        }
        rotate(&path, BackupKind::Daily).unwrap();
        let left = list(&path).unwrap();
        assert!(left.contains(&oldest), "the only good backup survives rotation");
        assert_eq!(left.len(), KEEP_DAILY + 1, "the damaged ones beyond seven went instead");
        assert_eq!(validate(&oldest.path).unwrap(), latest_schema_version());
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_named_for_what_it_is_never_encrypted() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store_with(&dir, &["Ana"]);
        let before = s.export().unwrap();
        let json = dir.path().join("export.json");
        std::fs::write(&json, serde_json::to_vec(&before).unwrap()).unwrap();
        let noise = dir.path().join("noise.db");
        std::fs::write(&noise, (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<_>>()).unwrap();
        let text = dir.path().join("passwd");
        std::fs::write(&text, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
        for file in [&json, &noise, &text] {
            let err = s.restore_backup_file(file, day(1, 9)).unwrap_err();
            let message = err.to_string();
            assert_eq!(err.reason().key(), "not_sqlite_file", "{message}");
            assert!(message.contains("is not a SQLite database") && message.contains("changed nothing"), "{message}");
            assert!(!message.contains("is encrypted") && !message.contains("copy"), "{message}");
        }
        assert_eq!(s.export().unwrap(), before);
        assert!(list(s.path().unwrap()).unwrap().is_empty(), "not even a pre-restore copy");
    }

    #[test]
    fn a_database_whose_header_is_damaged_is_not_called_encrypted_and_is_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = closed_store_with_pages(&dir);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[..16].fill(0);
        std::fs::write(&path, &bytes).unwrap();
        let keychain = crate::crypt::NoKeychain("none".into());
        let err = Store::open_with_key(&path, &keychain, None).err().expect("a damaged header does not open");
        assert_eq!((err.code(), err.reason().key()), ("invalid", "not_sqlite_file"), "{err}");
        assert!(!err.to_string().contains("is encrypted"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file is untouched");
    }

    /// Bytes 18 and 19 of a SQLite file: 1 for a rollback journal, 2 for WAL.
    fn file_format(path: &Path) -> [u8; 2] {
        let bytes = std::fs::read(path).unwrap();
        [bytes[18], bytes[19]]
    }

    fn beside(path: &Path) -> Vec<String> {
        ["-wal", "-shm", "-journal"]
            .iter()
            .map(|s| format!("{}{s}", path.display()))
            .filter(|p| Path::new(p).exists())
            .collect()
    }

    /// Issue 17, item 12: a backup is one self-contained file in rollback-journal mode, so it can
    /// be read from a read-only folder (a WAL-marked copy needs a -wal and a -shm created beside
    /// it, and was "not a readable database" there). The copy taken before a migration too.
    #[test]
    fn backups_are_written_in_rollback_journal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(&dir, &["Ana"]);
        let path = s.path().unwrap().to_path_buf();
        assert_eq!(file_format(&path), [2, 2], "the database itself stays WAL");
        let manual = create(s.connection(), &path, BackupKind::Manual, day(1, 9)).unwrap();
        let daily = daily_if_due(s.connection(), &path, day(2, 9)).unwrap().unwrap();
        let named = dir.path().join("copy.db");
        backup_to(s.connection(), &named).unwrap();
        let before_migration = dir.path().join("before-migration.db");
        copy_database(s.connection(), &before_migration).unwrap();
        for copy in [&manual.path, &daily.path, &named, &before_migration] {
            assert_eq!(file_format(copy), [1, 1], "{} is in rollback-journal mode", copy.display());
            assert!(beside(copy).is_empty(), "nothing beside {}: {:?}", copy.display(), beside(copy));
            assert_eq!(validate(copy).unwrap(), latest_schema_version());
        }
    }

    /// Checking, listing and restoring a backup read it without leaving a -wal or -shm beside it,
    /// even a WAL-marked backup taken by an older Rapport.
    #[test]
    fn checking_and_restoring_a_backup_leave_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store_with(&dir, &["Ana"]);
        let path = s.path().unwrap().to_path_buf();
        let made = create(s.connection(), &path, BackupKind::Manual, day(1, 9)).unwrap();
        // As an older Rapport wrote them: the same pages, marked WAL.
        let mut bytes = std::fs::read(&made.path).unwrap();
        bytes[18..20].copy_from_slice(&[2, 2]);
        std::fs::write(&made.path, &bytes).unwrap();
        s.add_contact(&ContactFields::named("Bruno")).unwrap();

        assert_eq!(validate(&made.path).unwrap(), latest_schema_version());
        assert_eq!(check_database_file(&path, &made.path, false), FileCheck::Good);
        assert_eq!(check_database_file(&path, &made.path, true), FileCheck::Good);
        assert_eq!(latest_good(&path).map(|b| b.name), Some(made.name.clone()));
        s.restore_backup(&made.name).unwrap();
        assert_eq!(names(&s), ["Ana"]);
        assert!(beside(&made.path).is_empty(), "left beside the backup: {:?}", beside(&made.path));
        assert_eq!(std::fs::read(&made.path).unwrap(), bytes, "the backup is unchanged");
    }

    #[test]
    fn partial_names_are_read_back() {
        assert_eq!(partial_name_parts(".rapport-x.db.partial-42"), Some(("rapport-x.db", 42)));
        assert_eq!(partial_name_parts(".a.partial-1.partial-7"), Some(("a.partial-1", 7)));
        assert_eq!(partial_name_parts(".r-1.db.partial-42-journal"), Some(("r-1.db", 42)));
        assert_eq!(partial_name_parts(".r-1.db.partial-42-wal"), Some(("r-1.db", 42)));
        for not_one in ["rapport-x.db.partial-42", ".rapport-x.db.partial-", ".x.partial-4a", "..partial-3", ".x"] {
            assert_eq!(partial_name_parts(not_one), None, "{not_one}");
        }
    }

    /// Issue 17, item 13: each killed backup left its `.NAME.partial-PID` copy, up to the
    /// database's size, for ever. A backup now sweeps the partial copies whose writer is gone
    /// (Linux: no such process in /proc; anywhere: untouched for an hour), and nothing else.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_backup_sweeps_what_killed_backups_left_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(&dir, &["Ana"]);
        let path = s.path().unwrap().to_path_buf();
        let folder = backup_dir(&path);
        std::fs::create_dir_all(&folder).unwrap();
        let gone = {
            let mut child = std::process::Command::new("true").spawn().unwrap();
            let pid = child.id();
            child.wait().unwrap();
            pid
        };
        let mut alive = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let write = |name: &str| {
            let file = folder.join(name);
            std::fs::write(&file, vec![0u8; 4096]).unwrap();
            file
        };
        let swept = [
            write(&format!(".rapport-20260301-090000-manual.db.partial-{gone}")),
            write(&format!(".rapport-20260301-090000-manual.db.partial-{gone}-journal")),
            write(&format!(".rapport-20260302-090000-daily.db.partial-{gone}")),
        ];
        // A live process whose partial file has not moved for two hours: its id was reused.
        let stale = write(&format!(".rapport-20260303-090000-daily.db.partial-{}", alive.id()));
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        std::fs::File::options().write(true).open(&stale).unwrap().set_modified(two_hours_ago).unwrap();
        let kept = [
            write(&format!(".rapport-20260304-090000-daily.db.partial-{}", alive.id())),
            write(&format!(".rapport-20260305-090000-daily.db.partial-{}", std::process::id())),
            write(&format!(".other-20260301-090000-daily.db.partial-{gone}")),
            write(&format!(".notes.txt.partial-{gone}")),
        ];

        let made = create(s.connection(), &path, BackupKind::Manual, day(9, 9)).unwrap();
        let _ = alive.kill();
        let _ = alive.wait();
        for file in swept.iter().chain([&stale]) {
            assert!(!file.exists(), "{} was swept", file.display());
        }
        for file in &kept {
            assert!(file.exists(), "{} was kept", file.display());
        }
        assert_eq!(list(&path).unwrap(), [made], "partial files are never listed as backups");

        // `backup PATH` sweeps what a killed copy to the same name left beside it, only that.
        let copy_debris = dir.path().join(format!(".copy.db.partial-{gone}"));
        let other_debris = dir.path().join(format!(".other.db.partial-{gone}"));
        std::fs::write(&copy_debris, b"half").unwrap();
        std::fs::write(&other_debris, b"half").unwrap();
        backup_to(s.connection(), &dir.path().join("copy.db")).unwrap();
        assert!(!copy_debris.exists() && other_debris.exists());
    }

    #[test]
    fn a_backup_is_found_by_name_only() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(&dir, &[]);
        let b = s.backup_now().unwrap();
        assert_eq!(s.find_backup(&b.name).unwrap().path, b.path);
        assert_eq!(s.find_backup("../rapport.db").unwrap_err().code(), "not_found");
        assert_eq!(s.find_backup(&b.path.display().to_string()).unwrap_err().code(), "not_found");
    }
}
