//! Charts 3 and 4: monthly bars on both sides of an axis. Give/take puts what I gave above and
//! what I received below; follow-through puts my questions above and theirs below, each split
//! into answered and still open. Both share this drawing: months on a calendar axis, stacked
//! segments up and down, a symmetric y scale so that the two sides compare by eye.

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Frame, Palette};
use super::ChartOptions;
use crate::measures::{History, Secs, DAY};
use crate::model::{ContactId, Direction, Party};

/// One month's bar: segments stacked upwards and downwards, in legend order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MonthBar {
    /// Midnight UTC on the first of the month.
    pub start: Secs,
    pub up: Vec<f64>,
    pub down: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MonthlyData {
    pub title: String,
    pub subtitle: String,
    /// Label of each upward segment, then of each downward one.
    pub up_labels: Vec<String>,
    pub down_labels: Vec<String>,
    pub above: String,
    pub below: String,
    pub months: Vec<MonthBar>,
    pub to: Secs,
    pub empty: String,
}

const MAX_YEARS: i64 = 10;

fn month_start(year: i32, month0: i32) -> Secs {
    let (y, m) = (year + month0.div_euclid(12), month0.rem_euclid(12) as u32 + 1);
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc().timestamp()).unwrap_or(0)
}

/// The months from the one holding `from` to the one holding `to`, as (year, month0) keys.
fn months(from: Secs, to: Secs) -> Vec<(i32, i32)> {
    let (a, b) = (style::date_of(from), style::date_of(to));
    let first = a.year() * 12 + a.month0() as i32;
    let last = b.year() * 12 + b.month0() as i32;
    (first..=last).map(|k| (k.div_euclid(12), k.rem_euclid(12))).collect()
}

fn month_key(t: Secs) -> i32 {
    let d = style::date_of(t);
    d.year() * 12 + d.month0() as i32
}

/// The period: from `from`, else the first event of the history (at most ten years back), to `to`.
fn period(o: &ChartOptions, first: Option<Secs>) -> (Secs, Secs) {
    let floor = o.to - (MAX_YEARS as f64 * 365.25 * DAY) as Secs;
    let from = o.from.unwrap_or_else(|| first.unwrap_or(o.to - (365.0 * DAY) as Secs).max(floor));
    (from.min(o.to - DAY as Secs), o.to)
}

fn empty_bars(from: Secs, to: Secs, up: usize, down: usize) -> (Vec<MonthBar>, i32) {
    let ms = months(from, to);
    let first = ms.first().map(|(y, m)| y * 12 + m).unwrap_or(0);
    let bars = ms
        .iter()
        .map(|&(y, m)| MonthBar { start: month_start(y, m), up: vec![0.0; up], down: vec![0.0; down] })
        .collect();
    (bars, first)
}

/// Chart 3: the value items given (above) and received (below) each month, counted, for one
/// contact or the whole network.
pub fn prepare_give_take(history: &History, contact: Option<ContactId>, o: &ChartOptions) -> MonthlyData {
    let items: Vec<_> =
        history.value_items.iter().filter(|v| v.at <= o.to && contact.is_none_or(|c| v.contact == c)).collect();
    let (from, to) = period(o, items.first().map(|v| v.at));
    let (mut bars, first) = empty_bars(from, to, 1, 1);
    let (mut given, mut received) = (0, 0);
    for v in items.iter().filter(|v| v.at >= from) {
        if let Some(bar) = bars.get_mut((month_key(v.at) - first) as usize) {
            match v.direction {
                Direction::Given => {
                    bar.up[0] += 1.0;
                    given += 1;
                }
                Direction::Received => {
                    bar.down[0] += 1.0;
                    received += 1;
                }
            }
        }
    }
    let w = o.lang.words();
    MonthlyData {
        title: w.give_take_title.to_owned(),
        subtitle: (w.give_take_subtitle)(given, received),
        up_labels: vec![w.given.to_owned()],
        down_labels: vec![w.received.to_owned()],
        above: w.given.to_owned(),
        below: w.received.to_owned(),
        months: bars,
        to,
        empty: w.give_take_empty.to_owned(),
    }
}

/// Chart 4: the questions asked each month, mine above and theirs below, split into answered
/// (by `to`) and still open, for one contact or the whole network.
pub fn prepare_follow_through(history: &History, contact: Option<ContactId>, o: &ChartOptions) -> MonthlyData {
    let qs: Vec<_> =
        history.questions.iter().filter(|q| q.asked_at <= o.to && contact.is_none_or(|c| q.contact == c)).collect();
    let (from, to) = period(o, qs.first().map(|q| q.asked_at));
    let (mut bars, first) = empty_bars(from, to, 2, 2);
    let (mut mine_open, mut theirs_open) = (0, 0);
    for q in qs.iter().filter(|q| q.asked_at >= from) {
        let answered = q.answered_at.is_some_and(|a| a <= o.to);
        if let Some(bar) = bars.get_mut((month_key(q.asked_at) - first) as usize) {
            let side = if q.asked_by == Party::Me { &mut bar.up } else { &mut bar.down };
            side[usize::from(!answered)] += 1.0;
        }
        if !answered {
            if q.asked_by == Party::Me {
                mine_open += 1;
            } else {
                theirs_open += 1;
            }
        }
    }
    let w = o.lang.words();
    MonthlyData {
        title: w.follow_title.to_owned(),
        subtitle: (w.follow_subtitle)(theirs_open, mine_open),
        up_labels: vec![w.follow_parts[0].to_owned(), w.follow_parts[1].to_owned()],
        down_labels: vec![w.follow_parts[2].to_owned(), w.follow_parts[3].to_owned()],
        above: w.i_asked.to_owned(),
        below: w.they_asked_axis.to_owned(),
        months: bars,
        to,
        empty: w.follow_empty.to_owned(),
    }
}

