//! This week: the agenda from the cached directory, and its calendar file written as exports are.

use std::path::Path;

use rapport_core::agenda::{self, ics, Agenda};
use rapport_core::charts::Lang;
use rapport_core::directory::Directory;
use rapport_core::Store;

use crate::files::{Destination, SavedFile};
use crate::{Result, Service};

impl Service {
    /// The agenda for the `days` days from today (the computer's local date), measured from the
    /// directory the contact list uses.
    pub fn agenda(&self, days: i64) -> Result<Agenda> {
        self.agenda_meanwhile(days, || {})
    }

    /// [`Service::agenda`], with `meanwhile` run as it reads the open questions (the tests').
    fn agenda_meanwhile(&self, days: i64, meanwhile: impl FnOnce()) -> Result<Agenda> {
        agenda::check_days(days)?;
        let today = chrono::Local::now().date_naive();
        self.read_beside_the_lock(|s, d| {
            meanwhile();
            agenda::agenda(d, d.open_loops(s)?, &s.birthdays()?, today, days)
        })
    }

    /// Runs `work`, which reads, with the directory of every contact's measures, on a connection
    /// of its own outside the service's lock: the open questions of a large network take tens of
    /// milliseconds to read (hundreds on a busy machine), which the window's other calls (the
    /// chart, the contact a user opens next) need not wait for. Only the directory is taken under
    /// the lock. A write committed meanwhile may show in what `work` reads and not yet in the
    /// directory; its change event makes the window ask again. An encrypted database, one in
    /// memory or one that does not open a second time is read under the lock, as before. The
    /// connection is opened read-only (nothing created or migrated) and held with the swap gate
    /// ([`crate::gate`]): a restore or encryption waits until it is closed.
    #[track_caller]
    pub(crate) fn read_beside_the_lock<T>(
        &self,
        work: impl FnOnce(&Store, &Directory) -> rapport_core::Result<T>,
    ) -> Result<T> {
        // Declared before the connection, so dropped after it.
        let beside = self.inner.swap_gate.beside();
        let own = self
            .db_path()
            .filter(|db| !rapport_core::crypt::is_encrypted(db).unwrap_or(true))
            .and_then(|db| Store::open_read_only(db).ok());
        let Some(own) = own else {
            drop(beside);
            return self.read_with_directory(work);
        };
        // Measured (or waited for) as every caller of the directory does, then held by its `Arc`.
        self.read_with_directory(|_, _| Ok(()))?;
        match self.with_open(|open| Ok(open.fresh_directory()))? {
            Some(directory) => Ok(work(&own, &directory)?),
            // Dropped by a write in between: under the lock, from the directory after it.
            None => self.read_with_directory(work),
        }
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

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use chrono::{TimeZone, Utc};
    use rapport_core::{Channel, ContactFields, NewInteraction, NewQuestion, Party};

    use super::*;

    /// A network with a question put to me, in a database file.
    fn asked(dir: &Path) -> Service {
        let service = Service::open(&dir.join("rapport.db"));
        ask(&service, "Lunch?");
        service
    }

    /// A new contact puts the question `text` to me, now.
    fn ask(service: &Service, text: &str) {
        let bo = service.add_contact(&ContactFields::named("Bo")).unwrap();
        let at = chrono::FixedOffset::east_opt(0).unwrap().from_utc_datetime(&Utc::now().naive_utc());
        let mut call = NewInteraction::new(at, Channel::Message, Party::Them, vec![bo.id]);
        call.questions = vec![NewQuestion { asked_by: Party::Them, text: text.into(), contact: None }];
        service.log_interaction(&call).unwrap();
    }

    /// The questions I owe, as This week reads them.
    fn owed(service: &Service) -> Vec<String> {
        let mut texts: Vec<String> = service.agenda(14).unwrap().questions_i_owe.into_iter().map(|q| q.text).collect();
        texts.sort();
        texts
    }

    /// Whether another call of `service` is answered while `during` runs its `meanwhile`.
    fn served_meanwhile(service: &Service, during: impl FnOnce(&dyn Fn())) -> bool {
        let (answered, heard) = mpsc::channel();
        let other = service.clone();
        let served = std::cell::Cell::new(false);
        during(&|| {
            let answered = answered.clone();
            let other = other.clone();
            std::thread::spawn(move || answered.send(other.is_empty().is_ok()).ok());
            served.set(heard.recv_timeout(Duration::from_secs(5)) == Ok(true));
        });
        served.get()
    }

    #[test]
    fn the_window_is_served_while_the_agenda_reads_the_open_questions() {
        let dir = tempfile::tempdir().unwrap();
        let service = asked(dir.path());
        let mut agenda = None;
        let served = served_meanwhile(&service, |meanwhile| agenda = Some(service.agenda_meanwhile(14, meanwhile)));
        assert!(served, "another call waited for the agenda");
        let texts: Vec<String> = agenda.unwrap().unwrap().questions_i_owe.into_iter().map(|q| q.text).collect();
        assert_eq!(texts, ["Lunch?"], "and the agenda is the same");
    }

    #[test]
    fn open_loops_are_read_beside_the_lock_too_and_a_database_in_memory_under_it() {
        let dir = tempfile::tempdir().unwrap();
        let service = asked(dir.path());
        let read = |meanwhile: &dyn Fn()| {
            drop(service.read_beside_the_lock(|s, d| {
                meanwhile();
                d.open_loops(s)
            }))
        };
        assert!(served_meanwhile(&service, read));
        assert_eq!(service.open_loops().unwrap().i_owe.len(), 1);
        // In memory there is no second connection: the same answer, under the lock.
        let in_memory = Service::from_store(Store::open_in_memory().unwrap());
        ask(&in_memory, "Tea?");
        assert_eq!(in_memory.open_loops().unwrap().i_owe.len(), 1);
        assert_eq!(owed(&in_memory), ["Tea?"]);
    }

    /// A restore while This week reads on its own connection waits until that connection is
    /// closed (on Windows the file could not be replaced under it; on Unix it would go on reading
    /// the old file), and the next read sees the restored content.
    #[test]
    fn a_restore_waits_for_the_agenda_s_own_connection_and_the_next_read_sees_the_restored_file() {
        let dir = tempfile::tempdir().unwrap();
        let service = asked(dir.path());
        let backup = service.backup_now().unwrap();
        ask(&service, "Dinner?");
        assert_eq!(owed(&service), ["Dinner?", "Lunch?"]);

        let mut restore = None;
        let mut restored_meanwhile = None;
        let read = service.agenda_meanwhile(14, || {
            let other = service.clone();
            let path = backup.path.clone();
            let running = std::thread::spawn(move || other.restore_file(&path));
            std::thread::sleep(Duration::from_millis(300));
            restored_meanwhile = Some(running.is_finished());
            restore = Some(running);
        });
        assert_eq!(restored_meanwhile, Some(false), "the restore replaced the file under an open connection");
        let texts: Vec<String> = read.unwrap().questions_i_owe.into_iter().map(|q| q.text).collect();
        assert_eq!(texts.len(), 2, "the read began before the restore, and ends on the same file");
        restore.unwrap().join().unwrap().unwrap();
        assert_eq!(owed(&service), ["Lunch?"], "the next read is of the restored file");
    }

    /// An encrypted database has no second connection without its key: This week is read under
    /// the lock, and answers the same.
    #[cfg(feature = "encryption")]
    #[test]
    fn the_agenda_of_an_encrypted_database_is_read_under_the_lock_and_right() {
        let dir = tempfile::tempdir().unwrap();
        let keychain = std::sync::Arc::new(rapport_core::crypt::MemoryKeychain::default());
        let service = Service::open_with_keychain(&dir.path().join("rapport.db"), keychain);
        ask(&service, "Lunch?");
        service.enable_encryption().unwrap();
        assert!(rapport_core::crypt::is_encrypted(service.db_path().unwrap()).unwrap());
        ask(&service, "Dinner?");
        assert_eq!(owed(&service), ["Dinner?", "Lunch?"]);
        assert_eq!(service.open_loops().unwrap().i_owe.len(), 2);
    }
}
