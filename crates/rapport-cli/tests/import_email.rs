//! `rapport import MAILBOX --me ADDRESS` (issue 16): the dry run says what an mbox holds and
//! writes nothing; the import writes it, remembers the addresses for the next one, and a damaged
//! mailbox is refused by line.

mod common;

use std::path::{Path, PathBuf};

use common::{big_mailbox, contact_count as contacts, json, mail, ok, rapport};
use serde_json::Value;

/// What a refused command wrote: its output (the preview) then its error.
fn failure(db: &Path, args: &[&str]) -> String {
    let assert = rapport(db, args).assert().failure();
    let out = assert.get_output();
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// Three emails with Ann (my question, her reply, her question) and a newsletter.
fn mailbox(dir: &Path) -> PathBuf {
    let (me, ann) = ("Me <me@rapport.test>", "Ann Lee <ann@example.org>");
    let text = [
        mail(me, ann, "Mon, 2 Mar 2026 09:00:00 +0000", "m1@r", "", "Are you coming on Friday?\n"),
        mail(ann, me, "Mon, 2 Mar 2026 15:00:00 +0000", "a2@r", "In-Reply-To: <m1@r>\n", "Yes.\n"),
        mail(ann, me, "Tue, 10 Mar 2026 10:00:00 +0000", "a3@r", "", "Could you send me the slides?\n"),
        mail("News <news@lists.example>", me, "Wed, 4 Mar 2026 12:00:00 +0000", "n@r", "List-Id: <l.x>\n", "Hi\n"),
    ]
    .concat();
    let path = dir.join("All mail.mbox");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_dry_run_says_what_the_mailbox_holds_and_the_import_writes_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let mbox = mailbox(dir.path());
    let mbox = mbox.to_str().unwrap();

    let out = ok(&db, &["import", mbox, "--me", "me@rapport.test", "--dry-run"]);
    assert!(out.contains("All mail.mbox: email"), "{out}");
    // A count after a colon reads right for one as for many (not "1 messages").
    assert!(out.contains("messages from mailing lists or automated senders (List-Id"), "{out}");
    assert!(out.contains("no-reply addresses) left out: 1"), "{out}");
    assert!(out.contains("messages that ask a question (a sentence ending in ?): 2; only that fact is kept"), "{out}");
    assert!(out.contains("Contacts: 1 would be created"), "{out}");
    let dry: Value =
        serde_json::from_str(&ok(&db, &["import", mbox, "--me", "me@rapport.test", "--dry-run", "--json"])).unwrap();
    assert_eq!(dry["contacts"][0]["name"], "Ann Lee", "{dry}");
    assert_eq!(dry["contacts"][0]["action"], "create", "{dry}");
    assert_eq!(dry["applied"], false, "{dry}");
    assert_eq!(contacts(&db), 0, "a dry run writes nothing");

    let done: Value = serde_json::from_str(&ok(&db, &["import", mbox, "--me", "me@rapport.test", "--json"])).unwrap();
    assert_eq!(done["format"], "email", "{done}");
    assert_eq!(done["contacts_created"], 1, "{done}");
    assert_eq!(done["interactions_created"], 3, "{done}");
    assert_eq!(done["questions_created"], 2, "{done}");
    assert_eq!(done["errors"], 0, "{done}");
    assert!(done["problems"].as_array().unwrap().iter().any(|p| p["key"] == "email_automated_left_out"), "{done}");
    assert_eq!(contacts(&db), 1);

    // The addresses are remembered: no --me the second time, and nothing is added.
    let again: Value = serde_json::from_str(&ok(&db, &["import", mbox, "--json"])).unwrap();
    assert_eq!(again["interactions_created"], 0, "{again}");
    assert_eq!(again["interactions_duplicate"], 3, "{again}");
    assert_eq!(again["contacts_created"], 0, "{again}");
}

#[test]
fn a_mailbox_without_the_users_addresses_or_with_a_bad_date_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let mbox = mailbox(dir.path());
    let said = failure(&db, &["import", mbox.to_str().unwrap()]);
    assert!(said.contains("say which email addresses are yours (--me ADDRESS"), "{said}");

    let bad = dir.path().join("bad.mbox");
    let text = mail("ann@example.org", "me@rapport.test", "Mon, 30 Feb 2026 09:00:00 +0000", "x@r", "", "Hi\n");
    std::fs::write(&bad, text).unwrap();
    let said = failure(&db, &["import", bad.to_str().unwrap(), "--me", "me@rapport.test"]);
    assert!(
        said.contains("message 1, line 4, Date: “Mon, 30 Feb 2026 09:00:00 +0000” is not a date and time"),
        "{said}"
    );
    assert_eq!(contacts(&db), 0);
}

