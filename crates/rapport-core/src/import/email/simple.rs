//! The plain forms of the headers the import reads, read by hand: most messages write `From`,
//! `To`, `Date` and the ids in a handful of plain forms, and reading those without building a
//! parsed message is most of what makes an mbox import about as fast as splitting it.
//!
//! Every reader here answers `None` for anything but its plain form (quotes, comments, encoded
//! words, groups, obsolete dates, a header given twice...): the message is then read by
//! mail-parser as before, so these only decide faster what mail-parser would decide. The tests
//! (here, and `email_simple_reading_agrees_with_mail_parser` on the corpus) hold them to it.

use mail_parser::DateTime;

/// The headers the import reads, each by its raw value (the bytes after its colon, its folded
/// lines included).
#[derive(Default, Clone, Copy)]
pub(super) struct Found<'a> {
    pub from: Option<&'a [u8]>,
    pub to: Option<&'a [u8]>,
    pub cc: Option<&'a [u8]>,
    pub bcc: Option<&'a [u8]>,
    pub date: Option<&'a [u8]>,
    pub message_id: Option<&'a [u8]>,
    pub in_reply_to: Option<&'a [u8]>,
    pub references: Option<&'a [u8]>,
    pub list_id: Option<&'a [u8]>,
    pub precedence: Option<&'a [u8]>,
    pub auto_submitted: Option<&'a [u8]>,
    pub content_type: Option<&'a [u8]>,
    /// One of them is given more than once (mail-parser reads the last).
    pub repeated: bool,
    /// The body is plain text as it stands: no `Content-Type`, or `text/plain`, in 7bit, 8bit or
    /// quoted-printable (each `Content-Type` and `Content-Transfer-Encoding` judged by its first
    /// line), so the questions can be read from it without decoding it.
    pub plain: bool,
}

/// Where a header the import reads goes in [`Found`].
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    From,
    To,
    Cc,
    Bcc,
    Date,
    MessageId,
    InReplyTo,
    References,
    ListId,
    Precedence,
    AutoSubmitted,
    ContentType,
    ContentTransferEncoding,
    /// Read by mail-parser only (`MIME-Version`).
    Other,
}

/// The slot of a header name the import reads (any case); `None` for the others.
fn slot_of(name: &[u8]) -> Option<Slot> {
    // By length and first letter first: most headers (Received, DKIM-Signature, X-...) are
    // ruled out at once, and the others are compared with one name only.
    let (slot, expected) = match (name.len(), name.first()?.to_ascii_lowercase()) {
        (2, b't') => (Slot::To, "to"),
        (2, b'c') => (Slot::Cc, "cc"),
        (3, b'b') => (Slot::Bcc, "bcc"),
        (4, b'f') => (Slot::From, "from"),
        (4, b'd') => (Slot::Date, "date"),
        (7, b'l') => (Slot::ListId, "list-id"),
        (10, b'm') => (Slot::MessageId, "message-id"),
        (10, b'r') => (Slot::References, "references"),
        (10, b'p') => (Slot::Precedence, "precedence"),
        (11, b'i') => (Slot::InReplyTo, "in-reply-to"),
        (12, b'c') => (Slot::ContentType, "content-type"),
        (12, b'm') => (Slot::Other, "mime-version"),
        (14, b'a') => (Slot::AutoSubmitted, "auto-submitted"),
        (25, b'c') => (Slot::ContentTransferEncoding, "content-transfer-encoding"),
        _ => return None,
    };
    name.eq_ignore_ascii_case(expected.as_bytes()).then_some(slot)
}

