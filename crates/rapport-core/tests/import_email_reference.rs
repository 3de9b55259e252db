//! The records `rapport import` reads from mailboxes (`import::parse_file_each`, streamed), held
//! to a reference written down before the mbox reader was made faster (issue 16's bench): the
//! fixture mbox, every corpus message on its own and as a folder, an mbox in the bench's Gmail
//! form, and one full of what the splitter and the header scan treat specially (blank lines and
//! `From ` lines, `>From ` quoting, CRLF, folded and repeated headers, bad header lines, cut
//! files, headers that never end or run past the limit, a body past the read limit...).
//!
//! The reference files are in `tests/fixtures/email-reference/`; a change that is meant to change
//! the records writes them anew with `RAPPORT_WRITE_GENERATED=1 cargo test -p rapport-core --test
//! import_email_reference`, and the diff shows what changed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rapport_core::import::{self, email, ImportOptions, IncomingContact, IncomingInteraction, Item};
use rapport_core::{ContactFields, Labeled};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn me(who: &[&str], include_lists: bool) -> ImportOptions {
    ImportOptions { me: who.iter().map(|w| (*w).to_owned()).collect(), include_lists, ..Default::default() }
}

/// The records of `path` read as `rapport import` reads it, one line each, every field named.
fn render(path: &Path, options: &ImportOptions) -> String {
    let mut contacts: Vec<(usize, IncomingContact)> = Vec::new();
    let mut interactions: Vec<(usize, IncomingInteraction)> = Vec::new();
    let mut keep = |item: Item<'_>| {
        match item {
            Item::Contact(i, c) => contacts.push((i, c.clone())),
            Item::Interaction(k, it) => interactions.push((k, it.clone())),
            Item::Post(..) => panic!("a post from a mailbox"),
        }
        Ok(())
    };
    let outcome = import::parse_file_each(path, options, &mut |_| true, &mut keep);
    let mut out = String::new();
    let (header, sent_contacts, sent_interactions) = match outcome {
        Ok(read) => read,
        Err(e) => {
            // A refused file: its reason is the reference.
            let _ = writeln!(out, "refused: {e}");
            return out;
        }
    };
    let _ = writeln!(
        out,
        "format {:?}, encoding {}, records {}, sent {sent_contacts} contacts and {sent_interactions} interactions",
        header.format, header.encoding, header.records
    );
    for (i, c) in &contacts {
        let f = &c.fields;
        // A correspondent is its name and address, nothing else.
        let mut bare = ContactFields::named(f.display_name.clone());
        bare.emails = f.emails.clone();
        assert_eq!(*f, bare, "contact {i} has more than a name and an address");
        assert!(c.original.is_none());
        let emails: Vec<&str> = f.emails.iter().map(|e: &Labeled| e.value.as_str()).collect();
        let _ = writeln!(out, "contact {i} {:?}: {:?} {emails:?}", c.record, f.display_name);
    }
    for (k, it) in &interactions {
        let _ = writeln!(
            out,
            "interaction {k} {:?}: {} {:?} by {:?} ({:?}), duration {:?}, {:?}, with {:?}, reply to {:?}, \
             keys {:?}, reply key {:?}, questions {:?}, value items {}, original {:?}",
            it.record,
            it.at.to_rfc3339(),
            it.channel,
            it.initiated_by,
            it.initiator,
            it.duration_min,
            it.summary,
            it.participants,
            it.in_reply_to,
            it.source_keys,
            it.reply_key,
            it.questions,
            it.value_items.len(),
            it.original_id,
        );
    }
    for p in &header.problems {
        let _ = writeln!(
            out,
            "problem {:?} {:?} line {:?} {:?} in {:?}: {}",
            p.severity, p.record, p.line, p.field, p.file, p.message
        );
    }
    out
}

/// `text` against its reference file `name` (written anew when asked).
fn same_as_reference(name: &str, text: &str) {
    let reference = fixtures().join("email-reference").join(format!("{name}.txt"));
    if std::env::var_os("RAPPORT_WRITE_GENERATED").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
        std::fs::write(&reference, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&reference)
        .unwrap_or_else(|e| panic!("{}: {e} (RAPPORT_WRITE_GENERATED=1 writes it)", reference.display()));
    if expected != text {
        let first = expected.lines().zip(text.lines()).position(|(a, b)| a != b);
        let at = first.unwrap_or(expected.lines().count().min(text.lines().count()));
        panic!(
            "{name}: the records differ from {} at line {}:\nexpected: {:?}\nread:     {:?}",
            reference.display(),
            at + 1,
            expected.lines().nth(at),
            text.lines().nth(at)
        );
    }
}

