//! WhatsApp import (issue 16): Android and iOS chat exports (`.txt`, or the `.zip` with the
//! media) become interactions by turn, with replies and questions as a fact; day and month order
//! settled from the whole file; participants matched by name (case and accents aside) or phone;
//! malformed files refused by line with the database unchanged; a second import adds nothing.
//! The story test is a history a person can check by hand.

use std::io::Write;
use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use rapport_core::import::{self, whatsapp, Format, ImportOptions, Severity};
use rapport_core::measures::{contact_measures, ModelSettings};
use rapport_core::{ContactFields, Labeled, Party, Reason, Store};

mod common;
use common::import::{apply, apply_file, count, data_fingerprint, errors, fixture, parse, preview_file, texts, write};

fn corpus(name: &str) -> PathBuf {
    fixture("corpus/whatsapp").join(name)
}

/// Times read in UTC, so that the expected instants below are those written in the chat,
/// whatever zone the machine running the tests is in.
fn in_utc() -> ImportOptions {
    ImportOptions { zone: Some("UTC".into()), ..Default::default() }
}

fn me(name: &str) -> ImportOptions {
    ImportOptions { me: vec![name.into()], ..in_utc() }
}

fn t(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap().timestamp()
}

/// Five turns with Ann over three weeks (Android, day first: "16/03" settles it).
const STORY: &str = "\
02/03/2026, 08:55 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
02/03/2026, 09:00 - Sam: Hi Ann, are you free for lunch next week?
02/03/2026, 09:02 - Sam: I found a new place
02/03/2026, 15:00 - Ann Lee: Yes! Thursday works.
02/03/2026, 15:01 - Ann Lee: <Media omitted>
10/03/2026, 10:00 - Ann Lee: Did you book the table?
16/03/2026, 08:00 - Sam: Sorry, I was away.
Booked for Friday.
20/03/2026, 12:00 - Ann Lee: Great, see you then
";

#[test]
fn the_story_of_five_turns_with_ann_reads_as_a_person_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    // The file's name says the chat is with Ann: the other participant, Sam, is me.
    let path = write(dir.path(), "WhatsApp Chat with Ann Lee.txt", STORY.as_bytes());
    let mut store = Store::open_in_memory().unwrap();
    let preview = preview_file(&store, &path, &in_utc());
    assert_eq!(preview.format, Format::Whatsapp);
    assert_eq!((preview.contacts_created, preview.interactions_created, preview.questions_created), (1, 5, 2));
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    let done = apply_file(&mut store, &path, &in_utc());
    assert_eq!(done.interactions_created, 5);

    let contacts = store.list_contacts(&Default::default()).unwrap();
    assert_eq!(contacts.len(), 1, "Sam is me, not a contact");
    assert_eq!(contacts[0].display_name, "Ann Lee");
    let ann = contacts[0].id;
    // No text kept: the summaries count messages, the questions are placeholders.
    let summaries = texts(&store, "SELECT summary FROM interactions ORDER BY occurred_at");
    let expected = [
        "WhatsApp: 2 messages",
        "WhatsApp: 2 messages",
        "WhatsApp: 1 message",
        "WhatsApp: 1 message",
        "WhatsApp: 1 message",
    ];
    assert_eq!(summaries, expected);
    let questions = texts(&store, "SELECT text FROM questions");
    assert_eq!(questions, [whatsapp::QUESTION_PLACEHOLDER, whatsapp::QUESTION_PLACEHOLDER]);
    // Replies: her 15:00 turn to my 09:00 one (6 hours), my 16 March turn to her question
    // (6 days), her 20 March turn to mine (4 days). Her 10 March turn came 8 days after her last,
    // past the 7-day reply window: it starts a new thread.
    let links: Vec<(i64, i64)> = store
        .connection()
        .prepare(
            "SELECT r.occurred_at, o.occurred_at FROM interactions r JOIN interactions o ON r.in_reply_to = o.id \
             ORDER BY r.occurred_at",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        links,
        [
            (t(2026, 3, 2, 15, 0), t(2026, 3, 2, 9, 0)),
            (t(2026, 3, 16, 8, 0), t(2026, 3, 10, 10, 0)),
            (t(2026, 3, 20, 12, 0), t(2026, 3, 16, 8, 0))
        ]
    );

    let history = store.history().unwrap();
    let at = t(2026, 3, 25, 0, 0);
    let m = contact_measures(&history, ann, at, &ModelSettings::default()).unwrap();
    // By hand: five turns, the last on 20 March at noon.
    assert_eq!(m.interactions, 5);
    assert_eq!(m.last_interaction_at, Some(t(2026, 3, 20, 12, 0)));
    // My question (2 March, 09:00) answered by her turn at 15:00; hers (10 March) by mine on 16 March.
    assert_eq!((m.my_questions.asked, m.my_questions.answered), (1, 1));
    assert_eq!((m.their_questions.asked, m.their_questions.answered, m.their_questions.open.len()), (1, 1, 0));
    // Turns: mine (2 and 16 March) both answered; hers are 2, 10 and 20 March.
    assert_eq!((m.conversation.my_turns, m.conversation.my_turns_answered), (2, 2));
    assert_eq!((m.initiative.by_me, m.initiative.by_them), (2, 3));
    // She wrote last and nobody answered: my turn since 20 March.
    assert_eq!(m.turn.whose, Some(Party::Me));
    assert_eq!(m.turn.since, Some(t(2026, 3, 20, 12, 0)));
}

