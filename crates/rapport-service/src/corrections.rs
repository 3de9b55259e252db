//! Correcting what was logged (core's `store::corrections`): every edit and delete says which
//! contacts it changed, so their measures, the lists, charts and open loops follow at once.
//!
//! A delete's undo: the service keeps what the delete removed (core's `Snapshot`) on a shelf,
//! under a token it hands out with the answer, for [`UNDO_FOR`]. The window sends back only that
//! token, never rows of its own making; an unknown or expired token is refused, and so is an undo
//! that something written since would conflict with (core's `undo_delete`), writing nothing.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rapport_core::store::{
    Deleted, InteractionEdit, PostEdit, QuestionEdit, ReactionEdit, Removed, Snapshot, ValueItemEdit,
};
use rapport_core::*;
use serde::Serialize;

use crate::{Change, Result, Service};

/// How long a delete can be undone while the app runs. The window's notice offers Undo for ten
/// seconds; the margin is for a slow click and a busy machine, not for an undo much later, when
/// more has been written around the deleted rows.
pub const UNDO_FOR: Duration = Duration::from_secs(5 * 60);

/// At most this many deletes are kept for undo; a busy minute drops the oldest first.
const MAX_KEPT: usize = 50;

/// What a delete answers: what went, which contacts' measures changed, and the token that undoes
/// it (for [`UNDO_FOR`], through [`Service::undo_delete`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deletion {
    pub removed: Removed,
    pub contacts: Vec<ContactId>,
    pub undo: String,
}

/// The snapshots of recent deletes, by token.
#[derive(Default)]
pub(crate) struct UndoShelf {
    kept: HashMap<String, (Instant, Snapshot)>,
    issued: u64,
}

impl UndoShelf {
    /// Keeps `snapshot`, taken at `now`, and returns its token.
    fn keep(&mut self, snapshot: Snapshot, now: Instant) -> String {
        self.kept.retain(|_, (at, _)| now.saturating_duration_since(*at) < UNDO_FOR);
        while self.kept.len() >= MAX_KEPT {
            let Some(oldest) = self.kept.iter().min_by_key(|(_, (at, _))| *at).map(|(t, _)| t.clone()) else { break };
            self.kept.remove(&oldest);
        }
        self.issued += 1;
        // Unique in this process; the start time keeps a token of an earlier run from matching.
        let token = format!("{:x}-{}", started_nanos(), self.issued);
        self.kept.insert(token.clone(), (now, snapshot));
        token
    }

    /// The snapshot of `token` when it is still kept at `now`.
    fn get(&self, token: &str, now: Instant) -> Option<&Snapshot> {
        self.kept.get(token).filter(|(at, _)| now.saturating_duration_since(*at) < UNDO_FOR).map(|(_, s)| s)
    }
}

fn started_nanos() -> u128 {
    static STARTED: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    *STARTED
        .get_or_init(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()))
}

impl Service {
    /// Changes a logged interaction; it changes the measures of whoever took part before and after.
    pub fn edit_interaction(&self, id: InteractionId, edit: &InteractionEdit) -> Result<Interaction> {
        self.write(|s| {
            let (edited, mut touched) = s.edit_interaction(id, edit)?;
            touched.extend(edited.participants.iter().map(|p| p.id));
            touched.sort();
            touched.dedup();
            Ok((edited, Change::Contacts(touched)))
        })
    }

    pub fn delete_interaction(&self, id: InteractionId) -> Result<Deletion> {
        let deleted = self.write(|s| s.delete_interaction(id).map(|d| (d.clone(), Change::Contacts(d.contacts))))?;
        Ok(self.shelve(deleted, Instant::now()))
    }

    /// What deleting a contact would remove; writes nothing.
    pub fn preview_delete_contact(&self, id: ContactId) -> Result<Removed> {
        self.read(|s| s.preview_delete_contact(id))
    }

    /// A contact leaves the network's measures and lists: everything changes.
    pub fn delete_contact(&self, id: ContactId) -> Result<Deletion> {
        let deleted = self.write_all(|s| s.delete_contact(id))?;
        Ok(self.shelve(deleted, Instant::now()))
    }

    /// Puts back what the delete of `token` removed: the contacts it touched, or everything when
    /// it held contacts or posts. Refused, writing nothing, when the token is unknown or older than
    /// [`UNDO_FOR`], or when something written since is in the way (the contact it belonged to
    /// deleted, its id taken again). An undo done is forgotten: a second one is refused.
    pub fn undo_delete(&self, token: &str) -> Result<()> {
        self.undo_delete_at(token, Instant::now())
    }

