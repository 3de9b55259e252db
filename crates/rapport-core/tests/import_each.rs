//! `import::parse_file_each` (each record cleaned and handed on as it is read, none held: what
//! `rapport import` runs and what `rapport bench` times) against `import::parse_file` (every
//! record held, then cleaned): the same records, in the same order, with the same problems, for
//! the corpus WhatsApp chats and mail, the fixtures' mbox, and generated files that hold what
//! the readers treat specially (group turns, questions answered later, replies, mailing lists,
//! control characters to clean).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rapport_core::import::{self, ImportOptions, IncomingContact, IncomingInteraction, Item};

fn fixtures(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(dir)
}

fn me(who: &[&str]) -> ImportOptions {
    ImportOptions { me: who.iter().map(|w| (*w).to_owned()).collect(), ..Default::default() }
}

/// Reads `path` both ways and checks they agree; returns how many interactions it read.
fn same_both_ways(path: &Path, options: &ImportOptions) -> usize {
    let held = import::parse_file(path, options, &mut |_| true).unwrap();
    let mut contacts: Vec<(usize, IncomingContact)> = Vec::new();
    let mut interactions: Vec<(usize, IncomingInteraction)> = Vec::new();
    let mut keep = |item: Item<'_>| {
        match item {
            Item::Contact(i, c) => contacts.push((i, c.clone())),
            Item::Interaction(k, it) => interactions.push((k, it.clone())),
            Item::Post(..) => panic!("{}: a post from a chat or a mailbox", path.display()),
        }
        Ok(())
    };
    let (header, sent_contacts, sent_interactions) =
        import::parse_file_each(path, options, &mut |_| true, &mut keep).unwrap();
    let name = path.display();
    assert!(header.contacts.is_empty() && header.interactions.is_empty(), "{name}: records held");
    assert_eq!((sent_contacts, sent_interactions), (contacts.len(), interactions.len()), "{name}");
    assert!(contacts.iter().enumerate().all(|(n, (i, _))| n == *i), "{name}: contact indexes in order");
    assert!(interactions.iter().enumerate().all(|(n, (k, _))| n == *k), "{name}: interaction indexes in order");
    let contacts: Vec<IncomingContact> = contacts.into_iter().map(|(_, c)| c).collect();
    let interactions: Vec<IncomingInteraction> = interactions.into_iter().map(|(_, it)| it).collect();
    assert_eq!(contacts, held.contacts, "{name}: the contacts differ");
    assert_eq!(interactions, held.interactions, "{name}: the interactions differ");
    assert_eq!(header.problems, held.problems, "{name}: the problems differ");
    assert_eq!((header.format, header.encoding, header.records), (held.format, held.encoding, held.records));
    held.interactions.len()
}

#[test]
fn the_corpus_chats_read_the_same_streamed_and_held() {
    let mut read = 0;
    for file in [
        "chat-miner_test_[mmddyy]_24hrs.txt",
        "chat-miner_test_ddmmyy_24hrs.txt",
        "chat-miner_test_mmddyy_24hrs.txt",
        "chat-miner_test_mmddyyyy_12hrs.txt",
    ] {
        read += same_both_ways(&fixtures("corpus/whatsapp").join(file), &me(&["John Doe"]));
    }
    assert!(read >= 4 * 3, "{read} turns");
}

#[test]
fn the_corpus_mail_and_the_fixture_mbox_read_the_same_streamed_and_held() {
    // The corpus's .eml files as one mailbox (a folder), errors and odd charsets included.
    let folder = same_both_ways(&fixtures("corpus/eml"), &me(&["mary@x.test", "mikel@xxxx.net"]));
    assert!(folder >= 10, "{folder} messages");
    assert_eq!(same_both_ways(&fixtures("schema-v5.mbox"), &me(&["me@rapport.test"])), 2);
}

