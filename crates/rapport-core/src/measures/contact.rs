//! Measures of one relationship at a date. Each function reads only the part of the history
//! before `at`, so any past date can be recomputed exactly.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::history::*;
use super::settings::ModelSettings;
use crate::model::*;

/// Where to find each contact's part of the history, built once per history.
pub struct Index<'h> {
    pub history: &'h History,
    pub contacts: HashMap<ContactId, ContactSlices>,
}

#[derive(Default)]
pub struct ContactSlices {
    /// Positions in `history.interactions`, in time order.
    pub touches: Vec<usize>,
    pub values: Vec<usize>,
    pub questions: Vec<usize>,
    pub reactions: Vec<usize>,
}

impl<'h> Index<'h> {
    pub fn new(history: &'h History) -> Self {
        let mut contacts: HashMap<ContactId, ContactSlices> =
            history.contacts.iter().map(|c| (c.id, ContactSlices::default())).collect();
        for (i, t) in history.interactions.iter().enumerate() {
            for p in &t.participants {
                contacts.entry(*p).or_default().touches.push(i);
            }
        }
        for (i, v) in history.value_items.iter().enumerate() {
            contacts.entry(v.contact).or_default().values.push(i);
        }
        for (i, q) in history.questions.iter().enumerate() {
            contacts.entry(q.contact).or_default().questions.push(i);
        }
        for (i, r) in history.reactions.iter().enumerate() {
            if let Some(c) = r.contact {
                contacts.entry(c).or_default().reactions.push(i);
            }
        }
        Index { history, contacts }
    }

    /// The contact's interactions up to `at`, in time order.
    pub fn touches_until(&self, id: ContactId, at: Secs) -> impl Iterator<Item = &'h Touch> + '_ {
        let all = &self.history.interactions;
        let slice = self.contacts.get(&id).map(|s| s.touches.as_slice()).unwrap_or(&[]);
        let end = slice.partition_point(|&i| all[i].at <= at);
        slice[..end].iter().map(move |&i| &all[i])
    }
}

/// The measures of one relationship at one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactMeasures {
    pub contact: ContactId,
    pub name: String,
    /// 0–100; see `strength_parts` for how it is made.
    pub strength: f64,
    pub strength_parts: StrengthParts,
    /// The rank of the Dunbar layer the tie's contact frequency in the window puts it in: 1 (the
    /// innermost, weekly layer, about 5 people) to 4 (yearly, about 150); `None` when it had no
    /// contact in the window. A rank, not a size: the sizes are settings
    /// (`layer_sizes[rank - 1]`), and a label must not change when a user changes them.
    pub layer: Option<usize>,
    pub cadence: Cadence,
    pub interactions: usize,
    #[serde(with = "super::history::iso::opt")]
    pub last_interaction_at: Option<Secs>,
    pub initiative: Initiative,
    pub conversation: Conversation,
    /// The tie's part in the index's Reciprocity, from its whole history with old touches faded.
    pub reciprocity: TieReciprocity,
    pub give_take: GiveTake,
    /// Questions I asked them.
    pub my_questions: FollowThrough,
    /// Questions they asked me.
    pub their_questions: FollowThrough,
    pub turn: Turn,
    pub reactions: Reactions,
}

