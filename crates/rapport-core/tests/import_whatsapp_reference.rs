//! The WhatsApp reader's records against a reference written down before its speed work
//! (session 10): every contact, turn (time and offset, initiator, participants, reply, questions
//! and their answers) and problem, as `rapport import` receives them (`import::parse_file_each`),
//! for the corpus chats and generated ones in every line format the reader knows (Android and
//! iOS, 12 and 24 hours, day or month first, dotted, year first, Spanish `a. m.`), in zones with
//! clock changes, with system lines, broken and impossible dates, a line longer than the
//! reader's buffer, Windows-1252 bytes, a BOM and CRLF. A faster reader must read exactly this.
//!
//! The reference is `tests/fixtures/whatsapp-reference.txt`; the large generated chat is kept
//! there as a hash of its rendering. `RAPPORT_WRITE_REFERENCE=1` writes it anew: only for a
//! change that means to read differently, said in its commit.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rapport_core::import::{self, ImportOptions, Item};
use rapport_core::{ContactFields, Labeled};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn options(me: &[&str], zone: &str) -> ImportOptions {
    ImportOptions {
        me: me.iter().map(|m| (*m).to_owned()).collect(),
        zone: Some(zone.to_owned()),
        ..Default::default()
    }
}

/// Everything the streamed reading of `path` hands on, one record a line.
fn render(path: &Path, options: &ImportOptions) -> String {
    let mut out = String::new();
    let mut each = |item: Item<'_>| {
        match item {
            Item::Contact(i, c) => {
                let mut plain = ContactFields::named(c.fields.display_name.clone());
                plain.phones = c.fields.phones.clone();
                // The reader sets a name and phones only: anything else is shown whole.
                let rest = if c.fields == plain { String::new() } else { format!(" fields={:?}", c.fields) };
                let phones: Vec<&str> = c.fields.phones.iter().map(|p: &Labeled| p.value.as_str()).collect();
                let _ = writeln!(
                    out,
                    "contact {i} {} name={:?} phones={phones:?} original={:?}{rest}",
                    c.record,
                    c.fields.display_name,
                    c.original.is_some()
                );
            }
            Item::Interaction(k, it) => {
                let questions: Vec<String> = it
                    .questions
                    .iter()
                    .map(|q| {
                        format!("{:?}/{:?}/{:?}/{:?}/{:?}", q.asked_by, q.contact, q.answered_by, q.text, q.original_id)
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "turn {k} {} at={} {:?} by={:?} min={:?} {:?} with={:?} reply={:?} q={questions:?} \
                     items={} id={:?} initiator={:?} keys={:?} reply_key={:?}",
                    it.record,
                    it.at.to_rfc3339(),
                    it.channel,
                    it.initiated_by,
                    it.duration_min,
                    it.summary,
                    it.participants,
                    it.in_reply_to,
                    it.value_items.len(),
                    it.original_id,
                    it.initiator,
                    it.source_keys,
                    it.reply_key,
                );
            }
            Item::Post(..) => panic!("{}: a post from a chat", path.display()),
        }
        Ok(())
    };
    match import::parse_file_each(path, options, &mut |_| true, &mut each) {
        Ok((header, contacts, interactions)) => {
            let _ = writeln!(
                out,
                "read {:?} {} records={} contacts={contacts} turns={interactions}",
                header.format, header.encoding, header.records
            );
            for p in &header.problems {
                let record = p.record.as_ref().map(ToString::to_string);
                let _ = writeln!(
                    out,
                    "problem {:?} {record:?} line={:?} {} {:?} file={:?}",
                    p.severity, p.line, p.field, p.message, p.file
                );
            }
        }
        Err(e) => {
            let _ = writeln!(out, "refused: {e}");
        }
    }
    out
}

