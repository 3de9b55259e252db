//! The import part of `rapport bench`: a generated vCard of many cards and a generated LinkedIn
//! `messages.csv` of many rows, each imported into a new database (parse, match, write in one
//! transaction) and timed against a baseline that parses with the same parser and writes the
//! same rows with plain prepared INSERTs in one transaction. The ratio is what the target judges.
//!
//! Memory: each generated file (and a Google CSV and an iCalendar file of the same number of
//! records) is also imported by `rapport import FILE` in a child process, as a user would run
//! it, and the child's peak resident memory is the kernel's high-water mark for it (Linux's
//! `VmHWM`, sampled every 10 ms): the whole process, binary and SQLite's page cache included,
//! not the import's data alone. The target is at most twice the file's size plus 150 MB. A card with 100,000
//! emails times the caps of issue 17 (item 10), and during each import another connection
//! takes the write lock again and again: its longest wait is how long an import makes the app's
//! next write wait.

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use rapport_core::import::{self, Format, ImportOptions, Parsed, Who};
use rapport_core::Store;
use serde::Serialize;

use crate::error::{CliError, Result};

/// The blog comments case (issue 16).
mod blog;
/// The mbox case (issue 16).
mod email;
/// The WhatsApp case (issue 16).
mod whatsapp;

/// The import may cost at most this many times the parse-plus-raw-insert baseline.
const IMPORT_LIMIT: f64 = 2.0;

/// The longest an import of a file under 100 MB may hold the write lock at a time (issue 17,
/// item 10): about a second.
const LOCK_LIMIT_MS: f64 = 1_000.0;

#[derive(Serialize)]
pub struct ImportFigure {
    pub name: &'static str,
    pub what: &'static str,
    pub ms: f64,
}

/// One `rapport import` in a child process.
#[derive(Serialize)]
pub struct MemoryFigure {
    pub format: &'static str,
    pub file_bytes: u64,
    /// The child's peak resident set, in bytes; `None` where the system does not say.
    pub peak_bytes: Option<u64>,
    pub ms: f64,
}

#[derive(Serialize)]
pub struct ImportOutcome {
    pub cards: usize,
    pub message_rows: usize,
    pub vcard_bytes: usize,
    pub messages_bytes: usize,
    pub figures: Vec<ImportFigure>,
    /// `(name, value, limit, met)`.
    pub targets: Vec<(String, f64, f64, bool)>,
    /// What the two imports created, so a reader can see the work was done.
    pub created: Vec<(String, usize)>,
    pub memory: Vec<MemoryFigure>,
}

/// A vCard 3.0 of `n` people, each with a name, email, phone, organisation, title, birthday,
/// note and category, as an address book would export them.
pub fn generate_vcard(n: usize) -> String {
    let mut s = String::with_capacity(n * 260);
    for i in 0..n {
        let _ = write!(
            s,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Example\r\nN:Example;Person {i};;;\r\n\
             EMAIL;TYPE=INTERNET;TYPE=WORK:person{i}@example.test\r\nTEL;TYPE=CELL:+1 555 {:07}\r\n\
             ORG:Company {};Sales\r\nTITLE:Account manager\r\nBDAY:19{:02}-{:02}-{:02}\r\n\
             NOTE:Met at the {} conference\\, table {}.\r\nCATEGORIES:Clients\r\nEND:VCARD\r\n",
            i,
            i % 997,
            50 + i % 50,
            1 + i % 12,
            1 + i % 28,
            2000 + i % 25,
            i % 40
        );
    }
    s
}

