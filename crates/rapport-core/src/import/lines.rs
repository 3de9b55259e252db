//! Content lines, the syntax vCard (RFC 2425/2426/6350, and the older 2.1) and iCalendar
//! (RFC 5545) share: `[group.]NAME;PARAM=value;...:value`, folded over several physical lines.
//! One careful reader serves both formats; the per-format modules give the properties meaning.
//!
//! Handled here because real files need it: CRLF, LF or a lone CR; a byte-order mark; folding
//! by a space or a tab; vCard 2.1's quoted-printable soft line breaks (`=` at the end of a line)
//! and its bare parameters (`TEL;WORK;VOICE:`); quoted parameter values; a `CHARSET` other than
//! UTF-8; property names in any case.

use std::borrow::Cow;

/// Text of a whole file: UTF-8 if it is valid UTF-8 (a BOM is dropped), else Windows-1252, the
/// encoding Windows programs wrote before UTF-8 (and a superset of ISO-8859-1's printable range).
pub fn decode_text(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    // Excel's "Unicode text" and some Windows tools write UTF-16 with a BOM.
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _) = encoding.decode_with_bom_removal(bytes);
            return (Cow::Owned(text.into_owned()), encoding.name());
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text, "Windows-1252")
        }
    }
}

/// One parameter: its name in upper case (bare 2.1 values get the name `TYPE`, or `ENCODING` /
/// `CHARSET` / `VALUE` when the value says so) and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub values: Vec<String>,
}

/// One unfolded property.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentLine {
    /// Physical line (1-based) where the property starts.
    pub line: usize,
    /// `item1` in `item1.TEL`, lower case.
    pub group: Option<String>,
    /// Upper case.
    pub name: String,
    pub params: Vec<Param>,
    /// The raw value: quoted-printable already decoded, escapes (`\n`, `\,`) still in place.
    pub value: String,
}

impl ContentLine {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|p| p.name == name).and_then(|p| p.values.first()).map(String::as_str)
    }

    /// Every TYPE value, lower case (`TYPE=WORK,VOICE`, `type=work;type=pref`, 2.1's `;WORK;VOICE`).
    pub fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|p| p.name == "TYPE")
            .flat_map(|p| p.values.iter())
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// A line that is not a property; `line` is 1-based.
#[derive(Debug, Clone, PartialEq)]
pub struct LineError {
    pub line: usize,
    pub reason: crate::Reason,
}

/// The physical lines of a byte stream, numbered from 1, read one at a time so a file is never
/// held whole. CRLF, LF and a lone CR end a line; a UTF-8 byte-order mark is dropped. Each line
/// is UTF-8 when it is valid UTF-8, else Windows-1252 (the encoding Windows programs wrote
/// before UTF-8): line by line, so a pure file of either kind reads as it did whole.
pub struct PhysicalLines<R> {
    reader: R,
    number: usize,
    /// Bytes read so far, for progress.
    consumed: u64,
    /// A CR ended the last line: an LF right after it belongs to it.
    after_cr: bool,
    /// Some line was not UTF-8 and was read as Windows-1252.
    fell_back: bool,
}

impl<R: std::io::BufRead> PhysicalLines<R> {
    pub fn new(reader: R) -> Self {
        PhysicalLines { reader, number: 0, consumed: 0, after_cr: false, fell_back: false }
    }

    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The encoding the lines were read in: UTF-8, or Windows-1252 if any line needed it.
    pub fn encoding(&self) -> &'static str {
        if self.fell_back {
            "Windows-1252"
        } else {
            "UTF-8"
        }
    }

    /// The next line and its number; `None` at the end.
    pub fn next_line(&mut self) -> std::io::Result<Option<(usize, String)>> {
        let mut raw = Vec::new();
        let mut ended = false;
        loop {
            let buf = self.reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            if std::mem::take(&mut self.after_cr) && buf[0] == b'\n' {
                self.reader.consume(1);
                self.consumed += 1;
                continue;
            }
            match buf.iter().position(|b| *b == b'\n' || *b == b'\r') {
                Some(i) => {
                    raw.extend_from_slice(&buf[..i]);
                    self.after_cr = buf[i] == b'\r';
                    self.reader.consume(i + 1);
                    self.consumed += i as u64 + 1;
                    ended = true;
                    break;
                }
                None => {
                    let n = buf.len();
                    raw.extend_from_slice(buf);
                    self.reader.consume(n);
                    self.consumed += n as u64;
                }
            }
        }
        if !ended && raw.is_empty() {
            return Ok(None);
        }
        self.number += 1;
        if self.number == 1 && raw.starts_with(b"\xEF\xBB\xBF") {
            raw.drain(..3);
        }
        let text = match String::from_utf8(raw) {
            Ok(text) => text,
            Err(e) => {
                self.fell_back = true;
                encoding_rs::WINDOWS_1252.decode(e.as_bytes()).0.into_owned()
            }
        };
        Ok(Some((self.number, text)))
    }
}