#[test]
fn a_second_import_of_the_same_chat_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "chat.txt", STORY.as_bytes());
    let mut store = Store::open_in_memory().unwrap();
    apply_file(&mut store, &path, &me("Sam"));
    let before = data_fingerprint(&store);
    let again = apply_file(&mut store, &path, &me("Sam"));
    assert_eq!((again.contacts_created, again.interactions_created, again.questions_created), (0, 0, 0));
    assert_eq!(again.interactions_duplicate, 5);
    assert_eq!(data_fingerprint(&store), before);
}

/// chat-miner's corpus: the same chat in four formats reads as chat-miner reads it (its
/// target.json: six messages, the empty "John Doe:." and the group's system lines left out).
#[test]
fn the_corpus_chat_reads_the_same_in_every_format() {
    let target: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(corpus("chat-miner_target.json")).unwrap()).unwrap();
    let mut expected: Vec<(i64, String)> = target
        .iter()
        .map(|m| {
            let at =
                chrono::NaiveDateTime::parse_from_str(m["timestamp"].as_str().unwrap(), "%Y-%m-%dT%H:%M:%S").unwrap();
            (at.and_utc().timestamp(), m["author"].as_str().unwrap().to_owned())
        })
        .collect();
    expected.sort();
    for file in [
        "chat-miner_test_ddmmyy_24hrs.txt",
        "chat-miner_test_mmddyy_24hrs.txt",
        "chat-miner_test_[mmddyy]_24hrs.txt",
        "chat-miner_test_mmddyyyy_12hrs.txt",
    ] {
        let bytes = std::fs::read(corpus(file)).unwrap();
        let parsed = parse(&bytes, file, &me("Jahn Doe"));
        assert_eq!(parsed.format, Format::Whatsapp, "{file}");
        assert!(parsed.problems.is_empty(), "{file}: {:?}", parsed.problems);
        assert_eq!(parsed.records, 6, "{file}");
        let names: Vec<&str> = parsed.contacts.iter().map(|c| c.fields.display_name.as_str()).collect();
        assert_eq!(names, ["John Doe", "John-John Doe", "John Doe 🤓", "🤓"], "{file}");
        // Every message on its own day: one turn each, its sender's.
        let mut got: Vec<(i64, String)> = parsed
            .interactions
            .iter()
            .map(|it| {
                let who = match (it.initiated_by, &it.participants[..]) {
                    (Party::Me, _) => "Jahn Doe".to_owned(),
                    (Party::Them, [import::Who::Incoming(i)]) => names[*i].to_owned(),
                    other => panic!("{other:?}"),
                };
                (it.at.timestamp(), who)
            })
            .collect();
        got.sort();
        assert_eq!(got, expected, "{file}");
    }
}

