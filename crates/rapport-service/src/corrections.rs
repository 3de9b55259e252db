//! Correcting what was logged (core's `store::corrections`): every edit and delete says which
//! contacts it changed, so their measures, the lists, charts and open loops follow at once.

use rapport_core::store::{
    Deleted, InteractionEdit, PostEdit, QuestionEdit, ReactionEdit, Removed, Snapshot, ValueItemEdit,
};
use rapport_core::*;

use crate::{Change, Result, Service};

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

    pub fn delete_interaction(&self, id: InteractionId) -> Result<Deleted> {
        self.write(|s| s.delete_interaction(id).map(|d| (d.clone(), Change::Contacts(d.contacts))))
    }

    /// What deleting a contact would remove; writes nothing.
    pub fn preview_delete_contact(&self, id: ContactId) -> Result<Removed> {
        self.read(|s| s.preview_delete_contact(id))
    }

    /// A contact leaves the network's measures and lists: everything changes.
    pub fn delete_contact(&self, id: ContactId) -> Result<Deleted> {
        self.write_all(|s| s.delete_contact(id))
    }

    /// Puts back what a delete removed: the contacts it touched, or everything when it held
    /// contacts or posts.
    pub fn undo_delete(&self, snapshot: &Snapshot) -> Result<()> {
        self.write(|s| {
            s.undo_delete(snapshot)?;
            Ok(((), snapshot.touched().map_or(Change::Everything, Change::Contacts)))
        })
    }

    pub fn edit_value_item(&self, id: ValueItemId, edit: &ValueItemEdit) -> Result<ValueItem> {
        self.write(|s| s.edit_value_item(id, edit).map(|v| (v.clone(), Change::contact(v.contact))))
    }

    pub fn delete_value_item(&self, id: ValueItemId) -> Result<Deleted> {
        self.write(|s| s.delete_value_item(id).map(|d| (d.clone(), Change::Contacts(d.contacts))))
    }

    pub fn edit_question(&self, id: QuestionId, edit: &QuestionEdit) -> Result<Question> {
        self.write(|s| s.edit_question(id, edit).map(|q| (q.clone(), Change::contact(q.contact))))
    }

    pub fn delete_question(&self, id: QuestionId) -> Result<Deleted> {
        self.write(|s| s.delete_question(id).map(|d| (d.clone(), Change::Contacts(d.contacts))))
    }

    /// A post's time moves the reactions' measures of the whole network.
    pub fn edit_post(&self, id: PostId, edit: &PostEdit) -> Result<Post> {
        self.write_all(|s| s.edit_post(id, edit))
    }

    pub fn delete_post(&self, id: PostId) -> Result<Deleted> {
        self.write_all(|s| s.delete_post(id))
    }

    pub fn edit_reaction(&self, id: ReactionId, edit: &ReactionEdit) -> Result<Reaction> {
        self.write_all(|s| s.edit_reaction(id, edit))
    }

    pub fn delete_reaction(&self, id: ReactionId) -> Result<Deleted> {
        self.write_all(|s| s.delete_reaction(id))
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
        let last_seen = |s: &Service| {
            let page = s.contact_page(&ContactListQuery::default()).unwrap();
            serde_json::to_value(&page).unwrap()["contacts"][0].clone()
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

        service.undo_delete(&deleted.snapshot).unwrap();
        assert_eq!(last_seen(&service), listed, "undo brings the row back as it was");

        let edited = service
            .edit_interaction(recent.id, &InteractionEdit { at: Some(days_ago(30)), ..Default::default() })
            .unwrap();
        assert_eq!(edited.at.date_naive(), days_ago(30).date_naive());
        assert_ne!(last_seen(&service), listed, "an edit's new time shows in the list at once");
    }
}
