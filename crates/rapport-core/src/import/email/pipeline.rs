//! An mbox read on two threads: one splits it into messages ([`Splitter`] with its header index,
//! most of the work), the calling thread reads them ([`super::Reader::message`]) as they come.
//! The messages cross in batches, so the threads meet a few hundred times in a 100 MB mailbox
//! rather than once per message, and the batches come back emptied to be filled again: the
//! messages' buffers are reused as they are on one thread.

use std::io::{self, BufRead};
use std::sync::mpsc;

use super::{RawMessage, Splitter};
use crate::error::Result;

/// The most messages in a batch.
const BATCH_MESSAGES: usize = 256;

/// A batch ends once its messages cover this many bytes of the file. A message keeps at most the
/// bytes it was read from, so this also bounds what a batch holds (beyond its last message).
const BATCH_BYTES: u64 = 256 << 10;

/// Full batches waiting for the calling thread: with the one it reads and the one being
/// filled, at most four exist.
const IN_FLIGHT: usize = 2;

/// The room a batch's messages keep for the next batch; past it, a message's buffer keeps at
/// most [`MESSAGE_ROOM`], so a few huge messages do not leave every buffer at their size.
const BATCH_ROOM: usize = 1 << 20;
const MESSAGE_ROOM: usize = 4 << 10;

/// How the file ended, which [`super::Reader::end_of_file`] judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileEnd {
    pub mbox: bool,
    pub ended_with_newline: bool,
}

impl<R: BufRead, const INDEX: bool> Splitter<R, INDEX> {
    pub(super) fn end(&self) -> FileEnd {
        FileEnd { mbox: self.is_mbox(), ended_with_newline: self.ended_with_newline() }
    }
}

/// Messages split in a row, each with the file's bytes read when it was (the progress).
#[derive(Default)]
struct Batch {
    slots: Vec<(RawMessage, u64)>,
    /// How many slots hold a message; the others keep their room for a later batch.
    len: usize,
}

impl Batch {
    /// Fills the batch from `splitter` (to its end, [`BATCH_MESSAGES`] or [`BATCH_BYTES`]). On an
    /// error, the messages split before it stay in the batch.
    fn fill<R: BufRead>(&mut self, splitter: &mut Splitter<R, true>) -> io::Result<()> {
        self.len = 0;
        let start = splitter.consumed();
        while self.len < BATCH_MESSAGES && splitter.consumed() - start < BATCH_BYTES {
            if self.len == self.slots.len() {
                self.slots.push(Default::default());
            }
            let (raw, consumed) = &mut self.slots[self.len];
            if !splitter.next(raw)? {
                break;
            }
            *consumed = splitter.consumed();
            self.len += 1;
        }
        Ok(())
    }

    /// Hands each message on, in order, then trims the buffers' room ([`BATCH_ROOM`]).
    fn read(&mut self, each: &mut impl FnMut(&RawMessage, u64) -> Result<()>) -> Result<()> {
        for (raw, consumed) in &self.slots[..self.len] {
            each(raw, *consumed)?;
        }
        let mut room = 0;
        for (raw, _) in &mut self.slots {
            room += raw.bytes.capacity();
            if room > BATCH_ROOM && raw.bytes.capacity() > MESSAGE_ROOM {
                raw.bytes.clear();
                raw.bytes.shrink_to(MESSAGE_ROOM);
            }
        }
        Ok(())
    }
}

/// Splits `text` into messages and hands each to `each` in order, on the calling thread, with
/// the file's bytes read so far; returns how the file ended. The splitting runs on a thread of
/// its own once the file proves longer than one batch, unless `own_thread` is false. An error of `each` (a cancel) stops the
/// splitting and is returned; a read error comes after the messages split before it, as
/// [`super::super::read_failed`].
pub(super) fn read_messages<R: BufRead + Send>(
    text: R,
    own_thread: bool,
    mut each: impl FnMut(&RawMessage, u64) -> Result<()>,
) -> Result<FileEnd> {
    let mut splitter = Splitter::<_, true>::new(text);
    let mut first = Batch::default();
    let mut read = first.fill(&mut splitter);
    // A small file (one .eml, most tests) is done here, without a thread.
    if read.is_err() || splitter.done || !own_thread {
        loop {
            first.read(&mut each)?;
            read.map_err(super::super::read_failed)?;
            if splitter.done {
                return Ok(splitter.end());
            }
            read = first.fill(&mut splitter);
        }
    }
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(IN_FLIGHT);
        let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
        let splitting = std::thread::Builder::new()
            .name("mbox splitter".to_owned())
            .spawn_scoped(scope, move || split_on(splitter, &full_tx, &empty_rx))
            .map_err(super::super::read_failed)?;
        let mut outcome = Ok(());
        let mut batch = Some(first);
        while let Some(mut full) = batch.take().or_else(|| full_rx.recv().ok()) {
            outcome = full.read(&mut each);
            if outcome.is_err() {
                break;
            }
            // Fails only once the splitter has ended: the batch is then dropped.
            let _ = empty_tx.send(full);
        }
        // The splitter's next send fails, so it returns at the end of the batch it is filling.
        drop(full_rx);
        let end = splitting.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        outcome?;
        end.map_err(super::super::read_failed)
    })
}

