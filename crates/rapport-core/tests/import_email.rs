//! Email import (issue 16): an mbox or one .eml message becomes interactions on the email
//! channel, with threads, questions as a fact, automated senders left out and counted, the
//! user's addresses remembered, malformed files refused by line with the database unchanged,
//! and a second import adding nothing. The story test is a history a person can check by hand.

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use rapport_core::import::{self, email, Format, ImportOptions, Parsed, Severity};
use rapport_core::measures::contact_measures;
use rapport_core::measures::ModelSettings;
use rapport_core::{Party, Reason, Store};

mod common;
use common::import::{
    apply, apply_file, count, data_fingerprint, errors, fixture, parse_file, preview_file, texts, write,
};

const ME: &str = "me@rapport.test";
const ANN: &str = "ann@example.org";

fn options() -> ImportOptions {
    ImportOptions { me: vec![ME.into()], ..Default::default() }
}

/// One mbox message. `extra` holds more header lines, each ending in "\n".
fn mail(from: &str, to: &str, date: &str, id: &str, extra: &str, body: &str) -> String {
    format!(
        "From {} Mon Jan  1 00:00:00 2026\nFrom: {from}\nTo: {to}\nDate: {date}\nMessage-ID: <{id}>\n\
         Subject: hello\n{extra}\n{body}\n",
        from.rsplit('<').next().unwrap_or(from).trim_end_matches('>')
    )
}

fn parse(text: &str) -> Parsed {
    common::import::parse(text.as_bytes(), "mail.mbox", &options())
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// Five emails with Ann over three weeks, two of them replies, and one newsletter:
/// 1. 2 March 09:00, me → Ann: "are you coming on Friday?" (my question)
/// 2. 2 March 15:00, Ann → me, a reply to 1 (answers my question)
/// 3. 10 March 10:00, Ann → me, a new thread: "Could you send me the slides?" (her question)
/// 4. 16 March 08:00, me → Ann, a new thread (not a reply: her question stays open)
/// 5. 20 March 12:00, Ann → me, a reply to 4
fn story() -> String {
    let ann = format!("Ann Lee <{ANN}>");
    let me = format!("Me <{ME}>");
    [
        mail(&me, &ann, "Mon, 2 Mar 2026 09:00:00 +0000", "m1@r", "", "Hi Ann,\n\nAre you coming on Friday?\n"),
        mail(
            &ann,
            &me,
            "Mon, 2 Mar 2026 16:00:00 +0100",
            "a2@r",
            "In-Reply-To: <m1@r>\nReferences: <m1@r>\n",
            "Yes, see you there.\n\nOn Mon, Me wrote:\n> Are you coming on Friday?\n",
        ),
        mail(&ann, &me, "Tue, 10 Mar 2026 10:00:00 +0000", "a3@r", "", "Could you send me the slides?\n"),
        mail(&me, &ann, "Mon, 16 Mar 2026 08:00:00 +0000", "m4@r", "", "Here is the report.\n"),
        mail(&ann, &me, "Fri, 20 Mar 2026 12:00:00 +0000", "a5@r", "In-Reply-To: <m4@r>\n", "Thanks.\n"),
        mail(
            "News <news@lists.example>",
            &me,
            "Wed, 4 Mar 2026 12:00:00 +0000",
            "n1@r",
            "List-Id: <news.lists.example>\n",
            "Anything new?\n",
        ),
    ]
    .concat()
}

#[test]
fn the_story_of_five_emails_with_ann_gives_the_measures_a_person_computes_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ann.mbox", story());
    let mut store = Store::open_in_memory().unwrap();
    let done = apply_file(&mut store, &path, &options());
    assert_eq!(done.format, Format::Email);
    assert_eq!(done.records, 6);
    assert_eq!((done.contacts_created, done.interactions_created, done.questions_created), (1, 5, 2));
    // The newsletter is left out and counted; the questions are kept as a fact only.
    let notes: Vec<&Reason> = done.problems.iter().map(|p| &p.reason).collect();
    assert!(notes.contains(&&Reason::EmailAutomatedLeftOut { n: 1 }), "{notes:?}");
    assert!(notes.contains(&&Reason::EmailQuestionsFactOnly { n: 2 }), "{notes:?}");
    assert_eq!(done.errors, 0);

    let contacts = store.list_contacts(&Default::default()).unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].display_name, "Ann Lee");
    let ann = contacts[0].id;
    // No text kept: every question reads as the placeholder, every summary as "Email".
    let questions = texts(&store, "SELECT text FROM questions");
    assert!(questions.iter().all(|t| t == email::QUESTION_PLACEHOLDER), "{questions:?}");
    let summaries: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM interactions WHERE summary <> 'Email'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(summaries, 0);
    // Replies point at the message they reply to: 2 → 1 and 5 → 4.
    let links = reply_links(&store);
    let t = |d: DateTime<Utc>| d.timestamp();
    assert_eq!(
        links,
        vec![
            (t(utc(2026, 3, 2, 15, 0)), t(utc(2026, 3, 2, 9, 0))),
            (t(utc(2026, 3, 20, 12, 0)), t(utc(2026, 3, 16, 8, 0)))
        ]
    );

    let history = store.history().unwrap();
    let at = t(utc(2026, 3, 25, 0, 0));
    let m = contact_measures(&history, ann, at, &ModelSettings::default()).unwrap();
    // By hand: five emails, the last on 20 March at noon.
    assert_eq!(m.interactions, 5);
    assert_eq!(m.last_interaction_at, Some(t(utc(2026, 3, 20, 12, 0))));
    // My question (1) was answered by her reply (2); hers (3) was never answered: still open.
    assert_eq!((m.my_questions.asked, m.my_questions.answered), (1, 1));
    assert_eq!((m.their_questions.asked, m.their_questions.answered, m.their_questions.open.len()), (1, 0, 1));
    // Her open question makes it my turn, since she asked it.
    assert_eq!(m.turn.whose, Some(Party::Me));
    assert_eq!(m.turn.since, Some(t(utc(2026, 3, 10, 10, 0))));
    // Turns: mine are 1 and 4, both answered (2 replies to 1, 5 to 4); hers are 2, 3 and 5.
    assert_eq!((m.conversation.my_turns, m.conversation.my_turns_answered), (2, 2));
    assert_eq!((m.initiative.by_me, m.initiative.by_them), (2, 3));
}

