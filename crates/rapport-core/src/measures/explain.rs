//! Plain words about the numbers: why the index moved between two dates, and what to do next.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::contact::{CadenceStatus, ContactMeasures, Index};
use super::history::*;
use super::network::{self, Band, ComponentName, NetworkIndex};
use super::settings::ModelSettings;
pub use super::words::count;
use super::{report_at, Report};
use crate::model::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Why {
    pub from: NetworkIndex,
    pub to: NetworkIndex,
    /// to.index − from.index.
    pub change: f64,
    /// Whether the band changed in a way worth announcing: both bands announced, different, and
    /// the index at the start outside the 80% interval of the end.
    pub band_moved: bool,
    /// One entry per component, the largest move first.
    pub moves: Vec<Move>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub component: ComponentName,
    /// Change of the component's contribution, in index points.
    pub points: f64,
    /// e.g. "Follow-through −6: 5 questions from Ana, Ben and Chloé unanswered for more than a week".
    pub text: String,
    /// The same reason as data, for a window that writes it in its own language.
    pub reason: Reason,
    /// The contacts behind the move, most important first.
    pub contacts: Vec<ContactId>,
    /// The component's score at the start lies within its 80% interval at the end: the move is
    /// inside the noise, and is not announced as a move (docs/model.md, "Uncertainty").
    pub within_noise: bool,
}

