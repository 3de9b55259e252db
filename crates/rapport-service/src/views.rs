//! The operations the window and the CLI call: whole views read in one call, and every write,
//! each saying what it changed. Each is a thin wrapper over the core; what a view is made of
//! lives in the core's measures and directory, so both callers show the same numbers.

use std::path::Path;

use chrono::{DateTime, Utc};
use rapport_core::backup::{BackupInfo, RestoreReport};
use rapport_core::charts::{self, ChartKind, ChartOptions, Lang};
use rapport_core::directory::{ContactListQuery, ContactPage, OpenLoops};
use rapport_core::import::{FileStamp, ImportOptions, OnProgress, Parsed, Preview};
use rapport_core::measures::{self, ContactMeasures, Dashboard, ModelSettings, Report, Secs, Suggestions, Why};
use rapport_core::store::Merge;
use rapport_core::*;
use rapport_demo::synthetic::{HeavySpec, HeavyStats};
/// What [`Service::load_demo`] returns, so that its callers need not name rapport-demo.
pub use rapport_demo::DemoSummary;
use serde::Serialize;

/// The files written for the user, here too since the window's commands name them from here.
pub use crate::files::{Destination, ExportFormat, Exported, FileFormat, SavedFile};
use crate::{Change, Failure, Result, Service, SharedKeychain};

/// Everything a contact's page shows but its chart, read in one call under one lock, so the
/// parts always agree with each other.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub contact: Contact,
    /// Every interaction they took part in, newest first.
    pub interactions: Vec<Interaction>,
    /// Their open questions, both ways.
    pub open_questions: Vec<Question>,
    /// Their value items, both ways (the give/take ledger).
    pub value_items: Vec<ValueItem>,
    /// Their measures now; `None` for an archived contact, with the reason in `no_measures`.
    pub measures: Option<ContactMeasures>,
    /// Why there are no measures (core's reason, as a failure the window words in its language).
    pub no_measures: Option<crate::Failure>,
}

/// The dashboard as the window shows it, with the names of the contacts its "why it moved"
/// mentions (archived ones included): the window need not list every contact to word it.
#[derive(Debug, Clone, Serialize)]
pub struct DashboardView {
    #[serde(flatten)]
    pub dashboard: Dashboard,
    /// Display name by contact id, for every contact in `why.moves[].contacts`.
    pub names: std::collections::BTreeMap<ContactId, String>,
    /// Measured before the data changed (kept from an earlier run today, before another
    /// program's write; or before a write of this window that it could not follow at once) and
    /// being measured again: the window says so until the change event that replaces it.
    pub updating: bool,
    /// The network charts (by kind) that are served as measured before this window's latest
    /// writes while the warm-up measures them again: the window marks them on their tab until
    /// the change event that replaces them.
    pub charts_updating: Vec<ChartKind>,
}

/// How many prepared charts the service keeps at most.
const MAX_CACHED_CHARTS: usize = 32;

/// What a chart's numbers depend on: its kind, contact, start, language (the months' names) and
/// day. Theme and size only change the drawing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub(crate) struct ChartKey {
    kind: ChartKind,
    contact: Option<ContactId>,
    from: Option<i64>,
    lang: String,
    pub(crate) day: i64,
}

impl ChartKey {
    pub(crate) fn of(o: &ChartOptions) -> ChartKey {
        ChartKey {
            kind: o.kind,
            contact: o.contact,
            from: o.from,
            lang: if ChartKey::words_matter(o.kind) { format!("{:?}", o.lang) } else { String::new() },
            day: o.to.div_euclid(86_400),
        }
    }

    /// The network's reactions chart reads only the posts and their reactions, which every write
    /// to them announces as changing everything (corrections.rs, `Deleted::touched`): a write to
    /// a few contacts leaves it as it is.
    pub(crate) fn unchanged_by_a_write_to_contacts(&self) -> bool {
        self.kind == ChartKind::Reactions && self.contact.is_none()
    }

