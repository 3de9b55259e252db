//! What the tests of the `rapport` binary share: the binary run the way every test runs it, on one
//! database file, and a fresh database in a temporary folder with shortcuts to run it there.

// Each test file uses the part it needs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

// The cards rapport-core's import tests generate, the same ones.
#[path = "../../../rapport-core/tests/common/cards.rs"]
pub mod cards;

/// The binary in the environment every test runs it in: no RAPPORT_DB nor RUST_BACKTRACE from the
/// shell that runs the tests, and in UTC unless a test sets TZ after.
pub fn process() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.env_remove("RAPPORT_DB").env_remove("RUST_BACKTRACE").env("TZ", "UTC");
    cmd
}

/// `rapport --db DB ARGS` in that environment.
pub fn process_on(db: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = process();
    cmd.arg("--db").arg(db).args(args);
    cmd
}

/// [`process`] with assertions, and no database named yet.
pub fn bare() -> Command {
    Command::from_std(process())
}

/// [`process_on`] with assertions.
pub fn rapport(db: &Path, args: &[&str]) -> Command {
    Command::from_std(process_on(db, args))
}

/// Runs and expects success; returns stdout.
pub fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// `rapport --db DB ARGS`, expected to succeed; returns stdout.
pub fn ok(db: &Path, args: &[&str]) -> String {
    stdout_of(&mut rapport(db, args))
}

/// `rapport --db DB ARGS --json`, expected to succeed; returns the parsed stdout.
pub fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, &[args, &["--json"]].concat())).expect("stdout is JSON")
}

/// One message of an mbox file, `From ` line first.
pub fn mail(from: &str, to: &str, date: &str, id: &str, extra: &str, body: &str) -> String {
    format!(
        "From sender Mon Jan  1 00:00:00 2026\nFrom: {from}\nTo: {to}\nDate: {date}\nMessage-ID: <{id}>\n{extra}\n{body}\n"
    )
}

/// An mbox of `n` messages to me, each from its own sender (`Person i <pi@x.test>`) with a
/// 260-byte body: 4,000 of them pass the import meter's 1 MB.
pub fn big_mailbox(n: usize) -> String {
    let body = format!("{}\n", "Hello there. ".repeat(20));
    (0..n)
        .map(|i| {
            let date = format!("Mon, {} Feb 2026 09:00:00 +0000", 1 + i % 28);
            mail(&format!("Person {i} <p{i}@x.test>"), "Me <me@rapport.test>", &date, &format!("{i}@r"), "", &body)
        })
        .collect()
}

/// How many contacts `rapport contact list` shows.
pub fn contact_count(db: &Path) -> usize {
    json(db, &["contact", "list"]).as_array().unwrap().len()
}

/// The names in a folder, hidden ones included, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Hidden partial entries (`.NAME.partial-PID`) in `dir`, sorted; none when `dir` is not there.
pub fn partials(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.contains(".partial-"))
        .collect();
    names.sort();
    names
}

/// How a run of [`kill_mid_write`] ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Killed {
    /// It ended by itself, before or as it was killed.
    No,
    /// Killed with SIGKILL once its partial entry showed.
    MidWrite,
    /// Killed with SIGKILL after `patience`, no partial entry of its own having shown.
    Waiting,
}

/// Starts `cmd`, waits until its partial entry (`.NAME.partial-PID`) shows in `watch`, waits
/// `delay` more and kills it with SIGKILL; kills it all the same after `patience`.
#[cfg(unix)]
pub fn kill_mid_write(mut cmd: std::process::Command, watch: &Path, delay: Duration, patience: Duration) -> Killed {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let marker = format!(".partial-{}", child.id());
    let deadline = Instant::now() + patience;
    loop {
        if child.try_wait().unwrap().is_some() {
            return Killed::No;
        }
        let writing = partials(watch).iter().any(|n| n.ends_with(&marker));
        if writing || Instant::now() > deadline {
            std::thread::sleep(delay);
            child.kill().unwrap();
            return match child.wait().unwrap().signal() {
                Some(9) if writing => Killed::MidWrite,
                Some(9) => Killed::Waiting,
                _ => Killed::No,
            };
        }
        std::thread::sleep(Duration::from_micros(100));
    }
}

/// A fresh database in a temporary folder, and shortcuts to run `rapport` on it.
pub struct Db {
    pub dir: TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        Db { dir, path }
    }

    /// `rapport --db <this database> ARGS`.
    pub fn cmd(&self, args: &[&str]) -> Command {
        rapport(&self.path, args)
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        ok(&self.path, args)
    }

    /// Runs with `--json` and expects success; returns the parsed stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        json(&self.path, args)
    }

    /// Runs and expects failure with exit code `code` and nothing on stdout; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).assert().failure().code(code).stdout("").get_output().stderr.clone();
        String::from_utf8(out).unwrap()
    }

    /// Runs and expects failure with exit code `code`; returns (stdout, stderr).
    pub fn failure(&self, args: &[&str], code: i32) -> (String, String) {
        let out = self.cmd(args).assert().failure().code(code).get_output().clone();
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    }

    /// Adds a contact and returns the id it printed.
    pub fn add_contact(&self, args: &[&str]) -> i64 {
        self.ok(&[&["contact", "add"], args].concat()).trim().parse().expect("contact add prints the new id")
    }
}
