//! Chart 2: one contact's strength over time. Each interaction is a dot on the curve in its
//! channel's colour; a band under the curve says when the tie was on track, due or overdue
//! against its expected cadence; open questions run as lines from when they were asked to now.

use std::collections::HashSet;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Frame, Palette};
use super::ChartOptions;
use crate::measures::contact::CadenceStatus;
use crate::measures::series::contact_strength_at;
use crate::measures::{contact_measures, History, ModelSettings, Secs, DAY};
use crate::model::{Channel, ContactId, Party};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ContactData {
    pub name: String,
    pub from: Secs,
    pub to: Secs,
    /// Strength sampled evenly over the period: about two samples per pixel column, at most one a day.
    pub strength: Vec<(Secs, f64)>,
    /// One dot per channel and few pixels: the interactions that would draw over each other are
    /// one dot. Time, channel, strength read off the curve.
    pub dots: Vec<(Secs, Channel, f64)>,
    pub interactions: usize,
    /// The expected gap between contacts now (goal, own rhythm or layer), in days.
    pub expected_days: f64,
    /// Spans of the cadence status between interactions, from the first one to `to`.
    pub cadence: Vec<(Secs, Secs, CadenceStatus)>,
    /// Questions still open at `to`: when asked, by whom, the text.
    pub open_questions: Vec<(Secs, Party, String)>,
    pub strength_now: f64,
}

const MAX_YEARS: f64 = 10.0;
const MAX_LANES: usize = 3;
/// Pixels per dot bucket: closer interactions of one channel are drawn as one dot.
const DOT_PX: f64 = 6.0;

pub fn prepare(history: &History, id: ContactId, o: &ChartOptions, s: &ModelSettings) -> Option<ContactData> {
    let now = contact_measures(history, id, o.to, s)?;
    let touches: Vec<_> =
        history.interactions.iter().filter(|t| t.at <= o.to && t.participants.contains(&id)).collect();
    let floor = o.to - (MAX_YEARS * 365.25 * DAY) as Secs;
    let from = o.from.unwrap_or_else(|| {
        // From a little before the first interaction, so the first dot is not on the axis.
        touches.first().map(|t| t.at - (30.0 * DAY) as Secs).unwrap_or(o.to - (365.0 * DAY) as Secs).max(floor)
    });
    let span = (o.to - from).max(1);
    let plot_width = f64::from(o.width.saturating_sub(72).max(1));
    // The curve starts at the first interaction: before it there is no tie to draw.
    let start = touches.first().map(|t| t.at.max(from)).unwrap_or(from);
    let curve_span = (o.to - start).max(1);
    let samples = ((2.0 * plot_width * curve_span as f64 / span as f64) as i64).min(curve_span / DAY as i64 + 1).max(2);
    let dates: Vec<Secs> = (0..samples).map(|i| start + curve_span * i / (samples - 1)).collect();
    let values = contact_strength_at(history, id, &dates, s)?;
    let strength: Vec<(Secs, f64)> = dates.into_iter().zip(values).collect();

    let mut seen = HashSet::new();
    let bucket_secs = (span as f64 / plot_width * DOT_PX).max(1.0);
    let dots = touches
        .iter()
        .filter(|t| t.at >= from)
        .filter(|t| seen.insert((t.channel, ((t.at - from) as f64 / bucket_secs) as i64)))
        .map(|t| (t.at, t.channel, read_curve(&strength, t.at)))
        .collect();

    let expected = now.cadence.expected_days.max(1.0);
    // After each interaction the tie is on track, then due, then overdue until the next one.
    let mut cadence: Vec<(Secs, Secs, CadenceStatus)> = Vec::new();
    for (i, t) in touches.iter().enumerate() {
        let end = touches.get(i + 1).map(|n| n.at).unwrap_or(o.to);
        for (a, b, st) in [
            (0.0, s.due_ratio, CadenceStatus::OnTrack),
            (s.due_ratio, s.overdue_ratio, CadenceStatus::Due),
            (s.overdue_ratio, f64::INFINITY, CadenceStatus::Overdue),
        ] {
            let start = t.at + (a * expected * DAY) as Secs;
            let stop = if b.is_finite() { (t.at + (b * expected * DAY) as Secs).min(end) } else { end };
            if stop > start && stop > from {
                let start = start.max(from);
                match cadence.last_mut() {
                    Some(last) if last.2 == st && last.1 >= start => last.1 = stop,
                    _ => cadence.push((start, stop, st)),
                }
            }
        }
    }
    let open_questions = history
        .questions
        .iter()
        .filter(|q| q.contact == id && q.asked_at <= o.to && q.answered_at.is_none_or(|a| a > o.to))
        .map(|q| (q.asked_at.max(from), q.asked_by, q.text.clone()))
        .collect();
    Some(ContactData {
        name: now.name.clone(),
        from,
        to: o.to,
        strength,
        dots,
        interactions: touches.len(),
        expected_days: expected,
        cadence,
        open_questions,
        strength_now: now.strength,
    })
}

