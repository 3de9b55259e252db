//! Calibration (measures/calibrate.rs) on generated networks whose ratings come from known
//! weights, from pure noise, or are too few; and the proof that a fold never sees the ratings
//! it scores.

mod common;

use common::*;
use rapport_core::measures::calibrate::{self, Calibration, RatedTie, MIN_RATED};
use rapport_core::measures::history::*;
use rapport_core::measures::settings::{ModelSettings, StrengthWeights};
use rapport_core::*;

/// SplitMix64: a few lines of seeded randomness, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// A standard normal draw (Box–Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-12), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// The day every case is measured at, after three thousand days of history.
const AT_DAY: i64 = 3000;

/// `n` contacts, each with its own independent amount of each part: rich one-to-one meetings
/// (intimacy, and intensity), messages (intensity), a first touch long ago or lately (duration)
/// and favours (services); every tie was in touch yesterday, so silence fades none of them.
fn network(n: i64, rng: &mut Rng) -> History {
    let mut h = History::default();
    let mut next_id = 0;
    let mut id = || {
        next_id += 1;
        next_id
    };
    for c in 1..=n {
        h.contacts.push(facts(c));
        let first_day = AT_DAY - 1 - rng.below(2999);
        h.interactions.push(touch(id(), first_day, Channel::Message, Party::Me, &[c]));
        for _ in 0..rng.below(7) {
            h.interactions.push(touch(id(), AT_DAY - 1 - rng.below(60), Channel::InPerson, Party::Me, &[c]));
        }
        for _ in 0..rng.below(31) {
            h.interactions.push(touch(id(), AT_DAY - 1 - rng.below(90), Channel::Message, Party::Them, &[c]));
        }
        for _ in 0..rng.below(6) {
            h.value_items.push(ValueFact {
                contact: ContactId(c),
                direction: Direction::Given,
                kind: ValueKind::Help,
                weight: None,
                at: T0 + (AT_DAY - 1 - rng.below(60)) * D,
                interaction: None,
            });
        }
        h.interactions.push(touch(id(), AT_DAY - 1, Channel::Message, Party::Them, &[c]));
    }
    h.sort();
    h
}

fn at() -> Secs {
    T0 + AT_DAY * D
}

/// Every contact's held-out parts (their ratings do not matter: they are taken out).
fn parts(h: &History) -> Vec<RatedTie> {
    let mut rated = h.clone();
    for c in &mut rated.contacts {
        c.closeness = Some(3);
    }
    calibrate::rated_ties(&rated, at(), &ModelSettings::default())
}

/// Rates every contact 1–5 by the quintile of `score` plus noise.
fn rate(h: &mut History, scores: &[f64]) {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&i, &j| scores[i].total_cmp(&scores[j]));
    for (place, &i) in order.iter().enumerate() {
        h.contacts[i].closeness = Some(1 + (5 * place / scores.len()) as u8);
    }
}

/// Ratings made from `truth` weights on the held-out parts, with noise of `noise` times the
/// spread of the true strengths.
fn rated_by(truth: [f64; 4], noise: f64, n: i64, seed: u64) -> History {
    let mut rng = Rng(seed);
    let mut h = network(n, &mut rng);
    let ties = parts(&h);
    assert_eq!(ties.len(), n as usize);
    let truths: Vec<f64> = ties.iter().map(|t| truth.iter().zip(&t.features).map(|(w, f)| w * f).sum()).collect();
    let mean = truths.iter().sum::<f64>() / truths.len() as f64;
    let sd = (truths.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / truths.len() as f64).sqrt();
    let noisy: Vec<f64> = truths.iter().map(|x| x + noise * sd * rng.normal()).collect();
    rate(&mut h, &noisy);
    h
}

fn calibrated(h: &History) -> Calibration {
    calibrate::calibrate_history(h, at(), &ModelSettings::default()).unwrap()
}

fn order(w: &StrengthWeights) -> Vec<&'static str> {
    let mut named =
        [("intimacy", w.intimacy), ("intensity", w.intensity), ("duration", w.duration), ("services", w.services)];
    named.sort_by(|a, b| b.1.total_cmp(&a.1));
    named.iter().map(|(name, _)| *name).collect()
}

/// The reverse of the defaults' order: duration first, intimacy last.
const TRUTH: [f64; 4] = [0.05, 0.2, 0.45, 0.3];

#[test]
fn ratings_from_known_weights_give_back_their_order_and_beat_the_defaults_out_of_sample() {
    for seed in [1, 2, 3, 4, 5] {
        let c = calibrated(&rated_by(TRUTH, 0.3, 120, seed));
        assert_eq!(c.rated, 120);
        assert_eq!(c.folds.len(), 5, "5 folds from 40 rated ties");
        assert_eq!(
            order(&c.weights),
            ["duration", "services", "intensity", "intimacy"],
            "seed {seed}: {:?}",
            c.weights
        );
        assert!(c.beats_default, "seed {seed}: fitted {:?}, default {:?}", c.fitted, c.default);
        assert!(c.fitted.spearman > c.default.spearman + 0.1, "seed {seed}: {:?} {:?}", c.fitted, c.default);
        assert!(c.fitted.within_one > c.default.within_one, "seed {seed}: {:?} {:?}", c.fitted, c.default);
        // Noise keeps it from being perfect.
        assert!(c.fitted.spearman < 1.0);
        // The applied weights are the model's own, and pass its validation.
        let (settings, record) = c.applicable(&ModelSettings::default(), at()).unwrap();
        assert_eq!(settings.strength_weights, c.weights);
        assert_eq!(record.rated, 120);
    }
}

