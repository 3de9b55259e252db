//! Files written for the user, exports and charts: one routine each, used by the window and the CLI.
//!
//! Where a file goes is a [`Destination`]: the file the caller named (the CLI's `--out`), replaced
//! only when forced, or a new dated name in a folder (the window's Downloads), never over anything.
//! Whatever the destination, the bytes are the same and so are the guarantees:
//!
//! - never one of the database's own files (the file, its `-wal`, `-shm`, `-journal`), by any path;
//! - a named target is checked before anything is drawn or written;
//! - the bytes go to a hidden temporary file beside the target (`.NAME.partial-PID`), flushed to
//!   disk, then take the target's name in one rename: a failed or killed write never leaves a
//!   truncated file under the name;
//! - a CSV set (eight files) is written whole into a temporary folder first, then put in place at
//!   the end: a new folder by one rename; into a folder that exists, by moving the eight in with
//!   the old ones parked aside, and put back if any move fails. A failed export leaves the old set
//!   or the new one, never a mix that would re-import as inconsistent data;
//! - what a killed export left (its `.NAME.partial-PID` file or folder, once that process is gone)
//!   is swept by the next one written to the same place; a CSV set killed while being moved in
//!   has its parked old files put back first, so the folder holds the old set again, whole.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use rapport_core::backup;
use rapport_core::charts::{self, ChartOptions};
use rapport_core::store::CSV_TABLES;
use rapport_core::{Error, Reason, Store};
use serde::{Deserialize, Serialize};

use crate::{display_path, home_dir, Result, Service};

/// The formats a chart can be saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Svg,
    Png,
}

impl FileFormat {
    fn extension(self) -> &'static str {
        match self {
            FileFormat::Svg => "svg",
            FileFormat::Png => "png",
        }
    }
}

/// The formats of an export: everything as JSON (which imports back), one CSV per table, or the
/// contacts as vCard 4.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Json,
    Csv,
    Vcard,
}

/// Where a file the user asked for goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// This file (for CSV, this folder, created if needed). A file that exists is replaced only
    /// when `force`; the database's files never are. `field` is the input that named the path
    /// (the CLI's `--out`), which a refusal names.
    Named { path: PathBuf, force: bool, field: &'static str },
    /// A new name in this folder (created if needed) that says what the file holds and its day,
    /// `rapport-export-2026-11-26.json`, then `rapport-export-2026-11-26 (2).json`...: never
    /// over anything.
    NewIn(PathBuf),
}

/// A file the app wrote for the user, and where, as they would write it.
#[derive(Debug, Clone, Serialize)]
pub struct SavedFile {
    pub path: String,
    pub path_display: String,
    pub bytes: usize,
}

impl SavedFile {
    pub(crate) fn at(path: &Path, bytes: usize) -> SavedFile {
        SavedFile { path_display: display_path(path, home_dir().as_deref()), path: path.display().to_string(), bytes }
    }
}

/// What an export wrote: one file, or a folder of CSV files.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    #[serde(flatten)]
    pub saved: SavedFile,
    /// For CSV: the files in the folder (`contacts.csv`...).
    pub files: Vec<String>,
    /// For JSON and vCard: what the file holds, for a caller's summary line.
    #[serde(skip)]
    pub summary: Option<ExportSummary>,
}

/// What a JSON or vCard export holds (a vCard holds contacts only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub contacts: usize,
    pub interactions: usize,
    pub posts: usize,
}

/// An export's content, before it is written anywhere.
#[derive(Debug, Clone)]
pub enum ExportContent {
    /// JSON or vCard: one file, and what it holds.
    File { bytes: Vec<u8>, summary: ExportSummary },
    /// CSV: one file per table, by file name (`contacts.csv`...), in core's order.
    Tables(Vec<(String, Vec<u8>)>),
}