/// An mbox in the form of the bench's (Gmail's Takeout): me and 40 people, X-GM and Received
/// headers, encoded-word subjects, replies quoting the message before, Cc, questions, mailing
/// lists, multipart messages with a base64 attachment, `>From ` lines.
fn gmail_like(n: usize) -> String {
    let mut s = String::new();
    let attachment = "QmVuY2ggYXR0YWNobWVudCBieXRlcw==\n".repeat(6);
    for i in 0..n {
        let date = format!("Tue, {} Mar 2016 {:02}:{:02}:00 +0100", 1 + i / 60 % 28, i / 3 % 24, i % 60);
        let other = format!("Person {} <person{}@example.test>", i % 40, i % 40);
        let (from, to) = if i % 2 == 0 {
            ("Bench Me <me@bench.test>".to_owned(), other)
        } else {
            (other, "Bench Me <me@bench.test>".to_owned())
        };
        let _ = write!(
            s,
            "From 1{i:09}@xxx Thu Jan  1 00:00:00 2026\nX-GM-THRID: {t}\nX-Gmail-Labels: Inbox\n\
             Delivered-To: me@bench.test\nReceived: by 2002:a05:6a10:{i:x} with SMTP id x;\n        {date}\n\
             MIME-Version: 1.0\nFrom: {from}\nTo: {to}\nDate: {date}\nMessage-ID: <m{i}@bench.test>\n\
             Subject: =?UTF-8?Q?Re=3A_caf=C3=A9_number_{t}?=\n",
            t = i / 3
        );
        if i % 5 == 1 {
            let _ = writeln!(s, "Cc: Colleague {} <colleague{}@example.test>", i % 7, i % 7);
        }
        if i % 3 != 0 && i > 0 {
            let _ = writeln!(
                s,
                "In-Reply-To: <m{}@bench.test>\nReferences: <m{}@bench.test> <m{}@bench.test>",
                i - 1,
                i - i % 3,
                i - 1
            );
        }
        if i % 10 == 7 {
            s.push_str("List-Id: Bench news <news.bench.test>\nPrecedence: list\n");
        }
        let text = if i % 6 == 2 { "Could you look at the draft before Friday?" } else { "Thanks, that works for me." };
        let quote = if i % 50 == 9 { "\n>From the minutes of last week:\n" } else { "" };
        if i % 20 == 11 {
            let _ = write!(
                s,
                "Content-Type: multipart/mixed; boundary=\"b{i}\"\n\n--b{i}\nContent-Type: text/plain; charset=UTF-8\n\n\
                 Hello,\n\n{text}{quote}\n\nOn {date}, someone wrote:\n> the earlier message\n> on two lines?\n\n--b{i}\n\
                 Content-Type: application/octet-stream; name=\"notes.bin\"\nContent-Transfer-Encoding: base64\n\n{attachment}--b{i}--\n\n"
            );
        } else {
            let _ = write!(
                s,
                "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n\
                 Hello,\n\n{text}{quote}\n\nBest,\n--=20\nA signature line\n\nOn {date}, someone wrote:\n> the earlier message\n> on two lines?\n\n"
            );
        }
    }
    s
}

/// One mbox message: its separator, `headers` (lines ending in "\n") and `body`, then a blank line.
fn message(headers: &str, body: &str) -> String {
    format!("From someone@x Mon Mar  3 10:00:00 2025\n{headers}\n{body}\n")
}

const ANN: &str = "From: Ann Lee <ann@x.test>\n";
const TO_ME: &str = "To: Me <me@x.test>\n";

fn dated(n: usize) -> String {
    format!("Date: Mon, {} Mar 2025 10:{:02}:00 +0100\n", 1 + n % 28, n % 60)
}

