//! Calibration: fits the four strength weights to the user's own closeness ratings (1–5), as
//! Gilbert & Karahalios (2009) fitted their model to people's ratings, and says out of sample
//! whether the fit beats the default weights. docs/model.md, "Calibration", states the method.
//!
//! The rating is an input of intimacy (and of the half-life) in the everyday strength: here every
//! rated tie's parts are measured as if it had never been rated, so no rating can score itself.

use serde::{Deserialize, Serialize};

use super::history::*;
use super::settings::{ModelSettings, StrengthWeights};
use super::strength::{half_life_days, strength_parts};
use super::tie::Index;
use crate::error::{Error, Reason, Result};
use crate::model::*;

/// Fewer rated ties than this and there is nothing to fit on.
pub const MIN_RATED: usize = 20;
/// From this many rated ties, 5 folds; below it, leave-one-out.
pub const FIVE_FOLDS_FROM: usize = 40;
/// The ridge's pull towards the default weights, as a share of the features' own spread (our
/// own assumption: a tenth, so a handful of ratings cannot swing the weights far, while a
/// hundred move them where the ratings say).
pub const RIDGE_PULL: f64 = 0.1;
/// The fitted model beats the defaults only when its out-of-sample ρ is also above zero at the
/// one-sided 1% level (ρ·√(n−1) ≥ 2.326): a fit to noise does not pass, and the defaults are
/// kept when in doubt (our own assumption).
pub const SIGNIFICANT_Z: f64 = 2.326;
/// The `settings` key of the record of an applied calibration.
pub const CALIBRATION_KEY: &str = "model_calibration";

/// A rated tie: its rating, when it was given, and its strength's four parts measured at that
/// date without the rating, in the order intimacy, intensity, duration, services (intimacy and
/// duration already faded by silence, as the strength weighs them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatedTie {
    pub contact: ContactId,
    pub name: String,
    pub rating: u8,
    /// When the rating was given; `None` for a rating never changed (it held always).
    #[serde(with = "iso::opt")]
    pub rated_at: Option<Secs>,
    pub features: [f64; 4],
}

/// How well a model's strengths agree with the ratings they never saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// Spearman's rank correlation between strength and rating.
    pub spearman: f64,
    /// Share of ties whose predicted level (1–5) is within one of their rating.
    pub within_one: f64,
    /// Share of the ties rated 4–5 (strong) or 1–2 (weak) put on the right side; `None` when
    /// no tie is rated either way.
    pub strong_weak: Option<f64>,
}

/// One fold: the ties it scores, and what was fitted without them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fold {
    pub held_out: Vec<ContactId>,
    /// The weights fitted on the other folds' ratings.
    pub weights: StrengthWeights,
    /// Strengths at which the fitted model's level goes from 1 to 2, ... 4 to 5.
    pub fitted_cuts: [f64; 4],
    pub default_cuts: [f64; 4],
    /// The strength from which the fitted (default) model calls a tie strong.
    pub fitted_strong_from: f64,
    pub default_strong_from: f64,
}

/// One rated tie as its fold scored it, for a chart of predicted against rated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    pub contact: ContactId,
    pub name: String,
    pub rating: u8,
    /// Out of sample, 0–100, and the level it maps to.
    pub fitted_strength: f64,
    pub fitted_level: u8,
    pub default_strength: f64,
    pub default_level: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub rated: usize,
    pub folds: Vec<Fold>,
    pub fitted: Agreement,
    pub default: Agreement,
    /// Fitted on every rating: what applying stores.
    pub weights: StrengthWeights,
    /// The fitted model beats the defaults out of sample ([`Calibration::beats_default`]).
    pub beats_default: bool,
    pub predictions: Vec<Prediction>,
}

/// What is stored when the user applies a calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationRecord {
    pub rated: usize,
    #[serde(with = "iso")]
    pub at: Secs,
    pub weights: StrengthWeights,
    pub fitted: Agreement,
    pub default: Agreement,
}

