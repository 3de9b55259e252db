//! The agenda ("This week"): what the network asks of me soon, from what the directory has
//! measured already. Ties due or overdue for a catch-up (ranked, each with why), birthdays in the
//! next days, questions I owe and conversations where it is my turn (the quiet ones folded, as
//! Open loops folds them). Nothing here reads the clock: the caller says what day it is.
//!
//! A birthday on 29 February falls on 28 February in a year without one: the reminder then comes
//! a day early, while something can still be done about it, rather than a day late (1 March).
//! The calendar file ([`ics`]) follows the same rule.

pub mod ics;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::charts::Lang;
use crate::directory::{Directory, MyTurn, OpenLoops};
use crate::error::{Error, Reason, Result};
use crate::measures::contact::{CadenceStatus, ContactMeasures};
use crate::measures::{Secs, DAY};
use crate::model::{ContactId, Question};
use crate::store::BirthdayRow;
use crate::time::utc;

/// How many days ahead the agenda looks unless told.
pub const DEFAULT_DAYS: i64 = 14;
/// The furthest it looks: a year, leap day included.
pub const MAX_DAYS: i64 = 366;
/// Catch-ups listed; the rest are counted in [`Agenda::catch_ups_total`].
pub const MAX_CATCH_UPS: usize = 20;
/// How overdue a tie can count in the ranking: past five gaps, silence says no more.
const MAX_RATIO: f64 = 5.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    /// The first day the agenda covers.
    pub today: NaiveDate,
    /// How many days it covers, today included.
    pub days: i64,
    /// Ties due or overdue, the most worth a catch-up first (at most [`MAX_CATCH_UPS`]).
    pub catch_ups: Vec<CatchUp>,
    /// Every tie due or overdue, listed or not.
    pub catch_ups_total: usize,
    /// Birthdays from today to `days − 1` days from today, soonest first.
    pub birthdays: Vec<UpcomingBirthday>,
    /// Questions they asked me that I have not answered, oldest first (as Open loops lists them).
    pub questions_i_owe: Vec<Question>,
    /// Conversations waiting on my reply, oldest first, without the quiet ones.
    pub my_turn: Vec<MyTurn>,
    /// Conversations waiting on my reply but quiet for over the model's `quiet_turn_days`: folded, as Open
    /// loops folds them.
    pub quiet_turns: usize,
}

/// A tie whose silence has reached its expected gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatchUp {
    pub contact: ContactId,
    pub name: String,
    /// `due` or `overdue`.
    pub status: CadenceStatus,
    pub days_silent: f64,
    pub expected_days: f64,
    /// Strength now, 0–100.
    pub strength: f64,
    /// The day the silence reached the expected gap (last contact + expected days).
    pub due_on: NaiveDate,
    /// In the suggestions' words: "silent for 45 days, usually every 30 days".
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpcomingBirthday {
    pub contact: ContactId,
    pub name: String,
    /// As stored: `YYYY-MM-DD`, or `--MM-DD` without a year.
    pub birthday: String,
    /// The day it falls on this time.
    pub on: NaiveDate,
    /// 0 today, 1 tomorrow...
    pub in_days: i64,
    /// The age they turn, when the year is known.
    pub turns: Option<i32>,
}

/// Refuses a look-ahead outside 1..=[`MAX_DAYS`].
pub fn check_days(days: i64) -> Result<i64> {
    if (1..=MAX_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(Error::invalid("days", Reason::AgendaDays { days, max: MAX_DAYS }))
    }
}

/// The agenda from the directory, its open loops and the contacts' birthdays, for the `days`
/// days starting `today`.
pub fn agenda(
    directory: &Directory,
    loops: OpenLoops,
    birthdays: &[BirthdayRow],
    today: NaiveDate,
    days: i64,
) -> Result<Agenda> {
    let days = check_days(days)?;
    let mut catch_ups = catch_ups(directory.all_measures(), directory.at());
    let catch_ups_total = catch_ups.len();
    catch_ups.truncate(MAX_CATCH_UPS);
    let (quiet, my_turn): (Vec<MyTurn>, Vec<MyTurn>) = loops.my_turn.into_iter().partition(|t| t.quiet);
    Ok(Agenda {
        today,
        days,
        catch_ups,
        catch_ups_total,
        birthdays: upcoming_birthdays(birthdays, today, days),
        questions_i_owe: loops.i_owe,
        my_turn,
        quiet_turns: quiet.len(),
    })
}

