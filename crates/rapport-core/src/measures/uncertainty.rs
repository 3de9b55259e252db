//! How sure a rate is: an 80% interval from its successes and trials, which may be faded (so
//! fractional). The interval is the central 80% of the Beta posterior of a binomial rate under
//! the prior Beta(2, 2) (docs/model.md, "Uncertainty"): with no data it spans 20%–80%, and it
//! narrows as trials accumulate.
//!
//! The Beta quantile is computed here (no statistics crate: statrs would compile nalgebra): the
//! regularized incomplete beta function by its continued fraction (evaluated with the modified
//! Lentz method), the log-gamma by Lanczos' approximation, and the quantile by Newton's method
//! kept inside a bisection bracket.

/// The share of the posterior an interval holds.
pub const INTERVAL_LEVEL: f64 = 0.8;

/// The prior Beta(2, 2): two successes and two failures before any evidence, Agresti & Coull's
/// "add two successes and two failures" (The American Statistician 52(2), 1998), which keeps
/// small-sample rates honest. Rapport's own choice among the usual priors: under Jeffreys'
/// Beta(½, ½) one item of weight 1 received would move Generosity from its neutral 83 to 42,
/// under this one to 67 (docs/model.md, "Uncertainty").
pub const PRIOR_SUCCESSES: f64 = 2.0;
pub const PRIOR_FAILURES: f64 = 2.0;

/// A neutral rate with nothing observed: the prior's mean.
pub const NEUTRAL_RATE: f64 = PRIOR_SUCCESSES / (PRIOR_SUCCESSES + PRIOR_FAILURES);

/// The 80% interval of a rate observed as `successes` out of `trials`, as `(lo, hi)` within
/// 0–1; `None` when there are no trials (no rate to bound) or the counts are not counts
/// (negative, not finite). Successes a rounding hair above the trials are taken as equal.
///
/// The interval always holds the observed rate `successes / trials`: where the equal-tailed
/// posterior interval would leave it out (near all successes or none), the bound is moved to it,
/// as Brown, Cai & DasGupta's modified Jeffreys interval (Statistical Science 16(2), 2001) sets
/// the bound to 1 (or 0) there.
pub fn rate_interval(successes: f64, trials: f64) -> Option<(f64, f64)> {
    if !(successes.is_finite() && trials.is_finite()) || successes < 0.0 || trials <= 0.0 {
        return None;
    }
    if successes > trials * (1.0 + 1e-9) + 1e-12 {
        return None;
    }
    let successes = successes.min(trials);
    // A tie's window counts are small whole numbers that repeat from tie to tie: read them from a
    // table computed once.
    if trials <= TABLE_TRIALS as f64 && trials.fract() == 0.0 && successes.fract() == 0.0 {
        let (s, n) = (successes as usize, trials as usize);
        return Some(whole_count_table()[n * (n + 1) / 2 + s]);
    }
    Some(holding_the_rate(successes, trials))
}

/// Whole counts up to this many trials have their intervals in a table (about 2,100 of them).
const TABLE_TRIALS: usize = 64;

/// The intervals of every whole count s of n ≤ [`TABLE_TRIALS`], at n (n + 1) / 2 + s.
fn whole_count_table() -> &'static [(f64, f64)] {
    static TABLE: std::sync::OnceLock<Vec<(f64, f64)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![(0.0, 1.0)];
        for n in 1..=TABLE_TRIALS {
            table.extend((0..=n).map(|s| holding_the_rate(s as f64, n as f64)));
        }
        table
    })
}

/// The posterior interval, its bound moved to the observed rate where it would leave it out.
fn holding_the_rate(successes: f64, trials: f64) -> (f64, f64) {
    let rate = successes / trials;
    let (lo, hi) = posterior_interval(successes, trials - successes);
    (lo.min(rate), hi.max(rate))
}

/// The interval of a rate with nothing observed: the prior's own 80% (about 20%–80%).
pub fn prior_interval() -> (f64, f64) {
    posterior_interval(0.0, 0.0)
}

