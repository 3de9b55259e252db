//! The whole network at a date: every tie's measures with its Dunbar layer, and the Network
//! Value Index made of named components, each with its weight and contribution.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::contact::{self, ContactMeasures, Index};
use super::follow::counted_questions;
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
    /// Points of the index this component accounts for: weight × score / sum of the weights.
    pub contribution: f64,
    /// The evidence behind the score: faded trials for a rate (value items, counted questions,
    /// touches, scored posts), ties for Depth and Breadth; 0 when the score is the prior alone.
    pub n: f64,
    /// The score's 80% interval, 0–100 (docs/model.md, "Uncertainty").
    pub interval: [f64; 2],
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
    /// The index's interval is wider than `band_max_interval_width`: too early to say.
    TooEarly,
}

impl Band {
    /// The band of `index` when its 80% interval `[lo, hi]` is narrow enough to support one;
    /// [`Band::TooEarly`] otherwise.
    pub fn announced(index: f64, [lo, hi]: [f64; 2], s: &ModelSettings) -> Band {
        if hi - lo > s.band_max_interval_width {
            Band::TooEarly
        } else {
            Band::of(index)
        }
    }

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
    /// The index's 80% interval, from its components' (docs/model.md, "Uncertainty").
    pub interval: [f64; 2],
    pub band: Band,
    pub components: Vec<Component>,
    /// Ties in each Dunbar layer (5, 15, 50, 150), in order.
    pub layer_counts: [usize; 4],
    pub active_ties: usize,
    /// The essay's statistic: the questions I ended my replies to comments with, and how many
    /// went unanswered; then the same per platform of the posts (see `reach::reply_questions`).
    #[serde(default)]
    pub reply_questions: super::reach::ReplyQuestions,
    #[serde(default)]
    pub reply_questions_by_channel: Vec<super::reach::ChannelReplyQuestions>,
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
        let scaled = (x * Self::SCALE).round();
        // Below a billion, the scaled value fits an i64, whose conversion is one instruction
        // (an i128's is a library call, on every tie of every week); the same integer either way.
        self.0 += if scaled.abs() < 9.0e18 { scaled as i64 as i128 } else { scaled as i128 };
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
    /// Value exchanged (weighted, faded), with the value given as the successes.
    pub given: FadedRate,
    /// Questions put to me: answered among answered + open past the grace days.
    pub my_answers: FadedRate,
    /// My questions, the same.
    pub their_answers: FadedRate,
    pub reach: super::reach::ReachScore,
    /// The window's counts that Generosity's and Follow-through's lines show.
    pub window: WindowCounts,
}

/// The value items and questions of the last `window_days`, each shared one once (see
/// [`contact::shared_items`], [`contact::shared_questions`]): what the component lines count.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WindowCounts {
    pub items_given: usize,
    pub items_received: usize,
    pub share_given: Option<f64>,
    /// Questions put to me.
    pub my_answers: contact::AnswerCounts,
    /// My questions.
    pub their_answers: contact::AnswerCounts,
}

impl WindowCounts {
    fn of(gt: &contact::GiveTake, my_answers: contact::AnswerCounts, their_answers: contact::AnswerCounts) -> Self {
        WindowCounts {
            items_given: gt.items_given,
            items_received: gt.items_received,
            share_given: gt.balance,
            my_answers,
            their_answers,
        }
    }

    /// The counts at `at`, reading the window's items.
    pub fn scan(h: &History, at: Secs, s: &ModelSettings) -> WindowCounts {
        let window_start = at - (s.window_days * DAY) as Secs;
        let gt = contact::give_take(contact::shared_items(between(&h.value_items, |v| v.at, window_start, at)), s);
        let recent_q = counted_questions(h, between(&h.questions, |q| q.asked_at, window_start, at));
        let mine = contact::AnswerCounts::of(recent_q.iter().copied().filter(|q| q.asked_by == Party::Them), at, s);
        let theirs = contact::AnswerCounts::of(recent_q.iter().copied().filter(|q| q.asked_by == Party::Me), at, s);
        WindowCounts::of(&gt, mine, theirs)
    }
}