/// Whether a logical line so far is a quoted-printable property (its soft breaks join lines).
fn is_quoted_printable(logical: &str) -> bool {
    let head = match logical.find(':') {
        Some(i) => &logical[..i],
        None => logical,
    };
    head.to_ascii_uppercase().contains("QUOTED-PRINTABLE")
}

/// The unfolded logical lines of a stream, one at a time, each with the number of its first
/// physical line. Blank lines are dropped (2.1 ends a base64 value with one).
pub struct Unfolded<R> {
    lines: PhysicalLines<R>,
    /// The logical line being gathered: a later physical line may continue it.
    current: Option<(usize, String)>,
    qp_open: bool,
}

impl<R: std::io::BufRead> Unfolded<R> {
    pub fn new(reader: R) -> Self {
        Unfolded { lines: PhysicalLines::new(reader), current: None, qp_open: false }
    }

    pub fn physical(&self) -> &PhysicalLines<R> {
        &self.lines
    }

    pub fn next_line(&mut self) -> std::io::Result<Option<(usize, String)>> {
        while let Some((n, line)) = self.lines.next_line()? {
            if let Some((_, last)) = self.current.as_mut() {
                if self.qp_open {
                    // A soft break: drop the `=` and join the next line as it is.
                    last.pop();
                    last.push_str(&line);
                    self.qp_open = last.ends_with('=') && is_quoted_printable(last);
                    continue;
                }
                if let Some(cont) = line.strip_prefix([' ', '\t']) {
                    last.push_str(cont);
                    self.qp_open = last.ends_with('=') && is_quoted_printable(last);
                    continue;
                }
            }
            if line.trim().is_empty() {
                continue;
            }
            self.qp_open = line.ends_with('=') && is_quoted_printable(&line);
            if let Some(done) = self.current.replace((n, line)) {
                return Ok(Some(done));
            }
        }
        Ok(self.current.take())
    }
}

/// The unfolded logical lines of `text` (see [`Unfolded`]).
pub fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines = Unfolded::new(text.as_bytes());
    let mut out = Vec::new();
    // Reading from memory cannot fail.
    while let Ok(Some(line)) = lines.next_line() {
        out.push(line);
    }
    out
}

/// Parses one logical line.
pub fn parse_line(line: usize, text: &str) -> Result<ContentLine, LineError> {
    let err = |reason: crate::Reason| LineError { line, reason };
    // The name runs to the first `;` or `:`.
    let name_end = text.find([';', ':']).ok_or_else(|| err(crate::Reason::NoColonAfterName { text: excerpt(text) }))?;
    let full_name = &text[..name_end];
    let (group, name) = match full_name.rsplit_once('.') {
        Some((g, n)) => (Some(g.to_ascii_lowercase()), n),
        None => (None, full_name),
    };
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(err(crate::Reason::NotPropertyName { text: excerpt(full_name) }));
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    // Parameters: `;NAME=value,value` or `;VALUE` (2.1), values possibly in double quotes.
    while let Some(after) = rest.strip_prefix(';') {
        let mut i = 0;
        let bytes = after.as_bytes();
        let mut in_quotes = false;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => in_quotes = !in_quotes,
                b';' | b':' if !in_quotes => break,
                _ => {}
            }
            i += 1;
        }
        if in_quotes {
            return Err(err(crate::Reason::UnclosedQuote { name: name.to_string() }));
        }
        if after[..i].trim().is_empty() {
            return Err(err(crate::Reason::EmptyParameter { name: name.to_string() }));
        }
        params.push(parse_param(&after[..i]));
        rest = &after[i..];
    }
    let value =
        rest.strip_prefix(':').ok_or_else(|| err(crate::Reason::NoColonBeforeValue { name: name.to_string() }))?;
    // Most properties have one parameter or none: no room for four.
    let params: Vec<Param> = params.into_iter().flatten().collect::<Vec<_>>().into_boxed_slice().into_vec();
    let mut content = ContentLine { line, group, name: name.to_ascii_uppercase(), params, value: String::new() };
    let quoted_printable = content.param("ENCODING").is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"));
    content.value = if quoted_printable {
        let bytes = decode_quoted_printable(value);
        decode_charset(&bytes, content.param("CHARSET"))
    } else {
        value.to_owned()
    };
    Ok(content)
}

