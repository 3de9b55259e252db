//! Chart 6: a year of interactions, day by day: one column per week (Monday on top), a darker
//! square for a busier day, for one contact or the whole network.

use chrono::{Datelike, Duration, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Palette};
use super::ChartOptions;
use crate::measures::History;
use crate::model::ContactId;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CalendarData {
    /// The Monday of the first column.
    pub first_monday: NaiveDate,
    pub last_day: NaiveDate,
    /// Interactions per day from `first_monday` to `last_day`.
    pub days: Vec<u32>,
}

pub fn prepare(history: &History, contact: Option<ContactId>, o: &ChartOptions) -> CalendarData {
    let last_day = style::date_of(o.to);
    let first_day = o.from.map(style::date_of).filter(|d| *d < last_day).unwrap_or(last_day - Duration::days(364));
    // At most a year and a week: the chart shows one year.
    let first_day = first_day.max(last_day - Duration::days(370));
    let first_monday = first_day - Duration::days(i64::from(first_day.weekday().num_days_from_monday()));
    let n = (last_day - first_monday).num_days() as usize + 1;
    let mut days = vec![0u32; n];
    let start = first_monday.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0);
    // Each interaction on the day the user lived it (its UTC offset kept): an evening call in
    // Tokyo can be on the day before in UTC, so look from 14 hours (the widest offset) earlier.
    let lo = history.interactions.partition_point(|t| t.at < start - 14 * 3_600);
    let first = start.div_euclid(86_400);
    for t in history.interactions[lo..].iter().take_while(|t| t.at <= o.to) {
        if contact.is_some_and(|c| !t.participants.contains(&c)) {
            continue;
        }
        let day = usize::try_from(crate::measures::rhythm::lived_day(t) - first).ok();
        if let Some(d) = day.and_then(|i| days.get_mut(i)) {
            *d += 1;
        }
    }
    CalendarData { first_monday, last_day, days }
}

/// Five shades: none, then quartiles of the busy days' counts.
fn levels(days: &[u32]) -> [u32; 3] {
    let mut busy: Vec<u32> = days.iter().copied().filter(|d| *d > 0).collect();
    busy.sort_unstable();
    if busy.is_empty() {
        return [1, 1, 1];
    }
    let q = |f: f64| busy[((busy.len() - 1) as f64 * f) as usize];
    [q(0.25), q(0.5), q(0.75)]
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &CalendarData,
    o: &ChartOptions,
    p: &Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let total: u32 = d.days.iter().sum();
    let active = d.days.iter().filter(|c| **c > 0).count();
    let w = p.words;
    style::title(root, p, w.activity_title, &(w.activity_subtitle)(total, active))?;
    let f = style::Frame::new(o.width, o.height, 72, 28);
    if total == 0 {
        return style::empty_state(root, p, &f, w.activity_empty);
    }
    let weeks = d.days.len().div_ceil(7) as i32;
    // Square cells as large as the width and height allow.
    let (left, min_top) = (52, 84);
    let cell = ((o.width as i32 - left - 20) / weeks).min((o.height as i32 - min_top - 40) / 7).max(4);
    let pad = (cell / 6).max(1);
    // The grid at the bottom, with its scale under it; above it, in the height left, each
    // week's total as a bar over its column.
    let top = (o.height as i32 - 34 - 7 * cell).max(min_top);
    let (bars_top, bars_bottom) = (min_top, top - 24);
    if bars_bottom - bars_top >= 30 {
        let totals: Vec<u32> = d.days.chunks(7).map(|w| w.iter().sum()).collect();
        let peak = totals.iter().copied().max().unwrap_or(1).max(1);
        let span = f64::from(bars_bottom - bars_top);
        let fill = style::mix(p.accent, p.background, 0.55);
        for (w, total) in totals.iter().enumerate().filter(|(_, t)| **t > 0) {
            let x0 = left + w as i32 * cell;
            let h = ((f64::from(*total) / f64::from(peak)) * span).round().max(1.0) as i32;
            root.draw(&Rectangle::new([(x0, bars_bottom - h), (x0 + cell - pad, bars_bottom)], fill.filled()))?;
        }
        let note = style::anchored(style::font(12.0, p.faint), HPos::Right, VPos::Center);
        root.draw(&Text::new(peak.to_string(), (left - 8, bars_top + 4), note.clone()))?;
        root.draw(&Text::new(w.week, (left - 8, bars_bottom - 4), note))?;
    }
    let shades = [
        style::mix(p.grid, p.background, 0.2),
        style::mix(p.accent, p.background, 0.75),
        style::mix(p.accent, p.background, 0.5),
        style::mix(p.accent, p.background, 0.25),
        p.accent,
    ];
    let lv = levels(&d.days);
    let shade = |c: u32| {
        if c == 0 {
            0
        } else if c <= lv[0] {
            1
        } else if c <= lv[1] {
            2
        } else if c <= lv[2] {
            3
        } else {
            4
        }
    };
    for (i, c) in d.days.iter().enumerate() {
        let (w, dow) = ((i / 7) as i32, (i % 7) as i32);
        let (x0, y0) = (left + w * cell, top + dow * cell);
        root.draw(&Rectangle::new([(x0, y0), (x0 + cell - pad, y0 + cell - pad)], shades[shade(*c)].filled()))?;
    }
    // Weekday names on the left, month names over the column of each month's first day.
    let label = style::anchored(style::font(12.0, p.faint), HPos::Right, VPos::Center);
    for (dow, name) in [0, 2, 4, 6].into_iter().zip(w.weekdays) {
        root.draw(&Text::new(name, (left - 8, top + dow * cell + (cell - pad) / 2), label.clone()))?;
    }
    let above = style::anchored(style::font(12.0, p.faint), HPos::Left, VPos::Bottom);
    let mut last_x: Option<i32> = None;
    for i in 0..d.days.len() {
        let day = d.first_monday + Duration::days(i as i64);
        if day.day() == 1 {
            let x = left + (i / 7) as i32 * cell;
            let name = if day.month() == 1 { day.year().to_string() } else { w.month(day.month()).to_owned() };
            // Never closer than a label's width to the previous one.
            if last_x.is_none_or(|lx| x - lx >= 34) {
                root.draw(&Text::new(name, (x, top - 6), above.clone()))?;
                last_x = Some(x);
            }
        }
    }
    // The scale: less to more.
    let y = top + 7 * cell + 12;
    let small = style::anchored(style::font(12.0, p.faint), HPos::Left, VPos::Center);
    let mut x = left;
    root.draw(&Text::new(w.less, (x, y + 5), small.clone()))?;
    x += 34;
    for s in shades {
        root.draw(&Rectangle::new([(x, y), (x + 10, y + 10)], s.filled()))?;
        x += 14;
    }
    root.draw(&Text::new(w.more, (x + 4, y + 5), small))?;
    Ok(())
}