    /// A network chart that reads every tie's history (its numbers move with any log) and that
    /// no kept series follows: after a write to a few contacts it is served as it was, marked,
    /// until the warm-up measures it again, rather than waiting seconds for it.
    pub(crate) fn earlier(&self) -> bool {
        self.contact.is_none()
            && matches!(self.kind, ChartKind::GiveTake | ChartKind::FollowThrough | ChartKind::Calendar)
    }

    /// The monthly charts carry their labels in their numbers; the others draw words only.
    pub(crate) fn words_matter(kind: ChartKind) -> bool {
        matches!(kind, ChartKind::GiveTake | ChartKind::FollowThrough)
    }
}

impl crate::Open {
    /// After a write to a few contacts: keeps the network's reactions chart (unchanged) and,
    /// where a warm-up follows every change (the app), the charts [`ChartKey::earlier`] serves
    /// marked until it lands; drops the rest. An earlier chart already kept stays: it is older
    /// still, and marked the same.
    pub(crate) fn keep_earlier_charts(&mut self) {
        for (key, data) in std::mem::take(&mut self.charts) {
            if key.unchanged_by_a_write_to_contacts() {
                self.charts.insert(key, data);
            } else if self.warm_ups_follow && key.earlier() {
                self.earlier_charts.insert(key, data);
            }
        }
    }

    /// The kinds of the network charts served as measured before a write (see
    /// [`DashboardView::charts_updating`]).
    pub(crate) fn charts_updating(&self) -> Vec<ChartKind> {
        let mut kinds: Vec<ChartKind> = self.earlier_charts.keys().map(|key| key.kind).collect();
        kinds.sort_unstable_by_key(|kind| ChartKind::ALL.iter().position(|k| k == kind));
        kinds.dedup();
        kinds
    }
}

/// Why a contact has no measures: unknown, or archived (archived contacts leave the measures,
/// so the caller says so rather than "not found" for a person the user can see). Both keep the
/// `not_found` code.
fn no_measures(store: &Store, id: ContactId) -> Error {
    match store.contact(id) {
        Ok(c) if c.archived => Error::NoMatch(Reason::ArchivedNoMeasures { name: c.fields.display_name }),
        _ => Error::not_found("contact", id.0),
    }
}

/// Contacts.
impl Service {
    pub fn list_contacts(&self, query: &ContactQuery) -> Result<Vec<ContactSummary>> {
        self.read(|s| s.list_contacts(query))
    }

    pub fn contact(&self, id: ContactId) -> Result<Contact> {
        self.read(|s| s.contact(id))
    }

    pub fn add_contact(&self, fields: &ContactFields) -> Result<Contact> {
        self.write(|s| s.add_contact(fields).map(|c| (c.clone(), Change::contact(c.id))))
    }

    pub fn update_contact(&self, id: ContactId, fields: &ContactFields) -> Result<Contact> {
        self.write(|s| s.update_contact(id, fields).map(|c| (c, Change::contact(id))))
    }

    /// Archiving takes a contact out of every measure of the network, hence everything.
    pub fn set_archived(&self, id: ContactId, archived: bool) -> Result<Contact> {
        self.write_all(|s| s.set_archived(id, archived))
    }

    /// Merges `merged` into `kept`; the reply's id undoes it with [`Service::undo_merge`].
    pub fn merge_contacts(&self, kept: ContactId, merged: ContactId) -> Result<Merge> {
        self.write_all(|s| s.merge_contacts(kept, merged))
    }

    pub fn undo_merge(&self, id: i64) -> Result<Contact> {
        self.write_all(|s| s.undo_merge(id))
    }

    pub fn list_circles(&self) -> Result<Vec<Circle>> {
        self.read(Store::list_circles)
    }

