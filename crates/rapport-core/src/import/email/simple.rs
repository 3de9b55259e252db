//! The plain forms of the headers the import reads, read by hand: most messages write `From`,
//! `To`, `Date` and the ids in a handful of plain forms, and reading those without building a
//! parsed message is most of what makes an mbox import about as fast as splitting it.
//!
//! Every reader here answers `None` for anything but its plain form (quotes, comments, encoded
//! words, groups, obsolete dates, a header given twice...): the message is then read by
//! mail-parser as before, so these only decide faster what mail-parser would decide. The tests
//! (here, and `email_simple_reading_agrees_with_mail_parser` on the corpus) hold them to it.

use mail_parser::DateTime;

/// The headers the import reads, each by its raw value (the text after its colon, its folded
/// lines included), from a message whose kept headers are UTF-8 as a whole.
#[derive(Default, Clone, Copy)]
pub(super) struct Found<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub cc: Option<&'a str>,
    pub bcc: Option<&'a str>,
    pub date: Option<&'a str>,
    pub message_id: Option<&'a str>,
    pub in_reply_to: Option<&'a str>,
    pub references: Option<&'a str>,
    pub list_id: Option<&'a str>,
    pub precedence: Option<&'a str>,
    pub auto_submitted: Option<&'a str>,
    pub content_type: Option<&'a str>,
    /// One of them is given more than once (mail-parser reads the last).
    pub repeated: bool,
}

/// Where a header the import reads goes in [`Found`].
#[derive(Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(Debug))]
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
    let mut words = [0u64; NAME_WORDS];
    for (i, b) in name.iter().enumerate() {
        if !(0x21..0x7f).contains(b) || *b == b':' {
            return None;
        }
        if let Some(word) = words.get_mut(i / 8) {
            *word |= u64::from(b.to_ascii_lowercase()) << (8 * (i % 8));
        }
    }
    slot_of_words(&words, name.len())
}

/// A name the import reads is at most 25 bytes (`content-transfer-encoding`): 4 words of 8.
const NAME_WORDS: usize = 4;

/// `name` (lower case, at most 32 bytes) as [`read_name`] gives a name: its bytes in words of 8,
/// the first byte lowest, zeros after its end.
const fn name_words(name: &[u8]) -> [u64; NAME_WORDS] {
    let mut words = [0u64; NAME_WORDS];
    let mut i = 0;
    while i < name.len() {
        words[i / 8] |= (name[i] as u64) << (8 * (i % 8));
        i += 1;
    }
    words
}

/// [`slot_of`] of a name of `len` bytes in lower case as words ([`name_words`]). By length
/// first, then compared whole, a few word comparisons: most headers (Received, DKIM-Signature,
/// X-...) are ruled out by their length or at the first word.
#[inline(always)]
fn slot_of_words(words: &[u64; NAME_WORDS], len: usize) -> Option<Slot> {
    // Compared as four numbers, not as memory: the words were just written one at a time, and
    // reading them back 16 bytes at once would stall the processor.
    let [w0, w1, w2, w3] = *words;
    let is = |name: [u64; NAME_WORDS]| (w0, w1, w2, w3) == (name[0], name[1], name[2], name[3]);
    const TO: [u64; NAME_WORDS] = name_words(b"to");
    const CC: [u64; NAME_WORDS] = name_words(b"cc");
    const BCC: [u64; NAME_WORDS] = name_words(b"bcc");
    const FROM: [u64; NAME_WORDS] = name_words(b"from");
    const DATE: [u64; NAME_WORDS] = name_words(b"date");
    const LIST_ID: [u64; NAME_WORDS] = name_words(b"list-id");
    const MESSAGE_ID: [u64; NAME_WORDS] = name_words(b"message-id");
    const REFERENCES: [u64; NAME_WORDS] = name_words(b"references");
    const PRECEDENCE: [u64; NAME_WORDS] = name_words(b"precedence");
    const IN_REPLY_TO: [u64; NAME_WORDS] = name_words(b"in-reply-to");
    const CONTENT_TYPE: [u64; NAME_WORDS] = name_words(b"content-type");
    const MIME_VERSION: [u64; NAME_WORDS] = name_words(b"mime-version");
    const AUTO_SUBMITTED: [u64; NAME_WORDS] = name_words(b"auto-submitted");
    const CONTENT_TRANSFER_ENCODING: [u64; NAME_WORDS] = name_words(b"content-transfer-encoding");
    Some(match len {
        2 if is(TO) => Slot::To,
        2 if is(CC) => Slot::Cc,
        3 if is(BCC) => Slot::Bcc,
        4 if is(FROM) => Slot::From,
        4 if is(DATE) => Slot::Date,
        7 if is(LIST_ID) => Slot::ListId,
        10 if is(MESSAGE_ID) => Slot::MessageId,
        10 if is(REFERENCES) => Slot::References,
        10 if is(PRECEDENCE) => Slot::Precedence,
        11 if is(IN_REPLY_TO) => Slot::InReplyTo,
        12 if is(CONTENT_TYPE) => Slot::ContentType,
        12 if is(MIME_VERSION) => Slot::Other,
        14 if is(AUTO_SUBMITTED) => Slot::AutoSubmitted,
        25 if is(CONTENT_TRANSFER_ENCODING) => Slot::ContentTransferEncoding,
        _ => return None,
    })
}

