//! The adversarial rerun of issue 17 ("Nothing lost, nothing misleading"): a catalogue of hostile
//! inputs and faults, item by item, against the real `rapport` binary (and the `Service` where the
//! window is the target). Each try is **held** when it is refused with a sentence that names what
//! was wrong, or handled correctly, and the database is left as it was (every table's rows read
//! back before and after, `integrity_check` ok; a damaged file byte for byte); otherwise it is
//! **broken**, with what happened. The test prints one table (item, tries, held, broken), the
//! figures docs/reliability.md and docs/security.md quote, and fails if anything is broken.
//!
//! Rerun: `cargo test -p rapport-cli --test adversarial -- --nocapture`.
//!
//! Linux only: FIFOs, /dev/zero, /proc for the sweep of killed writers, setpriv for read-only media.

#![cfg(target_os = "linux")]

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use common::{partials, Killed};
use rapport_core::backup::damage::{damage, Damage};
use rapport_core::backup::{self, BackupKind};
use rapport_core::Store;
use rapport_service::files::{Destination, ExportFormat};
use rapport_service::Service;
use serde_json::{json, Value};

/// A command that has not finished after this long is killed and counted broken (a FIFO that
/// blocks, /dev/zero read for ever).
const TIMEOUT: Duration = Duration::from_secs(20);

/// What one run of `rapport` did.
struct Out {
    /// None when it was killed (timeout) or died of a signal.
    code: Option<i32>,
    stdout: String,
    stderr: String,
    secs: f64,
}

impl Out {
    fn text(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// The binary under test: this build's, or another one named by `RAPPORT_ADVERSARIAL_BIN` (to
/// see what the same catalogue does to an older `rapport`).
fn binary() -> PathBuf {
    std::env::var_os("RAPPORT_ADVERSARIAL_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rapport")), PathBuf::from)
}

fn command(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(binary());
    cmd.arg("--db").arg(db).args(args).env_remove("RAPPORT_DB").env_remove("RUST_BACKTRACE").env("TZ", "UTC");
    if let Some(dir) = db.parent() {
        cmd.current_dir(dir);
    }
    cmd
}

fn finish(mut cmd: Command) -> Out {
    let start = Instant::now();
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Read the pipes on threads, so a large output cannot block the child.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        // A read cut short leaves what was read: enough to judge.
        let _ = std::io::Read::read_to_end(&mut out_pipe, &mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err_pipe, &mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > TIMEOUT {
            // Hung: killed, and counted broken by the caller (no exit code).
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let secs = start.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&out_thread.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_thread.join().unwrap()).into_owned();
    Out { code: status.and_then(|s| s.code()), stdout, stderr, secs }
}

fn rapport(db: &Path, args: &[&str]) -> Out {
    finish(command(db, args))
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = rapport(db, args);
    assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
    out.stdout
}

/// Refused: exit 1, an `error:` line, no panic, and every word of `names` in what it said.
fn refused(out: &Out, names: &[&str]) -> Result<(), String> {
    match out.code {
        None => return Err(format!("killed after {:.0} s (hung)", out.secs)),
        Some(0) => return Err(format!("accepted: {}", short(&out.text()))),
        Some(1) => {}
        Some(c) => return Err(format!("exit {c}: {}", short(&out.stderr))),
    }
    if out.stderr.contains("panicked") || !out.stderr.contains("error:") {
        return Err(format!("no sentence: {}", short(&out.stderr)));
    }
    let said = out.text();
    for name in names {
        if !said.contains(name) {
            return Err(format!("does not name {name:?}: {}", short(&out.stderr)));
        }
    }
    Ok(())
}

fn succeeded(out: &Out) -> Result<(), String> {
    match out.code {
        Some(0) => Ok(()),
        None => Err(format!("killed after {:.0} s (hung)", out.secs)),
        Some(c) => Err(format!("exit {c}: {}", short(&out.stderr))),
    }
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s.to_owned()
    }
}

/// Every table's rows (sorted, hashed), with the integrity check: equal fingerprints mean the
/// same content. A file that cannot be read any more says so (an export written over it).
fn fingerprint(db: &Path) -> String {
    read_fingerprint(db).unwrap_or_else(|e| format!("unreadable: {e}"))
}

fn read_fingerprint(db: &Path) -> rusqlite::Result<String> {
    // Read-write only so that closing it takes away the -wal and -shm it opened (a read-only
    // connection leaves them, which would make a read-only folder's database writable).
    let conn = rusqlite::Connection::open(db)?;
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let mut print = format!("integrity {check};");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let columns = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut row = String::new();
                for i in 0..columns {
                    write!(row, "{:?}|", r.get_ref(i)?).unwrap();
                }
                Ok(row)
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        rows.hash(&mut hasher);
        write!(print, " {table}:{}:{:x}", rows.len(), hasher.finish()).unwrap();
    }
    Ok(print)
}

fn unchanged(db: &Path, before: &str) -> Result<(), String> {
    let after = fingerprint(db);
    if after == before {
        Ok(())
    } else {
        Err(format!("database changed: {before} -> {after}"))
    }
}

fn same_bytes(path: &Path, before: &[u8]) -> Result<(), String> {
    match std::fs::read(path) {
        Ok(now) if now == before => Ok(()),
        Ok(_) => Err(format!("{} changed on disk", path.display())),
        Err(e) => Err(format!("{} cannot be read: {e}", path.display())),
    }
}

fn names_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

fn same_names(dir: &Path, before: &BTreeSet<String>) -> Result<(), String> {
    let now = names_in(dir);
    if &now == before {
        Ok(())
    } else {
        Err(format!("{} now holds {:?} (was {:?})", dir.display(), now, before))
    }
}

fn all(checks: impl IntoIterator<Item = Result<(), String>>) -> Result<(), String> {
    checks.into_iter().collect::<Result<Vec<()>, String>>().map(|_| ())
}

/// The table: one row per item of the issue.
#[derive(Default)]
struct Tally {
    rows: Vec<Row>,
}

struct Row {
    item: &'static str,
    covers: &'static str,
    tries: usize,
    held: usize,
    broken: Vec<String>,
}

impl Tally {
    fn row(&mut self, item: &'static str, covers: &'static str) -> &mut Row {
        self.rows.push(Row { item, covers, tries: 0, held: 0, broken: Vec::new() });
        self.rows.last_mut().unwrap()
    }
}

impl Row {
    fn note(&mut self, label: impl std::fmt::Display, outcome: Result<(), String>) {
        self.tries += 1;
        match outcome {
            Ok(()) => self.held += 1,
            Err(why) => self.broken.push(format!("{label}: {why}")),
        }
    }
}

/// Work directories, each a fresh copy of a template database.
struct Lab {
    root: tempfile::TempDir,
    demo: PathBuf,
    small: PathBuf,
    count: std::cell::Cell<usize>,
}

impl Lab {
    fn new() -> Lab {
        let root = tempfile::tempdir().unwrap();
        // Readable by `nobody`, who runs the binary in the read-only media tries.
        std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let demo = root.path().join("template-demo").join("rapport.db");
        std::fs::create_dir(demo.parent().unwrap()).unwrap();
        ok(&demo, &["demo"]);
        let small = root.path().join("template-small").join("rapport.db");
        std::fs::create_dir(small.parent().unwrap()).unwrap();
        for args in [
            &["contact", "add", "Ann Lee", "--email", "ann@example.com", "--circle", "Friends"][..],
            &["contact", "add", "Bob Stone", "--company", "Acme"],
            &["log", "--with", "Ann Lee", "--at", "2024-01-02", "--note", "Coffee", "--asked", "How was the move?"],
            &["log", "--with", "Ann Lee", "--at", "2024-01-05", "--by", "them", "--note", "Reply", "--answers", "1"],
            &["log", "--with", "Bob Stone", "--at", "2024-01-06", "--gave", "advice:A tip on contracts"],
            &["post", "add", "--platform", "LinkedIn", "--title", "Hello", "--at", "2024-02-01"],
            &["react", "1", "--kind", "comment", "--by", "Bob Stone", "--comment", "Nice", "--at", "2024-02-02"],
        ] {
            ok(&small, args);
        }
        Lab { root, demo, small, count: std::cell::Cell::new(0) }
    }

