//! Tie strength: its four parts (intensity, intimacy, duration, services) and the fade of silence.

use super::history::*;
use super::settings::ModelSettings;
use super::tie::*;
use crate::model::*;

/// The half-life of this tie's interactions: the base half-life, stretched to the tie's expected
/// cadence when that is longer (a yearly friend is not forgotten in two months), doubled for kin.
/// The expected cadence comes from what the user said (the contact's or a circle's goal, or a
/// self-rated closeness), never from the history itself: a half-life that moved with each new
/// interaction would make a tie's past weigh differently from one day to the next, and would
/// let silence raise a strength. What the user said is read as it was at `at`: a goal set today
/// does not re-weigh last month.
pub fn half_life_days(facts: &ContactFacts, at: Secs, s: &ModelSettings) -> f64 {
    let own = facts
        .cadence_days_at(at)
        .or(facts.circle_cadence_days)
        .map(f64::from)
        .or_else(|| facts.closeness_at(at).map(|c| closeness_cadence(c, s)))
        .unwrap_or(s.layer_cadence_days[s.unstated_layer.clamp(1, 4) - 1]);
    let kin = if facts.is_kin { s.kin_half_life_factor } else { 1.0 };
    s.base_half_life_days.max(own) * kin
}

/// A self-rated closeness implies a layer (`closeness_layers`; by default 5 → innermost,
/// 4 → 15, 3 → 50, 1–2 → 150).
fn closeness_cadence(closeness: u8, s: &ModelSettings) -> f64 {
    let rank = s.closeness_layers[usize::from(closeness.clamp(1, 5)) - 1];
    s.layer_cadence_days[rank.clamp(1, 4) - 1]
}

/// Weight of one interaction for one of its participants: channel, depth (long meetings count
/// up to 1.5×) and group size (a dinner for six is less of a one-to-one tie than a dinner for two).
pub fn touch_weight(t: &Touch, s: &ModelSettings) -> f64 {
    let hours = |m: u32| (f64::from(m) / 60.0).min(s.depth_max_hours);
    let depth = t.duration_min.map(|m| 1.0 + s.depth_per_hour * hours(m)).unwrap_or(1.0);
    let people = t.participants.len().max(1) as f64;
    // The default, a square root, without the cost of a power on every touch of every tie.
    let e = s.group_size_exponent;
    let group = 1.0 / if e == 0.5 { people.sqrt() } else { people.powf(e) };
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

    let intimacy = intimacy(facts, at, rich_volume(touches, s.fade_half_life_factor * half_life), s);
    let duration = match (touches.first(), touches.last()) {
        (Some(first), Some(last)) => duration(facts, first.at, last.at, s),
        _ => 0.0,
    };

    // Silence fades what lasts (intimacy, duration) at half the speed of intensity.
    let fade = touches.last().map(|t| decay(at - t.at, s.fade_half_life_factor * half_life)).unwrap_or(0.0);
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

/// The tie's rich one-to-one touches as of its last contact, each faded by its age then with
/// the half-life of what lasts (`lasting_half_life`). Silence after the last contact is the
/// fade's part, not this one's: so the volume holds still without a new touch, and touches
/// added before the last contact (an import of older messages) can only add to it.
pub fn rich_volume(touches: &[&Touch], lasting_half_life: f64) -> f64 {
    let Some(last) = touches.last() else { return 0.0 };
    touches.iter().filter(|t| is_rich_one_to_one(t)).map(|t| decay(last.at - t.at, lasting_half_life)).sum()
}

/// Intimacy: the user's own rating (as it was at `at`, 1–5 on 0–100) when there is one,
/// blended (`intimacy_closeness_share`) with the rich one-to-one volume, saturated:
/// `intimacy_reference` such touches, recent at the last contact, score 63. A volume, not a
/// share of all touches: older or thinner touches never lower it.
pub fn intimacy(facts: &ContactFacts, at: Secs, rich_volume: f64, s: &ModelSettings) -> f64 {
    let observed = saturate(rich_volume, s.intimacy_reference);
    match facts.closeness_at(at) {
        Some(c) => {
            let rated = (f64::from(c.clamp(1, 5)) - 1.0) * 25.0;
            s.intimacy_closeness_share * rated + (1.0 - s.intimacy_closeness_share) * observed
        }
        None => observed,
    }
}

/// Duration: how long the tie has been shown to last, from meeting (or first contact) to the
/// last contact, on a log scale where `duration_full_days` (ten years) is full.
pub fn duration(facts: &ContactFacts, first_at: Secs, last_at: Secs, s: &ModelSettings) -> f64 {
    let start = facts.met_at.filter(|m| *m <= first_at).unwrap_or(first_at);
    let days = (last_at - start).max(0) as f64 / DAY;
    (100.0 * (1.0 + days).ln() / (1.0 + s.duration_full_days).ln()).min(100.0)
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
