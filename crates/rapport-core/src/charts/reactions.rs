//! Chart 7: the reactions to each of my posts, in the order they were published: likes, shares
//! and comments stacked, and the post's reach (distinct people who reacted) as a dot.

use std::collections::HashSet;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::monthly::nice_max;
use super::style::{self, Frame, Palette};
use super::ChartOptions;
use crate::measures::{History, Secs, DAY};
use crate::model::ReactionKind;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PostBar {
    pub at: Secs,
    /// Likes, shares, comments (anonymous counts included), in `u64`: a few counts of a hundred
    /// million would overflow a `u32`.
    pub counts: [u64; 3],
    /// Distinct named contacts who reacted.
    pub reach: usize,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReactionsData {
    pub posts: Vec<PostBar>,
    pub people: usize,
}

pub fn prepare(history: &History, o: &ChartOptions) -> ReactionsData {
    let from = o.from.unwrap_or(o.to - (10.0 * 365.25 * DAY) as Secs);
    let mut posts: Vec<PostBar> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for p in history.posts.iter().filter(|p| p.at >= from && p.at <= o.to) {
        index.insert(p.id, posts.len());
        posts.push(PostBar { at: p.at, counts: [0; 3], reach: 0 });
    }
    let mut reactors: Vec<HashSet<crate::model::ContactId>> = vec![HashSet::new(); posts.len()];
    let mut people = HashSet::new();
    for r in history.reactions.iter().filter(|r| r.at <= o.to) {
        if let Some(&i) = index.get(&r.post) {
            let k = match r.kind {
                ReactionKind::Like => 0,
                ReactionKind::Share => 1,
                ReactionKind::Comment => 2,
            };
            posts[i].counts[k] += u64::from(r.count);
            if let Some(c) = r.contact {
                reactors[i].insert(c);
                people.insert(c);
            }
        }
    }
    for (p, set) in posts.iter_mut().zip(&reactors) {
        p.reach = set.len();
    }
    ReactionsData { posts, people: people.len() }
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &ReactionsData,
    o: &ChartOptions,
    p: &Palette,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let f = Frame::new(o.width, o.height, 72, 28);
    let total: u64 = d.posts.iter().map(|b| b.counts.iter().sum::<u64>()).sum();
    let w = p.words;
    style::title(root, p, w.reactions_title, &(w.reactions_subtitle)(d.posts.len(), total, d.people))?;
    if d.posts.is_empty() {
        return style::empty_state(root, p, &f, w.reactions_empty);
    }
    let colors = [style::mix(p.series(4), p.background, 0.45), p.series(3), p.series(0)];
    let mut entries: Vec<(String, RGBColor, bool)> =
        w.reaction_kinds.iter().zip(colors).map(|(l, c)| ((*l).to_owned(), c, false)).collect();
    entries.push((w.people_reached.to_owned(), p.text, true));
    style::legend(root, p, &entries, 20, 42)?;

    let peak = d.posts.iter().map(|b| b.counts.iter().sum::<u64>() as f64).fold(0.0, f64::max);
    let top = nice_max(peak.max(d.posts.iter().map(|b| b.reach as f64).fold(0.0, f64::max)));
    let y = style::value_scale(&f, 0.0, top);
    let ticks: Vec<f64> = (0..=4).map(|i| top * f64::from(i) / 4.0).collect();
    style::y_axis(root, p, &f, &ticks, y, |v| format!("{v:.0}"))?;

    // One slot per post, in publishing order; the date of a post every 90 pixels or so.
    let (l, _, r, b) = f.plot;
    let n = d.posts.len() as f64;
    let slot = f64::from(r - l) / n;
    let x = |i: usize| l + (slot * (i as f64 + 0.5)).round() as i32;
    let half = ((slot * 0.35).round() as i32).max(1);
    for (i, post) in d.posts.iter().enumerate() {
        let mut acc = 0.0;
        for (k, c) in post.counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            let v = *c as f64;
            root.draw(&Rectangle::new([(x(i) - half, y(acc + v)), (x(i) + half, y(acc))], colors[k].filled()))?;
            acc += v;
        }
    }
    let dot = (half + 1).clamp(2, 4);
    for (i, post) in d.posts.iter().enumerate().filter(|(_, b)| b.reach > 0) {
        root.draw(&Circle::new((x(i), y(post.reach as f64)), dot, p.text.filled()))?;
    }
    let every = ((90.0 / slot).ceil() as usize).max(1);
    let under = style::anchored(style::font(12.0, p.faint), HPos::Center, VPos::Top);
    for i in (0..d.posts.len()).step_by(every) {
        let text = style::long_date(d.posts[i].at, w);
        let text = text.split_once(' ').map(|(_, rest)| rest.to_owned()).unwrap_or(text);
        let w = style::text_width(&text, &under) / 2;
        root.draw(&PathElement::new(vec![(x(i), b), (x(i), b + 4)], p.axis.stroke_width(1)))?;
        root.draw(&Text::new(text, (x(i).clamp(w + 2, f.width - w - 2), b + 7), under.clone()))?;
    }
    Ok(())
}