/// Whether the first line of a header's value, trimmed, starts with one of `prefixes` (lower
/// case), in any case.
fn first_line_starts(value: &[u8], prefixes: &[&str]) -> bool {
    let first = &value[..memchr::memchr(b'\n', value).unwrap_or(value.len())];
    // The ASCII blanks `str::trim` takes away (vertical tab included).
    let start = first.iter().position(|b| !b.is_ascii_whitespace() && *b != 0x0b).unwrap_or(first.len());
    let starts = |text: &[u8]| {
        prefixes.iter().any(|p| text.len() >= p.len() && text[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
    };
    match first.get(start) {
        // Blank, or ASCII first: no other blank to trim before it.
        None => starts(b""),
        Some(b) if b.is_ascii() => starts(&first[start..]),
        // Perhaps a wider blank (U+00A0...), which `str::trim` takes away too.
        Some(_) => starts(String::from_utf8_lossy(first).trim().as_bytes()),
    }
}

/// Whether `name` is a header the import reads (see [`Found`]).
pub(super) fn is_read(name: &[u8]) -> bool {
    slot_of(name).is_some()
}

/// How many slots [`Found`] has: one per [`Slot`] but [`Slot::Other`].
const SLOTS: usize = 13;

/// The headers the import reads, found while the splitter reads a message's header lines (one
/// pass over each line, which is read anyway): each line must be `Name: value` or a folded
/// continuation; only the headers the import reads are kept in the message's buffer, and each
/// one's value is noted there by its place. The first line that is neither is the error.
#[derive(Default)]
pub(crate) struct HeaderIndex {
    /// Each slot's value in the buffer (from the byte after its colon to the end of its last
    /// folded line), by [`Slot`].
    values: [Option<(u32, u32)>; SLOTS],
    repeated: bool,
    plain: bool,
    /// The header being read: its slot (`None` for one read by mail-parser only) and where its
    /// value starts in the buffer.
    open: Option<(Option<Slot>, usize)>,
    /// The file lines of the first `From` and `Date` headers.
    pub from_line: Option<usize>,
    pub date_line: Option<usize>,
    /// The first line that is not a header line: its file line and its text.
    pub bad_line: Option<(usize, Vec<u8>)>,
}

impl HeaderIndex {
    /// Ready for a new message.
    pub(crate) fn clear(&mut self) {
        self.values = [None; SLOTS];
        self.repeated = false;
        self.plain = true;
        self.open = None;
        self.from_line = None;
        self.date_line = None;
        self.bad_line = None;
    }

    /// One header line (with its line break) at file line `number`: kept in `kept` when it is
    /// one the import reads, or a folded line of one.
    pub(crate) fn line(&mut self, line: &[u8], number: usize, kept: &mut Vec<u8>) {
        let bare = line.strip_suffix(b"\n").unwrap_or(line);
        let bare = bare.strip_suffix(b"\r").unwrap_or(bare);
        let folded = bare.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        if folded {
            if self.open.is_some() {
                kept.extend_from_slice(line);
            }
            return;
        }
        self.end(kept);
        // After a damaged line, the message is refused: nothing more to note.
        if self.bad_line.is_some() || bare.is_empty() {
            return;
        }
        // The name: printable ASCII up to the colon. The colon found by a byte search, then the
        // name checked without a branch a byte (it is all printable in all but damaged lines).
        let name = memchr::memchr(b':', bare).map(|end| &bare[..end]);
        let printable = |name: &[u8]| name.iter().fold(true, |all, b| all & (b.wrapping_sub(0x21) < 0x5e));
        let Some(name) = name.filter(|n| !n.is_empty() && printable(n)) else {
            self.bad_line = Some((number, bare.to_vec()));
            return;
        };
        let slot = match slot_of(name) {
            Some(Slot::Other) => None,
            Some(slot) => Some(slot),
            None => return,
        };
        match slot {
            Some(Slot::From) => {
                self.from_line.get_or_insert(number);
            }
            Some(Slot::Date) => {
                self.date_line.get_or_insert(number);
            }
            _ => {}
        }
        self.open = Some((slot, kept.len() + name.len() + 1));
        kept.extend_from_slice(line);
    }

    /// The end of the headers (the blank line after them, not yet in `kept`).
    pub(crate) fn end(&mut self, kept: &[u8]) {
        let Some((slot, start)) = self.open.take() else { return };
        let Some(slot) = slot else { return };
        let value = &kept[start..];
        match slot {
            Slot::ContentType => self.plain &= first_line_starts(value, &["text/plain"]),
            Slot::ContentTransferEncoding => {
                self.plain &= first_line_starts(value, &["7bit", "8bit", "quoted-printable"])
            }
            _ => {}
        }
        let place = &mut self.values[slot as usize];
        self.repeated |= place.is_some();
        // A message's headers are at most MAX_HEADER_BYTES (1 MB): the places fit.
        *place = Some((start as u32, kept.len() as u32));
    }

    /// The values noted, in `kept` (the buffer the lines were kept in).
    pub(super) fn found<'a>(&self, kept: &'a [u8]) -> Found<'a> {
        let value = |slot: Slot| self.values[slot as usize].map(|(start, end)| &kept[start as usize..end as usize]);
        Found {
            from: value(Slot::From),
            to: value(Slot::To),
            cc: value(Slot::Cc),
            bcc: value(Slot::Bcc),
            date: value(Slot::Date),
            message_id: value(Slot::MessageId),
            in_reply_to: value(Slot::InReplyTo),
            references: value(Slot::References),
            list_id: value(Slot::ListId),
            precedence: value(Slot::Precedence),
            auto_submitted: value(Slot::AutoSubmitted),
            content_type: value(Slot::ContentType),
            repeated: self.repeated,
            plain: self.plain,
        }
    }
}