/// Every byte of a word at once: the high bit of each.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// Every byte of a word at once: 1 in each.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `word` that cannot be in a header name (below `!`, above `~`,
/// or the colon), 8 bytes at once. Each byte is tested on its 7 low bits, where adding a
/// constant below 0x81 never carries into the next byte, so each answer is exact.
fn not_name_bytes(word: u64) -> u64 {
    let low = word & !HIGH_BITS;
    let below_bang = !(low + 0x5f * ONES) & HIGH_BITS;
    let delete = (low + ONES) & HIGH_BITS;
    let colon = !((low ^ (u64::from(b':') * ONES)) + 0x7f * ONES) & HIGH_BITS;
    (word & HIGH_BITS) | below_bang | delete | colon
}

/// `word` with each capital letter in lower case (for bytes below 0x80).
fn lower_word(word: u64) -> u64 {
    let low = word & !HIGH_BITS;
    // At least `A` and not beyond `Z`.
    let capital = (low + 0x3f * ONES) & !(low + 0x25 * ONES) & HIGH_BITS;
    word | (capital >> 2)
}

/// The name of a header line (`bare`, without its line break), 8 bytes at a time: its length and
/// its first 32 bytes in lower case as words ([`name_words`]); `None` unless the line starts
/// with a name (printable ASCII but the colon) and a colon.
#[inline(always)]
fn read_name(bare: &[u8]) -> Option<(usize, [u64; NAME_WORDS])> {
    // The first words by a loop of a known count, which the compiler unrolls and keeps in
    // registers (an array written a word at a time and read back whole stalls the processor).
    let mut words = [0u64; NAME_WORDS];
    let mut len = 0;
    for place in &mut words {
        let (word, in_name) = name_word(bare, len);
        *place = word;
        len += in_name;
        if in_name < 8 {
            return (len > 0 && bare.get(len) == Some(&b':')).then_some((len, words));
        }
    }
    // Past 32 bytes, a name the import never reads: only its end matters.
    loop {
        let (_, in_name) = name_word(bare, len);
        len += in_name;
        if in_name < 8 {
            return (bare.get(len) == Some(&b':')).then_some((len, words));
        }
    }
}

