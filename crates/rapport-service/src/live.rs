//! The dashboard kept up to date after a write, instead of measured again from the whole history.
//!
//! On a large network the dashboard takes seconds: the history is loaded (a million interactions)
//! and every tie measured twice (now, and `why_days` before for "why it moved"). A write that
//! touched a few contacts changes only their ties: each tie's measures read its own history
//! alone. So after a warm-up ([`crate::kept`]) the service keeps what the dashboard was made of:
//! both reports, each overdue tie's strength at its last interaction (Reconnect's ranking), and
//! the history's network-wide lists without its interactions (contacts, value items, questions,
//! posts, reactions: the index's other parts read nothing else). After a write, the touched
//! contacts' own histories are read from the store, their ties measured again, the lists mended
//! and the dashboard put together again from them (core's `dashboard_from_reports`), in
//! milliseconds. At the same date, the result is the one a full recompute gives (tested).
//!
//! A write logged after that date (the usual case: "now", minutes after the warm-up) measures the
//! touched ties at the write's time, the others staying at the warm-up's date, as the contact
//! list's directory does; the warm-up that follows every change measures everything again at one
//! date within seconds, which the window shows at its next look (no redraw is asked for: the
//! window would ask for every part again).
//!
//! Following a write (the lists and the touched ties, milliseconds) is kept apart from putting
//! the dashboard together from them ("why it moved" compares every tie at two dates and counts the
//! network's questions: about a hundred milliseconds on a large network). The service follows a
//! write right after it commits and puts the dashboard together from a [`Snapshot`] of the parts
//! on another thread, without its lock: the window's calls after a write do not wait for it, and
//! the dashboard is ready when the window comes back to it ([`crate::Service::follow_writes_now`]).
//!
//! What this cannot place exactly gives up (the caller then waits for the warm-up, as before): a
//! write that changed a touched contact's value items or reactions (their rows carry no id in the
//! history, so their order among items of the same instant is not known).

use std::collections::HashMap;
use std::sync::Arc;

use rapport_core::measures::history::{QuestionFact, ReactionFact, ValueFact};
use rapport_core::measures::network::{self, FadedParts, TieSummary};
use rapport_core::measures::{self, ContactMeasures, Dashboard, History, ModelSettings, Report, Secs};
use rapport_core::{ContactId, Error, InteractionId, QuestionId, Store};

pub(crate) struct LiveDashboard {
    /// Shared with the snapshots being put together; a write while one is changes a copy.
    parts: Arc<Parts>,
    /// Which state of the parts this is: a dashboard put together from a snapshot is installed
    /// only when no write was followed since.
    generation: u64,
    /// The dashboard of these parts is the one the service shows (it was put together since the
    /// last write followed, or came with them).
    assembled: bool,
}

/// A copy of the parts at one generation, to put the dashboard together from without the lock.
pub(crate) struct Snapshot {
    parts: Arc<Parts>,
    generation: u64,
}

impl Snapshot {
    pub(crate) fn dashboard(&self) -> Dashboard {
        self.parts.dashboard()
    }
}

#[derive(Clone)]
struct Parts {
    settings: ModelSettings,
    /// The history without its interactions.
    wide: History,
    now: Report,
    before: Report,
    faded_now: FadedParts,
    faded_before: FadedParts,
    /// Each overdue tie's strength at its last interaction, by contact.
    strength_then: HashMap<ContactId, f64>,
    /// The latest date a tie was measured at: the dashboard's date, or a later write's.
    latest: Secs,
}

impl LiveDashboard {
    /// Keeps the parts of a dashboard measured from `history` (core's `dashboard_parts`).
    pub(crate) fn new(
        history: &History,
        now: Report,
        before: Report,
        strength_then: HashMap<ContactId, f64>,
        settings: &ModelSettings,
    ) -> LiveDashboard {
        let mut wide = History {
            contacts: history.contacts.clone(),
            interactions: Vec::new(),
            value_items: history.value_items.clone(),
            questions: history.questions.clone(),
            posts: history.posts.clone(),
            reactions: history.reactions.clone(),
            answered_in: history.answered_in.clone(),
            comment_replies: history.comment_replies.clone(),
        };
        // By id, so that a write's contacts are found and replaced in place.
        wide.contacts.sort_by_key(|c| c.id);
        let parts = Parts {
            settings: settings.clone(),
            faded_now: FadedParts::scan(&wide, now.at, settings),
            faded_before: FadedParts::scan(&wide, before.at, settings),
            latest: now.at,
            wide,
            now,
            before,
            strength_then,
        };
        // Its dashboard is the one measured with it, which its maker installs.
        LiveDashboard { parts: Arc::new(parts), generation: next_generation(), assembled: true }
    }

