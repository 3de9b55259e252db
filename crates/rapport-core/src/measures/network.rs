//! The whole network at a date: every tie's measures with its Dunbar layer, and the Network
//! Value Index made of named components, each with its weight and contribution.

use std::collections::HashSet;

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
    /// My posts of the last `days` and the reactions they drew (anonymous counts included), and
    /// the median reactions per post of my latest posts (`usual`, the level each post is
    /// compared with; `None` before any post).
    Reach {
        posts: usize,
        reactions: u64,
        days: f64,
        usual: Option<f64>,
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
            Facts::Reach { posts, reactions, days, usual } => {
                let usual = usual.map(|u| format!("; your usual: {u:.0} a post")).unwrap_or_default();
                format!(
                    "{} to your {} of the last {days} days{usual}",
                    super::words::count(*reactions as usize, "reaction"),
                    super::words::count(*posts, "post")
                )
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

/// The parts of the index read from the whole history with old evidence faded (2^(−age/E)):
/// the share of the value given, each side's answer rate, and Reach (each post's reactions
/// against my usual, see [`super::reach`]). `None` where there is nothing yet.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FadedParts {
    pub share_given: Option<f64>,
    /// Questions put to me: answered / (answered + open past the grace days).
    pub my_answer_rate: Option<f64>,
    /// My questions, the same.
    pub their_answer_rate: Option<f64>,
    pub reach: super::reach::ReachScore,
}

impl FadedParts {
    /// The parts at `at`, reading every event once.
    pub fn scan(h: &History, at: Secs, s: &ModelSettings) -> FadedParts {
        let hl = s.evidence_half_life_days;
        let (mut given, mut exchanged) = (0.0, 0.0);
        for v in &h.value_items[..h.value_items.partition_point(|v| v.at <= at)] {
            let w = s.value_weights.of(v.kind) * v.weight.unwrap_or(1.0) * contact::decay(at - v.at, hl);
            exchanged += w;
            if v.direction == Direction::Given {
                given += w;
            }
        }
        let asked = counted_questions(h, &h.questions[..h.questions.partition_point(|q| q.asked_at <= at)]);
        FadedParts {
            share_given: (exchanged > 0.0).then(|| given / exchanged),
            my_answer_rate: faded_rate(&asked, Party::Them, at, s),
            their_answer_rate: faded_rate(&asked, Party::Me, at, s),
            reach: super::reach::scan(h, at, s),
        }
    }
}

/// A sum of x · 2^(−(t − origin)/H) over events that happen at known instants, read at
/// increasing dates: each read folds in the events up to it, so a walk over many dates reads
/// each event once.
#[derive(Debug, Default)]
pub(crate) struct FadedSum {
    /// (when it counts from, where its age counts from, x), by the first.
    events: Vec<(Secs, Secs, f64)>,
    next: usize,
    sum: f64,
    at: Secs,
}

impl FadedSum {
    pub(crate) fn new(mut events: Vec<(Secs, Secs, f64)>) -> FadedSum {
        events.sort_by_key(|e| e.0);
        FadedSum { events, ..Default::default() }
    }

    /// The sum at `at` (never earlier than the last read), and whether any event counts yet.
    pub(crate) fn at(&mut self, at: Secs, half_life: f64) -> (f64, bool) {
        while let Some(&(when, origin, x)) = self.events.get(self.next).filter(|e| e.0 <= at) {
            self.sum =
                self.sum * contact::decay(when - self.at, half_life) + x * contact::decay(when - origin, half_life);
            self.at = when;
            self.next += 1;
        }
        (self.sum * contact::decay(at - self.at, half_life), self.next > 0)
    }
}

/// [`FadedParts`] at increasing dates, for the weekly series: the same numbers as
/// [`FadedParts::scan`] at each date, each event read once.
pub(crate) struct FadedWalk {
    given: FadedSum,
    exchanged: FadedSum,
    /// For questions put to me, then mine: answered, and answered or late.
    answered: [FadedSum; 2],
    counted: [FadedSum; 2],
    reach: super::reach::ReachWalk,
}

impl FadedWalk {
    pub(crate) fn new(h: &History, s: &ModelSettings) -> FadedWalk {
        let value = |given_only: bool| {
            h.value_items
                .iter()
                .filter(|v| !given_only || v.direction == Direction::Given)
                .map(|v| (v.at, v.at, s.value_weights.of(v.kind) * v.weight.unwrap_or(1.0)))
                .collect()
        };
        let grace = (s.question_grace_days * DAY) as Secs;
        let questions = counted_questions(h, &h.questions);
        let side = |by: Party| {
            let mine: Vec<&&QuestionFact> = questions.iter().filter(|q| q.asked_by == by).collect();
            // Answered once the answer is in; counted from then, or once past the grace days.
            let answered =
                mine.iter().filter_map(|q| q.answered_at.map(|a| (a.max(q.asked_at), q.asked_at, 1.0))).collect();
            let counted = mine
                .iter()
                .map(|q| {
                    let late = q.asked_at + grace + 1;
                    (q.answered_at.map_or(late, |a| a.min(late)).max(q.asked_at), q.asked_at, 1.0)
                })
                .collect();
            (FadedSum::new(answered), FadedSum::new(counted))
        };
        let (me_answered, me_counted) = side(Party::Them);
        let (they_answered, they_counted) = side(Party::Me);
        FadedWalk {
            given: FadedSum::new(value(true)),
            exchanged: FadedSum::new(value(false)),
            answered: [me_answered, they_answered],
            counted: [me_counted, they_counted],
            reach: super::reach::ReachWalk::new(h),
        }
    }

    /// The parts at `at`, which must not be earlier than the last date asked.
    pub(crate) fn at(&mut self, at: Secs, s: &ModelSettings) -> FadedParts {
        let hl = s.evidence_half_life_days;
        let (given, _) = self.given.at(at, hl);
        let (exchanged, _) = self.exchanged.at(at, hl);
        let mut rate = |k: usize| {
            let (answered, _) = self.answered[k].at(at, hl);
            let (counted, _) = self.counted[k].at(at, hl);
            (counted > 0.0).then(|| (answered / counted).min(1.0))
        };
        let (my_answer_rate, their_answer_rate) = (rate(0), rate(1));
        FadedParts {
            share_given: (exchanged > 0.0).then(|| (given / exchanged).min(1.0)),
            my_answer_rate,
            their_answer_rate,
            reach: self.reach.at(at, s),
        }
    }
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

/// Follow-through's two terms, in points of its score, from my answer rate (questions put to me)
/// and theirs (my questions): 2:1 when both are known; `None` when neither is.
fn follow_through_terms(mine: Option<f64>, theirs: Option<f64>) -> Option<(f64, f64)> {
    match (mine, theirs) {
        (Some(a), Some(b)) => Some((100.0 * 2.0 * a / 3.0, 100.0 * b / 3.0)),
        (Some(a), None) => Some((100.0 * a, 0.0)),
        (None, Some(b)) => Some((0.0, 100.0 * b)),
        (None, None) => None,
    }
}

/// Follow-through's two terms at `at` (see [`follow_through_terms`]).
pub(crate) fn follow_through_parts(h: &History, at: Secs, s: &ModelSettings) -> Option<(f64, f64)> {
    let asked = counted_questions(h, &h.questions[..h.questions.partition_point(|q| q.asked_at <= at)]);
    follow_through_terms(faded_rate(&asked, Party::Them, at, s), faded_rate(&asked, Party::Me, at, s))
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
    network_from(index.history, &summaries, &FadedParts::scan(index.history, at, s), at, s)
}

/// The Network Value Index at `at` from a summary of every non-archived tie at that date and the
/// network-wide parts of the history (value items, questions, posts). Shared by the report of one
/// date and by the weekly series, so both compute the index the same way.
pub fn network_from(h: &History, ties: &[TieSummary], faded: &FadedParts, at: Secs, s: &ModelSettings) -> NetworkIndex {
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
    let gt = contact::give_take(between(&h.value_items, |v| v.at, window_start, at).iter(), s);
    let generosity = faded.share_given.map(|share| 100.0 * (share / s.generosity_target).min(1.0));

    // Follow-through: answer rates both ways, old questions faded; what I owe counts double.
    let recent_q = counted_questions(h, between(&h.questions, |q| q.asked_at, window_start, at));
    let mine = contact::AnswerCounts::of(recent_q.iter().copied().filter(|q| q.asked_by == Party::Them), at, s);
    let theirs = contact::AnswerCounts::of(recent_q.iter().copied().filter(|q| q.asked_by == Party::Me), at, s);
    let follow_through = follow_through_terms(faded.my_answer_rate, faded.their_answer_rate).map(|(m, t)| m + t);

    // Reach: each post's reactions against my own usual, old posts faded (see `reach`). The line
    // counts the posts of the last `reach_window_days` and the reactions they drew by `at`.
    let reach = faded.reach.score;
    let reach_start = at - (s.reach_window_days * DAY) as Secs;
    let posts: HashSet<PostId> = between(&h.posts, |p| p.at, reach_start, at).iter().map(|p| p.id).collect();
    let reactions: u64 = between(&h.reactions, |r| r.at, reach_start, at)
        .iter()
        .filter(|r| posts.contains(&r.post))
        .map(|r| u64::from(r.count))
        .sum();

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
            Facts::Reach { posts: posts.len(), reactions, days: s.reach_window_days, usual: faded.reach.usual },
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