/// A LinkedIn `messages.csv` of `rows` messages: conversations of about twenty messages between
/// me and one of a few thousand people, turns alternating, some gaps over a day, some questions.
pub fn generate_messages(rows: usize) -> String {
    let mut s = String::with_capacity(rows * 230);
    s.push_str("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n");
    let people = (rows / 200).max(2);
    let me = ("Bench Me", "https://www.linkedin.com/in/bench-me");
    let start = 1_600_000_000i64;
    for r in 0..rows {
        let conversation = r / 20;
        let k = r % 20;
        let person = conversation % people;
        let them = (format!("Member {person}"), format!("https://www.linkedin.com/in/member-{person}"));
        // Two messages per turn, turns alternating; every fifth turn comes after two days.
        let mine = (k / 2) % 2 == 0;
        let turn = (k / 2) as i64;
        let at = start + conversation as i64 * 86_400 + turn * 3_600 + (turn / 5) * 2 * 86_400 + (k % 2) as i64 * 60;
        let date = rapport_core::time::utc(at).format("%Y-%m-%d %H:%M:%S UTC");
        let content = if k % 7 == 0 { "Could we talk next week?" } else { "Thanks, that sounds good." };
        let (from, to) = if mine {
            ((me.0, me.1), (them.0.as_str(), them.1.as_str()))
        } else {
            ((them.0.as_str(), them.1.as_str()), me)
        };
        let _ = writeln!(s, "c-{conversation},,{},{},{},{},{date},,\"{content}\",INBOX", from.0, from.1, to.0, to.1);
    }
    s
}

/// A Google Contacts CSV of `n` people, the same people as [`generate_vcard`].
pub fn generate_google_csv(n: usize) -> String {
    let mut s = String::with_capacity(n * 200);
    s.push_str("First Name,Last Name,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Organization Title\r\n");
    for i in 0..n {
        let _ = write!(
            s,
            "Person {i},Example,19{:02}-{:02}-{:02},\"Met at the {} conference, table {}.\",* myContacts ::: Clients,\
             * Work,person{i}@example.test,Mobile,+1 555 {i:07},Company {},Account manager\r\n",
            50 + i % 50,
            1 + i % 12,
            1 + i % 28,
            2000 + i % 25,
            i % 40,
            i % 997
        );
    }
    s
}

/// An iCalendar file of `n` one-hour meetings, each with me and one of a few thousand people.
pub fn generate_ics(n: usize) -> String {
    let mut s = String::with_capacity(n * 330 + 100);
    s.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rapport bench//EN\r\n");
    let people = (n / 20).max(2);
    for i in 0..n {
        let at = rapport_core::time::utc(1_600_000_000 + i as i64 * 7_200);
        let _ = write!(
            s,
            "BEGIN:VEVENT\r\nUID:bench-{i}@example.test\r\nDTSTAMP:{stamp}\r\nDTSTART:{stamp}\r\nDURATION:PT1H\r\n\
             SUMMARY:Catch-up {i}\r\nORGANIZER:mailto:me@example.test\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.test\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:person{}@example.test\r\nEND:VEVENT\r\n",
            i % people,
            stamp = at.format("%Y%m%dT%H%M%SZ")
        );
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

/// One card with `n` email addresses, phones and categories: what the caps are for.
pub fn generate_wide_card(n: usize) -> String {
    let mut s = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Wide Card\r\n");
    for i in 0..n {
        let _ = write!(s, "EMAIL:wide{i}@example.test\r\nTEL:+1 555 {i:07}\r\n");
    }
    let categories: Vec<String> = (0..n).map(|i| format!("Circle {i}")).collect();
    let _ = write!(s, "CATEGORIES:{}\r\nEND:VCARD\r\n", categories.join(","));
    s
}

/// Runs `rapport --db DB import FILE ARGS` in a child process (this very binary) and returns
/// its wall time and peak resident memory.
fn import_in_child(dir: &Path, label: &str, file: &Path, args: &[&str]) -> Result<(f64, Option<u64>)> {
    let exe = std::env::current_exe().map_err(|e| CliError::failure(format!("cannot find this program: {e}")))?;
    let log = dir.join(format!("child-{label}.log"));
    let stderr = std::fs::File::create(&log).map_err(|e| CliError::failure(format!("{}: {e}", log.display())))?;
    let t = Instant::now();
    let child = std::process::Command::new(exe)
        .arg("--db")
        .arg(dir.join(format!("child-{label}.db")))
        .arg("import")
        .arg(file)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| CliError::failure(format!("cannot start the import of {label}: {e}")))?;
    let (ok, peak) = wait_with_peak(child)?;
    let elapsed = ms(t);
    if !ok {
        let said = std::fs::read_to_string(&log).unwrap_or_default();
        return Err(CliError::failure(format!("the import of the generated {label} failed: {}", said.trim())));
    }
    Ok((elapsed, peak))
}

/// Waits for `child`; returns whether it succeeded and its peak resident set in bytes, read
/// from the kernel's high-water mark (`VmHWM` in /proc/PID/status, Linux) every 10 ms while it
/// runs: a rise in its last 10 ms would be missed. Not `ru_maxrss`: on Linux that starts from
/// the parent's own peak, which the child inherits until it runs the program.
fn wait_with_peak(mut child: std::process::Child) -> Result<(bool, Option<u64>)> {
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak: Option<u64> = None;
    loop {
        if let Some(bytes) = high_water_mark(&status_file) {
            peak = Some(peak.map_or(bytes, |p| p.max(bytes)));
        }
        match child.try_wait() {
            Ok(Some(status)) => return Ok((status.success(), peak)),
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(10)),
            Err(e) => return Err(CliError::failure(format!("waiting for the import failed: {e}"))),
        }
    }
}