/// FNV-1a, 64 bits: a hash that stays the same from one Rust release to the next.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// A group chat (Android, day first, 24 hours) of `days` days from 25 March 2024, read in Paris:
/// both clock changes of 2024, a time the clocks skipped and two they passed twice; me, a
/// contact, a phone number in direction marks, an iOS "~ " name; runs by one sender; questions
/// (ASCII, Arabic, wide, behind a mark, on a later line); media, system lines, notices; a broken
/// time and an impossible day; a line longer than the reader's 64 KB buffer; a Windows-1252
/// byte; a BOM, CRLF, blank lines, and a last line with no line break.
fn group_chat(days: u64) -> Vec<u8> {
    let names = ["Me Here", "Ann Lee", "\u{202a}+33 6 12 34 56 78\u{202c}", "~\u{a0}Zoé Martin", "Bob Stone"];
    let start = chrono::NaiveDate::from_ymd_opt(2024, 3, 25).unwrap();
    let mut s: Vec<u8> = b"\xEF\xBB\xBF25/03/2024, 00:05 - Messages and calls are end-to-end encrypted.\n".to_vec();
    let mut n = 0usize;
    for d in 0..days {
        let day = start + chrono::Days::new(d);
        let date = day.format("%d/%m/%Y").to_string();
        let mut times: Vec<(u32, u32)> =
            (0..11u32).map(|j| (1 + j * 2 + u32::from(j > 5), (j * 13 + d as u32 * 7) % 60)).collect();
        // The spring-forward night (2:30 skipped) and the fall-back one (2:40 then 2:20: the
        // second reading of 2:20, since the first would come before the line above).
        if date == "31/03/2024" {
            times.insert(1, (2, 30));
        }
        if date == "27/10/2024" {
            times.splice(1..1, [(2, 40), (2, 20)]);
        }
        for (j, (hour, minute)) in times.into_iter().enumerate() {
            n += 1;
            let sender = names[(d as usize * 3 + j / 2 + j / 5) % names.len()];
            let head = format!("{date}, {hour:02}:{minute:02} - ");
            let mut line = head.clone().into_bytes();
            match (d as usize * 11 + j) % 14 {
                0 => line.extend_from_slice(format!("{sender}: Are you coming?").as_bytes()),
                1 => line.extend_from_slice(format!("{sender}: <Media omitted>").as_bytes()),
                2 => line.extend_from_slice(format!("{sender}: d'accord ؟").as_bytes()),
                3 => line.extend_from_slice(format!("{sender}: really？ \u{200e}").as_bytes()),
                4 => line.extend_from_slice(format!("{sender}: see you.\nand what time?").as_bytes()),
                5 => line.extend_from_slice(b"Ann Lee added Bob Stone\nnot a message: a system line's later line"),
                6 => line.extend_from_slice(format!("{sender}: note: this is it").as_bytes()),
                7 => line.extend_from_slice(format!("{sender}: with a CR\r").as_bytes()),
                8 => line.extend_from_slice(format!("{sender}: what?  \t").as_bytes()),
                9 => line.extend_from_slice(format!("{sender}: \u{200e}image omitted").as_bytes()),
                10 => line.extend_from_slice(format!("{sender}: \u{200e}This message was deleted").as_bytes()),
                11 => line.extend_from_slice(format!("{sender}:").as_bytes()),
                12 => line.extend_from_slice(format!("{sender}: first\n\n  \nlast words?").as_bytes()),
                _ => line.extend_from_slice(format!("{sender}: Fine by me").as_bytes()),
            }
            line.push(b'\n');
            s.extend_from_slice(&line);
            match n {
                300 => s.extend_from_slice(format!("{date}, 25:99 - Ann Lee: a broken time\n").as_bytes()),
                400 => s.extend_from_slice(b"30/02/2024, 10:00 - Ann Lee: no such day\n"),
                500 => {
                    s.extend_from_slice(head.as_bytes());
                    s.extend_from_slice(b"Bob Stone: ");
                    s.extend(std::iter::repeat_n(b'x', 70_000));
                    s.extend_from_slice(b"?\n");
                }
                600 => {
                    s.extend_from_slice(head.as_bytes());
                    s.extend_from_slice(b"Ann Lee: caf\xe9?\n");
                }
                _ => {}
            }
        }
    }
    s.extend_from_slice(
        format!("{}, 23:59 - Ann Lee: the end?", (start + chrono::Days::new(days)).format("%d/%m/%Y")).as_bytes(),
    );
    s
}