#[test]
fn a_second_import_of_the_same_mailbox_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ann.mbox", story());
    let mut store = Store::open_in_memory().unwrap();
    apply_file(&mut store, &path, &options());
    let before = data_fingerprint(&store);
    let again = apply_file(&mut store, &path, &options());
    assert_eq!((again.contacts_created, again.interactions_created, again.questions_created), (0, 0, 0));
    assert_eq!(again.interactions_duplicate, 5);
    assert_eq!(data_fingerprint(&store), before);
}

#[test]
fn the_users_addresses_are_remembered_so_the_next_import_needs_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ann.mbox", story());
    let mut store = Store::open_in_memory().unwrap();
    // Never told: refused, naming what is missing.
    let err = import::preview_file(&store, &path, &ImportOptions::default(), &mut |_| true).unwrap_err();
    assert!(err.to_string().contains("--me ADDRESS"), "{err}");
    apply_file(&mut store, &path, &options());
    assert_eq!(store.setting(email::ME_SETTING).unwrap(), Some(serde_json::json!([ME])));
    let preview = preview_file(&store, &path, &ImportOptions::default());
    assert_eq!(preview.interactions_duplicate, 5);
}

#[test]
fn addresses_that_are_not_in_the_mailbox_are_refused() {
    let text = story();
    let wrong = ImportOptions { me: vec!["someone@else.test".into()], ..Default::default() };
    let err = import::parse(text.as_bytes(), "ann.mbox", &wrong, &mut |_| true).unwrap_err();
    assert!(err.to_string().contains("someone@else.test"), "{err}");
}

#[test]
fn a_group_email_is_with_everyone_but_me_and_its_sender_started_it() {
    let text = mail(
        "Cat <cat@example.org>",
        &format!("Me <{ME}>, Bob <bob@example.org>"),
        "Thu, 5 Mar 2026 10:00:00 +0000",
        "c1@r",
        "Cc: ann@example.org\n",
        "Hello all.\n",
    );
    let parsed = parse(&text);
    let names: Vec<&str> = parsed.contacts.iter().map(|c| c.fields.display_name.as_str()).collect();
    // A correspondent without a display name is named by the address.
    assert_eq!(names, ["Cat", "Bob", ANN]);
    let it = &parsed.interactions[0];
    assert_eq!(it.participants.len(), 3);
    assert_eq!(it.initiated_by, Party::Them);
    assert_eq!(it.initiator, Some(import::Who::Incoming(0)));
    assert_eq!(it.at.to_rfc3339(), "2026-03-05T10:00:00+00:00");
}

