//! The email case of `rapport bench`'s import part (issue 16): a generated mbox of 100,000
//! messages, read into records against reading and splitting it with no parsing.

use std::fmt::Write as _;
use std::path::Path;

use rapport_core::import::{self, ImportOptions};

use super::{best_of_three, import_in_child, parse_against_split, parse_each, parse_file, split_file};
use super::{ImportFigure, MemoryFigure, IMPORT_LIMIT};
use crate::error::{CliError, Result};

/// An mbox of `n` messages as Gmail's Takeout writes them: me and 500 correspondents, each
/// message with a few Received and MIME headers; one in three a reply (In-Reply-To and
/// References) quoting the message before, one in five with a Cc, one in six asking a question,
/// one in ten from a mailing list, one in twenty with a small base64 attachment, one in fifty
/// with a `>From ` line to unquote.
pub fn generate_mbox(n: usize) -> String {
    let mut s = String::with_capacity(n * 1_500);
    let attachment = "QmVuY2ggYXR0YWNobWVudCBieXRlcw==\n".repeat(60);
    let start =
        chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default().and_hms_opt(8, 0, 0).unwrap_or_default();
    for i in 0..n {
        let at = start + chrono::Duration::minutes(i as i64 * 37);
        let date = at.format("%a, %d %b %Y %H:%M:%S +0100");
        let other = format!("Person {} <person{}@example.test>", i % 500, i % 500);
        let mine = i % 2 == 0;
        let (from, to) = if mine {
            ("Bench Me <me@bench.test>".to_owned(), other)
        } else {
            (other, "Bench Me <me@bench.test>".to_owned())
        };
        let _ = write!(
            s,
            "From 1{i:09}@xxx Thu Jan  1 00:00:00 2026\nX-GM-THRID: {thread}\nX-Gmail-Labels: Inbox\n\
             Delivered-To: me@bench.test\nReceived: by 2002:a05:6a10:{i:x} with SMTP id x;\n        {date}\n\
             Received: from mail.example.test (mail.example.test. [192.0.2.1])\n        by mx.google.com with ESMTPS id {i}\n        for <me@bench.test>; {date}\n\
             MIME-Version: 1.0\nFrom: {from}\nTo: {to}\nDate: {date}\nMessage-ID: <m{i}@bench.test>\n\
             Subject: =?UTF-8?Q?Re=3A_caf=C3=A9_number_{thread}?=\n",
            thread = i / 3
        );
        if i % 5 == 1 {
            let _ = writeln!(s, "Cc: Colleague {} <colleague{}@example.test>", i % 40, i % 40);
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

/// The email case of issue 16: [`generate_mbox`] of `messages` (`--email-messages`, 100,000 by
/// default) written to a file, read into records as `rapport import` reads it ([`parse_each`]:
/// split, headers parsed, addresses, dates, threads, questions, each record cleaned and handed
/// on, none held) against a baseline that reads the same file and splits it into messages
/// (`email::count_messages`: the same splitter, no parsing); the best of three runs each
/// ([`parse_against_split`]). Then, for information only (no target), the same file read with
/// every record held ([`parse_file`]), and `rapport import` of it in a child process, for its
/// time and peak memory.
pub(super) fn measure(
    messages: usize,
    dir: &Path,
    figures: &mut Vec<ImportFigure>,
    created: &mut Vec<(String, usize)>,
    memory: &mut Vec<MemoryFigure>,
) -> Result<()> {
    eprintln!("bench: (i) generating an mbox of {messages} messages");
    let file = dir.join("All mail Including Spam and Trash.mbox");
    let failed = |e: std::io::Error| CliError::failure(format!("{}: {e}", file.display()));
    std::fs::write(&file, generate_mbox(messages)).map_err(failed)?;
    let options = ImportOptions { me: vec!["me@bench.test".to_owned()], ..Default::default() };
    let timed =
        parse_against_split(|| split_file(&file, import::email::count_messages), || parse_each(&file, &options))?;
    let (parse_ms, split_ms) = (timed.parse_ms, timed.split_ms);
    // The same reading with the splitting on the calling thread: the work it costs, which the
    // two threads' wall time hides when the machine has a core free.
    let on_one_thread = ImportOptions { split_on_one_thread: true, ..options.clone() };
    let (one_thread_ms, one_thread_parsed) = best_of_three(|| parse_each(&file, &on_one_thread))?;
    if one_thread_parsed != timed.parsed {
        let said = format!("the mbox gave {} interactions on two threads but {one_thread_parsed} on one", timed.parsed);
        return Err(CliError::failure(said));
    }
    let (held_ms, held) = best_of_three(|| parse_file(&file, &options, |p| p.interactions.len()))?;
    if held != timed.parsed {
        let said = format!("the mbox gave {} interactions streamed but {held} held", timed.parsed);
        return Err(CliError::failure(said));
    }
    figures.push(ImportFigure {
        name: "import_email_parse",
        what: "the mbox read as `rapport import` reads it (import::parse_file_each: split, headers, addresses, \
               dates, threads, questions, each cleaned and handed to a counting sink, none held), best of 3",
        ms: parse_ms,
    });
    figures.push(ImportFigure {
        name: "import_email_parse_one_thread",
        what: "information, no target: the same reading with the mbox split on the calling thread instead of a \
               thread of its own (the work it costs), best of 3",
        ms: one_thread_ms,
    });
    figures.push(ImportFigure {
        name: "import_email_parse_held",
        what: "information, no target: import::parse_file of the same mbox, every record held then freed, best of 3",
        ms: held_ms,
    });
    figures.push(ImportFigure {
        name: "import_email_split",
        what: "reading the same mbox and splitting it into messages, no parsing, best of 3",
        ms: split_ms,
    });
    created.push(("email_messages".to_owned(), timed.split));
    created.push(("email_interactions".to_owned(), timed.parsed));
    eprintln!("bench: (i) `rapport import` of the mbox in a child process, for its peak memory");
    let (elapsed, peak_bytes) = import_in_child(dir, "email", &file, &["--me", "me@bench.test"])?;
    let file_bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
    memory.push(MemoryFigure { format: "email", file_bytes, peak_bytes, ms: elapsed });
    let _ = std::fs::remove_file(&file);
    Ok(())
}

/// The one-thread reading over the split: information beside the target's ratio, `None` when the
/// bench did not time it.
pub(super) fn one_thread_ratio(figures: &[ImportFigure]) -> Option<f64> {
    let get = |name: &str| figures.iter().find(|f| f.name == name).map(|f| f.ms);
    Some(get("import_email_parse_one_thread")? / get("import_email_split")?)
}

/// `targets` with the email case's ratio (parse over split), limited as the other imports.
pub(super) fn with_target(
    mut targets: Vec<(String, f64, f64, bool)>,
    figures: &[ImportFigure],
) -> Vec<(String, f64, f64, bool)> {
    let get = |name: &str| figures.iter().find(|f| f.name == name).map_or(f64::NAN, |f| f.ms);
    let ratio = get("import_email_parse") / get("import_email_split");
    targets.push(("import_email_parse/import_email_split".to_owned(), ratio, IMPORT_LIMIT, ratio <= IMPORT_LIMIT));
    targets
}
