//! Email: an mbox file (Gmail Takeout, Thunderbird; mboxo or mboxrd), one `.eml` message, or a
//! folder of `.eml` messages read as one mailbox ([`parse_folder`]).
//! Each message becomes one interaction on the email channel; only metadata is kept.
//!
//! - **Me** is every address `--me` names ([`ImportOptions::me`]); the window and the CLI
//!   remember them ([`ME_SETTING`]) so the next import needs none. Without any, the file is
//!   refused: a mailbox's owner cannot be told from its messages one at a time.
//! - **Who and when**: `From` is the sender and initiator, `To`, `Cc` and `Bcc` the recipients,
//!   `Date` the time (a missing or unreadable `Date` is an error on its line, never "now").
//!   A message from me is with everyone I wrote to; a message to me is with its sender and the
//!   other recipients. Every correspondent becomes a contact named by the display name of the
//!   address (the address itself when it has none), matched by email like any import.
//! - **Threads**: `In-Reply-To` (else the last of `References`) names the message replied to;
//!   when that message is earlier in the file, the reply's interaction points at its own
//!   (`in_reply_to`, which the turn measures read). Each interaction keeps its Message-ID as a
//!   source key ([`source_key`]), so a reply to a message of an earlier import points at that
//!   one's interaction, and a message imported again is known by its key.
//! - **Left out**: mailing lists and automated senders (`List-Id`, `Precedence: bulk/list/junk`,
//!   `Auto-Submitted` other than `no`, and no-reply, mailer-daemon or postmaster addresses),
//!   counted in one warning of the preview; imported like any other message, and still counted,
//!   when the user asks ([`ImportOptions::include_lists`]).
//! - **Questions**: a sentence of the message's own text (not the quoted lines of a reply, nor
//!   the signature) ending in `?` marks the fact that the sender asked the recipient(s) a
//!   question; the text is never kept. A later reply from the other side in the same thread
//!   answers it, when it comes within [`ANSWER_WINDOW`] messages.
//!
//! The mbox is split here, as a stream of lines: a line starting with `From ` at the start of
//! the file or after a blank line starts a message; `>From ` lines (any number of `>`) lose one
//! `>` (mboxrd). Each header line is checked and, when it is one the import reads, kept, in the
//! same pass (a message's headers may be up to [`MAX_HEADER_BYTES`]); its body is kept up to
//! [`MAX_BODY_BYTES`], so memory stays the same whatever the file's size (beyond a small entry
//! per message for threading and one per correspondent).

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use mail_parser::{HeaderValue, MessageParser};

use super::plan::email_key;

/// The mbox split on a thread of its own while its messages are read.
mod pipeline;
/// The plain forms of the headers, read by hand.
mod simple;
use super::{
    Format, ImportOptions, IncomingContact, IncomingInteraction, IncomingQuestion, Parsed, Problem, Record, Ticker, Who,
};
use crate::error::{Error, Reason, Result};
use crate::model::{Channel, ContactFields, Labeled, Party};

/// The setting that remembers the user's own addresses between imports (a JSON list).
pub const ME_SETTING: &str = "import.email_me";

/// A question's text: only the fact that one was asked is kept.
pub const QUESTION_PLACEHOLDER: &str = "A question in an email (text not kept)";

/// The most header bytes one message may have; more is not a mail someone wrote.
pub const MAX_HEADER_BYTES: usize = 1 << 20;

/// How much of a message's body is read for questions; the rest (attachments) is skipped.
pub const MAX_BODY_BYTES: usize = 256 << 10;

/// How many later messages may answer a question: the interactions after an unanswered one
/// wait in memory for its answer, at most this many.
pub const ANSWER_WINDOW: usize = 10_000;

/// Local parts of addresses that no person writes from.
const AUTOMATED_LOCAL_PARTS: &[&str] =
    &["noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "mailer-daemon", "postmaster"];

/// One message as the mbox holds it.
#[derive(Default)]
pub(crate) struct RawMessage {
    /// 1-based position in the file.
    pub number: usize,
    /// The line of its `From ` separator (an mbox), or of its first header.
    pub line: usize,
    /// The line of its first header.
    pub first_header_line: usize,
    /// Its headers, the blank line after them, and the start of its body (not a plain body in
    /// the import's reading: see `plain_body_read`).
    pub bytes: Vec<u8>,
    /// Where the body starts in `bytes`; `None` when the headers never ended (a cut file).
    pub body_start: Option<usize>,
    /// More header bytes than [`MAX_HEADER_BYTES`].
    pub headers_too_long: bool,
    /// The import's reading only ([`Splitter`] with `INDEX`): the header bytes read, kept or not.
    header_bytes: usize,
    /// The import's reading only: the headers it reads, noted as they were read; `bytes` then
    /// keeps only those headers (the others, often most of a message's, are never read).
    index: simple::HeaderIndex,
    /// The import's reading only: the body is plain text ([`simple::HeaderIndex::plain`]), so it
    /// was read for its question line by line as it was split, and not kept in `bytes`.
    plain_body_read: bool,
    /// What the plain body's lines read so far said of [`asks_question`] (`None`: undecided).
    plain_body_asks: Option<bool>,
}

impl RawMessage {
    /// Whether the body read in the splitter's pass asks a question ([`asks_question`]).
    fn plain_asks(&self) -> bool {
        self.plain_body_asks.unwrap_or(false)
    }
}

/// Splits an mbox (or a single message) into messages, one line at a time. With `INDEX` (the
/// import's reading), the header lines are also read for the headers the import reads, in the
/// same pass ([`simple::HeaderIndex`]); without it (the baseline `rapport bench` times), every
/// header line is kept as it is.
pub(crate) struct Splitter<R, const INDEX: bool> {
    reader: R,
    /// Lines read so far.
    line: usize,
    consumed: u64,
    buf: Vec<u8>,
    /// Whether the file is an mbox (starts with `From `): else it is one message.
    mbox: Option<bool>,
    /// The separator line of the next message, already read.
    next_start: Option<usize>,
    /// The last line read ended with a newline (a cut file's last line does not).
    ended_with_newline: bool,
    count: usize,
    done: bool,
}

fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

impl<R: BufRead, const INDEX: bool> Splitter<R, INDEX> {
    pub(crate) fn new(reader: R) -> Self {
        Splitter {
            reader,
            line: 0,
            consumed: 0,
            buf: Vec::new(),
            mbox: None,
            next_start: None,
            ended_with_newline: true,
            count: 0,
            done: false,
        }
    }

    pub(crate) fn consumed(&self) -> u64 {
        self.consumed
    }

    /// True once the whole input is read and its last line ended with a newline.
    pub(crate) fn ended_with_newline(&self) -> bool {
        self.ended_with_newline
    }

    pub(crate) fn is_mbox(&self) -> bool {
        self.mbox == Some(true)
    }

    fn read_line(&mut self) -> std::io::Result<bool> {
        self.buf.clear();
        let n = self.reader.read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(false);
        }
        self.consumed += n as u64;
        self.line += 1;
        self.ended_with_newline = self.buf.ends_with(b"\n");
        Ok(true)
    }

    /// Reads the next message into `out` (its buffer reused); `false` at the end of the file.
    pub(crate) fn next(&mut self, out: &mut RawMessage) -> std::io::Result<bool> {
        if self.done {
            return Ok(false);
        }
        out.bytes.clear();
        out.body_start = None;
        out.headers_too_long = false;
        out.first_header_line = 0;
        if INDEX {
            out.header_bytes = 0;
            out.index.clear();
            out.plain_body_read = false;
            out.plain_body_asks = None;
        }
        let mut in_headers = true;
        let mut body_bytes = 0usize;
        let mut previous_blank = false;
        match self.next_start.take() {
            Some(line) => {
                out.line = line;
            }
            None => {
                // The file's first line: an mbox separator, or the first header of one message.
                loop {
                    if !self.read_line()? {
                        self.done = true;
                        return Ok(false);
                    }
                    // Blank lines before the first message are not one.
                    if !is_blank(&self.buf) {
                        break;
                    }
                }
                let mbox = self.buf.starts_with(b"From ");
                self.mbox = Some(mbox);
                out.line = self.line;
                if !mbox {
                    out.first_header_line = self.line;
                    self.take_line(out, &mut in_headers, &mut body_bytes);
                }
            }
        }
        let mbox = self.is_mbox();
        loop {
            if !self.read_line()? {
                self.done = true;
                break;
            }
            if mbox && previous_blank && self.buf.starts_with(b"From ") {
                self.next_start = Some(self.line);
                break;
            }
            previous_blank = is_blank(&self.buf);
            if out.first_header_line == 0 {
                out.first_header_line = self.line;
            }
            if mbox {
                unquote_from(&mut self.buf);
            }
            self.take_line(out, &mut in_headers, &mut body_bytes);
        }
        self.count += 1;
        out.number = self.count;
        if out.first_header_line == 0 {
            out.first_header_line = out.line;
        }
        Ok(true)
    }

    /// Adds the line just read to the message, within the limits.
    fn take_line(&mut self, out: &mut RawMessage, in_headers: &mut bool, body_bytes: &mut usize) {
        if *in_headers {
            if is_blank(&self.buf) {
                *in_headers = false;
                if INDEX {
                    out.index.end(&out.bytes);
                    out.plain_body_read = out.index.plain();
                }
                out.bytes.extend_from_slice(&self.buf);
                out.body_start = Some(out.bytes.len());
            } else if INDEX {
                // Every header line counts toward the limit, kept or not.
                if out.header_bytes + self.buf.len() > MAX_HEADER_BYTES {
                    out.headers_too_long = true;
                } else {
                    out.header_bytes += self.buf.len();
                    out.index.line(&self.buf, self.line, &mut out.bytes);
                }
            } else if out.bytes.len() + self.buf.len() > MAX_HEADER_BYTES {
                out.headers_too_long = true;
            } else {
                out.bytes.extend_from_slice(&self.buf);
            }
        } else if *body_bytes < MAX_BODY_BYTES {
            *body_bytes += self.buf.len();
            if INDEX && out.plain_body_read {
                // A plain body is read only for its question: in this pass, up to the line that
                // decides, and never copied.
                if out.plain_body_asks.is_none() && may_decide(&self.buf) {
                    out.plain_body_asks = body_line_asks(&self.buf);
                }
            } else {
                out.bytes.extend_from_slice(&self.buf);
            }
        }
    }
}