/// Whether the strengths in use are calibrated: only while the weights are the applied ones (a
/// weight changed by hand since makes them uncalibrated again).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CalibrationStatus {
    Uncalibrated,
    Calibrated {
        rated: usize,
        #[serde(with = "iso")]
        at: Secs,
    },
}

impl CalibrationStatus {
    pub fn of(record: Option<&CalibrationRecord>, s: &ModelSettings) -> CalibrationStatus {
        match record {
            Some(r) if r.weights == s.strength_weights => CalibrationStatus::Calibrated { rated: r.rated, at: r.at },
            _ => CalibrationStatus::Uncalibrated,
        }
    }
}

/// Every tie rated at `at` (not archived, with at least one interaction by its rating's date),
/// by contact id. Each is measured at the date of its rating in force at `at`, for that is what
/// the user judged; a rating never changed is measured at `at`.
pub fn rated_ties(history: &History, at: Secs, s: &ModelSettings) -> Vec<RatedTie> {
    let index = Index::new(history);
    let mut ties: Vec<RatedTie> = history
        .contacts
        .iter()
        .filter(|c| !c.archived)
        .filter_map(|facts| {
            let rating = facts.closeness_at(at)?.clamp(1, 5);
            let rated_at = facts
                .changes
                .iter()
                .filter(|c| c.fact == ContactFact::Closeness)
                .filter_map(|c| c.since)
                .filter(|since| *since <= at)
                .max();
            let features = held_out_features(&index, facts, rated_at.unwrap_or(at), s)?;
            Some(RatedTie { contact: facts.id, name: facts.name.clone(), rating, rated_at, features })
        })
        .collect();
    ties.sort_by_key(|t| t.contact);
    ties
}

/// The tie's strength parts at `at` measured as if it had never been rated: the rating is
/// taken out of intimacy and of the half-life. `None` without an interaction by then.
pub fn held_out_features(index: &Index<'_>, facts: &ContactFacts, at: Secs, s: &ModelSettings) -> Option<[f64; 4]> {
    let touches: Vec<&Touch> = index.touches_until(facts.id, at).collect();
    if touches.is_empty() {
        return None;
    }
    let history = index.history;
    let values: Vec<&ValueFact> = index
        .contacts
        .get(&facts.id)
        .map(|sl| sl.values.iter().map(|&i| &history.value_items[i]).filter(|v| v.at <= at).collect())
        .unwrap_or_default();
    let mut unrated = facts.clone();
    unrated.closeness = None;
    unrated.changes.retain(|c| c.fact != ContactFact::Closeness);
    let p = strength_parts(&unrated, &touches, &values, at, half_life_days(&unrated, at, s), s);
    Some([p.intimacy * p.fade, p.intensity, p.duration * p.fade, p.services])
}

/// Calibrates on the ratings in force at `at`: refused with fewer than [`MIN_RATED`] rated ties.
pub fn calibrate_history(history: &History, at: Secs, s: &ModelSettings) -> Result<Calibration> {
    calibrate(&rated_ties(history, at, s))
}