fn render(store: &Store, format: ExportFormat) -> rapport_core::Result<ExportContent> {
    Ok(match format {
        ExportFormat::Json => {
            let export = store.export()?;
            let mut bytes = serde_json::to_vec_pretty(&export)?;
            // A text file ends with a newline; the CLI prints these same bytes to stdout.
            bytes.push(b'\n');
            let summary = ExportSummary {
                contacts: export.contacts.len(),
                interactions: export.interactions.len(),
                posts: export.posts.len(),
            };
            ExportContent::File { bytes, summary }
        }
        ExportFormat::Vcard => {
            let text = store.export_vcard()?;
            // Folded lines start with a space and notes escape their newlines: a line that is
            // exactly BEGIN:VCARD starts a card.
            let contacts = text.split("\r\n").filter(|line| *line == "BEGIN:VCARD").count();
            ExportContent::File { bytes: text.into_bytes(), summary: ExportSummary { contacts, ..Default::default() } }
        }
        ExportFormat::Csv => ExportContent::Tables(
            store.export_csv()?.into_iter().map(|(name, bytes)| (format!("{name}.csv"), bytes)).collect(),
        ),
    })
}

/// The file names of a CSV export, known before anything is read.
fn csv_names() -> Vec<String> {
    CSV_TABLES.iter().map(|name| format!("{name}.csv")).collect()
}

/// Exports and charts.
impl Service {
    /// What an export of `format` holds, read in one call: the bytes the file gets (the CLI
    /// prints a JSON or vCard export to stdout from these).
    pub fn export_content(&self, format: ExportFormat) -> Result<ExportContent> {
        self.read(|s| render(s, format))
    }

    /// Exports everything (JSON), one CSV per table (into a folder), or the contacts as vCard 4.0
    /// to `to`. See the module's documentation for what is checked and how it is written.
    pub fn export(&self, format: ExportFormat, to: &Destination) -> Result<Exported> {
        let names = if format == ExportFormat::Csv { csv_names() } else { Vec::new() };
        // Before reading the database: a refused export costs nothing.
        self.check_named(to, &names)?;
        let stem = format!("rapport-export-{}", chrono::Local::now().format("%Y-%m-%d"));
        match self.export_content(format)? {
            ExportContent::File { bytes, summary } => {
                let ext = if format == ExportFormat::Json { "json" } else { "vcf" };
                let path = self.place_file(to, &stem, ext, &bytes)?;
                Ok(Exported { saved: SavedFile::at(&path, bytes.len()), files: Vec::new(), summary: Some(summary) })
            }
            ExportContent::Tables(tables) => {
                let folder = self.place_tables(to, &format!("{stem}-csv"), &tables)?;
                let total = tables.iter().map(|(_, bytes)| bytes.len()).sum();
                let files = tables.into_iter().map(|(name, _)| name).collect();
                Ok(Exported { saved: SavedFile::at(&folder, total), files, summary: None })
            }
        }
    }

    /// The window's export: into `dir` under a new dated name.
    pub fn export_to_folder(&self, format: ExportFormat, dir: &Path) -> Result<Exported> {
        self.export(format, &Destination::NewIn(dir.to_path_buf()))
    }

    /// Draws one chart (docs/charts.md) as SVG or PNG and saves it to `to`; a new name says what
    /// it is (`rapport-index-2026-11-26.svg`). A chart of one contact reads only that contact's
    /// part of the history.
    pub fn save_chart_to(&self, options: &ChartOptions, format: FileFormat, to: &Destination) -> Result<SavedFile> {
        self.check_named(to, &[])?;
        let kind = options.kind;
        let (bytes, name) = self.read(|s| {
            let (history, name) = match options.contact {
                Some(id) if kind.takes_contact() => (s.contact_history(id)?, Some(s.contact(id)?.fields.display_name)),
                _ => (s.history()?, None),
            };
            let data = charts::prepare(&history, options, &s.model_settings()?)?;
            let bytes = match format {
                FileFormat::Svg => charts::draw_svg(&data, options)?.into_bytes(),
                FileFormat::Png => charts::draw_png(&data, options)?,
            };
            Ok((bytes, name))
        })?;
        let day = DateTime::from_timestamp(options.to, 0).unwrap_or_default().date_naive();
        let stem = charts::file_stem(kind, name.as_deref(), day);
        let path = self.place_file(to, &stem, format.extension(), &bytes)?;
        Ok(SavedFile::at(&path, bytes.len()))
    }

    /// Refuses a named single-file destination before any work is done (see `check_named`).
    pub(crate) fn check_destination(&self, to: &Destination) -> Result<()> {
        self.check_named(to, &[])
    }

    /// The window's chart file: into `dir` under a new name, never over an existing file.
    pub fn save_chart(&self, options: &ChartOptions, format: FileFormat, dir: &Path) -> Result<SavedFile> {
        self.save_chart_to(options, format, &Destination::NewIn(dir.to_path_buf()))
    }