/// Every tie due or overdue at `at`, ranked by strength × how many expected gaps the silence
/// spans (capped at [`MAX_RATIO`]), as the suggestions rank ties worth reviving: a close friend
/// a little late comes before an acquaintance long gone. Ties never contacted have no gap to
/// keep and are left out.
pub fn catch_ups<'a>(measures: impl Iterator<Item = &'a ContactMeasures>, at: Secs) -> Vec<CatchUp> {
    let mut ranked: Vec<(f64, CatchUp)> = measures
        .filter(|m| matches!(m.cadence.status, CadenceStatus::Due | CadenceStatus::Overdue))
        .filter_map(|m| {
            let last = m.last_interaction_at?;
            let days_silent = m.cadence.days_since_last.unwrap_or(((at - last) / DAY as Secs) as f64);
            let ratio = m.cadence.ratio.unwrap_or(0.0).min(MAX_RATIO);
            let expected = m.cadence.expected_days;
            // On the day the user lives it (the last contact's local date), not in UTC.
            let due_on = m.cadence.due_on.unwrap_or_else(|| utc(last + (expected * DAY).round() as Secs).date_naive());
            let item = CatchUp {
                contact: m.contact,
                name: m.name.clone(),
                status: m.cadence.status,
                days_silent,
                expected_days: expected,
                strength: m.strength,
                due_on,
                why: why(days_silent, expected),
            };
            Some((m.strength * ratio, item))
        })
        .collect();
    ranked.sort_by(|(a, x), (b, y)| b.total_cmp(a).then(x.contact.cmp(&y.contact)));
    ranked.into_iter().map(|(_, item)| item).collect()
}

/// "silent for 45 days, usually every 30 days".
fn why(days_silent: f64, expected_days: f64) -> String {
    why_in(Lang::En, days_silent, expected_days)
}

/// Why a tie is due, in `lang`, in the suggestions' words.
pub fn why_in(lang: Lang, days_silent: f64, expected_days: f64) -> String {
    let days = |n: f64| {
        let n = n.round() as i64;
        match (lang, n == 1) {
            (Lang::En, true) => "1 day".to_owned(),
            (Lang::En, false) => format!("{n} days"),
            (Lang::Fr, true) => "1 jour".to_owned(),
            (Lang::Fr, false) => format!("{n} jours"),
        }
    };
    let (silent, expected) = (days(days_silent), days(expected_days));
    match lang {
        Lang::En => format!("silent for {silent}, usually every {expected}"),
        Lang::Fr => format!("silence depuis {silent}, d’habitude tous les {expected}"),
    }
}

/// The birthdays that fall from `today` to `days − 1` days after, soonest first, then by name.
pub fn upcoming_birthdays(rows: &[BirthdayRow], today: NaiveDate, days: i64) -> Vec<UpcomingBirthday> {
    let mut upcoming: Vec<UpcomingBirthday> = rows
        .iter()
        .filter_map(|row| {
            let (year, month, day) = parse_birthday(&row.birthday)?;
            let on = next_occurrence(month, day, today)?;
            let in_days = (on - today).num_days();
            (in_days < days).then(|| UpcomingBirthday {
                contact: row.contact,
                name: row.name.clone(),
                birthday: row.birthday.clone(),
                on,
                in_days,
                turns: year.map(|y| on.year() - y),
            })
        })
        .collect();
    upcoming.sort_by(|a, b| a.on.cmp(&b.on).then(a.name.cmp(&b.name)).then(a.contact.cmp(&b.contact)));
    upcoming
}

/// A stored birthday's year (when known), month and day; `None` when it is not one (the store
/// refuses such values, so only a hand-edited database holds them).
pub fn parse_birthday(text: &str) -> Option<(Option<i32>, u32, u32)> {
    let (year, rest) = match text.strip_prefix("--") {
        Some(rest) => (None, rest),
        None => {
            let (year, rest) = text.split_once('-')?;
            (Some(year.parse::<i32>().ok()?), rest)
        }
    };
    let (month, day) = rest.split_once('-')?;
    let (month, day) = (month.parse::<u32>().ok()?, day.parse::<u32>().ok()?);
    // 2000 is a leap year: 29 February is a day, 30 February is not.
    NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day)?;
    Some((year, month, day))
}