#[test]
fn automated_senders_are_left_out_and_counted() {
    let me = format!("<{ME}>");
    let text = [
        mail("a@x.test", &me, "Thu, 5 Mar 2026 10:00:00 +0000", "1@r", "Precedence: bulk\n", "x\n"),
        mail("b@x.test", &me, "Thu, 5 Mar 2026 10:00:00 +0000", "2@r", "Auto-Submitted: auto-replied\n", "x\n"),
        mail("no-reply@x.test", &me, "Thu, 5 Mar 2026 10:00:00 +0000", "3@r", "", "x\n"),
        mail("MAILER-DAEMON@x.test", &me, "Thu, 5 Mar 2026 10:00:00 +0000", "4@r", "", "x\n"),
        mail("c@x.test", &me, "Thu, 5 Mar 2026 10:00:00 +0000", "5@r", "Auto-Submitted: no\n", "x\n"),
    ]
    .concat();
    let parsed = parse(&text);
    assert_eq!(parsed.records, 5);
    assert_eq!(parsed.interactions.len(), 1);
    assert_eq!(parsed.contacts[0].fields.emails[0].value, "c@x.test");
    let left_out = parsed.problems.iter().find(|p| p.reason == Reason::EmailAutomatedLeftOut { n: 4 }).unwrap();
    assert_eq!(left_out.severity, Severity::Warning);
}

#[test]
fn malformed_and_truncated_mailboxes_are_refused_by_line_and_change_nothing() {
    let me = format!("<{ME}>");
    let good = mail("Ann <ann@example.org>", &me, "Mon, 2 Mar 2026 09:00:00 +0000", "g@r", "", "Hello.\n");
    // Each message of `good` takes 9 lines (separator, 5 headers, blank, body, blank).
    // Each case: a mailbox, and its error's line, field and reason.
    type Case<'a> = (String, (Option<usize>, &'a str, &'a str));
    let cases: Vec<Case> = vec![
        // A date that does not read, on line 13 (the second message's Date).
        (good.clone() + &mail("b@x.test", &me, "Mon, 31 Feb 2026 09:00:00 +0000", "d@r", "", "x\n"), (Some(13), "Date", "email_date")),
        (good.clone() + &mail("b@x.test", &me, "yesterday", "d@r", "", "x\n"), (Some(13), "Date", "email_date")),
        // No Date at all: the message's first line.
        (
            good.clone() + "From b@x.test Mon Jan  1 00:00:00 2026\nFrom: b@x.test\nTo: me@rapport.test\n\nx\n",
            (Some(10), "Date", "email_no_date"),
        ),
        // A line in the headers that is no header, line 12.
        (
            good.clone() + "From b@x.test Mon Jan  1 00:00:00 2026\nFrom: b@x.test\nTo: me@rapport.test\nthis is not a header\nDate: Mon, 2 Mar 2026 09:00:00 +0000\n\nx\n",
            (Some(13), "headers", "email_header_line"),
        ),
        // Cut inside the headers of the second message.
        (good.clone() + "From b@x.test Mon Jan  1 00:00:00 2026\nFrom: b@x.test\nTo: me@r", (Some(10), "headers", "email_headers_unended")),
        // Cut inside the body of the last message.
        (good.clone() + &mail("b@x.test", &me, "Mon, 2 Mar 2026 09:00:00 +0000", "e@r", "", "Hello, I was wri")[..150], (Some(10), "file", "email_truncated")),
    ];
    for (text, expected) in cases {
        let parsed = parse(&text);
        let found = errors(&parsed);
        assert_eq!(found.len(), 1, "{text}\n{found:?}");
        assert_eq!((found[0].0, found[0].1.as_str(), found[0].2), expected, "{text}");
        // Through the file, as `rapport import` runs it: refused, the database unchanged.
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "bad.mbox", &text);
        let mut store = Store::open_in_memory().unwrap();
        store.add_contact(&rapport_core::ContactFields::named("Zoe")).unwrap();
        let before = data_fingerprint(&store);
        let err = import::apply_file(&mut store, &path, &options(), &mut |_| true).unwrap_err();
        let line = expected.0.unwrap();
        assert!(err.to_string().contains(&format!("line {line}")), "{err}");
        assert_eq!(data_fingerprint(&store), before);
        assert_eq!(count(&store, "interactions"), 0);
    }
}

#[test]
fn a_reply_answers_only_a_question_from_the_other_side() {
    let me = format!("<{ME}>");
    let ann = format!("<{ANN}>");
    let text = [
        mail(&me, &ann, "Mon, 2 Mar 2026 09:00:00 +0000", "q@r", "", "Free on Friday?\n"),
        // My own follow-up in the thread does not answer my question.
        mail(&me, &ann, "Mon, 2 Mar 2026 10:00:00 +0000", "f@r", "In-Reply-To: <q@r>\n", "Or Saturday.\n"),
        mail(&ann, &me, "Tue, 3 Mar 2026 09:00:00 +0000", "r@r", "In-Reply-To: <q@r>\n", "Friday works.\n"),
    ]
    .concat();
    let parsed = parse(&text);
    assert_eq!(parsed.interactions.len(), 3);
    assert_eq!(parsed.interactions[0].questions[0].answered_by, Some(2));
    assert_eq!(parsed.interactions[1].in_reply_to, Some(0));
    assert_eq!(parsed.interactions[2].in_reply_to, Some(0));
    assert!(parsed.interactions[1].questions.is_empty() && parsed.interactions[2].questions.is_empty());
}