/// mboxrd: a line of `>`s then `From ` had one `>` added when it was stored.
fn unquote_from(line: &mut Vec<u8>) {
    let quotes = line.iter().take_while(|b| **b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with(b"From ") {
        line.remove(0);
    }
}

/// Splits the file into messages without reading them: the baseline `rapport bench` times the
/// import against. Returns how many messages the file holds.
pub fn count_messages(reader: impl BufRead) -> std::io::Result<usize> {
    let mut splitter = Splitter::<_, false>::new(reader);
    let mut message = RawMessage::default();
    let mut n = 0;
    while splitter.next(&mut message)? {
        n += 1;
    }
    Ok(n)
}

/// Whether the start of a file looks like email: an mbox's `From ` line, or a message's headers.
pub(crate) fn looks_like_email(head_upper: &str) -> bool {
    let start = head_upper.trim_start();
    if start.starts_with("FROM ") {
        return true;
    }
    // A message's first header is one of these, and a `From:` and a `Date:` follow.
    const FIRST: &[&str] =
        &["RETURN-PATH:", "RECEIVED:", "DELIVERED-TO:", "MESSAGE-ID:", "FROM:", "DATE:", "MIME-VERSION:", "X-"];
    FIRST.iter().any(|h| start.starts_with(h))
        && (start.starts_with("FROM:") || start.contains("\nFROM:"))
        && (start.starts_with("DATE:") || start.contains("\nDATE:"))
}

/// A message read into what the import keeps.
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Mail<'a> {
    at: DateTime<FixedOffset>,
    /// Addresses as keys ([`email_key`]) and display names, borrowed from the message when they
    /// need no change.
    from: Cow<'a, str>,
    from_name: Cow<'a, str>,
    recipients: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Its Message-ID and its parent's as the threads compare them ([`thread_id`]).
    id: Option<Cow<'a, str>>,
    parent: Option<Cow<'a, str>>,
    asks: bool,
    /// From a mailing list or an automated sender, kept because the user asked
    /// ([`ImportOptions::include_lists`]).
    automated: bool,
}

impl<'a> Mail<'a> {
    /// A message read, with its Message-ID and its parent's as the threads compare them.
    fn new(
        at: DateTime<FixedOffset>,
        (from, from_name): (Cow<'a, str>, Cow<'a, str>),
        recipients: Vec<(Cow<'a, str>, Cow<'a, str>)>,
        message_id: Option<Cow<'a, str>>,
        parent: Option<Cow<'a, str>>,
        asks: bool,
    ) -> Mail<'a> {
        Mail { at, from, from_name, recipients, id: message_id, parent, asks, automated: false }
    }
}

/// A message's recipients: addresses as keys and display names ([`Mail::recipients`]).
type Recipients<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// `list` emptied, as a list of any lifetime in the same room: the standard library collects an
/// emptied vector's own iterator in place, so the reading allocates no list per message.
fn recycle<'b>(mut list: Recipients<'_>) -> Recipients<'b> {
    list.clear();
    list.into_iter().map(|_| unreachable!("the list was emptied")).collect()
}

/// Why a message is left out or refused.
#[cfg_attr(test, derive(Debug, PartialEq))]
enum Outcome<'a> {
    Keep(Mail<'a>),
    Automated,
    Problem(Box<Problem>),
}

/// A Message-ID as the threads compare it: without its angle brackets, in lower case (borrowed
/// when it is already). `None` for a blank one.
fn thread_id(id: &str) -> Option<Cow<'_, str>> {
    let id = id.trim();
    if id.is_empty() {
        return None;
    }
    let inner = id.trim_start_matches('<').trim_end_matches('>');
    Some(if inner.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(inner.to_ascii_lowercase())
    } else {
        Cow::Borrowed(inner)
    })
}

/// [`thread_id`] of an id borrowed from elsewhere (mail-parser's message): an owned copy.
fn owned_thread_id<'a>(id: &str) -> Option<Cow<'a, str>> {
    thread_id(id).map(|id| Cow::Owned(id.into_owned()))
}