#[test]
fn ratings_that_are_pure_noise_do_not_beat_the_defaults_and_cannot_be_applied() {
    for seed in [11, 12, 13, 14, 15] {
        let mut rng = Rng(seed);
        let mut h = network(60, &mut rng);
        for c in &mut h.contacts {
            c.closeness = Some(1 + rng.below(5) as u8);
        }
        let c = calibrated(&h);
        assert!(!c.beats_default, "seed {seed}: fitted {:?}, default {:?}", c.fitted, c.default);
        let refused = c.applicable(&ModelSettings::default(), at()).unwrap_err();
        assert_eq!(refused.reason().key(), "calibration_not_better");
        assert!(refused.to_string().contains("do not beat the default weights"), "{refused}");
    }
}

#[test]
fn a_fold_never_sees_the_ratings_it_scores() {
    let h = rated_by(TRUTH, 0.3, 50, 7);
    let before = calibrated(&h);
    let held_out = before.folds[0].held_out.clone();

    // Turn every held-out rating of fold 0 upside down: its features and what it fitted stay.
    let mut flipped = h.clone();
    for c in flipped.contacts.iter_mut().filter(|c| held_out.contains(&c.id)) {
        c.closeness = c.closeness.map(|r| 6 - r);
    }
    let after = calibrated(&flipped);
    assert_eq!(after.folds[0], before.folds[0]);
    let features = |c: &Calibration, ties: &[RatedTie]| -> Vec<[f64; 4]> {
        assert_eq!(c.rated, ties.len());
        ties.iter().map(|t| t.features).collect()
    };
    let at = at();
    let s = ModelSettings::default();
    assert_eq!(
        features(&after, &calibrate::rated_ties(&flipped, at, &s)),
        features(&before, &calibrate::rated_ties(&h, at, &s)),
        "a rating is never in the features"
    );
    // The fold's predictions are the same strengths, now scored against the flipped ratings.
    for id in &held_out {
        let p = |c: &Calibration| c.predictions.iter().find(|p| p.contact == *id).unwrap().fitted_strength;
        assert_eq!(p(&after), p(&before));
    }

    // The control: a training rating of fold 0 changed does move its weights.
    let mut trained = h.clone();
    for c in trained.contacts.iter_mut().filter(|c| !held_out.contains(&c.id)).take(10) {
        c.closeness = c.closeness.map(|r| 6 - r);
    }
    assert_ne!(calibrated(&trained).folds[0].weights, before.folds[0].weights);
}

#[test]
fn a_rating_given_on_a_date_is_measured_on_that_date() {
    let mut h = rated_by(TRUTH, 0.3, 30, 5);
    let at = at();
    let s = ModelSettings::default();
    let today = calibrate::rated_ties(&h, at, &s)[0].features;
    // Contact 1 rated 200 days ago (and unrated before): measured then, when its tie was younger.
    let rating = h.contacts[0].closeness;
    h.contacts[0].changes = vec![
        FactChange { fact: ContactFact::Closeness, value: None, since: None },
        FactChange { fact: ContactFact::Closeness, value: rating.map(u32::from), since: Some(at - 200 * D) },
    ];
    let then = &calibrate::rated_ties(&h, at, &s)[0];
    assert_eq!(then.rated_at, Some(at - 200 * D));
    assert_ne!(then.features, today);
    // A rating given after the date asked about is not in force then.
    let before_rating = calibrate::rated_ties(&h, at - 300 * D, &s);
    assert!(before_rating.iter().all(|t| t.contact != ContactId(1)));
}

#[test]
fn fewer_than_twenty_rated_ties_are_refused_with_the_reason() {
    let mut h = rated_by(TRUTH, 0.3, 30, 9);
    for c in h.contacts.iter_mut().skip(MIN_RATED - 1) {
        c.closeness = None;
    }
    let refused = calibrate::calibrate_history(&h, at(), &ModelSettings::default()).unwrap_err();
    assert_eq!(refused.reason().key(), "calibration_too_few");
    assert!(refused.to_string().contains("19 ties with a history are rated"), "{refused}");
    assert!(refused.to_string().contains("at least 20"), "{refused}");
    // Twenty is enough, with leave-one-out folds.
    h.contacts[MIN_RATED - 1].closeness = Some(3);
    let c = calibrated(&h);
    assert_eq!((c.rated, c.folds.len()), (20, 20));
}
