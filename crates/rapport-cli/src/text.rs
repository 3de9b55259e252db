//! The one way text reaches the terminal. A name, a summary or a question may hold control
//! characters: from a database written before Rapport refused them, or from a file being
//! previewed. Printed raw, ESC, BEL, CR or U+009B (CSI) drive the terminal: retitle it, clear it,
//! rewrite the line above. So every command writes through [`Shown`], which writes each of them as
//! an escape (`\u{1b}`, or `\u001b` inside JSON) and direction controls too (a name read
//! backwards). Tab and newline pass.

use std::io::{self, Write};

use rapport_core::text::{escape_for_terminal, is_direction_control};

/// A writer that escapes, for people (`json` false) or inside JSON strings (`json` true).
pub struct Shown {
    inner: Box<dyn Write>,
    json: bool,
    /// The start of a character split between two writes.
    pending: Vec<u8>,
}

impl Shown {
    pub fn new(inner: Box<dyn Write>, json: bool) -> Self {
        Shown { inner, json, pending: Vec::new() }
    }

    /// Writes what `pending` holds of whole characters; with `all`, the rest too, as U+FFFD.
    fn write_pending(&mut self, all: bool) -> io::Result<()> {
        let mut done = 0;
        while done < self.pending.len() {
            match std::str::from_utf8(&self.pending[done..]) {
                Ok(text) => {
                    let shown = self.escaped(text);
                    self.inner.write_all(shown.as_bytes())?;
                    done = self.pending.len();
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    let text = std::str::from_utf8(&self.pending[done..done + good]).expect("checked");
                    let shown = self.escaped(text);
                    self.inner.write_all(shown.as_bytes())?;
                    done += good;
                    match e.error_len() {
                        // Not UTF-8: no byte of it reaches the terminal as it is.
                        Some(bad) => {
                            self.inner.write_all("\u{FFFD}".as_bytes())?;
                            done += bad;
                        }
                        // A character cut by the end of this write: wait for its end.
                        None if !all => break,
                        None => {
                            self.inner.write_all("\u{FFFD}".as_bytes())?;
                            done = self.pending.len();
                        }
                    }
                }
            }
        }
        self.pending.drain(..done);
        Ok(())
    }

    fn escaped(&self, text: &str) -> String {
        if self.json {
            escape_in_json(text)
        } else {
            escape_for_terminal(text).into_owned()
        }
    }
}

/// Inside JSON, where serde has already escaped C0 in strings: the C1 controls and direction
/// controls as `\uXXXX`, which a JSON reader turns back into the same character.
fn escape_in_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (c.is_control() && c != '\n' && c != '\t') || is_direction_control(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

impl Write for Shown {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.write_pending(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_pending(true)?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A writer whose bytes the test can read after [`Shown`] took ownership of it.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn through(json: bool, pieces: &[&[u8]]) -> String {
        let sink = Sink::default();
        let mut shown = Shown::new(Box::new(sink.clone()), json);
        for piece in pieces {
            shown.write_all(piece).unwrap();
        }
        shown.flush().unwrap();
        let bytes = sink.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn controls_are_escaped_even_when_a_character_is_split_between_writes() {
        let csi = "\u{9b}".as_bytes();
        let text = through(false, &[b"Eve \x1b]0;x\x07\r", &csi[..1], &csi[1..], "2J\u{202e}\tok\n".as_bytes()]);
        assert_eq!(text, "Eve \\u{1b}]0;x\\u{7}\\r\\u{9b}2J\\u{202e}\tok\n");
        assert_eq!(through(true, &["\"Eve \u{9b}\u{202e}\"\n".as_bytes()]), "\"Eve \\u009b\\u202e\"\n");
        assert_eq!(through(false, &[b"bad \xff byte"]), "bad \u{FFFD} byte");
    }
}