/// `rapport import FOLDER`: the folder's .eml files are one import; a bad one is named by file.
#[test]
fn a_folder_of_eml_files_imports_as_one_mailbox_and_names_a_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let folder = dir.path().join("Exported mail");
    std::fs::create_dir(&folder).unwrap();
    let (me, ann) = ("Me <me@rapport.test>", "Ann Lee <ann@example.org>");
    // The mbox's separator line left out: an .eml file is one message's headers and body.
    let eml =
        |from, to, date, id, extra, body| mail(from, to, date, id, extra, body).split_once('\n').unwrap().1.to_owned();
    std::fs::write(folder.join("a.eml"), eml(me, ann, "Mon, 2 Mar 2026 09:00:00 +0000", "m1@r", "", "Friday?\n"))
        .unwrap();
    let reply = eml(ann, me, "Mon, 2 Mar 2026 15:00:00 +0000", "a2@r", "In-Reply-To: <m1@r>\n", "Yes.\n");
    std::fs::write(folder.join("b.eml"), reply).unwrap();
    let bad = eml(ann, me, "Mon, 30 Feb 2026 09:00:00 +0000", "x@r", "", "Hi\n");
    std::fs::write(folder.join("c.eml"), bad).unwrap();
    let folder = folder.to_str().unwrap();

    let said = failure(&db, &["import", folder, "--me", "me@rapport.test"]);
    assert!(said.contains("Exported mail: email"), "{said}");
    assert!(said.contains("c.eml: message 3, line 3, Date:"), "{said}");
    assert_eq!(contacts(&db), 0);

    let done: Value =
        serde_json::from_str(&ok(&db, &["import", folder, "--me", "me@rapport.test", "--skip-invalid", "--json"]))
            .unwrap();
    assert_eq!(
        (done["contacts_created"].as_u64(), done["interactions_created"].as_u64()),
        (Some(1), Some(2)),
        "{done}"
    );
    assert_eq!(done["problems"][0]["file"], "c.eml", "{done}");
    let again: Value = serde_json::from_str(&ok(&db, &["import", folder, "--skip-invalid", "--json"])).unwrap();
    assert_eq!(again["interactions_created"], 0, "{again}");
    assert_eq!(again["interactions_duplicate"], 2, "{again}");
}

/// `--include-lists`: the newsletter left out by default is imported, and the preview counts it
/// as imported; the flag with a file that is not email is refused, nothing written.
#[test]
fn include_lists_imports_the_newsletter_and_is_refused_for_another_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let mbox = mailbox(dir.path());
    let mbox = mbox.to_str().unwrap();

    let out = ok(&db, &["import", mbox, "--me", "me@rapport.test", "--include-lists", "--dry-run"]);
    assert!(out.contains("no-reply addresses) imported, as asked: 1"), "{out}");
    assert!(!out.contains("left out: 1"), "{out}");
    assert!(out.contains("Contacts: 2 would be created"), "{out}");
    let done: Value =
        serde_json::from_str(&ok(&db, &["import", mbox, "--me", "me@rapport.test", "--include-lists", "--json"]))
            .unwrap();
    assert_eq!(
        (done["contacts_created"].as_u64(), done["interactions_created"].as_u64()),
        (Some(2), Some(4)),
        "{done}"
    );
    assert!(done["problems"].as_array().unwrap().iter().any(|p| p["key"] == "email_automated_kept"), "{done}");
    let listed = json(&db, &["contact", "list"]);
    assert!(listed.as_array().unwrap().iter().any(|c| c["display_name"] == "News"), "{listed}");

    let card = dir.path().join("ann.vcf");
    std::fs::write(&card, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bea Card\r\nEND:VCARD\r\n").unwrap();
    let said = failure(&db, &["import", card.to_str().unwrap(), "--include-lists"]);
    assert!(said.contains("--include-lists applies to email only, and ann.vcf reads as vcard"), "{said}");
    assert_eq!(contacts(&db), 2, "the card is not imported");
}

