//! `rapport model calibrate [--apply]`: the strength weights fitted to the user's closeness
//! ratings, scored out of sample beside the defaults (docs/cli.md; the method in docs/model.md).

use std::io::Write;
use std::path::PathBuf;

use rapport_core::charts::Theme;
use rapport_service::files::Destination;

use rapport_core::measures::calibrate::{Agreement, Calibration, CalibrationStatus};
use rapport_core::measures::settings::StrengthWeights;
use serde::Serialize;

use crate::chart::system_lang;
use crate::error::{CliError, Result};
use crate::output;
use crate::Ctx;

/// The JSON of `rapport model calibrate --json`: exactly these keys.
#[derive(Serialize)]
struct CalibrateJson<'c> {
    rated: usize,
    folds: usize,
    fitted: &'c Agreement,
    default: &'c Agreement,
    weights: &'c StrengthWeights,
}

pub fn calibrate(ctx: &mut Ctx, apply: bool, chart: Option<PathBuf>) -> Result<()> {
    // A chart file name that does not say SVG is refused before anything is stored.
    if chart.as_ref().is_some_and(|p| !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"))) {
        return Err(CliError::usage("--chart: the file name must end in .svg"));
    }
    let calibration = ctx.service.calibrate()?;
    if apply {
        // Calibrated again under the write's lock: what is stored is what that fit gives.
        ctx.service.apply_calibration()?;
    }
    if let Some(path) = chart {
        // A file that exists is replaced, as `rapport chart --out` does.
        let to = Destination::Named { path, force: true, field: "--chart" };
        let saved = ctx.service.save_calibration_chart(&calibration, Theme::Light, system_lang(), &to)?;
        if !ctx.json {
            writeln!(ctx.out, "wrote {}", saved.path)?;
        }
    }
    if ctx.json {
        let json = CalibrateJson {
            rated: calibration.rated,
            folds: calibration.folds.len(),
            fitted: &calibration.fitted,
            default: &calibration.default,
            weights: &calibration.weights,
        };
        return output::json(ctx.out, &json);
    }
    write_words(ctx.out, &calibration, apply)?;
    let status = match ctx.service.calibration_status()? {
        CalibrationStatus::Uncalibrated => "uncalibrated (the default weights, or weights set by hand)".to_owned(),
        CalibrationStatus::Calibrated { rated, at } => {
            let day =
                chrono::DateTime::from_timestamp(at, 0).map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default();
            format!("calibrated on {rated} ratings ({day})")
        }
    };
    writeln!(ctx.out, "Strengths in use: {status}.")?;
    Ok(())
}

fn write_words(out: &mut dyn Write, c: &Calibration, applied: bool) -> Result<()> {
    let folds = if c.folds.len() == c.rated { "leave-one-out".to_owned() } else { format!("{} folds", c.folds.len()) };
    writeln!(out, "{} rated ties, {folds}; each scored by weights fitted without its rating.", c.rated)?;
    let line = |name: &str, a: &Agreement| {
        let strong = a.strong_weak.map_or_else(|| "—".to_owned(), |x| format!("{:.0}%", 100.0 * x));
        format!(
            "{name:<9} Spearman's rho {:>5.2}   within one level {:>4.0}%   strong vs weak {strong:>4}",
            a.spearman,
            100.0 * a.within_one
        )
    };
    writeln!(out, "{}", line("fitted", &c.fitted))?;
    writeln!(out, "{}", line("defaults", &c.default))?;
    let w = &c.weights;
    writeln!(
        out,
        "Fitted weights: intimacy {}, intensity {}, duration {}, services {}.",
        w.intimacy, w.intensity, w.duration, w.services
    )?;
    let verdict = match (c.beats_default, applied) {
        (true, true) => "They beat the defaults out of sample and are now the strength weights.",
        (true, false) => {
            "They beat the defaults out of sample: `rapport model calibrate --apply` makes them the strength weights."
        }
        (false, _) => "They do not beat the defaults out of sample: the defaults stay.",
    };
    writeln!(out, "{verdict}")?;
    Ok(())
}
