//! WhatsApp chat exports: the `.txt` that "Export chat" writes, or the `.zip` that holds it with
//! the media. Metadata only: who wrote when, who started, who answered, and whether a message
//! ended with a question mark; no message text is kept.
//!
//! - **Lines**: Android `31/12/2024, 21:41 - Ann: text` (also `12/31/24, 9:41 PM`,
//!   `31.12.24, 21:41`, `2024-12-31 21:41`, Spanish `a. m.`/`p. m.`) and iOS
//!   `[31/12/2024, 21:41:05] Ann: text` (with the U+200E marks iOS adds). A line that does not start
//!   with a date continues the message before it. A line with a date but no `Name: ` is a system
//!   line ("X added Y", the encryption notice) and is left out, as are iOS's notices, whose text
//!   starts with U+200E; media (`<Media omitted>`, `image omitted`) count as messages.
//! - **Day and month**: a first number above 12 anywhere in the file says day first, a second one
//!   says month first. When neither occurs, the order that keeps the messages in time order is
//!   taken, else day first (month first when times have AM/PM); the preview says so.
//! - **Turns**: consecutive messages of one sender on one (local) day form one interaction (a
//!   turn), initiated by that sender. A contact's turn has them as its only participant; mine has
//!   every other participant of the chat. A turn replies to (`in_reply_to`) the latest earlier turn
//!   between the same two sides, when it came within the reply window (the model's
//!   `reply_window_days`, [`ImportOptions::reply_window_days`]): in a two-person chat, simply the
//!   previous turn. My turn in a group names no reply (each tie's measures take their own previous
//!   move, see docs/model.md).
//! - **Questions**: a message whose text ends with `?` asks a question (the fact only): a contact's
//!   of me, answered by my next turn; mine of each other participant, each answering with their
//!   own next turn; only within the reply window.
//! - **Me**: the participant `--me` names (case and accents aside); else, in a two-person chat,
//!   the one the file's name does not name ("WhatsApp Chat with Ann.txt"); else the preview asks.
//! - **Times** are the phone's wall clock, with no zone: read in the zone
//!   [`ImportOptions::zone`] names, else this machine's (chrono's `Local`: `TZ`, else
//!   `/etc/localtime`), with that zone's real rules, so each message keeps the offset in force on
//!   its date (09:00 in Paris in July is 09:00+02:00, in January 09:00+01:00). A time the clocks
//!   skipped (spring forward) is read with the offset before the change, as RFC 5545 reads one,
//!   and the preview warns of it; a time they passed twice (fall back) is the first of the two,
//!   unless that would put it before the message above it in the file, then the second.

use std::collections::HashMap;
use std::io::{BufRead, Read, Seek};

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};

use super::plan::{name_key, phone_key, phone_key_in, PhoneRegion};
use super::{ImportOptions, IncomingContact, IncomingInteraction, IncomingQuestion, Parsed, Problem, Record, Ticker};
use super::{Who, MAX_IMPORT_BYTES};
use crate::error::{Error, Reason, Result};
use crate::model::{Channel, ContactFields, Labeled, Party};

/// A question's text: the fact is kept, never the words.
pub const QUESTION_PLACEHOLDER: &str = "A question in a WhatsApp message (text not kept)";

/// The first bytes of a `.zip` (a local file header).
pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The zone a chat's wall-clock times are read in.
enum Zone {
    /// An IANA zone the user named (`--zone`), with chrono-tz's rules.
    Named(chrono_tz::Tz),
    /// This machine's zone, as chrono reads it (`TZ`, else `/etc/localtime`).
    System,
}

impl Zone {
    fn of(options: &ImportOptions) -> Result<Zone> {
        let Some(name) = &options.zone else { return Ok(Zone::System) };
        name.trim()
            .parse::<chrono_tz::Tz>()
            .map(Zone::Named)
            .map_err(|_| Error::invalid("zone", Reason::UnknownZone { zone: name.clone() }))
    }

    /// The offsets a wall-clock time has in the zone: none in a gap, two when the clocks go back.
    fn offsets(&self, local: &NaiveDateTime) -> LocalResult<FixedOffset> {
        match self {
            Zone::Named(tz) => tz.offset_from_local_datetime(local).map(|o| o.fix()),
            Zone::System => chrono::Local.offset_from_local_datetime(local),
        }
    }

    /// The offset in force at a UTC time.
    fn offset_at(&self, utc: &NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Named(tz) => tz.offset_from_utc_datetime(utc).fix(),
            Zone::System => chrono::Local.offset_from_utc_datetime(utc),
        }
    }
}

/// The reply window the options give, in seconds: the model's bounds (0 to 365 days) apply.
fn reply_window(options: &ImportOptions) -> Result<i64> {
    let days = options.reply_window_days.unwrap_or_else(|| crate::measures::ModelSettings::default().reply_window_days);
    if !(days.is_finite() && days > 0.0 && days <= 365.0) {
        let reason = Reason::ModelRange { name: "reply_window_days".to_owned(), value: days, max: 365.0 };
        return Err(Error::invalid("reply_window_days", reason));
    }
    // As the measures read it (measures/exchange.rs).
    Ok((days * 86_400.0) as i64)
}

/// Characters WhatsApp puts around names and notices to set the text direction.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\t')
}

/// A message line's date as written: three numbers, their meaning settled from the whole file.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Written {
    first: u16,
    second: u16,
    third: u16,
    /// `2024-12-31`: the year comes first, then month and day.
    year_first: bool,
}

/// What a line starts with.
#[derive(Debug, PartialEq)]
enum Head<'a> {
    /// A date and time, then the rest of the line.
    Dated { date: Written, secs: u32, twelve_hour: bool, rest: &'a str },
    /// A date, then something that is not a time and separator.
    Broken,
    /// Anything else: the continuation of a message.
    Text,
}

#[inline]
fn number(b: &[u8], i: &mut usize, max_digits: usize) -> Option<u32> {
    let start = *i;
    let mut n: u32 = 0;
    while *i < b.len() && *i - start < max_digits && b[*i].is_ascii_digit() {
        n = n * 10 + u32::from(b[*i] - b'0');
        *i += 1;
    }
    (*i > start).then_some(n)
}

// Inlined: called a few times on every line, mostly to find no space or one.
#[inline]
fn skip_spaces(s: &str, i: &mut usize) {
    let b = s.as_bytes();
    while let Some(&first) = b.get(*i) {
        match first {
            b' ' | b'\t' => *i += 1,
            // U+00A0 and U+202F, the no-break spaces some phones put before AM/PM.
            0xC2 if b.get(*i + 1) == Some(&0xA0) => *i += 2,
            0xE2 if b.get(*i + 1..*i + 3) == Some(&[0x80, 0xAF][..]) => *i += 3,
            _ => return,
        }
    }
}

