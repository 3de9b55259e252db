//! When a tie is due: contact days, Dunbar layers, conversations (episodes) and the tie's own rhythm.

use super::history::*;
use super::settings::ModelSettings;
use super::tie::*;

/// The calendar day the user lived a touch on, as a day number: its instant moved by the UTC
/// offset they were at. Three calls in Tokyo at 08:00 and 10:00 on one day and 10:00 the next
/// are two days, though the first falls on the day before in UTC.
pub fn lived_day(t: &Touch) -> i64 {
    (t.at + i64::from(t.offset_min) * 60).div_euclid(DAY as i64)
}

/// Distinct lived days with contact among `touches`. Sorted first: after a flight west a later
/// touch can fall on an earlier day.
pub fn contact_days(touches: &[&Touch]) -> usize {
    let mut days: Vec<i64> = touches.iter().map(|t| lived_day(t)).collect();
    days.sort_unstable();
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

/// The tie's usual silence between conversations: the median of its last ten silences
/// (`own_rhythm_max_gaps`), from the end of one conversation to the start of the next, in days,
/// once it has enough. Replies
/// and bursts inside one conversation are not its rhythm: a question answered the next day
/// does not make a tie "expected every day".
pub fn own_rhythm_days(touches: &[&Touch], s: &ModelSettings) -> Option<f64> {
    let episodes = conversations(touches, s);
    let silences: Vec<f64> = episodes.windows(2).map(|w| (w[1].0 - w[0].1) as f64 / DAY).collect();
    if silences.len() < s.own_rhythm_min_gaps.max(1) {
        return None;
    }
    median(silences[silences.len().saturating_sub(s.own_rhythm_max_gaps.max(1))..].to_vec())
}

pub fn median(mut xs: Vec<f64>) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2.0 })
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
    let (expected_days, source) = if let Some(d) = facts.cadence_days_at(at) {
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
    let due_on = touches.last().map(|t| {
        let lived = t.at + i64::from(t.offset_min) * 60;
        crate::time::utc(lived + (expected_days * DAY).round() as Secs).date_naive()
    });
    Cadence { expected_days, source, days_since_last, ratio, status, due_on }
}