    fn undo_delete_at(&self, token: &str, now: Instant) -> Result<()> {
        let snapshot = {
            let shelf = self.inner.undo.lock().unwrap_or_else(|p| p.into_inner());
            shelf.get(token, now).cloned()
        };
        let Some(snapshot) = snapshot else {
            let minutes = (UNDO_FOR.as_secs() / 60) as i64;
            return Err(Error::invalid("undo", Reason::UndoExpired { minutes }).into());
        };
        self.write(|s| {
            s.undo_delete(&snapshot)?;
            Ok(((), snapshot.touched().map_or(Change::Everything, Change::Contacts)))
        })?;
        self.inner.undo.lock().unwrap_or_else(|p| p.into_inner()).kept.remove(token);
        Ok(())
    }

    /// Keeps a delete's snapshot for its undo and answers with the token instead.
    fn shelve(&self, deleted: Deleted, now: Instant) -> Deletion {
        let undo = self.inner.undo.lock().unwrap_or_else(|p| p.into_inner()).keep(deleted.snapshot, now);
        Deletion { removed: deleted.removed, contacts: deleted.contacts, undo }
    }

    pub fn edit_value_item(&self, id: ValueItemId, edit: &ValueItemEdit) -> Result<ValueItem> {
        self.write(|s| s.edit_value_item(id, edit).map(|v| (v.clone(), Change::contact(v.contact))))
    }

    pub fn delete_value_item(&self, id: ValueItemId) -> Result<Deletion> {
        let deleted = self.write(|s| s.delete_value_item(id).map(|d| (d.clone(), Change::Contacts(d.contacts))))?;
        Ok(self.shelve(deleted, Instant::now()))
    }

    pub fn edit_question(&self, id: QuestionId, edit: &QuestionEdit) -> Result<Question> {
        self.write(|s| s.edit_question(id, edit).map(|q| (q.clone(), Change::contact(q.contact))))
    }

    pub fn delete_question(&self, id: QuestionId) -> Result<Deletion> {
        let deleted = self.write(|s| s.delete_question(id).map(|d| (d.clone(), Change::Contacts(d.contacts))))?;
        Ok(self.shelve(deleted, Instant::now()))
    }

    /// A post's time moves the reactions' measures of the whole network.
    pub fn edit_post(&self, id: PostId, edit: &PostEdit) -> Result<Post> {
        self.write_all(|s| s.edit_post(id, edit))
    }

    pub fn delete_post(&self, id: PostId) -> Result<Deletion> {
        let deleted = self.write_all(|s| s.delete_post(id))?;
        Ok(self.shelve(deleted, Instant::now()))
    }

    pub fn edit_reaction(&self, id: ReactionId, edit: &ReactionEdit) -> Result<Reaction> {
        self.write_all(|s| s.edit_reaction(id, edit))
    }

    pub fn delete_reaction(&self, id: ReactionId) -> Result<Deletion> {
        let deleted = self.write_all(|s| s.delete_reaction(id))?;
        Ok(self.shelve(deleted, Instant::now()))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, FixedOffset, TimeZone, Utc};
    use rapport_core::directory::ContactListQuery;

    use super::*;

    fn days_ago(n: i64) -> chrono::DateTime<FixedOffset> {
        FixedOffset::east_opt(0).unwrap().from_utc_datetime(&(Utc::now() - Duration::days(n)).naive_utc())
    }

    #[test]
    fn a_deleted_interaction_leaves_its_contacts_measures_and_list_at_once_and_undo_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let service = Service::open(&dir.path().join("rapport.db"));
        let ana = service.add_contact(&ContactFields::named("Ana")).unwrap().id;
        service.log_interaction(&NewInteraction::new(days_ago(40), Channel::Call, Party::Me, vec![ana])).unwrap();
        let recent =
            service.log_interaction(&NewInteraction::new(days_ago(2), Channel::Call, Party::Me, vec![ana])).unwrap();
        // The row with its strength rounded: measured at a later instant, a strength has decayed a
        // little (in the 8th decimal within a test's seconds), which is not what is compared here.
        let last_seen = |s: &Service| {
            let page = s.contact_page(&ContactListQuery::default()).unwrap();
            let mut row = serde_json::to_value(&page).unwrap()["contacts"][0].clone();
            let strength = row["strength"].as_f64().expect("Ana has a strength");
            row["strength"] = serde_json::json!(format!("{strength:.4}"));
            row
        };
        // Fill the caches first: the directory, the dashboard.
        let listed = last_seen(&service);
        let before = service.contact_measures(ana).unwrap();
        let dashboard = service.dashboard_now().unwrap();