    /// A contact's page in one call: the contact, their history, open questions, value and
    /// measures. An unknown contact is `not_found`.
    pub fn contact_view(&self, id: ContactId) -> Result<ContactView> {
        let at = Utc::now().timestamp();
        self.read(|s| {
            let contact = s.contact(id)?;
            let interactions = s.list_interactions(&InteractionQuery { contact: Some(id), ..Default::default() })?;
            let open_questions =
                s.list_questions(&QuestionQuery { contact: Some(id), open_only: true, asked_by: None })?;
            let value_items = s.list_value_items(id)?;
            let measures = measures::contact_measures(&s.contact_history(id)?, id, at, &s.model_settings()?);
            let no_measures = measures.is_none().then(|| crate::Failure::from(no_measures(s, id)));
            Ok(ContactView { contact, interactions, open_questions, value_items, measures, no_measures })
        })
    }

    /// One page of the contact list, searched, filtered and sorted from the cached measures.
    pub fn contact_page(&self, query: &ContactListQuery) -> Result<ContactPage> {
        self.read_with_directory(|s, d| d.page(s, query))
    }

    /// The questions I owe, those I wait on, and the conversations where it is my turn: read
    /// beside the lock (agenda.rs), as the agenda reads them.
    pub fn open_loops(&self) -> Result<OpenLoops> {
        self.read_beside_the_lock(|s, d| d.open_loops(s))
    }

    /// The same, each list cut to its first `rows` (with the counts of the whole lists): what the
    /// window draws first.
    pub fn open_loops_first(&self, rows: usize) -> Result<OpenLoops> {
        Ok(self.open_loops()?.first(rows))
    }

    /// What I owe, as the sidebar's badge counts it ([`OpenLoops::owed`]), without the lists:
    /// on a large network they are thousands of rows the badge does not show.
    pub fn loops_owed(&self) -> Result<usize> {
        self.read_with_directory(|s, d| d.owed(s))
    }
}

/// Interactions, questions, value.
impl Service {
    /// Logs an interaction; it changes what its participants took part in.
    pub fn log_interaction(&self, new: &NewInteraction) -> Result<Interaction> {
        self.write(|s| {
            let logged = s.log_interaction(new)?;
            let touched = logged.participants.iter().map(|p| p.id).collect();
            Ok((logged, Change::Contacts(touched)))
        })
    }

    pub fn list_interactions(&self, query: &InteractionQuery) -> Result<Vec<Interaction>> {
        self.read(|s| s.list_interactions(query))
    }

    pub fn list_questions(&self, query: &QuestionQuery) -> Result<Vec<Question>> {
        self.read(|s| s.list_questions(query))
    }

    pub fn answer_question(&self, question: QuestionId, answered_in: InteractionId) -> Result<Question> {
        self.write_all(|s| s.answer_question(question, answered_in))
    }

    pub fn list_value_items(&self, contact: ContactId) -> Result<Vec<ValueItem>> {
        self.read(|s| s.list_value_items(contact))
    }
}

/// Posts and reactions.
impl Service {
    pub fn list_posts(&self) -> Result<Vec<Post>> {
        self.read(Store::list_posts)
    }

    pub fn add_post(&self, post: &NewPost) -> Result<Post> {
        self.write_all(|s| s.add_post(post))
    }

    pub fn add_reaction(&self, reaction: &NewReaction) -> Result<Reaction> {
        self.write_all(|s| s.add_reaction(reaction))
    }

    /// My reply to a comment: an interaction with the commenter, the comment marked replied.
    pub fn reply_to_comment(&self, reaction: ReactionId, reply: &NewReply) -> Result<Interaction> {
        self.write_all(|s| s.reply_to_comment(reaction, reply))
    }
}

/// Measures, charts and the model.
impl Service {
    /// The dashboard at `at`: the index and its components, why it moved over the last 30 days,
    /// the suggestions and the strongest ties, all from one load of the history.
    pub fn dashboard(&self, at: DateTime<Utc>) -> Result<Dashboard> {
        let at = rapport_core::time::check_in_range("at", at)?;
        self.read(|s| Ok(measures::dashboard(&s.history()?, at, &s.model_settings()?)))
    }