fn read_head(line: &str) -> Head<'_> {
    let s = trim_head(line);
    match read_date(s) {
        Some(date) => read_time(s, date),
        None => Head::Text,
    }
}

/// A line without the direction marks and spaces some phones put before the date.
#[inline]
fn trim_head(line: &str) -> &str {
    // Most lines start with a digit or a bracket: nothing to trim.
    match line.as_bytes().first() {
        Some(b'0'..=b'9' | b'[') => line,
        _ => line.trim_start_matches(|c| is_mark(c) || c == ' '),
    }
}

/// Reads the heads of a file's lines, remembering the last date read: most lines share their
/// date with the line before, and are then read from their time on.
#[derive(Default)]
struct Heads {
    /// The last dated line's bytes up to its time (bracket, date, comma, spaces).
    prefix: Vec<u8>,
    part: Option<DatePart>,
}

impl Heads {
    fn read<'a>(&mut self, line: &'a str) -> Head<'a> {
        if let Some(part) = self.part {
            let b = line.as_bytes();
            // The same bytes and then a digit: `read_date` would read the same date, since it
            // reads no further than that digit (and trims nothing before a digit or a bracket).
            if has_prefix(b, &self.prefix) && b.get(part.time_at).is_some_and(u8::is_ascii_digit) {
                return read_time(line, part);
            }
        }
        let s = trim_head(line);
        let Some(part) = read_date(s) else { return Head::Text };
        self.prefix.clear();
        self.prefix.extend_from_slice(&s.as_bytes()[..part.time_at]);
        self.part = Some(part);
        read_time(s, part)
    }
}

/// Whether `b` starts with `prefix` (a few bytes: a date, a name), compared eight bytes at a
/// time in place: a call to `memcmp` for each line's date and sender costs more than comparing.
#[inline]
fn has_prefix(b: &[u8], prefix: &[u8]) -> bool {
    let n = prefix.len();
    let Some(b) = b.get(..n) else { return false };
    let word = |s: &[u8], at: usize| s.get(at..at + 8).and_then(|w| w.try_into().ok()).map(u64::from_ne_bytes);
    let half = |s: &[u8], at: usize| s.get(at..at + 4).and_then(|w| w.try_into().ok()).map(u32::from_ne_bytes);
    match n {
        0..4 => b.iter().zip(prefix).all(|(x, y)| x == y),
        // The first four bytes and the last four (overlapping).
        4..8 => half(b, 0) == half(prefix, 0) && half(b, n - 4) == half(prefix, n - 4),
        _ => {
            // Whole words, then the last eight bytes (overlapping the word before).
            let mut at = 0;
            while at + 8 < n {
                if word(b, at) != word(prefix, at) {
                    return false;
                }
                at += 8;
            }
            word(b, n - 8) == word(prefix, n - 8)
        }
    }
}

/// A line's date as written, and where its time starts.
#[derive(Clone, Copy)]
struct DatePart {
    date: Written,
    /// The line starts with `[` (iOS).
    bracket: bool,
    /// The byte where the time starts, after the date and the comma or spaces after it.
    time_at: usize,
}

/// The date a (trimmed) line starts with, when it starts like a dated line; `None`: the line is
/// text. What follows the date is not looked at past the first digit of the time.
fn read_date(s: &str) -> Option<DatePart> {
    let b = s.as_bytes();
    let bracket = b.first() == Some(&b'[');
    let mut i = usize::from(bracket);
    let first = number(b, &mut i, 4)?;
    let first_len = i - usize::from(bracket);
    let &sep = b.get(i).filter(|c| matches!(c, b'/' | b'.' | b'-'))?;
    i += 1;
    let second = number(b, &mut i, 2)?;
    if b.get(i) != Some(&sep) {
        return None;
    }
    i += 1;
    let third = number(b, &mut i, 4)?;
    let third_len = {
        let mut j = i;
        while j > 0 && b[j - 1].is_ascii_digit() {
            j -= 1;
        }
        i - j
    };
    // A trailing dot ("31.12.24.") and then a comma and/or spaces before the time.
    if b.get(i) == Some(&b'.') && sep == b'.' {
        i += 1;
    }
    let after_date = i;
    if b.get(i) == Some(&b',') {
        i += 1;
    }
    skip_spaces(s, &mut i);
    if i == after_date || !b.get(i).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let year_first = first_len == 4;
    if !year_first && third_len != 2 && third_len != 4 {
        return None;
    }
    let date = Written { first: first as u16, second: second as u16, third: third as u16, year_first };
    Some(DatePart { date, bracket, time_at: i })
}

