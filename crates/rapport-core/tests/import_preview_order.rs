//! The order of a preview's problems (issue 16): the errors first, then the notes about the whole
//! file, then the other warnings, so that a list cut to its first rows (the window, the CLI's
//! text) never hides an error behind a calendar's many recurring-series warnings, nor a file-wide
//! note ("who is me", the lists left out) behind many bad records.

use rapport_core::import::{ImportOptions, Preview, Problem, Severity};
use rapport_core::{Reason, Store};

mod common;
use common::import::{parse, preview};

const ROWS: usize = 50;

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

fn keys<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> Vec<&'static str> {
    problems.into_iter().map(|p| p.reason.key()).collect()
}

#[test]
fn a_calendar_s_error_on_event_70_comes_before_its_60_series_warnings() {
    let options = ImportOptions { me: vec!["me@rapport.test".into()], ..Default::default() };
    let parsed = parse(calendar(), "work.ics", &options);
    // The parser reports in file order: the error is 61st, past a 50-row list.
    let at = parsed.problems.iter().position(|p| p.severity == Severity::Error);
    assert_eq!(at, Some(60), "{:?}", keys(&parsed.problems));

    let store = Store::open_in_memory().unwrap();
    let p = preview(&store, &parsed);
    // The counts are the file's, as before.
    assert_eq!((p.errors, p.warnings, p.problems.len()), (1, 61, 62));
    let first = &p.problems[0];
    assert_eq!((first.severity, first.field.as_str()), (Severity::Error, "RRULE"));
    assert!(first.to_string().starts_with("event 70"), "{first}");
    assert!(matches!(first.reason, Reason::RuleUnreadable { .. }), "{first}");
    // Then the note about the whole file, then the series in file order.
    assert_eq!(p.problems[1].reason, Reason::FutureEventsLeftOut { n: 1 });
    let series: Vec<usize> = p.problems[2..].iter().map(|q| q.record.unwrap().number).collect();
    assert_eq!(series, (1..=60).collect::<Vec<_>>());

    let shown: Vec<&Problem> = p.problems_shown(ROWS).collect();
    assert_eq!(shown.len(), ROWS);
    assert_eq!(keys(shown.iter().copied())[..2], ["rule_unreadable", "future_events_left_out"]);
}

/// An mbox of `bad` messages with no date (an error each), one list message (left out: a note
/// about the whole file) and one good message to me.
fn mailbox(bad: usize) -> String {
    let mail = |from: &str, id: &str, headers: &str| {
        format!(
            "From sender Mon Jan  1 00:00:00 2026\nFrom: {from}\nTo: Me <me@rapport.test>\nMessage-ID: <{id}>\n\
             {headers}\nHello.\n\n"
        )
    };
    let mut text = String::new();
    for n in 0..bad {
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
fn an_mbox_s_note_about_the_whole_file_survives_60_bad_messages() {
    let options = ImportOptions { me: vec!["me@rapport.test".into()], ..Default::default() };
    let parsed = parse(mailbox(60), "mail.mbox", &options);
    let store = Store::open_in_memory().unwrap();
    let mut p: Preview = preview(&store, &parsed);
    assert_eq!((p.errors, p.warnings), (60, 1), "{:?}", keys(&p.problems));
    assert!(p.problems[..60].iter().all(|q| q.severity == Severity::Error));
    assert_eq!(p.problems[60].reason, Reason::EmailAutomatedLeftOut { n: 1 });

    // A 50-row list shows the first 50 errors and the note past them.
    let shown = keys(p.problems_shown(ROWS));
    assert_eq!(shown.len(), ROWS + 1);
    assert_eq!(shown[..ROWS], ["email_no_date"; ROWS]);
    assert_eq!(shown[ROWS], "email_automated_left_out");
    // The window keeps the same rows.
    p.keep_problems_shown(ROWS);
    assert_eq!(keys(&p.problems), shown);
    assert_eq!(p.errors, 60, "the counts stay the file's");
}

#[test]
fn a_chat_s_who_is_me_comes_first_past_60_broken_lines() {
    let mut chat = String::from("31/01/2026, 10:00 - Ann: hi\n31/01/2026, 10:01 - Bob: hello\n");
    for n in 0..60 {
        chat.push_str(&format!("31/01/2026, 25:{n:02} - Ann: broken {n}\n"));
    }
    chat.push_str("31/01/2026, 10:02 - Cat: hey\n");
    let parsed = parse(chat, "chat.txt", &ImportOptions { zone: Some("UTC".into()), ..Default::default() });
    // The parser asks who is me after the 60 broken lines.
    assert_eq!(parsed.problems.last().map(|q| q.reason.key()), Some("whatsapp_who_is_me"));
    let store = Store::open_in_memory().unwrap();
    let p = preview(&store, &parsed);
    assert_eq!(p.errors, 61);
    assert_eq!(p.problems[0].reason, Reason::WhatsappWhoIsMe { names: vec!["Ann".into(), "Bob".into(), "Cat".into()] });
    let shown = keys(p.problems_shown(ROWS));
    assert_eq!(shown.len(), ROWS);
    assert_eq!(shown[0], "whatsapp_who_is_me");
    assert!(shown[1..].iter().all(|k| *k == "whatsapp_broken_line"), "{shown:?}");
}

#[test]
fn a_short_list_is_whole_and_a_long_one_keeps_no_more_than_its_rows_past_the_cut() {
    let parsed =
        parse(mailbox(3), "mail.mbox", &ImportOptions { me: vec!["me@rapport.test".into()], ..Default::default() });
    let store = Store::open_in_memory().unwrap();
    let p = preview(&store, &parsed);
    assert_eq!(keys(p.problems_shown(ROWS)), keys(&p.problems));
    assert_eq!(keys(&p.problems), ["email_no_date", "email_no_date", "email_no_date", "email_automated_left_out"]);
    // Cut to 2 rows: the first two errors and the note; the third error is counted, not shown.
    assert_eq!(keys(p.problems_shown(2)), ["email_no_date", "email_no_date", "email_automated_left_out"]);
}