/// A group chat over `days` days: me and three people, runs by one sender, questions (some on
/// a message's second line), media, a system line, a line with a broken time, and a name with
/// a control character the cleaning takes out.
fn generated_chat(days: usize) -> String {
    let names = ["Me Here", "Ann Lee", "Bob\u{7} Stone", "Zoé Martin"];
    let mut s = String::from("01/01/2024, 08:00 - Messages and calls are end-to-end encrypted.\n");
    for i in 0..days * 40 {
        let (day, minute) = (1 + i / 40 % 28, (i % 40) * 17);
        let sender = names[(i / 3 + i / 5) % names.len()];
        let text = match i % 7 {
            0 => "Are you coming?",
            3 => "<Media omitted>",
            _ => "Fine by me",
        };
        let _ =
            writeln!(s, "{day:02}/{:02}/2024, {:02}:{:02} - {sender}: {text}", 1 + i / 1120, minute / 60, minute % 60);
        if i % 11 == 4 {
            s.push_str("and what time?\n");
        }
        if i % 97 == 50 {
            let _ = writeln!(s, "{day:02}/01/2024, 25:99 - {sender}: a broken time");
        }
    }
    s
}

/// An mbox of `n` messages between me and five people: replies, questions answered by a reply
/// or never, a Cc, a mailing list, a no-reply sender, a multipart, a bad date.
fn generated_mbox(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let other = format!("Person {} <p{}@x.test>", i % 5, i % 5);
        let (from, to) =
            if i % 2 == 0 { ("Me <me@x.test>".to_owned(), other) } else { (other, "Me <me@x.test>".to_owned()) };
        let from = if i % 13 == 6 { "Robot <no-reply@x.test>".to_owned() } else { from };
        let date = if i % 29 == 17 {
            "Someday".to_owned()
        } else {
            format!("Mon, {} Mar 2025 10:{:02}:00 +0100", 1 + i % 28, i % 60)
        };
        let _ = write!(
            s,
            "From x@x Mon Mar  3 10:00:00 2025\nFrom: {from}\nTo: {to}\nDate: {date}\nMessage-ID: <m{i}@x.test>\n"
        );
        if i % 3 != 0 {
            let _ = writeln!(s, "In-Reply-To: <m{}@x.test>", i - 1);
        }
        if i % 5 == 2 {
            s.push_str("Cc: \"Colleague, A.\" <col@x.test>\n");
        }
        if i % 10 == 7 {
            s.push_str("List-Id: News <news.x.test>\n");
        }
        let text = if i % 4 == 1 { "Could you send it?" } else { "Thanks." };
        if i % 8 == 5 {
            let _ = write!(
                s,
                "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n{text}\n--b--\n\n"
            );
        } else {
            let _ = write!(s, "Subject: Hi\n\n{text}\n\n");
        }
    }
    s
}

#[test]
fn generated_chats_and_mailboxes_read_the_same_streamed_and_held() {
    let dir = tempfile::tempdir().unwrap();
    let chat = dir.path().join("WhatsApp Chat - Group.txt");
    // About 150 KB: lines run across the reader's 64 KB buffer; the last has no newline.
    let text = generated_chat(60);
    std::fs::write(&chat, text.trim_end()).unwrap();
    let turns = same_both_ways(&chat, &me(&["Me Here"]));
    assert!(turns > 1_000, "{turns} turns");
    let held = import::parse_file(&chat, &me(&["Me Here"]), &mut |_| true).unwrap();
    assert_eq!(held.records, 60 * 40, "every message read, across the buffer's ends");
    let questions: usize = held.interactions.iter().map(|it| it.questions.len()).sum();
    assert!(questions > 100, "{questions} questions");
    assert!(held.problems.iter().any(|p| p.field == "date"), "the broken times are named");
    assert!(held.problems.iter().any(|p| p.field == "display_name"), "Bob's control character is taken out");
    let mbox = dir.path().join("mail.mbox");
    std::fs::write(&mbox, generated_mbox(600)).unwrap();
    let messages = same_both_ways(&mbox, &me(&["me@x.test"]));
    assert!((400..600).contains(&messages), "{messages} messages kept");
}