/// The splitting thread: fills batches (emptied ones sent back, else new ones) and sends them
/// on, until the file ends, a read fails (after sending what it read) or the reader stops.
fn split_on<R: BufRead>(
    mut splitter: Splitter<R, true>,
    full: &mpsc::SyncSender<Batch>,
    empty: &mpsc::Receiver<Batch>,
) -> io::Result<FileEnd> {
    loop {
        let mut batch = empty.try_recv().unwrap_or_default();
        let read = batch.fill(&mut splitter);
        if batch.len > 0 && full.send(batch).is_err() {
            // The reader stopped on an error of its own, which is the one returned.
            return Ok(splitter.end());
        }
        read?;
        if splitter.done {
            return Ok(splitter.end());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::import::{ImportOptions, Parsed, Ticker};
    use crate::progress::{Progress, Stage};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    use std::thread::ThreadId;

    /// What one message gives the reader, to compare.
    #[derive(Debug, PartialEq)]
    struct Seen {
        number: usize,
        line: usize,
        consumed: u64,
        bytes: Vec<u8>,
        body_start: Option<usize>,
        asks: bool,
    }

    fn seen(raw: &RawMessage, consumed: u64) -> Seen {
        Seen {
            number: raw.number,
            line: raw.line,
            consumed,
            bytes: raw.bytes.clone(),
            body_start: raw.body_start,
            asks: raw.plain_asks(),
        }
    }

    /// The messages as the one-thread loop splits them, and its read error.
    fn one_thread(text: impl BufRead) -> (Vec<Seen>, Option<String>, FileEnd) {
        let mut splitter = Splitter::<_, true>::new(text);
        let mut raw = RawMessage::default();
        let mut out = Vec::new();
        loop {
            match splitter.next(&mut raw) {
                Ok(true) => out.push(seen(&raw, splitter.consumed())),
                Ok(false) => return (out, None, splitter.end()),
                Err(e) => return (out, Some(e.to_string()), splitter.end()),
            }
        }
    }

    /// A reader that notes the threads it is read on and the bytes read, and fails once it has
    /// given `fail_after` bytes.
    struct Watched<'a> {
        inner: &'a [u8],
        fail_after: Option<usize>,
        given: Arc<AtomicU64>,
        threads: Arc<Mutex<Vec<ThreadId>>>,
    }

    impl io::Read for Watched<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let id = std::thread::current().id();
            let mut threads = self.threads.lock().unwrap();
            if !threads.contains(&id) {
                threads.push(id);
            }
            let given = self.given.load(Ordering::Relaxed) as usize;
            let mut n = buf.len().min(self.inner.len());
            if let Some(limit) = self.fail_after {
                if given >= limit {
                    return Err(io::Error::other("the disk went away"));
                }
                n = n.min(limit - given);
            }
            buf[..n].copy_from_slice(&self.inner[..n]);
            self.inner = &self.inner[n..];
            self.given.fetch_add(n as u64, Ordering::Relaxed);
            Ok(n)
        }
    }

    fn watched(
        text: &[u8],
        fail_after: Option<usize>,
    ) -> (io::BufReader<Watched<'_>>, Arc<AtomicU64>, Arc<Mutex<Vec<ThreadId>>>) {
        let (given, threads) = (Arc::new(AtomicU64::new(0)), Arc::new(Mutex::new(Vec::new())));
        let reader = Watched { inner: text, fail_after, given: given.clone(), threads: threads.clone() };
        (io::BufReader::with_capacity(8 << 10, reader), given, threads)
    }

    /// An mbox of `n` messages: mostly small plain ones, with a multipart one whose kept body
    /// alone is over a batch's bytes every 397th, and a plain body over a batch's bytes (read,
    /// not kept) every 389th (none in the first 100); mboxrd quoting, a question every 7th; its
    /// last message cut mid-line.
    fn mbox(n: usize) -> Vec<u8> {
        let mut s = String::new();
        let big = BATCH_BYTES as usize + (10 << 10);
        let base64 = format!("{}\n", "QUJD".repeat(19));
        let prose = "All is well here, and the garden grows.\n";
        for i in 0..n {
            // Ann and me in turn, replies, some problems (no date, a damaged header line).
            let (from, to) =
                if i % 2 == 0 { ("Ann <ann@x.test>", "me@x.test") } else { ("me@x.test", "Ann <ann@x.test>") };
            s.push_str(&format!(
                "From x{i}@y Mon Jan  1 00:00:00 2024\nReceived: by x; Tue, 7 Jan 2025\nFrom: {from}\nTo: {to}\n\
                 Message-ID: <m{i}@x.test>\n"
            ));
            if i % 53 != 9 {
                s.push_str(&format!("Date: Tue, 7 Jan 2025 10:{:02}:00 +0000\n", i % 60));
            }
            if i % 61 == 13 {
                s.push_str("not a header\n");
            }
            if i % 3 != 0 {
                s.push_str(&format!("In-Reply-To: <m{}@x.test>\n", i - 1));
            }
            if i % 397 == 205 {
                s.push_str(
                    "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nHi?\n--b\n\
                     Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n",
                );
                s.push_str(&base64.repeat(big / base64.len()));
                s.push_str("--b--\n\n");
            } else if i % 389 == 100 {
                s.push_str("\nA long letter.\n");
                s.push_str(&prose.repeat(big / prose.len()));
                s.push('\n');
            } else {
                let text = if i % 7 == 3 { "Are you free on Tuesday?" } else { "Thanks, that works." };
                s.push_str(&format!("\n{text}\n>From the minutes\n\n"));
            }
        }
        s.push_str("From z@y Mon Jan  1 00:00:00 2024\nFrom: z@x.test\nTo: me@x.test\nDate: Tue, 7 Jan 2025 11:00:00 +0000\n\ncut short");
        s.into_bytes()
    }

    #[test]
    fn the_pipeline_hands_on_what_one_thread_splits() {
        let text = mbox(1500);
        let (expected, error, end) = one_thread(&text[..]);
        assert_eq!(error, None);
        assert_eq!(end, FileEnd { mbox: true, ended_with_newline: false });
        // With the splitting thread, and without it (as `rapport bench` times the work).
        for own_thread in [true, false] {
            let (reader, _, threads) = watched(&text, None);
            let mut out = Vec::new();
            let got = read_messages(reader, own_thread, |raw, consumed| {
                out.push(seen(raw, consumed));
                Ok(())
            })
            .unwrap();
            assert_eq!(got, end);
            assert_eq!(out.len(), expected.len());
            assert!(out == expected, "the messages differ (own thread: {own_thread})");
            // The file was split on a thread besides this one, or on this one only.
            let elsewhere = threads.lock().unwrap().iter().any(|t| *t != std::thread::current().id());
            assert_eq!(elsewhere, own_thread);
        }
    }

    /// [`super::super::parse`] as it was before the pipeline: split and read on one thread.
    fn parse_one_thread(text: &[u8], options: &ImportOptions, ticker: &mut Ticker<'_>) -> Result<Parsed> {
        let mut reader = super::super::Reader::new(options)?;
        let mut splitter = Splitter::<_, true>::new(text);
        let mut raw = RawMessage::default();
        while splitter.next(&mut raw).map_err(super::super::super::read_failed)? {
            ticker.tick(splitter.consumed())?;
            reader.message(&raw, None, ticker)?;
        }
        reader.end_of_file(splitter.end(), None);
        reader.finish(options, ticker)
    }

    #[test]
    fn an_mbox_reads_into_the_same_records_problems_and_progress() {
        let text = mbox(2000);
        let options = ImportOptions { me: vec!["me@x.test".to_owned()], ..Default::default() };
        let read = |pipeline: bool| {
            let mut done = Vec::new();
            let mut on = |p: Progress| {
                done.push(p.done);
                true
            };
            let mut ticker = Ticker::new(&mut on, Stage::Reading, text.len() as u64);
            let parsed = if pipeline {
                super::super::parse(&text[..], &options, &mut ticker)
            } else {
                parse_one_thread(&text, &options, &mut ticker)
            };
            (format!("{:?}", parsed.unwrap()), done)
        };
        let (parsed, done) = read(true);
        let (expected, expected_done) = read(false);
        assert!(
            parsed.contains("EmailNoDate") && parsed.contains("EmailHeaderLine") && parsed.contains("EmailTruncated")
        );
        assert!(parsed == expected, "the records or problems differ");
        assert_eq!(done, expected_done);
    }

    #[test]
    fn a_small_file_is_split_on_the_calling_thread() {
        let text = mbox(100);
        let (reader, _, threads) = watched(&text, None);
        let mut n = 0;
        read_messages(reader, true, |_, _| {
            n += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 101);
        assert_eq!(*threads.lock().unwrap(), vec![std::thread::current().id()]);
    }

    #[test]
    fn a_batch_ends_at_its_bytes_and_keeps_little_room() {
        let text = mbox(1200);
        let mut splitter = Splitter::<_, true>::new(&text[..]);
        let mut batch = Batch::default();
        let mut sizes = Vec::new();
        loop {
            let before = splitter.consumed();
            batch.fill(&mut splitter).unwrap();
            if batch.len == 0 {
                break;
            }
            // Under the bytes before its last message.
            if batch.len > 1 {
                assert!(batch.slots[batch.len - 2].1 - before < BATCH_BYTES);
            }
            sizes.push(batch.len);
            batch.read(&mut |_, _| Ok(())).unwrap();
            let room: usize = batch.slots.iter().map(|(raw, _)| raw.bytes.capacity()).sum();
            assert!(room <= BATCH_ROOM + batch.slots.len() * MESSAGE_ROOM, "{room}");
        }
        assert_eq!(sizes.iter().sum::<usize>(), 1201);
        // A message over a batch's bytes ends its batch; small ones fill one by count.
        assert!(sizes.contains(&BATCH_MESSAGES), "{sizes:?}");
        assert!(sizes.len() > 1201 / BATCH_MESSAGES + 3, "{sizes:?}");
    }

    #[test]
    fn buffers_grown_by_big_messages_give_back_their_room() {
        let mut batch = Batch::default();
        for _ in 0..BATCH_MESSAGES {
            let mut raw = RawMessage::default();
            raw.bytes.reserve_exact(super::super::MAX_BODY_BYTES);
            batch.slots.push((raw, 0));
        }
        batch.read(&mut |_, _| Ok(())).unwrap();
        let room: usize = batch.slots.iter().map(|(raw, _)| raw.bytes.capacity()).sum();
        assert!(room <= BATCH_ROOM + BATCH_MESSAGES * MESSAGE_ROOM, "{room}");
    }

    #[test]
    fn a_cancel_midway_stops_the_splitter() {
        let text = mbox(6000);
        let (reader, given, _) = watched(&text, None);
        let mut n = 0;
        let outcome = read_messages(reader, true, |_, _| {
            n += 1;
            if n == 700 {
                return Err(Error::Cancelled);
            }
            Ok(())
        });
        assert!(matches!(outcome, Err(Error::Cancelled)), "{outcome:?}");
        assert_eq!(n, 700);
        // The thread has ended (the call returned) a few batches after the cancel.
        let read = given.load(Ordering::Relaxed);
        assert!(read < text.len() as u64 / 2, "{read} of {}", text.len());
    }

    #[test]
    fn a_read_error_midway_comes_after_the_messages_before_it() {
        let text = mbox(1500);
        for fail_after in [100, 70_000, text.len() / 3, text.len() - 5] {
            let (reader, _, _) = watched(&text, Some(fail_after));
            let (expected, error, _) = one_thread(reader);
            assert!(error.is_some());
            for own_thread in [true, false] {
                let (reader, _, _) = watched(&text, Some(fail_after));
                let mut out = Vec::new();
                let outcome = read_messages(reader, own_thread, |raw, consumed| {
                    out.push(seen(raw, consumed));
                    Ok(())
                });
                assert!(out == expected, "the messages differ when the read fails after {fail_after} bytes");
                match outcome {
                    Err(Error::Io { source, .. }) => assert_eq!(Some(source.to_string()), error),
                    other => panic!("{other:?}"),
                }
            }
        }
    }
}