    /// The dashboard now, kept until the next change or for a few minutes (the measures move
    /// with the clock, slowly: a decay over minutes changes no figure shown), so coming back to it
    /// does not measure the whole network again.
    pub fn dashboard_now(&self) -> Result<Dashboard> {
        Ok(self.dashboard_now_marked()?.0)
    }

    /// [`Service::dashboard_now`], and whether it is being brought up to date (see
    /// [`DashboardView::updating`]).
    fn dashboard_now_marked(&self) -> Result<(Dashboard, bool)> {
        // A warm-up, or the live dashboard following a write off the lock, is about to give it.
        if !self.with_open(|open| Ok(open.dashboard_current()))? {
            self.wait_for_warm_up(crate::Open::dashboard_current);
        }
        // Where a window stays open on the data (views kept), writes will follow: keep what the
        // dashboard is made of so that they can update it (crate::live).
        let keep_live = self.inner.kept_file.get().is_some();
        self.with_open(|open| {
            open.follow_writes();
            if let Some((built, dashboard)) = &open.dashboard {
                if built.elapsed() < crate::DASHBOARD_MAX_AGE {
                    let behind = open.kept_outdated || open.dashboard_behind || open.charts_behind();
                    return Ok((Dashboard::clone(dashboard), behind));
                }
            }
            let (history, settings) = (open.store.history()?, open.store.model_settings()?);
            let measures::DashboardParts { dashboard, report, before, strength_then } =
                measures::dashboard_parts(&history, Utc::now().timestamp(), &settings);
            open.live =
                keep_live.then(|| crate::live::LiveDashboard::new(&history, report, before, strength_then, &settings));
            open.live_pending.clear();
            open.dashboard_behind = false;
            open.dashboard = Some((std::time::Instant::now(), std::sync::Arc::new(dashboard.clone())));
            Ok((dashboard, false))
        })
    }

    /// The dashboard at `at` (now, from the cache, when `None`), with the names it mentions.
    pub fn dashboard_view(&self, at: Option<DateTime<Utc>>) -> Result<DashboardView> {
        let (dashboard, updating) = match at {
            Some(at) => (self.dashboard(at)?, false),
            None => self.dashboard_now_marked()?,
        };
        let mentioned: std::collections::BTreeSet<ContactId> =
            dashboard.why.moves.iter().flat_map(|m| m.contacts.iter().copied()).collect();
        // Deleted since: the window words the move without the name.
        let names = self.read(|s| s.display_names(mentioned))?.into_iter().collect();
        let charts_updating = self.with_open(|open| Ok(open.charts_updating()))?;
        Ok(DashboardView { dashboard, names, updating, charts_updating })
    }

    /// One contact's measures now, from their own part of the history only. An unknown contact
    /// is `not_found`; an archived one has no measures, and the message says so.
    pub fn contact_measures(&self, id: ContactId) -> Result<ContactMeasures> {
        let at = Utc::now().timestamp();
        self.read(|s| {
            measures::contact_measures(&s.contact_history(id)?, id, at, &s.model_settings()?)
                .ok_or_else(|| no_measures(s, id))
        })
    }

    /// One chart as SVG text (docs/charts.md). A chart of one contact reads only that contact's
    /// part of the history.
    pub fn chart_svg(&self, options: &ChartOptions) -> Result<String> {
        let data = self.chart_data(options)?;
        Ok(charts::draw_svg(&data, options)?)
    }