    /// Refuses a named destination: one of the database's files, a folder where a file goes, or
    /// (unless forced) a file that exists. `names` are the files a folder destination will hold
    /// (CSV); none for a single file. A new name in a folder needs no check: it names nothing
    /// that exists, and never ends like the files SQLite keeps beside a database.
    fn check_named(&self, to: &Destination, names: &[String]) -> Result<()> {
        let Destination::Named { path, force, field } = to else { return Ok(()) };
        let mut targets = vec![path.clone()];
        targets.extend(names.iter().map(|name| path.join(name)));
        for target in &targets {
            self.read(|s| s.check_write_target(field, target))?;
        }
        // A CSV folder may exist: its files are what may not.
        let files = if names.is_empty() { &targets[..] } else { &targets[1..] };
        for file in files {
            match std::fs::symlink_metadata(file) {
                Ok(meta) if meta.is_dir() => return Err(in_the_way(file).into()),
                Ok(_) if !force => return Err(exists(field, file).into()),
                _ => {}
            }
        }
        Ok(())
    }

    /// Writes one file to `to` (see the module's documentation); returns where.
    pub(crate) fn place_file(&self, to: &Destination, stem: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf> {
        match to {
            Destination::Named { path, force, field } => {
                self.check_named(to, &[])?;
                sweep_beside(path);
                let tmp = write_temp(path, bytes)?;
                let placed = if *force { std::fs::rename(&tmp.0, path).map(|()| true) } else { link_new(&tmp.0, path) };
                match placed {
                    Ok(true) => Ok(path.clone()),
                    // Created by someone else since the check.
                    Ok(false) => Err(exists(field, path).into()),
                    Err(source) => Err(Error::Io { path: path.clone(), source }.into()),
                }
            }
            Destination::NewIn(dir) => {
                create_dir(dir)?;
                sweep_new_in(dir);
                let tmp = write_temp(&dir.join(format!("{stem}.{ext}")), bytes)?;
                for n in 1..1000 {
                    let path = numbered(dir, stem, Some(ext), n);
                    match link_new(&tmp.0, &path) {
                        Ok(true) => return Ok(path),
                        Ok(false) => continue,
                        Err(source) => return Err(Error::Io { path, source }.into()),
                    }
                }
                Err(no_free_name(dir, &format!("{stem}.{ext}")).into())
            }
        }
    }

    /// Writes a set of files into a folder at `to`, all or none of them (see the module's
    /// documentation); returns the folder.
    fn place_tables(&self, to: &Destination, stem: &str, tables: &[(String, Vec<u8>)]) -> Result<PathBuf> {
        let names: Vec<String> = tables.iter().map(|(name, _)| name.clone()).collect();
        match to {
            Destination::Named { path: dir, .. } => {
                self.check_named(to, &names)?;
                if dir.is_dir() {
                    // Inside the folder, so that each move into place is a rename on one disk.
                    sweep_beside(&dir.join(CSV_PARTIAL));
                    let tmp = write_set(&partial_name(&dir.join(CSV_PARTIAL)), tables)?;
                    move_in(&tmp.0, dir, &names).map_err(|e| io(dir, e))?;
                } else {
                    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                        create_dir(parent)?;
                    }
                    sweep_beside(dir);
                    let tmp = write_set(&partial_name(dir), tables)?;
                    std::fs::rename(&tmp.0, dir).map_err(|e| io(dir, e))?;
                }
                sync_dir(dir);
                Ok(dir.clone())
            }
            Destination::NewIn(dir) => {
                create_dir(dir)?;
                sweep_new_in(dir);
                let tmp = write_set(&partial_name(&dir.join(stem)), tables)?;
                for n in 1..1000 {
                    let path = numbered(dir, stem, None, n);
                    if std::fs::symlink_metadata(&path).is_ok() {
                        continue;
                    }
                    std::fs::rename(&tmp.0, &path).map_err(|e| io(&path, e))?;
                    return Ok(path);
                }
                Err(no_free_name(dir, stem).into())
            }
        }
    }
}

/// The name of the temporary folder a CSV set is written to inside a folder that exists.
const CSV_PARTIAL: &str = "rapport-csv";