/// The curve's value at `t`, interpolated between its samples, so a dot sits on the line drawn.
fn read_curve(curve: &[(Secs, f64)], t: Secs) -> f64 {
    let i = curve.partition_point(|(at, _)| *at < t);
    match (i.checked_sub(1).and_then(|j| curve.get(j)), curve.get(i)) {
        (Some(a), Some(b)) if b.0 > a.0 => a.1 + (b.1 - a.1) * (t - a.0) as f64 / (b.0 - a.0) as f64,
        (_, Some(b)) => b.1,
        (Some(a), None) => a.1,
        (None, None) => 0.0,
    }
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &ContactData,
    o: &ChartOptions,
    p: &Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    // Open questions get a strip of their own above the plot, one lane each (three at most, the latest).
    let lanes = d.open_questions.len().min(MAX_LANES) as i32;
    let f = Frame::new(o.width, o.height, 88 + 15 * lanes, 28);
    let w = p.words;
    let every = (w.cadence_every)(d.expected_days.round() as i64);
    let subtitle = (w.contact_subtitle)(&w.number(d.strength_now, 0), d.interactions, &every);
    style::title(root, p, &d.name, &subtitle)?;
    if d.interactions == 0 {
        return style::empty_state(root, p, &f, w.contact_empty);
    }

    let used: Vec<Channel> = Channel::ALL.iter().copied().filter(|c| d.dots.iter().any(|(_, dc, _)| dc == c)).collect();
    let channels: Vec<(String, RGBColor, bool)> =
        used.iter().map(|&c| (w.channel(c).to_owned(), p.channel(c), true)).collect();
    style::legend(root, p, &channels, 20, 42)?;
    let mut second = vec![
        (w.cadence_states[0].to_owned(), style::mix(p.ok, p.background, 0.3), false),
        (w.cadence_states[1].to_owned(), style::mix(p.warn, p.background, 0.3), false),
        (w.cadence_states[2].to_owned(), style::mix(p.danger, p.background, 0.3), false),
    ];
    let owe = d.open_questions.iter().filter(|q| q.1 == Party::Them).count();
    if !d.open_questions.is_empty() {
        second.push(((w.open_question)(owe), p.warn, true));
    }
    style::legend(root, p, &second, 20, 62)?;

    let x = style::time_scale(&f, d.from, d.to);
    let y = style::value_scale(&f, 0.0, 100.0);
    style::axes(root, p, &f, &[0.0, 25.0, 50.0, 75.0, 100.0], y, |v| format!("{v:.0}"), d.from, d.to, x)?;
    let (l, t, r, b) = f.plot;

    // The cadence band: a strip along the bottom of the plot.
    for (a, z, st) in &d.cadence {
        let c = match st {
            CadenceStatus::OnTrack => p.ok,
            CadenceStatus::Due => p.warn,
            _ => p.danger,
        };
        let (xa, xz) = (x(*a).max(l), x(*z).min(r));
        if xz > xa {
            root.draw(&Rectangle::new([(xa, b - 8), (xz, b - 1)], style::mix(c, p.background, 0.3).filled()))?;
        }
    }

    // The curve with a soft fill under it.
    let line: Vec<(i32, i32)> = d.strength.iter().map(|(at, v)| (x(*at), y(*v))).collect();
    let mut area = line.clone();
    let first = d.strength.first().map(|(at, _)| *at).unwrap_or(d.from);
    area.push((x(d.to), y(0.0) - 8));
    area.push((x(first), y(0.0) - 8));
    root.draw(&Polygon::new(area, style::mix(p.accent, p.background, 0.9).filled()))?;
    root.draw(&PathElement::new(line, p.accent.stroke_width(2)))?;

    for (at, c, v) in &d.dots {
        root.draw(&Circle::new((x(*at), y(*v)), 3, p.channel(*c).filled()))?;
    }

    // Open questions: from asked to now, one lane each in the strip above the plot; mine muted,
    // theirs (which I owe) in the warning colour. The legend counts them all.
    let label = style::anchored(style::font(11.0, p.muted), HPos::Left, VPos::Center);
    for (lane, (asked, by, text)) in d.open_questions.iter().rev().take(MAX_LANES).enumerate() {
        let yy = t - 10 - 15 * lane as i32;
        let c = if *by == Party::Them { p.warn } else { p.muted };
        let xa = x(*asked).clamp(l, r);
        root.draw(&PathElement::new(vec![(xa, yy), (r, yy)], c.mix(0.7).stroke_width(2)))?;
        root.draw(&Circle::new((xa, yy), 4, c.filled()))?;
        let short: String = if text.chars().count() > 48 {
            format!("{}…", text.chars().take(47).collect::<String>())
        } else {
            text.clone()
        };
        let shown = if *by == Party::Them { (w.they_asked)(&short) } else { (w.you_asked)(&short) };
        let w = style::text_width(&shown, &label);
        // Beside the start when there is room, else ending at the plot's right edge.
        let tx = if xa + 8 + w <= r { xa + 8 } else { (r - w).max(l) };
        root.draw(&Rectangle::new([(tx - 2, yy - 7), (tx + w + 2, yy + 7)], p.background.filled()))?;
        root.draw(&Text::new(shown, (tx, yy), label.clone()))?;
    }
    Ok(())
}