/// Messages that the splitter and the header scan treat specially, each in its own shape.
fn odd_messages() -> Vec<String> {
    let mut m = Vec::new();
    let mut n = 0;
    let mut next = |headers: &str, body: &str| {
        n += 1;
        message(&format!("{headers}{}Message-ID: <o{n}@x.test>\n", dated(n)), body)
    };
    // Plain, then quoted `From ` lines in the body, and a `From ` line after a non-blank line.
    m.push(next(
        &format!("{ANN}{TO_ME}"),
        "Are you there?\n>From the top\n>>From deeper\nline\nFrom inside, not a separator\n",
    ));
    m.push(next(&format!("{ANN}{TO_ME}In-Reply-To: <o1@x.test>\n"), "Yes.\n\n>From after a blank line\n"));
    // Folded headers: From, To over three lines, References.
    m.push(next("From: Ann Lee\n <ann@x.test>\n", "Folded sender?\n"));
    m.push(next(&format!("{ANN}To: Me <me@x.test>,\n  Bob <bob@x.test>,\n\tCy <cy@x.test>\n"), "All of you?\n"));
    m.push(next(&format!("{ANN}{TO_ME}References: <o1@x.test>\n <o2@x.test>\n"), "Thread.\n"));
    // Header names in other cases, a header given twice, an empty one.
    m.push(next("FROM: Ann Lee <ANN@X.TEST>\nto: me@x.test\nmessage-id: <Upper@X.test>\n", "Case?\n"));
    m.push(next(&format!("{ANN}To: me@x.test\nTo: bob@x.test\n"), "Twice.\n"));
    m.push(next(&format!("{ANN}{TO_ME}Cc:\nIn-Reply-To:\n"), "Empty.\n"));
    // A header line that is not one, and a name with a space before its colon.
    m.push(next(&format!("{ANN}{TO_ME}This is not a header\n"), "Bad line.\n"));
    m.push(next(&format!("{ANN}{TO_ME}Subject : spaced\n"), "Spaced name.\n"));
    // A first header line that is a continuation.
    m.push(message(&format!(" folded first\n{ANN}{TO_ME}{}", dated(40)), "Continuation first.\n"));
    // Senders and dates the hand reading leaves to mail-parser, and errors.
    m.push(next(&format!("From: \"Lee, Ann\" <ann@x.test>\n{TO_ME}"), "Quoted name?\n"));
    m.push(next(&format!("From: =?UTF-8?Q?Zo=C3=A9?= <zoe@x.test>\n{TO_ME}"), "Encoded word.\n"));
    m.push(next(&format!("From: ann@x.test (Ann Lee)\n{TO_ME}"), "Comment.\n"));
    m.push(next(&format!("From: Zo\u{e9} <zoe@x.test>\n{TO_ME}"), "UTF-8 name.\n"));
    m.push(message(
        &format!("From: Lat\u{1}in <lat@x.test>\n{TO_ME}{}", dated(50)),
        "A control character in a name.\n",
    ));
    m.push(next(TO_ME, "No sender.\n"));
    m.push(message(&format!("{ANN}{TO_ME}Message-ID: <nodate@x.test>\n"), "No date.\n"));
    m.push(message(&format!("{ANN}{TO_ME}Date: Someday\nMessage-ID: <baddate@x.test>\n"), "Bad date.\n"));
    m.push(message(
        &format!("{ANN}{TO_ME}Date: Mon, 3 Mar 2025 10:00 +0100\nMessage-ID: <nosec@x.test>\n"),
        "No seconds.\n",
    ));
    m.push(message(
        &format!("{ANN}{TO_ME}Date: Mon, 3 Mar 2025 10:00:00 GMT\nMessage-ID: <gmt@x.test>\n"),
        "Zone name.\n",
    ));
    // No Message-ID, an empty one, one given twice in the file; a reply to a later message.
    m.push(message(&format!("{ANN}{TO_ME}{}", dated(60)), "No id?\n"));
    m.push(message(&format!("{ANN}{TO_ME}{}Message-ID:\n", dated(61)), "Empty id?\n"));
    m.push(message(&format!("{ANN}{TO_ME}{}Message-ID: <o1@x.test>\n", dated(62)), "Same id as the first.\n"));
    m.push(next("From: Me <me@x.test>\nTo: Ann <ann@x.test>\nIn-Reply-To: <later@x.test>\n", "Before its parent.\n"));
    m.push(message(&format!("{ANN}{TO_ME}{}Message-ID: <later@x.test>\n", dated(63)), "The parent.\n"));
    // My question, my own follow-up (not an answer), Ann's answer by References only.
    m.push(message(&format!("From: me@x.test\nTo: ann@x.test\n{}Message-ID: <q1@x.test>\n", dated(64)), "Lunch?\n"));
    m.push(message(
        &format!("From: me@x.test\nTo: ann@x.test\n{}Message-ID: <q2@x.test>\nIn-Reply-To: <q1@x.test>\n", dated(65)),
        "Well?\n",
    ));
    m.push(message(
        &format!("{ANN}{TO_ME}{}Message-ID: <q3@x.test>\nReferences: <q0@x.test> <q1@x.test>\n", dated(66)),
        "Yes.\n",
    ));
    // Lists and automated senders.
    m.push(next(&format!("From: News <news@x.test>\n{TO_ME}List-Id: <news.x.test>\n"), "Read?\n"));
    m.push(next(&format!("From: Robot <no-reply@x.test>\n{TO_ME}"), "Automated?\n"));
    m.push(next(&format!("{ANN}{TO_ME}Precedence: Bulk\n"), "Bulk.\n"));
    m.push(next(&format!("{ANN}{TO_ME}Auto-Submitted: auto-replied\n"), "Away.\n"));
    m.push(next(&format!("{ANN}{TO_ME}Auto-Submitted: no\n"), "Not automated?\n"));
    // Bodies: multipart, base64, HTML, a signature, a quoted heading.
    m.push(next(
        &format!("{ANN}{TO_ME}Content-Type: multipart/alternative; boundary=b2\n"),
        "--b2\nContent-Type: text/plain; charset=us-ascii\n\nFine.\n--b2\nContent-Type: text/html\n\n<p>Why?</p>\n--b2--\n",
    ));
    m.push(next(&format!("{ANN}{TO_ME}Content-Type: text/plain\nContent-Transfer-Encoding: base64\n"), "V2h5Pwo=\n"));
    m.push(next(&format!("{ANN}{TO_ME}Content-Type: text/html\n"), "<p>When?</p>\n"));
    m.push(next(&format!("{ANN}{TO_ME}"), "Fine.\n-- \nWhy not? Ltd\n"));
    m.push(next(&format!("{ANN}{TO_ME}"), "Sure.\n\nOn Mon, Me wrote:\n> Are you free?\n"));
    // CRLF line endings, whole message.
    m.push(next(&format!("{ANN}{TO_ME}"), "Over CRLF?\n").replace('\n', "\r\n"));
    // A blank-looking line with a space does not end the headers.
    m.push(next(&format!("{ANN}{TO_ME} \n"), "After a spaced line?\n"));
    // A body longer than the part read for questions: the question after it is not seen.
    let long = "Just words on a line here.\n".repeat(email::MAX_BODY_BYTES / 20);
    m.push(next(&format!("{ANN}{TO_ME}"), &format!("Seen?\n{long}")));
    m.push(next(&format!("{ANN}{TO_ME}"), &format!("{long}Unseen?\n")));
    // Headers longer than the limit.
    let received = "Received: by relay.x.test with SMTP id 0123456789abcdef;\n".repeat(email::MAX_HEADER_BYTES / 50);
    m.push(next(&format!("{received}{ANN}{TO_ME}"), "Too long.\n"));
    m.push(next(&format!("{ANN}{TO_ME}"), "After the long one?\n"));
    m
}