/// The hash a thread id is found by among the messages read.
fn id_hash(thread_id: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write(thread_id.as_bytes());
    h.finish()
}

/// A map keyed by [`id_hash`]: the key is a hash already, so it is its own hash.
type ByIdHash<V> = HashMap<u64, V, std::hash::BuildHasherDefault<AlreadyHashed>>;

#[derive(Default)]
struct AlreadyHashed(u64);

impl std::hash::Hasher for AlreadyHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The hash of the map of people by address, looked up for every person of every message: a
/// multiply-and-rotate over 8 bytes at a time, several times cheaper than the standard SipHash on
/// short keys. The addresses come from the user's own file, so a resistance to chosen collisions
/// buys nothing here (a crafted file could only slow its own import).
#[derive(Default)]
struct AddressHasher(u64);

impl AddressHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        // The high bits mixed into the low ones, which the table's buckets are chosen by.
        self.0 ^ (self.0 >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("8 bytes")));
        }
        let mut last = [0u8; 8];
        let rest = words.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
}

/// The source key of a message by its Message-ID (`email:` and the id without its angle
/// brackets, in lower case, as the threads compare them): how a later import finds it. `None`
/// for an empty id, or one longer than a header line may be (RFC 5322: 998 characters).
pub fn source_key(id: &str) -> Option<String> {
    let mut key = String::new();
    write_source_key(&thread_id(id)?, &mut key).then_some(key)
}

/// [`source_key`] of a thread id ([`thread_id`]) written into `key`, whose room is reused;
/// false when it makes no key.
fn write_source_key(thread_id: &str, key: &mut String) -> bool {
    let id = thread_id.trim();
    if id.is_empty() || id.len() > 998 {
        return false;
    }
    key.clear();
    key.push_str(SOURCE_KEY_PREFIX);
    key.push_str(id);
    true
}

const SOURCE_KEY_PREFIX: &str = "email:";

/// The first id of an `In-Reply-To`, else the last of `References`.
fn parent_of<'a>(in_reply_to: &'a HeaderValue<'_>, references: &'a HeaderValue<'_>) -> Option<&'a str> {
    fn first<'a>(v: &'a HeaderValue<'_>) -> Option<&'a str> {
        match v {
            HeaderValue::Text(t) => Some(t.as_ref()),
            HeaderValue::TextList(l) => l.first().map(|t| t.as_ref()),
            _ => None,
        }
    }
    fn last<'a>(v: &'a HeaderValue<'_>) -> Option<&'a str> {
        match v {
            HeaderValue::Text(t) => Some(t.as_ref()),
            HeaderValue::TextList(l) => l.last().map(|t| t.as_ref()),
            _ => None,
        }
    }
    first(in_reply_to).or_else(|| last(references)).filter(|s| !s.trim().is_empty())
}

/// Whether the message's own text (not quoted lines, nor what follows the signature or a
/// quoted reply's heading) has a sentence ending in a question mark.
pub fn asks_question(text: &str) -> bool {
    text.lines().find_map(line_asks).unwrap_or(false)
}

/// Whether a body line holds a `?`, a `-` or a `:`: only such a line can decide
/// [`asks_question`] (a question, a signature or forward mark, a "wrote:" heading). Eight bytes
/// at a time, in the splitter's loop: a body line is short, and most hold none.
#[inline(always)]
fn may_decide(line: &[u8]) -> bool {
    // A byte equal to `c`, for each `c`: the classic test for a zero byte in a word, which is
    // exact for whether the word holds one.
    fn holds(word: u64, c: u8) -> bool {
        let v = word ^ (u64::from(c) * 0x0101_0101_0101_0101);
        v.wrapping_sub(0x0101_0101_0101_0101) & !v & 0x8080_8080_8080_8080 != 0
    }
    let decides = |word: u64| holds(word, b'?') | holds(word, b'-') | holds(word, b':');
    let mut words = line.chunks_exact(8);
    if words.any(|w| decides(u64::from_le_bytes(w.try_into().expect("8 bytes")))) {
        return true;
    }
    // The last bytes, padded with zeros (none of the three).
    let mut last = [0u8; 8];
    let rest = words.remainder();
    last[..rest.len()].copy_from_slice(rest);
    decides(u64::from_le_bytes(last))
}

/// What one line of a plain body (as the splitter reads it, with its line break) says of
/// [`asks_question`], the line cut as `str::lines` cuts it and read as UTF-8 (any invalid bytes
/// replaced); called only for a line that [`may_decide`]. Not inlined: it would crowd the
/// splitter's loop, which every header line runs through.
#[inline(never)]
fn body_line_asks(line: &[u8]) -> Option<bool> {
    let line = match line.strip_suffix(b"\n") {
        Some(line) => line.strip_suffix(b"\r").unwrap_or(line),
        None => line,
    };
    // Most lines are valid UTF-8: checked as such first, replaced only when they are not.
    match std::str::from_utf8(line) {
        Ok(text) => line_asks(text),
        Err(_) => line_asks(&String::from_utf8_lossy(line)),
    }
}

/// What one line of a message's text says of [`asks_question`]: `Some(true)` a sentence of it
/// ends in a question mark, `Some(false)` the sender's own words end here, `None` read on.
fn line_asks(line: &str) -> Option<bool> {
    let trimmed = line.trim();
    if trimmed.starts_with('>') {
        return None;
    }
    // The signature, a forwarded or quoted original: the rest is not the sender's own words.
    if line == "-- " || trimmed == "--" || trimmed.starts_with("-----Original Message") {
        return Some(false);
    }
    if trimmed.ends_with("wrote:") || trimmed.starts_with("---------- Forwarded message") {
        return Some(false);
    }
    for i in memchr::memchr_iter(b'?', trimmed.as_bytes()) {
        // The end of a sentence: the line's end, or a space (after closing quotes or
        // brackets); not a URL's query (`?a=1`).
        let mut rest = trimmed[i + 1..].chars().skip_while(|c| matches!(c, '"' | '\'' | ')' | '”' | '’' | '?' | '!'));
        match rest.next() {
            // `=` last on a line: a quoted-printable soft break.
            None | Some('=') if rest.clone().next().is_none() => return Some(true),
            None => return Some(true),
            Some(c) if c.is_whitespace() => return Some(true),
            _ => {}
        }
    }
    None
}

/// A header's text as a problem quotes it: at most 80 characters, control characters as `?`.
fn clip(text: &str) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(80).map(|c| if c.is_control() { '?' } else { c }).collect();
    if text.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}

fn automated_address(address: &str) -> bool {
    // The local part by a byte loop (an address is short); `@` is ASCII, so a character's bound.
    let local = address.bytes().position(|b| b == b'@').map_or(address, |at| &address[..at]);
    AUTOMATED_LOCAL_PARTS.iter().any(|p| local.eq_ignore_ascii_case(p))
}