/// A round upper bound for a bar scale: 1, 2, 5 × a power of ten.
pub fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    // Steps whose quarters are round too: the y axes tick at 0, ¼, ½, ¾ and 1 of the maximum.
    [1.0, 1.2, 1.6, 2.0, 2.4, 3.2, 4.0, 6.0, 8.0, 10.0].iter().map(|m| m * p).find(|m| *m >= v).unwrap_or(10.0 * p)
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &MonthlyData,
    o: &ChartOptions,
    p: &Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let f = Frame::new(o.width, o.height, 72, 28);
    style::title(root, p, &d.title, &d.subtitle)?;
    let total: f64 = d.months.iter().map(|m| m.up.iter().sum::<f64>() + m.down.iter().sum::<f64>()).sum();
    if total == 0.0 {
        return style::empty_state(root, p, &f, &d.empty);
    }
    // Above: the positive colour, full then light; below: the accent, full then light.
    let up_colors = [p.ok, style::mix(p.ok, p.background, 0.6)];
    let down_colors = [p.accent, style::mix(p.accent, p.background, 0.6)];
    let mut entries: Vec<(String, RGBColor, bool)> = Vec::new();
    for (i, l) in d.up_labels.iter().enumerate() {
        entries.push((l.clone(), up_colors[i.min(1)], false));
    }
    for (i, l) in d.down_labels.iter().enumerate() {
        entries.push((l.clone(), down_colors[i.min(1)], false));
    }
    style::legend(root, p, &entries, 20, 42)?;

    let peak = d.months.iter().map(|m| m.up.iter().sum::<f64>().max(m.down.iter().sum::<f64>())).fold(0.0, f64::max);
    let top = nice_max(peak);
    let from = d.months.first().map(|m| m.start).unwrap_or(d.to);
    let end = d.months.last().map(|m| m.start + (31.0 * DAY) as Secs).unwrap_or(d.to).max(d.to);
    let x = style::time_scale(&f, from, end);
    let y = style::value_scale(&f, -top, top);
    let ticks = [-top, -top / 2.0, 0.0, top / 2.0, top];
    let fmt = |v: f64| {
        let a = v.abs();
        if a.fract() == 0.0 {
            format!("{a:.0}")
        } else {
            format!("{a:.1}")
        }
    };
    style::axes(root, p, &f, &ticks, y, fmt, from, end, x)?;
    let (l, _, r, _) = f.plot;
    let zero = y(0.0);
    root.draw(&PathElement::new(vec![(l, zero), (r, zero)], p.muted.stroke_width(1)))?;

    for (i, m) in d.months.iter().enumerate() {
        let next = d.months.get(i + 1).map(|n| n.start).unwrap_or(end);
        let (x0, x1) = (x(m.start), x(next));
        // A gap between bars once they are wide enough to afford one.
        let gap = if x1 - x0 >= 6 { 1 + (x1 - x0) / 8 } else { 0 };
        let (bx0, bx1) = (x0 + gap, (x1 - gap).max(x0 + gap + 1));
        let mut acc = 0.0;
        for (k, v) in m.up.iter().enumerate().filter(|(_, v)| **v > 0.0) {
            root.draw(&Rectangle::new([(bx0, y(acc + v)), (bx1, y(acc))], up_colors[k.min(1)].filled()))?;
            acc += v;
        }
        let mut acc = 0.0;
        for (k, v) in m.down.iter().enumerate().filter(|(_, v)| **v > 0.0) {
            root.draw(&Rectangle::new([(bx0, y(-acc)), (bx1, y(-acc - v))], down_colors[k.min(1)].filled()))?;
            acc += v;
        }
    }
    // Which side is which, in the plot's top and bottom left corners.
    let side = style::anchored(style::font(12.0, p.muted), HPos::Left, VPos::Top);
    root.draw(&Text::new(format!("↑ {}", d.above), (l + 6, f.plot.1 + 4), side.clone()))?;
    let side = style::anchored(style::font(12.0, p.muted), HPos::Left, VPos::Bottom);
    root.draw(&Text::new(format!("↓ {}", d.below), (l + 6, f.plot.3 - 4), side))?;
    Ok(())
}