/// The interval of a weighted sum `value` = Σ wᵢ xᵢ of parts given as (wᵢ, xᵢ, [loᵢ, hiᵢ]): the
/// sum with every part at the low end of its interval, and at the high end, within 0–100. It
/// assumes nothing of how the parts vary together (it is the widest such sum can honestly be
/// said to range), holds `value` whenever each part holds its own, and narrows whenever a part's
/// interval does.
pub fn weighted_sum_interval(value: f64, parts: &[(f64, f64, [f64; 2])]) -> [f64; 2] {
    let below: f64 = parts.iter().map(|&(w, x, [lo, _])| w * (x - lo).max(0.0)).sum();
    let above: f64 = parts.iter().map(|&(w, x, [_, hi])| w * (hi - x).max(0.0)).sum();
    [(value - below).clamp(0.0, 100.0), (value + above).clamp(0.0, 100.0)]
}

/// The central [`INTERVAL_LEVEL`] of Beta(prior + successes, prior + failures).
fn posterior_interval(successes: f64, failures: f64) -> (f64, f64) {
    let a = PRIOR_SUCCESSES + successes;
    let b = PRIOR_FAILURES + failures;
    let tail = (1.0 - INTERVAL_LEVEL) / 2.0;
    (beta_quantile(a, b, tail), beta_quantile(a, b, 1.0 - tail))
}

/// The `p` quantile of Beta(a, b), a and b > 0, p in (0, 1): the x with I_x(a, b) = p.
pub fn beta_quantile(a: f64, b: f64, p: f64) -> f64 {
    debug_assert!(a > 0.0 && b > 0.0 && p > 0.0 && p < 1.0);
    let ln_norm = ln_beta(a, b);
    // I_x(a, b) rises from 0 to 1, so the root is always bracketed by [lo, hi].
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    // Start from the normal approximation (mean + z · sd), which Newton's method corrects in a
    // few steps; kept well inside (0, 1).
    let mean = a / (a + b);
    let sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt();
    let mut x = (mean + normal_quantile(p) * sd).clamp(0.01 * mean, 1.0 - 0.01 * (1.0 - mean));
    for _ in 0..100 {
        let f = incomplete_beta_with(a, b, x, ln_norm) - p;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        // Newton's step with the Beta density as the derivative; bisect when it leaves the bracket.
        let density = ((a - 1.0) * x.ln() + (b - 1.0) * (1.0 - x).ln() - ln_norm).exp();
        let newton = x - f / density;
        let next =
            if density.is_finite() && density > 0.0 && newton > lo && newton < hi { newton } else { 0.5 * (lo + hi) };
        if (next - x).abs() <= 1e-13 * x.max(1e-300) || hi - lo <= 1e-15 {
            return next;
        }
        x = next;
    }
    x
}

/// The standard normal's quantile for the two tails the interval uses, and a rough one (good to
/// about 0.003, Abramowitz & Stegun 26.2.23) elsewhere: only a starting point for Newton's method.
fn normal_quantile(p: f64) -> f64 {
    let tail = p.min(1.0 - p);
    let t = (-2.0 * tail.ln()).sqrt();
    let z = t
        - (2.515_517 + 0.802_853 * t + 0.010_328 * t * t)
            / (1.0 + 1.432_788 * t + 0.189_269 * t * t + 0.001_308 * t * t * t);
    if p < 0.5 {
        -z
    } else {
        z
    }
}

/// I_x(a, b), the Beta(a, b) distribution function at x.
pub fn regularized_incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    incomplete_beta_with(a, b, x, ln_beta(a, b))
}

/// I_x(a, b) with ln B(a, b) already known (a quantile reads it once for all its steps).
fn incomplete_beta_with(a: f64, b: f64, x: f64, ln_norm: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (a * x.ln() + b * (1.0 - x).ln() - ln_norm).exp();
    // The continued fraction converges fast only below the mean; above it, use the symmetry
    // I_x(a, b) = 1 − I_{1−x}(b, a).
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// The continued fraction of the incomplete beta function, by the modified Lentz method.
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-15;
    let nonzero = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / nonzero(1.0 - (a + b) * x / (a + 1.0));
    let mut fraction = d;
    for m in 1..300 {
        let m = m as f64;
        // The even term d_{2m}, then the odd term d_{2m+1}.
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        d = 1.0 / nonzero(1.0 + even * d);
        c = nonzero(1.0 + even / c);
        fraction *= d * c;
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 / nonzero(1.0 + odd * d);
        c = nonzero(1.0 + odd / c);
        let step = d * c;
        fraction *= step;
        if (step - 1.0).abs() < EPS {
            break;
        }
    }
    fraction
}

fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// ln Γ(x) for x > 0, by Lanczos' approximation (g = 7, nine terms; relative error near 1e-15).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Γ(x) = Γ(x + 1) / x keeps the series where it is accurate.
        return ln_gamma(x + 1.0) - x.ln();
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, coefficient) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += coefficient / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
// The reference figures are quoted to the digits they were computed to.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    // Reference figures: mpmath 1.3 at 40 digits (betainc(a, b, 0, x, regularized=True), its
    // root found by bisection; loggamma), computed for these tests and rounded to 17 digits.
    const QUANTILES: [(f64, f64, f64, f64); 11] = [
        // (a, b, 10% quantile, 90% quantile)
        (0.5, 0.5, 0.024_471_741_852_423_214, 0.975_528_258_147_576_79),
        (1.5, 0.5, 0.351_357_198_025_627_57, 0.993_818_756_061_570_33),
        (3.5, 0.5, 0.661_036_643_332_863_57, 0.997_580_693_972_906_25),
        (7.5, 2.5, 0.568_933_667_485_752_92, 0.906_664_460_157_846_81),
        (0.5, 10.5, 0.000_769_755_304_684_768_96, 0.123_574_206_328_680_12),
        (9.5, 3.5, 0.568_757_671_604_850_36, 0.875_918_546_255_723_89),
        (45.5, 55.5, 0.387_367_322_915_716_25, 0.514_048_591_318_049_3),
        (1.2, 0.8, 0.177_534_772_728_233_31, 0.953_512_159_274_645_58),
        (0.7, 3.3, 0.010_444_806_918_493_642, 0.426_180_869_542_345_89),
        (20.5, 0.5, 0.935_387_997_207_166_01, 0.999_610_210_188_175_9),
        (300.5, 700.5, 0.281_724_783_286_488_42, 0.318_846_018_386_382_7),
    ];

    #[test]
    fn beta_quantiles_match_reference_figures() {
        for (a, b, q10, q90) in QUANTILES {
            let (lo, hi) = (beta_quantile(a, b, 0.1), beta_quantile(a, b, 0.9));
            assert!((lo - q10).abs() < 1e-9 * q10.max(1e-3), "Beta({a}, {b}) 10%: {lo} vs {q10}");
            assert!((hi - q90).abs() < 1e-9, "Beta({a}, {b}) 90%: {hi} vs {q90}");
        }
    }

    #[test]
    fn closed_forms_hold() {
        // Beta(1, 1) is uniform; Beta(a, 1) has quantile p^(1/a); Beta(½, ½) is the arcsine law,
        // quantile sin²(πp/2).
        for p in [0.05, 0.1, 0.37, 0.9] {
            assert!((beta_quantile(1.0, 1.0, p) - p).abs() < 1e-12);
            assert!((beta_quantile(4.0, 1.0, p) - p.powf(0.25)).abs() < 1e-12);
            let arcsine = (std::f64::consts::FRAC_PI_2 * p).sin().powi(2);
            assert!((beta_quantile(0.5, 0.5, p) - arcsine).abs() < 1e-12);
        }
    }

    #[test]
    fn incomplete_beta_and_log_gamma_match_reference_figures() {
        assert!((regularized_incomplete_beta(7.5, 2.5, 0.6) - 0.137_036_671_954_052_27).abs() < 1e-13);
        assert!((regularized_incomplete_beta(0.5, 10.5, 0.01) - 0.350_156_341_921_908_62).abs() < 1e-13);
        assert!((ln_gamma(0.5) - 0.572_364_942_924_700_09).abs() < 1e-13);
        assert!((ln_gamma(10.5) - 13.940_625_219_403_764).abs() < 1e-12);
        assert!((ln_gamma(123.25) - 468.614_482_950_516_64).abs() < 1e-10);
    }

    #[test]
    fn a_rate_interval_is_the_beta_posterior_and_holds_the_rate() {
        // 7 of 9: Beta(9, 4), 0.5247–0.8458 (mpmath, as above).
        let (lo, hi) = rate_interval(7.0, 9.0).unwrap();
        assert!((lo - 0.524_733_700_974_461_32).abs() < 1e-9 && (hi - 0.845_812_346_825_692_43).abs() < 1e-9);
        // 3 of 3: Beta(5, 2), whose 90% (0.9074) is moved to the observed 1.
        let (lo, hi) = rate_interval(3.0, 3.0).unwrap();
        assert!((lo - 0.489_683_693_448_508_36).abs() < 1e-9);
        assert_eq!(hi, 1.0);
        // 0 of 10: Beta(2, 12), whose 10% (0.0417) is moved to the observed 0.
        let (lo, hi) = rate_interval(0.0, 10.0).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - 0.267_835_707_970_323_87).abs() < 1e-9);
        // Faded counts: 0.7 of 1.5 holds 0.467.
        let (lo, hi) = rate_interval(0.7, 1.5).unwrap();
        assert!(lo < 0.7 / 1.5 && 0.7 / 1.5 < hi);
    }

    #[test]
    fn a_weighted_sum_ranges_from_its_parts_low_ends_to_their_high_ends() {
        // 0.5 · 60 (50–70) + 0.5 · 40 (40–40): 50, 45–55.
        let parts = [(0.5, 60.0, [50.0, 70.0]), (0.5, 40.0, [40.0, 40.0])];
        assert_eq!(weighted_sum_interval(50.0, &parts), [45.0, 55.0]);
        // Two parts of equal spread: 50 ± 10, each at its own end.
        let parts = [(0.5, 60.0, [50.0, 70.0]), (0.5, 40.0, [30.0, 50.0])];
        assert_eq!(weighted_sum_interval(50.0, &parts), [40.0, 60.0]);
    }

    #[test]
    fn the_table_of_whole_counts_gives_what_a_computation_gives() {
        for (s, n) in [(0.0, 1.0), (1.0, 1.0), (3.0, 7.0), (64.0, 64.0), (17.0, 40.0)] {
            let (lo, hi) = holding_the_rate(s, n);
            let (tlo, thi) = rate_interval(s, n).unwrap();
            assert!((lo - tlo).abs() < 1e-15 && (hi - thi).abs() < 1e-15, "{s} of {n}");
        }
        // Beyond the table, computed: 30 of 65 lies between 29 of 64 and 31 of 64's bounds.
        let (lo, hi) = rate_interval(30.0, 65.0).unwrap();
        assert!(lo > 0.0 && hi < 1.0 && lo < 30.0 / 65.0 && 30.0 / 65.0 < hi);
    }

    #[test]
    fn no_trials_or_bad_counts_give_no_interval() {
        assert_eq!(rate_interval(0.0, 0.0), None);
        assert_eq!(rate_interval(-1.0, 3.0), None);
        assert_eq!(rate_interval(4.0, 3.0), None);
        assert_eq!(rate_interval(f64::NAN, 3.0), None);
        // A rounding hair above the trials is the whole.
        assert_eq!(rate_interval(3.000_000_000_000_001, 3.0).unwrap().1, 1.0);
    }

    #[test]
    fn the_prior_interval_is_centred() {
        // Beta(2, 2): 0.1958–0.8042 (mpmath).
        let (lo, hi) = prior_interval();
        assert!((lo - 0.195_800_105_659_091_72).abs() < 1e-12);
        assert!((hi - 0.804_199_894_340_908_28).abs() < 1e-12);
        assert_eq!(NEUTRAL_RATE, 0.5);
    }

    #[test]
    fn more_evidence_at_the_same_rate_narrows_the_interval() {
        let mut width = f64::INFINITY;
        for trials in [2.0, 4.0, 8.0, 16.0, 64.0, 256.0, 1024.0] {
            let (lo, hi) = rate_interval(0.75 * trials, trials).unwrap();
            assert!(hi - lo < width, "{trials} trials: {} not narrower than {width}", hi - lo);
            width = hi - lo;
        }
    }
}
