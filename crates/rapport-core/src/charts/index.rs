//! Chart 1: the Network Value Index over time, as the stack of its components' contributions
//! (which add up to the index, so the top edge of the stack is the index itself), with the week
//! it moved most marked and labelled with the component that moved it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Frame, Palette};
use super::ChartOptions;
use crate::measures::{weekly_series, ComponentName, History, ModelSettings, NetworkIndex, Secs, DAY};

/// The index at one date and each component's contribution, in [`ComponentName::ALL`] order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndexPoint {
    pub at: Secs,
    pub index: f64,
    pub contributions: [f64; 6],
    /// The band announced at that date: too early while the index's interval is wide.
    pub band: crate::measures::Band,
}

/// The largest change of the index over [`MOVE_WEEKS`] weeks, and the component behind most of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BiggestMove {
    pub from: Secs,
    pub to: Secs,
    pub from_index: f64,
    pub to_index: f64,
    pub component: ComponentName,
    /// The component's change of contribution, in index points.
    pub component_points: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndexData {
    pub points: Vec<IndexPoint>,
    /// Components that had a score at some point of the period.
    pub shown: [bool; 6],
    pub biggest: Option<BiggestMove>,
    pub to: Secs,
}

/// A move is measured over four weeks: long enough to be a trend, short enough to have a reason.
pub const MOVE_WEEKS: usize = 4;
/// Weeks at the start of a history in which moves are not marked (see [`biggest_move`]).
pub const SETTLE_WEEKS: usize = 13;

/// The default period: at most ten years back.
const MAX_YEARS: f64 = 10.0;

pub fn prepare(history: &History, o: &ChartOptions, s: &ModelSettings) -> IndexData {
    from_series(&weekly_series(history, o.to, s), o)
}

/// The chart from the weekly series up to `o.to` (which the layers chart shares).
pub fn from_series(series: &[NetworkIndex], o: &ChartOptions) -> IndexData {
    let from = o.from.unwrap_or(o.to - (MAX_YEARS * 365.25 * DAY) as Secs);
    let points: Vec<IndexPoint> = series
        .iter()
        .filter(|n| n.at >= from)
        .map(|n| {
            let mut contributions = [0.0; 6];
            for c in &n.components {
                if let Some(i) = ComponentName::ALL.iter().position(|x| *x == c.name) {
                    contributions[i] = c.contribution;
                }
            }
            IndexPoint { at: n.at, index: n.index, contributions, band: n.band }
        })
        .collect();
    let mut shown = [false; 6];
    for n in series.iter().filter(|n| n.at >= from) {
        for c in n.components.iter().filter(|c| c.score.is_some()) {
            if let Some(i) = ComponentName::ALL.iter().position(|x| *x == c.name) {
                shown[i] = true;
            }
        }
    }
    IndexData { biggest: biggest_move(&points), points, shown, to: o.to }
}