/// The 8 bytes of `bare` from `at` (zeros past its end, which no name holds) in lower case up
/// to the first byte that is not a name's, zeros from it on; and how many bytes are a name's.
#[inline(always)]
fn name_word(bare: &[u8], at: usize) -> (u64, usize) {
    let word = match bare.get(at..at + 8) {
        Some(chunk) => u64::from_le_bytes(chunk.try_into().expect("8 bytes")),
        None => {
            let mut last = [0u8; 8];
            let rest = &bare[at..];
            last[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(last)
        }
    };
    let stops = not_name_bytes(word);
    let in_name = stops.trailing_zeros() / 8;
    // The bytes before the first stop: the lowest stop bit (the high bit of its byte) moved to
    // its byte's lowest bit, less one; every byte when none stops.
    let kept = ((stops & stops.wrapping_neg()) >> 7).wrapping_sub(1);
    (lower_word(word) & kept, in_name as usize)
}

/// Whether the first line of a header's value, trimmed, starts with one of `prefixes` (lower
/// case), in any case.
fn first_line_starts(value: &[u8], prefixes: &[&str]) -> bool {
    let starts = |text: &[u8]| prefixes.iter().any(|p| starts_lower(text, p.as_bytes()));
    // The ASCII blanks `str::trim` takes away (vertical tab included), within the first line. No
    // prefix holds a line break, so one compared past the first line's end cannot match.
    let start = value.iter().position(|b| *b == b'\n' || !(b.is_ascii_whitespace() || *b == 0x0b));
    match start.map(|start| (start, value[start])) {
        // Blank, or ASCII first: no other blank to trim before it.
        None | Some((_, b'\n')) => starts(b""),
        Some((start, b)) if b.is_ascii() => starts(&value[start..]),
        // Perhaps a wider blank (U+00A0...), which `str::trim` takes away too.
        Some(_) => {
            let first = &value[..memchr::memchr(b'\n', value).unwrap_or(value.len())];
            starts(String::from_utf8_lossy(first).trim().as_bytes())
        }
    }
}

/// Whether `text` starts with `prefix` (lower case ASCII) in any case, 8 bytes at a time.
fn starts_lower(text: &[u8], prefix: &[u8]) -> bool {
    let Some(head) = text.get(..prefix.len()) else { return false };
    let word = |bytes: &[u8]| u64::from_le_bytes(bytes.try_into().expect("8 bytes"));
    // A byte beyond ASCII stays beyond it in lower case, so it never equals the prefix's.
    let whole = head.chunks_exact(8).zip(prefix.chunks_exact(8)).all(|(t, p)| lower_word(word(t)) == word(p));
    let tail = prefix.len() / 8 * 8;
    whole && head[tail..].iter().zip(&prefix[tail..]).all(|(t, p)| t.to_ascii_lowercase() == *p)
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
    #[inline(always)]
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
        if self.open.is_some() {
            self.end(kept);
        }
        // After a damaged line, the message is refused: nothing more to note.
        if self.bad_line.is_some() || bare.is_empty() {
            return;
        }
        let Some((len, words)) = read_name(bare) else {
            self.bad_line = Some((number, bare.to_vec()));
            return;
        };
        let slot = match slot_of_words(&words, len) {
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
        self.open = Some((slot, kept.len() + len + 1));
        kept.extend_from_slice(line);
    }

    /// The end of the headers (the blank line after them, not yet in `kept`).
    #[inline]
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

    /// Whether the body is plain text as it stands: no `Content-Type`, or `text/plain`, in 7bit,
    /// 8bit or quoted-printable (each `Content-Type` and `Content-Transfer-Encoding` judged by its
    /// first line), so the questions can be read from it without decoding it.
    pub(super) fn plain(&self) -> bool {
        self.plain
    }

    /// The values noted, in `kept` (the buffer the lines were kept in, up to the end of the
    /// headers) read as UTF-8 once for all of them; `None` when it is not UTF-8.
    pub(super) fn found<'a>(&self, kept: &'a [u8]) -> Option<Found<'a>> {
        let text = std::str::from_utf8(kept).ok()?;
        // Each place starts after a colon and ends after a line break: on a character's bound.
        let value =
            |slot: Slot| self.values[slot as usize].and_then(|(start, end)| text.get(start as usize..end as usize));
        Some(Found {
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
        })
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
pub(super) fn plain_word(value: &str) -> Option<&str> {
    let word = trim_str(value);
    word.bytes().all(|b| b.is_ascii() && b != b'\n' && b != b'\r').then_some(word)
}

/// The elements of an address list in the plain forms `addr@host` and `Display Name
/// <addr@host>`, each sent to `each` as (address, display name: "" for none, whether the address
/// is its own key already: printable ASCII without capitals, with an `@`), in order; `None`
/// when any element has another form (quotes, comments, encoded words, groups, a bare name, an
/// address in angle brackets with spaces...), which mail-parser reads instead.
pub(super) fn addresses<'a>(value: &'a str, mut each: impl FnMut(&'a str, &'a str, bool)) -> Option<()> {
    // Quotes, comments, escapes, groups and encoded words are looked for in each element's own
    // pass: every byte but the commas and the blanks around the elements is in a name or an
    // address, and neither of those ends in a blank or a comma, so no `=?` lies across them.
    let mut rest = value;
    while !rest.is_empty() {
        // Byte loops rather than a byte search: an element is a few dozen bytes.
        let end = rest.bytes().position(|b| b == b',').unwrap_or(rest.len());
        let element = trim_str(&rest[..end]);
        rest = rest.get(end + 1..).unwrap_or("");
        if element.is_empty() {
            continue;
        }
        let bytes = element.as_bytes();
        match bytes.iter().position(|b| *b == b'<') {
            Some(open) => {
                let inner = element[open + 1..].strip_suffix('>')?;
                let class = classes(inner.as_bytes());
                let simple_address = !inner.is_empty() && class & (NOT_PLAIN | NOT_IN_ADDRESS) == 0;
                // The name's words, one space between them, as the parser joins them.
                let name = trim_str(&element[..open]);
                if !simple_address || !plain_name(name.as_bytes()) {
                    return None;
                }
                each(inner, name, own_key(class));
            }
            None => {
                // A bare address: one word with an `@`.
                let class = classes(bytes);
                if class & (NOT_PLAIN | NOT_IN_ADDRESS) != 0 || class & AT_SIGN == 0 {
                    return None;
                }
                each(element, "", own_key(class));
            }
        }
    }
    Some(())
}

