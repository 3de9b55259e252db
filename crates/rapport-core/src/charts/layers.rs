//! Chart 5: how many ties were in each of Dunbar's layers, every week. The layers are stacked
//! innermost first, so each band's top edge is the size of that layer counted the way Dunbar
//! does (the 15 include the 5), set against his typical sizes of 5, 15, 50 and 150.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::monthly::nice_max;
use super::style::{self, Frame, Palette};
use super::ChartOptions;
use crate::measures::{weekly_series, History, ModelSettings, NetworkIndex, Secs, DAY};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LayersData {
    /// Each week: ties in layers 5, 15, 50 and 150 (each tie in one layer only).
    pub weeks: Vec<(Secs, [usize; 4])>,
    pub sizes: [usize; 4],
    pub to: Secs,
}

pub fn prepare(history: &History, o: &ChartOptions, s: &ModelSettings) -> LayersData {
    from_series(&weekly_series(history, o.to, s), o, s)
}

/// The chart from the weekly series up to `o.to` (which the index chart shares).
pub fn from_series(series: &[NetworkIndex], o: &ChartOptions, s: &ModelSettings) -> LayersData {
    let from = o.from.unwrap_or(o.to - (10.0 * 365.25 * DAY) as Secs);
    let weeks = series.iter().filter(|n| n.at >= from).map(|n| (n.at, n.layer_counts)).collect();
    LayersData { weeks, sizes: s.layer_sizes, to: o.to }
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &LayersData,
    o: &ChartOptions,
    p: &Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let f = Frame::new(o.width, o.height, 72, 28);
    let w = p.words;
    let subtitle = d
        .weeks
        .last()
        .map(|(_, c)| {
            let mut cum = 0;
            let parts: Vec<String> = c
                .iter()
                .map(|n| {
                    cum += n;
                    cum.to_string()
                })
                .collect();
            (w.layers_subtitle)(&parts.join(" / "))
        })
        .unwrap_or_default();
    style::title(root, p, w.layers_title, &subtitle)?;
    if d.weeks.len() < 2 {
        return style::empty_state(root, p, &f, w.layers_empty);
    }
    let entries: Vec<(String, RGBColor, bool)> =
        (0..4).map(|k| (format!("{} ({})", w.layer_names[k], d.sizes[k]), p.series(k), false)).collect();
    style::legend(root, p, &entries, 20, 42)?;

    let peak = d.weeks.iter().map(|(_, c)| c.iter().sum::<usize>()).max().unwrap_or(0) as f64;
    let top = nice_max(peak.max(d.sizes[2] as f64) * 1.05);
    let from = d.weeks[0].0;
    let x = style::time_scale(&f, from, d.to);
    let y = style::value_scale(&f, 0.0, top);
    let ticks: Vec<f64> = (0..=4).map(|i| top * f64::from(i) / 4.0).collect();
    style::axes(root, p, &f, &ticks, y, |v| format!("{v:.0}"), from, d.to, x)?;

    let keep = style::decimate(d.weeks.len(), 2 * f.plot_width().max(1) as usize);
    let pts: Vec<&(Secs, [usize; 4])> = keep.iter().map(|&i| &d.weeks[i]).collect();
    let mut lower = vec![0.0; pts.len()];
    for k in 0..4 {
        let upper: Vec<f64> = pts.iter().zip(&lower).map(|((_, c), lo)| lo + c[k] as f64).collect();
        let mut poly: Vec<(i32, i32)> = pts.iter().zip(&upper).map(|((at, _), v)| (x(*at), y(*v))).collect();
        poly.extend(pts.iter().zip(&lower).rev().map(|((at, _), v)| (x(*at), y(*v))));
        let color = p.series(k);
        root.draw(&Polygon::new(poly, style::mix(color, p.background, 0.45).filled()))?;
        let edge: Vec<(i32, i32)> = pts.iter().zip(&upper).map(|((at, _), v)| (x(*at), y(*v))).collect();
        root.draw(&PathElement::new(edge, color.stroke_width(1)))?;
        lower = upper;
    }
    // Dunbar's typical sizes, where they fit on the scale.
    let (l, _, r, _) = f.plot;
    let label = style::anchored(style::font(11.0, p.muted), HPos::Right, VPos::Bottom);
    let mut last_label: Option<i32> = None;
    for (k, &size) in d.sizes.iter().enumerate().rev() {
        let v = size as f64;
        if v <= top {
            let yy = y(v);
            root.draw(&PathElement::new(vec![(l, yy), (r, yy)], p.muted.mix(0.5).stroke_width(1)))?;
            // From the top down, a label only where it clears the one above it.
            if last_label.is_none_or(|above| yy - above >= 14) {
                root.draw(&Text::new(format!("Dunbar {}", d.sizes[k]), (r - 4, yy - 2), label.clone()))?;
                last_label = Some(yy);
            }
        }
    }
    Ok(())
}