/// Copies the headers the import reads ([`simple::is_read`], with their folded lines) into
/// `kept`, each line ending in `\n`: the others (`Received`, `DKIM-Signature`, `ARC-*`, `X-*`...)
/// are often most of a message's headers and are not handed to the parser at all. The headers
/// were checked line by line by [`simple::HeaderIndex`].
fn keep_read_headers(headers: &[u8], kept: &mut Vec<u8>) {
    let mut keeping = false;
    for line in headers.split(|b| *b == b'\n') {
        let bare = line.strip_suffix(b"\r").unwrap_or(line);
        if bare.is_empty() {
            continue;
        }
        if bare[0] != b' ' && bare[0] != b'\t' {
            let name = bare.iter().position(|b| *b == b':').map_or(bare, |colon| &bare[..colon]);
            keeping = simple::is_read(name);
        }
        if keeping {
            kept.extend_from_slice(bare);
            kept.push(b'\n');
        }
    }
}

/// Reads one message; `kept` is a buffer for the part of it the parser reads. A message whose
/// headers are in their plain forms is read by hand ([`read_simply`]), any other by mail-parser;
/// `by_hand` false sends every message to mail-parser (the tests compare the two). A message from
/// a mailing list or an automated sender is [`Outcome::Automated`], or read like any other, marked
/// as such, when `keep_automated`.
fn read_message<'a>(
    raw: &'a RawMessage,
    parser: &MessageParser,
    kept: &mut Vec<u8>,
    by_hand: bool,
    keep_automated: bool,
    room: &mut Recipients<'static>,
) -> Outcome<'a> {
    let record = Record { kind: "message", number: raw.number, line: Some(raw.line) };
    let error = |line: usize, field: &str, reason: Reason| {
        Outcome::Problem(Box::new(Problem::error(Some(record), Some(line), field, reason)))
    };
    if raw.headers_too_long {
        return error(raw.line, "headers", Reason::EmailHeadersTooLong { max_kb: MAX_HEADER_BYTES >> 10 });
    }
    let Some(body_start) = raw.body_start else {
        return error(raw.line, "headers", Reason::EmailHeadersUnended {});
    };
    if let Some((line, text)) = &raw.index.bad_line {
        let text = clip(&String::from_utf8_lossy(text));
        return error(*line, "headers", Reason::EmailHeaderLine { text });
    }
    let headers = &raw.bytes[..body_start];
    let body = &raw.bytes[body_start..];
    let plain = raw.index.plain();
    // A plain body was read for its question as it was split (and not kept).
    let plain_asks = plain.then(|| raw.plain_asks());
    if by_hand {
        // Headers that are not UTF-8 are read by mail-parser.
        if let Some(outcome) =
            raw.index.found(headers).and_then(|found| read_simply(&found, plain_asks, body, keep_automated, room))
        {
            return outcome;
        }
    }
    kept.clear();
    keep_read_headers(headers, kept);
    kept.push(b'\n');
    // A plain text body is read as it is; any other is decoded by the parser (its first text part).
    if !plain {
        kept.extend_from_slice(body);
    }
    let parsed = if plain { parser.parse_headers(&kept[..]) } else { parser.parse(&kept[..]) };
    let Some(message) = parsed else {
        return error(raw.line, "headers", Reason::EmailHeadersUnended {});
    };
    let automated = !message.list_id().is_empty()
        || message
            .header_raw("Precedence")
            .is_some_and(|p| matches!(p.trim().to_ascii_lowercase().as_str(), "bulk" | "list" | "junk"))
        || message.header_raw("Auto-Submitted").is_some_and(|a| !a.trim().eq_ignore_ascii_case("no"));
    let sender = message.from().and_then(|a| a.first()).and_then(|a| {
        let address = email_key(a.address()?);
        address.contains('@').then(|| (Cow::Owned(address), Cow::Owned(a.name().unwrap_or("").trim().to_owned())))
    });
    let Some((from, from_name)) = sender else {
        return error(raw.index.from_line.unwrap_or(raw.line), "From", Reason::EmailNoSender {});
    };
    let automated = automated || automated_address(&from);
    if automated && !keep_automated {
        return Outcome::Automated;
    }
    let Some(raw_date) = message.header_raw("Date") else {
        return error(raw.line, "Date", Reason::EmailNoDate {});
    };
    let Some(at) = message.date().and_then(to_chrono) else {
        return error(
            raw.index.date_line.unwrap_or(raw.line),
            "Date",
            Reason::EmailDate { value: clip(raw_date.trim()) },
        );
    };
    let mut recipients: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
    for list in [message.to(), message.cc(), message.bcc()].into_iter().flatten() {
        for a in list.iter() {
            let Some(address) = a.address().map(email_key).filter(|a| a.contains('@')) else { continue };
            if !recipients.iter().any(|(r, _)| *r == address) {
                recipients.push((Cow::Owned(address), Cow::Owned(a.name().unwrap_or("").trim().to_owned())));
            }
        }
    }
    let asks = match plain_asks {
        Some(asks) => asks,
        None => message.body_text(0).is_some_and(|text| asks_question(&text)),
    };
    let parent = parent_of(message.in_reply_to(), message.references()).and_then(owned_thread_id);
    let message_id = message.message_id().and_then(owned_thread_id);
    Outcome::Keep(Mail { automated, ..Mail::new(at, (from, from_name), recipients, message_id, parent, asks) })
}

/// [`read_message`] of a message whose headers the import reads are all in their plain forms
/// ([`simple`]), and whose body is plain text or a multipart with a plain first part: what
/// mail-parser would read, without it. `None` for any other message. `plain_asks`: whether a
/// plain text body asks a question (read as it was split); `None` when the body is not plain, and
/// `body` is then the part of it that was kept.
fn read_simply<'a>(
    found: &simple::Found<'a>,
    plain_asks: Option<bool>,
    body: &[u8],
    keep_automated: bool,
    room: &mut Recipients<'static>,
) -> Option<Outcome<'a>> {
    if found.repeated {
        return None;
    }
    let mut sender = None;
    simple::addresses(found.from?, |address, name, own_key| {
        sender.get_or_insert((address, name, own_key));
    })?;
    let (address, name, own_key) = sender?;
    let from = address_key(address, own_key)?;
    let mut listed = false;
    if let Some(list_id) = found.list_id {
        simple::addresses(list_id, |_, _, _| listed = true)?;
    }
    let precedence = match found.precedence {
        Some(value) => matches!(simple::plain_word(value)?.to_ascii_lowercase().as_str(), "bulk" | "list" | "junk"),
        None => false,
    };
    let auto_submitted = match found.auto_submitted {
        Some(value) => !simple::plain_word(value)?.eq_ignore_ascii_case("no"),
        None => false,
    };
    let automated = listed || precedence || auto_submitted || automated_address(&from);
    if automated && !keep_automated {
        return Some(Outcome::Automated);
    }
    let at = to_chrono(&simple::date(found.date?)?)?;
    // The room of the last message's list, reused.
    let mut recipients = recycle(std::mem::take(room));
    for list in [found.to, found.cc, found.bcc].into_iter().flatten() {
        simple::addresses(list, |address, name, own_key| {
            if let Some(address) = address_key(address, own_key) {
                if !recipients.iter().any(|(r, _)| *r == address) {
                    recipients.push((address, Cow::Borrowed(name.trim())));
                }
            }
        })?;
    }
    let message_id = match found.message_id {
        Some(value) => Some(simple::ids(value)?.1.thread_id()),
        None => None,
    };
    let parent = match (found.in_reply_to, found.references) {
        (Some(value), _) => Some(simple::ids(value)?.0.thread_id()),
        (None, Some(value)) => Some(simple::ids(value)?.1.thread_id()),
        (None, None) => None,
    };
    let asks = match plain_asks {
        Some(asks) => asks,
        None => asks_question(simple::first_plain_part(found.content_type?, body)?),
    };
    let mail = Mail::new(at, (from, Cow::Borrowed(name.trim())), recipients, message_id, parent, asks);
    Some(Outcome::Keep(Mail { automated, ..mail }))
}

