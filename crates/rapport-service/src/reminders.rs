//! The daily reminder: one quiet summary of This week a day, at a time the user picks, while the
//! app runs. The shell (a timer, the system's notifications) asks [`Service::reminder_due`] once
//! a minute; everything that decides whether to send, and what to say, is here, with no Tauri and
//! no clock of its own, so it is tested with a fixed one.
//!
//! Kept in the database's `settings` table: the user's choice under [`SETTINGS_KEY`] (on or off,
//! the time, the window's language the words follow) and the day of the last summary under
//! [`LAST_DAY_KEY`], so a restart on the same day sends nothing more.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rapport_core::agenda::{self, Agenda};
use rapport_core::charts::Lang;
use rapport_core::{Error, Reason};
use serde::{Deserialize, Serialize};

use crate::{Failure, Result, Service};

/// The user's choice: `{ "on": true, "time": "09:00", "lang": "fr" }`.
pub const SETTINGS_KEY: &str = "reminders";
/// The last day a summary was due (`"2026-12-05"`), sent or, with nothing to say, skipped.
pub const LAST_DAY_KEY: &str = "reminders.last_day";
/// When nobody chose: mid-morning, once the day has started.
pub const DEFAULT_TIME: &str = "09:00";

/// Whether and when the daily summary is sent, and in which language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSettings {
    pub on: bool,
    /// Local time of day, `HH:MM`.
    pub time: String,
    /// The window's language when the user last chose.
    #[serde(default)]
    pub lang: Lang,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings { on: false, time: DEFAULT_TIME.to_owned(), lang: Lang::En }
    }
}

impl ReminderSettings {
    /// The time of day, or the reason `time` is not one.
    pub fn time_of_day(&self) -> rapport_core::Result<NaiveTime> {
        parse_time(&self.time)
    }
}

/// `"09:00"` → 9:00. Two digits each, so that what the window shows is what was stored.
pub fn parse_time(text: &str) -> rapport_core::Result<NaiveTime> {
    let refused = || Error::invalid("time", Reason::ReminderTime { time: text.to_owned() });
    if text.len() != 5 {
        return Err(refused());
    }
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| refused())
}

/// Whether the summary is due at `now` (local time): switched on, the chosen time reached today,
/// and none sent today yet. So it goes at the first tick at or after the time, also when the app
/// starts later in the day, and never twice a day.
pub fn is_due(now: NaiveDateTime, on: bool, at: NaiveTime, last_day: Option<NaiveDate>) -> bool {
    on && now.time() >= at && last_day != Some(now.date())
}

/// The summary's words: "3 catch-ups due, 2 birthdays, 1 question you owe". `None` when the agenda
/// holds nothing (no notification for an empty week).
pub fn summary(agenda: &Agenda, lang: Lang) -> Option<String> {
    let counts = [
        (agenda.catch_ups_total, Part::CatchUps),
        (agenda.birthdays.len(), Part::Birthdays),
        (agenda.questions_i_owe.len(), Part::Questions),
        (agenda.my_turn.len(), Part::Replies),
    ];
    let parts: Vec<String> = counts.iter().filter(|(n, _)| *n > 0).map(|(n, part)| part.words(*n, lang)).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The notification's title, the card's: "This week".
pub fn title(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "This week",
        Lang::Fr => "Cette semaine",
    }
}

/// What a test notification says when the agenda is empty.
pub fn nothing_due(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Nothing due in the next days: no catch-up, birthday or reply waiting.",
        Lang::Fr => {
            "Rien d’attendu ces prochains jours\u{a0}: aucune reprise de contact, aucun anniversaire, aucune réponse."
        }
    }
}

#[derive(Clone, Copy)]
enum Part {
    CatchUps,
    Birthdays,
    Questions,
    Replies,
}

impl Part {
    fn words(self, n: usize, lang: Lang) -> String {
        // English and French both take the singular for 1 only here (French for 0 too, but a
        // zero count is never said).
        let one = n == 1;
        let noun = match (lang, self, one) {
            (Lang::En, Part::CatchUps, true) => "catch-up due",
            (Lang::En, Part::CatchUps, false) => "catch-ups due",
            (Lang::En, Part::Birthdays, true) => "birthday",
            (Lang::En, Part::Birthdays, false) => "birthdays",
            (Lang::En, Part::Questions, true) => "question you owe",
            (Lang::En, Part::Questions, false) => "questions you owe",
            (Lang::En, Part::Replies, true) => "reply to write",
            (Lang::En, Part::Replies, false) => "replies to write",
            (Lang::Fr, Part::CatchUps, true) => "personne à recontacter",
            (Lang::Fr, Part::CatchUps, false) => "personnes à recontacter",
            (Lang::Fr, Part::Birthdays, true) => "anniversaire",
            (Lang::Fr, Part::Birthdays, false) => "anniversaires",
            (Lang::Fr, Part::Questions, true) => "question en attente de vous",
            (Lang::Fr, Part::Questions, false) => "questions en attente de vous",
            (Lang::Fr, Part::Replies, true) => "réponse à écrire",
            (Lang::Fr, Part::Replies, false) => "réponses à écrire",
        };
        format!("{n} {noun}")
    }
}

