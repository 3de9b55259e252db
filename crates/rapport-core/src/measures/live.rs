//! Measures kept up to date as interactions are logged, without rereading the whole history.
//!
//! Each tie's measures depend only on that tie's own history, and the index on the ties'
//! summaries plus the network-wide lists. So logging an interaction re-measures its participants
//! only and recombines the index: the same result as a recompute from scratch (tested).

use std::collections::HashMap;

use super::contact::{self, Answers, ContactMeasures, ContactSlices, Index};
use super::history::*;
use super::network::{self, network_from, FadedParts, NetworkIndex, TieSummary};
use super::settings::ModelSettings;
use super::Report;
use crate::model::ContactId;

pub struct LiveMeasures {
    history: History,
    slices: HashMap<ContactId, ContactSlices>,
    at: Secs,
    settings: ModelSettings,
    /// Non-archived contacts' measures, by contact.
    ties: HashMap<ContactId, ContactMeasures>,
    /// The index's parts read from value items, questions, posts and reactions: a logged
    /// interaction without value items or questions leaves them as they were.
    faded: FadedParts,
    network: NetworkIndex,
}

impl LiveMeasures {
    /// Measures everything at `at`.
    pub fn new(history: History, at: Secs, settings: &ModelSettings) -> LiveMeasures {
        let index = Index::new(&history);
        let ties: HashMap<ContactId, ContactMeasures> =
            network::measure_all(&index, at, settings).into_iter().map(|m| (m.contact, m)).collect();
        let slices = index.contacts;
        let faded = FadedParts::scan(&history, at, settings);
        let network = combine(&history, &ties, &faded, at, settings);
        LiveMeasures { history, slices, at, settings: settings.clone(), ties, faded, network }
    }

    pub fn network(&self) -> &NetworkIndex {
        &self.network
    }

    pub fn contact(&self, id: ContactId) -> Option<&ContactMeasures> {
        self.ties.get(&id)
    }

    /// The same report a recompute from scratch gives.
    pub fn report(&self) -> Report {
        let mut contacts: Vec<ContactMeasures> = self.ties.values().cloned().collect();
        network::sort_strongest_first(&mut contacts);
        Report { at: self.at, network: self.network.clone(), contacts }
    }

    /// Adds one logged interaction with its value items and questions, and updates the measures
    /// of the contacts it involves and the index. Something logged after the measured date is
    /// kept but, as in any measure at that date, ignored.
    pub fn log(&mut self, touch: Touch, values: Vec<ValueFact>, questions: Vec<QuestionFact>) {
        let mut touched: Vec<ContactId> = touch.participants.clone();
        touched.extend(values.iter().map(|v| v.contact));
        touched.extend(questions.iter().map(|q| q.contact));
        touched.sort();
        touched.dedup();
        let reads_wide_parts = !values.is_empty() || !questions.is_empty();

        let appended = append_in_order(&mut self.history, touch, values, questions);
        match appended {
            Some(positions) => {
                for (list, contact, pos) in positions {
                    let slices = self.slices.entry(contact).or_default();
                    match list {
                        List::Touches => slices.touches.push(pos),
                        List::Values => slices.values.push(pos),
                        List::Questions => slices.questions.push(pos),
                    }
                }
            }
            // Logged out of order: positions shift, so index the history afresh.
            None => {
                self.history.sort();
                self.slices = Index::new(&self.history).contacts;
            }
        }

        // No answer table: the few ties a log touches search the history's list instead.
        let index =
            Index { history: &self.history, contacts: std::mem::take(&mut self.slices), answers: Answers::default() };
        for id in touched {
            if let Some(facts) = self.history.contacts.iter().find(|c| c.id == id && !c.archived) {
                self.ties.insert(id, contact::measure(&index, facts, self.at, &self.settings));
            }
        }
        self.slices = index.contacts;
        if reads_wide_parts {
            self.faded = FadedParts::scan(&self.history, self.at, &self.settings);
        }
        self.network = combine(&self.history, &self.ties, &self.faded, self.at, &self.settings);
    }
}

fn combine(
    h: &History,
    ties: &HashMap<ContactId, ContactMeasures>,
    faded: &FadedParts,
    at: Secs,
    s: &ModelSettings,
) -> NetworkIndex {
    let window_start = at - (s.window_days * DAY) as Secs;
    // In no particular order: the index does not depend on it (its sums are order-free).
    let summaries: Vec<TieSummary> = ties.values().map(|m| TieSummary::of(m, window_start)).collect();
    network_from(h, &summaries, faded, at, s)
}

enum List {
    Touches,
    Values,
    Questions,
}

/// Appends the new facts at the end of their time-sorted lists when they belong there, and
/// returns where each went, per contact; `None` (after appending anyway) when one of them is
/// older than what the list already holds.
fn append_in_order(
    h: &mut History,
    touch: Touch,
    values: Vec<ValueFact>,
    questions: Vec<QuestionFact>,
) -> Option<Vec<(List, ContactId, usize)>> {
    let mut in_order = h.interactions.last().is_none_or(|last| interaction_key(last) <= interaction_key(&touch));
    let mut positions = Vec::new();
    for p in &touch.participants {
        positions.push((List::Touches, *p, h.interactions.len()));
    }
    h.interactions.push(touch);
    for v in values {
        in_order &= h.value_items.last().is_none_or(|last| last.at <= v.at);
        positions.push((List::Values, v.contact, h.value_items.len()));
        h.value_items.push(v);
    }
    for q in questions {
        in_order &= h.questions.last().is_none_or(|last| last.asked_at <= q.asked_at);
        positions.push((List::Questions, q.contact, h.questions.len()));
        h.questions.push(q);
    }
    in_order.then_some(positions)
}

fn interaction_key(t: &Touch) -> (Secs, crate::model::InteractionId) {
    (t.at, t.id)
}
