//! The agenda as an iCalendar file (RFC 5545) a phone's calendar can import: each birthday a
//! yearly all-day event, each catch-up a to-do due the day the silence reached its expected gap.
//!
//! Every UID is stable (`birthday-<contact>@rapport`, `catch-up-<contact>-<due date>@rapport`), so
//! importing a newer file updates the same entries instead of doubling them. Lines end in CRLF and
//! are folded at 75 octets, never inside a character; text values escape backslashes,
//! semicolons, commas and newlines (RFC 5545 §3.1 and §3.3.11).

use chrono::{DateTime, NaiveDate, Utc};

use super::{parse_birthday, why_in, CatchUp};
use crate::charts::Lang;
use crate::store::BirthdayRow;

/// The longest line, in octets, before folding (RFC 5545 §3.1).
const MAX_LINE: usize = 75;

/// The calendar: every birthday (not only the coming ones: they are yearly events) and the
/// catch-ups given (every tie due, not only the card's first [`super::MAX_CATCH_UPS`]: a
/// reminder left out of the phone is a tie forgotten), in `lang`. `stamp` is when the file was
/// made (each entry's DTSTAMP).
pub fn calendar(birthdays: &[BirthdayRow], catch_ups: &[CatchUp], stamp: DateTime<Utc>, lang: Lang) -> String {
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    let mut line = |text: &str| fold_into(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Rapport//Agenda//EN");
    line("CALSCALE:GREGORIAN");
    for b in birthdays {
        // Only values the store accepts; a hand-edited one is left out rather than guessed.
        let Some((year, month, day)) = parse_birthday(&b.birthday) else { continue };
        // Without a year, a leap year's date: 29 February is a day in it.
        let start = NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).expect("checked by parse_birthday");
        line("BEGIN:VEVENT");
        line(&format!("UID:birthday-{}@rapport", b.contact));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", date(start)));
        // FREQ=YEARLY alone would skip common years for 29 February (§3.3.10: invalid dates are
        // ignored); the last day of February is the day the agenda uses too.
        if (month, day) == (2, 29) {
            line("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1");
        } else {
            line("RRULE:FREQ=YEARLY");
        }
        let summary = match lang {
            Lang::En => format!("Birthday: {}", b.name),
            Lang::Fr => format!("Anniversaire : {}", b.name),
        };
        line(&format!("SUMMARY:{}", escape(&summary)));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    for c in catch_ups {
        line("BEGIN:VTODO");
        line(&format!("UID:catch-up-{}-{}@rapport", c.contact, date(c.due_on)));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DUE;VALUE=DATE:{}", date(c.due_on)));
        let summary = match lang {
            Lang::En => format!("Catch up with {}", c.name),
            Lang::Fr => format!("Reprendre contact avec {}", c.name),
        };
        line(&format!("SUMMARY:{}", escape(&summary)));
        line(&format!("DESCRIPTION:{}", escape(&why_in(lang, c.days_silent, c.expected_days))));
        line("STATUS:NEEDS-ACTION");
        line("END:VTODO");
    }
    line("END:VCALENDAR");
    out
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A TEXT value escaped (§3.3.11); other control characters, which TEXT may not hold, are left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded: at most 75 octets a line, continuations starting with one space, each
/// line ended by CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut room = MAX_LINE;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            // The leading space counts.
            room = MAX_LINE;
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let text = format!("SUMMARY:{}", "é".repeat(60));
        fold_into(&mut out, &text);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= MAX_LINE, "{} octets: {physical}", physical.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{text}\r\n"), "unfolding gives the line back");
        let mut short = String::new();
        fold_into(&mut short, &"x".repeat(75));
        assert_eq!(short, format!("{}\r\n", "x".repeat(75)), "exactly 75 octets is not folded");
    }

    #[test]
    fn text_escapes_what_rfc_5545_reserves() {
        assert_eq!(escape("a\\b;c,d\ne\u{7}f"), "a\\\\b\\;c\\,d\\ne f".replace(' ', ""));
    }
}