    /// A chart's numbers, prepared once per day and kept until the next change: switching tabs or
    /// coming back to the dashboard redraws them without walking the history again.
    pub(crate) fn chart_data(&self, options: &ChartOptions) -> Result<std::sync::Arc<charts::ChartData>> {
        let key = ChartKey::of(options);
        // A warm-up prepares the network's charts, not one contact's: only those are worth
        // waiting for, and not the index and layers charts the kept series draws after a write.
        let ready = |open: &crate::Open| {
            open.charts.contains_key(&key)
                || open.earlier_charts.contains_key(&key)
                || open.series.as_ref().is_some_and(|s| s.serves(options))
        };
        if options.contact.is_none() && !self.with_open(|open| Ok(ready(open)))? {
            self.wait_for_warm_up(ready);
        }
        self.with_open(|open| {
            if let Some(data) = open.charts.get(&key) {
                return Ok(std::sync::Arc::clone(data));
            }
            if let Some(data) = open.chart_from_series(options) {
                // Kept until the next change, as a chart measured here would be.
                if open.charts.len() >= MAX_CACHED_CHARTS {
                    open.charts.clear();
                }
                open.charts.insert(key, std::sync::Arc::clone(&data));
                return Ok(data);
            }
            if let Some(data) = open.earlier_charts.get(&key) {
                return Ok(std::sync::Arc::clone(data));
            }
            let s = &open.store;
            let history = match options.contact {
                Some(id) if options.kind.takes_contact() => s.contact_history(id)?,
                _ => s.history()?,
            };
            let data = std::sync::Arc::new(charts::prepare(&history, options, &s.model_settings()?)?);
            // A window asks for a handful of charts; a bound keeps a long session's cache small.
            if open.charts.len() >= MAX_CACHED_CHARTS {
                open.charts.clear();
            }
            open.charts.insert(key, std::sync::Arc::clone(&data));
            Ok(data)
        })
    }

    pub fn model_settings(&self) -> Result<ModelSettings> {
        self.read(Store::model_settings)
    }

    /// Saves the settings core accepts and returns them as stored; an invalid value writes nothing.
    pub fn set_model_settings(&self, settings: &ModelSettings) -> Result<ModelSettings> {
        self.write_all(|s| s.set_model_settings(settings).and_then(|()| s.model_settings()))
    }

    /// Loads the demo network into an empty database, in `lang`.
    pub fn load_demo(&self, lang: Lang) -> Result<DemoSummary> {
        self.write_all(|s| rapport_demo::load_demo_in(s, Utc::now(), lang))
    }
}

/// Opening, for a caller that runs one command and exits (the CLI).
impl Service {
    /// As [`Service::open_with_keychain`], but given `passphrase` an encrypted database opens with
    /// it (as core's `Store::open_with_key` does), and its key goes back into the keychain when
    /// the keychain takes it: the CLI's `$RAPPORT_PASSPHRASE`, for runs without a keychain.
    pub fn open_with_passphrase(path: &Path, keychain: SharedKeychain, passphrase: Option<&str>) -> Service {
        let store = Store::open_with_key(path, &*keychain, passphrase).map(crate::share).map_err(Failure::from);
        Service::new(Some(path.to_path_buf()), store, keychain)
    }

    /// Why the database could not be opened, if it could not: every call would fail with this.
    pub fn open_error(&self) -> Option<Failure> {
        self.shared().err()
    }
}

/// What the CLI asks and the window does not (yet): each one store call.
impl Service {
    /// The one contact that `text` names: an id, `#id`, an exact name or a unique part of one.
    pub fn resolve_contact(&self, text: &str) -> Result<ContactId> {
        self.read(|s| s.resolve_contact(text))
    }

    /// No contact yet.
    pub fn is_empty(&self) -> Result<bool> {
        self.read(Store::is_empty)
    }

    pub fn circle(&self, id: CircleId) -> Result<Circle> {
        self.read(|s| s.circle(id))
    }

    /// A circle's cadence is its members' (unless their own), hence everything.
    pub fn add_circle(&self, name: &str, cadence_days: Option<u32>) -> Result<Circle> {
        self.write_all(|s| s.add_circle(name, cadence_days))
    }

    pub fn update_circle(&self, id: CircleId, name: &str, cadence_days: Option<u32>) -> Result<Circle> {
        self.write_all(|s| s.update_circle(id, name, cadence_days))
    }