/// Fits and cross-validates. Ties go to folds by their place in contact-id order (the i-th to
/// fold i mod k), so the same ratings always make the same folds.
pub fn calibrate(ties: &[RatedTie]) -> Result<Calibration> {
    if ties.len() < MIN_RATED {
        return Err(Error::invalid("ratings", Reason::CalibrationTooFew { rated: ties.len(), min: MIN_RATED }));
    }
    let n = ties.len();
    let k = if n < FIVE_FOLDS_FROM { n } else { 5 };
    let defaults = as_array(&StrengthWeights::default());
    let mut folds = Vec::with_capacity(k);
    let mut predictions: Vec<Option<Prediction>> = vec![None; n];
    let mut fitted_strong = Vec::new();
    let mut default_strong = Vec::new();
    for f in 0..k {
        let (test, train): (Vec<usize>, Vec<usize>) = (0..n).partition(|i| i % k == f);
        let train_ties: Vec<&RatedTie> = train.iter().map(|&i| &ties[i]).collect();
        let weights = fit(&train_ties);
        let fitted_model = LevelModel::train(&train_ties, &weights);
        let default_model = LevelModel::train(&train_ties, &defaults);
        for &i in &test {
            let t = &ties[i];
            let (fs, ds) = (score(&weights, &t.features), score(&defaults, &t.features));
            predictions[i] = Some(Prediction {
                contact: t.contact,
                name: t.name.clone(),
                rating: t.rating,
                fitted_strength: fs,
                fitted_level: fitted_model.level(fs),
                default_strength: ds,
                default_level: default_model.level(ds),
            });
            if let Some(strong) = strong_or_weak(t.rating) {
                fitted_strong.push((fs >= fitted_model.strong_from) == strong);
                default_strong.push((ds >= default_model.strong_from) == strong);
            }
        }
        folds.push(Fold {
            held_out: test.iter().map(|&i| ties[i].contact).collect(),
            weights: from_array(&weights),
            fitted_cuts: fitted_model.cuts,
            default_cuts: default_model.cuts,
            fitted_strong_from: fitted_model.strong_from,
            default_strong_from: default_model.strong_from,
        });
    }
    let predictions: Vec<Prediction> = predictions.into_iter().flatten().collect();
    let fitted = agreement(&predictions, |p| (p.fitted_strength, p.fitted_level), &fitted_strong);
    let default = agreement(&predictions, |p| (p.default_strength, p.default_level), &default_strong);
    let all: Vec<&RatedTie> = ties.iter().collect();
    let weights = rounded(&fit(&all));
    let beats_default = beats(&fitted, &default, n);
    Ok(Calibration { rated: n, folds, fitted, default, weights, beats_default, predictions })
}

/// The rule: out of sample, a higher ρ than the defaults', at least as many ties within one level,
/// and a ρ above zero at the one-sided 1% level.
pub fn beats(fitted: &Agreement, default: &Agreement, rated: usize) -> bool {
    fitted.spearman > default.spearman
        && fitted.within_one >= default.within_one
        && fitted.spearman * ((rated as f64) - 1.0).sqrt() >= SIGNIFICANT_Z
}

impl Calibration {
    /// The weights to store, or why they must not be: they must beat the defaults out of sample
    /// and pass the model's own validation.
    pub fn applicable(&self, s: &ModelSettings, at: Secs) -> Result<(ModelSettings, CalibrationRecord)> {
        if !self.beats_default {
            let pct = |x: f64| format!("{:.0}%", 100.0 * x);
            return Err(Error::invalid(
                "calibration",
                Reason::CalibrationNotBetter {
                    fitted_rho: format!("{:.2}", self.fitted.spearman),
                    default_rho: format!("{:.2}", self.default.spearman),
                    fitted_within: pct(self.fitted.within_one),
                    default_within: pct(self.default.within_one),
                },
            ));
        }
        let settings = ModelSettings { strength_weights: self.weights.clone(), ..s.clone() };
        settings.validate()?;
        let record = CalibrationRecord {
            rated: self.rated,
            at,
            weights: self.weights.clone(),
            fitted: self.fitted.clone(),
            default: self.default.clone(),
        };
        Ok((settings, record))
    }
}

fn strong_or_weak(rating: u8) -> Option<bool> {
    match rating {
        4..=5 => Some(true),
        1..=2 => Some(false),
        _ => None,
    }
}

fn as_array(w: &StrengthWeights) -> [f64; 4] {
    let total = w.intimacy + w.intensity + w.duration + w.services;
    [w.intimacy / total, w.intensity / total, w.duration / total, w.services / total]
}

fn from_array(w: &[f64; 4]) -> StrengthWeights {
    StrengthWeights { intimacy: w[0], intensity: w[1], duration: w[2], services: w[3] }
}

/// Three decimals, as a person would type them; the model normalises by the sum anyway.
fn rounded(w: &[f64; 4]) -> StrengthWeights {
    let r = |x: f64| (x * 1000.0).round() / 1000.0;
    from_array(&w.map(r))
}

/// The strength the weights (summing to 1) give these parts, as `combine_strength` does.
fn score(w: &[f64; 4], f: &[f64; 4]) -> f64 {
    w.iter().zip(f).map(|(w, f)| w * f).sum::<f64>().clamp(0.0, 100.0)
}

