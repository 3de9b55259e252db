//! The measures: pure functions from a [`History`] and a date to explainable numbers, per
//! relationship and for the whole network. No I/O: the store loads the history, the callers
//! show the results. docs/model.md states every formula, default and source.
//!
//! To add a measure: compute it in `contact.rs` (per tie) or `network.rs` (whole network) from
//! the history up to `at` only, add its default numbers to `settings.rs`, document it in
//! docs/model.md, and give it a hand-computed unit test and a property test.

pub mod calibrate;
pub mod contact;
pub mod exchange;
pub mod explain;
pub mod follow;
pub mod give_first;
pub mod history;
pub mod live;
pub mod network;
pub mod reach;
pub mod rhythm;
pub mod series;
pub mod settings;
pub mod strength;
pub mod tie;
pub mod uncertainty;
mod words;

use serde::{Deserialize, Serialize};

pub use contact::{ContactMeasures, Index};
pub use explain::{suggest, why, Suggestions, Why};
pub use history::{History, Secs, DAY};
pub use network::{Band, Component, ComponentName, NetworkIndex};
pub use series::{weekly_series, PastUpTo};
pub use settings::ModelSettings;

/// The network and every tie at one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    #[serde(with = "history::iso")]
    pub at: Secs,
    pub network: NetworkIndex,
    /// Non-archived contacts, strongest first.
    pub contacts: Vec<ContactMeasures>,
}

pub fn report(history: &History, at: Secs, s: &ModelSettings) -> Report {
    report_at(&Index::new(history), at, s)
}

pub(crate) fn report_at(index: &Index<'_>, at: Secs, s: &ModelSettings) -> Report {
    let contacts = network::measure_all(index, at, s);
    let network = network::network_index(index, &contacts, at, s);
    Report { at, network, contacts }
}

/// How many ties the dashboard lists.
pub const DASHBOARD_TIES: usize = 15;

/// Whether a turn of mine that began at `since` has been quiet too long at `at`: a conversation
/// where it is my turn and that has been quiet longer than `quiet_turn_days` is no longer a reply
/// waiting but a tie drifting, which Reconnect and the cadence already show. Open loops folds it
/// under a count and leaves it out of the badge; the suggestions leave it out. A turn without a
/// date is never quiet.
pub fn turn_is_quiet(since: Option<Secs>, at: Secs, s: &ModelSettings) -> bool {
    since.is_some_and(|since| at - since > i64::from(s.quiet_turn_days) * DAY as Secs)
}

/// Whether their message is the last word with `m`, waiting for my reply: the one rule of "your
/// turn" that the suggestions, Open loops, its badge and This week all apply, each then folding
/// the quiet ones ([`turn_is_quiet`]) and nothing else, so they count the same conversations.
pub fn my_turn_to_reply(m: &ContactMeasures) -> bool {
    m.turn.whose == Some(crate::model::Party::Me) && m.turn.reason == contact::TurnReason::TheirMessage
}

/// Everything the dashboard shows at a date, computed in one go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub network: NetworkIndex,
    /// The strongest ties, strongest first.
    pub strongest: Vec<ContactMeasures>,
    /// How the index moved over the last `why_days` (30) days.
    pub why: Why,
    pub suggestions: Suggestions,
}

pub fn dashboard(history: &History, at: Secs, s: &ModelSettings) -> Dashboard {
    dashboard_and_report(history, at, s).0
}

/// The dashboard at `at` and the report it was made from (every tie's measures at `at`), for a
/// caller that needs both: the report is the costly part.
pub fn dashboard_and_report(history: &History, at: Secs, s: &ModelSettings) -> (Dashboard, Report) {
    let parts = dashboard_parts(history, at, s);
    (parts.dashboard, parts.report)
}

/// The dashboard with what it was made from: the reports at `at` and `why_days` before, and each
/// overdue tie's strength at its last interaction (what Reconnect ranks by). A caller that keeps
/// them can update the dashboard after a write that touched a few ties (rapport-service's live
/// dashboard) with [`dashboard_from_reports`].
pub struct DashboardParts {
    pub dashboard: Dashboard,
    pub report: Report,
    pub before: Report,
    pub strength_then: std::collections::HashMap<crate::model::ContactId, f64>,
}

pub fn dashboard_parts(history: &History, at: Secs, s: &ModelSettings) -> DashboardParts {
    // One index and two reports serve all three parts.
    let index = Index::new(history);
    let report = report_at(&index, at, s);
    let before = report_at(&index, at - i64::from(s.why_days) * DAY as Secs, s);
    let mut strength_then = std::collections::HashMap::new();
    let dashboard = dashboard_from_reports(history, &report, &before, s, |m, last| {
        let facts = history.contacts.iter().find(|c| c.id == m.contact)?;
        let then = contact::measure(&index, facts, last, s).strength;
        strength_then.insert(m.contact, then);
        Some(then)
    });
    DashboardParts { dashboard, report, before, strength_then }
}

/// The dashboard from the reports at its date and `why_days` before, with the overdue ties'
/// strengths at their last interaction from `strength_then` (see [`explain::suggest_with`]).
/// `history` is read for its contacts, value items, questions, posts and reactions only.
pub fn dashboard_from_reports(
    history: &History,
    report: &Report,
    before: &Report,
    s: &ModelSettings,
    strength_then: impl FnMut(&ContactMeasures, Secs) -> Option<f64>,
) -> Dashboard {
    Dashboard {
        network: report.network.clone(),
        strongest: report.contacts.iter().take(DASHBOARD_TIES).cloned().collect(),
        why: explain::why_between(history, before, report, s),
        suggestions: explain::suggest_with(report, s, strength_then),
    }
}

/// One contact's measures at `at`, from their own part of the history (which may be all of it, or
/// just theirs from [`crate::Store::contact_history`]); `None` for an archived or unknown contact.
pub fn contact_measures(
    history: &History,
    contact: crate::model::ContactId,
    at: Secs,
    s: &ModelSettings,
) -> Option<ContactMeasures> {
    let facts = history.contacts.iter().find(|c| c.id == contact && !c.archived)?;
    Some(contact::measure(&Index::new(history), facts, at, s))
}