/// `VmHWM` of a /proc status file, in bytes; `None` where there is none (not Linux, or the
/// process has ended).
fn high_water_mark(status_file: &str) -> Option<u64> {
    let text = std::fs::read_to_string(status_file).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb * 1024)
}

/// The most memory an import of a file of `bytes` may take (issue 17): twice the file plus 150 MB.
fn memory_limit(bytes: u64) -> u64 {
    2 * bytes + 150 * 1_000_000
}

/// Runs `work` (an import into the database at `db`) while another connection, in a thread of
/// its own, takes the write lock again and again as the app's next write would (`BEGIN
/// IMMEDIATE`, then `ROLLBACK`), and returns the longest it waited, in ms. SQLite's busy
/// handler retries every few ms, so a wait is over-counted by that much.
fn longest_wait<T>(db: &Path, work: impl FnOnce() -> rapport_core::Result<T>) -> Result<(T, f64)> {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = std::sync::Arc::clone(&stop);
    let path = db.to_path_buf();
    let probe = std::thread::spawn(move || -> rapport_core::Result<f64> {
        let other = Store::open(&path)?;
        let conn = other.connection();
        conn.busy_timeout(std::time::Duration::from_secs(600))?;
        let mut longest: f64 = 0.0;
        while !stopped.load(std::sync::atomic::Ordering::Relaxed) {
            let t = Instant::now();
            conn.execute_batch("BEGIN IMMEDIATE")?;
            longest = longest.max(ms(t));
            conn.execute_batch("ROLLBACK")?;
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        Ok(longest)
    });
    let value = work();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let longest = probe.join().map_err(|_| CliError::failure("the lock probe panicked"))??;
    Ok((value?, longest))
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1_000.0
}

/// A file read into records ([`parse_against_split`]) against its baseline: read and split with
/// no parsing.
#[derive(Debug)]
pub(super) struct AgainstSplit {
    /// The best of three parses, freeing their records included.
    pub parse_ms: f64,
    /// The best of three splits of the same file.
    pub split_ms: f64,
    /// What the last parse counted (interactions, posts...).
    pub parsed: usize,
    /// What the last split counted (messages, or bytes split into lines).
    pub split: usize,
}

/// Times `parse` (`import::parse_file` of a file, returning what it counted, its records freed
/// before it returns) against `split` (the baseline: the same file read and split with no
/// parsing), the best of three runs each. All three splits run first, then the three parses: a
/// split never follows a parse, so it is never billed for the allocator's handling of the
/// parse's freed records, and each side pays for what it allocated, freeing included.
pub(super) fn parse_against_split(
    mut split: impl FnMut() -> Result<usize>,
    mut parse: impl FnMut() -> Result<usize>,
) -> Result<AgainstSplit> {
    let mut outcome = AgainstSplit { parse_ms: f64::INFINITY, split_ms: f64::INFINITY, parsed: 0, split: 0 };
    for _ in 0..3 {
        let t = Instant::now();
        outcome.split = black_box(split()?);
        outcome.split_ms = outcome.split_ms.min(ms(t));
    }
    for _ in 0..3 {
        let t = Instant::now();
        outcome.parsed = black_box(parse()?);
        outcome.parse_ms = outcome.parse_ms.min(ms(t));
    }
    Ok(outcome)
}

/// `split` of `file` read through a 64 KB `BufReader`: a baseline for [`parse_against_split`].
pub(super) fn split_file(
    file: &Path,
    split: impl Fn(std::io::BufReader<std::fs::File>) -> std::io::Result<usize>,
) -> Result<usize> {
    let failed = |e: std::io::Error| CliError::failure(format!("{}: {e}", file.display()));
    let open = std::fs::File::open(file).map_err(failed)?;
    split(std::io::BufReader::with_capacity(64 * 1024, open)).map_err(failed)
}

/// `file` read as `rapport import` reads it ([`import::parse_file_each`]): each record cleaned
/// and handed to a sink that counts the interactions and drops them, none held. The parse side
/// of the WhatsApp and mbox ratios: the import never holds these files' records.
pub(super) fn parse_each(file: &Path, options: &ImportOptions) -> Result<usize> {
    let mut interactions = 0usize;
    let mut count = |item: import::Item<'_>| {
        if let import::Item::Interaction(_, it) = item {
            black_box(it);
            interactions += 1;
        }
        Ok(())
    };
    black_box(import::parse_file_each(file, options, &mut |_| true, &mut count)?);
    Ok(interactions)
}

