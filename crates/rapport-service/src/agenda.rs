//! This week: the agenda from the cached directory, and its calendar file written as exports are.

use std::path::Path;

use rapport_core::agenda::{self, ics, Agenda};
use rapport_core::charts::Lang;

use crate::files::{Destination, SavedFile};
use crate::{Result, Service};

impl Service {
    /// The agenda for the `days` days from today (the computer's local date), measured from the
    /// directory the contact list uses.
    pub fn agenda(&self, days: i64) -> Result<Agenda> {
        let today = chrono::Local::now().date_naive();
        self.read_with_directory(|s, d| agenda::agenda(d, d.open_loops(s)?, &s.birthdays()?, today, days))
    }

    /// Writes the calendar file (every birthday, every tie due or overdue for a catch-up), in `lang`, to
    /// `to`, with the guarantees of every file the app writes (files.rs): never over the database,
    /// never over a named file unless forced, never a half-written file under the name.
    ///
    /// The card lists the first [`agenda::MAX_CATCH_UPS`]; the file carries them all, since a
    /// reminder left out of the phone's calendar is a tie forgotten. `days` is checked as the
    /// agenda checks it; the file holds every birthday whatever it says (they are yearly events).
    pub fn save_agenda_calendar(&self, days: i64, lang: Lang, to: &Destination) -> Result<SavedFile> {
        self.check_destination(to)?;
        agenda::check_days(days)?;
        let today = chrono::Local::now().date_naive();
        let (birthdays, catch_ups) =
            self.read_with_directory(|s, d| Ok((s.birthdays()?, agenda::catch_ups(d.all_measures(), d.at()))))?;
        let text = ics::calendar(&birthdays, &catch_ups, chrono::Utc::now(), lang);
        let stem = format!("rapport-agenda-{}", today.format("%Y-%m-%d"));
        let path = self.place_file(to, &stem, "ics", text.as_bytes())?;
        Ok(SavedFile::at(&path, text.len()))
    }

    /// The window's calendar file: into `dir` under a new name, never over an existing file.
    pub fn save_agenda_calendar_in(&self, days: i64, lang: Lang, dir: &Path) -> Result<SavedFile> {
        self.save_agenda_calendar(days, lang, &Destination::NewIn(dir.to_path_buf()))
    }
}