/// [`email_key`] of an address [`simple::addresses`] read, without a copy when it is its own key
/// already (`own_key`, and not `mailto:`: most addresses); `None` when the key has no `@`.
fn address_key(address: &str, own_key: bool) -> Option<Cow<'_, str>> {
    if own_key && !address.starts_with("mailto:") {
        Some(Cow::Borrowed(address))
    } else {
        let key = email_key(address);
        key.contains('@').then_some(Cow::Owned(key))
    }
}

/// A header date as chrono's, refusing a day that does not exist (31 February).
fn to_chrono(d: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    if !d.is_valid() {
        return None;
    }
    let seconds = (d.tz_hour as i32 * 3600 + d.tz_minute as i32 * 60) * if d.tz_before_gmt { -1 } else { 1 };
    let offset = FixedOffset::east_opt(seconds)?;
    let naive = NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())?.and_hms_opt(
        d.hour.into(),
        d.minute.into(),
        d.second.into(),
    )?;
    offset.from_local_datetime(&naive).single()
}

/// An email's interaction, before a message fills it.
fn email_interaction() -> IncomingInteraction {
    let record = Record { kind: "message", number: 0, line: None };
    IncomingInteraction::read(
        record,
        DateTime::<FixedOffset>::default(),
        Channel::Email,
        Party::Them,
        "Email".to_owned(),
    )
}

/// A source key ([`write_source_key`]) of a thread id, written into a spare `String` of
/// [`Waiting`] (whose room is reused: no allocation for most keys); `None` when it makes none.
fn pooled_key(thread_id: &str, spare: &mut Vec<String>) -> Option<String> {
    // Room for most keys at once (a Gmail Message-ID is about 50 bytes), so no key grows its string.
    let mut key = spare.pop().unwrap_or_else(|| String::with_capacity(80));
    if write_source_key(thread_id, &mut key) {
        Some(key)
    } else {
        spare.push(key);
        None
    }
}

/// A message's interaction as it waits for the answers to its question: everything it will be
/// handed on with, in a few words (its source keys in strings [`Waiting`] reuses).
struct Pending {
    record: Record,
    at: DateTime<FixedOffset>,
    mine: bool,
    /// Its participants' contact indexes: the first `count` of `first`, then `more` (a message
    /// to more people than that).
    first: [usize; 3],
    count: u8,
    more: Vec<usize>,
    in_reply_to: Option<usize>,
    /// Its question, and the interaction that answered it.
    question: Option<Option<usize>>,
    key: Option<String>,
    reply_key: Option<String>,
}

impl Pending {
    fn participants(&self) -> impl Iterator<Item = usize> + '_ {
        self.first[..usize::from(self.count)].iter().chain(&self.more).copied()
    }

    fn asks_still(&self) -> bool {
        matches!(self.question, Some(None))
    }

    /// The interaction it stands for, written into `it` (whose texts and lists keep their room);
    /// its source keys are moved into `it`, and those they replace go to `spare`.
    fn fill(&mut self, it: &mut IncomingInteraction, spare: &mut Vec<String>) {
        it.record = self.record;
        it.at = self.at;
        it.initiated_by = if self.mine { Party::Me } else { Party::Them };
        it.participants.clear();
        it.participants.extend(self.participants().map(Who::Incoming));
        // A message to me is started by its sender, the first participant.
        let sender = (!self.mine).then(|| it.participants.first().cloned()).flatten();
        // The placeholder's room kept from one question to the next (most messages of a long
        // mailbox may ask).
        let mut text = it.questions.pop().map(|q| q.text).unwrap_or_default();
        it.questions.clear();
        if let Some(answered_by) = self.question {
            if text != QUESTION_PLACEHOLDER {
                text.clear();
                text.push_str(QUESTION_PLACEHOLDER);
            }
            it.questions.push(IncomingQuestion {
                asked_by: it.initiated_by,
                text,
                contact: sender.clone(),
                answered_by,
                original_id: None,
            });
        }
        it.initiator = sender;
        it.in_reply_to = self.in_reply_to;
        spare.extend(it.source_keys.pop());
        it.source_keys.extend(self.key.take());
        spare.extend(it.reply_key.take());
        it.reply_key = self.reply_key.take();
    }
}

/// The interactions read but not yet sent on: they wait for the answers to their questions.
struct Waiting {
    /// The index of the first interaction of `queue`.
    first: usize,
    queue: VecDeque<Pending>,
    /// The interaction handed on, filled again for each message.
    current: IncomingInteraction,
    /// Strings for the source keys, taken back from `current` as each interaction is handed on.
    spare: Vec<String>,
}

impl Waiting {
    fn next_index(&self) -> usize {
        self.first + self.queue.len()
    }

    /// Sends on every interaction from the front that has no open question, or all when
    /// `all`, or the oldest ones when more than [`ANSWER_WINDOW`] wait.
    fn flush(&mut self, parsed: &mut Parsed, ticker: &mut Ticker<'_>, all: bool) -> Result<()> {
        while let Some(front) = self.queue.front() {
            if front.asks_still() && !all && self.queue.len() <= ANSWER_WINDOW {
                break;
            }
            let mut pending = self.queue.pop_front().expect("front exists");
            self.hand_on(parsed, ticker, &mut pending)?;
        }
        Ok(())
    }

    /// Hands `pending`'s interaction on: kept in `parsed` when the reading holds its records,
    /// else sent on.
    fn hand_on(&mut self, parsed: &mut Parsed, ticker: &mut Ticker<'_>, pending: &mut Pending) -> Result<()> {
        self.first += 1;
        pending.fill(&mut self.current, &mut self.spare);
        ticker.own_interaction_ref(parsed, &self.current)
    }
}

/// Reads one file, an mbox or one message: split on a thread of its own when it is longer than a
/// batch of messages ([`pipeline`]), hence `Send`.
pub(crate) fn parse(text: impl BufRead + Send, options: &ImportOptions, ticker: &mut Ticker<'_>) -> Result<Parsed> {
    let mut reader = Reader::new(options)?;
    let end = pipeline::read_messages(text, !options.split_on_one_thread, |raw, consumed| {
        ticker.tick(consumed)?;
        reader.message(raw, None, ticker)
    })?;
    reader.end_of_file(end, None);
    reader.finish(options, ticker)
}

