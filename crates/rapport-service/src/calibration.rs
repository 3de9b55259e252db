//! Calibration for the window and the CLI (issue 14): the queue of ties to rate, a rating, the
//! calibration's result, applying it and going back to the defaults. The method is core's
//! (`measures/calibrate.rs`); this layer only picks the date (now) and takes the lock.

use chrono::Utc;
use rapport_core::charts::{calibration_svg, Lang, Theme};
use rapport_core::measures::calibrate::{self, Calibration, CalibrationRecord, CalibrationStatus, MIN_RATED};
use rapport_core::measures::ModelSettings;
use rapport_core::measures::Secs;
use rapport_core::model::{Contact, ContactId};
use rapport_core::{Error, Reason, Store};
use serde::Serialize;

use crate::files::{Destination, SavedFile};
use crate::{Change, Result, Service};

/// A tie needs this many interactions before its rating tells the calibration something.
pub const QUEUE_MIN_INTERACTIONS: usize = 3;
/// A rating older than this is asked again (after every unrated tie).
pub const RERATE_AFTER_DAYS: i64 = 365;

/// The calibration as the window shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CalibrationView {
    /// Whether the strengths in use are calibrated.
    pub status: CalibrationStatus,
    /// Rated ties with a history, and how many calibration needs.
    pub rated: usize,
    pub min_rated: usize,
    /// The cross-validated fit; `None` below `min_rated`.
    pub calibration: Option<Calibration>,
    /// The last applied calibration, if any (even when weights changed by hand since).
    pub applied: Option<CalibrationRecord>,
    /// Predicted against rated, an SVG drawn in Rust (`charts::calibration_svg`); `None` with
    /// the calibration.
    pub chart: Option<String>,
}

/// A tie to rate, as the "How close are you?" queue shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatingCandidate {
    pub contact: ContactId,
    pub name: String,
    /// Today's strength, 0–100.
    pub strength: f64,
    pub interactions: usize,
    #[serde(with = "rapport_core::measures::history::iso::opt")]
    pub last_interaction_at: Option<Secs>,
    /// The rating in force, when it is an old one asked again.
    pub closeness: Option<u8>,
    #[serde(with = "rapport_core::measures::history::iso::opt")]
    pub rated_at: Option<Secs>,
}

impl Service {
    /// Calibrates on the ratings in force now; refused below [`MIN_RATED`] rated ties.
    pub fn calibrate(&self) -> Result<Calibration> {
        let at = Utc::now().timestamp();
        self.read(|s| calibrate::calibrate_history(&s.history()?, at, &s.model_settings()?))
    }

    /// The calibration's state, result and last applied record, in one call.
    /// The chart is in `theme` and `lang`, the window's.
    pub fn calibration_view(&self, theme: Theme, lang: Lang) -> Result<CalibrationView> {
        let at = Utc::now().timestamp();
        self.read(|s| {
            let settings = s.model_settings()?;
            let ties = calibrate::rated_ties(&s.history()?, at, &settings);
            let applied = s.calibration_record()?;
            let calibration = (ties.len() >= MIN_RATED).then(|| calibrate::calibrate(&ties)).transpose()?;
            let chart = calibration.as_ref().map(|c| calibration_svg(&c.predictions, theme, lang)).transpose()?;
            Ok(CalibrationView {
                status: CalibrationStatus::of(applied.as_ref(), &settings),
                rated: ties.len(),
                min_rated: MIN_RATED,
                calibration,
                applied,
                chart,
            })
        })
    }

    /// Writes `calibration`'s chart (predicted against rated, SVG) to `to`: `rapport model
    /// calibrate --chart FILE`. A destination that is one of the database's files or a folder is
    /// refused before anything is drawn.
    pub fn save_calibration_chart(
        &self,
        calibration: &Calibration,
        theme: Theme,
        lang: Lang,
        to: &Destination,
    ) -> Result<SavedFile> {
        self.check_destination(to)?;
        let svg = calibration_svg(&calibration.predictions, theme, lang)?;
        let stem = format!("rapport-calibration-{}", Utc::now().date_naive().format("%Y-%m-%d"));
        let path = self.place_file(to, &stem, "svg", svg.as_bytes())?;
        Ok(SavedFile::at(&path, svg.len()))
    }

    /// Whether the strengths in use are calibrated (for the "uncalibrated" beside a strength).
    pub fn calibration_status(&self) -> Result<CalibrationStatus> {
        self.read(Store::calibration_status)
    }