    /// A new folder holding a copy of `template` as `rapport.db`.
    fn copy(&self, template: &Path) -> PathBuf {
        let dir = self.folder();
        let db = dir.join("rapport.db");
        std::fs::copy(template, &db).unwrap();
        db
    }

    fn folder(&self) -> PathBuf {
        self.count.set(self.count.get() + 1);
        let dir = self.root.path().join(format!("try-{}", self.count.get()));
        std::fs::create_dir(&dir).unwrap();
        dir
    }
}

#[test]
fn hostile_inputs_and_faults_are_held() {
    let started = Instant::now();
    let lab = Lab::new();
    let mut tally = Tally::default();
    export_over_the_database(&lab, tally.row("1", "export over the database"));
    damaged_databases(&lab, tally.row("2", "damaged database: backups, daily rotation, writes"));
    restore_of_what_is_not_a_backup(&lab, tally.row("3", "restore of what is not a backup"));
    settings_payloads(&lab, tally.row("4", "settings in a JSON import"));
    csv_formulas(&lab, tally.row("5", "CSV formula injection"));
    control_characters(&lab, tally.row("6", "control characters (terminal injection)"));
    charts_of_hostile_names(&lab, tally.row("7", "charts of hostile names as XML"));
    invisible_and_mirrored_names(&lab, tally.row("8", "invisible and mirrored names"));
    import_sources(&lab, tally.row("9", "import sources that never end or are not files"));
    many_values(&lab, tally.row("10", "a card with 100,000 values"));
    read_only_media(&lab, tally.row("12", "read-only media"));
    killed_writers(&lab, tally.row("13", "SIGKILL during backup and CSV export, then the sweep"));
    json_import_rules(&lab, tally.row("14", "JSON import held to the rules"));
    reset_schema_versions(&lab, tally.row("15", "schema version reset or newer"));

    let mut table = String::from("\n| item | covers | tries | held | broken |\n| --- | --- | --- | --- | --- |\n");
    let (mut tries, mut held, mut broken) = (0, 0, Vec::new());
    for row in &tally.rows {
        writeln!(table, "| {} | {} | {} | {} | {} |", row.item, row.covers, row.tries, row.held, row.broken.len())
            .unwrap();
        tries += row.tries;
        held += row.held;
        broken.extend(row.broken.iter().map(|b| format!("item {}: {b}", row.item)));
    }
    writeln!(table, "| all | | {tries} | {held} | {} |", broken.len()).unwrap();
    println!("{table}");
    println!("adversarial rerun: {tries} tries in {:.1} s", started.elapsed().as_secs_f64());
    assert!(broken.is_empty(), "broken:\n{}", broken.join("\n"));
}

/// Item 1: `export --out` naming the database, however it is spelled.
fn export_over_the_database(lab: &Lab, row: &mut Row) {
    let db = lab.copy(&lab.small);
    let dir = db.parent().unwrap().to_path_buf();
    let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
    std::os::unix::fs::symlink("rapport.db", dir.join("link.db")).unwrap();
    std::fs::hard_link(&db, dir.join("hard.db")).unwrap();
    // A link to a -wal that does not exist yet: writing through it would plant a foreign -wal.
    std::os::unix::fs::symlink("rapport.db-wal", dir.join("wal-link")).unwrap();
    let before = fingerprint(&db);
    let absolute = db.display().to_string();
    let up = format!("../{folder}/rapport.db");
    let targets = [
        "rapport.db",
        "./rapport.db",
        up.as_str(),
        absolute.as_str(),
        "link.db",
        "hard.db",
        "rapport.db-wal",
        "rapport.db-shm",
        "rapport.db-journal",
        "wal-link",
    ];
    for format in ["json", "vcard", "csv"] {
        for target in targets {
            for force in [false, true] {
                let listing = names_in(&dir);
                let mut args = vec!["export", "--format", format, "--out", target];
                if force {
                    args.push("--force");
                }
                let out = rapport(&db, &args);
                row.note(
                    format!("export --format {format} --out {target}{}", if force { " --force" } else { "" }),
                    all([refused(&out, &["--out", target]), same_names(&dir, &listing), unchanged(&db, &before)]),
                );
            }
        }
    }
    // Another file that exists: refused without --force, replaced with it; the database untouched.
    std::fs::write(dir.join("old.vcf"), b"old").unwrap();
    let out = rapport(&db, &["export", "--format", "vcard", "--out", "old.vcf"]);
    row.note("export over another file, no --force", all([refused(&out, &["old.vcf"]), unchanged(&db, &before)]));
    let out = rapport(&db, &["export", "--format", "vcard", "--out", "old.vcf", "--force"]);
    let replaced = std::fs::read_to_string(dir.join("old.vcf")).unwrap_or_default().starts_with("BEGIN:VCARD");
    row.note(
        "export over another file, --force",
        all([succeeded(&out), if replaced { Ok(()) } else { Err("not replaced".into()) }, unchanged(&db, &before)]),
    );

    // The window's export routine (Service) given the database's own names.
    let service = Service::open(&db);
    for format in [ExportFormat::Json, ExportFormat::Vcard, ExportFormat::Csv] {
        for target in ["rapport.db", "link.db", "hard.db", "rapport.db-wal"] {
            let listing = names_in(&dir);
            let to = Destination::Named { path: dir.join(target), force: true, field: "out" };
            let outcome = match service.export(format, &to) {
                Ok(_) => Err("accepted".to_owned()),
                Err(e) if e.to_string().contains("database itself") => Ok(()),
                Err(e) => Err(format!("refused without naming the database: {e}")),
            };
            row.note(format!("Service::export {format:?} to {target}"), all([outcome, same_names(&dir, &listing)]));
        }
    }
    drop(service);
    row.note("the database after the Service tries", unchanged(&db, &before));
}

/// Item 2: the three damages against `backup now`, `backup PATH`, the daily rotation (core's
/// routine over a week, and the app's daily backup through the Service) and writes.
fn damaged_databases(lab: &Lab, row: &mut Row) {
    for kind in Damage::ALL {
        let db = lab.copy(&lab.demo);
        let dir = db.parent().unwrap().to_path_buf();
        let backups = dir.join("backups");
        {
            let store = Store::open(&db).unwrap();
            for day in 1..=7 {
                let at = Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap();
                backup::create(store.connection(), &db, BackupKind::Daily, at).unwrap();
            }
            store.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
        }
        damage(&db, kind);
        let bytes = std::fs::read(&db).unwrap();
        let good = names_in(&backups);
        let folder = names_in(&dir);

        let out = rapport(&db, &["backup", "now"]);
        row.note(
            format!("{kind:?}: backup now"),
            all([refused(&out, &["damaged"]), same_names(&backups, &good), same_bytes(&db, &bytes)]),
        );
        let out = rapport(&db, &["backup", "copy.db"]);
        row.note(
            format!("{kind:?}: backup PATH"),
            all([refused(&out, &["damaged"]), same_names(&dir, &folder), same_bytes(&db, &bytes)]),
        );

        // A week of the app's daily backups on the damaged file (core's routine, dated).
        let mut taken = 0;
        if let Ok(conn) = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) {
            for day in 8..=14 {
                let at = Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap();
                taken += usize::from(backup::daily_if_due(&conn, &db, at).is_ok_and(|made| made.is_some()));
            }
        }
        row.note(
            format!("{kind:?}: seven daily backups"),
            all([
                if taken == 0 { Ok(()) } else { Err(format!("{taken} damaged dailies taken")) },
                same_names(&backups, &good),
                same_bytes(&db, &bytes),
            ]),
        );
        // The app's own daily backup, through the Service, today.
        let service = Service::open(&db);
        let made = service.start_daily_backup().and_then(|t| t.join().unwrap());
        drop(service);
        row.note(
            format!("{kind:?}: Service daily backup"),
            all([
                made.map_or(Ok(()), |b| Err(format!("took {}", b.name))),
                same_names(&backups, &good),
                same_bytes(&db, &bytes),
            ]),
        );

        for args in
            [&["contact", "add", "New Person"][..], &["log", "--with", "1", "--note", "Call"], &["model", "reset"]]
        {
            let out = rapport(&db, args);
            row.note(
                format!("{kind:?}: {}", args.join(" ")),
                all([refused(&out, &["damaged"]), same_bytes(&db, &bytes), same_names(&backups, &good)]),
            );
        }
    }
}