/// Space between tokens as mail-parser reads it: blanks, and the line breaks of folded lines.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn trim(value: &[u8]) -> &[u8] {
    let start = value.iter().position(|b| !is_space(*b)).unwrap_or(value.len());
    let end = value.iter().rposition(|b| !is_space(*b)).map_or(start, |e| e + 1);
    &value[start..end]
}

/// A header's value with the case of its letters ignored, when it is one line of ASCII: what
/// `Precedence` and `Auto-Submitted` are compared as. `None` for any other.
pub(super) fn plain_word(value: &[u8]) -> Option<&str> {
    let word = trim(value);
    (word.iter().all(|b| b.is_ascii() && *b != b'\n' && *b != b'\r')).then(|| std::str::from_utf8(word).ok())?
}

/// The elements of an address list in the plain forms `addr@host` and `Display Name
/// <addr@host>`, each sent to `each` as (address, display name: "" for none), in order; `None`
/// when any element has another form (quotes, comments, encoded words, groups, a bare name, an
/// address in angle brackets with spaces...), which mail-parser reads instead.
pub(super) fn addresses<'a>(value: &'a [u8], mut each: impl FnMut(&'a str, &'a str)) -> Option<()> {
    // Quotes, comments, escapes, groups and encoded words are looked for in each element's own
    // pass: every byte but the commas and the blanks around the elements is in a name or an
    // address, and neither of those ends in a blank or a comma, so no `=?` lies across them.
    let value = std::str::from_utf8(value).ok()?;
    let mut rest = value;
    while !rest.is_empty() {
        let end = memchr::memchr(b',', rest.as_bytes()).unwrap_or(rest.len());
        let element = trim_str(&rest[..end]);
        rest = rest.get(end + 1..).unwrap_or("");
        if element.is_empty() {
            continue;
        }
        let bytes = element.as_bytes();
        match memchr::memchr(b'<', bytes) {
            Some(open) => {
                let inner = element[open + 1..].strip_suffix('>')?;
                let simple_address = !inner.is_empty()
                    && inner.bytes().all(|b| BYTE_CLASS[usize::from(b)] & (NOT_PLAIN | NOT_IN_ADDRESS) == 0);
                // The name's words, one space between them, as the parser joins them.
                let name = trim_str(&element[..open]);
                let simple_name = name.bytes().all(|b| BYTE_CLASS[usize::from(b)] & (NOT_PLAIN | NOT_IN_NAME) == 0)
                    && !has_pair(name.as_bytes(), b"  ")
                    && !has_pair(name.as_bytes(), b"=?");
                if !simple_address || !simple_name {
                    return None;
                }
                each(inner, name);
            }
            None => {
                // A bare address: one word with an `@`.
                if bytes.iter().any(|b| BYTE_CLASS[usize::from(*b)] & (NOT_PLAIN | NOT_IN_ADDRESS) != 0)
                    || !bytes.contains(&b'@')
                {
                    return None;
                }
                each(element, "");
            }
        }
    }
    Some(())
}