/// Writes `text` as `name` in `dir`; returns its path.
fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_fixture_mbox_and_the_corpus_mail_read_as_their_reference() {
    let options = me(&["me@rapport.test"], false);
    same_as_reference("schema-v5", &render(&fixtures().join("schema-v5.mbox"), &options));
    let corpus = fixtures().join("corpus/eml");
    let options = me(&["mary@x.test", "mikel@xxxx.net"], false);
    same_as_reference("corpus-folder", &render(&corpus, &options));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|f| f.extension().is_some_and(|e| e == "eml"));
    files.sort();
    assert!(files.len() >= 10, "{} corpus messages", files.len());
    // Each on its own, and all of them as one mbox.
    let mut each = String::new();
    let mut mbox = Vec::new();
    for file in &files {
        let _ = writeln!(each, "## {}", file.file_name().unwrap().to_string_lossy());
        each.push_str(&render(file, &options));
        mbox.extend_from_slice(b"From corpus@x Mon Mar  3 10:00:00 2025\n");
        let text = std::fs::read(file).unwrap();
        for line in text.split_inclusive(|b| *b == b'\n') {
            // mboxrd quoting, as a mail program stores a message.
            let quotes = line.iter().take_while(|b| **b == b'>').count();
            if line[quotes..].starts_with(b"From ") {
                mbox.push(b'>');
            }
            mbox.extend_from_slice(line);
        }
        if !mbox.ends_with(b"\n") {
            mbox.push(b'\n');
        }
        mbox.push(b'\n');
    }
    same_as_reference("corpus-each", &each);
    let dir = tempfile::tempdir().unwrap();
    same_as_reference("corpus-mbox", &render(&write(dir.path(), "corpus.mbox", &mbox), &options));
}