/// The [`BYTE_CLASS`] bits of the bytes of `text` together.
fn classes(text: &[u8]) -> u8 {
    text.iter().fold(0, |class, b| class | BYTE_CLASS[usize::from(*b)])
}

/// Whether an address of the classes `class` ([`classes`]) is its own key: printable ASCII
/// without capitals, with an `@`.
fn own_key(class: u8) -> bool {
    class & (NOT_IN_KEY | AT_SIGN) == AT_SIGN
}

/// Whether a display name (trimmed) is in its plain form: no byte [`BYTE_CLASS`] rules out of a
/// name, no two spaces side by side (the parser would join the words with one), no encoded word
/// (`=?`).
fn plain_name(name: &[u8]) -> bool {
    let class = classes(name);
    if class & (NOT_PLAIN | NOT_IN_NAME) != 0 {
        return false;
    }
    // The pairs looked for only where their first byte is: most names have a space, few an `=`.
    class & PAIR_START == 0 || !name.windows(2).any(|pair| pair == b"  " || pair == b"=?")
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
/// Not in an address that is its own key (`email_key`): beyond printable ASCII, or a capital.
const NOT_IN_KEY: u8 = 8;
const AT_SIGN: u8 = 16;
/// The first byte of a pair a plain name never holds (two spaces, `=?`).
const PAIR_START: u8 = 32;

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
    i = 0;
    while i < 256 {
        if i < 0x21 || i > 0x7e || (i >= b'A' as usize && i <= b'Z' as usize) {
            class[i] |= NOT_IN_KEY;
        }
        i += 1;
    }
    class[b'@' as usize] |= AT_SIGN;
    class[b' ' as usize] |= PAIR_START;
    class[b'=' as usize] |= PAIR_START;
    class
};

/// An id of a `Message-ID`, `In-Reply-To` or `References` value in its plain form ([`ids`]).
#[derive(Clone, Copy)]
pub(super) struct Id<'a> {
    /// Without its angle brackets: printable ASCII, not empty.
    text: &'a str,
    has_capitals: bool,
}

impl<'a> Id<'a> {
    /// The id as the threads compare it (in lower case; borrowed when it already is).
    pub(super) fn thread_id(self) -> std::borrow::Cow<'a, str> {
        if self.has_capitals {
            std::borrow::Cow::Owned(self.text.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(self.text)
        }
    }
}