        let deleted = service.delete_interaction(recent.id).unwrap();
        let after = service.contact_measures(ana).unwrap();
        assert_ne!(serde_json::to_value(&after).unwrap(), serde_json::to_value(&before).unwrap());
        assert_ne!(last_seen(&service), listed, "the list's row for Ana follows at once");
        assert_ne!(service.dashboard_now().unwrap().network.index, dashboard.network.index);

        service.undo_delete(&deleted.undo).unwrap();
        assert_eq!(last_seen(&service), listed, "undo brings the row back as it was");

        let edited = service
            .edit_interaction(recent.id, &InteractionEdit { at: Some(days_ago(30)), ..Default::default() })
            .unwrap();
        assert_eq!(edited.at.date_naive(), days_ago(30).date_naive());
        assert_ne!(last_seen(&service), listed, "an edit's new time shows in the list at once");
    }

    /// The database's data token: any committed write renews it.
    fn written(service: &Service) -> i64 {
        service.read(|s| s.data_token()).unwrap()
    }

    #[test]
    fn undo_takes_only_a_token_the_service_kept_once_and_not_after_it_expired() {
        let dir = tempfile::tempdir().unwrap();
        let service = Service::open(&dir.path().join("rapport.db"));
        let ana = service.add_contact(&ContactFields::named("Ana")).unwrap().id;
        let call =
            service.log_interaction(&NewInteraction::new(days_ago(3), Channel::Call, Party::Me, vec![ana])).unwrap();
        let deleted = service.delete_interaction(call.id).unwrap();
        let json = serde_json::to_value(&deleted).unwrap();
        assert!(json.get("snapshot").is_none(), "the rows stay in the service: {json}");
        let after_delete = written(&service);

        let expired = service.undo_delete_at(&deleted.undo, Instant::now() + UNDO_FOR).unwrap_err();
        assert_eq!(expired.key, "undo_expired");
        let unknown = service.undo_delete("made-up").unwrap_err();
        assert_eq!(unknown.key, "undo_expired");
        assert!(unknown.to_string().contains("can no longer be undone"), "{unknown}");
        assert_eq!(written(&service), after_delete, "nothing written by a refused undo");

        service.undo_delete(&deleted.undo).unwrap();
        assert_eq!(service.interaction(call.id).unwrap().id, call.id, "back with its own id");
        let back = written(&service);
        assert_eq!(service.undo_delete(&deleted.undo).unwrap_err().key, "undo_expired", "an undo is done once");
        assert_eq!(written(&service), back);
    }

    #[test]
    fn an_undo_that_something_written_since_conflicts_with_is_refused_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let service = Service::open(&dir.path().join("rapport.db"));
        let ana = service.add_contact(&ContactFields::named("Ana")).unwrap().id;
        let ben = service.add_contact(&ContactFields::named("Ben")).unwrap().id;
        let mut helped = NewInteraction::new(days_ago(5), Channel::Call, Party::Me, vec![ana]);
        helped.given = vec![NewValueItem::of(ValueKind::Advice)];
        let helped = service.log_interaction(&helped).unwrap();

        // The value item's contact deleted since: it has nothing to belong to.
        let item = service.delete_value_item(helped.value_items[0].id).unwrap();
        let ana_gone = service.delete_contact(ana).unwrap();
        let before = written(&service);
        let e = service.undo_delete(&item.undo).unwrap_err();
        assert_eq!(e.key, "undo_conflict");
        assert_eq!(written(&service), before, "nothing written");
        // Ana back, the item can follow: the refused token was kept until then.
        service.undo_delete(&ana_gone.undo).unwrap();
        service.undo_delete(&item.undo).unwrap();

        // The same id taken again by a new interaction.
        let last =
            service.log_interaction(&NewInteraction::new(days_ago(1), Channel::Call, Party::Me, vec![ben])).unwrap();
        let deleted = service.delete_interaction(last.id).unwrap();
        let taken =
            service.log_interaction(&NewInteraction::new(days_ago(0), Channel::Email, Party::Me, vec![ana])).unwrap();
        assert_eq!(taken.id, last.id, "SQLite gives the freed id again");
        let before = written(&service);
        assert_eq!(service.undo_delete(&deleted.undo).unwrap_err().key, "undo_conflict");
        assert_eq!(written(&service), before);
        let kept = service.interaction(taken.id).unwrap();
        assert_eq!((kept.channel, kept.participants[0].id), (Channel::Email, ana), "the new one stays as it was");
    }
}