/// Reads the `.eml` files `files` (see [`folder_messages`]) as one mailbox, in their order:
/// each file's lines are counted from its start and its problems name it.
pub(crate) fn parse_folder(files: &[PathBuf], options: &ImportOptions, ticker: &mut Ticker<'_>) -> Result<Parsed> {
    let mut reader = Reader::new(options)?;
    let mut raw = RawMessage::default();
    let (mut before, mut number) = (0u64, 0usize);
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (file, len) = super::open_file(path)?;
        let mut splitter = Splitter::<_, true>::new(std::io::BufReader::new(file));
        while splitter.next(&mut raw).map_err(|source| Error::Io { path: path.clone(), source })? {
            ticker.tick(before + splitter.consumed())?;
            number += 1;
            raw.number = number;
            reader.message(&raw, Some(&name), ticker)?;
        }
        reader.end_of_file(splitter.end(), Some(&name));
        before += len;
    }
    reader.finish(options, ticker)
}

/// The `.eml` files of the folder `path`, sorted by name (its sub-folders and other files left
/// alone); `None` when `path` is not a folder. A folder without any is refused.
pub(crate) fn folder_messages(path: &Path) -> Result<Option<Vec<PathBuf>>> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    if !std::fs::metadata(path).map_err(io)?.is_dir() {
        return Ok(None);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let file = entry.map_err(io)?.path();
        let eml = file.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("eml"));
        if eml && std::fs::metadata(&file).map_err(io)?.is_file() {
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err(Error::BadInput(Reason::EmailFolderEmpty { path: path.display().to_string() }));
    }
    files.sort();
    Ok(Some(files))
}

/// The size of the files `files` together and the latest modification time among them: a
/// folder's stamp, which tells whether it changed between two readings. Refused, as a file
/// would be, when they are more than [`super::MAX_IMPORT_BYTES`] together.
pub(crate) fn folder_stamp(files: &[PathBuf]) -> Result<(u64, Option<std::time::SystemTime>)> {
    let (mut len, mut modified) = (0u64, None);
    for file in files {
        let meta = std::fs::metadata(file).map_err(|source| Error::Io { path: file.clone(), source })?;
        len += meta.len();
        modified = modified.max(meta.modified().ok());
    }
    if len > super::MAX_IMPORT_BYTES {
        let folder = files[0].parent().unwrap_or(Path::new(""));
        return Err(Error::BadInput(Reason::ImportTooBig {
            path: folder.display().to_string(),
            mb: (len >> 20) as usize,
            max_mb: (super::MAX_IMPORT_BYTES >> 20) as usize,
        }));
    }
    Ok((len, modified))
}

/// What the messages read so far left: the state of one import's reading, across files.
struct Reader {
    parsed: Parsed,
    me: Vec<String>,
    parser: MessageParser,
    kept: Vec<u8>,
    /// The room of the last message's recipients, reused for the next ([`recycle`]).
    recipients_room: Recipients<'static>,
    /// The contact index of each correspondent, by address.
    contact_of: HashMap<String, usize, std::hash::BuildHasherDefault<AddressHasher>>,
    /// The interaction of each message read, by its Message-ID ([`id_hash`]), and whether I sent it.
    interaction_of: ByIdHash<(u32, bool)>,
    waiting: Waiting,
    /// Keep the messages of mailing lists and automated senders ([`ImportOptions::include_lists`]).
    include_lists: bool,
    /// Those messages, left out or kept.
    automated: usize,
    asked: usize,
    me_seen: bool,
    /// The last message of the current file, and whether it read without an error.
    last: Option<(Record, bool)>,
}

impl Reader {
    fn new(options: &ImportOptions) -> Result<Reader> {
        let me: Vec<String> = options.me.iter().map(|m| email_key(m)).filter(|m| !m.is_empty()).collect();
        if me.is_empty() {
            return Err(Error::invalid("me", Reason::EmailMeNeeded {}));
        }
        Ok(Reader {
            parsed: Parsed::new(Format::Email, "UTF-8"),
            me,
            parser: MessageParser::default(),
            kept: Vec::new(),
            recipients_room: Vec::new(),
            contact_of: HashMap::default(),
            interaction_of: ByIdHash::default(),
            waiting: Waiting { first: 0, queue: VecDeque::new(), current: email_interaction(), spare: Vec::new() },
            include_lists: options.include_lists,
            automated: 0,
            asked: 0,
            me_seen: false,
            last: None,
        })
    }

    /// Reads one message; `file` names the file it is in when the import reads several.
    fn message(&mut self, raw: &RawMessage, file: Option<&str>, ticker: &mut Ticker<'_>) -> Result<()> {
        let parsed = &mut self.parsed;
        let me = &self.me;
        let waiting = &mut self.waiting;
        parsed.records = raw.number;
        let record = Record { kind: "message", number: raw.number, line: Some(raw.line) };
        self.last = Some((record, true));
        let mail = match read_message(
            raw,
            &self.parser,
            &mut self.kept,
            true,
            self.include_lists,
            &mut self.recipients_room,
        ) {
            Outcome::Keep(mail) => {
                self.automated += usize::from(mail.automated);
                mail
            }
            Outcome::Automated => {
                self.automated += 1;
                return Ok(());
            }
            Outcome::Problem(mut p) => {
                p.file = file.map(str::to_owned);
                parsed.problems.push(*p);
                self.last = Some((record, false));
                return Ok(());
            }
        };
        let is_me = |address: &str| me.iter().any(|m| m == address);
        let mine = is_me(&mail.from);
        self.me_seen |= mine || mail.recipients.iter().any(|(r, _)| is_me(r));
        // The people of this message besides me.
        let sender = (!mine).then_some((&*mail.from, &*mail.from_name));
        let others = mail.recipients.iter().filter(|(address, _)| !is_me(address) && *address != mail.from);
        let people = sender.into_iter().chain(others.map(|(address, name)| (&**address, &**name)));
        let mut pending = Pending {
            record,
            at: mail.at,
            mine,
            first: [0; 3],
            count: 0,
            more: Vec::new(),
            in_reply_to: None,
            question: None,
            key: None,
            reply_key: None,
        };
        for (address, name) in people {
            let i = match self.contact_of.get(address) {
                Some(i) => *i,
                None => {
                    let display = if name.is_empty() { address } else { name };
                    let mut fields = ContactFields::named(display.to_owned());
                    fields.emails = vec![Labeled { value: address.to_owned(), label: None }];
                    let i = ticker.contact(parsed, IncomingContact { record, fields, original: None })?;
                    self.contact_of.insert(address.to_owned(), i);
                    i
                }
            };
            match pending.first.get_mut(usize::from(pending.count)) {
                Some(place) => {
                    *place = i;
                    pending.count += 1;
                }
                None => pending.more.push(i),
            }
        }
        self.recipients_room = recycle(mail.recipients);
        let index = waiting.next_index();
        let parent = mail.parent.as_deref();
        if let Some(&(earlier, earlier_mine)) = parent.and_then(|p| self.interaction_of.get(&id_hash(p))) {
            let earlier = earlier as usize;
            pending.in_reply_to = Some(earlier);
            // A reply from the other side answers the question of the message it replies to.
            if earlier_mine != mine && earlier >= waiting.first {
                let asking = &mut waiting.queue[earlier - waiting.first];
                if asking.asks_still() {
                    asking.question = Some(Some(index));
                }
            }
        }
        if let Some(id) = mail.id.as_deref() {
            self.interaction_of.entry(id_hash(id)).or_insert((index as u32, mine));
        }
        if mail.asks {
            self.asked += 1;
            pending.question = Some(None);
        }
        pending.key = mail.id.as_deref().and_then(|id| pooled_key(id, &mut waiting.spare));
        pending.reply_key = parent.and_then(|id| pooled_key(id, &mut waiting.spare));
        if waiting.queue.is_empty() && pending.question.is_none() {
            // Nothing waits for an answer: sent on at once rather than through the queue.
            return waiting.hand_on(parsed, ticker, &mut pending);
        }
        waiting.queue.push_back(pending);
        waiting.flush(parsed, ticker, false)
    }