/// Takes away what a killed export to `target` left beside it (see the module's documentation).
fn sweep_beside(target: &Path) {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    sweep(dir, |n| n == name);
}

/// Takes away what killed exports and charts left in `dir`, a folder that gets new names: all
/// of them start with `rapport-`, and nothing else there is touched.
fn sweep_new_in(dir: &Path) {
    sweep(dir, |n| n.starts_with("rapport-"));
}

/// Removes the debris in `dir` whose name `belongs` accepts, once its writer is gone
/// (`backup::find_debris`). A CSV folder whose old files could not all be put back is kept for a
/// later sweep: removing it would delete them.
fn sweep(dir: &Path, belongs: impl Fn(&str) -> bool) {
    for debris in backup::find_debris(dir, belongs) {
        if put_back_parked(&debris, dir) {
            let _ = backup::remove_debris(&debris);
        }
    }
}

/// Undoes the moves of a CSV set killed in [`move_in`]: its `tmp/old` holds the files it had
/// parked; each goes back to `dir`, and a file moved in with no old one before it is taken out, so
/// `dir` holds its old set again. True when `tmp` holds nothing that is still needed.
fn put_back_parked(tmp: &Path, dir: &Path) -> bool {
    let parked = tmp.join("old");
    if !parked.is_dir() {
        return true;
    }
    let mut all_back = true;
    for name in csv_names() {
        let (old, target) = (parked.join(&name), dir.join(&name));
        let undone = if old.exists() {
            std::fs::rename(&old, &target)
        } else if !tmp.join(&name).exists() {
            // Moved in by the killed export, with no old file under this name before it.
            std::fs::remove_file(&target).or_else(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Ok(())
                } else {
                    Err(e)
                }
            })
        } else {
            Ok(())
        };
        all_back &= undone.is_ok();
    }
    all_back
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io { path: path.to_path_buf(), source }
}

fn exists(field: &'static str, path: &Path) -> Error {
    Error::invalid(field, Reason::FileExists { path: path.display().to_string() })
}

fn in_the_way(path: &Path) -> Error {
    Error::Io { path: path.to_path_buf(), source: std::io::Error::other("a folder has this name; nothing was written") }
}

fn no_free_name(dir: &Path, name: &str) -> Error {
    Error::invalid("file", Reason::NoFreeName { name: name.to_string(), dir: dir.display().to_string() })
}

fn create_dir(dir: &Path) -> rapport_core::Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })
}

/// `stem.ext` (or the folder `stem`), then `stem (2).ext`...
fn numbered(dir: &Path, stem: &str, ext: Option<&str>, n: u32) -> PathBuf {
    let name = if n == 1 { stem.to_string() } else { format!("{stem} ({n})") };
    match ext {
        Some(ext) => dir.join(format!("{name}.{ext}")),
        None => dir.join(name),
    }
}

/// A temporary file or folder, removed when dropped unless it was renamed away.
struct Temp(PathBuf);

impl Drop for Temp {
    fn drop(&mut self) {
        match std::fs::symlink_metadata(&self.0) {
            Ok(meta) if meta.is_dir() => {
                let _ = std::fs::remove_dir_all(&self.0);
            }
            Ok(_) => {
                let _ = std::fs::remove_file(&self.0);
            }
            Err(_) => {}
        }
    }
}

/// `.NAME.partial-PID` beside `target`: hidden, and named by the process that writes it.
fn partial_name(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    target.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// Writes `bytes` to a temporary file beside `target`, flushed to disk. Errors name `target`,
/// the file the user asked for.
fn write_temp(target: &Path, bytes: &[u8]) -> rapport_core::Result<Temp> {
    let tmp = Temp(partial_name(target));
    let written = std::fs::File::create(&tmp.0).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    written.map_err(|source| Error::Io { path: target.to_path_buf(), source })?;
    Ok(tmp)
}

/// Writes every file of a set into the new folder `folder`, each flushed to disk.
fn write_set(folder: &Path, tables: &[(String, Vec<u8>)]) -> rapport_core::Result<Temp> {
    // A folder of this name is debris of a killed run whose process id this one now has.
    if folder.exists() {
        let dir = folder.parent().unwrap_or_else(|| Path::new("."));
        if !put_back_parked(folder, dir) {
            return Err(Error::Io {
                path: folder.to_path_buf(),
                source: std::io::Error::other("old files parked here could not be put back"),
            });
        }
        let _ = std::fs::remove_dir_all(folder);
    }
    std::fs::create_dir(folder).map_err(|source| Error::Io { path: folder.to_path_buf(), source })?;
    let tmp = Temp(folder.to_path_buf());
    for (name, bytes) in tables {
        let path = folder.join(name);
        let written = std::fs::File::create(&path).and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        });
        written.map_err(|source| Error::Io { path, source })?;
    }
    Ok(tmp)
}

