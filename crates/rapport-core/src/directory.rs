//! The contact directory: every contact's measures and activity at one date, held in memory so
//! that the contact list can be searched, filtered, sorted and paged on each keystroke without
//! re-measuring the network. The app keeps one [`Directory`]: a write that touched a few contacts
//! measures just them again ([`Directory::refresh`]), any other drops it and the next listing
//! builds a new one (one load of the history, one report). It also keeps every contact in the
//! list's name order, read and sorted once, which each page starts from.
//!
//! Text search and circle membership are answered by SQLite (the full-text index of migration 4
//! for words of three letters or more, no per-row subqueries); strength, layer, cadence, whose
//! turn and the activity figures come from the directory.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::measures::contact::{CadenceStatus, ContactMeasures, TurnReason};
use crate::measures::{self, Secs};
pub use crate::model::ArchivedFilter;
// Here for the paths that name it; in model so that store/ can use it without naming directory.
pub use crate::model::name_core;
use crate::model::*;
use crate::store::{ContactMatch, Store};
use crate::time::utc;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactSort {
    /// A to Z, ignoring case.
    #[default]
    Name,
    /// Strongest first; archived contacts (no measures) last.
    Strength,
    /// Most recent contact first; never contacted last.
    LastContact,
}

/// A page of the contact list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactListQuery {
    /// Words, in any order, each matched (case and accents aside) in a name, company, role,
    /// nickname, location, email or notes, or in the summary of one of the contact's interactions.
    pub search: Option<String>,
    pub circle: Option<CircleId>,
    /// A Dunbar layer by rank (1, the innermost, to 4), or 0 for contacts outside every layer.
    pub layer: Option<u32>,
    pub cadence: Option<CadenceStatus>,
    pub archived: ArchivedFilter,
    pub sort: ContactSort,
    pub offset: u32,
    /// At most this many rows; all by default.
    pub limit: Option<u32>,
}

/// One row of the contact list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: ContactId,
    pub display_name: String,
    /// The name the list sorts by and shows: the display name without what lies outside the
    /// given and family names ("Mr. John Smith Sr." is "John Smith"); see [`name_core`].
    pub sort_name: String,
    pub company: Option<String>,
    pub role: Option<String>,
    pub archived: bool,
    pub interaction_count: usize,
    pub last_interaction_at: Option<DateTime<Utc>>,
    pub open_questions: usize,
    /// The measures' figures; `None` for an archived contact, which has no measures.
    pub strength: Option<f64>,
    pub layer: Option<usize>,
    pub cadence: Option<CadenceStatus>,
    /// Why a search found this contact when their name does not say: an excerpt of their notes
    /// or details, or of an interaction's summary. `None` outside a search.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<Excerpt>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactPage {
    /// How many contacts match, over all pages.
    pub total: usize,
    pub offset: u32,
    pub contacts: Vec<ContactRow>,
}

/// What a contact did, counted from the whole history (archived contacts included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
struct Activity {
    interactions: usize,
    last: Option<Secs>,
    open_questions: usize,
    /// Of those, the ones they asked me: what I owe them ([`Directory::owed`]).
    owed_questions: usize,
}

/// Every contact's measures and activity at one date. It serialises, so that the app can keep it
/// on disk between runs (with the data's token it was measured from).
#[derive(Clone, Serialize, Deserialize)]
pub struct Directory {
    at: Secs,
    measures: HashMap<ContactId, ContactMeasures>,
    activity: HashMap<ContactId, Activity>,
    /// Every contact in the list's name order, read and sorted at the first page and kept: each
    /// page starts from it instead of reading and sorting the whole network again, and a write
    /// that touched a few contacts puts just them back in place ([`Directory::refresh`]).
    #[serde(skip)]
    by_name: OnceLock<Vec<Listed>>,
    /// How many times the name order was sorted whole, shared by the copies (for the tests).
    #[serde(skip)]
    name_sorts: Arc<AtomicUsize>,
}

/// A contact as the list names them, with the key of the name order.
#[derive(Debug, Clone)]
struct Listed {
    id: ContactId,
    display_name: String,
    sort_name: String,
    company: Option<String>,
    role: Option<String>,
    archived: bool,
    /// The sort name without case: "Mr. John Smith Sr." among the J's.
    key: String,
}