/// A group chat from an iPhone: brackets, seconds, U+200E marks, a sender known by phone only,
/// another whose name differs from the address book's by case and accents.
#[test]
fn a_group_chat_matches_people_by_phone_and_by_name_aside_from_accents() {
    let chat = "\u{200e}[05/01/2026, 18:00:00] Family: \u{200e}Messages and calls are end-to-end encrypted.\n\
        [05/01/2026, 18:01:10] Sam: Dinner on Sunday?\n\
        [05/01/2026, 18:03:00] \u{202a}+33 6 12 34 56 78\u{202c}: \u{200e}image omitted\n\
        [05/01/2026, 18:04:00] zoe MARTIN: Yes\n\
        \u{200e}[05/01/2026, 18:05:00] Sam: \u{200e}Sam added Léo\n\
        [13/01/2026, 09:00:00] zoe MARTIN: Thanks for Sunday\n";
    let mut store = Store::open_in_memory().unwrap();
    let zoe = store.add_contact(&ContactFields::named("Zoé Martin")).unwrap().id;
    let phone = ContactFields { phones: vec![Labeled::new("+33612345678")], ..ContactFields::named("Max") };
    let max = store.add_contact(&phone).unwrap().id;
    let parsed = parse(chat, "WhatsApp Chat - Family.txt", &me("sam"));
    assert!(errors(&parsed).is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.records, 4, "the notices are not messages");
    let done = apply(&mut store, &parsed, &ImportOptions::default());
    assert_eq!((done.contacts_created, done.interactions_created), (0, 4), "{done:?}");
    assert_eq!(store.list_contacts(&Default::default()).unwrap().len(), 2);
    let history = store.history().unwrap();
    let at = t(2026, 1, 20, 0, 0);
    let s = ModelSettings::default();
    let (z, m) = (contact_measures(&history, zoe, at, &s).unwrap(), contact_measures(&history, max, at, &s).unwrap());
    // My question went to both; each answered it with their own turn.
    assert_eq!((z.interactions, m.interactions), (3, 2));
    assert_eq!((z.my_questions.asked, z.my_questions.answered), (1, 1));
    assert_eq!((m.my_questions.asked, m.my_questions.answered), (1, 1));
    assert_eq!(z.last_interaction_at, Some(t(2026, 1, 13, 9, 0)));
}

#[test]
fn who_is_me_is_asked_when_the_file_does_not_say() {
    let group = "01/02/2026, 10:00 - Ann: hi\n01/02/2026, 10:01 - Bob: hello\n01/02/2026, 10:02 - Cat: hey\n";
    let parsed = parse(group, "chat.txt", &ImportOptions::default());
    let ask = parsed.problems.iter().find(|p| p.field == "me").unwrap();
    assert_eq!(ask.severity, Severity::Error);
    assert_eq!(ask.reason, Reason::WhatsappWhoIsMe { names: vec!["Ann".into(), "Bob".into(), "Cat".into()] });
    assert!(parsed.interactions.is_empty() && parsed.contacts.is_empty());
    // A name that is nobody in the chat: said, and the participants listed again.
    let wrong = parse(group, "chat.txt", &me("Dan"));
    let keys: Vec<&str> = errors(&wrong).into_iter().map(|e| e.2).collect();
    assert_eq!(keys, ["me_not_found", "whatsapp_who_is_me"]);
    // Case and accents aside.
    let ok = parse(group, "chat.txt", &me("BÖB"));
    assert!(errors(&ok).is_empty(), "{:?}", ok.problems);
    assert_eq!(ok.contacts.len(), 2);
}