fn parse_param(text: &str) -> Option<Param> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.split_once('=') {
        Some((name, values)) => {
            Some(Param { name: name.trim().to_ascii_uppercase(), values: split_param_values(values) })
        }
        None => {
            // 2.1 writes bare values; say what they are so lookups by name work.
            let upper = text.to_ascii_uppercase();
            let name = match upper.as_str() {
                "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" | "B" => "ENCODING",
                _ => "TYPE",
            };
            Some(Param { name: name.to_owned(), values: vec![text.to_owned()] })
        }
    }
}

fn split_param_values(values: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    for c in values.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => out.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    out.push(current);
    out
}

/// Quoted-printable to bytes; a malformed `=XY` is kept as written rather than refused, as
/// every reader of these files does.
pub fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        if bytes[i] == b'=' && i + 1 == bytes.len() {
            // A trailing soft break left over.
            break;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Bytes in the named charset (UTF-8 when none is named or the name is unknown) to text.
pub fn decode_charset(bytes: &[u8], charset: Option<&str>) -> String {
    let encoding =
        charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes())).unwrap_or(encoding_rs::UTF_8);
    if encoding == encoding_rs::UTF_8 {
        if let Ok(s) = std::str::from_utf8(bytes) {
            return s.to_owned();
        }
        // Declared UTF-8 but not: the writer meant its local code page.
        return encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned();
    }
    encoding.decode(bytes).0.into_owned()
}

/// Splits a structured value on unescaped `sep` (`;` between components, `,` between values).
pub fn split_escaped(value: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            out.push(&value[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&value[start..]);
    out
}

/// Resolves the text escapes `\n`, `\N`, `\,`, `\;`, `\:` and `\\`.
pub fn unescape(value: &str) -> String {
    if !value.contains('\\') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The start of a line for an error message, without control characters.
pub fn excerpt(text: &str) -> String {
    let clean: String = text.chars().take(40).map(|c| if c.is_control() { '?' } else { c }).collect();
    if text.chars().count() > 40 {
        format!("{clean:?}…")
    } else {
        format!("{clean:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_and_soft_broken_lines_join() {
        let text = "N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=C3=91=\r\n=20=C3=91;;;;\r\nNOTE:one\r\n  two\r\n\r\nX:y";
        let lines = unfold(text);
        assert_eq!(lines.len(), 3);
        let n = parse_line(lines[0].0, &lines[0].1).unwrap();
        assert_eq!(n.value, "Ñ Ñ;;;;");
        assert_eq!(parse_line(lines[1].0, &lines[1].1).unwrap().value, "one two");
        assert_eq!(lines[2].0, 6);
    }

    /// Read a byte at a time, so every line end falls on a buffer's edge (a CR at the end of one
    /// buffer, its LF at the start of the next).
    #[test]
    fn streamed_lines_end_on_crlf_lf_or_cr_and_decode_line_by_line() {
        let bytes: &[u8] = b"\xEF\xBB\xBFa\r\nb\rc\n\ncaf\xe9\r\nna\xc3\xafve";
        let mut lines = PhysicalLines::new(std::io::BufReader::with_capacity(1, bytes));
        let mut read = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            read.push(line);
        }
        let expected = [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "café"), (6, "naïve")];
        assert_eq!(read, expected.map(|(n, t)| (n, t.to_owned())));
        assert_eq!((lines.encoding(), lines.consumed()), ("Windows-1252", bytes.len() as u64));
        let folded = b"N:x\r\n y\r\n\r\nNOTE:z";
        let mut unfolded = Unfolded::new(std::io::BufReader::with_capacity(1, &folded[..]));
        assert_eq!(unfolded.next_line().unwrap(), Some((1, "N:xy".to_owned())));
        assert_eq!(unfolded.next_line().unwrap(), Some((4, "NOTE:z".to_owned())));
        assert_eq!(unfolded.next_line().unwrap(), None);
    }

    #[test]
    fn parameters_bare_quoted_and_grouped() {
        let l = parse_line(1, "item1.tel;TYPE=\"work,voice\";PREF:+1 555").unwrap();
        assert_eq!(l.group.as_deref(), Some("item1"));
        assert_eq!(l.name, "TEL");
        assert_eq!(l.types(), vec!["work", "voice", "pref"]);
        assert!(parse_line(3, "no colon here").unwrap_err().reason.to_string().contains("no ‘:’"));
    }

    #[test]
    fn latin1_charset_and_escapes() {
        let l = parse_line(1, "NOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:caf=E9").unwrap();
        assert_eq!(l.value, "café");
        assert_eq!(unescape(r"a\, b\nc\\"), "a, b\nc\\");
        assert_eq!(split_escaped(r"Doe;John\; Jr;", ';'), vec!["Doe", r"John\; Jr", ""]);
    }
}