    /// Calibrates and stores the fitted weights, under one lock so the ratings cannot change in
    /// between; refused, nothing written, with fewer than 20 rated ties or a fit that does not
    /// beat the defaults.
    pub fn apply_calibration(&self) -> Result<CalibrationRecord> {
        let at = Utc::now().timestamp();
        self.write_all(|s| {
            let calibration = calibrate::calibrate_history(&s.history()?, at, &s.model_settings()?)?;
            s.apply_calibration(&calibration, at)
        })
    }

    /// Back to the default strength weights; the calibration's record goes.
    pub fn reset_calibration(&self) -> Result<ModelSettings> {
        self.write_all(Store::reset_calibration)
    }

    /// Every setting back to its default (`rapport model reset`), the calibration's record too.
    pub fn reset_model_settings(&self) -> Result<ModelSettings> {
        self.write_all(|s| s.reset_model_settings().and_then(|()| s.model_settings()))
    }

    /// Up to `limit` ties worth rating: with at least [`QUEUE_MIN_INTERACTIONS`] interactions,
    /// never rated first, then those rated more than [`RERATE_AFTER_DAYS`] ago (or at an unknown
    /// date); within that, spread evenly over today's strengths, weakest first, so the ratings
    /// cover the whole range.
    pub fn rating_queue(&self, limit: usize) -> Result<Vec<RatingCandidate>> {
        let at = Utc::now().timestamp();
        self.read_with_directory(|s, d| {
            let history = s.history()?;
            let stale_before = at - RERATE_AFTER_DAYS * 86_400;
            let (mut unrated, mut stale) = (Vec::new(), Vec::new());
            for facts in history.contacts.iter().filter(|c| !c.archived) {
                let Some(m) = d.measures(facts.id) else { continue };
                if m.interactions < QUEUE_MIN_INTERACTIONS {
                    continue;
                }
                let closeness = facts.closeness_at(at);
                let rated_at = facts
                    .changes
                    .iter()
                    .filter(|c| c.fact == rapport_core::model::ContactFact::Closeness)
                    .filter_map(|c| c.since)
                    .max();
                let candidate = RatingCandidate {
                    contact: facts.id,
                    name: facts.name.clone(),
                    strength: m.strength,
                    interactions: m.interactions,
                    last_interaction_at: m.last_interaction_at,
                    closeness,
                    rated_at,
                };
                match (closeness, rated_at) {
                    (None, _) => unrated.push(candidate),
                    (Some(_), Some(when)) if when >= stale_before => {}
                    (Some(_), _) => stale.push(candidate),
                }
            }
            let mut queue = spread(unrated, limit);
            queue.extend(spread(stale, limit - queue.len()));
            Ok(queue)
        })
    }

    /// Rates one tie 1–5: its closeness changes as `contact edit --closeness` changes it, dated now.
    pub fn rate_contact(&self, id: ContactId, closeness: u8) -> Result<Contact> {
        self.write(|s| {
            if !(1..=5).contains(&closeness) {
                return Err(Error::invalid("closeness", Reason::Closeness { value: i64::from(closeness) }));
            }
            let mut fields = s.contact(id)?.fields;
            fields.closeness = Some(closeness);
            s.update_contact(id, &fields).map(|c| (c, Change::contact(id)))
        })
    }
}

/// `limit` of `candidates` at evenly spaced places of their order by strength (all when fewer).
fn spread(mut candidates: Vec<RatingCandidate>, limit: usize) -> Vec<RatingCandidate> {
    candidates.sort_by(|a, b| a.strength.total_cmp(&b.strength).then(a.contact.cmp(&b.contact)));
    if candidates.len() <= limit {
        return candidates;
    }
    match limit {
        0 => Vec::new(),
        1 => vec![candidates.swap_remove(candidates.len() / 2)],
        _ => {
            let last = candidates.len() - 1;
            (0..limit).map(|i| candidates[i * last / (limit - 1)].clone()).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: i64, strength: f64) -> RatingCandidate {
        RatingCandidate {
            contact: ContactId(id),
            name: format!("C{id}"),
            strength,
            interactions: 3,
            last_interaction_at: None,
            closeness: None,
            rated_at: None,
        }
    }

    #[test]
    fn the_queue_spreads_over_the_strengths_weakest_first() {
        let all: Vec<RatingCandidate> = (0..11).map(|i| candidate(i, 100.0 - 10.0 * i as f64)).collect();
        let strengths = |q: Vec<RatingCandidate>| q.iter().map(|c| c.strength).collect::<Vec<_>>();
        assert_eq!(strengths(spread(all.clone(), 3)), [0.0, 50.0, 100.0]);
        assert_eq!(strengths(spread(all.clone(), 1)), [50.0]);
        assert_eq!(spread(all.clone(), 20).len(), 11);
        assert!(spread(all, 0).is_empty());
    }
}