/// Where the other copies of each value item and question are: one item given to a group, or one
/// question put to it, is stored once per participant. Found once for a walk over many dates, so
/// that each date's window keeps one copy of each without hashing them all again.
pub(crate) struct Copies {
    /// Each value item's previous copy ([`NO_COPY`] if none).
    value_prev: Vec<usize>,
    /// Each question's previous and next copy among the counted ones ([`counted_questions`]:
    /// an archived contact's are not), and whether it is counted.
    question_prev: Vec<usize>,
    question_next: Vec<usize>,
    question_counted: Vec<bool>,
}

const NO_COPY: usize = usize::MAX;

impl Copies {
    pub(crate) fn new(h: &History) -> Copies {
        let mut last_value = HashMap::new();
        let value_prev = h
            .value_items
            .iter()
            .enumerate()
            .map(|(i, v)| match v.interaction {
                Some(id) => {
                    last_value.insert((id, v.direction, v.kind, v.weight.map(f64::to_bits)), i).unwrap_or(NO_COPY)
                }
                None => NO_COPY,
            })
            .collect();
        let archived: HashSet<ContactId> = h.contacts.iter().filter(|c| c.archived).map(|c| c.id).collect();
        let n = h.questions.len();
        let (mut question_prev, mut question_next) = (vec![NO_COPY; n], vec![NO_COPY; n]);
        let mut question_counted = vec![false; n];
        let mut last_question = HashMap::new();
        for (i, q) in h.questions.iter().enumerate() {
            if archived.contains(&q.contact) {
                continue;
            }
            question_counted[i] = true;
            if let Some(id) = q.asked_in {
                if let Some(prev) = last_question.insert((id, q.asked_by == Party::Me, q.text.as_str()), i) {
                    question_prev[i] = prev;
                    question_next[prev] = i;
                }
            }
        }
        Copies { value_prev, question_prev, question_next, question_counted }
    }

    /// [`WindowCounts::scan`] at `at`, each shared item and question found by its copies.
    fn window(&self, h: &History, at: Secs, s: &ModelSettings) -> WindowCounts {
        let window_start = at - (s.window_days * DAY) as Secs;
        // An item counts at its first copy in the window, as `shared_items` keeps it.
        let (lo, hi) = span(&h.value_items, |v| v.at, window_start, at);
        let first_copies = (lo..hi).filter(|&i| self.value_prev[i] == NO_COPY || self.value_prev[i] < lo);
        let gt = contact::give_take(first_copies.map(|i| &h.value_items[i]), s);
        // A question counts once, by its copy answered first (the first in the window when
        // none is), as `shared_questions` keeps it.
        let (lo, hi) = span(&h.questions, |q| q.asked_at, window_start, at);
        let grace = (s.question_grace_days * DAY) as Secs;
        let (mut mine, mut theirs) = (contact::AnswerCounts::default(), contact::AnswerCounts::default());
        for i in lo..hi {
            let prev = self.question_prev[i];
            if !self.question_counted[i] || (prev != NO_COPY && prev >= lo) {
                continue;
            }
            let mut kept = &h.questions[i];
            let mut j = self.question_next[i];
            while j != NO_COPY && j < hi {
                let q = &h.questions[j];
                if q.answered_at.is_some_and(|a| kept.answered_at.is_none_or(|k| a < k)) {
                    kept = q;
                }
                j = self.question_next[j];
            }
            let counts = if kept.asked_by == Party::Them { &mut mine } else { &mut theirs };
            counts.count(kept, at, grace);
        }
        WindowCounts::of(&gt, mine, theirs)
    }
}

/// The places of a time-sorted list whose time falls in `(from, to]`.
fn span<T>(items: &[T], time: impl Fn(&T) -> Secs, from: Secs, to: Secs) -> (usize, usize) {
    let start = items.partition_point(|x| time(x) <= from);
    let end = items.partition_point(|x| time(x) <= to);
    (start, end.max(start))
}

/// A rate read from faded evidence: successes among trials (each weighted 2^(−age/E), so
/// fractional), and when the first trial counted.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FadedRate {
    pub successes: f64,
    pub trials: f64,
    pub since: Option<Secs>,
}