    /// Follows a write that touched `contacts` and puts the dashboard together at once, in the
    /// caller's thread (see [`LiveDashboard::follow`]). `None` when it cannot follow the write.
    pub(crate) fn update(
        &mut self,
        store: &Store,
        contacts: &[ContactId],
        at: Secs,
    ) -> rapport_core::Result<Option<Dashboard>> {
        if !self.follow(store, contacts, at)? {
            return Ok(None);
        }
        self.assembled = true;
        Ok(Some(self.parts.dashboard()))
    }

    /// Follows a write that touched `contacts` only, reading their own histories from `store`;
    /// their ties now are measured at `at` (or at the dashboard's date if that is later). The
    /// dashboard is then to be put together again ([`LiveDashboard::snapshot`]). `false` when the
    /// write changed what this cannot follow exactly: the caller drops it.
    pub(crate) fn follow(&mut self, store: &Store, contacts: &[ContactId], at: Secs) -> rapport_core::Result<bool> {
        self.generation = next_generation();
        self.assembled = false;
        Arc::make_mut(&mut self.parts).follow(store, contacts, at)
    }

    /// Whether the dashboard shown is the one of these parts.
    pub(crate) fn assembled(&self) -> bool {
        self.assembled
    }

    /// The parts as they are, to put the dashboard together from elsewhere.
    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot { parts: Arc::clone(&self.parts), generation: self.generation }
    }

    /// Whether the dashboard put together from `snapshot` is the one of these parts (no write
    /// was followed since it was taken, and these are the parts it was taken from): it is then
    /// marked as put together, for the caller to show.
    pub(crate) fn assembled_from(&mut self, snapshot: &Snapshot) -> bool {
        let current = snapshot.generation == self.generation;
        self.assembled |= current;
        current
    }

    /// The dashboard from the parts, put together in the caller's thread.
    pub(crate) fn dashboard(&mut self) -> Dashboard {
        self.assembled = true;
        self.parts.dashboard()
    }

    /// The network's index the dashboard shows, and the latest date a tie in it was measured
    /// at (a write's, when it came after the dashboard's date): the last point of the network's
    /// index and layers charts after a write (crate::series).
    pub(crate) fn index_now(&self) -> (&measures::NetworkIndex, Secs) {
        (&self.parts.now.network, self.parts.latest)
    }
}