    /// At the end of one file: an mbox cut mid-line is an error on its last message.
    fn end_of_file(&mut self, end: pipeline::FileEnd, file: Option<&str>) {
        // A message already refused says enough.
        if let Some((record, true)) = self.last.take() {
            if end.mbox && !end.ended_with_newline {
                let mut problem = Problem::error(Some(record), record.line, "file", Reason::EmailTruncated {});
                problem.file = file.map(str::to_owned);
                self.parsed.problems.push(problem);
            }
        }
    }

    fn finish(mut self, options: &ImportOptions, ticker: &mut Ticker<'_>) -> Result<Parsed> {
        self.waiting.flush(&mut self.parsed, ticker, true)?;
        // Messages read, yet none from or to me: the addresses given are not this mailbox's.
        if self.waiting.first > 0 && !self.me_seen {
            return Err(Error::invalid("me", Reason::MeNotFound { names: options.me.clone() }));
        }
        let mut parsed = self.parsed;
        if self.automated > 0 {
            let n = self.automated;
            let counted =
                if self.include_lists { Reason::EmailAutomatedKept { n } } else { Reason::EmailAutomatedLeftOut { n } };
            parsed.problems.push(Problem::warning(None, None, "List-Id", counted));
        }
        if self.asked > 0 {
            parsed.problems.push(Problem::warning(
                None,
                None,
                "body",
                Reason::EmailQuestionsFactOnly { n: self.asked },
            ));
        }
        Ok(parsed)
    }
}

/// The user's addresses remembered from the last email import (none before the first): the
/// window fills its "Who you are" field with them.
pub fn remembered_me(store: &crate::Store) -> Result<Vec<String>> {
    Ok(match store.setting(ME_SETTING)? {
        Some(serde_json::Value::Array(list)) => list.iter().filter_map(|v| v.as_str()).map(str::to_owned).collect(),
        _ => Vec::new(),
    })
}