/// The time and separator of a line whose date `part` read, then the rest: a dated line from
/// here on, so what does not read is broken.
#[inline]
fn read_time(s: &str, part: DatePart) -> Head<'_> {
    let DatePart { date, bracket, time_at } = part;
    let b = s.as_bytes();
    let mut i = time_at;
    let Some(hour) = number(b, &mut i, 2) else { return Head::Broken };
    if !matches!(b.get(i), Some(b':' | b'.')) {
        return Head::Broken;
    }
    i += 1;
    let minute_start = i;
    let Some(minute) = number(b, &mut i, 2).filter(|_| i - minute_start == 2) else { return Head::Broken };
    let mut second_of_minute = 0;
    if b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        match number(b, &mut i, 2).filter(|_| i - start == 2) {
            Some(v) => second_of_minute = v,
            None => return Head::Broken,
        }
    }
    let before_marker = i;
    skip_spaces(s, &mut i);
    let marker = &b[i..];
    let mut twelve_hour = None;
    // Most lines have no AM/PM: one byte says whether to look further.
    let markers: &[(&str, bool)] = if matches!(marker.first(), Some(b'a' | b'A' | b'p' | b'P')) {
        &[("a. m.", false), ("p. m.", true), ("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)]
    } else {
        &[]
    };
    for &(text, pm) in markers {
        if marker.len() >= text.len() && marker[..text.len()].eq_ignore_ascii_case(text.as_bytes()) {
            twelve_hour = Some(pm);
            i += text.len();
            break;
        }
    }
    if twelve_hour.is_none() {
        i = before_marker;
    }
    let hour = match twelve_hour {
        // 12 AM is midnight, 12 PM noon; some phones write 00 for 12.
        Some(pm) if hour <= 12 => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return Head::Broken,
        None => hour,
    };
    if hour > 23 || minute > 59 || second_of_minute > 59 {
        return Head::Broken;
    }
    let rest = if bracket {
        if b.get(i) != Some(&b']') {
            return Head::Broken;
        }
        i += 1;
        skip_spaces(s, &mut i);
        &s[i..]
    } else {
        skip_spaces(s, &mut i);
        if b.get(i) != Some(&b'-') {
            return Head::Broken;
        }
        i += 1;
        skip_spaces(s, &mut i);
        &s[i..]
    };
    Head::Dated { date, secs: hour * 3600 + minute * 60 + second_of_minute, twelve_hour: twelve_hour.is_some(), rest }
}

/// The sender as written (before the `": "`), the sender and the text of a dated line's rest;
/// `None` for a system line.
fn sender_and_text(rest: &str) -> Option<(&str, &str, &str)> {
    let (written, text) = match colon_space(rest) {
        Some(k) => (&rest[..k], &rest[k + 2..]),
        None => (rest.strip_suffix(':')?, ""),
    };
    let sender = written;
    // A name that starts and ends with a letter or digit of ASCII (most) has nothing to trim.
    let plain = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    let sender = if plain(sender.as_bytes().first()) && plain(sender.as_bytes().last()) {
        sender
    } else {
        let sender = sender.trim_matches(|c| is_mark(c) || is_space(c));
        // iOS writes a contact not in the address book as "~ Name".
        sender.strip_prefix('~').unwrap_or(sender).trim_matches(|c| is_mark(c) || is_space(c))
    };
    // A system line whose own text holds ": " ("X changed the subject to "a: b"").
    if sender.is_empty() || sender.contains('"') || (sender.len() > 80 && sender.chars().count() > 80) {
        return None;
    }
    if is_notice(text) {
        return None;
    }
    Some((written, sender, text))
}

/// Whether a message's text is one of iOS's notices: they start with U+200E, and its media do
/// too (media are messages).
#[inline]
fn is_notice(text: &str) -> bool {
    text.strip_prefix('\u{200e}')
        .is_some_and(|notice| !(notice.contains("omitted") || notice.starts_with("<attached:")))
}

/// Where the first `": "` of `s` is: a byte scan for the colon (a string search is set up anew
/// for each line).
fn colon_space(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(k) = b[from..].iter().position(|&c| c == b':') {
        let at = from + k;
        if b.get(at + 1) == Some(&b' ') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn ends_with_question(text: &str) -> bool {
    let ascii_end = text.trim_end_matches([' ', '\t', '\r']);
    match ascii_end.as_bytes().last() {
        Some(b'?') => true,
        // Only a character outside ASCII (a mark, a wide or Arabic question mark) needs more.
        Some(last) if *last >= 0x80 => {
            text.trim_end_matches(|c: char| c.is_whitespace() || is_mark(c)).ends_with(['?', '？', '؟'])
        }
        _ => false,
    }
}

/// A name as matching compares it: case, spacing and Latin accents aside.
pub(crate) fn fold(name: &str) -> String {
    name_key(name)
}

/// Whether a sender is a phone number ("+33 6 12 34 56 78") rather than a name.
fn is_phone(sender: &str) -> bool {
    sender.starts_with('+')
        && sender.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.') || is_space(c))
        && phone_key(sender).is_some()
}

struct Sender {
    name: String,
    first: (usize, usize),
}

/// One message, as little as the turns need (12 bytes: a chat holds hundreds of thousands); the
/// `k`th of the file is its message `k + 1`, its date is in the file's [`DateRun`]s.
struct Message {
    line: u32,
    sender: u32,
    /// The second of its day (below 86,400), and [`QUESTION`] when it ends with a question.
    secs_and_question: u32,
}

/// The bit of [`Message::secs_and_question`] that says the message ends with a question.
const QUESTION: u32 = 1 << 31;

impl Message {
    fn secs(&self) -> u32 {
        self.secs_and_question & !QUESTION
    }

    fn question(&self) -> bool {
        self.secs_and_question & QUESTION != 0
    }
}

/// A date as written, from message `from` (an index) to the next run's first message.
struct DateRun {
    date: Written,
    from: u32,
}

/// Each message with its index and its date's index in `dates`.
fn with_dates<'a>(messages: &'a [Message], dates: &'a [DateRun]) -> impl Iterator<Item = (usize, &'a Message, usize)> {
    dates.iter().enumerate().flat_map(move |(d, run)| {
        let to = dates.get(d + 1).map_or(messages.len(), |next| next.from as usize);
        (run.from as usize..to).map(move |k| (k, &messages[k], d))
    })
}

/// Reads the chat, line by line; records are sent once the whole file has settled the day and
/// month order and who I am.
pub(crate) fn parse(
    mut text: impl BufRead,
    file_name: &str,
    options: &ImportOptions,
    ticker: &mut Ticker<'_>,
) -> Result<Parsed> {
    // Options that do not read are refused before the file is.
    let zone = Zone::of(options)?;
    let window = reply_window(options)?;
    let mut parsed = Parsed::new(super::Format::Whatsapp, "UTF-8");
    let mut senders: Vec<Sender> = Vec::new();
    // Senders by their name as written, then as matching compares names (folded once per spelling).
    let mut sender_of: HashMap<String, u32> = HashMap::new();
    let mut folded_of: HashMap<String, u32> = HashMap::new();
    let mut last_sender: Option<u32> = None;
    // The spellings of the first senders as written before the ": " (a chat of a few people).
    let mut spelled: Vec<(String, u32)> = Vec::new();
    let mut heads = Heads::default();
    let mut messages: Vec<Message> = Vec::new();
    // The messages' dates: a new one kept when it differs from the one before.
    let mut dates: Vec<DateRun> = Vec::new();
    let mut twelve_hour = false;
    let mut buf: Vec<u8> = Vec::new();
    let mut line_no: usize = 0;
    let mut consumed: u64 = 0;
    let mut seen_dated = false;
    // Whether the line being continued is a message's (not a system line's).
    let mut in_message = false;
    // One line (with its line break): its message, or the message it continues. `whole_text` is
    // the same line as UTF-8, when the block it came in was checked whole.
    let mut take_line = |whole: &[u8], whole_text: Option<&str>| -> Result<()> {
        consumed += whole.len() as u64;
        line_no += 1;
        if line_no.is_multiple_of(4096) {
            ticker.tick(consumed)?;
        }
        let start = if line_no == 1 && whole.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let mut end = whole.len();
        while end > start && matches!(whole[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let bytes = &whole[start..end];
        let decoded;
        let line: &str = match whole_text.map_or_else(|| std::str::from_utf8(bytes), |t| Ok(&t[start..end])) {
            Ok(s) => s,
            Err(_) => {
                parsed.encoding = "Windows-1252";
                decoded = encoding_rs::WINDOWS_1252.decode(bytes).0;
                &decoded
            }
        };
        match heads.read(line) {
            Head::Dated { date, secs, twelve_hour: twelve, rest } => {
                seen_dated = true;
                twelve_hour |= twelve;
                // Most lines start with a sender already read, written as then, and ": ": no
                // search for the ": " (the spelling holds none) and no check of the name.
                let found = spelled.iter().position(|(written, _)| {
                    let b = rest.as_bytes();
                    has_prefix(b, written.as_bytes()) && b.get(written.len()..written.len() + 2) == Some(b": ")
                });
                let known = found.map(|k| {
                    // The one found is looked at first on the next line (a run by one sender).
                    spelled.swap(0, k);
                    (spelled[0].1, &rest[spelled[0].0.len() + 2..])
                });
                let (s, body) = match known {
                    Some((_, body)) if is_notice(body) => {
                        in_message = false;
                        return Ok(());
                    }
                    Some(known) => known,
                    None => {
                        let Some((written, sender, body)) = sender_and_text(rest) else {
                            in_message = false;
                            return Ok(());
                        };
                        let number = messages.len() + 1;
                        // Most messages follow one by the same sender: no lookup for those. A chat
                        // of a few people compares their names rather than hashing each line's.
                        let same = last_sender.filter(|&k| senders[k as usize].name == sender);
                        let few =
                            || (senders.len() <= 16).then(|| senders.iter().position(|s| s.name == sender)).flatten();
                        let s =
                            match same.or_else(|| few().map(|k| k as u32)).or_else(|| sender_of.get(sender).copied()) {
                                Some(s) => s,
                                None => {
                                    let s = *folded_of.entry(fold(sender)).or_insert_with(|| {
                                        senders.push(Sender { name: sender.to_owned(), first: (number, line_no) });
                                        (senders.len() - 1) as u32
                                    });
                                    sender_of.insert(sender.to_owned(), s);
                                    s
                                }
                            };
                        if spelled.len() < 16 && !spelled.iter().any(|(w, _)| w == written) {
                            spelled.push((written.to_owned(), s));
                        }
                        (s, body)
                    }
                };
                last_sender = Some(s);
                if dates.last().is_none_or(|run| run.date != date) {
                    dates.push(DateRun { date, from: messages.len() as u32 });
                }
                let question = if ends_with_question(body) { QUESTION } else { 0 };
                messages.push(Message { line: line_no as u32, sender: s, secs_and_question: secs | question });
                in_message = true;
            }
            Head::Broken => {
                let record = Record { kind: "message", number: messages.len() + 1, line: Some(line_no) };
                parsed.problems.push(Problem::error(
                    Some(record),
                    Some(line_no),
                    "date",
                    Reason::WhatsappBrokenLine {},
                ));
                in_message = false;
            }
            Head::Text if !seen_dated => {
                if line.trim_matches(|c: char| c.is_whitespace() || is_mark(c)).is_empty() {
                    return Ok(());
                }
                return Err(Error::BadInput(Reason::WhatsappNotAChat {}));
            }
            Head::Text => {
                // A message's later line: its last words say whether it ends with a question.
                let words = line.trim_matches(|c: char| c.is_whitespace() || is_mark(c));
                if in_message && !words.is_empty() {
                    if let Some(m) = messages.last_mut() {
                        let question = if ends_with_question(words) { QUESTION } else { 0 };
                        m.secs_and_question = m.secs() | question;
                    }
                }
            }
        }
        Ok(())
    };
    loop {
        let available = text.fill_buf().map_err(super::read_failed)?;
        if available.is_empty() {
            break;
        }
        // The lines whole in the reader's buffer are read where they lie, checked as UTF-8 in
        // one go; a line that runs past the buffer's end (or the file's last, with no newline)
        // is copied out.
        let Some(last) = memchr::memrchr(b'\n', available) else {
            buf.clear();
            text.read_until(b'\n', &mut buf).map_err(super::read_failed)?;
            take_line(&buf, None)?;
            continue;
        };
        let block = &available[..=last];
        let checked = std::str::from_utf8(block).ok();
        let mut from = 0;
        for end in memchr::memchr_iter(b'\n', block) {
            take_line(&block[from..=end], checked.map(|t| &t[from..=end]))?;
            from = end + 1;
        }
        text.consume(last + 1);
    }
    if !seen_dated {
        return Err(Error::BadInput(Reason::WhatsappNotAChat {}));
    }
    parsed.records = messages.len();
    if messages.is_empty() {
        return Ok(parsed);
    }
    let day_first = day_order(&messages, &dates, twelve_hour, &mut parsed.problems);
    let me = match find_me(&senders, file_name, options) {
        Some(me) if !me.is_empty() => me,
        found => {
            // Named in the preview, so the user can pick one.
            if found.is_some() {
                let reason = Reason::MeNotFound { names: options.me.clone() };
                parsed.problems.push(Problem::error(None, None, "me", reason));
            }
            let names = senders.iter().map(|s| s.name.clone()).collect();
            parsed.problems.push(Problem::error(None, None, "me", Reason::WhatsappWhoIsMe { names }));
            return Ok(parsed);
        }
    };
    // Contacts: everyone but me, in order of first appearance.
    let mut contact_of: Vec<Option<usize>> = vec![None; senders.len()];
    for (i, s) in senders.iter().enumerate() {
        if me.contains(&(i as u32)) {
            continue;
        }
        let mut fields = ContactFields::named(s.name.clone());
        if is_phone(&s.name) {
            fields.phones = vec![Labeled { value: s.name.clone(), label: None }];
        }
        let record = Record { kind: "message", number: s.first.0, line: Some(s.first.1) };
        contact_of[i] = Some(ticker.contact(&mut parsed, IncomingContact { record, fields, original: None })?);
    }
    // Held in memory (not streamed): room for every turn at once, counted first, not grown by
    // copies.
    if ticker.holds() {
        parsed.interactions.reserve(Turns::new(&messages, &dates, day_first, &zone).count());
    }
    let mut turns = Turns::new(&messages, &dates, day_first, &zone);
    build_turns(&mut parsed, ticker, &mut turns, window, &me, &contact_of)?;
    // The dates named in the file's order, after any problem found before the turns.
    parsed.problems.append(&mut turns.problems);
    Ok(parsed)
}

/// One sender's messages on one local day: an interaction.
#[derive(Clone, Copy)]
struct Turn {
    /// Its first message's index in the file's messages, and its line.
    first: u32,
    line: u32,
    sender: u32,
    /// How many messages it holds, and how many of them end with a question.
    count: u32,
    questions: u32,
    /// Seconds east of UTC at its first message.
    offset: i32,
    /// Its first message's time, UTC seconds.
    utc: i64,
    /// Its local day (days since 1970-01-01).
    day: i64,
}

/// The chat's turns, read from its messages as they are asked for (a chat's turns are not held
/// all at once): each message's time in the chat's zone, and consecutive messages of one sender
/// on one local day grouped. A day that does not exist is named and its messages left out; a
/// time the clocks skipped is warned of.
struct Turns<'a> {
    messages: &'a [Message],
    dates: &'a [DateRun],
    /// Each date's midnight and offset, worked out once.
    days: Vec<Option<Day>>,
    zone: &'a Zone,
    /// The next message to read, and its date's index.
    next: usize,
    date: usize,
    /// The last message's time (UTC seconds).
    last_utc: i64,
    /// The turn its messages are being added to.
    open: Option<Turn>,
    /// Turns read, from turn number `first` on: the one handed on, and those read ahead of it to
    /// find who answered a question.
    read: std::collections::VecDeque<Turn>,
    first: usize,
    /// The days and times named, in the file's order.
    problems: Vec<Problem>,
}

impl<'a> Turns<'a> {
    fn new(messages: &'a [Message], dates: &'a [DateRun], day_first: bool, zone: &'a Zone) -> Turns<'a> {
        let days = dates.iter().map(|run| instant(run.date, 0, day_first).map(|midnight| Day::new(midnight, zone)));
        Turns {
            messages,
            dates,
            days: days.collect(),
            zone,
            next: 0,
            date: 0,
            last_utc: i64::MIN,
            open: None,
            read: std::collections::VecDeque::new(),
            first: 0,
            problems: Vec::new(),
        }
    }

    /// Turn number `k` (from 0), reading on as far as it needs; `None` past the last.
    fn get(&mut self, k: usize) -> Option<Turn> {
        while self.first + self.read.len() <= k {
            if !self.read_turn() {
                return None;
            }
        }
        self.read.get(k.checked_sub(self.first)?).copied()
    }

    /// How many turns there are (read and forgotten one by one).
    fn count(mut self) -> usize {
        let mut turns = 0;
        while self.read_turn() {
            self.read.clear();
            turns += 1;
        }
        turns
    }

    /// Forgets the turns before number `k`: they will not be asked for again.
    fn forget_before(&mut self, k: usize) {
        while self.first < k && self.read.pop_front().is_some() {
            self.first += 1;
        }
    }

    /// Reads messages until one more turn is whole; `false` when none is left.
    fn read_turn(&mut self) -> bool {
        while let Some(m) = self.messages.get(self.next) {
            let k = self.next;
            self.next += 1;
            while self.dates.get(self.date + 1).is_some_and(|run| run.from as usize <= k) {
                self.date += 1;
            }
            let record = || Record { kind: "message", number: k + 1, line: Some(m.line as usize) };
            let Some(day) = self.days[self.date] else {
                let d = self.dates[self.date].date;
                let sep = if d.year_first { '-' } else { '/' };
                let value = format!("{}{sep}{}{sep}{}", d.first, d.second, d.third);
                let reason = Reason::NotADay { value };
                self.problems.push(Problem::error(Some(record()), Some(m.line as usize), "date", reason));
                continue;
            };
            let local = day.midnight + i64::from(m.secs());
            let (offset, skipped) = match day.offset {
                Some(offset) => (offset, false),
                None => offset_of(self.zone, local, self.last_utc),
            };
            if skipped {
                let reason = Reason::WhatsappSkippedTime {};
                self.problems.push(Problem::warning(Some(record()), Some(m.line as usize), "date", reason));
            }
            self.last_utc = local - i64::from(offset);
            let local_day = local.div_euclid(86_400);
            let question = u32::from(m.question());
            match &mut self.open {
                Some(turn) if turn.sender == m.sender && turn.day == local_day => {
                    turn.count += 1;
                    turn.questions += question;
                }
                open => {
                    let started = Turn {
                        first: k as u32,
                        line: m.line,
                        sender: m.sender,
                        count: 1,
                        questions: question,
                        offset,
                        utc: self.last_utc,
                        day: local_day,
                    };
                    if let Some(whole) = open.replace(started) {
                        self.read.push_back(whole);
                        return true;
                    }
                }
            }
        }
        match self.open.take() {
            Some(last) => {
                self.read.push_back(last);
                true
            }
            None => false,
        }
    }
}

/// A day of the chat: its midnight (wall clock read at offset 0), and its offset when the whole
/// day has one (no clock change that day: most days).
#[derive(Clone, Copy)]
struct Day {
    midnight: i64,
    offset: Option<i32>,
}

impl Day {
    fn new(midnight: i64, zone: &Zone) -> Day {
        let at = |secs: i64| DateTime::from_timestamp(midnight + secs, 0).map(|t| zone.offsets(&t.naive_utc()));
        // The same single offset at the first and the last second: no change between (zones
        // change their offset at most once a day).
        let offset = match (at(0), at(86_399)) {
            (Some(LocalResult::Single(a)), Some(LocalResult::Single(b))) if a == b => Some(a.local_minus_utc()),
            _ => None,
        };
        Day { midnight, offset }
    }
}

/// The offset of the wall-clock time `local` on a day the clocks change, and whether the clocks
/// skipped that time. A skipped time takes the offset before the change (RFC 5545, 3.3.5); a
/// time passed twice takes its first reading, unless that falls before `last_utc` (the message
/// above it in the file), then its second.
fn offset_of(zone: &Zone, local: i64, last_utc: i64) -> (i32, bool) {
    let Some(wall) = DateTime::from_timestamp(local, 0).map(|t| t.naive_utc()) else { return (0, false) };
    match zone.offsets(&wall) {
        LocalResult::Single(o) => (o.local_minus_utc(), false),
        LocalResult::Ambiguous(a, b) => {
            let (first, second) = if a.local_minus_utc() >= b.local_minus_utc() { (a, b) } else { (b, a) };
            let first = first.local_minus_utc();
            if local - i64::from(first) >= last_utc {
                (first, false)
            } else {
                (second.local_minus_utc(), false)
            }
        }
        // Clocks change months apart: a day earlier, the offset before the change is in force.
        LocalResult::None => (zone.offset_at(&(wall - chrono::Duration::days(1))).local_minus_utc(), true),
    }
}

/// Whether the day comes before the month, from every date of the file.
fn day_order(messages: &[Message], dates: &[DateRun], twelve_hour: bool, problems: &mut Vec<Problem>) -> bool {
    // Every date is a message's: whether one has a number above 12 is read from the dates.
    let dates_of_day_and_month = || dates.iter().map(|run| run.date).filter(|d| !d.year_first);
    let day_first_seen = dates_of_day_and_month().any(|d| d.first > 12);
    let month_first_seen = dates_of_day_and_month().any(|d| d.second > 12);
    if day_first_seen != month_first_seen {
        return day_first_seen;
    }
    let dated =
        || with_dates(messages, dates).map(|(_, m, d)| (dates[d].date, m.secs())).filter(|(d, _)| !d.year_first);
    if day_first_seen {
        // Both: the file is inconsistent; the order more dates fit, the others are named.
        let fits_day = dated().filter(|(d, _)| d.second <= 12).count();
        let fits_month = dated().filter(|(d, _)| d.first <= 12).count();
        return fits_day >= fits_month;
    }
    if dated().next().is_none() {
        return true;
    }
    // Neither settles it: the order that keeps the export in time order, else the usual one.
    let steps_back = |day_first: bool| {
        let mut back = 0;
        let mut last = i64::MIN;
        for (date, secs) in dated() {
            if let Some(t) = instant(date, secs, day_first) {
                back += usize::from(t < last);
                last = t;
            }
        }
        back
    };
    let (d, m) = (steps_back(true), steps_back(false));
    let day_first = if d != m { d < m } else { !twelve_hour };
    let order = if day_first { "day/month" } else { "month/day" };
    problems.push(Problem::warning(None, None, "date", Reason::WhatsappDateOrder { order: order.to_owned() }));
    day_first
}

/// Seconds since the epoch of a written date and time, read as floating (offset 0).
fn instant(d: Written, secs: u32, day_first: bool) -> Option<i64> {
    let year = |y: u16| if y < 100 { 2000 + i32::from(y) } else { i32::from(y) };
    let (y, m, day) = if d.year_first {
        (i32::from(d.first), d.second, d.third)
    } else if day_first {
        (year(d.third), d.second, d.first)
    } else {
        (year(d.third), d.first, d.second)
    };
    let date = NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(day))?;
    let t = date.and_hms_opt(0, 0, 0)?;
    let floating = FixedOffset::east_opt(0)?.from_local_datetime(&t).single()?;
    Some(floating.timestamp() + i64::from(secs))
}

/// Who is me: named by the options (none of them found: empty); else the participant a
/// two-person chat's file name does not name; `None` when nothing says.
fn find_me(senders: &[Sender], file_name: &str, options: &ImportOptions) -> Option<Vec<u32>> {
    if !options.me.is_empty() {
        let wanted: Vec<String> = options.me.iter().map(|m| fold(m)).collect();
        // A `--me` number written without its country code is placed in the options' region (an
        // unknown region is refused by the matching that follows).
        let region = PhoneRegion::of(options).ok().flatten();
        let wanted_phones: Vec<String> = options.me.iter().filter_map(|m| phone_key_in(m, region)).collect();
        let found: Vec<u32> = (0..senders.len() as u32)
            .filter(|&i| {
                let s = &senders[i as usize];
                wanted.contains(&fold(&s.name))
                    || (is_phone(&s.name) && phone_key_in(&s.name, region).is_some_and(|k| wanted_phones.contains(&k)))
            })
            .collect();
        return Some(found);
    }
    if senders.len() != 2 {
        return None;
    }
    let stem = std::path::Path::new(file_name).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let stem = fold(stem);
    let named: Vec<u32> = (0..2u32)
        .filter(|&i| {
            let name = fold(&senders[i as usize].name);
            [" with ", " - ", " con ", " avec ", " mit ", " met ", " com "]
                .iter()
                .any(|sep| stem.ends_with(&format!("{sep}{name}")))
        })
        .collect();
    match named[..] {
        [other] => Some(vec![1 - other]),
        _ => None,
    }
}

/// The turns of the chat as interactions, in the file's order.
fn build_turns(
    parsed: &mut Parsed,
    ticker: &mut Ticker<'_>,
    turns: &mut Turns<'_>,
    window: i64,
    me: &[u32],
    contact_of: &[Option<usize>],
) -> Result<()> {
    let is_me = |s: u32| me.contains(&s);
    let others: Vec<Who> = contact_of.iter().flatten().map(|&i| Who::Incoming(i)).collect();
    let two_sided = others.len() == 1;
    let first_index = ticker.next_interaction(parsed);
    // The latest turn of mine, of each contact (by sender) and of anyone so far, with its time.
    let mut my_last: Option<(usize, i64)> = None;
    let mut their_last: Vec<Option<(usize, i64)>> = vec![None; contact_of.len()];
    let mut last: Option<(usize, i64)> = None;
    // "WhatsApp: 3 messages", made once for each count and copied.
    let mut summaries: Vec<String> = Vec::new();
    // One interaction filled again for each turn: its summary, participants and questions keep
    // their room, so a streamed import allocates nothing per turn.
    let record = Record { kind: "message", number: 0, line: None };
    let epoch = crate::time::utc(0).fixed_offset();
    let mut turn = IncomingInteraction::read(record, epoch, Channel::Message, Party::Me, String::new());
    let mut asked_of: Vec<(Option<Who>, Option<usize>)> = Vec::new();
    // The UTC day of the last turn, and its date.
    let mut utc_day = (i64::MIN, NaiveDate::MIN);
    // How many messages the summary in `turn` counts.
    let mut summary_count: Option<u32> = None;
    // Whose turn's participants `turn` holds: mine (`None`) or a contact's.
    let mut participants_of: Option<Option<u32>> = None;
    let mut k = 0;
    while let Some(this) = turns.get(k) {
        turns.forget_before(k);
        let sender = this.sender;
        let at = this.utc;
        let mine = is_me(sender);
        let earlier = if two_sided {
            last
        } else if mine {
            None
        } else {
            // The latest turn between this contact and me.
            match (my_last, their_last[sender as usize]) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            }
        };
        let in_reply_to = earlier.filter(|&(_, then)| at - then <= window).map(|(e, _)| first_index + e);
        // The next turn of `by` within the window: the answer to a question asked of them.
        let mut next_turn_of = |by: &dyn Fn(u32) -> bool| {
            (k + 1..)
                .map_while(|j| turns.get(j).filter(|next| next.utc - at <= window).map(|next| (j, next)))
                .find(|(_, next)| by(next.sender))
                .map(|(j, _)| first_index + j)
        };
        let asked_by = if mine { Party::Me } else { Party::Them };
        let asker = contact_of[sender as usize].map(Who::Incoming);
        let asked = this.questions as usize;
        // My question is asked of each other participant, answered by their own next turn; a
        // contact's is asked of me, answered by my next turn. Looked for only when there is one.
        asked_of.clear();
        match (asked, mine) {
            (0, _) => {}
            (_, true) => {
                asked_of.extend((0..contact_of.len() as u32).filter_map(|s| {
                    contact_of[s as usize].map(|c| (Some(Who::Incoming(c)), next_turn_of(&|x| x == s)))
                }))
            }
            (_, false) => asked_of.push((asker.clone(), next_turn_of(&is_me))),
        }
        // The questions kept from the last turn are filled again (their placeholder text stays).
        let questions = &mut turn.questions;
        questions.truncate(asked * asked_of.len());
        let mut q = 0;
        for _ in 0..asked {
            for (whom, answered_by) in &asked_of {
                match questions.get_mut(q) {
                    Some(question) => {
                        question.asked_by = asked_by;
                        question.contact.clone_from(whom);
                        question.answered_by = *answered_by;
                    }
                    None => questions.push(IncomingQuestion {
                        asked_by,
                        text: QUESTION_PLACEHOLDER.to_owned(),
                        contact: whom.clone(),
                        answered_by: *answered_by,
                        original_id: None,
                    }),
                }
                q += 1;
            }
        }
        let offset = FixedOffset::east_opt(this.offset).unwrap_or(chrono::Utc.fix());
        // Filled again only when they differ from the last turn's: mine all have the same.
        let side = if mine { None } else { Some(sender) };
        if participants_of != Some(side) {
            turn.participants.clear();
            if mine {
                turn.participants.extend_from_slice(&others);
            } else {
                turn.participants.extend(asker.clone());
            }
            participants_of = Some(side);
        }
        turn.record = Record { kind: "message", number: this.first as usize + 1, line: Some(this.line as usize) };
        turn.at = time_of(at, offset, &mut utc_day);
        turn.initiated_by = asked_by;
        // Written again only when the count differs from the last turn's.
        if summary_count != Some(this.count) {
            summary_of(&mut summaries, this.count as usize, &mut turn.summary);
            summary_count = Some(this.count);
        }
        turn.in_reply_to = in_reply_to;
        ticker.own_interaction_ref(parsed, &turn)?;
        if mine {
            my_last = Some((k, at));
        } else {
            their_last[sender as usize] = Some((k, at));
        }
        last = Some((k, at));
        k += 1;
    }
    Ok(())
}

/// The time `utc` (seconds) at `offset`, its date taken from `day` (the last one asked for, with
/// its UTC day number) when it falls on that day, as most turns fall on the day of the one before.
fn time_of(utc: i64, offset: FixedOffset, day: &mut (i64, NaiveDate)) -> DateTime<FixedOffset> {
    let (days, secs) = (utc.div_euclid(86_400), utc.rem_euclid(86_400) as u32);
    if day.0 != days {
        // Day 719,163 of the common era is 1970-01-01.
        match i32::try_from(days + 719_163).ok().and_then(NaiveDate::from_num_days_from_ce_opt) {
            Some(date) => *day = (days, date),
            None => return crate::time::utc(utc).with_timezone(&offset),
        }
    }
    match chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs, 0) {
        Some(time) => DateTime::from_naive_utc_and_offset(day.1.and_time(time), offset),
        None => crate::time::utc(utc).with_timezone(&offset),
    }
}

/// Writes a turn's summary, "WhatsApp: 3 messages", into `out`: from `made` (indexed by count,
/// up to 64) or written there.
fn summary_of(made: &mut Vec<String>, count: usize, out: &mut String) {
    while made.len() <= count.min(64) {
        let n = made.len();
        made.push(format!("WhatsApp: {n} message{}", if n == 1 { "" } else { "s" }));
    }
    out.clear();
    match made.get(count) {
        Some(summary) => out.push_str(summary),
        None => {
            use std::fmt::Write as _;
            let _ = write!(out, "WhatsApp: {count} messages");
        }
    }
}

/// Whether a file starts like a WhatsApp chat: its first line that is not blank is a dated one.
pub(crate) fn looks_like(head: &str) -> bool {
    let line = head
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim_matches(|c: char| c.is_whitespace() || is_mark(c)).is_empty());
    line.is_some_and(|l| matches!(read_head(l), Head::Dated { .. }))
}