/// Whether `text` holds the two bytes `pair` side by side (a byte search: the texts are short).
fn has_pair(text: &[u8], pair: &[u8; 2]) -> bool {
    memchr::memchr_iter(pair[0], text).any(|i| text.get(i + 1) == Some(&pair[1]))
}

/// `s` without the blanks [`is_space`] names at either end (ASCII: a byte search keeps to the
/// characters' bounds).
fn trim_str(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|b| !is_space(*b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !is_space(*b)).map_or(start, |e| e + 1);
    &s[start..end]
}

/// What a byte may not be in the plain forms of an address list: [`BYTE_CLASS`]'s bits.
const NOT_PLAIN: u8 = 1;
const NOT_IN_ADDRESS: u8 = 2;
const NOT_IN_NAME: u8 = 4;

/// Each byte's [`NOT_PLAIN`], [`NOT_IN_ADDRESS`] and [`NOT_IN_NAME`] bits: one look-up per byte
/// rather than a chain of comparisons.
const BYTE_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    // Quotes, comments, escapes and groups: read by mail-parser.
    let not_plain = b"\"()\\:;";
    let mut i = 0;
    while i < not_plain.len() {
        class[not_plain[i] as usize] |= NOT_PLAIN;
        i += 1;
    }
    // An address is one word without angle brackets or `=`.
    let not_in_address = b" \t\r\n<>=";
    i = 0;
    while i < not_in_address.len() {
        class[not_in_address[i] as usize] |= NOT_IN_ADDRESS;
        i += 1;
    }
    // A display name has no `@` or `>`, and no blanks but spaces.
    let not_in_name = b"@>\t\r\n";
    i = 0;
    while i < not_in_name.len() {
        class[not_in_name[i] as usize] |= NOT_IN_NAME;
        i += 1;
    }
    class
};