/// Item 3: `restore` (and the window's restore by name) of files that are not Rapport backups.
fn restore_of_what_is_not_a_backup(lab: &Lab, row: &mut Row) {
    let dir = lab.folder();
    let json = dir.join("export.json");
    ok(&lab.small, &["export", "--format", "json", "--out", json.to_str().unwrap()]);
    let random = dir.join("random.bin");
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let noise: Vec<u8> = (0..8192)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    std::fs::write(&random, noise).unwrap();
    let header = dir.join("header.db");
    let mut bytes = std::fs::read(&lab.demo).unwrap();
    bytes[..16].copy_from_slice(b"Not SQLite here!");
    std::fs::write(&header, &bytes).unwrap();
    let zeroed = dir.join("zeroed.db");
    std::fs::copy(&lab.demo, &zeroed).unwrap();
    damage(&zeroed, Damage::ZeroedPage);
    let truncated = dir.join("truncated.db");
    let whole = std::fs::read(&lab.demo).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let empty = dir.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let foreign = dir.join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let sources: Vec<(&str, PathBuf)> = vec![
        ("a JSON export", json),
        ("8 KiB of random bytes", random),
        ("/etc/passwd", PathBuf::from("/etc/passwd")),
        ("a damaged header", header),
        ("a zeroed page", zeroed),
        ("half a database", truncated),
        ("an empty file", empty),
        ("a SQLite file of another program", foreign),
        ("a folder", dir.join("a-folder")),
        ("a file that does not exist", dir.join("missing.db")),
    ];
    std::fs::create_dir(dir.join("a-folder")).unwrap();
    let misleading = |text: &str| -> Result<(), String> {
        let lower = text.to_lowercase();
        for advice in ["encrypted database yet", "over the database", "cannot be recovered", "copy "] {
            if lower.contains(advice) {
                return Err(format!("says {advice:?}: {}", short(text)));
            }
        }
        Ok(())
    };
    let db = lab.copy(&lab.small);
    let backups = db.parent().unwrap().join("backups");
    let before = fingerprint(&db);
    for (what, source) in &sources {
        let listing = names_in(&backups);
        let out = rapport(&db, &["restore", source.to_str().unwrap(), "--yes"]);
        let source_name = source.file_name().unwrap().to_str().unwrap();
        row.note(
            format!("restore {what}"),
            all([
                refused(&out, &[source_name]),
                misleading(&out.stderr),
                same_names(&backups, &listing),
                unchanged(&db, &before),
            ]),
        );
    }
    // The window restores by name from the backups folder: the same files placed there.
    std::fs::create_dir_all(&backups).unwrap();
    for (i, (what, source)) in sources.iter().enumerate().filter(|(_, (_, s))| s.is_file()) {
        let name = format!("rapport-202601{:02}-090000-manual.db", i + 1);
        std::fs::copy(source, backups.join(&name)).unwrap();
        let listing = names_in(&backups);
        let service = Service::open(&db);
        let outcome = match service.restore_backup(&name) {
            Ok(_) => Err("restored".to_owned()),
            Err(e) => misleading(&e.to_string()),
        };
        drop(service);
        row.note(
            format!("Service::restore_backup of {what}"),
            all([outcome, same_names(&backups, &listing), unchanged(&db, &before)]),
        );
    }
    // A database SQLite cannot open (a wrong page count): restore replaces the file then, so
    // each of the same files must be refused before anything is moved or copied.
    let shut = lab.copy(&lab.small);
    damage(&shut, Damage::WrongPageCount);
    let shut_bytes = std::fs::read(&shut).unwrap();
    let shut_folder = shut.parent().unwrap().to_path_buf();
    for (what, source) in &sources {
        let listing = names_in(&shut_folder);
        let kept = names_in(&shut_folder.join("backups"));
        let out = rapport(&shut, &["restore", source.to_str().unwrap(), "--yes"]);
        let source_name = source.file_name().unwrap().to_str().unwrap();
        row.note(
            format!("restore {what} over a database no store can open"),
            all([
                refused(&out, &[source_name]),
                misleading(&out.stderr),
                same_names(&shut_folder, &listing),
                same_names(&shut_folder.join("backups"), &kept),
                same_bytes(&shut, &shut_bytes),
            ]),
        );
    }
}

/// A Rapport JSON export of the small template, to be spoiled.
fn small_export(lab: &Lab) -> Value {
    let out = ok(&lab.small, &["export", "--format", "json"]);
    serde_json::from_str(&out).unwrap()
}

/// Imports `doc` into a new empty database: the outcome, the database and its fingerprint before.
fn import_json(lab: &Lab, doc: &Value) -> (Out, PathBuf, String) {
    let dir = lab.folder();
    let db = dir.join("rapport.db");
    drop(Store::open(&db).unwrap());
    let before = fingerprint(&db);
    let file = dir.join("in.json");
    std::fs::write(&file, serde_json::to_vec(doc).unwrap()).unwrap();
    (rapport(&db, &["import", "in.json"]), db, before)
}

/// Item 4: settings a JSON import carries.
fn settings_payloads(lab: &Lab, row: &mut Row) {
    let base = small_export(lab);
    let model = serde_json::from_str::<Value>(&ok(&lab.small, &["model", "show", "--json"])).unwrap();
    let with_settings = |settings: Value| {
        let mut doc = base.clone();
        doc["settings"] = settings;
        doc
    };
    let mut negative = model.clone();
    negative["base_half_life_days"] = json!(-30.0);
    let mut zero_layers = model.clone();
    zero_layers["layer_sizes"] = json!([0, -5, 50, 150]);
    let refusals = [
        ("model is a string", with_settings(json!({ "model": "not an object" }))),
        ("model is a number", with_settings(json!({ "model": 42 }))),
        ("a negative half-life", with_settings(json!({ "model": negative }))),
        ("negative layer sizes", with_settings(json!({ "model": zero_layers }))),
    ];
    for (what, doc) in refusals {
        let (out, db, before) = import_json(lab, &doc);
        row.note(what, all([refused(&out, &["settings.model"]), unchanged(&db, &before)]));
    }
    let many: serde_json::Map<String, Value> = (0..100_000).map(|i| (format!("key.{i}"), json!(i))).collect();
    let mut padded = model.clone();
    padded["padding"] = json!("x".repeat(2_000_000));
    let accepted = [
        ("100,000 unknown keys", with_settings(Value::Object(many))),
        ("a 2 MB value under an unknown key", with_settings(json!({ "notes": "x".repeat(2_000_000) }))),
        ("a 2 MB field inside the model", with_settings(json!({ "model": padded }))),
        ("settings that are not an object", with_settings(json!("nothing"))),
    ];
    for (what, doc) in accepted {
        let (out, db, before) = import_json(lab, &doc);
        let outcome = match out.code {
            // Refused whole is held too, when it says why and writes nothing.
            Some(1) => all([refused(&out, &["not a Rapport export"]), unchanged(&db, &before)]),
            _ => all([succeeded(&out), settings_are_sound(&db)]),
        };
        row.note(what, outcome);
    }
}

/// After an import: only the settings Rapport knows, none large, and the model readable.
fn settings_are_sound(db: &Path) -> Result<(), String> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let rows: Vec<(String, i64)> = conn
        .prepare("SELECT key, length(value) FROM settings")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(conn);
    for (key, len) in &rows {
        if !["model", "demo.loaded"].contains(&key.as_str()) || *len > 100_000 {
            return Err(format!("stored setting {key} of {len} bytes"));
        }
    }
    for args in [&["model", "show"][..], &["report"]] {
        succeeded(&rapport(db, args)).map_err(|e| format!("{args:?} after the import: {e}"))?;
    }
    Ok(())
}