    pub fn interaction(&self, id: InteractionId) -> Result<Interaction> {
        self.read(|s| s.interaction(id))
    }

    pub fn question(&self, id: QuestionId) -> Result<Question> {
        self.read(|s| s.question(id))
    }

    /// Opens an answered question again; it changes its contact's follow-through.
    pub fn reopen_question(&self, id: QuestionId) -> Result<Question> {
        self.write(|s| s.reopen_question(id).map(|q| (q.clone(), Change::contact(q.contact))))
    }

    /// The index and every tie's measures at `at`.
    pub fn report(&self, at: Secs) -> Result<Report> {
        self.read(|s| Ok(measures::report(&s.history()?, at, &s.model_settings()?)))
    }

    /// Why the index moved between two dates.
    pub fn why(&self, from: Secs, to: Secs) -> Result<Why> {
        self.read(|s| Ok(measures::why(&s.history()?, from, to, &s.model_settings()?)))
    }

    /// The suggestions at `at`; quiet turns are left out, as Open loops folds them.
    pub fn suggestions(&self, at: Secs) -> Result<Suggestions> {
        self.read(|s| Ok(measures::suggest(&s.history()?, at, &s.model_settings()?)))
    }

    /// Writes the benchmark's synthetic network, ending at `until`, into an empty database.
    pub fn load_synthetic(&self, spec: &HeavySpec, until: Secs) -> Result<HeavyStats> {
        self.write_all(|s| rapport_demo::synthetic::generate(s, spec, until, |_, _| {}))
    }

    /// What importing `parsed` would do; writes nothing.
    pub fn import_preview(&self, parsed: &Parsed, progress: OnProgress<'_>) -> Result<Preview> {
        self.read(|s| import::preview(s, parsed, progress))
    }

    /// Imports `parsed` in one transaction: all of it or nothing.
    pub fn import_apply(&self, parsed: &Parsed, options: &ImportOptions, progress: OnProgress<'_>) -> Result<Preview> {
        self.write_all(|s| import::apply(s, parsed, options, progress))
    }

    /// What importing the file at `path` would do, reading it again at each step instead of
    /// holding it; writes nothing.
    pub fn import_preview_file(
        &self,
        path: &std::path::Path,
        options: &ImportOptions,
        progress: OnProgress<'_>,
    ) -> Result<Preview> {
        self.read(|s| import::preview_file(s, path, options, progress))
    }

    /// Imports the file at `path`, all of it or nothing, reading it again at each step.
    pub fn import_apply_file(
        &self,
        path: &std::path::Path,
        options: &ImportOptions,
        progress: OnProgress<'_>,
    ) -> Result<Preview> {
        self.write_all(|s| import::apply_file(s, path, options, progress))
    }

    /// [`Service::import_preview_file`], with the file's stamp for
    /// [`Service::import_apply_previewed_file`] (the window applies a preview the user looked at).
    ///
    /// A database file is read on a connection of its own, outside the service's lock: the
    /// preview of a large file takes minutes, and the window's other calls need not wait for
    /// it. It only reads; the apply, under the lock, matches again, so a write (or a restore)
    /// meanwhile can make the preview stale, never the import wrong.
    pub fn import_preview_file_stamped(
        &self,
        path: &std::path::Path,
        options: &ImportOptions,
        progress: OnProgress<'_>,
    ) -> Result<(Preview, FileStamp)> {
        // The store's own state first: a locked or unreadable database answers as every call does.
        self.read(|_| Ok(()))?;
        match self.db_path().map(|db| Store::open_with_key(db, &*self.inner.keychain, None)) {
            Some(Ok(own)) => Ok(import::preview_file_stamped(&own, path, options, progress)?),
            // In memory, or a key that only the open connection holds (unlocked by its
            // passphrase where no keychain keeps it): under the lock, as before.
            _ => self.read(|s| import::preview_file_stamped(s, path, options, progress)),
        }
    }