/// The best of three runs of `run`, in ms, and what its last run counted.
pub(super) fn best_of_three(mut run: impl FnMut() -> Result<usize>) -> Result<(f64, usize)> {
    let (mut best, mut counted) = (f64::INFINITY, 0);
    for _ in 0..3 {
        let t = Instant::now();
        counted = black_box(run()?);
        best = best.min(ms(t));
    }
    Ok((best, counted))
}

/// `import::parse_file` of `file`, `count` of its records, then the records freed: every record
/// held at once, as the window's preview of a small file and the tests read it.
pub(super) fn parse_file(file: &Path, options: &ImportOptions, count: impl Fn(&Parsed) -> usize) -> Result<usize> {
    let parsed = black_box(import::parse_file(file, options, &mut |_| true)?);
    Ok(count(&parsed))
}

/// The line baseline of the text formats: each line checked as UTF-8 into its own `String`
/// (`BufRead::lines`), no parsing. Returns the bytes of text split.
pub(super) fn split_lines(reader: std::io::BufReader<std::fs::File>) -> std::io::Result<usize> {
    use std::io::BufRead;
    let mut bytes = 0usize;
    for line in reader.lines() {
        bytes += black_box(line?).len();
    }
    Ok(bytes)
}

fn fresh(dir: &Path, name: &str) -> Result<Store> {
    Ok(Store::open(&dir.join(name))?)
}

fn parse(bytes: &[u8], name: &str, format: Format) -> Result<Parsed> {
    let options = ImportOptions { format: Some(format), ..Default::default() };
    let parsed = import::parse(bytes, name, &options, &mut |_| true)?;
    if !parsed.problems.is_empty() {
        return Err(CliError::failure(format!("the generated {name} has problems: {}", parsed.problems[0])));
    }
    Ok(parsed)
}