/// Item 5: text cells a spreadsheet would run, written through every text field into a CSV export.
fn csv_formulas(lab: &Lab, row: &mut Row) {
    let db = lab.copy(&lab.small);
    let dir = db.parent().unwrap().to_path_buf();
    let mut planted = Vec::new();
    for prefix in ["=", "+", "-", "@"] {
        let value = |what: &str| format!("{prefix}HYPERLINK(\"http://evil.example/{what}\")");
        let (name, company, notes, role) = (value("name"), value("company"), value("notes"), value("role"));
        // `--flag=VALUE` and `--` so that a leading `-` or `+` is taken as a value.
        let (company_arg, notes_arg, role_arg) =
            (format!("--company={company}"), format!("--notes={notes}"), format!("--role={role}"));
        ok(&db, &["contact", "add", &company_arg, &notes_arg, &role_arg, "--", &name]);
        let (summary, question) = (value("summary"), value("question"));
        let (with_arg, note_arg, asked_arg) =
            (format!("--with={name}"), format!("--note={summary}"), format!("--asked={question}"));
        ok(&db, &["log", &with_arg, "--at", "2024-03-01", &note_arg, &asked_arg]);
        let title = value("title");
        let title_arg = format!("--title={title}");
        ok(&db, &["post", "add", "--platform", "LinkedIn", &title_arg, "--at", "2024-03-02"]);
        let circle = value("circle");
        ok(&db, &["circle", "add", "--", &circle]);
        planted.extend([name, company, notes, role, summary, question, title, circle]);
    }
    // A leading tab or CR is trimmed from what is typed: what is left must still be quoted.
    for (args, value) in [
        (["contact", "add", "Phone Person", "--phone=+33 6 12 34 56 78"], "+33 6 12 34 56 78"),
        (["contact", "add", "Tab Person", "--notes=\t=1+2"], "=1+2"),
        (["contact", "add", "Cr Person", "--notes=\r=1+3"], "=1+3"),
        (["log", "--with=Ann Lee", "--at=2024-03-03", "--note=\t@SUM(A1)"], "@SUM(A1)"),
    ] {
        ok(&db, &args);
        planted.push(value.to_owned());
    }
    ok(&db, &["export", "--format", "csv", "--out", "csv"]);
    let mut cells = Vec::new();
    for entry in std::fs::read_dir(dir.join("csv")).unwrap().flatten() {
        cells.extend(csv_cells(&std::fs::read_to_string(entry.path()).unwrap()));
    }
    let starts_formula = |c: &str| c.starts_with(['=', '+', '-', '@', '\t', '\r']);
    for value in &planted {
        let quoted = format!("'{value}");
        let outcome = if cells.iter().any(|c| c == &quoted) {
            Ok(())
        } else if cells.iter().any(|c| c == value) {
            Err("written unquoted".to_owned())
        } else {
            Err("not found in the export".to_owned())
        };
        row.note(format!("cell {value:?}"), outcome);
    }
    let live: Vec<&String> = cells.iter().filter(|c| starts_formula(c)).collect();
    row.note(
        "no cell of the eight files starts a formula",
        if live.is_empty() { Ok(()) } else { Err(format!("cells starting a formula: {live:?}")) },
    );
    // A CR from a file (a JSON import keeps ids and dates): taken out, so no cell starts with it.
    let mut doc = small_export(lab);
    doc["contacts"][0]["notes"] = json!("\r=1+1");
    doc["contacts"][0]["company"] = json!("\r@SUM(A1)");
    let (out, imported, _) = import_json(lab, &doc);
    let export = rapport(&imported, &["export", "--format", "csv", "--out", "csv"]);
    let mut cells = Vec::new();
    for entry in std::fs::read_dir(imported.parent().unwrap().join("csv")).into_iter().flatten().flatten() {
        cells.extend(csv_cells(&std::fs::read_to_string(entry.path()).unwrap()));
    }
    let live: Vec<&String> = cells.iter().filter(|c| starts_formula(c)).collect();
    row.note(
        "cells starting with CR, imported then exported",
        all([
            succeeded(&out),
            succeeded(&export),
            if live.is_empty() { Ok(()) } else { Err(format!("cells starting a formula: {live:?}")) },
        ]),
    );
}

/// Every cell of an RFC 4180 CSV text.
fn csv_cells(text: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') | (false, '\n') => cells.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, c) => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

const CONTROLS: [(&str, &str); 8] = [
    ("ESC title", "\u{1b}]0;pwned\u{7}"),
    ("ESC clear", "\u{1b}[2J\u{1b}[H"),
    ("BEL", "\u{7}"),
    ("CR", "\r"),
    ("BS", "\u{8}"),
    ("DEL", "\u{7f}"),
    ("CSI U+009B", "\u{9b}31m"),
    ("NEL U+0085", "\u{85}"),
];

/// A raw control character (other than tab and newline) in `text`.
fn raw_control(text: &str) -> Option<char> {
    text.chars().find(|c| (c.is_control() && *c != '\n' && *c != '\t') || ('\u{202a}'..='\u{202e}').contains(c))
}

/// Item 6: control characters in each text field, typed, imported from a vCard, and already stored.
fn control_characters(lab: &Lab, row: &mut Row) {
    let db = lab.copy(&lab.small);
    let dir = db.parent().unwrap().to_path_buf();
    let before = fingerprint(&db);
    for (what, control) in CONTROLS {
        let text = format!("Eve{control}Smith");
        let gave = format!("advice:{text}");
        let fields: Vec<(&str, Vec<&str>)> = vec![
            ("name", vec!["contact", "add", &text]),
            ("given name", vec!["contact", "add", "Eve", "--given-name", &text]),
            ("family name", vec!["contact", "add", "Eve", "--family-name", &text]),
            ("nickname", vec!["contact", "add", "Eve", "--nickname", &text]),
            ("company", vec!["contact", "add", "Eve", "--company", &text]),
            ("role", vec!["contact", "add", "Eve", "--role", &text]),
            ("location", vec!["contact", "add", "Eve", "--location", &text]),
            ("how met", vec!["contact", "add", "Eve", "--how-met", &text]),
            ("notes", vec!["contact", "add", "Eve", "--notes", &text]),
            ("circle of a contact", vec!["contact", "add", "Eve", "--circle", &text]),
            ("new name", vec!["contact", "edit", "Ann Lee", "--name", &text]),
            ("summary", vec!["log", "--with", "Ann Lee", "--note", &text]),
            ("question", vec!["log", "--with", "Ann Lee", "--asked", &text]),
            ("post title", vec!["post", "add", "--platform", "LinkedIn", "--title", &text]),
            ("post platform", vec!["post", "add", "--platform", &text]),
            ("circle", vec!["circle", "add", &text]),
            ("comment", vec!["react", "1", "--kind", "comment", "--comment", &text]),
            ("value item note", vec!["log", "--with", "Ann Lee", "--gave", &gave]),
        ];
        for (field, args) in fields {
            let out = rapport(&db, &args);
            let printed_raw = raw_control(&out.text()).map(|c| Err(format!("printed U+{:04X} raw", c as u32)));
            row.note(
                format!("{what} in {field}, typed"),
                all([refused(&out, &["control character"]), printed_raw.unwrap_or(Ok(())), unchanged(&db, &before)]),
            );
        }
    }
    // An untrusted vCard: the dry run prints nothing raw, the import stores nothing raw.
    // A CR ends a vCard line (the format's own line break), so it is tried typed and stored only.
    for (what, control) in CONTROLS.iter().filter(|(w, _)| *w != "CR") {
        let before = fingerprint(&db);
        let t = format!("Vee{control}Card");
        let card = format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{t}\r\nN:{t};{t};;;\r\nNICKNAME:{t}\r\nORG:{t}\r\nTITLE:{t}\r\n\
             NOTE:{t}\r\nCATEGORIES:{t}\r\nEMAIL;TYPE={t}:vee{n}@example.com\r\nEND:VCARD\r\n",
            n = what.len()
        );
        let file = dir.join(format!("controls-{}.vcf", what.len()));
        std::fs::write(&file, card).unwrap();
        let file = file.to_str().unwrap();
        let out = rapport(&db, &["import", file, "--dry-run"]);
        let raw = raw_control(&out.text()).map(|c| Err(format!("printed U+{:04X} raw", c as u32)));
        row.note(
            format!("{what} in a vCard, dry run"),
            all([succeeded(&out), raw.unwrap_or(Ok(())), unchanged(&db, &before)]),
        );
        let out = rapport(&db, &["import", file]);
        let raw = raw_control(&out.text()).map(|c| Err(format!("printed U+{:04X} raw", c as u32)));
        row.note(
            format!("{what} in a vCard, imported"),
            all([succeeded(&out), raw.unwrap_or(Ok(())), stored_clean(&db)]),
        );
    }
    // Text already stored by an older Rapport: printed escaped by every listing.
    let stored = lab.copy(&lab.small);
    let hostile: String = CONTROLS.iter().map(|(_, c)| *c).collect();
    let conn = rusqlite::Connection::open(&stored).unwrap();
    conn.execute("UPDATE contacts SET display_name = ?1, notes = ?1, company = ?1 WHERE id = 1", [&hostile]).unwrap();
    conn.execute("UPDATE interactions SET summary = ?1", [&hostile]).unwrap();
    conn.execute("UPDATE questions SET text = ?1", [&hostile]).unwrap();
    drop(conn);
    for args in [
        &["contact", "list"][..],
        &["contact", "show", "1"],
        &["interactions"],
        &["questions"],
        &["report", "--contact", "1"],
        &["contact", "list", "--json"],
        &["contact", "show", "1", "--json"],
    ] {
        let out = rapport(&stored, args);
        let raw = raw_control(&out.text()).map(|c| Err(format!("printed U+{:04X} raw", c as u32)));
        row.note(format!("stored controls, {}", args.join(" ")), all([succeeded(&out), raw.unwrap_or(Ok(()))]));
    }
}