fn corpus(name: &str) -> PathBuf {
    fixture("corpus/eml").join(name)
}

#[test]
fn the_corpus_messages_read_as_their_headers_say() {
    // RFC 2822 A.1.3: a group of recipients with quoted names, in a zone two hours east.
    let as_mary = ImportOptions { me: vec!["mary@x.test".into()], ..Default::default() };
    let parsed = parse_file(&corpus("mail-gem_rfc2822_example03.eml"), &as_mary);
    assert_eq!(parsed.format, Format::Email);
    assert!(errors(&parsed).is_empty(), "{:?}", parsed.problems);
    let it = &parsed.interactions[0];
    assert_eq!(it.at.to_rfc3339(), "2003-07-01T10:52:37+02:00");
    assert_eq!(it.initiated_by, Party::Them);
    let names: Vec<&str> = parsed.contacts.iter().map(|c| c.fields.display_name.as_str()).collect();
    assert_eq!(names, ["Joe Q. Public", "jdoe@example.org", "Who?", "boss@nil.test", "Giant; \"Big\" Box"]);
    assert_eq!(it.participants.len(), 5);

    // A reply whose parent is not in the file: read, linked to nothing.
    let as_mikel = ImportOptions { me: vec!["mikel@xxxx.net".into()], ..Default::default() };
    let parsed = parse_file(&corpus("mail-gem_plain_emails_raw_email_reply.eml"), &as_mikel);
    assert!(errors(&parsed).is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.interactions[0].in_reply_to, None);
    assert_eq!(parsed.interactions[0].at.to_rfc3339(), "2007-11-18T19:56:07+11:00");

    // A Date that reads as no date: an error on its line (21), never "now".
    let as_sydney = ImportOptions { me: vec!["sydney@xxxxxxxx.xxx".into()], ..Default::default() };
    let parsed = parse_file(&corpus("mail-gem_plain_emails_raw_email_with_bad_date.eml"), &as_sydney);
    assert_eq!(errors(&parsed), [(Some(21), "Date".to_owned(), "email_date")]);
    assert!(parsed.interactions.is_empty());
}

#[test]
fn every_corpus_message_reads_without_a_panic_and_names_each_problem_by_line() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 18);
    for file in files {
        let me = ImportOptions { me: vec!["nobody@nowhere.test".into()], ..Default::default() };
        match import::parse_file(&file, &me, &mut |_| true) {
            Ok(parsed) => {
                assert_eq!(parsed.format, Format::Email, "{}", file.display());
                assert!(parsed.problems.iter().all(|p| p.line.is_some() || p.record.is_none()), "{}", file.display());
            }
            // Nobody there is me: the one refusal a valid message gets with a stranger's address.
            Err(e) => assert!(e.to_string().contains("nobody@nowhere.test"), "{}: {e}", file.display()),
        }
    }
}

#[test]
fn a_large_mailbox_is_read_one_message_at_a_time() {
    // 3,000 messages with one attachment of 400 kB each: the body beyond what is read for
    // questions is skipped, so the buffer never holds more than one message's start.
    let me = format!("<{ME}>");
    let attachment = "A".repeat(400 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.mbox");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for i in 0..300 {
            let day = 1 + i % 28;
            let body = format!("Here it is.\n{attachment}\n");
            let text = mail(
                &format!("p{i}@x.test"),
                &me,
                &format!("Mon, {day} Feb 2026 09:00:00 +0000"),
                &format!("{i}@r"),
                "",
                &body,
            );
            f.write_all(text.as_bytes()).unwrap();
        }
    }
    let parsed = parse_file(&path, &options());
    assert_eq!(parsed.records, 300);
    assert_eq!(parsed.interactions.len(), 300);
    assert_eq!(email::count_messages(std::io::BufReader::new(std::fs::File::open(&path).unwrap())).unwrap(), 300);
}

