//! The WhatsApp case of `rapport bench`'s import part (issue 16): a generated chat export of
//! 500,000 lines read into records against reading and splitting it with no parsing, and its
//! `rapport import` in a child process for the peak memory.

use std::fmt::Write as _;
use std::path::Path;

use rapport_core::import::ImportOptions;

use super::{import_in_child, parse_against_split, parse_file, split_file, split_lines, ImportFigure, MemoryFigure};
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

/// The WhatsApp case of issue 16: [`generate_whatsapp`] written to a file, read into records by
/// `import::parse_file` (decode, read each line's date and sender, group into turns) against a
/// baseline that reads the same file and splits it into lines (`BufRead::lines`, each line
/// checked as UTF-8), no parsing; the best of three runs each ([`parse_against_split`]). Then
/// `rapport import` of it in a child process, for its time and peak memory.
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
    let timed = parse_against_split(
        || split_file(&file, split_lines),
        || parse_file(&file, &options, |p| p.interactions.len()),
    )?;
    let (parse_ms, split_ms) = (timed.parse_ms, timed.split_ms);
    figures.push(ImportFigure {
        name: "import_whatsapp_parse",
        what: "import::parse_file of the WhatsApp chat (read, date, sender, turns), best of 3",
        ms: parse_ms,
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