/// Remembers the addresses an email import was given, for the next one.
pub(crate) fn remember_me(store: &mut crate::Store, format: Format, options: &ImportOptions) -> Result<()> {
    if format != Format::Email || options.me.is_empty() {
        return Ok(());
    }
    let me: Vec<String> = options.me.iter().map(|m| email_key(m)).filter(|m| !m.is_empty()).collect();
    if store.setting(ME_SETTING)? != Some(serde_json::json!(me)) {
        store.set_setting(ME_SETTING, &serde_json::json!(me))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<(usize, String)> {
        let mut s = Splitter::<_, false>::new(text.as_bytes());
        let mut m = RawMessage::default();
        let mut out = Vec::new();
        while s.next(&mut m).unwrap() {
            out.push((m.line, String::from_utf8(m.bytes.clone()).unwrap()));
        }
        out
    }

    #[test]
    fn an_mbox_splits_on_from_lines_after_a_blank_line_and_unquotes_mboxrd() {
        let text = "From a@x Mon Jan  1 00:00:00 2024\nFrom: a@x\n\nhello\nFrom the start\n\n>From here\n\nFrom b@x Mon Jan  1 00:00:00 2024\nFrom: b@x\n\nbye\n";
        let parts = split(text);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, 1);
        assert_eq!(parts[0].1, "From: a@x\n\nhello\nFrom the start\n\nFrom here\n\n");
        assert_eq!(parts[1].0, 9);
        assert_eq!(parts[1].1, "From: b@x\n\nbye\n");
    }

    /// Reads every message of `text` both ways; returns how many of them were read by hand.
    fn compare_both_ways(text: &[u8], name: &str) -> usize {
        let (parser, mut kept) = (MessageParser::default(), Vec::new());
        let mut splitter = Splitter::<_, true>::new(text);
        let mut raw = RawMessage::default();
        let mut by_hand = 0;
        while splitter.next(&mut raw).unwrap() {
            // Kept or left out, an automated message reads the same both ways.
            for keep_automated in [false, true] {
                let parsed = read_message(&raw, &parser, &mut kept, false, keep_automated, &mut Vec::new());
                let fast = read_message(&raw, &parser, &mut kept, true, keep_automated, &mut Vec::new());
                assert_eq!(fast, parsed, "{name}, message {}:\n{}", raw.number, String::from_utf8_lossy(&raw.bytes));
            }
            if let (Some(start), None) = (raw.body_start, &raw.index.bad_line) {
                let read = raw.index.found(&raw.bytes[..start]).and_then(|found| {
                    let plain_asks = raw.index.plain().then(|| raw.plain_asks());
                    read_simply(&found, plain_asks, &raw.bytes[start..], false, &mut Vec::new())
                });
                by_hand += usize::from(read.is_some());
            }
        }
        by_hand
    }

    /// Header forms the plain reading takes, and others it must leave to mail-parser; each is
    /// put in a message of its own.
    const HEADER_FORMS: &[&str] = &[
        "From: ann@x.test",
        "From: Ann Lee <ann@x.test>",
        "From: <ann@x.test>",
        "From: ANN@X.TEST",
        "From: Ann  Lee <ann@x.test>",
        "From: Ann Lee < ann@x.test >",
        "From: \"Lee, Ann\" <ann@x.test>",
        "From: ann@x.test (Ann Lee)",
        "From: =?UTF-8?Q?Zo=C3=A9?= <zoe@x.test>",
        "From: Zoé Martin <zoe@x.test>",
        "From: Ann",
        "From: <ann>",
        "From: <>",
        "From: Ann ann@x.test",
        "From: friends: ann@x.test, bob@x.test;",
        "From: ann@x.test, bob@x.test",
        "From: noreply@x.test",
        "From: Ann <mailto:ann@x.test>",
        "From:\n Ann Lee\n <ann@x.test>",
        "To: bob@x.test, Cy Dee <cy@x.test>,me@x.test",
        "To: bob@x.test,, ,cy@x.test,",
        "To: undisclosed-recipients:;",
        "To:",
        "To: bob@x.test\nTo: cy@x.test",
        "Cc: Bob <bob@x.test>\n  , cy@x.test",
        "Bcc: Bob (work) <bob@x.test>",
        "Date: Mon, 6 Jan 2025 09:00:00 +0100",
        "Date: 6 Jan 2025 09:00:00 -0000",
        "Date: Mon, 06 jan 2025 09:00:00 +0530",
        "Date: Mon, 6 Jan 2025 09:00 +0100",
        "Date: Mon, 6 Jan 25 09:00:00 +0100",
        "Date: Mon, 6 Jan 2025 09:00:00 GMT",
        "Date: Mon, 6 Jan 2025 09:00:00 +0100 (CET)",
        "Date: Mon, 31 Feb 2025 09:00:00 +0100",
        "Date: Mon, 6 Jan 2025 25:00:00 +0100",
        "Date: Mon, 6 Jan 2025 09:00:00 +2500",
        "Date: Mon,  6 Jan 2025 09:00:00 +0100",
        "Date: Monday, 6 Jan 2025 09:00:00 +0100",
        "Date: 2025-01-06T09:00:00Z",
        "Date: 6 Jan 0049 09:00:00 +0100",
        "Date: Mon, 6 Jan 2025 09:00:60 +0100",
        "Date:",
        "Message-ID: <a1@x.test>",
        "Message-ID: <A1@X.test>",
        "Message-ID: a1@x.test",
        "Message-ID: <a1@x.test> <a2@x.test>",
        "Message-ID: < a1@x.test >",
        "Message-ID:",
        "In-Reply-To: <p1@x.test>",
        "In-Reply-To: <p1@x.test> <p2@x.test>",
        "In-Reply-To: <p1@x.test> (Ann's message)",
        "In-Reply-To:",
        "References: <r1@x.test> <r2@x.test>\n <r3@x.test>",
        "References: <r1@x.test><r2@x.test>",
        "In-Reply-To: <p1@x.test>\nReferences: <r1@x.test>",
        "List-Id: Bench news <news.x.test>",
        "List-Id: <news.x.test>",
        "List-Id: news.x.test",
        "List-Id:",
        "Precedence: bulk",
        "Precedence: List",
        "Precedence: first-class",
        "Auto-Submitted: no",
        "Auto-Submitted: auto-replied",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Type: text/html; charset=UTF-8",
        "Content-Transfer-Encoding: base64",
    ];

    const BODIES: &[(&str, &str)] = &[
        ("", "Are you free on Tuesday?\n"),
        ("", "Thanks, that works.\n"),
        (
            "Content-Type: multipart/mixed; boundary=\"b1\"\n",
            "preamble\n--b1\nContent-Type: text/plain; charset=UTF-8\n\nWhen?\n--b1\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nQUJD\n--b1--\n",
        ),
        (
            "Content-Type: multipart/alternative; boundary=b2\n",
            "--b2\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\nFine.\n--b2\nContent-Type: text/html\n\n<p>Why?</p>\n--b2--\n",
        ),
        (
            "Content-Type: multipart/mixed; boundary=\"b3\"\n",
            "--b3\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\nWhen=3F\n--b3--\n",
        ),
        (
            "Content-Type: multipart/mixed; boundary=\"b4\"\n",
            "--b4\nContent-Type: text/html; charset=UTF-8\n\n<p>When?</p>\n--b4--\n",
        ),
        (
            "Content-Type: multipart/mixed; boundary=\"b5\"\n",
            "--b5\nContent-Type: text/plain; charset=UTF-8\n\nWhen?\n--b5x\nmore?\n--b5--\n",
        ),
        (
            "Content-Type: multipart/mixed; boundary=\"b6\"\n",
            "--b6\nContent-Type: text/plain; charset=iso-8859-1\n\nWhen?\n--b6--\n",
        ),
        ("Content-Type: multipart/mixed; boundary=\"b7\"\n", "--b7\nContent-Type: text/plain; charset=UTF-8\n\nWhen?\n"),
    ];

    #[test]
    fn reading_by_hand_agrees_with_mail_parser() {
        // Made-up messages: every header form with each body, the other headers plain.
        let base = [
            ("From", "From: Ann Lee <ann@x.test>"),
            ("To", "To: Me <me@x.test>"),
            ("Date", "Date: Tue, 7 Jan 2025 10:30:00 +0000"),
            ("Message-ID", "Message-ID: <m@x.test>"),
        ];
        let mut mbox = String::new();
        for form in HEADER_FORMS {
            for (content_type, body) in BODIES {
                mbox.push_str("From x@y Mon Jan  1 00:00:00 2024\nReceived: by x; Tue, 7 Jan 2025\n");
                for (name, line) in base {
                    if !form.starts_with(&format!("{name}:")) {
                        mbox.push_str(line);
                        mbox.push('\n');
                    }
                }
                mbox.push_str(&format!("{form}\nSubject: Hi\n{content_type}\n{body}\n"));
            }
        }
        let by_hand = compare_both_ways(mbox.as_bytes(), "made-up");
        let messages = HEADER_FORMS.len() * BODIES.len();
        // Both kinds are met: the plain forms by hand, the others through mail-parser.
        assert!(by_hand > 0 && by_hand < messages, "{by_hand} of {messages} by hand");
        // The real clients' messages of the corpus.
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
        let mut files = vec![corpus.join("schema-v5.mbox")];
        for entry in std::fs::read_dir(corpus.join("corpus/eml")).unwrap() {
            files.push(entry.unwrap().path());
        }
        let mut by_hand = 0;
        for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "eml" || e == "mbox")) {
            by_hand += compare_both_ways(&std::fs::read(file).unwrap(), &file.display().to_string());
        }
        assert!(by_hand > 0, "no corpus message read by hand");
    }

    /// A plain body read for its question as the import's splitter reads it, line by line.
    fn split_body_asks(body: &[u8]) -> bool {
        let mut message = b"From: a@x.test\nTo: b@x.test\n\n".to_vec();
        message.extend_from_slice(body);
        let mut splitter = Splitter::<_, true>::new(&message[..]);
        let mut raw = RawMessage::default();
        assert!(splitter.next(&mut raw).unwrap());
        assert!(raw.plain_body_read && raw.index.plain());
        // The body was read, not kept.
        assert_eq!(raw.bytes.len(), raw.body_start.unwrap());
        raw.plain_asks()
    }

    #[test]
    fn a_body_read_line_by_line_asks_as_its_whole_text_does() {
        let bodies: &[&[u8]] = &[
            b"Are you free on Tuesday?\nAnn",
            b"Fine.\r\nReally?\r\n",
            b"Fine.\r\n-- \r\nWhy not? Ltd\r\n",
            b"Fine.\n-- \r",
            b"Caf\xe9 at noon?\n",
            b"Bad \xe2\x82\nthen why?=\n",
            b"On Mon, Ann wrote:\n> Are you free?\n",
            b"A URL https://x.test/?a=1\n> quoted?\nand \"this?\" too\n",
            b"no newline at the end?",
            b"",
        ];
        for body in bodies {
            let whole = asks_question(&String::from_utf8_lossy(body));
            assert_eq!(split_body_asks(body), whole, "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn questions_are_sentences_of_the_senders_own_text() {
        assert!(asks_question("Are you free on Tuesday?\nAnn"));
        assert!(asks_question("Lunch? I can do noon."));
        assert!(!asks_question("See https://x.test/?a=1 for the file."));
        assert!(!asks_question("Thanks!\n\nOn Mon, Ann wrote:\n> Are you free?"));
        assert!(!asks_question("Yes.\n> Are you free?\n"));
        assert!(!asks_question("Fine.\n-- \nWhy not? Ltd"));
    }
}