/// A valid mailbox, cut or damaged at random below.
fn valid() -> String {
    story()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_email_parser_never_panics_on_arbitrary_bytes(raw in prop::collection::vec(any::<u8>(), 0..600)) {
        let options = ImportOptions { format: Some(Format::Email), ..options() };
        let _ = import::parse(&raw, "x.mbox", &options, &mut |_| true);
        let mut mbox = b"From x Mon Jan  1 00:00:00 2026\n".to_vec();
        mbox.extend_from_slice(&raw);
        let _ = import::parse(&mbox, "x.mbox", &options, &mut |_| true);
    }

    #[test]
    fn the_email_parser_never_panics_on_a_damaged_mailbox(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..20),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = valid().into_bytes();
        for (at, byte, how) in edits {
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => { bytes.insert(i, byte); }
                _ => { bytes.remove(i); }
            }
        }
        let end = cut.index(bytes.len() + 1);
        bytes.truncate(end);
        let options = ImportOptions { format: Some(Format::Email), ..options() };
        if let Ok(parsed) = import::parse(&bytes, "x.mbox", &options, &mut |_| true) {
            for p in &parsed.problems {
                prop_assert!(p.record.is_none_or(|r| r.line.is_some()));
            }
        }
    }
}

/// One `.eml` file: a message without the mbox's `From ` line.
fn eml(from: &str, to: &str, date: &str, id: &str, body: &str) -> String {
    format!("From: {from}\nTo: {to}\nDate: {date}\nMessage-ID: <{id}>\nSubject: hello\n\n{body}\n")
}

/// A folder of `.eml` files is one import: every `.eml` in it, in name order (other files and
/// sub-folders left alone), one preview whose problems name the file, and a second import of
/// the same folder adds nothing.
#[test]
fn a_folder_of_eml_files_is_one_import_and_its_problems_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("mail");
    std::fs::create_dir(&folder).unwrap();
    let ann = format!("Ann <{ANN}>");
    let reply = eml(&ann, ME, "Tue, 3 Mar 2026 10:00:00 +0000", "b@x", "Yes, I will.");
    write(&folder, "2-reply.eml", format!("In-Reply-To: <a@x>\n{reply}"));
    write(&folder, "1-first.eml", eml(ME, &ann, "Mon, 2 Mar 2026 09:00:00 +0000", "a@x", "Coming on Friday?"));
    write(&folder, "3-bad.EML", eml(&ann, ME, "not a date", "c@x", "Hi."));
    write(&folder, "notes.txt", "not a message");
    std::fs::create_dir(folder.join("sub")).unwrap();
    write(&folder.join("sub"), "4-deeper.eml", eml(&ann, ME, "Wed, 4 Mar 2026 10:00:00 +0000", "d@x", "Hi."));

    let mut store = Store::open_in_memory().unwrap();
    let preview = preview_file(&store, &folder, &options());
    assert_eq!(preview.format, Format::Email);
    assert_eq!(preview.records, 3);
    let bad: Vec<_> = preview.problems.iter().filter(|p| p.severity == Severity::Error).collect();
    assert_eq!(bad.len(), 1, "{:?}", preview.problems);
    assert_eq!(bad[0].file.as_deref(), Some("3-bad.EML"));
    // The line is the file's own: Date is its third line.
    assert_eq!((bad[0].line, bad[0].field.as_str(), bad[0].reason.key()), (Some(3), "Date", "email_date"));
    assert!(bad[0].to_string().starts_with("3-bad.EML: "), "{}", bad[0]);

    let options = ImportOptions { skip_invalid: true, ..options() };
    let done = apply_file(&mut store, &folder, &options);
    assert_eq!((done.contacts_created, done.interactions_created), (1, 2));
    // The reply (second file by name) points at the first message, from the other file.
    let (first, reply): (i64, Option<i64>) = store
        .connection()
        .query_row(
            "SELECT (SELECT id FROM interactions ORDER BY occurred_at LIMIT 1), \
             (SELECT in_reply_to FROM interactions ORDER BY occurred_at DESC LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(reply, Some(first));
    let before = data_fingerprint(&store);
    let again = apply_file(&mut store, &folder, &options);
    assert_eq!((again.contacts_created, again.interactions_created, again.interactions_duplicate), (0, 0, 2));
    assert_eq!(data_fingerprint(&store), before);

    // A folder without any .eml is refused by name, nothing written.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let error = import::apply_file(&mut store, &empty, &options, &mut |_| true).unwrap_err();
    assert!(error.to_string().contains("no .eml"), "{error}");
    assert_eq!(data_fingerprint(&store), before);
}

