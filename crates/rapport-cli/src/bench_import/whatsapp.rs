//! The WhatsApp case of `rapport bench`'s import part (issue 16): a generated chat export of
//! 500,000 lines read into records against reading and splitting it with no parsing, and its
//! `rapport import` in a child process for the peak memory.

use std::fmt::Write as _;
use std::path::Path;

use rapport_core::import::ImportOptions;

use super::{best_of_three, import_in_child, parse_against_split, parse_each, parse_file, split_file, split_lines};
use super::{ImportFigure, MemoryFigure};
use crate::error::{CliError, Result};

/// A WhatsApp group chat export (Android, day first) of `lines` lines: me and six people, about
/// 400 messages a day, runs of one to three messages by one sender, one message in ten on two
/// lines, one in nine a question, some media.
pub fn generate_whatsapp(lines: usize) -> String {
    let mut s = String::with_capacity(lines * 60);
    let names = ["Bench Me", "Ann Lee", "Bob Stone", "Zoé Martin", "Dan Ray", "Eve Moss", "+33 6 12 34 56 78"];
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default();
    let (mut written, mut i) = (0, 0usize);
    while written < lines {
        let day = start + chrono::Days::new((i / 400) as u64);
        let minute = (i % 400) * 3;
        let sender = names[(i / 2 + i / 7) % names.len()];
        let text = match i % 9 {
            0 => "Are we still on for tonight?",
            4 => "<Media omitted>",
            _ => "Sounds good, see you there",
        };
        let _ = writeln!(s, "{}, {:02}:{:02} - {sender}: {text}", day.format("%d/%m/%Y"), minute / 60, minute % 60);
        written += 1;
        if i % 10 == 3 && written < lines {
            s.push_str("and bring the charger please\n");
            written += 1;
        }
        i += 1;
    }
    s
}

/// The WhatsApp case of issue 16: [`generate_whatsapp`] written to a file, read into records as
/// `rapport import` reads it ([`parse_each`]: decode, each line's date and sender, turns, each
/// turn cleaned and handed on, none held) against a baseline that reads the same file and splits
/// it into lines (`BufRead::lines`, each line checked as UTF-8), no parsing; the best of three
/// runs each ([`parse_against_split`]). Then, for information only (no target), the same file
/// read with every record held ([`parse_file`]), and `rapport import` of it in a child process,
/// for its time and peak memory.
pub(super) fn measure(
    lines: usize,
    dir: &Path,
    figures: &mut Vec<ImportFigure>,
    created: &mut Vec<(String, usize)>,
    memory: &mut Vec<MemoryFigure>,
) -> Result<()> {
    eprintln!("bench: (i) generating a WhatsApp chat of {lines} lines");
    let file = dir.join("WhatsApp Chat - Bench.txt");
    std::fs::write(&file, generate_whatsapp(lines))
        .map_err(|e| CliError::failure(format!("{}: {e}", file.display())))?;
    let options = ImportOptions { me: vec!["Bench Me".to_owned()], ..Default::default() };
    let timed = parse_against_split(|| split_file(&file, split_lines), || parse_each(&file, &options))?;
    let (parse_ms, split_ms) = (timed.parse_ms, timed.split_ms);
    let (held_ms, held) = best_of_three(|| parse_file(&file, &options, |p| p.interactions.len()))?;
    if held != timed.parsed {
        let said = format!("the WhatsApp chat gave {} turns streamed but {held} held", timed.parsed);
        return Err(CliError::failure(said));
    }
    figures.push(ImportFigure {
        name: "import_whatsapp_parse",
        what: "the WhatsApp chat read as `rapport import` reads it (import::parse_file_each: read, date, \
               sender, turns, each cleaned and handed to a counting sink, none held), best of 3",
        ms: parse_ms,
    });
    figures.push(ImportFigure {
        name: "import_whatsapp_parse_held",
        what: "information, no target: import::parse_file of the same chat, every turn held then freed, best of 3",
        ms: held_ms,
    });
    figures.push(ImportFigure {
        name: "import_whatsapp_split",
        what: "reading the same file and splitting it into lines, no parsing, best of 3",
        ms: split_ms,
    });
    created.push(("whatsapp_interactions".to_owned(), timed.parsed));
    eprintln!("bench: (i) `rapport import` of the WhatsApp chat in a child process, for its peak memory");
    let (elapsed, peak_bytes) = import_in_child(dir, "whatsapp", &file, &["--me", "Bench Me"])?;
    let file_bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
    memory.push(MemoryFigure { format: "whatsapp", file_bytes, peak_bytes, ms: elapsed });
    let _ = std::fs::remove_file(&file);
    Ok(())
}