/// The first and the last id of a `Message-ID`, `In-Reply-To` or `References` value in the plain
/// form `<id> <id>...`, without their angle brackets; `None` for an empty value or any other form.
pub(super) fn ids(value: &str) -> Option<(Id<'_>, Id<'_>)> {
    let bytes = value.as_bytes();
    let (mut first, mut last) = (None, None);
    let mut at = 0;
    while at < bytes.len() {
        if is_space(bytes[at]) {
            at += 1;
            continue;
        }
        // A token: `<`, printable ASCII but angle brackets, `>`, then a blank or the end.
        if bytes[at] != b'<' {
            return None;
        }
        let start = at + 1;
        let mut end = start;
        let mut class = 0;
        while let Some(&b) = bytes.get(end) {
            let byte_class = ID_CLASS[usize::from(b)];
            if byte_class & ID_BYTE == 0 {
                break;
            }
            class |= byte_class;
            end += 1;
        }
        if end == start || bytes.get(end) != Some(&b'>') || bytes.get(end + 1).is_some_and(|b| !is_space(*b)) {
            return None;
        }
        // Printable ASCII on both sides: on characters' bounds.
        let id = Id { text: value.get(start..end)?, has_capitals: class & CAPITAL != 0 };
        first.get_or_insert(id);
        last = Some(id);
        at = end + 1;
    }
    Some((first?, last?))
}

/// Each byte's [`ID_BYTE`] and [`CAPITAL`] bits.
const ID_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0x21;
    while b < 0x7f {
        if b != b'<' as usize && b != b'>' as usize {
            table[b] |= ID_BYTE;
        }
        if b >= b'A' as usize && b <= b'Z' as usize {
            table[b] |= CAPITAL;
        }
        b += 1;
    }
    table
};
/// A byte an id may hold in its plain form: printable ASCII but the angle brackets.
const ID_BYTE: u8 = 1;
/// A capital letter.
const CAPITAL: u8 = 2;

