//! The index every week over the whole history, in one pass.
//!
//! Recomputing every tie from scratch at each of 520 weekly dates would read a ten-year history
//! 520 times. Instead each tie keeps running sums that move forward with time: the decayed
//! intensity and services volumes (multiplied by the decay between two dates, plus what happened
//! in between), and prefix counts over its interactions from which any window's counts are a
//! subtraction. The result is the same as [`super::report`] at each date (tested), up to the last
//! bits of floating-point sums.

use super::contact::{self, combine_strength, half_life_days, layer_of, touch_weight, Index, StrengthParts};
use super::history::*;
use super::network::{network_from, FadedWalk, NetworkIndex, TieSummary};
use super::settings::ModelSettings;
use crate::model::*;

/// The index every 7 days back from `until` to the first logged event, oldest first.
pub fn weekly_series(history: &History, until: Secs, s: &ModelSettings) -> Vec<NetworkIndex> {
    weekly_series_unless(history, until, s, &|| false).unwrap_or_default()
}

/// [`weekly_series`], given up (`None`) as soon as `stop` says so: it is asked every few weeks
/// walked, so that a walk in the background can make way for one more urgent.
pub fn weekly_series_unless(
    history: &History,
    until: Secs,
    s: &ModelSettings,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<NetworkIndex>> {
    let Some(first) = history.first_event() else { return Some(Vec::new()) };
    let week = 7 * DAY as Secs;
    let mut dates: Vec<Secs> =
        std::iter::successors(Some(until), |t| Some(t - week)).take_while(|t| *t >= first).collect();
    dates.reverse();
    series_at_unless(history, &dates, s, stop)
}

/// The index at each of `dates`, which must be in increasing order.
pub fn series_at(history: &History, dates: &[Secs], s: &ModelSettings) -> Vec<NetworkIndex> {
    series_at_unless(history, dates, s, &|| false).unwrap_or_default()
}

/// How many dates are walked between two looks at `stop`: a few milliseconds on a large network.
const DATES_BETWEEN_STOPS: usize = 16;

fn series_at_unless(
    history: &History,
    dates: &[Secs],
    s: &ModelSettings,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<NetworkIndex>> {
    let index = Index::new(history);
    let mut ties: Vec<Tie> = history.contacts.iter().filter(|c| !c.archived).map(|c| Tie::new(&index, c, s)).collect();
    let mut faded = FadedWalk::new(history, s);
    let mut summaries = Vec::with_capacity(ties.len());
    let mut series = Vec::with_capacity(dates.len());
    for (k, &at) in dates.iter().enumerate() {
        if k % DATES_BETWEEN_STOPS == 0 && stop() {
            return None;
        }
        summaries.clear();
        summaries.extend(ties.iter_mut().map(|t| t.advance(at, s)));
        series.push(network_from(history, &summaries, &faded.at(at, s), at, s));
    }
    Some(series)
}

/// One contact's strength at each of `dates` (increasing), by the same walk: what the contact's
/// chart draws. `None` for an unknown or archived contact.
pub fn contact_strength_at(
    history: &History,
    contact: ContactId,
    dates: &[Secs],
    s: &ModelSettings,
) -> Option<Vec<f64>> {
    let facts = history.contacts.iter().find(|c| c.id == contact && !c.archived)?;
    let index = Index::new(history);
    let mut tie = Tie::new(&index, facts, s);
    Some(dates.iter().map(|&at| tie.advance(at, s).strength).collect())
}

/// One tie's history, prepared for a walk forward in time.
struct Tie<'h> {
    facts: &'h ContactFacts,
    half_life: f64,
    at: Vec<Secs>,
    weight: Vec<f64>,
    /// The tie's moves (touches I or they started), by time, and the turn of each; each turn's
    /// side and when it was answered, if ever (see `exchange::turns_of`).
    move_at: Vec<Secs>,
    move_turn: Vec<usize>,
    turn_mine: Vec<bool>,
    turn_answered_at: Vec<Option<Secs>>,
    /// Each turn's latest move walked so far.
    turn_last: Vec<Secs>,
    /// Whether each touch is rich and one-to-one (intimacy's evidence).
    rich: Vec<bool>,
    /// Each touch's lived day, and the prefix count of touches on a day no earlier touch had.
    days: Vec<i64>,
    pre_new_day: Vec<u32>,
    /// The longest time in UTC between two touches on one lived day: a day plus the spread of
    /// the offsets they were logged at. Only touches that close can share a day.
    same_day_span: Secs,
    values: Vec<(Secs, f64)>,
    // The walk's position and running sums.
    next_touch: usize,
    /// The earliest time of the next touch, move or value item to walk: until then a date only
    /// fades the sums (kept here so that a silent tie's week reads none of its lists).
    next_event_at: Secs,
    first_in_window: usize,
    /// The time of touch `first_in_window` (`Secs::MAX` past the last).
    window_leaves_at: Secs,
    /// The window's contact days, for the touches `days_for` (a range of places).
    days_for: (usize, usize),
    days_value: usize,
    intensity: f64,
    intensity_at: Secs,
    /// Intimacy's faded rich one-to-one volume, as of `intensity_at` (the last touch walked).
    rich_volume: f64,
    next_value: usize,
    services: f64,
    services_at: Secs,
    duration_for: Option<usize>,
    duration_value: f64,
    /// Reciprocity's faded sums (see `contact::TieReciprocity`) as of `reciprocity_at`, each
    /// turn weighing from its latest move: all turns, mine, and those answered sooner or later.
    next_move: usize,
    evidence: f64,
    mine: f64,
    ever_answered: f64,
    reciprocity_at: Secs,
    /// Turns walked whose answer comes after the date reached: not yet exchanges.
    waiting: Vec<usize>,
}

fn prefix(flags: impl Iterator<Item = bool>) -> Vec<u32> {
    let mut out = vec![0];
    for f in flags {
        out.push(out.last().copied().unwrap_or(0) + u32::from(f));
    }
    out
}

/// Whether touch `i` is the first among touches `from..=i` on its lived day. Touches on one day
/// are at most `span` apart, so only those need a look.
fn first_on_its_day(at: &[Secs], days: &[i64], span: Secs, from: usize, i: usize) -> bool {
    !(from..i).rev().take_while(|&j| at[i] - at[j] <= span).any(|j| days[j] == days[i])
}

fn decay(age_secs: Secs, half_life_days: f64) -> f64 {
    (-(age_secs.max(0) as f64 / DAY) / half_life_days).exp2()
}

impl<'h> Tie<'h> {
    fn new(index: &Index<'h>, facts: &'h ContactFacts, s: &ModelSettings) -> Tie<'h> {
        let h = index.history;
        let touches: Vec<&Touch> = index.touches_until(facts.id, Secs::MAX).collect();
        // The tie's conversation in turns, as `contact::measure` reads it.
        let slices = index.contacts.get(&facts.id);
        let tie_values: Vec<&ValueFact> =
            slices.map(|sl| sl.values.iter().map(|&i| &h.value_items[i]).collect()).unwrap_or_default();
        let tie_questions: Vec<&QuestionFact> =
            slices.map(|sl| sl.questions.iter().map(|&i| &h.questions[i]).collect()).unwrap_or_default();
        let moves = contact::moves_of(facts.id, &touches, &tie_values, &tie_questions, |q| index.answers.of(h, q));
        let (turns, move_turn) = contact::turns_of(&moves, s);
        let days: Vec<i64> = touches.iter().map(|t| contact::lived_day(t)).collect();
        let offsets = touches.iter().map(|t| i64::from(t.offset_min) * 60);
        let spread = offsets.clone().max().unwrap_or(0) - offsets.min().unwrap_or(0);
        let same_day_span = DAY as Secs + spread;
        let at: Vec<Secs> = touches.iter().map(|t| t.at).collect();
        let pre_new_day = prefix((0..touches.len()).map(|i| first_on_its_day(&at, &days, same_day_span, 0, i)));
        let values: Vec<(Secs, f64)> = index
            .contacts
            .get(&facts.id)
            .map(|sl| {
                sl.values
                    .iter()
                    .map(|&i| &h.value_items[i])
                    .map(|v| (v.at, s.value_weights.of(v.kind) * v.weight.unwrap_or(1.0)))
                    .collect()
            })
            .unwrap_or_default();
        Tie {
            facts,
            half_life: half_life_days(facts, Secs::MIN, s),
            at,
            weight: touches.iter().map(|t| touch_weight(t, s)).collect(),
            rich: touches.iter().map(|t| contact::is_rich_one_to_one(t)).collect(),
            days,
            pre_new_day,
            same_day_span,
            move_at: moves.iter().map(|m| m.touch.at).collect(),
            move_turn,
            turn_mine: turns.iter().map(|t| t.by == Party::Me).collect(),
            turn_answered_at: turns.iter().map(|t| t.answered_at).collect(),
            turn_last: vec![Secs::MIN; turns.len()],
            values,
            next_touch: 0,
            next_event_at: Secs::MIN,
            first_in_window: 0,
            window_leaves_at: Secs::MIN,
            days_for: (usize::MAX, usize::MAX),
            days_value: 0,
            intensity: 0.0,
            intensity_at: 0,
            rich_volume: 0.0,
            next_value: 0,
            services: 0.0,
            services_at: 0,
            duration_for: None,
            duration_value: 0.0,
            next_move: 0,
            evidence: 0.0,
            mine: 0.0,
            ever_answered: 0.0,
            reciprocity_at: 0,
            waiting: Vec::new(),
        }
    }

    /// Duration only changes with a new interaction: keep it rather than take a logarithm weekly.
    fn duration(&mut self, hi: usize, s: &ModelSettings) -> f64 {
        if self.duration_for != Some(hi) {
            self.duration_value =
                if hi > 0 { contact::duration(self.facts, self.at[0], self.at[hi - 1], s) } else { 0.0 };
            self.duration_for = Some(hi);
        }
        self.duration_value
    }

    /// The decayed intensity and services sums walked so far, recomputed with half-life `hl`.
    fn rebuild_sums(&mut self, hl: f64, lasting: f64) {
        self.intensity = (0..self.next_touch).map(|i| self.weight[i] * decay(self.intensity_at - self.at[i], hl)).sum();
        self.rich_volume = (0..self.next_touch)
            .filter(|&i| self.rich[i])
            .map(|i| decay(self.intensity_at - self.at[i], lasting))
            .sum();
        self.services = self.values[..self.next_value].iter().map(|(t, w)| w * decay(self.services_at - t, hl)).sum();
        self.half_life = hl;
    }

    /// Moves the tie to date `at` (never backwards) and summarises it there.
    fn advance(&mut self, at: Secs, s: &ModelSettings) -> TieSummary {
        // A goal or closeness set since the last date changes the half-life of the whole past,
        // as a recompute at `at` sees it: the running sums start again (rare: a user's edit).
        // Without dated facts the half-life never changes: the one set at the start holds.
        let hl = if self.facts.changes.is_empty() { self.half_life } else { half_life_days(self.facts, at, s) };
        let lasting = s.fade_half_life_factor * hl;
        if hl != self.half_life {
            self.rebuild_sums(hl, lasting);
        }
        if at >= self.next_event_at {
            self.walk_events(at, hl, lasting, s);
        }
        let turn_answered_at = &self.turn_answered_at;
        self.waiting.retain(|&k| turn_answered_at[k].is_some_and(|a| a > at));
        // Before its first interaction or value item a tie is nothing yet: strength 0 (what the
        // full formula gives, every part being 0 or faded by a fade of 0), in no window, no layer.
        if self.next_touch == 0 && self.next_value == 0 {
            return TieSummary { strength: 0.0, active: false, reciprocity: None, evidence: 0.0, layer: None };
        }
        let window_start = at - (s.window_days * DAY) as Secs;
        if self.window_leaves_at == Secs::MIN {
            self.window_leaves_at = self.at.get(self.first_in_window).copied().unwrap_or(Secs::MAX);
        }
        while self.first_in_window < self.next_touch && self.window_leaves_at <= window_start {
            self.first_in_window += 1;
            self.window_leaves_at = self.at.get(self.first_in_window).copied().unwrap_or(Secs::MAX);
        }
        let (lo, hi) = (self.first_in_window, self.next_touch);
        self.summary(lo, hi, at, hl, s)
    }

    /// Folds in the touches, moves and value items up to `at`.
    fn walk_events(&mut self, at: Secs, hl: f64, lasting: f64, s: &ModelSettings) {
        while self.next_touch < self.at.len() && self.at[self.next_touch] <= at {
            let t = self.at[self.next_touch];
            self.intensity = self.intensity * decay(t - self.intensity_at, hl) + self.weight[self.next_touch];
            let rich = f64::from(u8::from(self.rich[self.next_touch]));
            self.rich_volume = self.rich_volume * decay(t - self.intensity_at, lasting) + rich;
            self.intensity_at = t;
            self.next_touch += 1;
        }
        while self.next_move < self.move_at.len() && self.move_at[self.next_move] <= at {
            let (t, k) = (self.move_at[self.next_move], self.move_turn[self.next_move]);
            let fade = decay(t - self.reciprocity_at, s.evidence_half_life_days);
            // A turn weighs from its latest move: one joining a turn moves that turn's weight.
            let gone = if self.turn_last[k] == Secs::MIN {
                if self.turn_answered_at[k].is_some() {
                    self.waiting.push(k);
                }
                0.0
            } else {
                decay(t - self.turn_last[k], s.evidence_half_life_days)
            };
            let answered = f64::from(u8::from(self.turn_answered_at[k].is_some()));
            let mine = f64::from(u8::from(self.turn_mine[k]));
            self.evidence = self.evidence * fade + 1.0 - gone;
            self.mine = self.mine * fade + mine * (1.0 - gone);
            self.ever_answered = self.ever_answered * fade + answered * (1.0 - gone);
            self.turn_last[k] = t;
            self.reciprocity_at = t;
            self.next_move += 1;
        }
        while self.next_value < self.values.len() && self.values[self.next_value].0 <= at {
            let (t, w) = self.values[self.next_value];
            self.services = self.services * decay(t - self.services_at, hl) + w;
            self.services_at = t;
            self.next_value += 1;
        }
        self.next_event_at = [
            self.at.get(self.next_touch).copied(),
            self.move_at.get(self.next_move).copied(),
            self.values.get(self.next_value).map(|v| v.0),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(Secs::MAX);
    }

    /// The tie at `at`, with the touches `lo..hi` in its window.
    fn summary(&mut self, lo: usize, hi: usize, at: Secs, hl: f64, s: &ModelSettings) -> TieSummary {
        let intensity_volume = if hi > 0 { self.intensity * decay(at - self.intensity_at, hl) } else { 0.0 };
        let services_volume = if self.next_value > 0 { self.services * decay(at - self.services_at, hl) } else { 0.0 };
        let parts = StrengthParts {
            intensity: contact::saturate(intensity_volume, s.intensity_reference),
            intimacy: contact::intimacy(self.facts, at, if hi > 0 { self.rich_volume } else { 0.0 }, s),
            duration: self.duration(hi, s),
            services: contact::saturate(services_volume, s.services_reference),
            // `intensity_at` is the last touch walked, touch `hi - 1`.
            fade: if hi > 0 { decay(at - self.intensity_at, s.fade_half_life_factor * hl) } else { 0.0 },
            half_life_days: hl,
        };

        let in_window = hi - lo;
        let reciprocity = if self.next_move == 0 {
            contact::TieReciprocity::from_sums(0.0, 0.0, 0.0, s)
        } else {
            let hl = s.evidence_half_life_days;
            let fade = decay(at - self.reciprocity_at, hl);
            // Turns answered only later than `at` are not yet exchanges.
            let pending: f64 = self.waiting.iter().map(|&k| decay(at - self.turn_last[k], hl)).sum();
            let exchanges = (self.ever_answered * fade - pending).max(0.0);
            contact::TieReciprocity::from_sums(self.evidence * fade, self.mine * fade, exchanges, s)
        };
        let contact_days = if in_window == 0 {
            0
        } else if self.days_for == (lo, hi) {
            self.days_value
        } else {
            // Distinct days in the window: touches on a day no earlier touch had, plus those
            // near the window's start whose day only touches before the window had.
            let starts = (self.pre_new_day[hi] - self.pre_new_day[lo]) as usize;
            let reopened = (lo..hi)
                .take_while(|&i| self.at[i] - self.at[lo] <= self.same_day_span)
                .filter(|&i| {
                    !first_on_its_day(&self.at, &self.days, self.same_day_span, 0, i)
                        && first_on_its_day(&self.at, &self.days, self.same_day_span, lo, i)
                })
                .count();
            self.days_for = (lo, hi);
            self.days_value = starts + reopened;
            self.days_value
        };
        TieSummary {
            strength: combine_strength(&parts, s),
            active: in_window > 0,
            reciprocity: reciprocity.score,
            evidence: reciprocity.evidence,
            layer: layer_of(contact_days, s),
        }
    }
}

/// What the weekly points up to `cutoff` read of the history, summed up in a number per tie and
/// one for the network-wide lists a write to a few contacts may change. A point at date `t`
/// reads only what happened by `t` (each tie's touches, moves and value items up to `t`, its
/// facts as they stood then, the questions asked by `t` and their answers given by `t`), so when
/// a write leaves every touched contact's number and the network's as they were, every point up
/// to `cutoff` is as it was: only the later points need measuring again (docs/charts.md).
///
/// The numbers are sums of 64-bit hashes of each fact read (so the lists' order does not
/// matter): two different pasts give the same number only by a collision of about 2⁻⁶⁴.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PastUpTo {
    pub cutoff: Secs,
    ties: std::collections::HashMap<ContactId, u64>,
    wide: u64,
}