/// Why a component moved, as a kind and its numbers; `{names}` in the English text (and in a
/// translation) are the move's `contacts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    DepthSteady,
    /// The closest ties whose strength moved most, with their change in strength points.
    DepthMoved {
        changes: Vec<ContactChange>,
    },
    BreadthLost {
        ties: usize,
    },
    BreadthGained {
        ties: usize,
    },
    BreadthSteady {
        ties: usize,
    },
    ReciprocitySteady,
    /// The ties whose share of Reciprocity's score moved most, with that change in points of
    /// the score; `rest` is the change of all the other ties, so that the changes and the rest
    /// add up to the component's change.
    ReciprocityMoved {
        changes: Vec<ContactChange>,
        rest: f64,
    },
    NothingExchanged,
    /// More given than received; `contacts` are the ones given to.
    Gave {
        given: usize,
        received: usize,
    },
    /// More received than given; `contacts` are the ones received from.
    Received {
        given: usize,
        received: usize,
    },
    /// Follow-through moved most with my answers, and no question put to me went past its grace
    /// days in the period. `mine` and `theirs`: the change of each term of the score, in points
    /// (they add up to the component's change).
    AnsweredAll {
        answered: usize,
        grace_days: f64,
        mine: f64,
        theirs: f64,
    },
    /// Follow-through moved most with my answers: questions put to me that went past the grace
    /// days in the period and are still open; `contacts` are the askers.
    Unanswered {
        late: usize,
        answered: usize,
        grace_days: f64,
        mine: f64,
        theirs: f64,
    },
    /// Follow-through moved most with their answers, and none of my questions went past the
    /// grace days in the period.
    TheyAnswered {
        answered: usize,
        mine: f64,
        theirs: f64,
    },
    /// Follow-through moved most with their answers: my questions that went past the grace days
    /// in the period and are still open; `contacts` are the ones I asked.
    TheyLeftUnanswered {
        late: usize,
        answered: usize,
        grace_days: f64,
        mine: f64,
        theirs: f64,
    },
    /// No post and no reaction in the period: Reach's terms (each post's reactions against my
    /// usual) did not change. `usual`: the median reactions per post of my latest posts.
    ReachQuiet {
        usual: Option<f64>,
    },
    /// Reach's terms moved with the posts and reactions of the period: `reactions` counts every
    /// reaction in it (anonymous counts included); `contacts` are the named contacts who reacted
    /// (`named` of them).
    ReachMoved {
        posts: usize,
        reactions: u64,
        named: usize,
        usual: Option<f64>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactChange {
    pub contact: ContactId,
    pub change: f64,
}

impl Reason {
    /// The reason in English, with `{names}` left for the caller to fill.
    fn english(&self, names: &HashMap<ContactId, &str>) -> String {
        // "Léa +12, Ben −8": each name with its own change, so mixed moves read honestly.
        let with_changes = |changes: &[ContactChange], unit: &str| -> String {
            changes
                .iter()
                .map(|c| format!("{} {}{unit}", names.get(&c.contact).copied().unwrap_or("?"), signed_whole(c.change)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Reason::DepthSteady => "your closest ties held steady".into(),
            Reason::DepthMoved { changes } => {
                format!("the strength of your closest ties moved most with {}", with_changes(changes, ""))
            }
            Reason::BreadthLost { ties } => {
                format!("{} went a year without contact, among them {{names}}", count(*ties, "tie"))
            }
            Reason::BreadthGained { ties } => {
                format!("{} became active again or new, among them {{names}}", count(*ties, "tie"))
            }
            Reason::BreadthSteady { ties } => format!("{} active in the last year, as before", count(*ties, "tie")),
            Reason::ReciprocitySteady => "the balance of who reaches out and who answers held steady".into(),
            Reason::ReciprocityMoved { changes, .. } => format!(
                "the balance of who reaches out and who answers moved most with {}",
                with_changes(changes, " pts")
            ),
            Reason::NothingExchanged => "nothing given or received in this period".into(),
            Reason::Gave { given, received } => {
                format!("you gave {} (to {{names}}) and received {received}", count(*given, "item"))
            }
            Reason::Received { given, received } => {
                format!("you received {} (from {{names}}) and gave {given}", count(*received, "item"))
            }
            Reason::AnsweredAll { answered, grace_days, .. } => format!(
                "you answered {} in this period and none put to you went past {grace_days:.0} days unanswered",
                count(*answered, "question")
            ),
            Reason::Unanswered { late, answered, grace_days, .. } => format!(
                "{} from {{names}} unanswered for more than {grace_days:.0} days; {answered} answered in this period",
                count(*late, "question")
            ),
            Reason::TheyAnswered { answered, .. } => {
                format!("they answered {} of yours in this period", count(*answered, "question"))
            }
            Reason::TheyLeftUnanswered { late, answered, grace_days, .. } => format!(
                "{} of yours to {{names}} unanswered for more than {grace_days:.0} days; they answered {answered} in this period",
                count(*late, "question")
            ),
            Reason::ReachQuiet { usual } => format!("no post and no reaction in this period{}", usual_words(*usual)),
            Reason::ReachMoved { posts, reactions, named, usual } => format!(
                "{} and {} in this period{}{}",
                count(*posts, "post"),
                count(*reactions as usize, "reaction"),
                if *named > 0 { ", from {names} among others" } else { "" },
                usual_words(*usual)
            ),
        }
    }
}

/// "; your usual: 12 reactions a post", or nothing before any post.
fn usual_words(usual: Option<f64>) -> String {
    usual.map(|u| format!("; your usual: {u:.0} a post")).unwrap_or_default()
}

/// "Ana", "Ana and Ben", "Ana, Ben and Chloé", "Ana, Ben, Chloé and 4 others".
pub fn name_list(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        3 => format!("{}, {} and {}", names[0], names[1], names[2]),
        n => format!("{}, {}, {} and {} others", names[0], names[1], names[2], n - 3),
    }
}

/// A whole-number change with its sign: "+12", "−8".
fn signed_whole(x: f64) -> String {
    if x >= 0.5 {
        format!("+{x:.0}")
    } else if x <= -0.5 {
        format!("−{:.0}", -x)
    } else {
        "±0".to_owned()
    }
}

/// A change smaller than this, in points of a score, reads as no change (the text rounds to 0.1).
const STEADY_POINTS: f64 = 0.05;

fn signed(points: f64) -> String {
    if points >= 0.05 {
        format!("+{points:.1}")
    } else if points <= -0.05 {
        format!("−{:.1}", -points)
    } else {
        "±0".to_owned()
    }
}

pub fn why(history: &History, from: Secs, to: Secs, s: &ModelSettings) -> Why {
    let index = Index::new(history);
    why_between(history, &report_at(&index, from, s), &report_at(&index, to, s), s)
}

/// [`why`] from the reports of its two dates, for a caller that has them already.
pub fn why_between(history: &History, a: &Report, b: &Report, s: &ModelSettings) -> Why {
    let (from, to) = (a.at, b.at);
    let names: HashMap<ContactId, &str> = history.contacts.iter().map(|c| (c.id, c.name.as_str())).collect();
    let name_of = |id: &ContactId| names.get(id).copied().unwrap_or("?").to_owned();

    let mut moves: Vec<Move> = moves_in_points(&a.network, &b.network, s)
        .into_iter()
        .map(|(component, points)| {
            let (reason, contacts) = reason(component, a, b, history, from, to, s);
            let listed: Vec<String> = contacts.iter().map(&name_of).collect();
            let english = reason.english(&names).replace("{names}", &name_list(&listed));
            let within_noise = within_noise(&a.network, &b.network, component);
            let text = if within_noise {
                format!("{} {}, within the noise: {}", component.label(), signed(points), english)
            } else {
                format!("{} {}: {}", component.label(), signed(points), english)
            };
            Move { component, points, text, reason, contacts, within_noise }
        })
        .collect();
    // Moves that stand out of the noise first, the largest first.
    moves.sort_by(|x, y| x.within_noise.cmp(&y.within_noise).then(y.points.abs().total_cmp(&x.points.abs())));
    let band_moved = a.network.band != b.network.band
        && a.network.band != Band::TooEarly
        && b.network.band != Band::TooEarly
        && !(b.network.interval[0]..=b.network.interval[1]).contains(&a.network.index);
    Why { change: b.network.index - a.network.index, band_moved, from: a.network.clone(), to: b.network.clone(), moves }
}

/// Whether a component's move from `a` to `b` is inside the noise: its score at `a` lies within
/// its 80% interval at `b`. A component without a score at either date has not moved out of it.
pub fn within_noise(a: &NetworkIndex, b: &NetworkIndex, name: ComponentName) -> bool {
    let of = |n: &NetworkIndex| n.components.iter().find(|c| c.name == name).cloned();
    match (of(a).and_then(|c| c.score), of(b)) {
        (Some(before), Some(after)) => (after.interval[0]..=after.interval[1]).contains(&before),
        _ => true,
    }
}

/// The points of each component's move between two indexes. Over the components with data at
/// either date, one that has no data at one of the dates counts there as if it scored that date's
/// index (so its arrival or departure moves exactly what it changed); these shares add up to the
/// index at both dates, so the moves add up to the change. A component with no data at either
/// date moves nothing.
fn moves_in_points(a: &NetworkIndex, b: &NetworkIndex, s: &ModelSettings) -> Vec<(ComponentName, f64)> {
    let score =
        |n: &NetworkIndex, name: ComponentName| n.components.iter().find(|c| c.name == name).and_then(|c| c.score);
    let in_play: Vec<ComponentName> =
        ComponentName::ALL.into_iter().filter(|&c| score(a, c).is_some() || score(b, c).is_some()).collect();
    let total: f64 = in_play.iter().map(|c| c.weight(s)).sum();
    ComponentName::ALL
        .into_iter()
        .map(|c| {
            let points = if in_play.contains(&c) && total > 0.0 {
                let before = score(a, c).unwrap_or(a.index);
                let after = score(b, c).unwrap_or(b.index);
                c.weight(s) * (after - before) / total
            } else {
                0.0
            };
            (c, points)
        })
        .collect()
}

/// The reason and the contacts behind one component's move.
fn reason(
    component: ComponentName,
    a: &Report,
    b: &Report,
    h: &History,
    from: Secs,
    to: Secs,
    s: &ModelSettings,
) -> (Reason, Vec<ContactId>) {
    let changed = |changes: &[(ContactId, f64)]| -> Vec<ContactChange> {
        changes.iter().map(|&(contact, change)| ContactChange { contact, change }).collect()
    };
    // Each tie's strength by contact (not the measures whole: a large network has ten thousand).
    let by_id =
        |r: &Report| -> HashMap<ContactId, f64> { r.contacts.iter().map(|m| (m.contact, m.strength)).collect() };
    match component {
        ComponentName::Depth => {
            let (ma, mb) = (by_id(a), by_id(b));
            let inner = s.layer_sizes[1];
            let candidates: HashSet<ContactId> =
                a.contacts.iter().take(inner).chain(b.contacts.iter().take(inner)).map(|m| m.contact).collect();
            let mut changes: Vec<(ContactId, f64)> = candidates
                .into_iter()
                .map(|id| {
                    let before = ma.get(&id).copied().unwrap_or(0.0);
                    let after = mb.get(&id).copied().unwrap_or(0.0);
                    (id, after - before)
                })
                .filter(|(_, d)| d.abs() >= 1.0)
                .collect();
            changes.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
            changes.truncate(3);
            if changes.is_empty() {
                return (Reason::DepthSteady, vec![]);
            }
            (Reason::DepthMoved { changes: changed(&changes) }, changes.into_iter().map(|c| c.0).collect())
        }
        ComponentName::Breadth => {
            let active = |r: &Report, at: Secs| -> HashSet<ContactId> {
                let start = at - (s.window_days * DAY) as Secs;
                r.contacts
                    .iter()
                    .filter(|m| m.last_interaction_at.is_some_and(|t| t > start))
                    .map(|m| m.contact)
                    .collect()
            };
            let (x, y) = (active(a, from), active(b, to));
            let mut lost: Vec<ContactId> = x.difference(&y).copied().collect();
            let mut gained: Vec<ContactId> = y.difference(&x).copied().collect();
            lost.sort();
            gained.sort();
            if lost.len() > gained.len() {
                (Reason::BreadthLost { ties: lost.len() }, lost)
            } else if !gained.is_empty() {
                (Reason::BreadthGained { ties: gained.len() }, gained)
            } else {
                (Reason::BreadthSteady { ties: y.len() }, vec![])
            }
        }
        ComponentName::Reciprocity => {
            // The score is the mean of the tie scores weighted by evidence: each tie's share of it
            // (weight × score / all weights) moves, and those moves add up to the component's.
            let before: HashMap<ContactId, f64> = network::reciprocity_shares(&a.contacts, s).into_iter().collect();
            let after: HashMap<ContactId, f64> = network::reciprocity_shares(&b.contacts, s).into_iter().collect();
            let ids: HashSet<ContactId> = before.keys().chain(after.keys()).copied().collect();
            let mut changes: Vec<(ContactId, f64)> = ids
                .into_iter()
                .map(|id| (id, after.get(&id).unwrap_or(&0.0) - before.get(&id).unwrap_or(&0.0)))
                .filter(|(_, d)| *d != 0.0)
                .collect();
            // The component's own change: it includes the prior's share where one date had no
            // touch yet (the prior then stands in for the ties), which `rest` carries.
            let score = |r: &Report| {
                r.network.components.iter().find(|c| c.name == ComponentName::Reciprocity).and_then(|c| c.score)
            };
            let total = score(b).unwrap_or(0.0) - score(a).unwrap_or(0.0);
            if total.abs() < STEADY_POINTS && changes.iter().all(|c| c.1.abs() < STEADY_POINTS) {
                return (Reason::ReciprocitySteady, vec![]);
            }
            changes.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
            changes.truncate(3);
            let rest = total - changes.iter().map(|c| c.1).sum::<f64>();
            (Reason::ReciprocityMoved { changes: changed(&changes), rest }, changes.into_iter().map(|c| c.0).collect())
        }
        ComponentName::Generosity => {
            let mut given: Vec<ContactId> = Vec::new();
            let mut received: Vec<ContactId> = Vec::new();
            let in_period: Vec<&ValueFact> = h.value_items.iter().filter(|v| v.at > from && v.at <= to).collect();
            for v in &in_period {
                let list = if v.direction == Direction::Given { &mut given } else { &mut received };
                if !list.contains(&v.contact) {
                    list.push(v.contact);
                }
            }
            // An item given to a group counts once, as in the score.
            let of_kind = |d: Direction| {
                super::follow::shared_items(in_period.iter().copied()).filter(|v| v.direction == d).count()
            };
            let (ng, nr) = (of_kind(Direction::Given), of_kind(Direction::Received));
            if ng + nr == 0 {
                return (Reason::NothingExchanged, vec![]);
            }
            if ng >= nr {
                (Reason::Gave { given: ng, received: nr }, given)
            } else {
                (Reason::Received { given: ng, received: nr }, received)
            }
        }
        ComponentName::FollowThrough => {
            // The score is my answer rate's term plus theirs: name the side whose term moved more.
            // The questions that count, once for both dates (a large network has a hundred
            // thousand): those asked by a date are its first ones.
            let counted = super::follow::counted_questions(h, &h.questions);
            let parts = |at: Secs| {
                let asked = &counted[..counted.partition_point(|q| q.asked_at <= at)];
                network::follow_through_parts_of(asked, at, s)
            };
            let ((mine_a, theirs_a), (mine_b, theirs_b)) = (parts(from), parts(to));
            let (mine, theirs) = (mine_b - mine_a, theirs_b - theirs_a);
            // Who asked the questions of the side named: they asked mine, I asked theirs.
            let asker = if mine.abs() >= theirs.abs() { Party::Them } else { Party::Me };
            let grace = (s.question_grace_days * DAY) as Secs;
            // The questions that went past their grace days in the period, still open at its end.
            let late: Vec<&QuestionFact> = counted
                .iter()
                .copied()
                .filter(|q| q.asked_by == asker && q.asked_at + grace > from - 1 && q.asked_at + grace < to)
                .filter(|q| q.answered_at.is_none_or(|t| t > to))
                .collect();
            let answered = counted
                .iter()
                .filter(|q| q.asked_by == asker && q.answered_at.is_some_and(|t| t > from && t <= to))
                .count();
            let mut who: Vec<ContactId> = Vec::new();
            for q in &late {
                if !who.contains(&q.contact) {
                    who.push(q.contact);
                }
            }
            let grace_days = s.question_grace_days;
            let reason = match (asker, late.len()) {
                (Party::Them, 0) => Reason::AnsweredAll { answered, grace_days, mine, theirs },
                (Party::Them, late) => Reason::Unanswered { late, answered, grace_days, mine, theirs },
                (Party::Me, 0) => Reason::TheyAnswered { answered, mine, theirs },
                (Party::Me, late) => Reason::TheyLeftUnanswered { late, answered, grace_days, mine, theirs },
            };
            (reason, who)
        }
        ComponentName::Reach => {
            // Reach's terms are each post's reactions against my usual: only a new post or a new
            // reaction moves them (see `reach`).
            let posts = h.posts.iter().filter(|p| p.at > from && p.at <= to).count();
            let in_period: Vec<&ReactionFact> = h.reactions.iter().filter(|r| r.at > from && r.at <= to).collect();
            let usual = super::reach::scan(h, to, s).usual;
            if posts == 0 && in_period.is_empty() {
                return (Reason::ReachQuiet { usual }, vec![]);
            }
            let reactions = in_period.iter().map(|r| u64::from(r.count)).sum();
            let mut who: Vec<ContactId> = in_period.iter().filter_map(|r| r.contact).collect();
            who.sort();
            who.dedup();
            (Reason::ReachMoved { posts, reactions, named: who.len(), usual }, who)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestions {
    #[serde(with = "super::history::iso")]
    pub at: Secs,
    /// Ties worth reviving: once strong, now overdue. Score = strength at last contact × how overdue.
    pub reconnect: Vec<Reconnect>,
    /// Open questions they asked me in the window, oldest first.
    pub questions_i_owe: Vec<OwedQuestion>,
    /// Conversations where their last message (of the window) waits for my reply, oldest first.
    pub my_turn: Vec<TurnItem>,
    /// Ties where I receive much more than I give.
    pub only_take: Vec<Imbalance>,
    /// Ties where my messages rarely get an answer.
    pub only_broadcast: Vec<Broadcast>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reconnect {
    pub contact: ContactId,
    pub name: String,
    pub score: f64,
    pub strength_then: f64,
    pub days_silent: f64,
    pub expected_days: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwedQuestion {
    pub contact: ContactId,
    pub name: String,
    pub question: QuestionId,
    pub text: String,
    pub age_days: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnItem {
    pub contact: ContactId,
    pub name: String,
    #[serde(with = "super::history::iso")]
    pub since: Secs,
    pub days: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Imbalance {
    pub contact: ContactId,
    pub name: String,
    pub items_given: usize,
    pub items_received: usize,
    pub share_given: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Broadcast {
    pub contact: ContactId,
    pub name: String,
    /// My turns in the window (a burst of messages is one) and how many were answered.
    pub my_turns: usize,
    pub answered: usize,
}

const MAX_EACH: usize = 10;

pub fn suggest(history: &History, at: Secs, s: &ModelSettings) -> Suggestions {
    let index = Index::new(history);
    suggest_from(&index, &report_at(&index, at, s), s)
}

/// [`suggest`] from the report of its date, for a caller that has it already.
pub fn suggest_from(index: &Index<'_>, report: &Report, s: &ModelSettings) -> Suggestions {
    suggest_with(report, s, |m, last| {
        let facts = index.history.contacts.iter().find(|c| c.id == m.contact)?;
        Some(super::contact::measure(index, facts, last, s).strength)
    })
}

/// [`suggest_from`], given each overdue tie's strength at its last interaction by
/// `strength_then(tie, last)` (a tie's own history decides it): a caller that keeps those
/// strengths need not measure the ties again.
pub fn suggest_with(
    report: &Report,
    s: &ModelSettings,
    mut strength_then: impl FnMut(&ContactMeasures, Secs) -> Option<f64>,
) -> Suggestions {
    let at = report.at;
    let mut reconnect: Vec<Reconnect> = report
        .contacts
        .iter()
        .filter(|m| m.cadence.status == CadenceStatus::Overdue)
        .filter_map(|m| {
            let last = m.last_interaction_at?;
            let then = strength_then(m, last)?;
            let ratio = m.cadence.ratio?.min(s.reconnect_ratio_cap);
            Some(Reconnect {
                contact: m.contact,
                name: m.name.clone(),
                score: then * ratio,
                strength_then: then,
                days_silent: m.cadence.days_since_last?,
                expected_days: m.cadence.expected_days,
            })
        })
        .collect();
    reconnect.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.contact.cmp(&b.contact)));
    reconnect.truncate(MAX_EACH);

    // Questions older than the window are left to the contact's page: a year on, they are
    // rarely still worth an answer, and they would bury the ones that are.
    let oldest = at - (s.window_days * DAY) as Secs;
    let mut questions_i_owe: Vec<OwedQuestion> = report
        .contacts
        .iter()
        .flat_map(|m| {
            m.their_questions.open.iter().filter(|q| q.asked_at > oldest).map(|q| OwedQuestion {
                contact: m.contact,
                name: m.name.clone(),
                question: q.id,
                text: q.text.clone(),
                age_days: q.age_days,
            })
        })
        .collect();
    questions_i_owe.sort_by(|a, b| b.age_days.total_cmp(&a.age_days).then(a.question.cmp(&b.question)));

    let mut my_turn: Vec<TurnItem> = report
        .contacts
        .iter()
        .filter(|m| super::my_turn_to_reply(m))
        .filter_map(|m| {
            // A message left quiet for a season is no longer a conversation to resume (Reconnect
            // shows the tie instead), the same rule as Open loops: only quiet_turn_days decides,
            // not the measures' window, or the count here would differ from the badge's.
            let since = m.turn.since.filter(|t| !super::turn_is_quiet(Some(*t), at, s))?;
            Some(TurnItem { contact: m.contact, name: m.name.clone(), since, days: (at - since) as f64 / DAY })
        })
        .collect();
    my_turn.sort_by_key(|t| t.since);

    let mut only_take: Vec<Imbalance> = report
        .contacts
        .iter()
        .filter_map(|m| {
            let g = &m.give_take;
            let share = g.balance?;
            (g.items_received >= s.only_take_min_received && share < s.only_take_max_share).then(|| Imbalance {
                contact: m.contact,
                name: m.name.clone(),
                items_given: g.items_given,
                items_received: g.items_received,
                share_given: share,
            })
        })
        .collect();
    only_take.sort_by(|a, b| a.share_given.total_cmp(&b.share_given).then(b.items_received.cmp(&a.items_received)));
    only_take.truncate(MAX_EACH);

    let mut only_broadcast: Vec<Broadcast> = report
        .contacts
        .iter()
        .filter_map(|m| {
            let c = &m.conversation;
            let listed =
                c.my_turns >= s.only_broadcast_min_touches && c.answered_share? < s.only_broadcast_max_answered;
            listed.then(|| Broadcast {
                contact: m.contact,
                name: m.name.clone(),
                my_turns: c.my_turns,
                answered: c.my_turns_answered,
            })
        })
        .collect();
    only_broadcast.sort_by_key(|b| std::cmp::Reverse(b.my_turns));
    only_broadcast.truncate(MAX_EACH);

    Suggestions { at, reconnect, questions_i_owe, my_turn, only_take, only_broadcast }
}

#[cfg(test)]
mod tests {
    use chrono::{FixedOffset, TimeZone};

    use super::*;
    use crate::measures::follow::{counted_questions, lists_counted_here};
    use crate::model::{Channel, ContactFields, NewInteraction, NewQuestion, QuestionQuery};
    use crate::Store;

    /// Questions both ways over forty days, some put to two people at once (counted once), some
    /// answered later.
    fn asked_and_answered() -> (History, Secs) {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.add_contact(&ContactFields::named("Ana")).unwrap().id;
        let bea = store.add_contact(&ContactFields::named("Bea")).unwrap().id;
        let (start, day) = (1_767_225_600, 86_400);
        for n in 0..40 {
            let by = if n % 2 == 0 { Party::Them } else { Party::Me };
            let with = if n % 3 == 0 { vec![ana, bea] } else { vec![ana] };
            let at = FixedOffset::east_opt(0).unwrap().timestamp_opt(start + n * day, 0).unwrap();
            let mut talk = NewInteraction::new(at, Channel::Message, by, with);
            talk.questions.push(NewQuestion { asked_by: by, text: format!("Question {}", n % 5), contact: None });
            if n % 4 == 3 {
                let other = if by == Party::Me { Party::Them } else { Party::Me };
                let open = QuestionQuery { contact: Some(ana), open_only: true, asked_by: Some(other) };
                talk.answers = store.list_questions(&open).unwrap().iter().take(1).map(|q| q.id).collect();
            }
            store.log_interaction(&talk).unwrap();
        }
        (store.history().unwrap(), start)
    }

    #[test]
    fn follow_throughs_reason_counts_the_questions_once_for_both_dates() {
        let (h, start) = asked_and_answered();
        let s = ModelSettings::default();
        // What it rests on: the questions that count by a date are the first ones counted of all.
        let all = counted_questions(&h, &h.questions);
        for at in (start - DAY as Secs..start + 45 * DAY as Secs).step_by(DAY as usize / 2) {
            let by_then = counted_questions(&h, &h.questions[..h.questions.partition_point(|q| q.asked_at <= at)]);
            let first = &all[..all.partition_point(|q| q.asked_at <= at)];
            assert!(by_then.iter().map(|q| q.id).eq(first.iter().map(|q| q.id)), "at {at}");
        }
        let (from, to) = (start + 10 * DAY as Secs, start + 40 * DAY as Secs);
        let (a, b) = (super::super::report(&h, from, &s), super::super::report(&h, to, &s));
        let before = lists_counted_here();
        reason(ComponentName::FollowThrough, &a, &b, &h, from, to, &s);
        assert_eq!(lists_counted_here() - before, 1, "once, not once per date and once more for the late ones");
    }
}