/// The first and the last id of a `Message-ID`, `In-Reply-To` or `References` value in the plain
/// form `<id> <id>...`, without their angle brackets; `None` for an empty value or any other form.
pub(super) fn ids(value: &[u8]) -> Option<(&str, &str)> {
    let (mut first, mut last) = (None, None);
    // As bytes: any byte beyond ASCII is in a token, and refused there.
    for token in value.split(|b| is_space(*b)).filter(|t| !t.is_empty()) {
        let id = token.strip_prefix(b"<")?.strip_suffix(b">")?;
        if id.is_empty() || !id.iter().all(|b| b.is_ascii_graphic() && *b != b'<' && *b != b'>') {
            return None;
        }
        first.get_or_insert(id);
        last = Some(id);
    }
    // Printable ASCII: UTF-8 as it stands.
    Some((std::str::from_utf8(first?).ok()?, std::str::from_utf8(last?).ok()?))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A `Date` in RFC 5322's own form, `[Www, ]D Mon YYYY HH:MM:SS +hhmm` (one space between the
/// parts), as mail-parser's date; `None` for any other form (no seconds, a two-digit year, a zone
/// name, a comment...).
pub(super) fn date(value: &[u8]) -> Option<DateTime> {
    let mut rest = trim(value);
    if rest.len() > 5 && rest[3] == b',' && rest[4] == b' ' && rest[..3].iter().all(u8::is_ascii_alphabetic) {
        rest = &rest[5..];
    }
    let (day, rest) = digits(rest, 1, 2)?;
    let (month, rest) = rest.strip_prefix(b" ")?.split_at_checked(3)?;
    let month = MONTHS.iter().position(|m| m.as_bytes().eq_ignore_ascii_case(month))? as u8 + 1;
    let (year, rest) = digits(rest.strip_prefix(b" ")?, 4, 4)?;
    let (hour, rest) = digits(rest.strip_prefix(b" ")?, 2, 2)?;
    let (minute, rest) = digits(rest.strip_prefix(b":")?, 2, 2)?;
    let (second, rest) = digits(rest.strip_prefix(b":")?, 2, 2)?;
    let (sign, rest) = rest.strip_prefix(b" ")?.split_first()?;
    let (offset, rest) = digits(rest, 4, 4)?;
    let (tz_hour, tz_minute) = (offset / 100, offset % 100);
    if !rest.is_empty() || !matches!(sign, b'+' | b'-') || tz_hour > 23 || tz_minute > 59 || year < 1000 {
        return None;
    }
    Some(DateTime {
        year,
        month,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
        tz_before_gmt: *sign == b'-',
        tz_hour: tz_hour as u8,
        tz_minute: tz_minute as u8,
    })
}

/// A number of `min` to `max` digits at the start of `text` (no more digits after them), and
/// the rest.
fn digits(text: &[u8], min: usize, max: usize) -> Option<(u16, &[u8])> {
    let n = text.iter().take(max + 1).take_while(|b| b.is_ascii_digit()).count();
    (min..=max).contains(&n).then(|| {
        let number = text[..n].iter().fold(0u16, |number, digit| number * 10 + u16::from(digit - b'0'));
        (number, &text[n..])
    })
}

/// A `Content-Type` in the plain form `type/subtype[; name=value]...` (values as tokens or in
/// quotes without escapes): its type in lower case and its parameters; `None` for any other.
fn content_type(value: &[u8]) -> Option<(String, Vec<(&str, &str)>)> {
    let value = std::str::from_utf8(value).ok()?;
    if value.contains(['(', '\\', '*']) || value.contains("=?") {
        return None;
    }
    let mut parts = value.split(';');
    let kind = trim_str(parts.next()?);
    if kind.is_empty() || kind.bytes().any(is_space) || !kind.contains('/') {
        return None;
    }
    let mut parameters = Vec::new();
    for part in parts {
        let part = trim_str(part);
        if part.is_empty() {
            continue;
        }
        let (name, value) = part.split_once('=')?;
        let value = match value.strip_prefix('"') {
            Some(quoted) => quoted.strip_suffix('"').filter(|v| !v.contains('"'))?,
            None if !value.is_empty() && !value.bytes().any(|b| is_space(b) || b == b'"') => value,
            None => return None,
        };
        if name.is_empty() || name.bytes().any(is_space) {
            return None;
        }
        parameters.push((name, value));
    }
    Some((kind.to_ascii_lowercase(), parameters))
}

/// The text of a `multipart/mixed` or `multipart/alternative` body whose first part is plain
/// text as it stands (`text/plain` in UTF-8 or US-ASCII, 7bit or 8bit, no other header): the
/// text mail-parser's `body_text(0)` gives for such a message. `None` for any other structure,
/// which mail-parser then decodes.
pub(super) fn first_plain_part<'b>(content_type_value: &[u8], body: &'b [u8]) -> Option<&'b str> {
    let (kind, parameters) = content_type(content_type_value)?;
    if kind != "multipart/mixed" && kind != "multipart/alternative" {
        return None;
    }
    let mut boundary = None;
    for (name, value) in parameters {
        if name.eq_ignore_ascii_case("boundary") && boundary.replace(value).is_some() {
            return None;
        }
    }
    let boundary = boundary.filter(|b| !b.is_empty() && b.is_ascii())?;
    let mut lines = body.split_inclusive(|b| *b == b'\n');
    // The preamble, up to the first delimiter.
    let mut at = 0;
    loop {
        let line = lines.next()?;
        at += line.len();
        match delimiter(line, boundary) {
            Delimiter::Not => {}
            Delimiter::Opening => break,
            Delimiter::Closing | Delimiter::Unclear => return None,
        }
    }
    // The first part's headers.
    let (mut charset, mut seen_type) = (None, false);
    loop {
        let line = lines.next()?;
        at += line.len();
        let bare = trim_line_end(line);
        if bare.is_empty() {
            break;
        }
        let (name, value) = std::str::from_utf8(bare).ok()?.split_once(':')?;
        if name.eq_ignore_ascii_case("content-type") && !seen_type {
            seen_type = true;
            let (kind, parameters) = content_type(value.as_bytes())?;
            if kind != "text/plain" {
                return None;
            }
            for (name, value) in parameters {
                if !name.eq_ignore_ascii_case("charset") || charset.replace(value.to_ascii_lowercase()).is_some() {
                    return None;
                }
            }
        } else if name.eq_ignore_ascii_case("content-transfer-encoding") {
            if !matches!(trim_str(value).to_ascii_lowercase().as_str(), "7bit" | "8bit") {
                return None;
            }
        } else {
            return None;
        }
    }
    if !seen_type {
        return None;
    }
    // Its text, up to the next delimiter.
    let start = at;
    for line in lines {
        match delimiter(line, boundary) {
            Delimiter::Not => at += line.len(),
            Delimiter::Opening | Delimiter::Closing => {
                let text = std::str::from_utf8(&body[start..at]).ok()?;
                return match charset.as_deref() {
                    Some("utf-8") => Some(text),
                    Some("us-ascii") if text.is_ascii() => Some(text),
                    _ => None,
                };
            }
            Delimiter::Unclear => return None,
        }
    }
    None
}