impl PastUpTo {
    /// Every tie's number and the network's, from the whole history.
    pub fn of(history: &History, cutoff: Secs) -> PastUpTo {
        let mut ties: std::collections::HashMap<ContactId, u64> = std::collections::HashMap::new();
        let answers: std::collections::HashMap<QuestionId, InteractionId> =
            history.answered_in.iter().copied().collect();
        let mut add = |id: ContactId, h: u64| {
            let sum = ties.entry(id).or_default();
            *sum = sum.wrapping_add(h);
        };
        for t in history.interactions.iter().take_while(|t| t.at <= cutoff) {
            let h = touch_hash(t);
            for &p in &t.participants {
                add(p, h);
            }
        }
        for v in history.value_items.iter().filter(|v| v.at <= cutoff) {
            add(v.contact, value_hash(v));
        }
        for q in history.questions.iter().filter(|q| q.asked_at <= cutoff) {
            add(q.contact, question_hash(q, answers.get(&q.id).copied(), cutoff));
        }
        for r in history.reactions.iter().filter(|r| r.at <= cutoff) {
            if let Some(c) = r.contact {
                add(c, reaction_hash(r, cutoff));
            }
        }
        // A tie with nothing by the cutoff is in no point up to it, whatever its facts.
        for facts in &history.contacts {
            if facts.archived {
                ties.remove(&facts.id);
            } else if let Some(sum) = ties.get_mut(&facts.id) {
                *sum = sum.wrapping_add(facts_hash(facts, cutoff));
            }
        }
        PastUpTo { cutoff, ties, wide: wide_hash(history, cutoff) }
    }