impl Listed {
    fn of(c: ContactMatch) -> Listed {
        let sort_name = name_core(&c.display_name, c.given_name.as_deref(), c.family_name.as_deref()).to_owned();
        let key = sort_name.to_lowercase();
        let ContactMatch { id, display_name, company, role, archived, .. } = c;
        Listed { id, display_name, sort_name, company, role, archived, key }
    }

    fn order(&self) -> (&str, ContactId) {
        (&self.key, self.id)
    }
}

impl Directory {
    /// Measures the whole network at `at` (one history load, one report).
    pub fn build(store: &Store, at: Secs) -> Result<Directory> {
        let history = store.history()?;
        let report = measures::report(&history, at, &store.model_settings()?);
        Ok(Directory::from_report(&history, report))
    }

    /// The directory from a loaded history and the report measured from it (at the report's date).
    pub fn from_report(history: &measures::History, report: measures::Report) -> Directory {
        let at = report.at;
        let mut activity: HashMap<ContactId, Activity> = HashMap::new();
        for t in &history.interactions {
            for p in &t.participants {
                let a = activity.entry(*p).or_default();
                a.interactions += 1;
                a.last = Some(a.last.map_or(t.at, |l| l.max(t.at)));
            }
        }
        for q in history.questions.iter().filter(|q| q.answered_at.is_none()) {
            let a = activity.entry(q.contact).or_default();
            a.open_questions += 1;
            a.owed_questions += usize::from(q.asked_by == Party::Them);
        }
        let measures = report.contacts.into_iter().map(|m| (m.contact, m)).collect();
        Directory { at, measures, activity, by_name: OnceLock::new(), name_sorts: Arc::default() }
    }

    /// Measures `contacts` again at `at` from their own part of the history, after a write that
    /// touched only them (a logged interaction touches its participants only: their questions,
    /// answers and value items are theirs). At the directory's own date the result equals a fresh
    /// [`Directory::build`], for the cost of those contacts' histories. A later `at` (now, for an
    /// interaction logged after the directory was built) measures them at that date and the
    /// others stay at theirs: the app rebuilds the whole directory every few minutes anyway.
    pub fn refresh(&mut self, store: &Store, contacts: &[ContactId], at: Secs) -> Result<()> {
        let settings = store.model_settings()?;
        if let Some(by_name) = self.by_name.get_mut() {
            place_again(by_name, store, contacts)?;
        }
        for &id in contacts {
            self.measures.remove(&id);
            self.activity.remove(&id);
            let history = match store.contact_history(id) {
                Ok(h) => h,
                // Deleted or merged away: nothing left to list.
                Err(crate::Error::NotFound { .. }) => continue,
                Err(e) => return Err(e),
            };
            let mut a = Activity::default();
            for t in history.interactions.iter().filter(|t| t.participants.contains(&id)) {
                a.interactions += 1;
                a.last = Some(a.last.map_or(t.at, |l| l.max(t.at)));
            }
            let open = history.questions.iter().filter(|q| q.contact == id && q.answered_at.is_none());
            for q in open {
                a.open_questions += 1;
                a.owed_questions += usize::from(q.asked_by == Party::Them);
            }
            if a != Activity::default() {
                self.activity.insert(id, a);
            }
            if let Some(m) = measures::contact_measures(&history, id, at.max(self.at), &settings) {
                self.measures.insert(id, m);
            }
        }
        Ok(())
    }

    /// The date the measures were taken at.
    pub fn at(&self) -> Secs {
        self.at
    }

    /// A non-archived contact's measures.
    pub fn measures(&self, id: ContactId) -> Option<&ContactMeasures> {
        self.measures.get(&id)
    }

    /// Every non-archived contact's measures, in no particular order.
    pub fn all_measures(&self) -> impl Iterator<Item = &ContactMeasures> {
        self.measures.values()
    }

    /// Every contact in the list's name order, read and sorted the first time it is asked for.
    fn by_name(&self, store: &Store) -> Result<&[Listed]> {
        if self.by_name.get().is_none() {
            let mut all: Vec<Listed> =
                store.matching_contacts(None, None, ArchivedFilter::All)?.into_iter().map(Listed::of).collect();
            all.sort_by(|a, b| a.order().cmp(&b.order()));
            self.name_sorts.fetch_add(1, Ordering::Relaxed);
            // Two threads may read it at once: they read the same, and either is kept.
            let _ = self.by_name.set(all);
        }
        Ok(self.by_name.get().map_or(&[], Vec::as_slice))
    }