/// The baseline's writes: the parsed rows with plain prepared INSERTs in one transaction, no
/// matching, no validation.
fn raw_insert(store: &Store, parsed: &Parsed) -> rapport_core::Result<usize> {
    let conn = store.connection();
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let now = chrono::Utc::now().timestamp();
    let mut ids = Vec::with_capacity(parsed.contacts.len());
    {
        let mut contact = conn.prepare(
            "INSERT INTO contacts (display_name, given_name, family_name, company, role, birthday, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )?;
        let mut email = conn.prepare("INSERT INTO contact_emails (contact_id, email, label) VALUES (?1, ?2, ?3)")?;
        let mut phone = conn.prepare("INSERT INTO contact_phones (contact_id, phone, label) VALUES (?1, ?2, ?3)")?;
        let mut link = conn.prepare("INSERT INTO contact_links (contact_id, url, label) VALUES (?1, ?2, ?3)")?;
        let mut circle = conn.prepare("INSERT OR IGNORE INTO circles (name, created_at) VALUES (?1, ?2)")?;
        let mut member = conn.prepare(
            "INSERT INTO contact_circles (contact_id, circle_id) SELECT ?1, id FROM circles WHERE name = ?2",
        )?;
        for c in &parsed.contacts {
            let f = &c.fields;
            contact.execute((
                &f.display_name,
                &f.given_name,
                &f.family_name,
                &f.company,
                &f.role,
                &f.birthday,
                &f.notes,
                now,
            ))?;
            let id = conn.last_insert_rowid();
            ids.push(id);
            for e in &f.emails {
                email.execute((id, &e.value, &e.label))?;
            }
            for p in &f.phones {
                phone.execute((id, &p.value, &p.label))?;
            }
            for l in &f.links {
                link.execute((id, &l.value, &l.label))?;
            }
            for name in &f.circles {
                circle.execute((name, now))?;
                member.execute((id, name))?;
            }
        }
        let mut interaction = conn.prepare(
            "INSERT INTO interactions (occurred_at, utc_offset_min, channel, initiated_by, duration_min, summary, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut participant =
            conn.prepare("INSERT INTO interaction_participants (interaction_id, contact_id) VALUES (?1, ?2)")?;
        let mut question =
            conn.prepare("INSERT INTO questions (contact_id, asked_in, asked_by, text) VALUES (?1, ?2, ?3, ?4)")?;
        for it in &parsed.interactions {
            interaction.execute((
                it.at.timestamp(),
                it.at.offset().local_minus_utc() / 60,
                it.channel.as_str(),
                it.initiated_by.as_str(),
                it.duration_min,
                &it.summary,
                now,
            ))?;
            let iid = conn.last_insert_rowid();
            let people: Vec<i64> = it
                .participants
                .iter()
                .filter_map(|w| match w {
                    Who::Incoming(i) => ids.get(*i).copied(),
                    _ => None,
                })
                .collect();
            for p in &people {
                participant.execute((iid, p))?;
            }
            for q in &it.questions {
                for p in &people {
                    question.execute((p, iid, q.asked_by.as_str(), &q.text))?;
                }
            }
        }
    }
    conn.execute_batch("COMMIT")?;
    Ok(parsed.contacts.len() + parsed.interactions.len())
}

/// Times both imports against their baselines, in a new temporary directory; then the WhatsApp
/// chat's parse against reading and splitting its lines ([`whatsapp::measure`]).
pub fn measure(
    cards: usize,
    rows: usize,
    whatsapp_lines: usize,
    blog_comments: usize,
    email_messages: usize,
    dir: &Path,
) -> Result<ImportOutcome> {
    let mut figures = Vec::new();
    let mut created = Vec::new();
    let mut add = |name, what, ms| figures.push(ImportFigure { name, what, ms });

    eprintln!("bench: (i) generating a {cards}-card vCard and a {rows}-row messages.csv");
    let vcard = generate_vcard(cards);
    let messages = generate_messages(rows);

    for (label, text, format) in
        [("vcard", vcard.as_bytes(), Format::Vcard), ("messages", messages.as_bytes(), Format::LinkedinMessages)]
    {
        eprintln!("bench: (i) importing the {label} file, then its baseline");
        let mut store = fresh(dir, &format!("import-{label}.db"))?;
        let t = Instant::now();
        let parsed = parse(text, label, format)?;
        let parse_ms = ms(t);
        let options = ImportOptions { format: Some(format), ..Default::default() };
        let ((done, held), wait_ms) = longest_wait(&dir.join(format!("import-{label}.db")), || {
            import::apply_timed(&mut store, &parsed, &options, &mut |_| true)
        })?;
        let full_ms = ms(t);
        created.push((format!("{label}_contacts"), done.contacts_created));
        created.push((format!("{label}_interactions"), done.interactions_created));
        drop(store);
        drop(parsed);

        let store = fresh(dir, &format!("baseline-{label}.db"))?;
        let t = Instant::now();
        let parsed = parse(text, label, format)?;
        black_box(raw_insert(&store, &parsed)?);
        let base_ms = ms(t);
        let (full, parse_name, base, wait, lock) = match format {
            Format::Vcard => (
                "import_vcard",
                "import_vcard_parse",
                "import_vcard_baseline",
                "import_vcard_lock_wait",
                "import_vcard_lock_held",
            ),
            _ => (
                "import_messages",
                "import_messages_parse",
                "import_messages_baseline",
                "import_messages_lock_wait",
                "import_messages_lock_held",
            ),
        };
        add(full, "import::parse + import::apply (match, validate, write in one transaction)", full_ms);
        add(parse_name, "import::parse alone", parse_ms);
        add(base, "the same parse + plain prepared INSERTs in one transaction", base_ms);
        add(wait, "the longest wait of another writer for the write lock during import::apply", wait_ms);
        add(lock, "the longest write lock held by import::apply (its final move)", held.as_secs_f64() * 1e3);
    }

    let wide = generate_wide_card(100_000);
    eprintln!("bench: (i) importing one card with 100,000 emails, phones and categories");
    let mut store = fresh(dir, "import-wide.db")?;
    let t = Instant::now();
    let options = ImportOptions { format: Some(Format::Vcard), ..Default::default() };
    let parsed = import::parse(wide.as_bytes(), "wide.vcf", &options, &mut |_| true)?;
    let ((done, held), wait_ms) = longest_wait(&dir.join("import-wide.db"), || {
        import::apply_timed(&mut store, &parsed, &options, &mut |_| true)
    })?;
    add("import_wide_card_lock_wait", "the longest wait of another writer during the wide card's apply", wait_ms);
    add("import_wide_card_lock_held", "the longest write lock held by the wide card's apply", held.as_secs_f64() * 1e3);
    add("import_wide_card", "one card with 100,000 emails, phones and categories: parse + apply", ms(t));
    created.push(("wide_card_warnings".to_owned(), done.warnings));
    drop((store, parsed, wide));

    let mut memory = Vec::new();
    let files = [
        ("vcard", "contacts.vcf", vcard),
        ("google_csv", "contacts.csv", generate_google_csv(cards)),
        ("ics", "calendar.ics", generate_ics(cards)),
        ("linkedin_messages", "messages.csv", messages),
    ];
    let (vcard_bytes, messages_bytes) = (files[0].2.len(), files[3].2.len());
    for (label, name, text) in files {
        let file = dir.join(name);
        std::fs::write(&file, text.as_bytes()).map_err(|e| CliError::failure(format!("{}: {e}", file.display())))?;
        drop(text);
        eprintln!("bench: (i) `rapport import {name}` in a child process, for its peak memory");
        let mut args = vec![];
        if label == "linkedin_messages" || label == "ics" {
            args.extend(["--me", "me@example.test", "--me", "https://www.linkedin.com/in/bench-me"]);
        }
        let (elapsed, peak_bytes) = import_in_child(dir, label, &file, &args)?;
        let file_bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
        memory.push(MemoryFigure { format: label, file_bytes, peak_bytes, ms: elapsed });
        let _ = std::fs::remove_file(&file);
    }
    whatsapp::measure(whatsapp_lines, dir, &mut figures, &mut created, &mut memory)?;
    blog::measure(blog_comments, dir, &mut figures, &mut created, &mut memory)?;
    email::measure(email_messages, dir, &mut figures, &mut created, &mut memory)?;
    let get = |name: &str| figures.iter().find(|f| f.name == name).map_or(f64::NAN, |f| f.ms);
    let targets = [
        ("import_vcard", "import_vcard_baseline"),
        ("import_messages", "import_messages_baseline"),
        ("import_whatsapp_parse", "import_whatsapp_split"),
    ]
    .iter()
    .map(|(a, b)| {
        let v = get(a) / get(b);
        (format!("{a}/{b}"), v, IMPORT_LIMIT, v <= IMPORT_LIMIT)
    })
    .chain(["import_vcard_lock_held", "import_messages_lock_held", "import_wide_card_lock_held"].iter().map(|name| {
        let v = get(name);
        (format!("{name}_ms"), v, LOCK_LIMIT_MS, v <= LOCK_LIMIT_MS)
    }))
    .chain(memory.iter().filter_map(|m| {
        let (peak, limit) = (m.peak_bytes? as f64 / 1e6, memory_limit(m.file_bytes) as f64 / 1e6);
        Some((format!("import_{}_peak_mb", m.format), peak, limit, peak <= limit))
    }))
    .collect();
    let targets = email::with_target(targets, &figures);
    Ok(ImportOutcome { cards, message_rows: rows, vcard_bytes, messages_bytes, figures, targets, created, memory })
}

pub fn print(out: &mut dyn Write, o: &ImportOutcome) -> Result<()> {
    writeln!(
        out,
        "import bench: a {}-card vCard ({:.1} MB) and a {}-row messages.csv ({:.1} MB)",
        o.cards,
        o.vcard_bytes as f64 / 1e6,
        o.message_rows,
        o.messages_bytes as f64 / 1e6
    )?;
    for (name, value, limit, met) in &o.targets {
        let verdict = if *met { "met" } else { "NOT met" };
        if name.ends_with("_lock_held_ms") {
            writeln!(out, "longest write lock held {name} = {value:.0}")?;
            writeln!(out, "target {name} <= {limit:.0} (about a second): {verdict}")?;
        } else if name.ends_with("_peak_mb") {
            writeln!(out, "peak {name} = {value:.0}")?;
            writeln!(out, "target {name} <= {limit:.0} (twice the file + 150 MB): {verdict}")?;
        } else {
            writeln!(out, "ratio {name} = {value:.2}")?;
            writeln!(out, "target {name} <= {limit}: {verdict}")?;
        }
    }
    if let Some(ratio) = email::one_thread_ratio(&o.figures) {
        writeln!(out, "ratio import_email_parse_one_thread/import_email_split = {ratio:.2} (information, no target)")?;
    }
    for f in &o.figures {
        // The held and one-thread readings stand beside the ones the targets judge.
        let note = if f.name.ends_with("_parse_held") {
            "; information, no target: every record held"
        } else if f.name.ends_with("_one_thread") {
            "; information, no target: split on the calling thread"
        } else {
            ""
        };
        writeln!(out, "{} = {:.1} ms (1 run{note})", f.name, f.ms)?;
    }
    for (what, n) in &o.created {
        writeln!(out, "created {what} = {n}")?;
    }
    for m in &o.memory {
        let peak = m.peak_bytes.map_or("not measured here".to_owned(), |b| format!("{:.0} MB", b as f64 / 1e6));
        let ratio =
            m.peak_bytes.map_or(String::new(), |b| format!(", {:.1}x the file", b as f64 / m.file_bytes as f64));
        writeln!(
            out,
            "memory `rapport import` {} ({:.1} MB): peak resident {peak}{ratio} (whole process, in {:.1} s)",
            m.format,
            m.file_bytes as f64 / 1e6,
            m.ms / 1e3
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_split_runs_before_any_parse_so_none_pays_for_a_parse() {
        let order = std::cell::RefCell::new(Vec::new());
        let timed = parse_against_split(
            || {
                order.borrow_mut().push("split");
                Ok(7)
            },
            || {
                order.borrow_mut().push("parse");
                Ok(5)
            },
        )
        .unwrap();
        assert_eq!(*order.borrow(), ["split", "split", "split", "parse", "parse", "parse"]);
        assert_eq!((timed.split, timed.parsed), (7, 5));
        assert!(timed.split_ms.is_finite() && timed.parse_ms.is_finite(), "{timed:?}");
    }
}