impl Parts {
    fn follow(&mut self, store: &Store, contacts: &[ContactId], at: Secs) -> rapport_core::Result<bool> {
        let settings = store.model_settings()?;
        if settings != self.settings {
            return Ok(false);
        }
        let mut touched: Vec<ContactId> = contacts.to_vec();
        touched.sort();
        touched.dedup();
        let mut histories = Vec::new();
        for &id in &touched {
            match store.contact_history(id) {
                Ok(h) => histories.push((id, Some(h))),
                // Merged away or deleted: nothing of theirs is left to measure.
                Err(Error::NotFound { .. }) => histories.push((id, None)),
                Err(e) => return Err(e),
            }
        }
        let empty = History::default();
        for (id, history) in &histories {
            let own = history.as_ref().unwrap_or(&empty);
            let of = |c: &Option<ContactId>| *c == Some(*id);
            if !same(self.wide.value_items.iter().filter(|v| v.contact == *id), own.value_items.iter(), value_key)
                || !same(self.wide.reactions.iter().filter(|r| of(&r.contact)), own.reactions.iter(), reaction_key)
            {
                return Ok(false);
            }
        }

        // The lists: each touched contact's facts and questions as the store has them now. A
        // large network has a hundred thousand questions: they are rewritten only when the
        // touched contacts' questions or answers moved (a plain log moves neither).
        let mut old_questions: Vec<QuestionFact> =
            self.wide.questions.iter().filter(|q| touched.contains(&q.contact)).cloned().collect();
        // Compared in one order whatever the list's: a difference is a move, not an order.
        old_questions.sort_by_key(|q| (q.asked_at, q.id));
        let owned = || histories.iter().filter_map(|(_, h)| h.as_ref());
        // As the store loads them: by the time asked, then id.
        let mut new_questions: Vec<QuestionFact> = owned().flat_map(|own| own.questions.iter().cloned()).collect();
        new_questions.sort_by_key(|q| (q.asked_at, q.id));
        let mut old_answers: Vec<(QuestionId, InteractionId)> = match old_questions.is_empty() {
            true => Vec::new(),
            false => self
                .wide
                .answered_in
                .iter()
                .filter(|(q, _)| old_questions.iter().any(|o| o.id == *q))
                .copied()
                .collect(),
        };
        let mut new_answers: Vec<(QuestionId, InteractionId)> =
            owned().flat_map(|own| own.answered_in.iter().copied()).collect();
        old_answers.sort_unstable();
        new_answers.sort_unstable();
        let questions_moved =
            !same(old_questions.iter(), new_questions.iter(), question_key) || old_answers != new_answers;
        if questions_moved {
            self.wide.questions.retain(|q| !touched.contains(&q.contact));
            self.wide.questions.extend(new_questions.iter().cloned());
            self.wide.questions.sort_by_key(|q| (q.asked_at, q.id));
            self.wide.answered_in.retain(|(q, _)| !old_questions.iter().any(|o| o.id == *q));
            self.wide.answered_in.extend(new_answers);
            self.wide.answered_in.sort_unstable();
        }
        // Each touched contact's facts replaced in place (the list is by id); gone, taken out.
        for (id, history) in &histories {
            if history.as_ref().is_none_or(|own| own.contacts.iter().all(|c| c.id != *id)) {
                if let Ok(i) = self.wide.contacts.binary_search_by_key(id, |c| c.id) {
                    self.wide.contacts.remove(i);
                }
            }
        }
        for own in owned() {
            for facts in &own.contacts {
                match self.wide.contacts.binary_search_by_key(&facts.id, |c| c.id) {
                    Ok(i) => self.wide.contacts[i] = facts.clone(),
                    Err(i) => self.wide.contacts.insert(i, facts.clone()),
                }
            }
            // The network's posts and my replies to comments come whole with any contact's history.
            self.wide.posts.clone_from(&own.posts);
            self.wide.comment_replies.clone_from(&own.comment_replies);
        }
        // The touched ties are measured at the write's time when it is later than the warm-up:
        // the network's faded parts too, or a question answered by this write would still read
        // open at the warm-up's date (follow-through would not move until the next warm-up).
        let later = at.max(self.now.at);
        self.latest = self.latest.max(later);
        if questions_moved {
            self.faded_now = FadedParts::scan(&self.wide, later, &self.settings);
            // Each scan reads the whole history's questions (a large network's take a while):
            // the one `why_days` ago only when the write changed what was known then (an answer
            // given now does not).
            let then = self.before.at;
            let known_then = |q: &&QuestionFact| q.asked_at <= then;
            let seen_then = |q: &QuestionFact| {
                question_key(&QuestionFact { answered_at: q.answered_at.filter(|a| *a <= then), ..q.clone() })
            };
            if !same(old_questions.iter().filter(known_then), new_questions.iter().filter(known_then), seen_then) {
                self.faded_before = FadedParts::scan(&self.wide, then, &self.settings);
            }
        }

        // The ties.
        let s = &self.settings;
        self.now.contacts.retain(|m| !touched.contains(&m.contact));
        self.before.contacts.retain(|m| !touched.contains(&m.contact));
        for (id, history) in &histories {
            self.strength_then.remove(id);
            let Some(own) = history else { continue };
            let Some(now) = measures::contact_measures(own, *id, later, s) else { continue };
            if let Some(last) = now.last_interaction_at {
                if let Some(then) = measures::contact_measures(own, *id, last, s) {
                    self.strength_then.insert(*id, then.strength);
                }
            }
            self.now.contacts.push(now);
            self.before.contacts.extend(measures::contact_measures(own, *id, self.before.at, s));
        }
        network::sort_strongest_first(&mut self.now.contacts);
        network::sort_strongest_first(&mut self.before.contacts);
        self.now.network = index_of(&self.wide, &self.now, &self.faded_now, s);
        self.before.network = index_of(&self.wide, &self.before, &self.faded_before, s);
        Ok(true)
    }