/// The story's mailbox in two imports: the first month's Takeout holds messages 1, 3 and 4; the
/// next one the replies 2 (to 1) and 5 (to 4), and my late reply to Ann's question (3).
fn story_in_two_imports() -> (String, String) {
    let ann = format!("Ann Lee <{ANN}>");
    let me = format!("Me <{ME}>");
    let first = [
        mail(&me, &ann, "Mon, 2 Mar 2026 09:00:00 +0000", "m1@r", "", "Hi Ann,\n\nAre you coming on Friday?\n"),
        mail(&ann, &me, "Tue, 10 Mar 2026 10:00:00 +0000", "a3@r", "", "Could you send me the slides?\n"),
        mail(&me, &ann, "Mon, 16 Mar 2026 08:00:00 +0000", "m4@r", "", "Here is the report.\n"),
    ]
    .concat();
    let second = [
        mail(
            &ann,
            &me,
            "Mon, 2 Mar 2026 16:00:00 +0100",
            "a2@r",
            "In-Reply-To: <M1@r>\nReferences: <m1@r>\n",
            "Yes, see you there.\n",
        ),
        mail(&ann, &me, "Fri, 20 Mar 2026 12:00:00 +0000", "a5@r", "In-Reply-To: <m4@r>\n", "Thanks.\n"),
        mail(&me, &ann, "Sat, 21 Mar 2026 09:00:00 +0000", "m6@r", "References: <x@r> <a3@r>\n", "Here they are.\n"),
    ]
    .concat();
    (first, second)
}