/// Gives `tmp` the name `target` unless something already has that name. A hard link refuses to
/// replace, so two writers can never both take one name; where links are not supported (FAT,
/// some network drives) a look, then a rename. `Ok(false)`: the name is taken.
fn link_new(tmp: &Path, target: &Path) -> std::io::Result<bool> {
    match std::fs::hard_link(tmp, target) {
        // The temporary name goes with its guard.
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(_) if std::fs::symlink_metadata(target).is_ok() => Ok(false),
        Err(_) => std::fs::rename(tmp, target).map(|()| true),
    }
}

/// Moves the files `names` from `tmp` into `dir`, each old file of the same name first parked in
/// `tmp/old` (deleted with `tmp`). If any move fails, the ones done are taken back out and the
/// old files put back: `dir` is left with its old set or the new one.
fn move_in(tmp: &Path, dir: &Path, names: &[String]) -> std::io::Result<()> {
    let parked = tmp.join("old");
    std::fs::create_dir(&parked)?;
    let mut done: Vec<(&str, bool)> = Vec::new();
    for name in names {
        let target = dir.join(name);
        let had_old = match std::fs::rename(&target, parked.join(name)) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => {
                undo(tmp, dir, &done);
                return Err(e);
            }
        };
        if let Err(e) = std::fs::rename(tmp.join(name), &target) {
            if had_old {
                let _ = std::fs::rename(parked.join(name), &target);
            }
            undo(tmp, dir, &done);
            return Err(e);
        }
        done.push((name, had_old));
    }
    Ok(())
}

/// Takes the files `done` moved in back out of `dir`, and puts the old ones back.
fn undo(tmp: &Path, dir: &Path, done: &[(&str, bool)]) {
    for (name, had_old) in done.iter().rev() {
        let target = dir.join(name);
        let _ = std::fs::rename(&target, tmp.join(name));
        if *had_old {
            let _ = std::fs::rename(tmp.join("old").join(name), &target);
        }
    }
}