    /// Imports a previewed file as [`Service::import_apply_file`] does; refused, nothing written,
    /// when the file changed since its preview.
    pub fn import_apply_previewed_file(
        &self,
        path: &std::path::Path,
        options: &ImportOptions,
        previewed: FileStamp,
        progress: OnProgress<'_>,
    ) -> Result<Preview> {
        // Reading, matching and staging a large file take seconds to minutes: on a connection of
        // its own, outside the service's lock, so the window's other calls go on meanwhile; the
        // database's write lock is held only while core moves the staged rows in.
        self.read(|_| Ok(()))?;
        match self.db_path().map(|db| Store::open_with_key(db, &*self.inner.keychain, None)) {
            Some(Ok(mut own)) => {
                let preview = import::apply_file_stamped(&mut own, path, options, previewed, progress)?;
                drop(own);
                // The caches follow, and the window hears of its own write as of any other.
                self.write_all(|_| Ok(()))?;
                Ok(preview)
            }
            // In memory, or a key only the open connection holds: under the lock, as before.
            _ => self.write_all(|s| import::apply_file_stamped(s, path, options, previewed, progress)),
        }
    }

    /// A consistent copy of the database into the new file `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.read(|s| s.backup_to(dest))
    }

    /// The backup called `name` in the backups folder.
    pub fn find_backup(&self, name: &str) -> Result<BackupInfo> {
        self.read(|s| s.find_backup(name))
    }

    /// Replaces the database's content with the Rapport database file `source` (checked first);
    /// the current content is saved as a pre-restore backup.
    pub fn restore_backup_file(&self, source: &Path) -> Result<RestoreReport> {
        self.restore_file(source)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, FixedOffset, TimeZone};

    use super::*;

    fn cached(service: &Service) -> usize {
        service.with_open(|open| Ok(open.charts.len())).unwrap()
    }

    #[test]
    fn a_charts_numbers_are_kept_until_the_next_change_from_here_or_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rapport.db");
        let service = Service::open(&path);
        let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
        let at = FixedOffset::east_opt(0).unwrap().from_utc_datetime(&(Utc::now() - Duration::days(3)).naive_utc());
        let call = NewInteraction::new(at, Channel::Call, Party::Me, vec![ana.id]);
        service.log_interaction(&call).unwrap();

        let index = ChartOptions::new(ChartKind::Index, Utc::now().timestamp());
        let first = service.chart_svg(&index).unwrap();
        assert_eq!(cached(&service), 1);
        service.chart_svg(&ChartOptions { theme: charts::Theme::Dark, ..index.clone() }).unwrap();
        assert_eq!(cached(&service), 1, "another theme draws the same numbers");
        assert_eq!(service.chart_svg(&index).unwrap(), first, "the same chart from the kept numbers");

        service.log_interaction(&call).unwrap();
        assert_eq!(cached(&service), 0, "a write drops them");
        service.chart_svg(&index).unwrap();
        assert_eq!(cached(&service), 1);

        let mut cli = Store::open(&path).unwrap();
        cli.log_interaction(&call).unwrap();
        service.check_other_writers();
        assert_eq!(cached(&service), 0, "another program's write drops them too");
    }

    #[test]
    fn a_log_keeps_the_networks_reactions_chart_which_is_still_what_a_full_recompute_gives() {
        let service = Service::from_store(Store::open_in_memory().unwrap());
        service.load_demo(Lang::En).unwrap();
        let reactions = ChartOptions::new(ChartKind::Reactions, Utc::now().timestamp());
        let before = service.chart_data(&reactions).unwrap();
        let tie = service.dashboard_now().unwrap().strongest[0].contact;
        let at = FixedOffset::east_opt(0).unwrap().from_utc_datetime(&Utc::now().naive_utc());
        let mut asked = NewInteraction::new(at, Channel::Message, Party::Them, vec![tie]);
        asked.questions.push(NewQuestion { asked_by: Party::Them, text: "Coffee?".into(), contact: None });
        service.log_interaction(&asked).unwrap();
        let after = service.chart_data(&reactions).unwrap();
        assert!(std::sync::Arc::ptr_eq(&before, &after), "kept, not prepared again");
        let history = service.read(Store::history).unwrap();
        let recomputed = charts::prepare(&history, &reactions, &service.model_settings().unwrap()).unwrap();
        assert_eq!(format!("{after:?}"), format!("{recomputed:?}"));
        let index = ChartOptions::new(ChartKind::Index, Utc::now().timestamp());
        service.chart_data(&index).unwrap();
        service.log_interaction(&asked).unwrap();
        assert_eq!(cached(&service), 1, "the others are dropped");
    }

    #[test]
    fn the_badges_count_is_what_open_loops_count_before_and_after_a_question_put_to_me() {
        let service = Service::from_store(Store::open_in_memory().unwrap());
        service.load_demo(Lang::En).unwrap();
        let owed = service.open_loops().unwrap().owed;
        assert!(owed > 0);
        assert_eq!(service.loops_owed().unwrap(), owed);
        let id = service.dashboard_now().unwrap().strongest[0].contact;
        let at = FixedOffset::east_opt(0).unwrap().from_utc_datetime(&Utc::now().naive_utc());
        let mut asked = NewInteraction::new(at, Channel::Message, Party::Them, vec![id]);
        asked.questions.push(NewQuestion { asked_by: Party::Them, text: "Dinner on Friday?".into(), contact: None });
        service.log_interaction(&asked).unwrap();
        let after = service.open_loops().unwrap().owed;
        assert!(after > owed, "their question is owed");
        assert_eq!(service.loops_owed().unwrap(), after);
    }

    #[test]
    fn the_contact_list_is_sorted_by_name_once_and_a_log_puts_only_its_contact_back_in_place() {
        let service = Service::from_store(Store::open_in_memory().unwrap());
        service.load_demo(Lang::En).unwrap();
        let sorts = |s: &Service| s.with_open(|o| Ok(o.directory.as_ref().map(|(_, d)| d.name_sorts()))).unwrap();
        let first = service.contact_page(&ContactListQuery::default()).unwrap();
        assert_eq!(sorts(&service), Some(1));
        assert_eq!(service.contact_page(&ContactListQuery::default()).unwrap(), first);
        assert_eq!(sorts(&service), Some(1), "nothing changed: the page starts from the kept order");

        let row = &first.contacts[1];
        let at = FixedOffset::east_opt(0).unwrap().from_utc_datetime(&Utc::now().naive_utc());
        service.log_interaction(&NewInteraction::new(at, Channel::Call, Party::Me, vec![row.id])).unwrap();
        let after = service.contact_page(&ContactListQuery::default()).unwrap();
        assert_eq!(sorts(&service), Some(1), "a log puts its contacts back in place, it does not sort again");
        assert_eq!(after.contacts[1].interaction_count, row.interaction_count + 1);
        let ids = |p: &ContactPage| p.contacts.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(&after), ids(&first));
    }

    #[test]
    fn the_dashboard_now_is_kept_until_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let service = Service::open(&dir.path().join("rapport.db"));
        let ana = service.add_contact(&ContactFields::named("Ana")).unwrap();
        let kept = |s: &Service| s.with_open(|open| Ok(open.dashboard.is_some())).unwrap();
        let first = service.dashboard_now().unwrap();
        assert!(kept(&service));
        assert_eq!(service.dashboard_now().unwrap(), first);
        let at = FixedOffset::east_opt(0).unwrap().from_utc_datetime(&(Utc::now() - Duration::days(1)).naive_utc());
        service.log_interaction(&NewInteraction::new(at, Channel::Call, Party::Me, vec![ana.id])).unwrap();
        assert!(!kept(&service), "a write drops it");
        let after = service.dashboard_now().unwrap();
        assert_ne!(after.network.index, first.network.index, "and the next one shows the write");
    }
}