    /// How many times the name order was read and sorted whole, by this directory and the
    /// copies it was refreshed into: once, for every page and every write that touched a few
    /// contacts since it was built.
    pub fn name_sorts(&self) -> usize {
        self.name_sorts.load(Ordering::Relaxed)
    }

    /// One page of the contacts matching `query`, and how many match in all.
    pub fn page(&self, store: &Store, query: &ContactListQuery) -> Result<ContactPage> {
        // Words and circles are SQLite's to match; the order is the one kept.
        let found: Option<HashSet<ContactId>> = if query.search.is_some() || query.circle.is_some() {
            let matching = store.matching_contacts(query.search.as_deref(), query.circle, query.archived)?;
            Some(matching.into_iter().map(|c| c.id).collect())
        } else {
            None
        };
        let archived_shown = |archived: bool| match query.archived {
            ArchivedFilter::Active => !archived,
            ArchivedFilter::Archived => archived,
            ArchivedFilter::All => true,
        };
        let mut matching: Vec<(&Listed, Option<&ContactMeasures>, Activity)> = Vec::new();
        for listed in self.by_name(store)? {
            if !archived_shown(listed.archived) || found.as_ref().is_some_and(|f| !f.contains(&listed.id)) {
                continue;
            }
            let m = self.measures.get(&listed.id);
            if let Some(want) = query.layer {
                let have = m.and_then(|m| m.layer).map_or(0, |l| l as u32);
                if m.is_none() || have != want {
                    continue;
                }
            }
            if query.cadence.is_some() && m.map(|m| m.cadence.status) != query.cadence {
                continue;
            }
            matching.push((listed, m, self.activity.get(&listed.id).copied().unwrap_or_default()));
        }
        // Rows come by name; a stable sort keeps that order among equals.
        let strength = |m: Option<&ContactMeasures>| m.map_or(f64::NEG_INFINITY, |m| m.strength);
        match query.sort {
            ContactSort::Name => {}
            ContactSort::Strength => matching.sort_by(|a, b| strength(b.1).total_cmp(&strength(a.1))),
            ContactSort::LastContact => matching.sort_by_key(|(_, _, a)| std::cmp::Reverse(a.last)),
        }
        let total = matching.len();
        let start = (query.offset as usize).min(total);
        let end = query.limit.map_or(total, |n| start.saturating_add(n as usize).min(total));
        // Only the rows shown are copied out.
        let mut contacts: Vec<ContactRow> = matching[start..end]
            .iter()
            .map(|(listed, m, a)| ContactRow {
                id: listed.id,
                display_name: listed.display_name.clone(),
                sort_name: listed.sort_name.clone(),
                company: listed.company.clone(),
                role: listed.role.clone(),
                archived: listed.archived,
                interaction_count: a.interactions,
                last_interaction_at: a.last.map(utc),
                open_questions: a.open_questions,
                strength: m.map(|m| m.strength),
                layer: m.and_then(|m| m.layer),
                cadence: m.map(|m| m.cadence.status),
                excerpt: None,
            })
            .collect();
        // Only the rows shown are explained: an excerpt costs a few index lookups.
        if let Some(search) = query.search.as_deref() {
            let ids: Vec<ContactId> = contacts.iter().map(|r| r.id).collect();
            let mut excerpts = store.search_excerpts(search, &ids)?;
            for row in &mut contacts {
                row.excerpt = excerpts.remove(&row.id);
            }
        }
        Ok(ContactPage { total, offset: query.offset, contacts })
    }
}

/// Puts `contacts` back in the name order as the store has them now: where their name says, or
/// out of it when they are gone (deleted, merged away).
fn place_again(by_name: &mut Vec<Listed>, store: &Store, contacts: &[ContactId]) -> Result<()> {
    let mut contacts = contacts.to_vec();
    contacts.sort_unstable();
    contacts.dedup();
    by_name.retain(|l| contacts.binary_search(&l.id).is_err());
    for id in contacts {
        let contact = match store.contact(id) {
            Ok(c) => c,
            Err(crate::Error::NotFound { .. }) => continue,
            Err(e) => return Err(e),
        };
        let f = contact.fields;
        let listed = Listed::of(ContactMatch {
            id,
            display_name: f.display_name,
            given_name: f.given_name,
            family_name: f.family_name,
            company: f.company,
            role: f.role,
            archived: contact.archived,
        });
        let at = by_name.partition_point(|l| l.order() < listed.order());
        by_name.insert(at, listed);
    }
    Ok(())
}