/// Off a terminal (a log, a pipe) the meter writes each stage's line once: a stage that reads the
/// file again for each of its passes does not print "matching 100%" at the end of every pass.
#[test]
fn off_a_terminal_the_meter_writes_each_stage_and_percentage_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let text = big_mailbox(4_000);
    assert!(text.len() > 1024 * 1024, "over the meter's 1 MB");
    let mbox = dir.path().join("meter.mbox");
    std::fs::write(&mbox, text).unwrap();
    // stderr is a pipe here, as in a log.
    let out = common::process_on(&db, &["import", mbox.to_str().unwrap(), "--me", "me@rapport.test"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meter = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = meter.lines().collect();
    for stage in ["matching", "writing", "indexing for search"] {
        let done = format!("import: {stage} 100%");
        assert_eq!(lines.iter().filter(|l| **l == done).count(), 1, "{done} once:\n{meter}");
        // Within a stage the percentages only grow.
        let percents: Vec<u64> = lines
            .iter()
            .filter_map(|l| l.strip_prefix(&format!("import: {stage} ")))
            .map(|p| p.trim_end_matches('%').parse().unwrap())
            .collect();
        assert!(percents.windows(2).all(|w| w[0] < w[1]), "{stage}: {percents:?}\n{meter}");
    }
    // The last stage, the search index of the new rows, ends the meter.
    assert_eq!(lines.last(), Some(&"import: indexing for search 100%"), "{meter}");
    assert_eq!(contacts(&db), 4_000);
}

/// A mailbox over 1 MB: `rapport import` shows its progress on stderr (a line a step when stderr
/// is not a terminal), and Ctrl+C (SIGINT) in the middle leaves nothing of it; run to its end,
/// the same import writes every message.
#[cfg(unix)]
#[test]
fn a_big_mailbox_shows_its_progress_and_ctrl_c_leaves_nothing_of_it() {
    use std::io::BufRead;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    // Big enough that the import is still matching or writing when the signal lands: with 8,000
    // messages a quiet machine finished it between the meter's first line and the signal.
    let text = big_mailbox(40_000);
    assert!(text.len() > 1024 * 1024, "over the meter's 1 MB");
    let mbox = dir.path().join("big.mbox");
    std::fs::write(&mbox, text).unwrap();
    let mbox = mbox.to_str().unwrap();
    let args = ["import", mbox, "--me", "me@rapport.test", "--json"];
    // The database exists before the import, so that what is left after Ctrl+C is the import's doing.
    ok(&db, &["contact", "list"]);

    // A shell that starts the tests in the background (CI does) hands its children SIGINT ignored,
    // and an ignored signal stays ignored across exec: perl restores the default action, as a
    // terminal's Ctrl+C finds it, then becomes rapport (same process).
    let mut child = std::process::Command::new("perl")
        .args(["-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\""])
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .arg("--db")
        .arg(&db)
        .args(args)
        .env_remove("RAPPORT_DB")
        .env_remove("RUST_BACKTRACE")
        .env("TZ", "UTC")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    // Stopped as the user would, once the meter shows the import has begun.
    let interrupted = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert!(first.starts_with("import: "), "{first:?}");
    assert_eq!(status.signal(), Some(2), "stopped by Ctrl+C, not finished: {status:?}");
    assert_eq!(contacts(&db), 0, "nothing of the interrupted import is kept");

    let out = common::process_on(&db, &args).output().unwrap();
    assert!(out.status.success());
    let meter = String::from_utf8(out.stderr).unwrap();
    assert!(meter.lines().any(|l| l.starts_with("import: matching ")), "{meter}");
    assert!(meter.lines().any(|l| l == "import: writing 100%"), "{meter}");
    assert_eq!(meter.lines().last(), Some("import: indexing for search 100%"), "{meter}");
    let done: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(done["interactions_created"], 40_000);
}