/// The reminder's settings as the window shows them, with the day of the last summary.
#[derive(Debug, Clone, Serialize)]
pub struct ReminderState {
    #[serde(flatten)]
    pub settings: ReminderSettings,
    pub last_day: Option<NaiveDate>,
}

impl Service {
    /// The user's choice (off at 09:00 when none was made) and the day of the last summary.
    pub fn reminder_state(&self) -> Result<ReminderState> {
        let (settings, last_day) = self.read(|s| Ok((s.setting(SETTINGS_KEY)?, s.setting(LAST_DAY_KEY)?)))?;
        // A stored value this version cannot read counts as no choice, never as "on".
        let settings = settings.and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
        let last_day = last_day.and_then(|v| serde_json::from_value(v).ok());
        Ok(ReminderState { settings, last_day })
    }

    /// Keeps the user's choice; a time that is not `HH:MM` is refused with nothing written.
    pub fn set_reminder_settings(&self, settings: &ReminderSettings) -> Result<ReminderState> {
        settings.time_of_day()?;
        let value = serde_json::to_value(settings).map_err(|e| Failure::internal(e.to_string()))?;
        self.write_setting_quietly(SETTINGS_KEY, &value)?;
        self.reminder_state()
    }

    /// The summary to send at `now` (local time), if one is due: it marks the day first, so a
    /// failed send or a restart never brings a second one the same day. `None` when it is not
    /// due, or is due but the agenda is empty (the day counts as done all the same).
    pub fn reminder_due(&self, now: NaiveDateTime) -> Result<Option<(Lang, String)>> {
        let state = self.reminder_state()?;
        let Ok(at) = state.settings.time_of_day() else { return Ok(None) };
        if !is_due(now, state.settings.on, at, state.last_day) {
            return Ok(None);
        }
        let today = now.date();
        let words = summary(&self.agenda_on(today)?, state.settings.lang);
        let day = serde_json::to_value(today).map_err(|e| Failure::internal(e.to_string()))?;
        self.write_setting_quietly(LAST_DAY_KEY, &day)?;
        Ok(words.map(|w| (state.settings.lang, w)))
    }

    /// What a test notification says now, in `lang`, whatever the schedule.
    pub fn reminder_preview(&self, today: NaiveDate, lang: Lang) -> Result<String> {
        let words = summary(&self.agenda_on(today)?, lang);
        Ok(words.unwrap_or_else(|| nothing_due(lang).to_owned()))
    }

    fn agenda_on(&self, today: NaiveDate) -> Result<Agenda> {
        self.read_with_directory(|s, d| {
            agenda::agenda(d, d.open_loops(s)?, &s.birthdays()?, today, agenda::DEFAULT_DAYS)
        })
    }

    /// Writes a setting that no measure reads, without telling the window or dropping the
    /// caches: nothing it shows changed. The connection's own token is brought up to date, so the
    /// write is not taken for another program's.
    fn write_setting_quietly(&self, key: &str, value: &serde_json::Value) -> Result<()> {
        self.with_open(|open| {
            open.store.set_setting(key, value)?;
            open.seen_token = open.store.data_token().ok();
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap().and_hms_opt(hour, minute, 0).unwrap()
    }

    #[test]
    fn due_from_the_chosen_time_once_a_day_and_never_when_off() {
        let nine = parse_time("09:00").unwrap();
        assert!(!is_due(at(5, 8, 59), true, nine, None), "before the time");
        assert!(is_due(at(5, 9, 0), true, nine, None), "at the time");
        assert!(is_due(at(5, 15, 30), true, nine, None), "started after the time");
        let today = Some(at(5, 0, 0).date());
        assert!(!is_due(at(5, 9, 1), true, nine, today), "twice the same day");
        assert!(!is_due(at(6, 8, 0), true, nine, today), "the next day, before the time");
        assert!(is_due(at(6, 9, 0), true, nine, today), "the next day at the time");
        assert!(!is_due(at(5, 9, 0), false, nine, None), "switched off");
    }

    #[test]
    fn a_time_is_hh_mm() {
        assert_eq!(parse_time("07:05").unwrap(), NaiveTime::from_hms_opt(7, 5, 0).unwrap());
        for bad in ["7:05", "24:00", "09:60", "", "09:00:00", "nine"] {
            let err = parse_time(bad).unwrap_err();
            assert_eq!(err.reason().key(), "reminder_time", "{bad}");
        }
    }
}