/// A conversation where the next move is mine, with what makes it so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyTurn {
    pub contact: ContactId,
    pub name: String,
    pub reason: TurnReason,
    /// Since when it has been my turn.
    pub since: Option<DateTime<Utc>>,
    /// Quiet for longer than the model's `quiet_turn_days`: folded away, not counted as owed.
    pub quiet: bool,
}

/// Everything waiting on a reply, oldest first in each list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenLoops {
    /// Questions they asked me that I have not answered.
    pub i_owe: Vec<Question>,
    /// Questions I asked them that they have not answered.
    pub waiting: Vec<Question>,
    /// Conversations where their last message has no reply from me (open questions they asked
    /// me are in `i_owe` instead).
    pub my_turn: Vec<MyTurn>,
    /// What I owe, as the sidebar's badge counts it: the questions in `i_owe` and the turns of
    /// `my_turn` that are not quiet.
    pub owed: usize,
    /// How many there are in each list, whole: the lists may hold only their first rows
    /// ([`OpenLoops::first`]).
    pub counts: LoopCounts,
}

/// The length of each list of [`OpenLoops`], before any was cut short.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoopCounts {
    pub i_owe: usize,
    pub waiting: usize,
    /// Turns of mine that are not quiet...
    pub my_turn: usize,
    /// ...and those that are.
    pub my_turn_quiet: usize,
}

impl OpenLoops {
    /// The first `n` rows of each list (of my turns, the first `n` recent and the first `n`
    /// quiet ones), with the counts of the whole lists: what a screen draws first, when a large
    /// network has thousands.
    pub fn first(mut self, n: usize) -> OpenLoops {
        self.i_owe.truncate(n);
        self.waiting.truncate(n);
        let (mut recent, mut quiet) = (0, 0);
        self.my_turn.retain(|t| {
            let seen = if t.quiet { &mut quiet } else { &mut recent };
            *seen += 1;
            *seen <= n
        });
        self
    }
}

impl Directory {
    /// What I owe, as [`OpenLoops::owed`] counts it, without building the lists: on a large
    /// network they are thousands of rows that a count does not need.
    pub fn owed(&self, store: &Store) -> Result<usize> {
        let settings = store.model_settings()?;
        let questions: usize =
            self.activity.iter().filter(|(id, _)| self.measures.contains_key(id)).map(|(_, a)| a.owed_questions).sum();
        let turns = self
            .measures
            .values()
            .filter(|m| measures::my_turn_to_reply(m) && !measures::turn_is_quiet(m.turn.since, self.at, &settings))
            .count();
        Ok(questions + turns)
    }

    /// The open loops of every contact who is not archived.
    pub fn open_loops(&self, store: &Store) -> Result<OpenLoops> {
        let open = store.list_questions(&QuestionQuery { open_only: true, ..Default::default() })?;
        let settings = store.model_settings()?;
        let (i_owe, waiting): (Vec<Question>, Vec<Question>) = open
            .into_iter()
            .filter(|q| self.measures.contains_key(&q.contact))
            .partition(|q| q.asked_by == Party::Them);
        let mut my_turn: Vec<MyTurn> = self
            .measures
            .values()
            .filter(|m| measures::my_turn_to_reply(m))
            .map(|m| MyTurn {
                contact: m.contact,
                name: m.name.clone(),
                reason: m.turn.reason,
                since: m.turn.since.map(utc),
                quiet: measures::turn_is_quiet(m.turn.since, self.at, &settings),
            })
            .collect();
        my_turn.sort_by(|a, b| a.since.cmp(&b.since).then(a.contact.cmp(&b.contact)));
        let quiet = my_turn.iter().filter(|t| t.quiet).count();
        let counts = LoopCounts {
            i_owe: i_owe.len(),
            waiting: waiting.len(),
            my_turn: my_turn.len() - quiet,
            my_turn_quiet: quiet,
        };
        let owed = counts.i_owe + counts.my_turn;
        Ok(OpenLoops { i_owe, waiting, my_turn, owed, counts })
    }
}