/// Each reply's time with the time of the interaction it points at, by the reply's time.
fn reply_links(store: &Store) -> Vec<(i64, i64)> {
    store
        .connection()
        .prepare(
            "SELECT r.occurred_at, o.occurred_at FROM interactions r JOIN interactions o ON r.in_reply_to = o.id \
             ORDER BY r.occurred_at",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_reply_to_a_message_of_an_earlier_import_is_linked_and_answers_its_question() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = story_in_two_imports();
    let mut store = Store::open_in_memory().unwrap();
    apply_file(&mut store, &write(dir.path(), "march-1.mbox", &first), &options());
    let done = apply_file(&mut store, &write(dir.path(), "march-2.mbox", &second), &options());
    assert_eq!((done.contacts_created, done.interactions_created, done.interactions_duplicate), (0, 3, 0));

    // 2 → 1, 5 → 4 and 6 → 3, each across the two imports.
    let t = |d: DateTime<Utc>| d.timestamp();
    assert_eq!(
        reply_links(&store),
        vec![
            (t(utc(2026, 3, 2, 15, 0)), t(utc(2026, 3, 2, 9, 0))),
            (t(utc(2026, 3, 20, 12, 0)), t(utc(2026, 3, 16, 8, 0))),
            (t(utc(2026, 3, 21, 9, 0)), t(utc(2026, 3, 10, 10, 0))),
        ]
    );
    // Ann's reply answers my question of the first import, and mine answers hers.
    let answered: Vec<(String, i64, i64)> = store
        .connection()
        .prepare(
            "SELECT q.asked_by, a.occurred_at, i.occurred_at FROM questions q JOIN interactions a ON a.id = q.asked_in \
             JOIN interactions i ON i.id = q.answered_in ORDER BY a.occurred_at",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        answered,
        vec![
            ("me".to_owned(), t(utc(2026, 3, 2, 9, 0)), t(utc(2026, 3, 2, 15, 0))),
            ("them".to_owned(), t(utc(2026, 3, 10, 10, 0)), t(utc(2026, 3, 21, 9, 0))),
        ]
    );

    // The turn measures read the same history as from one import of the whole mailbox.
    let mut whole = Store::open_in_memory().unwrap();
    let all = write(dir.path(), "march.mbox", &(first.clone() + &second));
    apply_file(&mut whole, &all, &options());
    let at = t(utc(2026, 3, 25, 0, 0));
    let ann = store.list_contacts(&Default::default()).unwrap()[0].id;
    let split = contact_measures(&store.history().unwrap(), ann, at, &ModelSettings::default()).unwrap();
    let once = contact_measures(&whole.history().unwrap(), ann, at, &ModelSettings::default()).unwrap();
    assert_eq!((split.my_questions.asked, split.my_questions.answered), (1, 1));
    assert_eq!((split.their_questions.asked, split.their_questions.answered), (1, 1));
    assert_eq!((split.conversation.my_turns, split.conversation.my_turns_answered), (3, 2));
    assert_eq!(split, once);

    // Each import again adds nothing: the keys say which messages are there.
    let before = data_fingerprint(&store);
    for name in ["march-1.mbox", "march-2.mbox", "march.mbox"] {
        let again = apply_file(&mut store, &dir.path().join(name), &options());
        assert_eq!(again.interactions_created, 0, "{name}");
    }
    assert_eq!(data_fingerprint(&store), before);
}

#[test]
fn a_message_at_the_same_second_as_another_with_the_same_person_is_still_imported() {
    // Two messages from Ann in the same second, in two imports: different Message-IDs, so two
    // messages (before keys, the second was taken for the first imported again).
    let ann = format!("Ann Lee <{ANN}>");
    let date = "Mon, 2 Mar 2026 09:00:00 +0000";
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let one = write(dir.path(), "1.mbox", mail(&ann, ME, date, "one@r", "", "Hello.\n"));
    let two = write(dir.path(), "2.mbox", mail(&ann, ME, date, "two@r", "", "And again.\n"));
    apply_file(&mut store, &one, &options());
    let done = apply_file(&mut store, &two, &options());
    assert_eq!((done.interactions_created, done.interactions_duplicate), (1, 0));
    // The same message twice in one file is one message.
    let twice = write(dir.path(), "3.mbox", mail(&ann, ME, date, "three@r", "", "x\n").repeat(2));
    let done = apply_file(&mut store, &twice, &options());
    assert_eq!((done.interactions_created, done.interactions_duplicate), (1, 1));
    assert_eq!(count(&store, "interactions"), 3);
    assert_eq!(count(&store, "interaction_sources"), 3);
}

#[test]
fn deleting_an_imported_email_deletes_its_key_and_undo_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = story_in_two_imports();
    let mut store = Store::open_in_memory().unwrap();
    let path = write(dir.path(), "march-1.mbox", &first);
    apply_file(&mut store, &path, &options());
    let keys = |store: &Store| -> Vec<(String, i64)> {
        let mut stmt =
            store.connection().prepare("SELECT key, interaction_id FROM interaction_sources ORDER BY key").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let before = keys(&store);
    let m1: rapport_core::InteractionId = store
        .connection()
        .query_row("SELECT interaction_id FROM interaction_sources WHERE key = 'email:m1@r'", [], |r| r.get(0))
        .unwrap();
    let deleted = store.delete_interaction(m1).unwrap();
    assert_eq!(count(&store, "interaction_sources"), 2, "the key went with its interaction");
    store.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(keys(&store), before, "undo puts the key back");
    // So a reply imported after the undo still finds it.
    apply_file(&mut store, &write(dir.path(), "march-2.mbox", &second), &options());
    assert_eq!(reply_links(&store).len(), 3);
}

#[test]
fn rapports_json_export_carries_the_keys_so_a_restored_database_links_later_replies() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = story_in_two_imports();
    let mut store = Store::open_in_memory().unwrap();
    apply_file(&mut store, &write(dir.path(), "march-1.mbox", &first), &options());
    let export = store.export().unwrap();
    let keys: Vec<&str> = export.interaction_sources.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["email:a3@r", "email:m1@r", "email:m4@r"]);
    let json = serde_json::to_vec(&export).unwrap();

    let mut restored = Store::open_in_memory().unwrap();
    let parsed = common::import::parse(&json, "export.json", &ImportOptions::default());
    apply(&mut restored, &parsed, &ImportOptions::default());
    assert_eq!(restored.export().unwrap().interaction_sources, export.interaction_sources);
    let mbox = write(dir.path(), "march-2.mbox", &second);
    apply_file(&mut restored, &mbox, &options());
    assert_eq!(reply_links(&restored).len(), 3);

    // A key the schema would refuse is left out with a warning naming it; the rest imports.
    let mut bad = serde_json::to_value(&export).unwrap();
    bad["interaction_sources"][0]["key"] = serde_json::json!("no-colon");
    let parsed = common::import::parse(bad.to_string().as_bytes(), "export.json", &ImportOptions::default());
    let warned: Vec<String> =
        parsed.problems.iter().filter(|p| p.reason.key() == "source_key").map(|p| p.to_string()).collect();
    assert_eq!(warned.len(), 1, "{:?}", parsed.problems);
    assert!(warned[0].contains("no-colon"), "{}", warned[0]);
    let mut other = Store::open_in_memory().unwrap();
    apply(&mut other, &parsed, &ImportOptions::default());
    assert_eq!(count(&other, "interaction_sources"), 2);
}