/// The four-week span with the largest change of the index; the component whose contribution
/// changed most in the same direction names the reason (the contributions add up to the index,
/// so their changes add up to its change).
pub fn biggest_move(points: &[IndexPoint]) -> Option<BiggestMove> {
    if points.len() <= MOVE_WEEKS {
        return None;
    }
    // The first weeks of a history are the index filling up as the first ties are logged, not a
    // move worth explaining: skip them when there is more to look at.
    let settle = if points.len() > 4 * SETTLE_WEEKS { SETTLE_WEEKS } else { 0 };
    let (i, _) = (settle..points.len() - MOVE_WEEKS)
        .map(|i| (i, (points[i + MOVE_WEEKS].index - points[i].index).abs()))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let (a, b) = (&points[i], &points[i + MOVE_WEEKS]);
    let change = b.index - a.index;
    if change.abs() < 0.5 {
        return None;
    }
    let (k, points_moved) = (0..6)
        .map(|k| (k, b.contributions[k] - a.contributions[k]))
        .max_by(|x, y| (x.1 * change.signum()).total_cmp(&(y.1 * change.signum())))?;
    Some(BiggestMove {
        from: a.at,
        to: b.at,
        from_index: a.index,
        to_index: b.index,
        component: ComponentName::ALL[k],
        component_points: points_moved,
    })
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &IndexData,
    o: &ChartOptions,
    p: &Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let f = Frame::new(o.width, o.height, 72, 28);
    let w = p.words;
    let subtitle = match (d.points.first(), d.points.last()) {
        (Some(first), Some(last)) => (w.index_subtitle)(
            &w.number(last.index, 0),
            match last.band {
                crate::measures::Band::Weak => w.bands[0],
                crate::measures::Band::Fair => w.bands[1],
                crate::measures::Band::Strong => w.bands[2],
                crate::measures::Band::TooEarly => w.too_early,
            },
            &style::long_date(first.at, w),
        ),
        _ => String::new(),
    };
    style::title(root, p, w.index_title, &subtitle)?;
    if d.points.len() < 2 {
        let message = if d.points.is_empty() { w.index_empty } else { w.index_one_week };
        return style::empty_state(root, p, &f, message);
    }

    let mut entries: Vec<(String, RGBColor, bool)> = ComponentName::ALL
        .iter()
        .enumerate()
        .filter(|(k, _)| d.shown[*k])
        .map(|(k, c)| (w.component(*c).to_owned(), p.series(k), false))
        .collect();
    entries.push((w.index_line.to_owned(), p.text, true));
    style::legend(root, p, &entries, 20, 42)?;

    let from = d.points[0].at;
    let x = style::time_scale(&f, from, d.to);
    let y = style::value_scale(&f, 0.0, 100.0);
    style::axes(root, p, &f, &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0], y, |v| format!("{v:.0}"), from, d.to, x)?;

    // Two points per pixel column at most: the rest would be drawn over each other.
    let keep = style::decimate(d.points.len(), 2 * f.plot_width().max(1) as usize);
    let pts: Vec<&super::index::IndexPoint> = keep.iter().map(|&i| &d.points[i]).collect();

    // The stack, bottom to top, each band a polygon between its lower and upper edges.
    let mut lower: Vec<f64> = vec![0.0; pts.len()];
    for k in (0..6).filter(|k| d.shown[*k]) {
        let upper: Vec<f64> = pts.iter().zip(&lower).map(|(pt, lo)| lo + pt.contributions[k]).collect();
        let mut poly: Vec<(i32, i32)> = pts.iter().zip(&upper).map(|(pt, v)| (x(pt.at), y(*v))).collect();
        poly.extend(pts.iter().zip(&lower).rev().map(|(pt, v)| (x(pt.at), y(*v))));
        let color = p.series(k);
        root.draw(&Polygon::new(poly, style::mix(color, p.background, 0.45).filled()))?;
        let edge: Vec<(i32, i32)> = pts.iter().zip(&upper).map(|(pt, v)| (x(pt.at), y(*v))).collect();
        root.draw(&PathElement::new(edge, color.stroke_width(1)))?;
        lower = upper;
    }
    // The bands' names at the right end of their lines, where they do not hide the data.
    let (_, _, r, _) = f.plot;
    let band_label = style::anchored(style::font(10.5, p.faint), HPos::Right, VPos::Bottom);
    for (v, name) in [(40.0, w.bands[1]), (60.0, w.bands[2])] {
        root.draw(&Text::new(name, (r - 4, y(v) - 2), band_label.clone()))?;
    }
    let line: Vec<(i32, i32)> = pts.iter().map(|pt| (x(pt.at), y(pt.index))).collect();
    root.draw(&PathElement::new(line, p.text.stroke_width(2)))?;

    if let Some(m) = &d.biggest {
        draw_move(root, p, &f, m, x, y)?;
    }
    Ok(())
}

fn draw_move<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Palette,
    f: &Frame,
    m: &BiggestMove,
    x: impl Fn(Secs) -> i32,
    y: impl Fn(f64) -> i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (l, t, r, b) = f.plot;
    let (x0, x1) = (x(m.from), x(m.to));
    // The span of the move, as a light column behind the marker.
    root.draw(&Rectangle::new([(x0, t), (x1.max(x0 + 2), b)], p.accent.mix(if p.dark { 0.07 } else { 0.1 }).filled()))?;
    let (px, py) = (x1, y(m.to_index));
    root.draw(&Circle::new((px, py), 6, p.background.filled()))?;
    root.draw(&Circle::new((px, py), 4, p.accent.filled()))?;

    let change = m.to_index - m.from_index;
    let w = p.words;
    let line1 = (w.move_line)(&w.signed(change), MOVE_WEEKS as u32, &style::long_date(m.to, w));
    let line2 = (w.move_mostly)(w.component(m.component), &w.signed(m.component_points));
    let s1 = style::bold(12.5, p.text);
    let s2 = style::font(12.0, p.muted);
    let w = style::text_width(&line1, &s1).max(style::text_width(&line2, &s2)) + 20;
    let h = 42;
    // Beside the marker, on the side with room; above it unless it is near the top.
    let bx = if px + 14 + w <= r { px + 14 } else { (px - 14 - w).max(l + 4) };
    let by = if py - h - 10 >= t { py - h - 10 } else { (py + 12).min(b - h - 4) };
    root.draw(&Rectangle::new([(bx, by), (bx + w, by + h)], p.background.filled()))?;
    root.draw(&Rectangle::new([(bx, by), (bx + w, by + h)], p.accent.mix(0.6).stroke_width(1)))?;
    root.draw(&Text::new(line1, (bx + 10, by + 7), s1))?;
    root.draw(&Text::new(line2, (bx + 10, by + 24), s2))?;
    Ok(())
}