impl FadedRate {
    /// The observed rate, `None` without trials.
    pub fn observed(&self) -> Option<f64> {
        (self.trials > 0.0).then(|| (self.successes / self.trials).clamp(0.0, 1.0))
    }

    /// The rate's estimate: the mean of its Beta posterior, Jeffreys' prior (half a success and
    /// half a failure) counting as evidence from the first trial on and fading like it, so that
    /// with no new event the estimate holds still; the prior's ½ before any trial.
    pub fn estimate(&self, at: Secs, half_life: f64) -> f64 {
        use super::uncertainty::{PRIOR_FAILURES, PRIOR_SUCCESSES};
        let prior = self.since.map_or(1.0, |t| contact::decay(at - t, half_life));
        let successes = self.successes.clamp(0.0, self.trials);
        (successes + PRIOR_SUCCESSES * prior) / (self.trials + (PRIOR_SUCCESSES + PRIOR_FAILURES) * prior)
    }

    /// The rate's 80% interval, 0–1; the prior's before any trial.
    pub fn interval(&self) -> (f64, f64) {
        super::uncertainty::rate_interval(self.successes.min(self.trials), self.trials)
            .unwrap_or_else(super::uncertainty::prior_interval)
    }
}

impl FadedParts {
    /// The parts at `at`, reading every event once.
    pub fn scan(h: &History, at: Secs, s: &ModelSettings) -> FadedParts {
        let hl = s.evidence_half_life_days;
        let (mut given, mut exchanged) = (0.0, 0.0);
        let values = &h.value_items[..h.value_items.partition_point(|v| v.at <= at)];
        let credited = super::give_first::credited_weights(values, s);
        for v in contact::shared_items(values) {
            let fade = contact::decay(at - v.at, hl);
            let w = credited[super::give_first::place_in(values, v)] * fade;
            exchanged += w;
            if v.direction == Direction::Given {
                given += w;
            }
        }
        let asked = counted_questions(h, &h.questions[..h.questions.partition_point(|q| q.asked_at <= at)]);
        FadedParts {
            given: value_rate(given, exchanged, values.first().map(|v| v.at)),
            my_answers: faded_rate(&asked, Party::Them, at, s),
            their_answers: faded_rate(&asked, Party::Me, at, s),
            reach: super::reach::scan(h, at, s),
            window: WindowCounts::scan(h, at, s),
        }
    }
}

/// Generosity's rate: the weighted value exchanged as trials (in units of the plainest item,
/// whose kind and item weights are 1), the value given as successes, so that giving anything
/// always raises it.
fn value_rate(given: f64, exchanged: f64, first: Option<Secs>) -> FadedRate {
    if exchanged > 0.0 {
        FadedRate { successes: given.min(exchanged), trials: exchanged, since: first }
    } else {
        FadedRate::default()
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

    /// When the first event counted, if one has by the last read.
    pub(crate) fn first_when(&self) -> Option<Secs> {
        (self.next > 0).then(|| self.events[0].0)
    }
}

/// [`FadedParts`] at increasing dates, for the weekly series: the same numbers as
/// [`FadedParts::scan`] at each date, each event read once.
pub(crate) struct FadedWalk<'h> {
    history: &'h History,
    copies: Copies,
    given: FadedSum,
    exchanged: FadedSum,
    /// For questions put to me, then mine: answered, and answered or late.
    answered: [FadedSum; 2],
    counted: [FadedSum; 2],
    reach: super::reach::ReachWalk,
}

