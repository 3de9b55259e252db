//! The calibration's chart (issue 14): each rated tie's predicted strength (y, 0–100) over the
//! user's rating (x, 1–5), once for the fitted weights (out of sample, filled dots) and once for
//! the default weights (hollow dots), so the two models' agreement with the ratings can be seen.
//! It is drawn from a calibration's predictions, not from the history, so it is not a
//! [`super::ChartKind`]: the Settings card shows it beside the figures it illustrates.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Frame, Palette};
use super::{drawing_error, outlined, Lang, Theme};
use crate::error::Result;
use crate::measures::calibrate::Prediction;

/// Fits the Settings card's column at 1280×800 (and stays legible at 960).
pub const CALIBRATION_SIZE: (u32, u32) = (440, 260);
const DOT: i32 = 3;

/// The chart as an SVG document, its words in `lang` drawn as the font's outlines (a tie's name
/// never enters it).
pub fn calibration_svg(predictions: &[Prediction], theme: Theme, lang: Lang) -> Result<String> {
    let (w, h) = CALIBRATION_SIZE;
    let mut svg = String::with_capacity(16 * 1024);
    let texts = outlined::Texts::default();
    {
        let root = outlined::OutlinedSvg::new(&mut svg, (w, h), &texts).into_drawing_area();
        style::ensure_font();
        draw(&root, predictions, &Palette::of(theme, lang), w, h).map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    outlined::finish(&mut svg, &texts);
    Ok(svg)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    predictions: &[Prediction],
    p: &Palette,
    width: u32,
    height: u32,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let words = p.words;
    let f = Frame::new(width, height, 62, 40);
    style::title(root, p, words.calibration_title, "")?;
    let (fitted_color, default_color) = (p.accent, p.muted);
    // The legend draws its own dot per series: one filled, one hollow, like the marks.
    let legend = style::font(12.5, p.muted);
    let mut x = 20;
    for (label, color, filled) in
        [(words.calibration_series[0], fitted_color, true), (words.calibration_series[1], default_color, false)]
    {
        root.draw(&mark((x + 5, 44), color, filled))?;
        root.draw(&Text::new(label.to_owned(), (x + 14, 38), legend.clone()))?;
        x += 14 + style::text_width(label, &legend) + 16;
    }

    let y = style::value_scale(&f, 0.0, 100.0);
    style::y_axis(root, p, &f, &[0.0, 25.0, 50.0, 75.0, 100.0], y, |v| words.number(v, 0))?;
    let (l, _, r, b) = f.plot;
    let column = f64::from(r - l) / 5.0;
    let x_of = |rating: u8| l + (column * (f64::from(rating.clamp(1, 5)) - 0.5)).round() as i32;
    let under = style::anchored(style::font(12.0, p.faint), HPos::Center, VPos::Top);
    for rating in 1..=5u8 {
        root.draw(&Text::new(rating.to_string(), (x_of(rating), b + 5), under.clone()))?;
    }
    root.draw(&Text::new(words.calibration_x.to_owned(), ((l + r) / 2, b + 22), under))?;

    // Within a rating's column the fitted dots sit left of the centre and the defaults right,
    // each spread sideways in a fixed pattern so that equal strengths do not hide each other.
    let mut seen = [0i32; 5];
    for t in predictions {
        let k = usize::from(t.rating.clamp(1, 5) - 1);
        let spread = (seen[k] % 4) * 4;
        seen[k] += 1;
        let centre = x_of(t.rating);
        root.draw(&mark((centre - 8 - spread, y(t.fitted_strength)), fitted_color, true))?;
        root.draw(&mark((centre + 8 + spread, y(t.default_strength)), default_color, false))?;
    }
    Ok(())
}

fn mark(at: (i32, i32), color: RGBColor, filled: bool) -> Circle<(i32, i32), i32> {
    let style = if filled { color.filled() } else { color.stroke_width(1) };
    Circle::new(at, DOT, style)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ContactId;

    fn prediction(id: i64, rating: u8, fitted: f64, default: f64) -> Prediction {
        Prediction {
            contact: ContactId(id),
            name: format!("<Tie & {id}>"),
            rating,
            fitted_strength: fitted,
            fitted_level: 0,
            default_strength: default,
            default_level: 0,
        }
    }

    /// The circles of the document, as (filled, cx, cy).
    fn circles(svg: &str) -> Vec<(bool, f64, f64)> {
        let doc = roxmltree::Document::parse(svg).expect("the chart is XML");
        doc.descendants()
            .filter(|n| n.has_tag_name("circle"))
            .map(|n| {
                let num = |a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok()).expect("a coordinate");
                (n.attribute("fill") != Some("none"), num("cx"), num("cy"))
            })
            .collect()
    }

    #[test]
    fn one_mark_per_rated_tie_per_series_placed_by_rating_and_strength() {
        let ties = [
            prediction(1, 1, 10.0, 30.0),
            prediction(2, 5, 90.0, 60.0),
            prediction(3, 5, 80.0, 70.0),
            prediction(4, 3, 50.0, 50.0),
        ];
        for lang in [Lang::En, Lang::Fr] {
            for theme in [Theme::Light, Theme::Dark] {
                let svg = calibration_svg(&ties, theme, lang).expect("drawn");
                let all = circles(&svg);
                // One filled and one hollow dot per tie, plus the legend's one of each.
                assert_eq!(all.iter().filter(|c| c.0).count(), ties.len() + 1, "{lang:?} {theme:?}");
                assert_eq!(all.iter().filter(|c| !c.0).count(), ties.len() + 1, "{lang:?} {theme:?}");
                assert!(!svg.contains("Tie"), "no name is written into the chart");
            }
        }
        let all = circles(&calibration_svg(&ties, Theme::Light, Lang::En).unwrap());
        // The legend's dots come first; then per tie, its fitted then its default mark.
        let marks = &all[2..];
        let (low, high) = (marks[0], marks[2]);
        assert!(low.1 < high.1, "rating 1 left of rating 5");
        assert!(low.2 > high.2, "strength 10 below strength 90");
        assert!(marks[1].2 < marks[0].2, "the default 30 above the fitted 10");
    }

    #[test]
    fn no_rated_tie_draws_an_empty_plot() {
        let svg = calibration_svg(&[], Theme::Light, Lang::En).unwrap();
        assert_eq!(circles(&svg).len(), 2, "only the legend");
    }
}