/// No stored text holds a control character (tab and newline allowed in notes and summaries) or
/// a direction control.
fn stored_clean(db: &Path) -> Result<(), String> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    for (table, column) in [
        ("contacts", "display_name"),
        ("contacts", "given_name"),
        ("contacts", "family_name"),
        ("contacts", "nickname"),
        ("contacts", "company"),
        ("contacts", "role"),
        ("contacts", "notes"),
        ("contact_emails", "label"),
        ("circles", "name"),
    ] {
        let texts: Vec<Option<String>> = conn
            .prepare(&format!("SELECT {column} FROM {table}"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        if let Some(bad) = texts.iter().flatten().find(|t| raw_control(t).is_some()) {
            return Err(format!("{table}.{column} holds {bad:?}"));
        }
    }
    Ok(())
}

/// Item 7: every chart of a contact whose name holds every control, markup and an override.
fn charts_of_hostile_names(lab: &Lab, row: &mut Row) {
    let db = lab.copy(&lab.small);
    let controls: String = (1u8..0x20).map(char::from).chain(['\u{7f}', '\u{9b}', '\u{85}', '\u{202e}']).collect();
    let name = format!("Mal <b>&amp;</b> ]]> \"'{controls}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE contacts SET display_name = ?1 WHERE id = 1", [&name]).unwrap();
    conn.execute("UPDATE circles SET name = ?1", [&name]).unwrap();
    conn.execute("UPDATE posts SET title = ?1", [&name]).unwrap();
    drop(conn);
    for kind in ["contact", "give_take", "follow_through", "calendar", "index", "layers", "reactions"] {
        let file = format!("{kind}.svg");
        let mut args = vec!["chart", kind, "--out", &file, "--from", "2023-06-01", "--to", "2024-06-01"];
        if ["contact", "give_take", "follow_through", "calendar"].contains(&kind) {
            args.extend(["--contact", "1"]);
        }
        let out = rapport(&db, &args);
        let outcome = succeeded(&out).and_then(|()| {
            let svg = std::fs::read_to_string(db.parent().unwrap().join(&file)).map_err(|e| e.to_string())?;
            roxmltree::Document::parse(&svg).map(|_| ()).map_err(|e| format!("not XML: {e}"))
        });
        row.note(format!("{kind} chart"), outcome);
    }
}

/// Item 8: names of invisible characters only, and names with direction overrides.
fn invisible_and_mirrored_names(lab: &Lab, row: &mut Row) {
    let db = lab.copy(&lab.small);
    let before = fingerprint(&db);
    let invisible = [
        "\u{200b}",
        "\u{200b}\u{200c}\u{200d}",
        "\u{2060}\u{feff}",
        "\u{00ad}",
        "\u{3164}",
        "\u{200b} \u{200b}",
        "\u{fe0f}",
        "\u{115f}\u{1160}",
    ];
    let mirrored = ["Ann \u{202e}moc.live", "\u{202d}Bob", "\u{2066}Eve\u{2069}", "\u{202b}Zed", "Al\u{202a}i"];
    for name in invisible.iter().chain(&mirrored) {
        let label = format!("{:?}", name.chars().map(|c| format!("U+{:04X}", c as u32)).collect::<Vec<_>>());
        let why = if invisible.contains(name) { "invisible" } else { "direction control" };
        for (how, args) in [
            ("contact add", vec!["contact", "add", name]),
            ("contact edit --name", vec!["contact", "edit", "Ann Lee", "--name", name]),
            ("--given-name", vec!["contact", "add", "Someone", "--given-name", name]),
            ("circle add", vec!["circle", "add", name]),
        ] {
            let out = rapport(&db, &args);
            let raw = raw_control(&out.text()).map(|c| Err(format!("printed U+{:04X} raw", c as u32)));
            row.note(
                format!("{how} {label}"),
                all([refused(&out, &[why]), raw.unwrap_or(Ok(())), unchanged(&db, &before)]),
            );
        }
    }
    // Joiners inside a visible name are kept: a family emoji and a Persian name.
    for name in [
        "Ann \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",
        "\u{0645}\u{06cc}\u{200c}\u{062e}\u{0648}\u{0627}\u{0647}\u{0645}",
    ] {
        let out = rapport(&db, &["contact", "add", name, "--json"]);
        let kept = serde_json::from_str::<Value>(&out.stdout).is_ok_and(|v| v["display_name"] == *name);
        row.note(
            format!("visible name with joiners {name:?}"),
            all([
                succeeded(&out),
                if kept { Ok(()) } else { Err(format!("stored otherwise: {}", short(&out.stdout))) },
            ]),
        );
    }
    // From a vCard: overrides taken out, an invisible-only name not stored as a name.
    let cards: String = invisible
        .iter()
        .chain(&mirrored)
        .enumerate()
        .map(|(i, n)| format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{n}\r\nEMAIL:card{i}@example.com\r\nEND:VCARD\r\n"))
        .collect();
    let imported = lab.copy(&lab.small);
    std::fs::write(imported.parent().unwrap().join("names.vcf"), cards).unwrap();
    let out = rapport(&imported, &["import", "names.vcf", "--skip-invalid"]);
    let conn = rusqlite::Connection::open_with_flags(&imported, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT display_name FROM contacts")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(conn);
    let visible = |n: &str| {
        n.chars().any(|c| {
            !c.is_whitespace()
                && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}' | '\u{3164}' | '\u{115f}' | '\u{1160}' | '\u{fe00}'..='\u{fe0f}')
        })
    };
    for name in &names {
        let outcome = if raw_control(name).is_some() || ('\u{2066}'..='\u{2069}').any(|c| name.contains(c)) {
            Err("a direction control was stored".to_owned())
        } else if !visible(name) {
            Err("an invisible name was stored".to_owned())
        } else {
            Ok(())
        };
        row.note(format!("imported name {name:?}"), outcome);
    }
    // The cards whose name is only invisible are refused by record, naming why.
    let refused_cards = out.stdout.matches("made only of invisible characters").count();
    row.note(
        "the vCard of hostile names, with --skip-invalid",
        all([
            succeeded(&out),
            if refused_cards == invisible.len() {
                Ok(())
            } else {
                Err(format!("{refused_cards} invisible names refused, not {}", invisible.len()))
            },
        ]),
    );
}

/// Item 9: import sources that are not regular files, or too large, refused at once.
fn import_sources(lab: &Lab, row: &mut Row) {
    let db = lab.copy(&lab.small);
    let dir = db.parent().unwrap().to_path_buf();
    let before = fingerprint(&db);
    let fifo = dir.join("pipe.vcf");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let folder = dir.join("folder.vcf");
    std::fs::create_dir(&folder).unwrap();
    let huge = dir.join("huge.vcf");
    std::fs::File::create(&huge).unwrap().set_len(1_100_000_000).unwrap(); // sparse: costs no disk
    let zero_link = dir.join("zero.vcf");
    std::os::unix::fs::symlink("/dev/zero", &zero_link).unwrap();
    let sources = [
        ("/dev/zero", PathBuf::from("/dev/zero")),
        ("a link to /dev/zero", zero_link),
        ("a FIFO", fifo),
        ("a folder", folder),
        ("a 1.1 GB (sparse) file", huge),
        ("/dev/urandom", PathBuf::from("/dev/urandom")),
    ];
    for (what, path) in &sources {
        for dry in [true, false] {
            let p = path.to_str().unwrap();
            let args: Vec<&str> = if dry { vec!["import", p, "--dry-run"] } else { vec!["import", p] };
            let out = rapport(&db, &args);
            let quick = if out.secs < 5.0 { Ok(()) } else { Err(format!("took {:.1} s", out.secs)) };
            // The size refusal names the limit; the others the path.
            let named = if what.contains("1.1 GB") { "1024 MB" } else { path.file_name().unwrap().to_str().unwrap() };
            row.note(
                format!("import {what}{}", if dry { " --dry-run" } else { "" }),
                all([refused(&out, &[named]), quick, unchanged(&db, &before)]),
            );
        }
    }
}

/// Item 10: one card with 100,000 values of a field, new and merged.
fn many_values(lab: &Lab, row: &mut Row) {
    let db = lab.copy(&lab.small);
    let dir = db.parent().unwrap().to_path_buf();
    let card = |name: &str, field: &dyn Fn(usize) -> String| {
        let mut text =
            format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{}@example.com\r\n", name.replace(' ', "."));
        for i in 0..100_000 {
            text.push_str(&field(i));
            text.push_str("\r\n");
        }
        text.push_str("END:VCARD\r\n");
        text
    };
    let cards = [
        ("emails", card("Many Mails", &|i| format!("EMAIL:m{i}@example.com"))),
        ("phones", card("Many Phones", &|i| format!("TEL:+33 6 {i:08}"))),
        ("links", card("Many Links", &|i| format!("URL:https://example.com/{i}"))),
    ];
    let categories = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many Circles\r\nCATEGORIES:{}\r\nEND:VCARD\r\n",
        (0..100_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",")
    );
    let mut slowest = 0.0_f64;
    for (what, text) in cards.iter().map(|(w, t)| (*w, t.as_str())).chain([("categories", categories.as_str())]) {
        let file = format!("{what}.vcf");
        std::fs::write(dir.join(&file), text).unwrap();
        // New, then the same file merged into the contact it made.
        for pass in ["new", "merged"] {
            let out = rapport(&db, &["import", &file]);
            slowest = slowest.max(out.secs);
            let quick = if out.secs < 10.0 { Ok(()) } else { Err(format!("took {:.1} s", out.secs)) };
            let warned = if pass == "merged" || out.stdout.contains("left out") {
                Ok(())
            } else {
                Err(format!("no warning: {}", short(&out.stdout)))
            };
            row.note(format!("100,000 {what}, {pass}"), all([succeeded(&out), quick, warned, capped(&db)]));
        }
    }
    println!("item 10: the slowest import of a card with 100,000 values took {slowest:.2} s (debug build)");
}

/// No contact keeps more values than the caps (50 emails, phones and links, 100 circles).
fn capped(db: &Path) -> Result<(), String> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    for (table, cap) in
        [("contact_emails", 50), ("contact_phones", 50), ("contact_links", 50), ("contact_circles", 100)]
    {
        let most: i64 = conn
            .query_row(
                &format!("SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM {table} GROUP BY contact_id)"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        if most > cap {
            return Err(format!("a contact holds {most} rows of {table}"));
        }
    }
    Ok(())
}

/// Item 12: a backup in a read-only folder, and a database in one, as a user chmod stops.
fn read_only_media(lab: &Lab, row: &mut Row) {
    const NOBODY: u32 = 65534;
    let root = writes_through_chmod(lab);
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok_and(|o| o.status.success());
    if root && !setpriv {
        println!("item 12: running as root without setpriv, read-only media not tried");
        return;
    }
    let run = |db: &Path, args: &[&str]| -> Out {
        let bin = binary();
        let mut cmd = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid", &NOBODY.to_string(), "--regid", &NOBODY.to_string(), "--clear-groups"]).arg(bin);
            c
        } else {
            Command::new(bin)
        };
        cmd.arg("--db").arg(db).args(args).env_remove("RAPPORT_DB").env("TZ", "UTC").env("HOME", "/tmp");
        finish(cmd)
    };
    let give = |path: &Path| {
        if root {
            Command::new("chown").args(["-R", "65534:65534"]).arg(path).status().unwrap();
        }
    };
    let seal = |dir: &Path| std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();

    // A backup on a read-only medium restored into a writable database.
    let db = lab.copy(&lab.small);
    let media = lab.folder();
    let backup_file = media.join("rapport-20260301-090000-manual.db");
    std::fs::copy(&lab.demo, &backup_file).unwrap();
    let expected: i64 = rusqlite::Connection::open(&backup_file)
        .unwrap()
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    give(db.parent().unwrap());
    give(&media);
    seal(&media);
    let beside = names_in(&media);
    let out = run(&db, &["restore", backup_file.to_str().unwrap(), "--yes"]);
    let restored = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT count(*) FROM contacts", [], |r| r.get::<_, i64>(0)))
        .unwrap_or(-1);
    row.note(
        "restore a backup from a read-only folder",
        all([
            succeeded(&out),
            same_names(&media, &beside),
            if restored == expected { Ok(()) } else { Err(format!("{restored} contacts, not {expected}")) },
            fingerprint(&db).starts_with("integrity ok;").then_some(()).ok_or_else(|| "integrity".to_owned()),
        ]),
    );
    let out = run(&db, &["backup", "list"]);
    row.note("backup list beside a read-only medium", succeeded(&out));

    // A database on a read-only medium: read, never written.
    let db = lab.copy(&lab.small);
    let folder = db.parent().unwrap().to_path_buf();
    let before = fingerprint(&db);
    give(&folder);
    seal(&folder);
    let listing = names_in(&folder);
    let bytes = std::fs::read(&db).unwrap();
    for args in [&["contact", "list"][..], &["report"], &["questions"], &["backup", "list"]] {
        let out = run(&db, args);
        row.note(
            format!("read-only folder: {}", args.join(" ")),
            all([succeeded(&out), same_names(&folder, &listing), same_bytes(&db, &bytes)]),
        );
    }
    for args in [&["contact", "add", "New"][..], &["log", "--with", "Ann Lee"], &["backup", "now"]] {
        let out = run(&db, args);
        row.note(
            format!("read-only folder: {}", args.join(" ")),
            all([refused(&out, &[]), same_names(&folder, &listing), same_bytes(&db, &bytes)]),
        );
    }
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&media, std::fs::Permissions::from_mode(0o755)).unwrap();
    row.note("read-only folder: content", unchanged(&db, &before));
}