#[test]
fn a_gmail_like_mbox_reads_as_its_reference() {
    let dir = tempfile::tempdir().unwrap();
    // About 170 KB: messages run across the reader's 64 KB buffer.
    let path = write(dir.path(), "All mail.mbox", gmail_like(300).as_bytes());
    same_as_reference("gmail-like", &render(&path, &me(&["me@bench.test"], false)));
    same_as_reference("gmail-like-lists", &render(&path, &me(&["me@bench.test"], true)));
}

#[test]
fn odd_messages_read_as_their_reference() {
    let dir = tempfile::tempdir().unwrap();
    let messages = odd_messages();
    // Blank lines before the first message.
    let mbox = format!("\n\r\n{}", messages.concat());
    let path = write(dir.path(), "odd.mbox", mbox.as_bytes());
    same_as_reference("odd", &render(&path, &me(&["me@x.test"], false)));
    same_as_reference("odd-lists", &render(&path, &me(&["me@x.test"], true)));
    // Cut files: mid-line in the body, in the headers, before the blank line ends them.
    let mut cut = String::new();
    let first = &messages[0];
    for (name, text) in [
        ("cut-body", format!("{first}{}", messages[1].trim_end())),
        ("cut-headers", format!("{first}From x@x Mon Mar  3 10:00:00 2025\n{ANN}{TO_ME}Date: Mon, 3 Mar")),
        ("unended-headers", format!("{first}From x@x Mon Mar  3 10:00:00 2025\n{ANN}{TO_ME}{}", dated(3))),
    ] {
        let _ = writeln!(cut, "## {name}");
        cut.push_str(&render(&write(dir.path(), &format!("{name}.mbox"), text.as_bytes()), &me(&["me@x.test"], false)));
    }
    // One message without a separator (an .eml), with LF and with CRLF, and one cut short.
    let eml = format!("{ANN}{TO_ME}{}Message-ID: <e1@x.test>\n\nAre you coming?\n", dated(1));
    for (name, text) in [
        ("one.eml", eml.clone()),
        ("crlf.eml", eml.replace('\n', "\r\n")),
        ("cut.eml", eml.trim_end().to_owned()),
        ("headers-only.eml", format!("{ANN}{TO_ME}{}", dated(2))),
    ] {
        let _ = writeln!(cut, "## {name}");
        cut.push_str(&render(&write(dir.path(), name, text.as_bytes()), &me(&["me@x.test"], false)));
    }
    same_as_reference("odd-files", &cut);
}

/// More messages than wait for an answer ([`email::ANSWER_WINDOW`]): a question answered by a
/// reply within the window, one whose answer comes after the oldest were sent on, questions
/// never answered. Only the interactions with a question or a reply are written down.
#[test]
fn a_mailbox_longer_than_the_answer_window_reads_as_its_reference() {
    let n = email::ANSWER_WINDOW + 300;
    let mut mbox = String::new();
    for i in 0..n {
        let (from, to) = if i % 2 == 0 { ("me@x.test", "ann@x.test") } else { ("ann@x.test", "me@x.test") };
        let _ = write!(
            mbox,
            "From x@x Mon Mar  3 10:00:00 2025\nFrom: {from}\nTo: {to}\n{}Message-ID: <w{i}@x.test>\n",
            dated(i)
        );
        // 0 asks and is answered by the last message; 2 asks and 5 answers; every 97th asks and
        // the next message answers.
        let parent = match i {
            5 => Some(2),
            _ if i == n - 1 => Some(0),
            _ if i % 97 == 2 => Some(i - 1),
            _ => None,
        };
        if let Some(p) = parent {
            let _ = writeln!(mbox, "In-Reply-To: <w{p}@x.test>");
        }
        let asks = i == 0 || i == 2 || i % 97 == 1;
        mbox.push_str(if asks { "\nWhen?\n\n" } else { "\nFine.\n\n" });
    }
    let dir = tempfile::tempdir().unwrap();
    let full = render(&write(dir.path(), "long.mbox", mbox.as_bytes()), &me(&["me@x.test"], false));
    let kept: String = full
        .lines()
        .filter(|l| !l.starts_with("interaction") || !l.contains("questions [], ") || !l.contains("reply to None"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(kept.lines().count() > 200, "{} lines", kept.lines().count());
    same_as_reference("answer-window", &kept);
}