/// What a body line is to a multipart's boundary.
enum Delimiter {
    Not,
    /// `--boundary`: a part starts.
    Opening,
    /// `--boundary--`: the parts end.
    Closing,
    /// `--boundary` and something else: left to mail-parser.
    Unclear,
}

fn delimiter(line: &[u8], boundary: &str) -> Delimiter {
    let Some(rest) = trim_line_end(line).strip_prefix(b"--").and_then(|r| r.strip_prefix(boundary.as_bytes())) else {
        return Delimiter::Not;
    };
    match trim(rest) {
        b"" => Delimiter::Opening,
        b"--" => Delimiter::Closing,
        _ => Delimiter::Unclear,
    }
}

/// A line without its `\n` or `\r\n`.
fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_list_is_plain_only_when_no_part_of_it_is_quoted_commented_or_encoded() {
        let read = |value: &str| {
            let mut found = Vec::new();
            addresses(value.as_bytes(), |address, name| found.push(format!("{name}|{address}"))).map(|_| found)
        };
        assert_eq!(
            read(" Ann Lee <ann@x.test>, bob@y.test ,, Cy <cy@z.test>").unwrap(),
            ["Ann Lee|ann@x.test", "|bob@y.test", "Cy|cy@z.test"]
        );
        // Each form mail-parser reads, in a name, in an address and in a bare address.
        for odd in ["\"", "(", ")", "\\", ":", ";", "=?"] {
            for value in [
                format!("An{odd}n <ann@x.test>"),
                format!("Ann <an{odd}n@x.test>"),
                format!("bob@y.test, an{odd}n@x.test"),
                format!("bob@y.test, Ann{odd} <ann@x.test>"),
            ] {
                assert!(read(&value).is_none(), "{value}");
            }
        }
    }

    #[test]
    fn a_values_first_line_is_judged_as_the_trimmed_text_would_be() {
        let values: &[&[u8]] = &[
            b" text/plain; charset=UTF-8\r\n",
            b"TEXT/PLAIN",
            b"\x0b text/plain",
            b"\xc2\xa0text/plain",
            b"\xff text/plain",
            b"",
            b"  \r\n text/plain",
            b" multipart/mixed; boundary=x",
        ];
        for value in values {
            let first = value.split(|b| *b == b'\n').next().unwrap();
            let trimmed = String::from_utf8_lossy(first).trim().to_ascii_lowercase();
            assert_eq!(
                first_line_starts(value, &["text/plain"]),
                trimmed.starts_with("text/plain"),
                "{}",
                String::from_utf8_lossy(value)
            );
        }
    }
}