/// Whether the open file is a `.zip`; leaves it at its start.
pub(crate) fn is_zip(file: &mut (impl Read + Seek)) -> std::io::Result<bool> {
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        let n = file.read(&mut magic[got..])?;
        if n == 0 {
            break;
        }
        got += n;
    }
    file.rewind()?;
    Ok(got == 4 && magic == ZIP_MAGIC)
}

/// Reading the chat inside a zip past what the zip says it holds.
#[derive(Debug)]
struct PastDeclared;

impl std::fmt::Display for PastDeclared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the chat unpacks to more bytes than the .zip declares")
    }
}

impl std::error::Error for PastDeclared {}

/// A reader that fails once it has given `left` bytes.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(|| std::io::Error::other(PastDeclared))?;
        Ok(n)
    }
}

/// Runs `read` on the one `.txt` chat inside the `.zip` `archive`, with its unpacked size. The
/// size the zip declares is refused past [`MAX_IMPORT_BYTES`] before anything is unpacked, and
/// reading stops with an error at the declared size, so a zip bomb cannot fill the memory or disk.
pub(crate) fn with_chat_in_zip<R: Read + Seek + Send, T>(
    archive: R,
    read: impl FnOnce(&mut (dyn Read + Send), u64) -> Result<T>,
) -> Result<T> {
    let unreadable = |e: zip::result::ZipError| Error::BadInput(Reason::ZipUnreadable { detail: e.to_string() });
    let mut zip = zip::ZipArchive::new(archive).map_err(unreadable)?;
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    let chats: Vec<&String> = names
        .iter()
        .filter(|n| !n.ends_with('/') && n.to_ascii_lowercase().ends_with(".txt") && !n.starts_with("__MACOSX/"))
        .collect();
    let chat = match chats[..] {
        [one] => one.clone(),
        [] => {
            let mut shown: Vec<String> = names.iter().take(5).cloned().collect();
            if names.len() > 5 {
                shown.push(format!("{} more", names.len() - 5));
            }
            if shown.is_empty() {
                shown.push("nothing".to_owned());
            }
            return Err(Error::BadInput(Reason::ZipNoChat { names: shown }));
        }
        _ => return Err(Error::BadInput(Reason::ZipManyChats { names: chats.iter().map(|n| (*n).clone()).collect() })),
    };
    let entry = zip.by_name(&chat).map_err(unreadable)?;
    let declared = entry.size();
    if declared > MAX_IMPORT_BYTES {
        return Err(Error::BadInput(Reason::ZipTooBig {
            name: chat,
            mb: (declared >> 20) as usize,
            max_mb: (MAX_IMPORT_BYTES >> 20) as usize,
        }));
    }
    let mut capped = Capped { inner: entry, left: declared };
    match read(&mut capped, declared) {
        Err(Error::Io { source, .. }) if source.get_ref().is_some_and(|e| e.is::<PastDeclared>()) => {
            Err(Error::BadInput(Reason::ZipUnreadable { detail: PastDeclared.to_string() }))
        }
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::InvalidData => {
            Err(Error::BadInput(Reason::ZipUnreadable { detail: source.to_string() }))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(line: &str) -> (Written, u32, &str) {
        match read_head(line) {
            Head::Dated { date, secs, rest, .. } => (date, secs, rest),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn android_and_ios_lines_read() {
        let (d, secs, rest) = dated("12/31/24, 9:41 PM - Ann: hi");
        assert_eq!((d.first, d.second, d.third, secs, rest), (12, 31, 24, 21 * 3600 + 41 * 60, "Ann: hi"));
        let (d, secs, rest) = dated("\u{200e}[31/12/2024, 21:41:05] Ann: hi");
        assert_eq!((d.first, d.third, secs, rest), (31, 2024, 21 * 3600 + 41 * 60 + 5, "Ann: hi"));
        let (d, _, rest) = dated("31.12.24, 21:41 - Ann: hi");
        assert_eq!((d.first, d.second, rest), (31, 12, "Ann: hi"));
        let (d, secs, _) = dated("06/20/2020, 00:08 a. m. - x");
        assert_eq!((d.third, secs), (2020, 8 * 60));
        let (d, secs, _) = dated("12/31/24, 12:05\u{202f}AM - Ann: x");
        assert_eq!((d.first, secs), (12, 5 * 60));
        let (_, secs, rest) = dated("12/31/24,\u{a0}1:05\u{a0}\u{a0}PM\u{a0}-\tAnn: x");
        assert_eq!((secs, rest), (13 * 3600 + 5 * 60, "Ann: x"));
        let (d, _, _) = dated("2024-12-31 21:41 - Ann: x");
        assert!(d.year_first);
        assert_eq!(read_head("3/4 of us came"), Head::Text);
        assert_eq!(read_head("12/31/24, 9:4"), Head::Broken);
        assert_eq!(read_head("31/12/2024, 25:00 - Ann: x"), Head::Broken);
    }

    #[test]
    fn a_line_reads_the_same_whatever_date_the_line_before_left() {
        let lines = [
            "31/12/2024, 21:41 - Ann: a",
            "31/12/2024, 21:42 - Ann: b",
            "31/12/2024, 9:4",
            "31/12/2024,  21:42 - Ann: two spaces",
            "31/12/2024, 12:05\u{202f}AM - Ann: x",
            "31/12/2024,\u{a0}1:05 PM - Ann: x",
            "31/12/20245, 1:00 - Ann: x",
            "31/12/2024, x",
            "31/12/2024,",
            "31/12/2024",
            "31/12/24, 21:41 - Ann: a",
            "[31/12/2024, 21:41:05] Ann: hi",
            "\u{200e}[31/12/2024, 21:41:05] Ann: hi",
            "[31/12/2024, 21:41:05 Ann: hi",
            "2024-12-31 21:41 - Ann: x",
            "31.12.24., 21:41 - Ann: x",
            "3/4 of us came",
            "",
        ];
        for before in lines {
            for line in lines {
                let mut heads = Heads::default();
                heads.read(before);
                assert_eq!(heads.read(line), read_head(line), "{line:?} after {before:?}");
            }
        }
    }

    #[test]
    fn a_prefix_compared_by_words_is_one_compared_by_bytes() {
        let text: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for n in 0..=24 {
            let prefix = &text[..n];
            assert!(has_prefix(&text, prefix), "{n}");
            assert!(!has_prefix(&text[..n.saturating_sub(1)], prefix) || n == 0, "{n}: longer than the text");
            for at in 0..n {
                let mut other = prefix.to_vec();
                other[at] ^= 0x20;
                assert!(!has_prefix(&text, &other), "{n}: a byte differs at {at}");
            }
        }
    }

    #[test]
    fn summaries_made_once_read_as_written_for_any_count() {
        let mut made = Vec::new();
        let mut out = String::from("the last turn's");
        let said: Vec<String> = [1, 3, 1, 64, 65, 1000]
            .iter()
            .map(|&n| {
                summary_of(&mut made, n, &mut out);
                out.clone()
            })
            .collect();
        assert_eq!(
            said,
            [
                "WhatsApp: 1 message",
                "WhatsApp: 3 messages",
                "WhatsApp: 1 message",
                "WhatsApp: 64 messages",
                "WhatsApp: 65 messages",
                "WhatsApp: 1000 messages"
            ]
        );
        assert_eq!(colon_space("12:30 Ann: a: b"), Some(9));
        assert_eq!(colon_space("Ann:b: c"), Some(5));
        assert_eq!(colon_space("Ann added Bob:"), None);
    }

    #[test]
    fn senders_system_lines_and_questions() {
        assert_eq!(sender_and_text("Ann: ok?"), Some(("Ann", "Ann", "ok?")));
        assert_eq!(
            sender_and_text("\u{202a}+33 6 12 34 56 78\u{202c}: yo"),
            Some(("\u{202a}+33 6 12 34 56 78\u{202c}", "+33 6 12 34 56 78", "yo"))
        );
        assert_eq!(sender_and_text("Ann added Bob"), None);
        assert_eq!(sender_and_text("Ann: \u{200e}Messages and calls are end-to-end encrypted."), None);
        assert!(sender_and_text("Ann: \u{200e}image omitted").is_some());
        assert!(ends_with_question("really? \u{200e}"));
        assert!(!ends_with_question("no. ? ok"));
        assert!(is_phone("+33 6 12 34 56 78"));
        assert!(!is_phone("Ann"));
    }
}