    /// The dashboard from what is kept.
    fn dashboard(&self) -> Dashboard {
        let then = &self.strength_then;
        measures::dashboard_from_reports(&self.wide, &self.now, &self.before, &self.settings, |m, _| {
            then.get(&m.contact).copied()
        })
    }
}

/// A number no other live parts' state had: a snapshot is matched to the parts it was taken from,
/// even across a warm-up that replaced them.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The network's index from every tie of `report` and the network-wide parts, as core's
/// `network_index` makes it.
fn index_of(wide: &History, report: &Report, faded: &FadedParts, s: &ModelSettings) -> measures::NetworkIndex {
    let window_start = report.at - (s.window_days * measures::DAY) as Secs;
    let ties: Vec<TieSummary> =
        report.contacts.iter().map(|m: &ContactMeasures| TieSummary::of(m, window_start)).collect();
    network::network_from(wide, &ties, faded, report.at, s)
}

/// Whether two lists hold the same rows in the same order, compared by `key`.
fn same<'a, T: 'a, K: PartialEq>(
    a: impl Iterator<Item = &'a T>,
    b: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> K,
) -> bool {
    a.map(&key).eq(b.map(&key))
}

fn value_key(v: &ValueFact) -> String {
    format!("{:?}", v)
}

fn reaction_key(r: &ReactionFact) -> String {
    format!("{:?}", r)
}

