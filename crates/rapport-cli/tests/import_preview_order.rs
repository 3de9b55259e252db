//! `rapport import --dry-run` lists a preview's problems errors first (issue 16): its text stops
//! at 50, yet names the error of a calendar with 60 recurring series ahead of their warnings, and
//! still prints the notes about the whole file past 60 bad messages.

mod common;

use common::rapport;
use serde_json::Value;

/// 60 weekly series in 2024 (a warning each), nine single meetings, an unreadable rule on event
/// 70, and a meeting in 2099 (left out: a note about the whole file).
fn calendar() -> String {
    let event = |n: usize, lines: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:e{n}\r\nSUMMARY:Meeting {n}\r\nORGANIZER:mailto:me@rapport.test\r\n\
             ATTENDEE:mailto:ana@example.com\r\n{lines}END:VEVENT\r\n"
        )
    };
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for n in 1..=60 {
        let start = format!("DTSTART:202401{:02}T{:02}0000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n", 1 + n % 28, 8 + n % 10);
        text.push_str(&event(n, &start));
    }
    for n in 61..=69 {
        text.push_str(&event(n, &format!("DTSTART:202403{:02}T090000Z\r\n", n - 60)));
    }
    text.push_str(&event(70, "DTSTART:20240401T090000Z\r\nRRULE:FREQ=SOMETIMES\r\n"));
    text.push_str(&event(71, "DTSTART:20990105T100000Z\r\n"));
    text.push_str("END:VCALENDAR\r\n");
    text
}

/// The lines of the text's problem list, without their indent.
fn problem_lines(stdout: &str) -> Vec<&str> {
    let list = stdout.lines().skip_while(|l| !l.starts_with("Problems: ")).skip(1);
    list.take_while(|l| l.starts_with("  ")).map(str::trim_start).collect()
}

#[test]
fn a_refused_calendar_names_its_one_error_first_past_60_series_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let file = dir.path().join("work.ics");
    std::fs::write(&file, calendar()).unwrap();
    let file = file.to_str().unwrap();

    let out = rapport(&db, &["import", file, "--me", "me@rapport.test", "--dry-run"]).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("1 error in work.ics; nothing was imported"), "{stderr}");
    assert!(stdout.contains("Problems: 1 error, 61 warnings (1 record with an error)"), "{stdout}");
    let lines = problem_lines(&stdout);
    assert!(lines[0].starts_with("error   event 70"), "{stdout}");
    assert!(lines[0].contains("RRULE") && lines[0].contains("FREQ=SOMETIMES"), "{stdout}");
    assert!(lines[1].starts_with("warning file, DTSTART: events after the import date left out: 1"), "{stdout}");
    assert!(lines[2].starts_with("warning event 1 "), "{stdout}");
    // 50 rows, then what is left and where it is all listed.
    assert_eq!(lines[50], "… and 12 more (--json lists them all)", "{stdout}");
    assert_eq!(lines.len(), 51, "{stdout}");

    // The command the hint names lists every problem, the error first.
    let out = rapport(&db, &["import", file, "--me", "me@rapport.test", "--dry-run", "--json"]).assert().code(1);
    let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 62);
    assert_eq!(
        (problems[0]["severity"].as_str(), problems[0]["key"].as_str()),
        (Some("error"), Some("rule_unreadable"))
    );
    assert_eq!(problems[0]["record"]["number"], 70);
    assert_eq!(problems[61]["record"]["number"], 60, "the series in file order");
}

/// An mbox of 60 messages with no date (an error each), one from a mailing list (left out: a
/// note about the whole file) and one good message to me.
fn mailbox() -> String {
    let mail = |from: &str, id: &str, headers: &str| {
        format!(
            "From sender Mon Jan  1 00:00:00 2026\nFrom: {from}\nTo: Me <me@rapport.test>\nMessage-ID: <{id}>\n\
             {headers}\nHello.\n\n"
        )
    };
    let mut text = String::new();
    for n in 0..60 {
        text.push_str(&mail(&format!("P{n} <p{n}@x.test>"), &format!("bad{n}@x"), ""));
    }
    text.push_str(&mail(
        "News <news@list.test>",
        "list@x",
        "Date: Mon, 2 Feb 2026 09:00:00 +0000\nList-Id: <news.list.test>\n",
    ));
    text.push_str(&mail("Ann <ann@x.test>", "good@x", "Date: Mon, 2 Feb 2026 10:00:00 +0000\n"));
    text
}

#[test]
fn an_mbox_s_lists_left_out_are_still_said_past_60_bad_messages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    let file = dir.path().join("mail.mbox");
    std::fs::write(&file, mailbox()).unwrap();
    let file = file.to_str().unwrap();

    let out = rapport(&db, &["import", file, "--me", "me@rapport.test", "--dry-run"]).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("Problems: 60 errors, 1 warning"), "{stdout}");
    let lines = problem_lines(&stdout);
    assert!(lines[..50].iter().all(|l| l.starts_with("error   message ")), "{stdout}");
    // Past the 50 errors: the note about the whole file, then the 10 errors not shown.
    assert!(lines[50].starts_with("warning file, List-Id: "), "{stdout}");
    assert_eq!(lines[51], "… and 10 more (--json lists them all)", "{stdout}");
    assert_eq!(lines.len(), 52, "{stdout}");
}

#[test]
fn a_calendar_imported_without_me_uses_the_addresses_an_email_import_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rapport.db");
    common::ok(&db, &["contact", "add", "Ana Lima", "--email", "ana@example.com"]);
    // An email import given my address remembers it.
    let mbox = dir.path().join("mail.mbox");
    let mail = common::mail(
        "Me <Me@Rapport.test>",
        "Ana <ana@example.com>",
        "Mon, 2 Feb 2026 09:00:00 +0000",
        "m1@x",
        "",
        "Hello Ana.",
    );
    std::fs::write(&mbox, mail).unwrap();
    common::ok(&db, &["import", mbox.to_str().unwrap(), "--me", "me@rapport.test"]);

    // A one-to-one I organised, imported with no --me.
    let ics = dir.path().join("work.ics");
    let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:one\r\n\
                    SUMMARY:1:1 with Ana\r\nORGANIZER:mailto:ME@rapport.test\r\nATTENDEE:mailto:ana@example.com\r\n\
                    DTSTART:20260105T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    std::fs::write(&ics, calendar).unwrap();
    let done = common::json(&db, &["import", ics.to_str().unwrap()]);
    assert_eq!(done["interactions_created"], 1, "{done}");
    let listed = common::json(&db, &["interactions"]);
    let meeting = listed.as_array().unwrap().iter().find(|i| i["channel"] == "event").expect("the meeting");
    assert_eq!(meeting["initiated_by"], "me", "{meeting}");

    // Someone else's meeting still reads as theirs.
    let theirs = calendar
        .replace("UID:one", "UID:two")
        .replace("20260105", "20260112")
        .replace("ORGANIZER:mailto:ME@rapport.test", "ORGANIZER:mailto:ana@example.com");
    std::fs::write(&ics, theirs).unwrap();
    common::ok(&db, &["import", ics.to_str().unwrap()]);
    let listed = common::json(&db, &["interactions"]);
    let by: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["channel"] == "event")
        .map(|i| i["initiated_by"].as_str().unwrap())
        .collect();
    assert_eq!(by.len(), 2, "{listed}");
    assert!(by.contains(&"me") && by.contains(&"them"), "{by:?}");
}
