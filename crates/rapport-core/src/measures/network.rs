//! The whole network at a date: every tie's measures with its Dunbar layer, and the Network
//! Value Index made of named components, each with its weight and contribution.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::contact::{self, ContactMeasures, Index};
use super::history::*;
use super::settings::ModelSettings;
use crate::model::*;

/// Every non-archived contact's measures at `at`, strongest first (ties broken by name, so the
/// order never depends on the order the contacts were added in).
pub fn measure_all(index: &Index<'_>, at: Secs, s: &ModelSettings) -> Vec<ContactMeasures> {
    let mut all: Vec<ContactMeasures> =
        index.history.contacts.iter().filter(|c| !c.archived).map(|c| contact::measure(index, c, at, s)).collect();
    sort_strongest_first(&mut all);
    all
}

pub fn sort_strongest_first(all: &mut [ContactMeasures]) {
    all.sort_by(strongest_first);
}

pub fn strongest_first(a: &ContactMeasures, b: &ContactMeasures) -> std::cmp::Ordering {
    b.strength.total_cmp(&a.strength).then_with(|| a.name.cmp(&b.name)).then(a.contact.cmp(&b.contact))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentName {
    Depth,
    Breadth,
    Reciprocity,
    Generosity,
    FollowThrough,
    Reach,
}

impl ComponentName {
    pub const ALL: [ComponentName; 6] = [
        ComponentName::Depth,
        ComponentName::Breadth,
        ComponentName::Reciprocity,
        ComponentName::Generosity,
        ComponentName::FollowThrough,
        ComponentName::Reach,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ComponentName::Depth => "Depth",
            ComponentName::Breadth => "Breadth",
            ComponentName::Reciprocity => "Reciprocity",
            ComponentName::Generosity => "Generosity",
            ComponentName::FollowThrough => "Follow-through",
            ComponentName::Reach => "Reach",
        }
    }

    pub fn weight(self, s: &ModelSettings) -> f64 {
        let w = &s.index_weights;
        match self {
            ComponentName::Depth => w.depth,
            ComponentName::Breadth => w.breadth,
            ComponentName::Reciprocity => w.reciprocity,
            ComponentName::Generosity => w.generosity,
            ComponentName::FollowThrough => w.follow_through,
            ComponentName::Reach => w.reach,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub name: ComponentName,
    /// 0–100, or `None` when the history says nothing about it yet (no posts, no value logged...).
    pub score: Option<f64>,
    /// The weight set by the user.
    pub weight: f64,
    /// Points of the index this component accounts for: weight × score / sum of the weights in use.
    pub contribution: f64,
    /// One line on what the score is made of.
    pub detail: String,
    /// The numbers of `detail`, for a window that writes it in its own language.
    pub facts: Facts,
}

/// What a component's score is made of, as data: one variant per component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Facts {
    /// The mean strength of the `ties` strongest ties.
    Depth {
        ties: usize,
    },
    /// `active` ties in the window, against Dunbar's `of`.
    Breadth {
        active: usize,
        of: usize,
    },
    Reciprocity,
    /// Items given and received in the window, and the share of the value given (0–1).
    Generosity {
        given: usize,
        received: usize,
        share_given: Option<f64>,
    },
    /// Questions put to me and answered by me; mine, answered by them.
    FollowThrough {
        i_answered: usize,
        asked_of_me: usize,
        they_answered: usize,
        i_asked: usize,
    },
    /// Distinct contacts reacting to the posts of the last `days`.
    Reach {
        reactors: usize,
        posts: usize,
        days: f64,
    },
}

impl Facts {
    /// The line in English (the CLI's words).
    fn english(&self) -> String {
        let pct = |x: Option<f64>| x.map(|v| format!("{:.0}%", 100.0 * v)).unwrap_or_else(|| "—".into());
        match self {
            Facts::Depth { ties } => format!("mean strength of your {ties} strongest ties"),
            Facts::Breadth { active, of } => {
                format!("{} active in the last year, of Dunbar's {of}", super::words::count(*active, "tie"))
            }
            Facts::Reciprocity => "balanced initiative and two-way exchanges, recent touches weighing most".into(),
            Facts::Generosity { given, received, share_given } => format!(
                "you gave {given} and received {received} items in the last year ({} of the value given)",
                pct(*share_given)
            ),
            Facts::FollowThrough { i_answered, asked_of_me, they_answered, i_asked } => format!(
                "you answered {i_answered} of {asked_of_me} questions put to you; they answered {they_answered} of your {i_asked}"
            ),
            Facts::Reach { reactors, posts, days } => {
                format!("{reactors} contacts reacted to your {posts} posts of the last {days} days")
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Weak,
    Fair,
    Strong,
}

impl Band {
    pub fn of(index: f64) -> Band {
        if index < 40.0 {
            Band::Weak
        } else if index < 60.0 {
            Band::Fair
        } else {
            Band::Strong
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkIndex {
    #[serde(with = "super::history::iso")]
    pub at: Secs,
    /// 0–100.
    pub index: f64,
    pub band: Band,
    pub components: Vec<Component>,
    /// Ties in each Dunbar layer (5, 15, 50, 150), in order.
    pub layer_counts: [usize; 4],
    pub active_ties: usize,
}

/// What the index needs to know of one tie at a date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TieSummary {
    pub strength: f64,
    /// At least one interaction in the window.
    pub active: bool,
    /// The tie's Reciprocity score and the evidence behind it (see [`contact::TieReciprocity`]).
    pub reciprocity: Option<f64>,
    pub evidence: f64,
    /// Position of the tie's layer (0 = innermost), if any.
    pub layer: Option<usize>,
}

impl TieSummary {
    pub fn of(m: &ContactMeasures, window_start: Secs) -> TieSummary {
        TieSummary {
            strength: m.strength,
            active: m.last_interaction_at.is_some_and(|t| t > window_start),
            reciprocity: m.reciprocity.score,
            evidence: m.reciprocity.evidence,
            layer: m.layer.map(|rank| rank - 1),
        }
    }
}

/// A sum of non-negative numbers below a billion, exact to 2⁻³² and the same in any order.
#[derive(Default)]
struct FixedSum(i128);

impl FixedSum {
    const SCALE: f64 = 4_294_967_296.0;

    fn add(&mut self, x: f64) {
        self.0 += (x * Self::SCALE).round() as i128;
    }

    fn value(&self) -> f64 {
        self.0 as f64 / Self::SCALE
    }
}

/// The part of a time-sorted list whose time falls in `(from, to]`.
fn between<T>(items: &[T], time: impl Fn(&T) -> Secs, from: Secs, to: Secs) -> &[T] {
    let start = items.partition_point(|x| time(x) <= from);
    let end = items.partition_point(|x| time(x) <= to);
    &items[start..end.max(start)]
}

/// Answered share of the questions asked by `by` among `asked` (asked by `at`), each weighted by
/// 2^(−age/H) from when it was asked: answered / (answered + open past the grace days). With no
/// new question nor answer, the only change is a question passing its grace days, which lowers it.
fn faded_rate(asked: &[&QuestionFact], by: Party, at: Secs, s: &ModelSettings) -> Option<f64> {
    let grace = (s.question_grace_days * DAY) as Secs;
    let (mut answered, mut counted) = (0.0, 0.0);
    for q in asked.iter().filter(|q| q.asked_by == by) {
        let w = contact::decay(at - q.asked_at, s.evidence_half_life_days);
        if q.answered_at.is_some_and(|a| a <= at) {
            answered += w;
            counted += w;
        } else if at - q.asked_at > grace {
            counted += w;
        }
    }
    (counted > 0.0).then(|| answered / counted)
}

/// The questions among `questions` that count in the index: an archived contact's are set aside
/// with the contact, as their tie is (and as Open loops and "Questions I owe" leave them out).
pub(crate) fn counted_questions<'h>(h: &History, questions: &'h [QuestionFact]) -> Vec<&'h QuestionFact> {
    let archived: HashSet<ContactId> = h.contacts.iter().filter(|c| c.archived).map(|c| c.id).collect();
    questions.iter().filter(|q| !archived.contains(&q.contact)).collect()
}

/// Follow-through's two terms at `at`, in points of its score: my answer rate (questions put to
/// me) and theirs (my questions), 2:1 when both are known; `None` when neither is.
pub(crate) fn follow_through_parts(h: &History, at: Secs, s: &ModelSettings) -> Option<(f64, f64)> {
    let asked: Vec<&QuestionFact> =
        counted_questions(h, &h.questions[..h.questions.partition_point(|q| q.asked_at <= at)]);
    match (faded_rate(&asked, Party::Them, at, s), faded_rate(&asked, Party::Me, at, s)) {
        (Some(a), Some(b)) => Some((100.0 * 2.0 * a / 3.0, 100.0 * b / 3.0)),
        (Some(a), None) => Some((100.0 * a, 0.0)),
        (None, Some(b)) => Some((0.0, 100.0 * b)),
        (None, None) => None,
    }
}

/// Each tie's share of Reciprocity's score (its weight × its score / all the weights), from the
/// same terms the score is made of: the shares add up to the score.
pub(crate) fn reciprocity_shares(ties: &[ContactMeasures]) -> Vec<(ContactId, f64)> {
    let weighed: Vec<(ContactId, f64, f64)> = ties
        .iter()
        .filter_map(|m| Some((m.contact, m.reciprocity.evidence.sqrt(), m.reciprocity.score?)))
        .filter(|(_, w, _)| *w > 0.0)
        .collect();
    let total: f64 = weighed.iter().map(|(_, w, _)| w).sum();
    weighed.into_iter().map(|(id, w, score)| (id, w * score / total)).collect()
}

/// The Network Value Index at `at` from the tie measures of that date.
pub fn network_index(index: &Index<'_>, ties: &[ContactMeasures], at: Secs, s: &ModelSettings) -> NetworkIndex {
    let window_start = at - (s.window_days * DAY) as Secs;
    let summaries: Vec<TieSummary> = ties.iter().map(|m| TieSummary::of(m, window_start)).collect();
    network_from(index.history, &summaries, at, s)
}

/// The Network Value Index at `at` from a summary of every non-archived tie at that date and the
/// network-wide parts of the history (value items, questions, posts). Shared by the report of one
/// date and by the weekly series, so both compute the index the same way.
pub fn network_from(h: &History, ties: &[TieSummary], at: Secs, s: &ModelSettings) -> NetworkIndex {
    let window_start = at - (s.window_days * DAY) as Secs;
    let active: Vec<&TieSummary> = ties.iter().filter(|t| t.active).collect();

    // Depth: the mean strength of the 15 strongest ties (Dunbar's sympathy group); empty seats count 0.
    let inner = s.layer_sizes[1];
    let mut strengths: Vec<f64> = ties.iter().map(|t| t.strength).collect();
    if strengths.len() > inner {
        strengths.select_nth_unstable_by(inner - 1, |a, b| b.total_cmp(a));
        strengths.truncate(inner);
    }
    strengths.sort_by(|a, b| b.total_cmp(a));
    let depth = strengths.iter().sum::<f64>() / inner as f64;

    // Breadth: active ties against Dunbar's 150, with diminishing returns (square root).
    let breadth = 100.0 * (active.len() as f64 / s.layer_sizes[3] as f64).min(1.0).sqrt();

    // Reciprocity: over every tie, each weighing the square root of its faded touches (so that a
    // chatty tie does not drown the others, and with no new touch every weight shrinks by the
    // same factor: the score holds still). Summed in fixed point after scaling by the largest
    // weight, so that the result does not depend on the order of the ties, down to the last bit
    // (the live measures hold them in no particular order).
    let weighed: Vec<(f64, f64)> =
        ties.iter().filter_map(|t| Some((t.evidence.sqrt(), t.reciprocity?))).filter(|(w, _)| *w > 0.0).collect();
    let largest = weighed.iter().map(|(w, _)| *w).fold(0.0, f64::max);
    let mut rec_num = FixedSum::default();
    let mut rec_den = FixedSum::default();
    for (w, score) in &weighed {
        let w = w / largest;
        rec_num.add(w * score);
        rec_den.add(w);
    }
    let reciprocity = (rec_den.0 > 0).then(|| rec_num.value() / rec_den.value());

    // Generosity: share of the value given, old items faded, against the target share.
    let hl = s.evidence_half_life_days;
    let gt = contact::give_take(between(&h.value_items, |v| v.at, window_start, at).iter(), s);
    let (mut given, mut exchanged) = (0.0, 0.0);
    for v in &h.value_items[..h.value_items.partition_point(|v| v.at <= at)] {
        let w = s.value_weights.of(v.kind) * v.weight.unwrap_or(1.0) * contact::decay(at - v.at, hl);
        exchanged += w;
        if v.direction == Direction::Given {
            given += w;
        }
    }
    let generosity = (exchanged > 0.0).then(|| 100.0 * (given / exchanged / s.generosity_target).min(1.0));

    // Follow-through: answer rates both ways, old questions faded; what I owe counts double.
    let recent_q = counted_questions(h, between(&h.questions, |q| q.asked_at, window_start, at));
    let mine = contact::AnswerCounts::of(recent_q.iter().copied().filter(|q| q.asked_by == Party::Them), at, s);
    let theirs = contact::AnswerCounts::of(recent_q.iter().copied().filter(|q| q.asked_by == Party::Me), at, s);
    let follow_through = follow_through_parts(h, at, s).map(|(mine, theirs)| mine + theirs);

    // Reach: distinct contacts who reacted to recent posts (which only falls while nothing
    // happens), and comments and shares per post over every post, old posts faded (a mean over
    // a window would rise when a quiet post left it).
    let reach_start = at - (s.reach_window_days * DAY) as Secs;
    let posts_so_far = &h.posts[..h.posts.partition_point(|p| p.at <= at)];
    let posts: HashSet<PostId> = between(&h.posts, |p| p.at, reach_start, at).iter().map(|p| p.id).collect();
    let reactors: HashSet<ContactId> = between(&h.reactions, |r| r.at, reach_start, at)
        .iter()
        .filter(|r| posts.contains(&r.post))
        .filter_map(|r| r.contact)
        .collect();
    let mut amplifying: HashMap<PostId, f64> = HashMap::new();
    for r in &h.reactions[..h.reactions.partition_point(|r| r.at <= at)] {
        if r.kind != ReactionKind::Like {
            *amplifying.entry(r.post).or_default() += f64::from(r.count);
        }
    }
    let reach = (!posts_so_far.is_empty()).then(|| {
        let (mut per_post, mut weight) = (0.0, 0.0);
        for p in posts_so_far {
            let w = contact::decay(at - p.at, hl);
            per_post += w * amplifying.get(&p.id).copied().unwrap_or(0.0);
            weight += w;
        }
        let audience = 1.0 - (-(reactors.len() as f64) / s.reach_reference).exp();
        let amplification = 1.0 - (-(per_post / weight) / 5.0).exp();
        100.0 * (0.6 * audience + 0.4 * amplification)
    });

    let scores = [
        (ComponentName::Depth, Some(depth), Facts::Depth { ties: inner }),
        (ComponentName::Breadth, Some(breadth), Facts::Breadth { active: active.len(), of: s.layer_sizes[3] }),
        (ComponentName::Reciprocity, reciprocity, Facts::Reciprocity),
        (
            ComponentName::Generosity,
            generosity,
            Facts::Generosity { given: gt.items_given, received: gt.items_received, share_given: gt.balance },
        ),
        (
            ComponentName::FollowThrough,
            follow_through,
            Facts::FollowThrough {
                i_answered: mine.answered,
                asked_of_me: mine.asked,
                they_answered: theirs.answered,
                i_asked: theirs.asked,
            },
        ),
        (
            ComponentName::Reach,
            reach,
            Facts::Reach { reactors: reactors.len(), posts: posts.len(), days: s.reach_window_days },
        ),
    ];
    let weight_in_use: f64 = scores.iter().filter(|(_, v, _)| v.is_some()).map(|(n, _, _)| n.weight(s)).sum();
    let components: Vec<Component> = scores
        .into_iter()
        .map(|(name, score, facts)| {
            let weight = name.weight(s);
            let contribution = match score {
                Some(v) if weight_in_use > 0.0 => weight * v.clamp(0.0, 100.0) / weight_in_use,
                _ => 0.0,
            };
            let detail = facts.english();
            Component { name, score: score.map(|v| v.clamp(0.0, 100.0)), weight, contribution, detail, facts }
        })
        .collect();
    let total: f64 = components.iter().map(|c| c.contribution).sum::<f64>().clamp(0.0, 100.0);
    let mut layer_counts = [0; 4];
    for pos in ties.iter().filter_map(|t| t.layer) {
        layer_counts[pos] += 1;
    }
    NetworkIndex { at, index: total, band: Band::of(total), components, layer_counts, active_ties: active.len() }
}