/// Whether the tests run with the power to write into a 0555 folder (root).
fn writes_through_chmod(lab: &Lab) -> bool {
    let probe = lab.folder();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let writes = std::fs::write(probe.join("x"), b"").is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    writes
}

/// Kills `rapport args` once it writes, or after [`TIMEOUT`] (see [`common::kill_mid_write`]).
/// True when it was killed.
fn kill_mid_write(db: &Path, args: &[&str], watch: &Path, delay: Duration) -> bool {
    common::kill_mid_write(command(db, args), watch, delay, TIMEOUT) != Killed::No
}

/// Item 13: real SIGKILLs while `backup now` and `export --format csv` write, then the next run.
fn killed_writers(lab: &Lab, row: &mut Row) {
    // Several megabytes, so a copy takes long enough to be caught.
    let db = lab.copy(&lab.small);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("BEGIN").unwrap();
    for i in 0..6_000 {
        let notes = format!("Met at meetup {i}; we talked about many things at length. ").repeat(30);
        conn.execute(
            "INSERT INTO contacts (display_name, notes, created_at, updated_at) VALUES (?1, ?2, 0, 0)",
            rusqlite::params![format!("Bulk {i}"), notes],
        )
        .unwrap();
    }
    conn.execute_batch("COMMIT; PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    drop(conn);
    let size = std::fs::metadata(&db).unwrap().len();
    println!("item 13: a database of {:.1} MB (6,000 contacts with long notes)", size as f64 / 1e6);
    let dir = db.parent().unwrap().to_path_buf();
    let backups = dir.join("backups");
    ok(&db, &["backup", "now"]);
    let first = names_in(&backups).into_iter().next().unwrap();
    let first_bytes = std::fs::read(backups.join(&first)).unwrap();
    let (mut tries, mut caught) = (0, 0);
    while caught < 4 && tries < 12 {
        tries += 1;
        let delay = Duration::from_millis([0, 1, 3][tries % 3]);
        let killed = kill_mid_write(&db, &["backup", "now"], &backups, delay);
        caught += usize::from(killed);
        // After each kill: the earlier backup whole; the next run sweeps and its copy passes.
        let out = rapport(&db, &["backup", "now"]);
        let debris = partials(&backups);
        let newest = names_in(&backups).into_iter().filter(|n| !n.starts_with('.')).max().unwrap_or_default();
        let checked = rapport(&db, &["check"]);
        row.note(
            format!("backup now killed ({}), then backup now", if killed { "mid-write" } else { "it had finished" }),
            all([
                same_bytes(&backups.join(&first), &first_bytes),
                succeeded(&out),
                if debris.is_empty() { Ok(()) } else { Err(format!("debris left: {debris:?}")) },
                succeeded(&checked),
                match backup::check_database_file(&db, &backups.join(&newest), false) {
                    backup::FileCheck::Good => Ok(()),
                    other => Err(format!("the new backup {newest}: {other:?}")),
                },
            ]),
        );
    }
    println!("item 13: {caught} of {tries} backup runs killed while their copy was being written");

    // A CSV set: after a kill the folder holds the old set whole (or the new one), and the next
    // export sweeps and writes a whole new set.
    ok(&db, &["export", "--format", "csv", "--out", "set"]);
    let set = dir.join("set");
    let (mut tries, mut caught) = (0, 0);
    while caught < 4 && tries < 12 {
        tries += 1;
        let old = read_set(&set);
        ok(&db, &["contact", "add", &format!("Between kills {tries}")]);
        let fresh_dir = lab.folder();
        ok(&db, &["export", "--format", "csv", "--out", fresh_dir.to_str().unwrap()]);
        let fresh = read_set(&fresh_dir);
        let delay = Duration::from_millis([0, 2, 5][tries % 3]);
        // A set over an existing folder is written into `set/.rapport-csv.partial-PID`.
        let killed = kill_mid_write(&db, &["export", "--format", "csv", "--out", "set", "--force"], &set, delay);
        caught += usize::from(killed);
        let after_kill = read_set(&set);
        let whole = if after_kill == old || after_kill == fresh { Ok(()) } else { Err("a mix of two sets".to_owned()) };
        let out = rapport(&db, &["export", "--format", "csv", "--out", "set", "--force"]);
        let debris = partials(&dir);
        row.note(
            format!(
                "CSV export killed ({}), then exported again",
                if killed { "mid-write" } else { "it had finished" }
            ),
            all([
                whole,
                succeeded(&out),
                if debris.is_empty() { Ok(()) } else { Err(format!("debris left: {debris:?}")) },
                if read_set(&set) == fresh { Ok(()) } else { Err("the new set is not a fresh export".to_owned()) },
            ]),
        );
    }
    println!("item 13: {caught} of {tries} CSV exports killed while their set was being written");
}

fn read_set(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = names_in(dir)
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap_or_default();
            (n, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Item 14: a JSON import into an empty database, held to the rules of every other write.
fn json_import_rules(lab: &Lab, row: &mut Row) {
    let base = small_export(lab);
    let long = "x".repeat(2_000_000);
    type Spoil = Box<dyn Fn(&mut Value)>;
    let long_in = |pointer: &'static str| -> Spoil {
        let long = long.clone();
        Box::new(move |d: &mut Value| *d.pointer_mut(pointer).unwrap() = json!(long))
    };
    let refusals: Vec<(&str, Spoil)> = vec![
        ("a 2,000,000-character contact note", long_in("/contacts/0/notes")),
        ("a 2,000,000-character summary", long_in("/interactions/0/summary")),
        ("a 2,000,000-character question", long_in("/interactions/0/questions/0/text")),
        ("a 2,000,000-character post title", long_in("/posts/0/title")),
        ("a 2,000,000-character comment", long_in("/posts/0/reactions/0/comment")),
        ("a 2,000,000-character value item note", long_in("/interactions/2/value_items/0/note")),
        ("a 2,000,000-character name", long_in("/contacts/0/display_name")),
        (
            "a reaction before its post",
            Box::new(|d| d["posts"][0]["reactions"][0]["at"] = json!("2024-01-15T10:00:00Z")),
        ),
        ("a post in year 9999", Box::new(|d| d["posts"][0]["at"] = json!("9999-01-01T00:00:00Z"))),
        ("an interaction in year 9999", Box::new(|d| d["interactions"][0]["at"] = json!("9999-01-01T00:00:00Z"))),
        (
            "a value item in year 9999",
            Box::new(|d| d["interactions"][2]["value_items"][0]["at"] = json!("9999-01-01T00:00:00Z")),
        ),
        (
            "a contact created in year 9999",
            Box::new(|d| d["contacts"][0]["created_at"] = json!("9999-01-01T00:00:00Z")),
        ),
        ("an interaction with no participant", Box::new(|d| d["interactions"][2]["participants"] = json!([]))),
        (
            "a question asked of no participant",
            Box::new(|d| d["interactions"][0]["questions"][0]["contact"] = json!(2)),
        ),
        (
            "a circle named twice",
            Box::new(|d| {
                let mut twin = d["circles"][0].clone();
                twin["id"] = json!(99);
                d["circles"].as_array_mut().unwrap().push(twin);
            }),
        ),
        (
            "a contact id used twice",
            Box::new(|d| {
                let mut twin = d["contacts"][1].clone();
                twin["id"] = d["contacts"][0]["id"].clone();
                d["contacts"].as_array_mut().unwrap().push(twin);
            }),
        ),
        ("a reaction count of -5", Box::new(|d| d["posts"][0]["reactions"][0]["count"] = json!(-5))),
    ];
    let sqlite_text = |out: &Out| {
        let text = out.text();
        if text.contains("constraint failed") || text.contains("SQLITE") || text.contains("sqlite") {
            Err(format!("raw SQLite text: {}", short(&text)))
        } else {
            Ok(())
        }
    };
    for (what, spoil) in &refusals {
        let mut doc = base.clone();
        spoil(&mut doc);
        let (out, db, before) = import_json(lab, &doc);
        let echoed =
            if out.stderr.len() > 20_000 { Err(format!("{} bytes of error", out.stderr.len())) } else { Ok(()) };
        // The preview's problem line names the record and the field ("error   interaction 1, summary: …");
        // a value that is not even of its type is refused by the file's reading, at its position.
        let named = if what.contains("-5") { "expected u32" } else { "  error   " };
        row.note(what, all([refused(&out, &[named]), sqlite_text(&out), echoed, unchanged(&db, &before)]));
    }
    // Left out with a warning, the rest imported: an answer pointing nowhere.
    let mut doc = base.clone();
    doc["interactions"][0]["questions"][0]["answered_in"] = json!(999);
    let (out, db, _) = import_json(lab, &doc);
    let warned =
        if out.stdout.contains("answer") { Ok(()) } else { Err(format!("no warning: {}", short(&out.stdout))) };
    row.note(
        "an answer pointing nowhere",
        all([succeeded(&out), warned, sqlite_text(&out), unchanged_except_import(&db)]),
    );
    // The unspoiled export restores (the guard: the rules refuse only what breaks them).
    let (out, db, _) = import_json(lab, &base);
    row.note("the export as it was", all([succeeded(&out), unchanged_except_import(&db)]));
    // A restore keeps the file's ids: Bob and his interaction moved to an id 4e18 away. The
    // import and the next command end within the timeout (the search slices once walked the
    // span between the ids, for ever, and every later command waited for them).
    let far = json!(4_000_000_000_000_000_000_i64);
    let mut doc = base.clone();
    for pointer in [
        "/contacts/1/id",
        "/interactions/2/id",
        "/interactions/2/participants/0/id",
        "/interactions/2/value_items/0/contact",
        "/interactions/2/value_items/0/interaction",
        "/posts/0/reactions/0/contact",
    ] {
        *doc.pointer_mut(pointer).unwrap() = far.clone();
    }
    let (out, db, _) = import_json(lab, &doc);
    let listed = rapport(&db, &["contact", "list", "--search", "Stone", "--json"]);
    let found = match serde_json::from_str::<Value>(&listed.stdout) {
        Ok(list) if list[0]["id"] == far => Ok(()),
        _ => Err(format!("Bob not found at his id: {}", short(&listed.text()))),
    };
    row.note(
        "ids 4e18 apart, then a command",
        all([succeeded(&out), succeeded(&listed), found, unchanged_except_import(&db)]),
    );
}

/// After an accepted import: the file is sound.
fn unchanged_except_import(db: &Path) -> Result<(), String> {
    let print = fingerprint(db);
    if print.starts_with("integrity ok;") {
        Ok(())
    } else {
        Err(print)
    }
}

/// Item 15: a populated database whose schema version was set to 0, -1, -100, or a newer one.
fn reset_schema_versions(lab: &Lab, row: &mut Row) {
    for version in [0, -1, -100, 999] {
        let db = lab.copy(&lab.small);
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {version}; PRAGMA wal_checkpoint(TRUNCATE);")).unwrap();
        drop(conn);
        let bytes = std::fs::read(&db).unwrap();
        let folder = names_in(db.parent().unwrap());
        for args in [&["contact", "list"][..], &["contact", "add", "New"], &["report"], &["backup", "now"]] {
            let out = rapport(&db, args);
            let concise = if out.stderr.len() < 1_000 && !out.stderr.contains("CREATE TABLE") {
                Ok(())
            } else {
                Err(format!("{} bytes of error", out.stderr.len()))
            };
            let honest =
                if out.stderr.contains("was empty") { Err("says the database was empty".into()) } else { Ok(()) };
            row.note(
                format!("user_version {version}: {}", args.join(" ")),
                all([
                    refused(&out, &["version"]),
                    concise,
                    honest,
                    same_bytes(&db, &bytes),
                    same_names(db.parent().unwrap(), &folder),
                ]),
            );
        }
    }
}

/// Item 11, with `--features encryption` only (`make test-encryption` runs it): forged key files
/// beside a really encrypted database, unlocked with the recovery passphrase (no keychain).
/// Held: refused at once (under 5 s for the whole process) with a sentence naming the key file
/// and what is wrong in it, the database byte for byte as it was; the genuine file still opens it.
#[cfg(feature = "encryption")]
#[test]
fn forged_key_files_are_refused_at_once() {
    let lab = Lab::new();
    let mut tally = Tally::default();
    let row = tally.row("11", "forged key files (--features encryption)");
    let db = lab.copy(&lab.small);
    let unlock = |args: &[&str], passphrase: &str| {
        let mut cmd = command(&db, args);
        cmd.env("RAPPORT_NO_KEYCHAIN", "1").env("RAPPORT_PASSPHRASE", passphrase);
        finish(cmd)
    };
    let enabled = unlock(&["--json", "encryption", "enable"], "");
    let passphrase = serde_json::from_str::<Value>(&enabled.stdout).unwrap()["recovery_passphrase"]
        .as_str()
        .expect("encryption enable prints the recovery passphrase")
        .to_owned();
    let key_path = rapport_core::crypt::key_file_path(&db);
    let key_name = key_path.file_name().unwrap().to_str().unwrap().to_owned();
    let genuine: Value = serde_json::from_slice(&std::fs::read(&key_path).unwrap()).unwrap();
    let bytes = std::fs::read(&db).unwrap();
    let forged = |field: &str, value: Value| {
        let mut file = genuine.clone();
        file[field] = value;
        serde_json::to_vec_pretty(&file).unwrap()
    };
    // What each refusal must name besides the key file: the parameter; a value that is not even
    // the parameter's type is refused by the file's reading, naming the value's position.
    let cases: Vec<(String, Vec<u8>, &str)> = vec![
        ("memory u32::MAX KiB".into(), forged("m_kib", json!(u32::MAX)), "m_kib"),
        ("memory 512 MiB".into(), forged("m_kib", json!(512 * 1024)), "m_kib"),
        ("memory 0".into(), forged("m_kib", json!(0)), "m_kib"),
        ("memory 2^40 KiB".into(), forged("m_kib", json!(1u64 << 40)), "expected u32"),
        ("memory -1".into(), forged("m_kib", json!(-1)), "expected u32"),
        ("memory as text".into(), forged("m_kib", json!("65536")), "expected u32"),
        ("passes u32::MAX".into(), forged("t_cost", json!(u32::MAX)), "t_cost"),
        ("passes 11".into(), forged("t_cost", json!(11)), "t_cost"),
        ("passes 0".into(), forged("t_cost", json!(0)), "t_cost"),
        ("lanes 1000".into(), forged("p_cost", json!(1000)), "p_cost"),
        ("lanes 0".into(), forged("p_cost", json!(0)), "p_cost"),
        ("a 1-byte salt".into(), forged("salt", json!("00")), "salt"),
        ("a 4 KiB salt".into(), forged("salt", json!("ab".repeat(4096))), "salt"),
        ("a salt not in hex".into(), forged("salt", json!("zz".repeat(16))), "salt"),
        ("a 16-byte wrapped key".into(), forged("wrapped_key", json!("ab".repeat(16))), "wrapped_key"),
        ("a 33-byte wrapped key".into(), forged("wrapped_key", json!("ab".repeat(33))), "wrapped_key"),
        ("a key file of 1 MB".into(), vec![b' '; 1 << 20], &key_name),
        ("a key file that is not JSON".into(), b"not json at all".to_vec(), &key_name),
        ("an empty key file".into(), Vec::new(), &key_name),
    ];
    let mut slowest = 0.0_f64;
    for (what, file, parameter) in &cases {
        std::fs::write(&key_path, file).unwrap();
        let out = unlock(&["contact", "list"], &passphrase);
        slowest = slowest.max(out.secs);
        let quick = if out.secs < 5.0 { Ok(()) } else { Err(format!("took {:.1} s", out.secs)) };
        // A salt that is not hex is named as the salt, without the key file's path.
        let names: Vec<&str> = if what.contains("not in hex") { vec![parameter] } else { vec![&key_name, parameter] };
        row.note(what, all([refused(&out, &names), quick, same_bytes(&db, &bytes)]));
    }
    std::fs::write(&key_path, serde_json::to_vec_pretty(&genuine).unwrap()).unwrap();
    let out = unlock(&["contact", "list"], &passphrase);
    let opened =
        if out.stdout.contains("Ann Lee") { Ok(()) } else { Err(format!("not listed: {}", short(&out.stdout))) };
    row.note("the genuine key file", all([succeeded(&out), opened]));

    println!("item 11: the slowest refusal took {slowest:.2} s, the whole `rapport contact list` (debug build)");
    let row = &tally.rows[0];
    println!("\n| item | covers | tries | held | broken |\n| --- | --- | --- | --- | --- |");
    println!("| {} | {} | {} | {} | {} |", row.item, row.covers, row.tries, row.held, row.broken.len());
    assert!(row.broken.is_empty(), "broken:\n{}", row.broken.join("\n"));
}