#[test]
fn day_and_month_order_comes_from_the_whole_file_and_an_assumption_is_said() {
    // "13" in first place, on the last line only: day first for every line.
    let late = "01/02/2026, 10:00 - Ann: a\n05/02/2026, 10:00 - Sam: b\n13/02/2026, 10:00 - Ann: c\n";
    let parsed = parse(late, "chat.txt", &me("Sam"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let days: Vec<i64> = parsed.interactions.iter().map(|i| i.at.timestamp()).collect();
    assert_eq!(days, [t(2026, 2, 1, 10, 0), t(2026, 2, 5, 10, 0), t(2026, 2, 13, 10, 0)]);
    // Never above 12: month first keeps the messages in time order (3 Jan, 1 Feb, 4 Feb; day
    // first would go 1 Mar, 2 Jan, 2 Apr).
    let ambiguous = "01/03/2026, 10:00 - Ann: a\n02/01/2026, 10:00 - Sam: b\n02/04/2026, 10:00 - Ann: c\n";
    let parsed = parse(ambiguous, "chat.txt", &me("Sam"));
    let warning = &parsed.problems[0];
    assert_eq!(
        (warning.severity, &warning.reason),
        (Severity::Warning, &Reason::WhatsappDateOrder { order: "month/day".into() })
    );
    let days: Vec<i64> = parsed.interactions.iter().map(|i| i.at.timestamp()).collect();
    assert_eq!(days, [t(2026, 1, 3, 10, 0), t(2026, 2, 1, 10, 0), t(2026, 2, 4, 10, 0)]);
    // Nothing settles it: day first, said.
    let one = parse("02/01/2026, 10:00 - Ann: a\n", "chat.txt", &me("Sam"));
    assert_eq!(one.problems[0].reason, Reason::WhatsappDateOrder { order: "day/month".into() });
}

#[test]
fn malformed_and_truncated_chats_are_refused_by_line_and_change_nothing() {
    let good = "31/01/2026, 10:00 - Ann: hi\n31/01/2026, 10:05 - Sam: hello\n";
    // (file, the one error: its line, field and reason key)
    type Case = (String, (Option<usize>, &'static str, &'static str));
    let cases: Vec<Case> = vec![
        // Cut inside the time of the third line.
        (format!("{good}01/02/2026, 9:4"), (Some(3), "date", "whatsapp_broken_line")),
        (format!("{good}01/02/2026, 25:10 - Ann: late\n"), (Some(3), "date", "whatsapp_broken_line")),
        // A day that does not exist, day first settled by 31/01.
        (format!("{good}30/02/2026, 10:00 - Ann: hi\n"), (Some(3), "date", "not_a_day")),
        (format!("{good}01/02/2026, 10:00 Ann: hi\n"), (Some(3), "date", "whatsapp_broken_line")),
    ];
    for (text, expected) in cases {
        let parsed = parse(&text, "chat.txt", &me("Sam"));
        let found = errors(&parsed);
        assert_eq!(found.len(), 1, "{text}\n{found:?}");
        assert_eq!((found[0].0, found[0].1.as_str(), found[0].2), expected, "{text}");
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "chat.txt", text.as_bytes());
        let mut store = Store::open_in_memory().unwrap();
        store.add_contact(&ContactFields::named("Ann")).unwrap();
        let before = data_fingerprint(&store);
        let err = import::apply_file(&mut store, &path, &me("Sam"), &mut |_| true).unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        assert_eq!(data_fingerprint(&store), before);
    }
    // Not a chat at all: refused as a whole.
    let err = import::parse(
        b"hello\n31/01/2026, 10:00 - Ann: hi\n",
        "chat.txt",
        &ImportOptions { format: Some(Format::Whatsapp), ..me("Sam") },
        &mut |_| true,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), Reason::WhatsappNotAChat {}.to_string());
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            zip.start_file(*name, deflated).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn the_zip_with_media_imports_as_its_chat() {
    let zip = zip_of(&[
        ("IMG-20260302-WA0001.jpg", &[0xff, 0xd8, 0, 0, 1, 2]),
        ("WhatsApp Chat with Ann Lee.txt", STORY.as_bytes()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "WhatsApp Chat with Ann Lee.zip", &zip);
    let mut store = Store::open_in_memory().unwrap();
    let preview = preview_file(&store, &path, &in_utc());
    assert_eq!((preview.format, preview.interactions_created), (Format::Whatsapp, 5), "{:?}", preview.problems);
    apply_file(&mut store, &path, &in_utc());
    assert_eq!(count(&store, "interactions"), 5);
    let again = apply_file(&mut store, &path, &in_utc());
    assert_eq!(again.interactions_duplicate, 5);
    // The bytes, as the window gives a dropped file, read the same.
    let parsed = parse(&zip, "chat.zip", &me("Sam"));
    assert_eq!(parsed.interactions.len(), 5);
}

#[test]
fn a_zip_without_one_chat_or_a_zip_bomb_is_refused_and_changes_nothing() {
    let no_chat = zip_of(&[("IMG-1.jpg", b"x")]);
    let two = zip_of(&[("a.txt", b"x"), ("b.txt", b"y")]);
    let err = |bytes: &[u8]| import::parse(bytes, "chat.zip", &me("Sam"), &mut |_| true).unwrap_err();
    assert!(matches!(err(&no_chat), rapport_core::Error::BadInput(Reason::ZipNoChat { .. })), "{}", err(&no_chat));
    assert!(matches!(err(&two), rapport_core::Error::BadInput(Reason::ZipManyChats { .. })));
    // A chat that declares 4 GB unpacked: refused before anything is unpacked.
    let big_text = STORY.repeat(50);
    let mut bomb = zip_of(&[("chat.txt", big_text.as_bytes())]);
    let declared = (big_text.len() as u32).to_le_bytes();
    let patch = |zip: &mut Vec<u8>, to: u32| {
        // The uncompressed size, in the local header and the central directory.
        let at: Vec<usize> = zip.windows(4).enumerate().filter(|(_, w)| *w == declared).map(|(i, _)| i).collect();
        assert_eq!(at.len(), 2);
        for i in at {
            zip[i..i + 4].copy_from_slice(&to.to_le_bytes());
        }
    };
    patch(&mut bomb, 0xFFFF_FFF0);
    assert!(matches!(err(&bomb), rapport_core::Error::BadInput(Reason::ZipTooBig { .. })), "{}", err(&bomb));
    // One that unpacks past what it declares: stopped there.
    let mut liar = zip_of(&[("chat.txt", big_text.as_bytes())]);
    patch(&mut liar, 100);
    assert!(matches!(err(&liar), rapport_core::Error::BadInput(Reason::ZipUnreadable { .. })), "{}", err(&liar));
    // Through the file: the database unchanged.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bomb.zip", &bomb);
    let mut store = Store::open_in_memory().unwrap();
    let before = data_fingerprint(&store);
    assert!(import::apply_file(&mut store, &path, &me("Sam"), &mut |_| true).is_err());
    assert_eq!(data_fingerprint(&store), before);
}

#[test]
fn a_zip_cut_short_is_refused_at_any_length_and_changes_nothing() {
    // A download or a copy that stopped part way: the central directory (at the end) is missing
    // or cut, or the chat's compressed data ends early.
    let zip = zip_of(&[("IMG-1.jpg", &[0xff, 0xd8, 0, 1][..]), ("WhatsApp Chat with Ann Lee.txt", STORY.as_bytes())]);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let before = data_fingerprint(&store);
    for keep in [zip.len() - 1, zip.len() - 22, zip.len() / 2, 40, 4] {
        let cut = &zip[..keep];
        let err = import::parse(cut, "chat.zip", &me("Sam"), &mut |_| true).unwrap_err();
        assert!(matches!(err, rapport_core::Error::BadInput(Reason::ZipUnreadable { .. })), "{keep} bytes: {err}");
        let path = write(dir.path(), &format!("cut-{keep}.zip"), cut);
        assert!(import::apply_file(&mut store, &path, &me("Sam"), &mut |_| true).is_err(), "{keep} bytes");
        assert_eq!(data_fingerprint(&store), before, "{keep} bytes");
    }
}

#[test]
fn a_generated_long_chat_streams_through_the_file_with_progress_and_cancel() {
    // 2,000 days of two people alternating, one question a day.
    let mut text = String::new();
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for d in 0..2000 {
        let day = start + chrono::Days::new(d);
        let date = day.format("%d/%m/%Y");
        text.push_str(&format!("{date}, 09:00 - Ann: morning?\n{date}, 09:30 - Sam: yes\nand more\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "long.txt", text.as_bytes());
    let mut store = Store::open_in_memory().unwrap();
    let mut stop = |p: import::Progress| p.done < 1000;
    assert!(matches!(
        import::apply_file(&mut store, &path, &me("Sam"), &mut stop),
        Err(rapport_core::Error::Cancelled)
    ));
    assert_eq!(count(&store, "interactions"), 0);
    let done = apply_file(&mut store, &path, &me("Sam"));
    assert_eq!((done.interactions_created, done.questions_created), (4000, 2000));
}

/// Each stored interaction's (instant, offset in minutes, whether it replies to another), in time order.
fn stored(store: &Store) -> Vec<(i64, i64, bool)> {
    store
        .connection()
        .prepare("SELECT occurred_at, utc_offset_min, in_reply_to IS NOT NULL FROM interactions ORDER BY occurred_at")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Ann asks on 1 June; I answer three days later.
const THREE_DAYS_LATER: &str = "01/06/2026, 10:00 - Ann: Are you coming on Saturday?\n04/06/2026, 10:00 - Sam: Yes\n";

#[test]
fn the_reply_window_is_the_model_setting_not_a_fixed_week() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "chat.txt", THREE_DAYS_LATER.as_bytes());
    // The database's settings: a reply within 2 days. My turn 3 days later answers neither her
    // turn nor her question.
    let mut narrow = Store::open_in_memory().unwrap();
    narrow.set_model_settings(&ModelSettings { reply_window_days: 2.0, ..ModelSettings::default() }).unwrap();
    let done = apply_file(&mut narrow, &path, &me("Sam"));
    assert_eq!((done.interactions_created, done.questions_created), (2, 1));
    assert_eq!(stored(&narrow).iter().map(|s| s.2).collect::<Vec<_>>(), [false, false]);
    let answered: i64 = narrow
        .connection()
        .query_row("SELECT count(*) FROM questions WHERE answered_in IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(answered, 0);
    // The default, 7 days: a reply, and the answer.
    let mut usual = Store::open_in_memory().unwrap();
    apply_file(&mut usual, &path, &me("Sam"));
    assert_eq!(stored(&usual).iter().map(|s| s.2).collect::<Vec<_>>(), [false, true]);
    // Given in the options (as a caller without a database does), the same.
    let window = |days: f64| ImportOptions { reply_window_days: Some(days), ..me("Sam") };
    let two = parse(THREE_DAYS_LATER, "chat.txt", &window(2.0));
    assert_eq!((two.interactions[1].in_reply_to, two.interactions[0].questions[0].answered_by), (None, None));
    let four = parse(THREE_DAYS_LATER, "chat.txt", &window(4.0));
    assert_eq!((four.interactions[1].in_reply_to, four.interactions[0].questions[0].answered_by), (Some(0), Some(1)));
    // A window the model would refuse is refused, named.
    for bad in [0.0, -1.0, 400.0, f64::NAN] {
        let err = import::parse(THREE_DAYS_LATER.as_bytes(), "chat.txt", &window(bad), &mut |_| true).unwrap_err();
        assert!(err.to_string().starts_with("reply_window_days:"), "{err}");
    }
}

/// (RFC 3339 time, whether the preview warned of it) of each turn read from `chat` in `zone`.
fn lived(chat: &str, zone: &str) -> Vec<(String, bool)> {
    let parsed = parse(chat, "chat.txt", &ImportOptions { zone: Some(zone.into()), ..me("Sam") });
    assert!(errors(&parsed).is_empty(), "{:?}", parsed.problems);
    let warned: Vec<usize> = parsed.problems.iter().filter_map(|p| p.record.map(|r| r.number)).collect();
    parsed.interactions.iter().map(|i| (i.at.to_rfc3339(), warned.contains(&i.record.number))).collect()
}

#[test]
fn times_are_read_in_the_zone_with_its_own_offset_on_each_date() {
    let chat = "15/01/2026, 09:00 - Ann: winter\n15/07/2026, 09:00 - Sam: summer\n";
    let at = |zone| lived(chat, zone).into_iter().map(|(t, _)| t).collect::<Vec<_>>();
    assert_eq!(at("Europe/Paris"), ["2026-01-15T09:00:00+01:00", "2026-07-15T09:00:00+02:00"]);
    assert_eq!(at("America/New_York"), ["2026-01-15T09:00:00-05:00", "2026-07-15T09:00:00-04:00"]);
    assert_eq!(at("Asia/Kolkata"), ["2026-01-15T09:00:00+05:30", "2026-07-15T09:00:00+05:30"]);
    // Stored with the offset: the instant is 08:00 UTC in winter, 07:00 UTC in summer.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "chat.txt", chat.as_bytes());
    let mut store = Store::open_in_memory().unwrap();
    let paris = ImportOptions { zone: Some("Europe/Paris".into()), ..me("Sam") };
    apply_file(&mut store, &path, &paris);
    assert_eq!(stored(&store), [(t(2026, 1, 15, 8, 0), 60, false), (t(2026, 7, 15, 7, 0), 120, false)]);
    // A second import in the same zone finds them.
    let again = apply_file(&mut store, &path, &paris);
    assert_eq!((again.interactions_created, again.interactions_duplicate), (0, 2));
}

#[test]
fn the_hours_of_a_clock_change_read_by_a_stated_rule() {
    // Paris, 29 March 2026: at 02:00 the clocks go to 03:00, so 02:30 was never shown. Read with
    // the offset before the change (+01:00, the instant 03:30+02:00), and warned of on its line.
    let spring = "29/03/2026, 01:59 - Ann: a\n29/03/2026, 02:30 - Sam: b\n29/03/2026, 03:45 - Ann: c\n";
    assert_eq!(
        lived(spring, "Europe/Paris"),
        [
            ("2026-03-29T01:59:00+01:00".to_owned(), false),
            ("2026-03-29T02:30:00+01:00".to_owned(), true),
            ("2026-03-29T03:45:00+02:00".to_owned(), false)
        ]
    );
    let parsed = parse(spring, "chat.txt", &ImportOptions { zone: Some("Europe/Paris".into()), ..me("Sam") });
    let warning = &parsed.problems[0];
    assert_eq!(
        (warning.severity, warning.line, &warning.reason),
        (Severity::Warning, Some(2), &Reason::WhatsappSkippedTime {})
    );
    // 25 October 2026: at 03:00 the clocks go back to 02:00, so 02:00-02:59 happen twice. The
    // first reading (+02:00), unless that goes back before the line above: 02:10 after 02:50 is
    // the second pass (+01:00).
    let autumn = "25/10/2026, 02:50 - Ann: a\n25/10/2026, 02:10 - Sam: b\n25/10/2026, 02:20 - Ann: c\n";
    assert_eq!(
        lived(autumn, "Europe/Paris"),
        [
            ("2026-10-25T02:50:00+02:00".to_owned(), false),
            ("2026-10-25T02:10:00+01:00".to_owned(), false),
            ("2026-10-25T02:20:00+01:00".to_owned(), false)
        ]
    );
    // The same lines in a zone without a change that day: no warning.
    assert!(lived(spring, "UTC").iter().all(|(_, warned)| !warned));
}

#[test]
fn a_zone_that_is_not_one_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "chat.txt", STORY.as_bytes());
    let mut store = Store::open_in_memory().unwrap();
    let before = data_fingerprint(&store);
    let mars = ImportOptions { zone: Some("Mars/Olympus_Mons".into()), ..me("Sam") };
    let err = import::apply_file(&mut store, &path, &mars, &mut |_| true).unwrap_err();
    assert_eq!(
        err.to_string(),
        "zone: “Mars/Olympus_Mons” is not a time zone name: give an IANA name such as Europe/Paris or America/New_York"
    );
    assert_eq!(data_fingerprint(&store), before);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Arbitrary bytes, and the story with bytes changed, never make the parser panic.
    #[test]
    fn the_parser_never_panics(raw in prop::collection::vec(any::<u8>(), 0..400),
                               edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12)) {
        let options = ImportOptions { format: Some(Format::Whatsapp), ..me("Sam") };
        let _ = import::parse(&raw, "fuzz.txt", &options, &mut |_| true);
        let mut story = STORY.as_bytes().to_vec();
        for (at, byte) in &edits {
            let i = at.index(story.len());
            story[i] = *byte;
        }
        let _ = import::parse(&story, "fuzz.txt", &options, &mut |_| true);
        let mut zip = zip_of(&[("chat.txt", STORY.as_bytes())]);
        for (at, byte) in &edits {
            let i = at.index(zip.len());
            zip[i] = *byte;
        }
        let _ = import::parse(&zip, "fuzz.zip", &options, &mut |_| true);
    }
}