/// The four parts of strength, each 0–100, and the fade that silence applies to the lasting ones.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StrengthParts {
    pub intensity: f64,
    pub intimacy: f64,
    pub duration: f64,
    pub services: f64,
    /// 1 right after contact, halving every two half-lives of silence; multiplies intimacy and duration.
    pub fade: f64,
    pub half_life_days: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CadenceSource {
    /// The contact's own keep-in-touch goal.
    Contact,
    /// The goal of one of their circles.
    Circle,
    /// Their usual silence between conversations (median of the last ten).
    OwnRhythm,
    /// The expected cadence of their Dunbar layer.
    Layer,
    /// No layer yet: a yearly cadence.
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CadenceStatus {
    OnTrack,
    Due,
    Overdue,
    /// Never in contact.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cadence {
    pub expected_days: f64,
    pub source: CadenceSource,
    pub days_since_last: Option<f64>,
    /// Days since last contact / expected days.
    pub ratio: Option<f64>,
    pub status: CadenceStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Initiative {
    pub by_me: usize,
    pub by_them: usize,
    /// (by them − by me) / (both), −1 (always me) to +1 (always them); `None` with no contact in the window.
    pub balance: Option<f64>,
}

/// Sums over the tie's touches up to the date, each weighted 2^(−age/H) with H the evidence
/// half-life: the same H for every tie, so that with no new touch every sum shrinks by the same
/// factor and the ratios made of them hold still.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TieReciprocity {
    /// All touches: how much evidence there is. Its square root is the tie's weight in the index.
    pub evidence: f64,
    /// Touches I initiated.
    pub mine: f64,
    /// Touches that had become two-way exchanges by the date.
    pub exchanges: f64,
    /// 100 · (½ (1 − |initiative balance|) + ½ two-way share), both from the sums above;
    /// `None` without touches.
    pub score: Option<f64>,
}

impl TieReciprocity {
    pub fn from_sums(evidence: f64, mine: f64, exchanges: f64) -> TieReciprocity {
        let score = (evidence > 0.0).then(|| {
            let balance = ((evidence - 2.0 * mine) / evidence).clamp(-1.0, 1.0);
            let two_way = (exchanges / evidence).clamp(0.0, 1.0);
            100.0 * (0.5 * (1.0 - balance.abs()) + 0.5 * two_way)
        });
        TieReciprocity { evidence, mine, exchanges, score }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub touches: usize,
    /// Touches that were two-way: spoken (in person, call, video, event) or answered in writing in time.
    pub exchanges: usize,
    /// exchanges / touches, 0–1.
    pub ratio: Option<f64>,
    pub my_touches: usize,
    pub my_touches_answered: usize,
    /// Share of my touches that got an answer, 0–1: low means I broadcast to them.
    pub answered_share: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GiveTake {
    /// Weighted value given and received in the window.
    pub given: f64,
    pub received: f64,
    pub items_given: usize,
    pub items_received: usize,
    /// given / (given + received), 0–1; 0.5 is balance.
    pub balance: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowThrough {
    pub asked: usize,
    pub answered: usize,
    /// answered / (answered + open past the grace period), 0–1.
    pub rate: Option<f64>,
    pub median_delay_days: Option<f64>,
    pub open: Vec<OpenQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenQuestion {
    pub id: QuestionId,
    pub text: String,
    #[serde(with = "super::history::iso")]
    pub asked_at: Secs,
    pub age_days: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnReason {
    /// They asked a question that is still open.
    TheirQuestion,
    /// I asked a question that is still open.
    MyQuestion,
    /// Their last written message has no reply from me.
    TheirMessage,
    /// My last written message has no reply from them.
    MyMessage,
    /// The last exchange was spoken, or nothing is pending.
    Settled,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// `me`: the ball is in my court; `them`: in theirs; `None`: nobody owes anything.
    pub whose: Option<Party>,
    #[serde(with = "super::history::iso::opt")]
    pub since: Option<Secs>,
    pub reason: TurnReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reactions {
    /// My posts in the window.
    pub posts: usize,
    /// Of those, how many they reacted to.
    pub posts_reacted: usize,
    pub rate: Option<f64>,
    pub comments: usize,
    pub comments_replied: usize,
}

/// Everything about one contact at `at`, from that contact's own history only.
pub fn measure(index: &Index<'_>, facts: &ContactFacts, at: Secs, s: &ModelSettings) -> ContactMeasures {
    let touches: Vec<&Touch> = index.touches_until(facts.id, at).collect();
    let slices = index.contacts.get(&facts.id);
    let h = index.history;
    let values: Vec<&ValueFact> = slices
        .map(|sl| sl.values.iter().map(|&i| &h.value_items[i]).filter(|v| v.at <= at).collect())
        .unwrap_or_default();
    let questions: Vec<&QuestionFact> = slices
        .map(|sl| sl.questions.iter().map(|&i| &h.questions[i]).filter(|q| q.asked_at <= at).collect())
        .unwrap_or_default();

    let last = touches.last().map(|t| t.at);
    let half_life = half_life_days(facts, s);
    let strength_parts = strength_parts(facts, &touches, &values, at, half_life, s);
    let strength = combine_strength(&strength_parts, s);
    let window_start = at - (s.window_days * DAY) as Secs;
    let recent: Vec<&Touch> = touches.iter().copied().filter(|t| t.at > window_start).collect();
    let layer = layer_of(contact_days(&recent), s);
    // The layer at the last contact sets the expected gap when nothing else does (see `cadence`).
    let layer_at_last = last.and_then(|last| {
        let start = last - (s.window_days * DAY) as Secs;
        let then: Vec<&Touch> = touches.iter().copied().filter(|t| t.at > start).collect();
        layer_of(contact_days(&then), s)
    });

    ContactMeasures {
        contact: facts.id,
        name: facts.name.clone(),
        strength,
        strength_parts,
        layer: layer.map(|k| k + 1),
        cadence: cadence(facts, &touches, layer_at_last.map(|k| s.layer_cadence_days[k]), at, s),
        interactions: touches.len(),
        last_interaction_at: last,
        initiative: initiative(&recent),
        conversation: conversation(&recent, at, s),
        reciprocity: tie_reciprocity(&touches, at, s),
        give_take: give_take(values.iter().copied().filter(|v| v.at > window_start), s),
        my_questions: follow_through(questions.iter().copied().filter(|q| q.asked_by == Party::Me), at, s),
        their_questions: follow_through(questions.iter().copied().filter(|q| q.asked_by == Party::Them), at, s),
        turn: turn(&touches, &questions, window_start, at),
        reactions: reactions(index, facts.id, window_start, at),
    }
}

/// The half-life of this tie's interactions: the base half-life, stretched to the tie's expected
/// cadence when that is longer (a yearly friend is not forgotten in two months), doubled for kin.
/// The expected cadence comes from what the user said (the contact's or a circle's goal, or a
/// self-rated closeness), never from the history itself: a half-life that moved with each new
/// interaction would make a tie's past weigh differently from one day to the next, and would
/// let silence raise a strength.
pub fn half_life_days(facts: &ContactFacts, s: &ModelSettings) -> f64 {
    let own = facts
        .cadence_days
        .or(facts.circle_cadence_days)
        .map(f64::from)
        .or_else(|| facts.closeness.map(|c| closeness_cadence(c, s)))
        .unwrap_or(s.layer_cadence_days[2]);
    let kin = if facts.is_kin { s.kin_half_life_factor } else { 1.0 };
    s.base_half_life_days.max(own) * kin
}

/// A self-rated closeness implies a layer: 5 → innermost, 4 → 15, 3 → 50, 1–2 → 150.
fn closeness_cadence(closeness: u8, s: &ModelSettings) -> f64 {
    let layer = match closeness {
        5 => 0,
        4 => 1,
        3 => 2,
        _ => 3,
    };
    s.layer_cadence_days[layer]
}

/// Distinct days with contact among `touches`.
pub fn contact_days(touches: &[&Touch]) -> usize {
    let mut days: Vec<i64> = touches.iter().map(|t| t.at.div_euclid(DAY as i64)).collect();
    days.dedup();
    days.len()
}

/// Dunbar's layers are defined by how often people are in touch (roughly weekly, monthly, every
/// few months, yearly). A tie belongs to the innermost layer for which it had at least half the
/// expected number of contact days in the window: 27 days a year for the weekly layer, 7 for the
/// monthly one, 3 for the few-months one, 1 for the yearly one. Returns the layer's position.
pub fn layer_of(contact_days: usize, s: &ModelSettings) -> Option<usize> {
    s.layer_cadence_days.iter().position(|cadence| contact_days as f64 >= s.layer_min_share * s.window_days / cadence)
}

/// The tie's conversations (episodes) among `touches` (time-sorted): runs of touches each less
/// than `conversation_gap_days` after the previous one, as (first touch, last touch) instants.
pub fn conversations(touches: &[&Touch], s: &ModelSettings) -> Vec<(Secs, Secs)> {
    let gap = (s.conversation_gap_days * DAY) as Secs;
    let mut out: Vec<(Secs, Secs)> = Vec::new();
    for t in touches {
        match out.last_mut() {
            Some((_, end)) if t.at - *end <= gap => *end = t.at,
            _ => out.push((t.at, t.at)),
        }
    }
    out
}

/// The tie's usual silence between conversations: the median of its last ten silences (from
/// the end of one conversation to the start of the next, in days), once it has enough. Replies
/// and bursts inside one conversation are not its rhythm: a question answered the next day
/// does not make a tie "expected every day".
pub fn own_rhythm_days(touches: &[&Touch], s: &ModelSettings) -> Option<f64> {
    let episodes = conversations(touches, s);
    let silences: Vec<f64> = episodes.windows(2).map(|w| (w[1].0 - w[0].1) as f64 / DAY).collect();
    if silences.len() < s.own_rhythm_min_gaps.max(1) {
        return None;
    }
    median(silences[silences.len().saturating_sub(10)..].to_vec())
}

pub fn median(mut xs: Vec<f64>) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2.0 })
}

/// Weight of one interaction for one of its participants: channel, depth (long meetings count
/// up to 1.5×) and group size (a dinner for six is less of a one-to-one tie than a dinner for two).
pub fn touch_weight(t: &Touch, s: &ModelSettings) -> f64 {
    let depth = t.duration_min.map(|m| 1.0 + 0.25 * (f64::from(m) / 60.0).min(2.0)).unwrap_or(1.0);
    let group = 1.0 / (t.participants.len().max(1) as f64).sqrt();
    s.channel_weights.of(t.channel) * depth * group
}

pub fn decay(age_secs: Secs, half_life_days: f64) -> f64 {
    let age_days = age_secs.max(0) as f64 / DAY;
    (-age_days / half_life_days).exp2()
}

/// Maps a non-negative volume to 0–100 with diminishing returns: `reference` scores 63.
pub fn saturate(volume: f64, reference: f64) -> f64 {
    100.0 * (1.0 - (-volume / reference).exp())
}

pub fn strength_parts(
    facts: &ContactFacts,
    touches: &[&Touch],
    values: &[&ValueFact],
    at: Secs,
    half_life: f64,
    s: &ModelSettings,
) -> StrengthParts {
    let intensity_volume: f64 = touches.iter().map(|t| touch_weight(t, s) * decay(at - t.at, half_life)).sum();
    let services_volume: f64 =
        values.iter().map(|v| s.value_weights.of(v.kind) * v.weight.unwrap_or(1.0) * decay(at - v.at, half_life)).sum();

    let rich = touches.iter().filter(|t| is_rich_one_to_one(t)).count() as f64;
    let intimacy = intimacy(facts, rich, touches.len());
    let duration = match (touches.first(), touches.last()) {
        (Some(first), Some(last)) => duration(facts, first.at, last.at),
        _ => 0.0,
    };

    // Silence fades what lasts (intimacy, duration) at half the speed of intensity.
    let fade = touches.last().map(|t| decay(at - t.at, 2.0 * half_life)).unwrap_or(0.0);
    StrengthParts {
        intensity: saturate(intensity_volume, s.intensity_reference),
        intimacy,
        duration,
        services: saturate(services_volume, s.services_reference),
        fade,
        half_life_days: half_life,
    }
}

/// In person, by phone or by video, with nobody else.
pub fn is_rich_one_to_one(t: &Touch) -> bool {
    t.participants.len() == 1 && matches!(t.channel, Channel::InPerson | Channel::Call | Channel::Video)
}

/// Intimacy: the user's own rating when there is one, and the share of rich one-to-one
/// exchanges among `touches` interactions, shrunk towards zero while there are few of them.
pub fn intimacy(facts: &ContactFacts, rich_one_to_one: f64, touches: usize) -> f64 {
    let observed = 100.0 * rich_one_to_one / (touches as f64 + 3.0);
    match facts.closeness {
        Some(c) => 0.5 * (f64::from(c.clamp(1, 5)) - 1.0) * 25.0 + 0.5 * observed,
        None => observed,
    }
}

/// Duration: how long the tie has been shown to last, from meeting (or first contact) to the
/// last contact, on a log scale where ten years is full.
pub fn duration(facts: &ContactFacts, first_at: Secs, last_at: Secs) -> f64 {
    let start = facts.met_at.filter(|m| *m <= first_at).unwrap_or(first_at);
    let days = (last_at - start).max(0) as f64 / DAY;
    (100.0 * (1.0 + days).ln() / (1.0 + 3650.0f64).ln()).min(100.0)
}

pub fn combine_strength(p: &StrengthParts, s: &ModelSettings) -> f64 {
    let w = &s.strength_weights;
    let total = w.intimacy + w.intensity + w.duration + w.services;
    let value = (w.intimacy * p.intimacy * p.fade
        + w.intensity * p.intensity
        + w.duration * p.duration * p.fade
        + w.services * p.services)
        / total;
    value.clamp(0.0, 100.0)
}

/// Time since last contact against the expected gap. `layer_cadence` is the cadence of the
/// layer the tie was in at its last contact: fixed while the tie is silent, so that silence can
/// only make the status worse (the layer of today's window drifts outward as old contacts leave
/// it, and would let a silent tie go from overdue back to on track).
pub fn cadence(
    facts: &ContactFacts,
    touches: &[&Touch],
    layer_cadence: Option<f64>,
    at: Secs,
    s: &ModelSettings,
) -> Cadence {
    let (expected_days, source) = if let Some(d) = facts.cadence_days {
        (f64::from(d), CadenceSource::Contact)
    } else if let Some(d) = facts.circle_cadence_days {
        (f64::from(d), CadenceSource::Circle)
    } else if let Some(d) = own_rhythm_days(touches, s) {
        // Silences are longer than the conversation gap; still, expect at least one day.
        (d.max(1.0), CadenceSource::OwnRhythm)
    } else if let Some(d) = layer_cadence {
        (d, CadenceSource::Layer)
    } else {
        (s.layer_cadence_days[3], CadenceSource::Default)
    };
    let days_since_last = touches.last().map(|t| (at - t.at).max(0) as f64 / DAY);
    let ratio = days_since_last.map(|d| d / expected_days);
    // A stated goal is overdue soon after it is missed; a tie's own rhythm only when the silence
    // is long enough that such ties tend to decay (Navarro et al. 2017).
    let overdue_ratio = if source == CadenceSource::OwnRhythm { s.rhythm_overdue_ratio } else { s.overdue_ratio };
    let status = match ratio {
        None => CadenceStatus::Never,
        Some(r) if r < s.due_ratio => CadenceStatus::OnTrack,
        Some(r) if r <= overdue_ratio => CadenceStatus::Due,
        Some(_) => CadenceStatus::Overdue,
    };
    Cadence { expected_days, source, days_since_last, ratio, status }
}

pub fn initiative(recent: &[&Touch]) -> Initiative {
    let by_me = recent.iter().filter(|t| t.initiated_by == Party::Me).count();
    let by_them = recent.len() - by_me;
    let balance = (!recent.is_empty()).then(|| (by_them as f64 - by_me as f64) / recent.len() as f64);
    Initiative { by_me, by_them, balance }
}

pub fn is_spoken(c: Channel) -> bool {
    matches!(c, Channel::InPerson | Channel::Call | Channel::Video | Channel::Event)
}

/// For each of `touches` (time-sorted), whether it was two-way by `at`: spoken, or written and
/// followed within the reply window (and by `at`) by a touch the other side initiated.
pub fn answered_by(touches: &[&Touch], at: Secs, s: &ModelSettings) -> Vec<bool> {
    let window = (s.reply_window_days * DAY) as Secs;
    touches
        .iter()
        .enumerate()
        .map(|(i, t)| {
            // Only what comes after answers: at the same instant, what was logged after.
            is_spoken(t.channel)
                || touches[i + 1..]
                    .iter()
                    .take_while(|later| later.at - t.at <= window && later.at <= at)
                    .any(|later| later.initiated_by != t.initiated_by)
        })
        .collect()
}

/// A spoken interaction is two-way by nature; a written one counts as an exchange when the other
/// side initiates a touch within the reply window after it (and before `at`).
pub fn conversation(recent: &[&Touch], at: Secs, s: &ModelSettings) -> Conversation {
    let answered = answered_by(recent, at, s);
    let mut exchanges = 0;
    let mut my_touches = 0;
    let mut my_touches_answered = 0;
    for (t, answered) in recent.iter().zip(answered) {
        exchanges += usize::from(answered);
        if t.initiated_by == Party::Me {
            my_touches += 1;
            my_touches_answered += usize::from(answered);
        }
    }
    let share = |a: usize, n: usize| (n > 0).then(|| a as f64 / n as f64);
    Conversation {
        touches: recent.len(),
        exchanges,
        ratio: share(exchanges, recent.len()),
        my_touches,
        my_touches_answered,
        answered_share: share(my_touches_answered, my_touches),
    }
}

/// The tie's Reciprocity terms at `at` over all its touches, old ones faded (see [`TieReciprocity`]).
pub fn tie_reciprocity(touches: &[&Touch], at: Secs, s: &ModelSettings) -> TieReciprocity {
    let answered = answered_by(touches, at, s);
    let (mut evidence, mut mine, mut exchanges) = (0.0, 0.0, 0.0);
    for (t, answered) in touches.iter().zip(answered) {
        let w = decay(at - t.at, s.evidence_half_life_days);
        evidence += w;
        if t.initiated_by == Party::Me {
            mine += w;
        }
        if answered {
            exchanges += w;
        }
    }
    TieReciprocity::from_sums(evidence, mine, exchanges)
}

pub fn give_take<'a>(values: impl Iterator<Item = &'a ValueFact>, s: &ModelSettings) -> GiveTake {
    let mut g = GiveTake { given: 0.0, received: 0.0, items_given: 0, items_received: 0, balance: None };
    for v in values {
        let w = s.value_weights.of(v.kind) * v.weight.unwrap_or(1.0);
        match v.direction {
            Direction::Given => {
                g.given += w;
                g.items_given += 1;
            }
            Direction::Received => {
                g.received += w;
                g.items_received += 1;
            }
        }
    }
    let total = g.given + g.received;
    g.balance = (total > 0.0).then(|| g.given / total);
    g
}

/// How many questions were asked, answered by `at`, and left open past the grace period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnswerCounts {
    pub asked: usize,
    pub answered: usize,
    pub late_open: usize,
}

impl AnswerCounts {
    pub fn of<'a>(questions: impl Iterator<Item = &'a QuestionFact>, at: Secs, s: &ModelSettings) -> AnswerCounts {
        let grace = (s.question_grace_days * DAY) as Secs;
        let mut c = AnswerCounts::default();
        for q in questions {
            c.asked += 1;
            if q.answered_at.is_some_and(|a| a <= at) {
                c.answered += 1;
            } else if at - q.asked_at > grace {
                c.late_open += 1;
            }
        }
        c
    }

    /// answered / (answered + open past the grace period).
    pub fn rate(&self) -> Option<f64> {
        let counted = self.answered + self.late_open;
        (counted > 0).then(|| self.answered as f64 / counted as f64)
    }
}

pub fn follow_through<'a>(
    questions: impl Iterator<Item = &'a QuestionFact> + Clone,
    at: Secs,
    s: &ModelSettings,
) -> FollowThrough {
    let counts = AnswerCounts::of(questions.clone(), at, s);
    let mut delays = Vec::new();
    let mut open = Vec::new();
    for q in questions {
        match q.answered_at.filter(|a| *a <= at) {
            Some(answered) => delays.push((answered - q.asked_at).max(0) as f64 / DAY),
            None => open.push(OpenQuestion {
                id: q.id,
                text: q.text.clone(),
                asked_at: q.asked_at,
                age_days: (at - q.asked_at).max(0) as f64 / DAY,
            }),
        }
    }
    FollowThrough {
        asked: counts.asked,
        answered: counts.answered,
        rate: counts.rate(),
        median_delay_days: median(delays),
        open,
    }
}