/// Flushes a folder's entries (the renames into it) to disk where the system allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(dir: &Path, names: &[&str], content: &str) {
        for name in names {
            std::fs::write(dir.join(name), content).unwrap();
        }
    }

    fn read(dir: &Path, name: &str) -> String {
        std::fs::read_to_string(dir.join(name)).unwrap()
    }

    #[test]
    fn a_move_that_fails_half_way_puts_the_old_set_back() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = ["a.csv", "b.csv", "c.csv", "d.csv"].map(String::from).to_vec();
        set(dir.path(), &["a.csv", "b.csv", "c.csv"], "old");
        let tmp = dir.path().join(".partial");
        std::fs::create_dir(&tmp).unwrap();
        // The third new file is missing: its move fails after two have been made.
        set(&tmp, &["a.csv", "b.csv", "d.csv"], "new");

        assert!(move_in(&tmp, dir.path(), &names).is_err());
        for name in ["a.csv", "b.csv", "c.csv"] {
            assert_eq!(read(dir.path(), name), "old", "{name} is the old one again");
        }
        assert!(!dir.path().join("d.csv").exists(), "no new file is left among the old ones");
    }

    #[test]
    fn a_move_puts_the_whole_new_set_in_place_and_parks_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = ["a.csv", "b.csv"].map(String::from).to_vec();
        set(dir.path(), &["a.csv", "other.txt"], "old");
        let tmp = dir.path().join(".partial");
        std::fs::create_dir(&tmp).unwrap();
        set(&tmp, &["a.csv", "b.csv"], "new");

        move_in(&tmp, dir.path(), &names).unwrap();
        assert_eq!((read(dir.path(), "a.csv"), read(dir.path(), "b.csv")), ("new".into(), "new".into()));
        assert_eq!(read(dir.path(), "other.txt"), "old", "files not in the set are left alone");
        assert_eq!(read(&tmp.join("old"), "a.csv"), "old");
    }

    /// The id of a process that has ended (its debris is anyone's to sweep).
    #[cfg(unix)]
    fn gone_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    /// Issue 17, item 13: an export killed while it moved a CSV set into a folder left a mix of
    /// new and old files there, its old ones parked in its temporary folder. The next export to
    /// that folder puts the old set back first (then writes its own): at every point a kill can
    /// land, the sweep leaves the old set, whole, and no debris.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_csv_set_killed_while_moving_in_is_put_back_whole_by_the_next_sweep() {
        let names = csv_names();
        let pid = gone_pid();
        // The old set lacks the last table (an older export), so one new file has no old one.
        let old_names: Vec<&str> = names[..names.len() - 1].iter().map(String::as_str).collect();
        for moved in 0..=names.len() {
            for parked_only in [false, true] {
                let dir = tempfile::tempdir().unwrap();
                set(dir.path(), &old_names, "old");
                set(dir.path(), &["notes.txt"], "mine");
                let tmp = dir.path().join(format!(".{CSV_PARTIAL}.partial-{pid}"));
                std::fs::create_dir_all(tmp.join("old")).unwrap();
                for name in &names {
                    std::fs::write(tmp.join(name), "new").unwrap();
                }
                // What `move_in` had done when the kill landed: `moved` files in, and maybe the
                // next old one parked but its new one not yet moved.
                let steps = if parked_only { (moved + 1).min(names.len()) } else { moved };
                for (i, name) in names.iter().enumerate().take(steps) {
                    let target = dir.path().join(name);
                    if target.exists() {
                        std::fs::rename(&target, tmp.join("old").join(name)).unwrap();
                    }
                    if i < moved {
                        std::fs::rename(tmp.join(name), &target).unwrap();
                    }
                }

                sweep_beside(&dir.path().join(CSV_PARTIAL));
                let mut left: Vec<String> = std::fs::read_dir(dir.path())
                    .unwrap()
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                left.sort();
                let mut expected: Vec<String> = old_names.iter().map(|n| n.to_string()).collect();
                expected.push("notes.txt".into());
                expected.sort();
                assert_eq!(left, expected, "{moved} moved (parked only: {parked_only}): the old set, no debris");
                for name in &old_names {
                    assert_eq!(read(dir.path(), name), "old", "{moved} moved: {name}");
                }
            }
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_rapports_own_debris_of_gone_processes_is_swept() {
        let dir = tempfile::tempdir().unwrap();
        let gone = gone_pid();
        let mut alive = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let debris = [
            format!(".rapport-export-2026-03-01.json.partial-{gone}"),
            format!(".rapport-export-2026-03-01-csv.partial-{gone}"),
            format!(".rapport-index-2026-03-01.svg.partial-{gone}"),
        ];
        let kept = [
            format!(".rapport-export-2026-03-01.json.partial-{}", alive.id()),
            format!(".rapport-export-2026-03-01.json.partial-{}", std::process::id()),
            format!(".thesis.tex.partial-{gone}"),
            format!("rapport-export.partial-{gone}"),
        ];
        for name in debris.iter().chain(&kept) {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        // A CSV set's partial is a folder.
        std::fs::remove_file(dir.path().join(&debris[1])).unwrap();
        std::fs::create_dir(dir.path().join(&debris[1])).unwrap();
        std::fs::write(dir.path().join(&debris[1]).join("contacts.csv"), "x").unwrap();
        sweep_new_in(dir.path());
        let _ = alive.kill();
        let _ = alive.wait();
        for name in &debris {
            assert!(!dir.path().join(name).exists(), "{name} was swept");
        }
        for name in &kept {
            assert!(dir.path().join(name).exists(), "{name} was kept");
        }
    }

    #[test]
    fn a_taken_name_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join("tmp");
        std::fs::write(&tmp, "new").unwrap();
        let taken = dir.path().join("taken");
        std::fs::write(&taken, "old").unwrap();
        assert!(!link_new(&tmp, &taken).unwrap());
        assert_eq!(std::fs::read_to_string(&taken).unwrap(), "old");
        let free = dir.path().join("free");
        assert!(link_new(&tmp, &free).unwrap());
        assert_eq!(std::fs::read_to_string(&free).unwrap(), "new");
    }
}