/// Non-negative ridge regression of the rating on the four parts, pulled towards the default
/// weights scaled to the ratings; the weights are the coefficients over their sum. When no part
/// rises with the ratings (all coefficients zero), the defaults.
fn fit(train: &[&RatedTie]) -> [f64; 4] {
    let defaults = as_array(&StrengthWeights::default());
    let n = train.len() as f64;
    let mean_y = train.iter().map(|t| f64::from(t.rating)).sum::<f64>() / n;
    let mut mean_x = [0.0; 4];
    for t in train {
        for (m, x) in mean_x.iter_mut().zip(&t.features) {
            *m += x / n;
        }
    }
    // The centred normal equations: XᵀX and Xᵀy.
    let mut xx = [[0.0; 4]; 4];
    let mut xy = [0.0; 4];
    for t in train {
        let x: [f64; 4] = std::array::from_fn(|i| t.features[i] - mean_x[i]);
        let y = f64::from(t.rating) - mean_y;
        for i in 0..4 {
            xy[i] += x[i] * y;
            for j in 0..4 {
                xx[i][j] += x[i] * x[j];
            }
        }
    }
    // The prior: the default weights, scaled by the slope of the ratings on the default strength.
    let d_xy: f64 = (0..4).map(|i| defaults[i] * xy[i]).sum();
    let d_xx_d: f64 =
        (0..4).flat_map(|i| (0..4).map(move |j| (i, j))).map(|(i, j)| defaults[i] * xx[i][j] * defaults[j]).sum();
    let slope = if d_xx_d > 0.0 { (d_xy / d_xx_d).max(0.0) } else { 0.0 };
    let prior = defaults.map(|d| d * slope);
    let lambda = RIDGE_PULL * (0..4).map(|i| xx[i][i]).sum::<f64>() / 4.0;
    let mut a = xx;
    let mut b = xy;
    for i in 0..4 {
        a[i][i] += lambda;
        b[i] += lambda * prior[i];
    }
    let beta = non_negative_quadratic(&a, &b);
    let total: f64 = beta.iter().sum();
    if total > 1e-12 {
        beta.map(|x| x / total)
    } else {
        defaults
    }
}

/// Minimises βᵀAβ − 2bᵀβ over β ≥ 0 (A positive definite) exactly: the optimum is the
/// unconstrained optimum on its own support, so try each of the 16 supports and keep the best
/// feasible one.
fn non_negative_quadratic(a: &[[f64; 4]; 4], b: &[f64; 4]) -> [f64; 4] {
    let objective = |x: &[f64; 4]| -> f64 {
        let mut v = 0.0;
        for i in 0..4 {
            v -= 2.0 * b[i] * x[i];
            for j in 0..4 {
                v += x[i] * a[i][j] * x[j];
            }
        }
        v
    };
    let mut best = ([0.0; 4], 0.0);
    for support in 1u8..16 {
        let idx: Vec<usize> = (0..4).filter(|i| support & (1 << i) != 0).collect();
        let sub_a: Vec<Vec<f64>> = idx.iter().map(|&i| idx.iter().map(|&j| a[i][j]).collect()).collect();
        let sub_b: Vec<f64> = idx.iter().map(|&i| b[i]).collect();
        let Some(sol) = solve(sub_a, sub_b) else { continue };
        if sol.iter().any(|x| *x < 0.0 || !x.is_finite()) {
            continue;
        }
        let mut x = [0.0; 4];
        for (k, &i) in idx.iter().enumerate() {
            x[i] = sol[k];
        }
        let v = objective(&x);
        if v < best.1 {
            best = (x, v);
        }
    }
    best.0
}

/// Gaussian elimination with partial pivoting; `None` for a singular system.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (upper, lower) = a.split_at_mut(col + 1);
        let pivot_row = &upper[col];
        for (k, row) in lower.iter_mut().enumerate() {
            let factor = row[col] / pivot_row[col];
            for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= factor * p;
            }
            b[col + 1 + k] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    Some(x)
}