/// The day a birthday falls on in `year`: 29 February becomes 28 February in a common year.
pub fn birthday_in(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| (month == 2 && day == 29).then(|| NaiveDate::from_ymd_opt(year, 2, 28)).flatten())
}

/// The first day on or after `today` the birthday falls on.
pub fn next_occurrence(month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let this_year = birthday_in(today.year(), month, day)?;
    if this_year >= today {
        Some(this_year)
    } else {
        birthday_in(today.year() + 1, month, day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn row(id: i64, name: &str, birthday: &str) -> BirthdayRow {
        BirthdayRow { contact: ContactId(id), name: name.into(), birthday: birthday.into() }
    }

    #[test]
    fn birthdays_in_the_window_come_soonest_first_with_the_age_they_turn() {
        let rows = [
            row(1, "Ann", "1980-12-20"),
            row(2, "Bob", "--12-05"),
            row(3, "Cy", "1990-12-18"),
            row(4, "Dee", "1970-12-04"), // yesterday: next year, outside
            row(5, "Eve", "2001-12-19"), // day 14: outside a 14-day window
        ];
        let got = upcoming_birthdays(&rows, date(2026, 12, 5), 14);
        let seen: Vec<(&str, NaiveDate, i64, Option<i32>)> =
            got.iter().map(|b| (b.name.as_str(), b.on, b.in_days, b.turns)).collect();
        assert_eq!(
            seen,
            [("Bob", date(2026, 12, 5), 0, None), ("Cy", date(2026, 12, 18), 13, Some(36))],
            "Ann (day 15) and Eve (day 14) are outside; Dee was yesterday"
        );
        let wider = upcoming_birthdays(&rows, date(2026, 12, 5), 16);
        assert_eq!(wider.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["Bob", "Cy", "Eve", "Ann"]);
    }

    #[test]
    fn the_window_crosses_the_new_year() {
        let got = upcoming_birthdays(&[row(1, "Ann", "1980-01-02")], date(2026, 12, 30), 7);
        assert_eq!(got[0].on, date(2027, 1, 2));
        assert_eq!(got[0].in_days, 3);
        assert_eq!(got[0].turns, Some(47));
    }

    #[test]
    fn a_leap_day_birthday_falls_on_28_february_in_a_common_year() {
        let rows = [row(1, "Leap", "2000-02-29"), row(2, "Leap too", "--02-29")];
        let common = upcoming_birthdays(&rows, date(2027, 2, 20), 14);
        assert_eq!(common.iter().map(|b| b.on).collect::<Vec<_>>(), [date(2027, 2, 28), date(2027, 2, 28)]);
        assert_eq!(common[0].turns, Some(27));
        let leap = upcoming_birthdays(&rows, date(2028, 2, 20), 14);
        assert_eq!(leap[0].on, date(2028, 2, 29));
        // On 28 February of a common year it is today, not in a year.
        assert_eq!(upcoming_birthdays(&rows, date(2027, 2, 28), 1).len(), 2);
        assert!(upcoming_birthdays(&rows, date(2027, 3, 1), 300).is_empty());
    }

    #[test]
    fn unreadable_birthdays_are_not_guessed() {
        for bad in ["", "1980", "1980-02-30", "--13-01", "--02-30", "x-01-01", "1980-1"] {
            assert_eq!(parse_birthday(bad), None, "{bad}");
        }
        assert_eq!(parse_birthday("--02-29"), Some((None, 2, 29)));
        assert_eq!(parse_birthday("1984-02-29"), Some((Some(1984), 2, 29)));
        assert_eq!(parse_birthday("1985-02-29"), None, "not a day in 1985");
    }

    #[test]
    fn the_look_ahead_is_one_day_to_a_year() {
        assert!(check_days(0).is_err());
        assert!(check_days(-3).is_err());
        assert!(check_days(367).is_err());
        assert_eq!(check_days(1).unwrap(), 1);
        assert_eq!(check_days(366).unwrap(), 366);
        assert_eq!(check_days(0).unwrap_err().to_string(), "days: 0 days: the agenda looks 1 to 366 days ahead");
    }

    #[test]
    fn why_uses_the_suggestions_words() {
        assert_eq!(why(45.4, 30.0), "silent for 45 days, usually every 30 days");
        assert_eq!(why(1.0, 7.0), "silent for 1 day, usually every 7 days");
        assert_eq!(why_in(Lang::Fr, 45.4, 30.0), "silence depuis 45 jours, d’habitude tous les 30 jours");
    }
}