    /// Whether `contact`'s past up to the cutoff, read from `own` (that contact's history as the
    /// store gives it now: `None` when the contact is gone), and the network's lists that come
    /// with it, are as they were.
    pub fn same_for(&self, contact: ContactId, own: Option<&History>) -> bool {
        let was = self.ties.get(&contact).copied().unwrap_or(0);
        let Some(own) = own else { return was == 0 };
        if wide_hash(own, self.cutoff) != self.wide {
            return false;
        }
        let mut only = own.clone();
        only.contacts.retain(|c| c.id == contact);
        only.interactions.retain(|t| t.participants.contains(&contact));
        only.value_items.retain(|v| v.contact == contact);
        only.questions.retain(|q| q.contact == contact);
        only.reactions.retain(|r| r.contact == Some(contact));
        PastUpTo::of(&only, self.cutoff).ties.get(&contact).copied().unwrap_or(0) == was
    }
}

/// A small, fast hasher for the sums above (not for tables: no defence against chosen keys).
struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn finish(&self) -> u64 {
        // splitmix64's finaliser: every input bit moves about half of the output's.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(23) ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_i64(&mut self, x: i64) {
        self.write_u64(x as u64);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
    fn write_i32(&mut self, x: i32) {
        self.write_u64(x as u64);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn write_isize(&mut self, x: isize) {
        self.write_u64(x as u64);
    }
    fn write_u8(&mut self, x: u8) {
        self.write_u64(u64::from(x));
    }
}

fn hash_of(kind: u64, fields: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut m = Mix(kind);
    fields.hash(&mut m);
    m.finish()
}

fn touch_hash(t: &Touch) -> u64 {
    hash_of(
        1,
        (
            t.id,
            t.at,
            t.channel,
            t.initiated_by,
            t.duration_min,
            &t.participants,
            t.offset_min,
            t.initiator,
            t.in_reply_to,
        ),
    )
}

fn value_hash(v: &ValueFact) -> u64 {
    hash_of(2, (v.direction, v.kind, v.weight.map(f64::to_bits), v.at, v.interaction))
}

/// A question as the points up to `cutoff` see it: answered only if by then.
fn question_hash(q: &QuestionFact, answered_in: Option<InteractionId>, cutoff: Secs) -> u64 {
    let answered = q.answered_at.filter(|a| *a <= cutoff);
    hash_of(3, (q.id, q.asked_by, q.asked_at, q.asked_in, answered, answered.and(answered_in)))
}

fn reaction_hash(r: &ReactionFact, cutoff: Secs) -> u64 {
    hash_of(4, (r.post, r.kind, r.count, r.at, r.replied, r.replied_at.filter(|a| *a <= cutoff)))
}

/// The facts a tie's points read, as they stood up to `cutoff`: each dated fact as the list of
/// its values by then (one never changed held its current value always, as `fact_at` reads it).
fn facts_hash(f: &ContactFacts, cutoff: Secs) -> u64 {
    let dated = |fact: ContactFact, current: Option<u32>| -> Vec<(Option<Secs>, Option<u32>)> {
        let mut of_fact = f.changes.iter().filter(|c| c.fact == fact).peekable();
        if of_fact.peek().is_none() {
            return vec![(None, current)];
        }
        of_fact.filter(|c| c.since.is_none_or(|s| s <= cutoff)).map(|c| (c.since, c.value)).collect()
    };
    hash_of(
        5,
        (
            f.is_kin,
            f.circle_cadence_days,
            f.met_at,
            dated(ContactFact::Closeness, f.closeness.map(u32::from)),
            dated(ContactFact::CadenceDays, f.cadence_days),
        ),
    )
}

/// The network-wide lists that come whole with any contact's history: the posts by `cutoff`
/// and my replies to comments.
fn wide_hash(h: &History, cutoff: Secs) -> u64 {
    let posts = h.posts.iter().filter(|p| p.at <= cutoff).map(|p| hash_of(6, (p.id, p.at)));
    let replies = h.comment_replies.iter().map(|r| hash_of(7, (r.interaction, &r.platform)));
    posts.chain(replies).fold(0, u64::wrapping_add)
}