/// A `Date` in RFC 5322's own form, `[Www, ]D Mon YYYY HH:MM:SS +hhmm` (one space between the
/// parts), as mail-parser's date; `None` for any other form (no seconds, a two-digit year, a zone
/// name, a comment...).
pub(super) fn date(value: &str) -> Option<DateTime> {
    let mut rest = trim(value.as_bytes());
    if rest.len() > 5 && rest[3] == b',' && rest[4] == b' ' && rest[..3].iter().all(u8::is_ascii_alphabetic) {
        rest = &rest[5..];
    }
    // Each number is followed by a byte that is not a digit (a space, a colon, the end), so
    // reading a fixed count of digits refuses a longer number as counting them would.
    let day_digits = if rest.get(1).is_some_and(u8::is_ascii_digit) { 2 } else { 1 };
    let (day, rest) = digits(rest, day_digits)?;
    let (month, rest) = rest.strip_prefix(b" ")?.split_at_checked(3)?;
    let month = match [month[0], month[1], month[2]].map(|b| b.to_ascii_lowercase()) {
        [b'j', b'a', b'n'] => 1,
        [b'f', b'e', b'b'] => 2,
        [b'm', b'a', b'r'] => 3,
        [b'a', b'p', b'r'] => 4,
        [b'm', b'a', b'y'] => 5,
        [b'j', b'u', b'n'] => 6,
        [b'j', b'u', b'l'] => 7,
        [b'a', b'u', b'g'] => 8,
        [b's', b'e', b'p'] => 9,
        [b'o', b'c', b't'] => 10,
        [b'n', b'o', b'v'] => 11,
        [b'd', b'e', b'c'] => 12,
        _ => return None,
    };
    let (year, rest) = digits(rest.strip_prefix(b" ")?, 4)?;
    let (hour, rest) = digits(rest.strip_prefix(b" ")?, 2)?;
    let (minute, rest) = digits(rest.strip_prefix(b":")?, 2)?;
    let (second, rest) = digits(rest.strip_prefix(b":")?, 2)?;
    let (sign, rest) = rest.strip_prefix(b" ")?.split_first()?;
    let (offset, rest) = digits(rest, 4)?;
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

/// The number written by the first `n` bytes of `text`, all digits, and the rest.
fn digits(text: &[u8], n: usize) -> Option<(u16, &[u8])> {
    let (number, rest) = text.split_at_checked(n)?;
    let mut value = 0u16;
    for digit in number {
        if !digit.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u16::from(digit - b'0');
    }
    Some((value, rest))
}

/// A `Content-Type` in the plain form `type/subtype[; name=value]...` (values as tokens or in
/// quotes without escapes): its type in lower case and its parameters; `None` for any other.
fn content_type(value: &str) -> Option<(String, Vec<(&str, &str)>)> {
    // Comments, escapes, extended parameters and encoded words: by one byte loop.
    let bytes = value.as_bytes();
    if bytes.iter().any(|b| matches!(b, b'(' | b'\\' | b'*')) || bytes.windows(2).any(|pair| pair == b"=?") {
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
pub(super) fn first_plain_part<'b>(content_type_value: &str, body: &'b [u8]) -> Option<&'b str> {
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
            let (kind, parameters) = content_type(value)?;
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
            addresses(value, |address, name, _| found.push(format!("{name}|{address}"))).map(|_| found)
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

    /// [`read_name`] as it was written byte by byte: the bytes before the first colon, all
    /// printable ASCII, at least one; in lower case.
    fn read_name_bytewise(bare: &[u8]) -> Option<(usize, Vec<u8>)> {
        let colon = bare.iter().position(|b| *b == b':')?;
        let name = &bare[..colon];
        let printable = name.iter().all(|b| (0x21..0x7f).contains(b));
        (!name.is_empty() && printable).then(|| (colon, name.to_ascii_lowercase()))
    }

    #[test]
    fn a_header_name_read_eight_bytes_at_a_time_reads_as_byte_by_byte() {
        let names: &[&[u8]] = &[
            b"To",
            b"From",
            b"Received",
            b"MESSAGE-ID",
            b"Content-Transfer-Encoding",
            b"X-Very-Long-Header-Name-Past-32-Bytes",
        ];
        let mut lines = Vec::new();
        for name in names {
            for value in [&b": v"[..], b":", b": a longer value, past a word", b" : v", b"", b"  "] {
                let line = [*name, value].concat();
                // Every byte value at every place of the name, the colon's and the one after it.
                for at in 0..(name.len() + 2).min(line.len()) {
                    for b in 0..=255u8 {
                        let mut odd = line.clone();
                        odd[at] = b;
                        lines.push(odd);
                    }
                }
                lines.push(line);
            }
        }
        for line in &lines {
            let expected = read_name_bytewise(line);
            let got = read_name(line);
            assert_eq!(got.map(|(len, _)| len), expected.as_ref().map(|(len, _)| *len), "{line:?}");
            if let (Some((len, words)), Some((_, lower))) = (got, expected) {
                let mut known = [0u8; 32];
                let shown = len.min(32);
                known[..shown].copy_from_slice(&lower[..shown]);
                assert_eq!(words, name_words(&known), "{line:?}");
                assert_eq!(slot_of_words(&words, len), slot_of(&line[..len]), "{line:?}");
            }
        }
        assert_eq!(slot_of(b"Content-TRANSFER-encoding"), Some(Slot::ContentTransferEncoding));
        assert_eq!(slot_of(b"Content-Transfer-Encodin"), None);
        assert_eq!(slot_of(b"T\x00"), None);
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
            b" Quoted-Printable\r\n",
            b"quoted-printabl",
            b"quoted-printablE",
            b"quoted-pr\xc9ntable",
            b"QUOTED-PRINTABLE\nx",
            b"8BIT",
            b"\xc3\x80bit",
            b"text/plai\n",
        ];
        let encodings = ["7bit", "8bit", "quoted-printable"];
        for value in values {
            let first = value.split(|b| *b == b'\n').next().unwrap();
            let trimmed = String::from_utf8_lossy(first).trim().to_ascii_lowercase();
            let shown = String::from_utf8_lossy(value);
            assert_eq!(first_line_starts(value, &["text/plain"]), trimmed.starts_with("text/plain"), "{shown}");
            let encoded = encodings.iter().any(|e| trimmed.starts_with(e));
            assert_eq!(first_line_starts(value, &encodings), encoded, "{shown}");
        }
    }
}