impl<'h> FadedWalk<'h> {
    pub(crate) fn new(h: &'h History, s: &ModelSettings) -> FadedWalk<'h> {
        let credited = super::give_first::credited_weights(&h.value_items, s);
        let value = |given_only: bool| {
            contact::shared_items(&h.value_items)
                .filter(|v| !given_only || v.direction == Direction::Given)
                .map(|v| (v.at, v.at, credited[super::give_first::place_in(&h.value_items, v)]))
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
            history: h,
            copies: Copies::new(h),
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
            match self.counted[k].first_when() {
                Some(since) if counted > 0.0 => {
                    FadedRate { successes: answered.min(counted), trials: counted, since: Some(since) }
                }
                _ => FadedRate::default(),
            }
        };
        let (my_answers, their_answers) = (rate(0), rate(1));
        FadedParts {
            given: value_rate(given, exchanged, self.exchanged.first_when()),
            my_answers,
            their_answers,
            reach: self.reach.at(at, s),
            window: self.copies.window(self.history, at, s),
        }
    }
}

/// Answered share of the questions asked by `by` among `asked` (asked by `at`), each weighted by
/// 2^(−age/H) from when it was asked: answered / (answered + open past the grace days). With no
/// new question nor answer, the only change is a question passing its grace days, which lowers it.
fn faded_rate(asked: &[&QuestionFact], by: Party, at: Secs, s: &ModelSettings) -> FadedRate {
    let grace = (s.question_grace_days * DAY) as Secs;
    let (mut answered, mut counted, mut since) = (0.0, 0.0, None::<Secs>);
    for q in asked.iter().filter(|q| q.asked_by == by) {
        let w = contact::decay(at - q.asked_at, s.evidence_half_life_days);
        // A question counts from its answer, or once past its grace days, whichever comes first.
        let late = q.asked_at + grace + 1;
        let counts_from = match q.answered_at.filter(|a| *a <= at) {
            Some(a) => {
                answered += w;
                Some(a.min(late).max(q.asked_at))
            }
            None => (at >= late).then_some(late),
        };
        if let Some(t) = counts_from {
            counted += w;
            since = Some(since.map_or(t, |x| x.min(t)));
        }
    }
    if counted > 0.0 {
        FadedRate { successes: answered, trials: counted, since }
    } else {
        FadedRate::default()
    }
}

/// Follow-through's two terms, in points of its score, from my answer rate (questions put to me)
/// and theirs (my questions), each the estimate of its rate (the prior's ½ while a side has no
/// question yet): weighed `follow_through_mine_weight` : `follow_through_theirs_weight` (2:1).
fn follow_through_terms(mine: f64, theirs: f64, s: &ModelSettings) -> (f64, f64) {
    let (wm, wt) = follow_through_shares(s);
    (100.0 * wm * mine, 100.0 * wt * theirs)
}

/// Each side's share of Follow-through: the settings' weights, normalised.
fn follow_through_shares(s: &ModelSettings) -> (f64, f64) {
    let (wm, wt) = (s.follow_through_mine_weight, s.follow_through_theirs_weight);
    if wm + wt > 0.0 {
        (wm / (wm + wt), wt / (wm + wt))
    } else {
        (0.5, 0.5)
    }
}

/// Follow-through's two terms at `at` (see [`follow_through_terms`]).
/// `asked` are the questions that count asked by `at`: a prefix of `counted_questions` over all of
/// them, which are in the order asked (the copies of a question put to a group share their date,
/// so counting a prefix gives the prefix of the count).
pub(crate) fn follow_through_parts_of(asked: &[&QuestionFact], at: Secs, s: &ModelSettings) -> (f64, f64) {
    let hl = s.evidence_half_life_days;
    let rate = |by: Party| faded_rate(asked, by, at, s).estimate(at, hl);
    follow_through_terms(rate(Party::Them), rate(Party::Me), s)
}

/// A tie's weight in Reciprocity: its faded touches to the power `reciprocity_tie_exponent`; the
/// default, a square root, without the cost of a power (every tie at every date of the series).
fn tie_weight(evidence: f64, s: &ModelSettings) -> f64 {
    if s.reciprocity_tie_exponent == 0.5 {
        evidence.sqrt()
    } else {
        evidence.powf(s.reciprocity_tie_exponent)
    }
}

/// Each tie's share of Reciprocity's score (its weight × its score / all the weights), from the
/// same terms the score is made of: the shares add up to the score.
pub(crate) fn reciprocity_shares(ties: &[ContactMeasures], s: &ModelSettings) -> Vec<(ContactId, f64)> {
    let weighed: Vec<(ContactId, f64, f64)> = ties
        .iter()
        .filter_map(|m| Some((m.contact, tie_weight(m.reciprocity.evidence, s), m.reciprocity.score?)))
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
    let breadth = 100.0 * (active.len() as f64 / s.layer_sizes[3] as f64).min(1.0).powf(s.breadth_exponent);

    // Reciprocity: over every tie, each weighing the square root of its faded touches (so that a
    // chatty tie does not drown the others, and with no new touch every weight shrinks by the
    // same factor: the score holds still). Summed in fixed point after scaling by the largest
    // weight, so that the result does not depend on the order of the ties, down to the last bit
    // (the live measures hold them in no particular order).
    let weighed: Vec<(f64, f64)> = ties
        .iter()
        .filter_map(|t| Some((tie_weight(t.evidence, s), t.reciprocity?)))
        .filter(|(w, _)| *w > 0.0)
        .collect();
    let largest = weighed.iter().map(|(w, _)| *w).fold(0.0, f64::max);
    let mut rec_num = FixedSum::default();
    let mut rec_den = FixedSum::default();
    for (w, score) in &weighed {
        let w = w / largest;
        rec_num.add(w * score);
        rec_den.add(w);
    }
    let reciprocity = (rec_den.0 > 0).then(|| rec_num.value() / rec_den.value());
    let mut touches = FixedSum::default();
    for t in ties.iter().filter(|t| t.reciprocity.is_some()) {
        touches.add(t.evidence);
    }
    let hl = s.evidence_half_life_days;

    // Generosity: share of the value given, old items faded, against the target share.
    let generosity_of = |share: f64| 100.0 * (share / s.generosity_target).min(1.0);

    // Follow-through: answer rates both ways, old questions faded; what I owe counts double.
    // (Both lines count the window's items and questions, in `faded.window`.)
    let WindowCounts { my_answers: mine, their_answers: theirs, .. } = faded.window;

    // Reach: each post's reactions against my own usual, old posts faded (see `reach`). The line
    // counts the posts of the last `reach_window_days` and the reactions they drew by `at`.
    let reach_rate = FadedRate {
        successes: faded.reach.weighted_share,
        trials: faded.reach.weight,
        // The first post scored is the second one: the first has nothing to be compared with.
        since: h.posts.get(1).map(|p| p.at).filter(|t| *t <= at && faded.reach.scored_posts > 0),
    };
    let reach_start = at - (s.reach_window_days * DAY) as Secs;
    let posts: HashSet<PostId> = between(&h.posts, |p| p.at, reach_start, at).iter().map(|p| p.id).collect();
    let reactions: u64 = between(&h.reactions, |r| r.at, reach_start, at)
        .iter()
        .filter(|r| posts.contains(&r.post))
        .map(|r| u64::from(r.count))
        .sum();

    let scores = [
        (ComponentName::Depth, observed(depth, depth_ties(ties, inner)), Facts::Depth { ties: inner }),
        (
            ComponentName::Breadth,
            observed(breadth, active.len() as f64),
            Facts::Breadth { active: active.len(), of: s.layer_sizes[3] },
        ),
        (ComponentName::Reciprocity, reciprocity_estimate(reciprocity, touches.value()), Facts::Reciprocity),
        (
            ComponentName::Generosity,
            rate_estimate(&faded.given, at, hl, generosity_of),
            Facts::Generosity {
                given: faded.window.items_given,
                received: faded.window.items_received,
                share_given: faded.window.share_given,
            },
        ),
        (
            ComponentName::FollowThrough,
            follow_through_estimate(&faded.my_answers, &faded.their_answers, at, s),
            Facts::FollowThrough {
                i_answered: mine.answered,
                asked_of_me: mine.asked,
                they_answered: theirs.answered,
                i_asked: theirs.asked,
            },
        ),
        (
            ComponentName::Reach,
            rate_estimate(&reach_rate, at, hl, |share| 100.0 * share),
            Facts::Reach { posts: posts.len(), reactions, days: s.reach_window_days, usual: faded.reach.usual },
        ),
    ];
    // Every component counts at its weight: one without data is its prior, not left out (a
    // component left out re-weighed the others, so logging one favour received cut the index).
    let total_weight: f64 = scores.iter().map(|(name, _, _)| name.weight(s)).sum();
    let share_of = |name: ComponentName| if total_weight > 0.0 { name.weight(s) / total_weight } else { 0.0 };
    let components: Vec<Component> = scores
        .into_iter()
        .map(|(name, estimate, facts)| {
            let weight = name.weight(s);
            let score = estimate.score.clamp(0.0, 100.0);
            let detail = facts.english();
            Component {
                name,
                score: Some(score),
                weight,
                contribution: share_of(name) * score,
                n: estimate.n,
                interval: estimate.interval.map(|x| x.clamp(0.0, 100.0)),
                detail,
                facts,
            }
        })
        .collect();
    let total: f64 = components.iter().map(|c| c.contribution).sum::<f64>().clamp(0.0, 100.0);
    let parts: Vec<(f64, f64, [f64; 2])> =
        components.iter().map(|c| (share_of(c.name), c.score.unwrap_or(0.0), c.interval)).collect();
    let interval = super::uncertainty::weighted_sum_interval(total, &parts);
    let (reply_questions, reply_questions_by_channel) = super::reach::reply_questions(h, at, s);
    let mut layer_counts = [0; 4];
    for pos in ties.iter().filter_map(|t| t.layer) {
        layer_counts[pos] += 1;
    }
    NetworkIndex {
        at,
        index: total,
        interval,
        band: Band::announced(total, interval, s),
        components,
        layer_counts,
        active_ties: active.len(),
        reply_questions,
        reply_questions_by_channel,
    }
}

/// A component's score with its evidence and its 80% interval, 0–100.
struct Estimate {
    score: f64,
    n: f64,
    interval: [f64; 2],
}

/// Depth and Breadth are not estimates of a rate: they describe the logged ties themselves, so
/// nothing is sampled and their interval is the score (docs/model.md, "Uncertainty").
fn observed(score: f64, n: f64) -> Estimate {
    Estimate { score, n, interval: [score, score] }
}

/// The ties that fill Depth's seats: those with any strength, at most `inner`.
fn depth_ties(ties: &[TieSummary], inner: usize) -> f64 {
    ties.iter().filter(|t| t.strength > 0.0).count().min(inner) as f64
}

/// A component that maps a rate to 0–100 through `score_of` (rising): the estimate and the
/// interval's bounds each mapped.
fn rate_estimate(rate: &FadedRate, at: Secs, half_life: f64, score_of: impl Fn(f64) -> f64) -> Estimate {
    let (lo, hi) = rate.interval();
    Estimate { score: score_of(rate.estimate(at, half_life)), n: rate.trials, interval: [score_of(lo), score_of(hi)] }
}

/// Reciprocity is a mean of tie scores over `touches` faded touches, each a mix of shares of
/// those touches: its interval is that of a rate of `score`/100 over the touches (a mean of
/// values in 0–1 varies at most as much as a rate). Without touches, the prior.
fn reciprocity_estimate(score: Option<f64>, touches: f64) -> Estimate {
    let score = score.filter(|_| touches > 0.0);
    let rate = FadedRate {
        successes: score.map_or(0.0, |v| v / 100.0 * touches),
        trials: if score.is_some() { touches } else { 0.0 },
        since: None,
    };
    let (lo, hi) = rate.interval();
    Estimate {
        score: score.unwrap_or(100.0 * super::uncertainty::NEUTRAL_RATE),
        n: rate.trials,
        interval: [100.0 * lo, 100.0 * hi],
    }
}

/// Follow-through from its two rates: the weighted sum of their estimates, its interval from
/// theirs (see [`super::uncertainty::weighted_sum_interval`]).
fn follow_through_estimate(mine: &FadedRate, theirs: &FadedRate, at: Secs, s: &ModelSettings) -> Estimate {
    let hl = s.evidence_half_life_days;
    let (m, t) = (mine.estimate(at, hl), theirs.estimate(at, hl));
    let (terms_mine, terms_theirs) = follow_through_terms(m, t, s);
    let score = terms_mine + terms_theirs;
    let (wm, wt) = follow_through_shares(s);
    let (ml, mh) = mine.interval();
    let (tl, th) = theirs.interval();
    let parts = [(wm, 100.0 * m, [100.0 * ml, 100.0 * mh]), (wt, 100.0 * t, [100.0 * tl, 100.0 * th])];
    Estimate {
        score,
        n: mine.trials + theirs.trials,
        interval: super::uncertainty::weighted_sum_interval(score, &parts),
    }
}