/// Whose move it is. An open question of the window (`since` onwards) outranks the last message:
/// it is what was left hanging. Older open questions stay on the contact's page but no longer
/// decide the turn: after a year of other exchanges, they are not what the conversation waits on.
pub fn turn(touches: &[&Touch], questions: &[&QuestionFact], since: Secs, at: Secs) -> Turn {
    let oldest_open = |by: Party| {
        questions
            .iter()
            .filter(|q| q.asked_by == by && q.asked_at > since && q.answered_at.is_none_or(|a| a > at))
            .map(|q| q.asked_at)
            .min()
    };
    if let Some(since) = oldest_open(Party::Them) {
        return Turn { whose: Some(Party::Me), since: Some(since), reason: TurnReason::TheirQuestion };
    }
    if let Some(since) = oldest_open(Party::Me) {
        return Turn { whose: Some(Party::Them), since: Some(since), reason: TurnReason::MyQuestion };
    }
    match touches.last() {
        Some(t) if !is_spoken(t.channel) => match t.initiated_by {
            Party::Them => Turn { whose: Some(Party::Me), since: Some(t.at), reason: TurnReason::TheirMessage },
            Party::Me => Turn { whose: Some(Party::Them), since: Some(t.at), reason: TurnReason::MyMessage },
        },
        _ => Turn { whose: None, since: None, reason: TurnReason::Settled },
    }
}

fn reactions(index: &Index<'_>, id: ContactId, window_start: Secs, at: Secs) -> Reactions {
    let h = index.history;
    let posts: Vec<&PostFact> = h.posts.iter().filter(|p| p.at > window_start && p.at <= at).collect();
    let mine: Vec<&ReactionFact> = index
        .contacts
        .get(&id)
        .map(|sl| sl.reactions.iter().map(|&i| &h.reactions[i]).filter(|r| r.at <= at).collect())
        .unwrap_or_default();
    let posts_reacted = posts.iter().filter(|p| mine.iter().any(|r| r.post == p.id)).count();
    let comments: Vec<&&ReactionFact> =
        mine.iter().filter(|r| r.kind == ReactionKind::Comment && r.at > window_start).collect();
    Reactions {
        posts: posts.len(),
        posts_reacted,
        rate: (!posts.is_empty()).then(|| posts_reacted as f64 / posts.len() as f64),
        comments: comments.len(),
        comments_replied: comments.iter().filter(|r| r.replied).count(),
    }
}