/// How a model's strengths become levels and strong-or-weak calls, learnt on a training fold.
struct LevelModel {
    /// The level goes up at each cut; a cut of +∞ (−∞) is a level no (every) training tie reached.
    cuts: [f64; 4],
    strong_from: f64,
}

impl LevelModel {
    /// Cuts at the quantiles of the training strengths matching the training ratings' shares:
    /// if 30% of the training ties are rated 1, the lowest 30% of strengths are level 1. The
    /// strong-or-weak threshold is the one that sorts the training's strong and weak ties best.
    fn train(train: &[&RatedTie], w: &[f64; 4]) -> LevelModel {
        let mut scored: Vec<(f64, u8)> = train.iter().map(|t| (score(w, &t.features), t.rating)).collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0));
        let n = scored.len();
        let cuts = std::array::from_fn(|k| {
            let at_most = scored.iter().filter(|(_, r)| usize::from(*r) <= k + 1).count();
            match at_most {
                0 => f64::NEG_INFINITY,
                m if m >= n => f64::INFINITY,
                m => (scored[m - 1].0 + scored[m].0) / 2.0,
            }
        });
        let labelled: Vec<(f64, bool)> =
            scored.iter().filter_map(|(s, r)| strong_or_weak(*r).map(|strong| (*s, strong))).collect();
        let mut candidates = vec![f64::NEG_INFINITY];
        candidates.extend(labelled.windows(2).map(|w| (w[0].0 + w[1].0) / 2.0));
        candidates.push(f64::INFINITY);
        let right = |from: f64| labelled.iter().filter(|(s, strong)| (*s >= from) == *strong).count();
        let mut strong_from = f64::INFINITY;
        let mut best = None;
        for c in candidates {
            let r = right(c);
            if best.is_none_or(|b| r > b) {
                best = Some(r);
                strong_from = c;
            }
        }
        LevelModel { cuts, strong_from }
    }

    fn level(&self, strength: f64) -> u8 {
        1 + self.cuts.iter().filter(|c| strength >= **c).count() as u8
    }
}

fn agreement(predictions: &[Prediction], of: impl Fn(&Prediction) -> (f64, u8), strong: &[bool]) -> Agreement {
    let strengths: Vec<f64> = predictions.iter().map(|p| of(p).0).collect();
    let ratings: Vec<f64> = predictions.iter().map(|p| f64::from(p.rating)).collect();
    let near = predictions.iter().filter(|p| of(p).1.abs_diff(p.rating) <= 1).count();
    Agreement {
        spearman: spearman(&strengths, &ratings),
        within_one: near as f64 / predictions.len().max(1) as f64,
        strong_weak: (!strong.is_empty())
            .then(|| strong.iter().filter(|right| **right).count() as f64 / strong.len() as f64),
    }
}

/// Spearman's ρ: Pearson's correlation of the ranks, ties given their average rank; 0 when
/// either side does not vary.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        cov += (x - ma) * (y - mb);
        va += (x - ma).powi(2);
        vb += (y - mb).powi(2);
    }
    if va <= 0.0 || vb <= 0.0 {
        0.0
    } else {
        cov / (va * vb).sqrt()
    }
}

fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
    let mut out = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && values[order[end + 1]] == values[order[start]] {
            end += 1;
        }
        let rank = (start + end) as f64 / 2.0 + 1.0;
        for &i in &order[start..=end] {
            out[i] = rank;
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_a_hand_computed_case() {
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]), 1.0);
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), -1.0);
        // Ranks 1, 2.5, 2.5 against 1, 2, 3: ρ = 1.5 / √(1.5·2) = √3/2.
        assert!((spearman(&[0.0, 5.0, 5.0], &[1.0, 2.0, 3.0]) - 3f64.sqrt() / 2.0).abs() < 1e-12);
    }

    #[test]
    fn the_non_negative_solver_finds_the_optimum_on_its_support() {
        // Unconstrained optimum (2, −1, 0, 0): the constraint pins the second at 0, the first at 2.
        let a = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]];
        assert_eq!(non_negative_quadratic(&a, &[2.0, -1.0, 0.0, 0.0]), [2.0, 0.0, 0.0, 0.0]);
    }
}