/// A message of a mailing list is left out unless the user asks for it (`include_lists`), and
/// counted either way: the story's newsletter (List-Id) and a no-reply notice.
#[test]
fn mailing_lists_are_left_out_by_default_and_imported_when_asked_counted_either_way() {
    let me = format!("Me <{ME}>");
    let text = [
        story(),
        mail("Shop <no-reply@shop.example>", &me, "Thu, 5 Mar 2026 10:00:00 +0000", "s1@r", "", "Your order\n"),
    ]
    .concat();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "all.mbox", &text);

    let mut by_default = Store::open_in_memory().unwrap();
    let done = apply_file(&mut by_default, &path, &options());
    assert_eq!((done.records, done.contacts_created, done.interactions_created), (7, 1, 5));
    let notes: Vec<&Reason> = done.problems.iter().map(|p| &p.reason).collect();
    assert!(notes.contains(&&Reason::EmailAutomatedLeftOut { n: 2 }), "{notes:?}");
    assert!(!notes.iter().any(|r| r.key() == "email_automated_kept"), "{notes:?}");

    let asked = ImportOptions { include_lists: true, ..options() };
    let mut included = Store::open_in_memory().unwrap();
    let done = apply_file(&mut included, &path, &asked);
    // The newsletter's and the shop's senders become contacts, each with its one email.
    assert_eq!((done.records, done.contacts_created, done.interactions_created), (7, 3, 7));
    let notes: Vec<&Reason> = done.problems.iter().map(|p| &p.reason).collect();
    assert!(notes.contains(&&Reason::EmailAutomatedKept { n: 2 }), "{notes:?}");
    assert!(!notes.iter().any(|r| r.key() == "email_automated_left_out"), "{notes:?}");
    let news = store_contact(&included, "News");
    let with_news =
        included.list_interactions(&rapport_core::InteractionQuery { contact: Some(news), ..Default::default() });
    assert_eq!(with_news.unwrap().len(), 1);
    // Its question ("Anything new?") is counted like any other message's: three, not two.
    assert!(notes.contains(&&Reason::EmailQuestionsFactOnly { n: 3 }), "{notes:?}");
    // Asked again with the option: nothing added.
    let again = apply_file(&mut included, &path, &asked);
    assert_eq!((again.interactions_created, again.interactions_duplicate), (0, 7));
}

fn store_contact(store: &Store, name: &str) -> rapport_core::ContactId {
    let contacts = store.list_contacts(&Default::default()).unwrap();
    contacts.iter().find(|c| c.display_name == name).unwrap_or_else(|| panic!("no {name} in {contacts:?}")).id
}

/// An email import cancelled through its progress callback (as the window's Cancel and the CLI's
/// Ctrl+C do) writes nothing: an mbox while it is matched, an mbox while it is written, a folder of
/// .eml files while it is matched. The same files import whole afterwards.
#[test]
fn cancelling_an_email_import_writes_nothing() {
    let me = format!("<{ME}>");
    let message = |i: usize| {
        let from = format!("Person {i} <p{i}@x.test>");
        mail(&from, &me, &format!("Mon, {} Feb 2026 09:00:00 +0000", 1 + i % 28), &format!("{i}@r"), "", "Hello?\n")
    };
    let dir = tempfile::tempdir().unwrap();
    let mbox = write(dir.path(), "big.mbox", (0..2000).map(message).collect::<String>());
    let folder = dir.path().join("mail");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..300 {
        let text = message(i);
        // An .eml file holds the message without the mbox's "From " line.
        write(&folder, &format!("{i:04}.eml"), text.split_once('\n').unwrap().1);
    }
    let mut store = Store::open_in_memory().unwrap();
    let before = data_fingerprint(&store);
    // An import reads the file at each step: while matching, then while writing (bytes).
    for (path, stop_at) in
        [(&mbox, import::Stage::Matching), (&mbox, import::Stage::Writing), (&folder, import::Stage::Matching)]
    {
        let (mut calls, mut seen_halfway) = (0, false);
        let mut seen = Vec::new();
        let outcome = import::apply_file(&mut store, path, &options(), &mut |p| {
            calls += 1;
            seen.push(p);
            // Stop halfway through the stage, once some of it is done.
            seen_halfway |= p.stage == stop_at && p.done * 2 >= p.total && p.done > 0;
            !seen_halfway
        });
        let Err(error) = outcome else { panic!("{path:?} at {stop_at:?}: not cancelled; progress: {seen:?}") };
        assert!(matches!(error, rapport_core::Error::Cancelled), "{path:?} at {stop_at:?}: {error}");
        assert!(calls > 2, "{path:?} at {stop_at:?}: the callback was called {calls} times");
        assert_eq!(data_fingerprint(&store), before, "{path:?} at {stop_at:?}: nothing is written");
    }
    let done = apply_file(&mut store, &mbox, &options());
    assert_eq!((done.contacts_created, done.interactions_created, done.questions_created), (2000, 2000, 2000));
    let done = apply_file(&mut store, &folder, &options());
    assert_eq!((done.interactions_created, done.interactions_duplicate), (0, 300));
}