fn question_key(q: &QuestionFact) -> String {
    format!("{:?}", q)
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, TimeZone, Utc};
    use rapport_core::{Channel, ContactFields, NewInteraction, NewQuestion, NewValueItem, Party, ValueKind};
    use rapport_demo::synthetic::HeavySpec;

    use super::*;

    /// The dashboard a full recompute gives at `at`, and the parts to keep it live from.
    fn from_scratch(store: &Store, at: Secs) -> (Dashboard, LiveDashboard) {
        let (history, settings) = (store.history().unwrap(), store.model_settings().unwrap());
        let parts = measures::dashboard_parts(&history, at, &settings);
        (parts.dashboard, LiveDashboard::new(&history, parts.report, parts.before, parts.strength_then, &settings))
    }

    fn at(secs: Secs) -> chrono::DateTime<FixedOffset> {
        FixedOffset::east_opt(3600).unwrap().from_utc_datetime(&rapport_core::time::utc(secs).naive_utc())
    }

    /// Writes that touch a few contacts, each with the contacts it touched, on the network in
    /// `store`: calls and messages (one to a group) at several dates, the oldest before the date
    /// "why it moved" starts from, questions both ways, one answered later, and a contact's
    /// closeness and goal edited.
    /// `after(store, what, touched)` is called after each.
    fn writes(store: &mut Store, now: Secs, after: &mut dyn FnMut(&Store, &str, &[ContactId])) {
        let ids: Vec<ContactId> =
            store.history().unwrap().contacts.iter().filter(|c| !c.archived).map(|c| c.id).collect();
        let (a, b, c) = (ids[0], ids[ids.len() / 2], ids[ids.len() - 1]);
        let day = 86_400;
        let mut log = |store: &mut Store, what: &str, new: NewInteraction| {
            let logged = store.log_interaction(&new).unwrap();
            after(store, what, &logged.participants.iter().map(|p| p.id).collect::<Vec<_>>());
            logged
        };
        log(store, "a call an hour ago", NewInteraction::new(at(now - 3600), Channel::Call, Party::Me, vec![a]));
        let mut asked = NewInteraction::new(at(now - 2 * day), Channel::Message, Party::Them, vec![b]);
        asked.questions.push(NewQuestion { asked_by: Party::Them, text: "Lunch next week?".into(), contact: None });
        asked.questions.push(NewQuestion { asked_by: Party::Me, text: "How is the move going?".into(), contact: None });
        let asked = log(store, "their message with questions both ways", asked);
        let mut group = NewInteraction::new(at(now - 40 * day), Channel::InPerson, Party::Me, vec![a, b, c]);
        group.questions.push(NewQuestion { asked_by: Party::Me, text: "Same time next year?".into(), contact: None });
        log(store, "a group meeting 40 days ago, before the why's start", group);
        let theirs = store
            .list_questions(&rapport_core::QuestionQuery {
                contact: Some(b),
                open_only: true,
                asked_by: Some(Party::Them),
            })
            .unwrap();
        let mut answer = NewInteraction::new(at(now - 600), Channel::Message, Party::Me, vec![b]);
        answer.answers = theirs.iter().filter(|q| q.asked_in == asked.id).map(|q| q.id).collect();
        assert!(!answer.answers.is_empty());
        log(store, "my answer to their question", answer);
        let mut fields = store.contact(c).unwrap().fields;
        fields.closeness = Some(5);
        fields.cadence_days = Some(7);
        store.update_contact(c, &fields).unwrap();
        after(store, "their closeness and goal edited", &[c]);
        let added = store.add_contact(&ContactFields::named("Someone new")).unwrap();
        after(store, "a new contact", &[added.id]);
        let first = NewInteraction::new(at(now - 7200), Channel::Call, Party::Them, vec![added.id]);
        let logged = store.log_interaction(&first).unwrap();
        after(store, "a first call with them", &[logged.participants[0].id]);
    }

    fn same_as_a_recompute_after_each_write(mut store: Store) {
        let now = Utc::now().timestamp();
        let (_, mut live) = from_scratch(&store, now);
        let mut checked = 0;
        writes(&mut store, now, &mut |store, what, touched| {
            let updated = live.update(store, touched, now).unwrap().unwrap_or_else(|| panic!("{what}: given up"));
            let (expected, _) = from_scratch(store, now);
            assert!(updated == expected, "after {what}: the live dashboard differs from a recompute");
            checked += 1;
        });
        assert_eq!(checked, 7);
    }

    #[test]
    fn after_each_write_the_live_dashboard_is_the_one_a_full_recompute_gives_on_the_demo() {
        let mut store = Store::open_in_memory().unwrap();
        rapport_demo::load_demo_in(&mut store, Utc::now(), rapport_core::charts::Lang::En).unwrap();
        same_as_a_recompute_after_each_write(store);
    }

    #[test]
    fn after_each_write_the_live_dashboard_is_the_one_a_full_recompute_gives_on_generated_networks() {
        for seed in [1, 2, 3] {
            let mut store = Store::open_in_memory().unwrap();
            let spec = HeavySpec { contacts: 300, interactions: 20_000, years: 3, seed };
            rapport_demo::synthetic::generate(&mut store, &spec, Utc::now().timestamp() - 60, |_, _| {}).unwrap();
            same_as_a_recompute_after_each_write(store);
        }
    }

    #[test]
    fn writes_followed_together_at_the_next_look_give_what_a_full_recompute_gives() {
        // The service follows the writes made since the last look in one update (Open::follow_writes).
        for seed in [4, 5] {
            let mut store = Store::open_in_memory().unwrap();
            let spec = HeavySpec { contacts: 300, interactions: 20_000, years: 3, seed };
            rapport_demo::synthetic::generate(&mut store, &spec, Utc::now().timestamp() - 60, |_, _| {}).unwrap();
            let now = Utc::now().timestamp();
            let (_, mut live) = from_scratch(&store, now);
            let mut pending = Vec::new();
            writes(&mut store, now, &mut |_, _, touched| pending.extend_from_slice(touched));
            let updated = live.update(&store, &pending, now).unwrap().expect("not given up");
            assert!(updated == from_scratch(&store, now).0, "seed {seed}: the live dashboard differs from a recompute");
        }
    }

    /// Follow-through's score on a dashboard.
    fn follow_through(d: &Dashboard) -> f64 {
        let c = d.network.components.iter().find(|c| c.name == measures::ComponentName::FollowThrough);
        c.and_then(|c| c.score).expect("follow-through has a score")
    }

    #[test]
    fn an_answer_logged_after_the_warm_up_moves_follow_through_at_once() {
        let mut store = Store::open_in_memory().unwrap();
        rapport_demo::load_demo_in(&mut store, Utc::now(), rapport_core::charts::Lang::En).unwrap();
        let warm_up = Utc::now().timestamp();
        let (before, mut live) = from_scratch(&store, warm_up);
        let theirs = store
            .list_questions(&rapport_core::QuestionQuery {
                contact: None,
                open_only: true,
                asked_by: Some(Party::Them),
            })
            .unwrap();
        let q = theirs.iter().max_by_key(|q| q.id).expect("the demo has a question I owe");
        // Ten minutes after the warm-up, as a quick log is: the answer is later than its date.
        let now = warm_up + 600;
        let mut answer = NewInteraction::new(at(now), Channel::Message, Party::Me, vec![q.contact]);
        answer.answers = vec![q.id];
        store.log_interaction(&answer).unwrap();
        let updated = live.update(&store, &[q.contact], now).unwrap().expect("not given up");
        assert!(
            follow_through(&updated) > follow_through(&before),
            "follow-through {} after the answer, {} before",
            follow_through(&updated),
            follow_through(&before)
        );
    }

    #[test]
    fn after_a_write_the_dashboard_is_put_together_once_off_the_lock_and_the_next_look_uses_it() {
        let dir = tempfile::tempdir().unwrap();
        let service = crate::Service::open(&dir.path().join("rapport.db"));
        service.load_demo(rapport_core::charts::Lang::En).unwrap();
        service.warm_up().unwrap().unwrap();
        let before = service.dashboard_now().unwrap();
        let tie = before.strongest.last().unwrap().contact;
        let now = Utc::now().timestamp();
        service.log_interaction(&NewInteraction::new(at(now), Channel::Call, Party::Me, vec![tie])).unwrap();
        let on_the_way =
            |s: &crate::Service| s.with_open(|o| Ok((o.dashboard_assemblies, o.dashboard_current()))).unwrap();
        assert_eq!(on_the_way(&service), (0, false), "the write returns before the dashboard follows it");

        // What the thread started by the write runs (the app's; this service keeps no views).
        service.follow_writes_now();
        assert_eq!(on_the_way(&service), (0, true), "followed and put together without the lock");
        let shown = service.dashboard_now().unwrap();
        assert_eq!(on_the_way(&service), (0, true), "the look shows it without putting it together again");
        assert!(shown != before, "it shows the call");
        let tie_now = shown.strongest.iter().find(|m| m.contact == tie).map(|m| m.last_interaction_at);
        assert!(tie_now.is_none() || tie_now == Some(Some(now)));
        assert!((shown.network.index - before.network.index).abs() > 0.0, "the call moved the index");
    }

    #[test]
    fn a_dashboard_put_together_from_parts_a_write_changed_since_is_not_used() {
        let mut store = Store::open_in_memory().unwrap();
        rapport_demo::load_demo_in(&mut store, Utc::now(), rapport_core::charts::Lang::En).unwrap();
        let now = Utc::now().timestamp();
        let (_, mut live) = from_scratch(&store, now);
        let ids: Vec<ContactId> = store.history().unwrap().contacts.iter().map(|c| c.id).collect();
        let log = |store: &mut Store, live: &mut LiveDashboard, id: ContactId| {
            store.log_interaction(&NewInteraction::new(at(now - 60), Channel::Call, Party::Me, vec![id])).unwrap();
            assert!(live.follow(store, &[id], now).unwrap());
        };
        log(&mut store, &mut live, ids[0]);
        let first = live.snapshot();
        log(&mut store, &mut live, ids[1]);
        let second = live.snapshot();
        assert!(!live.assembled_from(&first), "a write came since the first snapshot");
        assert!(!live.assembled());
        assert!(live.assembled_from(&second));
        assert!(live.assembled());
        assert!(second.dashboard() == from_scratch(&store, now).0, "the second is the data's");
    }

    #[test]
    fn a_write_with_value_items_is_left_to_the_warm_up() {
        let mut store = Store::open_in_memory().unwrap();
        rapport_demo::load_demo_in(&mut store, Utc::now(), rapport_core::charts::Lang::En).unwrap();
        let now = Utc::now().timestamp();
        let (_, mut live) = from_scratch(&store, now);
        let id = store.history().unwrap().contacts[0].id;
        let mut gift = NewInteraction::new(at(now - 60), Channel::InPerson, Party::Me, vec![id]);
        gift.given.push(NewValueItem::of(ValueKind::Help));
        store.log_interaction(&gift).unwrap();
        assert!(live.update(&store, &[id], now).unwrap().is_none(), "its place among the items is not known");
    }
}