/// Small chats, one per line format, each read with its options.
fn small_chats() -> Vec<(&'static str, String, ImportOptions)> {
    vec![
        (
            "WhatsApp Chat with Ann.txt",
            "\
12/31/24, 9:41\u{202f}PM - Sam: Happy new year?
12/31/24, 9:45\u{202f}PM - Ann: You too!
1/1/25, 12:05\u{202f}AM - Ann: Did you see the fireworks?
1/1/25, 12:00\u{202f}PM - Sam: yes
3/9/25, 1:59\u{202f}AM - Sam: before the change
3/9/25, 2:30\u{202f}AM - Ann: in the gap?
3/9/25, 3:01\u{202f}AM - Sam: after
11/2/25, 1:30\u{202f}AM - Ann: once
11/2/25, 1:30\u{202f}AM - Ann: twice?
11/2/25, 1:10\u{202f}AM - Sam: earlier
12/20/25, 8:00\u{202f}PM - Sam: much later, out of the window?
"
            .to_owned(),
            options(&[], "America/New_York"),
        ),
        (
            "ios.txt",
            "\
\u{200e}[31.12.24, 21:41:05] Group: \u{200e}Messages and calls are end-to-end encrypted.
[31.12.24, 21:41:05] Ann Lee: Hi all?
[31.12.24, 21:42:00] ~\u{202f}Bob: \u{200e}image omitted
[31.12.24, 21:43:00] Me: \u{200e}<attached: 00000012-PHOTO.jpg>
[31.12.24, 21:44:00] Me: Who is coming?
[01.01.25, 09:00:00] Ann Lee: \u{200e}You deleted this message.
[01.01.25, 09:01:00] Ann Lee: me
[01.01.25, 09:02:00] ~\u{202f}Bob: me too
[02.01.25, 10:00:00] ‎Ann Lee: what time?
[02.01.25, 10:00:00] Me: noon
"
            .to_owned(),
            options(&["me"], "Europe/Berlin"),
        ),
        (
            "dotted.txt",
            "\
31.12.24, 21:41 - Ann: hi
31.12.24., 21:42 - Bob: hey?
1.1.25, 8:05 - Ann: later
"
            .to_owned(),
            options(&["Bob"], "Europe/Zurich"),
        ),
        (
            "year-first.txt",
            "\
2024-12-31 21:41 - Ann: hi?
2024-12-31 21:50 - Me: yes
2025-01-02 07:00 - Ann: ok
"
            .to_owned(),
            options(&["Me"], "Asia/Kolkata"),
        ),
        (
            "spanish.txt",
            "\
06/20/2020, 00:08 a. m. - Ana: ¿vienes?
06/20/2020, 11:58 p. m. - Yo: sí
06/21/2020, 12:30 p.m. - Ana: vale
"
            .to_owned(),
            options(&["Yo"], "America/Mexico_City"),
        ),
        (
            "no-order.txt",
            "\
01/02/2024, 10:00 - Ann: a
03/04/2024, 10:00 - Me: b?
05/06/2024, 10:00 - Ann: c
"
            .to_owned(),
            options(&["Me"], "UTC"),
        ),
        (
            "both-orders.txt",
            "\
13/01/2024, 10:00 - Ann: a
14/01/2024, 10:00 - Me: b
01/15/2024, 10:00 - Ann: c
16/01/2024, 10:00 - Me: d
"
            .to_owned(),
            options(&["Me"], "UTC"),
        ),
        (
            "who-is-me.txt",
            "\
13/01/2024, 10:00 - Ann: a
13/01/2024, 10:01 - Bob: b
13/01/2024, 10:02 - Cy: c
"
            .to_owned(),
            options(&[], "UTC"),
        ),
        (
            "me-not-found.txt",
            "13/01/2024, 10:00 - Ann: a\n13/01/2024, 10:01 - Bob: b\n".to_owned(),
            options(&["Nobody"], "UTC"),
        ),
        (
            "short-window.txt",
            "\
13/01/2024, 10:00 - Ann: a?
13/01/2024, 22:00 - Me: b
14/01/2024, 09:00 - Ann: c
16/01/2024, 10:00 - Me: d?
"
            .to_owned(),
            ImportOptions { reply_window_days: Some(0.5), ..options(&["Me"], "UTC") },
        ),
        (
            "not-a-chat.txt",
            "hello\n01/01/2024, 10:00 - Ann: a\n".to_owned(),
            ImportOptions { format: Some(import::Format::Whatsapp), ..options(&["Me"], "UTC") },
        ),
    ]
}

/// Every rendering, in order, the large chat's as its hash; and the large chat's whole.
fn rendered(dir: &Path) -> (String, String) {
    let mut all = String::new();
    let corpus = fixtures().join("corpus/whatsapp");
    for file in [
        "chat-miner_test_[mmddyy]_24hrs.txt",
        "chat-miner_test_ddmmyy_24hrs.txt",
        "chat-miner_test_mmddyy_24hrs.txt",
        "chat-miner_test_mmddyyyy_12hrs.txt",
    ] {
        for (me, zone) in [(&["John Doe"][..], "UTC"), (&[][..], "Europe/Paris")] {
            let _ = writeln!(all, "== corpus {file} me={me:?} zone={zone}");
            all.push_str(&render(&corpus.join(file), &options(me, zone)));
        }
    }
    for (name, text, options) in small_chats() {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let _ = writeln!(all, "== {name}");
        all.push_str(&render(&path, &options));
    }
    let path = dir.join("WhatsApp Chat - Group.txt");
    let chat = group_chat(240);
    assert!(chat.len() > 160_000, "{} bytes: past the reader's 64 KB buffer twice", chat.len());
    std::fs::write(&path, &chat).unwrap();
    let group = render(&path, &options(&["Me Here"], "Europe/Paris"));
    // Kept beside the build for a diff when the hash differs.
    let _ = std::fs::write(std::env::temp_dir().join("rapport-whatsapp-group-rendered.txt"), &group);
    let _ = writeln!(
        all,
        "== group chat of {} bytes: {} lines rendered, fnv1a64 {:016x}",
        chat.len(),
        group.lines().count(),
        fnv(&group)
    );
    (all, group)
}

#[test]
fn the_streamed_records_are_those_of_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let (now, group) = rendered(dir.path());
    let reference = fixtures().join("whatsapp-reference.txt");
    if std::env::var_os("RAPPORT_WRITE_REFERENCE").is_some() {
        std::fs::write(&reference, &now).unwrap();
    }
    let expected = std::fs::read_to_string(&reference).unwrap();
    // The large chat must have read as something: turns on both sides of the clock changes,
    // questions answered, the Windows-1252 line, a skipped time and the broken lines named.
    for said in ["+02:00", "+01:00", "Windows-1252", "))/Some(", "skipped", "problem Error"] {
        assert!(group.contains(said), "{said} not in the group chat's rendering");
    }
    for (number, (want, got)) in expected.lines().zip(now.lines()).enumerate() {
        assert_eq!(got, want, "line {} of {} differs", number + 1, reference.display());
    }
    assert_eq!(now.lines().count(), expected.lines().count(), "lines in {}", reference.display());
}
