//! What every chart shares: the two palettes (from one code path), the embedded font, the date
//! axis and the frame of a chart (title, legend, plot area).

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

use crate::measures::{Secs, DAY};
use crate::model::Channel;

use super::words::{Lang, Words};

/// The font family every text of a chart names. The embedded font is registered under this whole
/// string, so the bitmap backend (ab_glyph) finds it, while an SVG viewer reads it as a CSS list:
/// DejaVu Sans where installed, else Verdana (the design Bitstream Vera, hence DejaVu, follows,
/// with the same wide metrics), else any sans-serif. Label widths are measured with DejaVu Sans.
pub const FONT: &str = "DejaVu Sans, Verdana, sans-serif";

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/DejaVuSans-LICENSE.txt).
pub(crate) static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Registers the embedded font once per process: plotters keeps it in a global table.
pub fn ensure_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The bytes are a font known to parse (tested); a failure here would be a broken build.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES);
    });
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl std::str::FromStr for Theme {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Theme> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            other => Err(crate::Error::invalid(
                "theme",
                crate::Reason::UnknownValue { value: other.to_owned(), choices: vec!["light".into(), "dark".into()] },
            )),
        }
    }
}

/// The colours of one theme, and the words of one language: what varies between two charts drawn
/// by the same code.
///
/// The colours of one theme. Both themes come from [`Palette::of`], so a chart draws the same way
/// in each and only the numbers differ. The values are those of ui/styles/tokens.css, so a chart sits on
/// the app's surface as if it were part of the page.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub faint: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    pub accent: RGBColor,
    pub warn: RGBColor,
    pub danger: RGBColor,
    pub ok: RGBColor,
    pub dark: bool,
    pub words: &'static Words,
}

impl Palette {
    pub fn of(theme: Theme, lang: Lang) -> Palette {
        let words = lang.words();
        match theme {
            Theme::Light => Palette {
                background: hex(0xffffff),
                text: hex(0x1c1e23),
                muted: hex(0x62666f),
                faint: hex(0x676b73),
                grid: hex(0xecece8),
                axis: hex(0xcfcfc8),
                accent: hex(0x3d4fd6),
                warn: hex(0xc27803),
                danger: hex(0xb42318),
                ok: hex(0x1f7a4d),
                dark: false,
                words,
            },
            Theme::Dark => Palette {
                background: hex(0x1f2025),
                text: hex(0xececef),
                muted: hex(0xa5a9b3),
                faint: hex(0x8f939d),
                grid: hex(0x2c2e35),
                axis: hex(0x464954),
                accent: hex(0x8194ff),
                warn: hex(0xf0b65a),
                danger: hex(0xff8a7f),
                ok: hex(0x6fd39d),
                dark: true,
                words,
            },
        }
    }

    /// One colour per channel, the hues of ui/styles/tokens.css (`--ch-*`), lifted a little on dark.
    pub fn channel(&self, c: Channel) -> RGBColor {
        let base = match c {
            Channel::InPerson => 0x2b9a66,
            Channel::Call => 0x2f74d0,
            Channel::Video => 0x7655d4,
            Channel::Email => 0xd07a1f,
            Channel::Message => 0x14929f,
            Channel::Social => 0xcf4b86,
            Channel::Event => 0xb8901a,
            Channel::Letter => 0x8a6a4c,
            Channel::Other => 0x80858e,
        };
        self.lift(hex(base))
    }

    /// A series colour: a fixed qualitative set, the same order in every chart.
    pub fn series(&self, i: usize) -> RGBColor {
        const SET: [u32; 6] = [0x3d4fd6, 0x2b9a66, 0x14929f, 0xd07a1f, 0xcf4b86, 0xb8901a];
        self.lift(hex(SET[i % SET.len()]))
    }

    /// On a dark background, mid-tone colours are mixed a quarter towards white to keep contrast.
    fn lift(&self, c: RGBColor) -> RGBColor {
        if self.dark {
            mix(c, RGBColor(255, 255, 255), 0.25)
        } else {
            c
        }
    }
}

pub fn hex(v: u32) -> RGBColor {
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

pub fn font(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(&color)
}

/// Emphasis by size and colour, not weight: only the regular face is embedded, and a bold face
/// the viewer picks for itself would be wider than the width measured here, and overlap.
pub fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FONT, size).into_font().color(&color)
}

/// Text placed by its left, centre or right and its top, middle or bottom.
pub fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// The width of a text in pixels, measured with the embedded font.
pub fn text_width(text: &str, style: &TextStyle<'_>) -> i32 {
    style.font.box_size(text).map(|(w, _)| w as i32).unwrap_or(text.len() as i32 * 7)
}

/// Days since the epoch, the x coordinate of every time chart.
pub fn days(t: Secs) -> f64 {
    t as f64 / DAY
}

pub fn date_of(t: Secs) -> NaiveDate {
    crate::time::utc(t).date_naive()
}

/// "3 Mar 2024", "3 mars 2024".
pub fn long_date(t: Secs, w: &Words) -> String {
    let d = date_of(t);
    format!("{} {} {}", d.day(), w.month(d.month()), d.year())
}

/// Ticks of a date axis from `from` to `to` (seconds) for a plot `width_px` wide: calendar
/// boundaries (weeks, months, quarters, years), the finest step that leaves at least `min_px`
/// pixels per label, so labels never overlap. A January tick shows the year, other month ticks
/// the month, week ticks the day and month.
pub fn date_ticks(from: Secs, to: Secs, width_px: i32, min_px: i32, w: &Words) -> Vec<(Secs, String)> {
    let span_days = ((to - from) as f64 / DAY).max(1.0);
    let max_ticks = (width_px / min_px.max(1)).max(2) as f64;
    let start = date_of(from);
    let end = date_of(to);
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or(0);
    for step_days in [1i64, 7, 14] {
        if span_days / step_days as f64 <= max_ticks {
            let mut out = Vec::new();
            let mut d = start;
            // Weeks start on Mondays.
            if step_days > 1 {
                while d.weekday() != chrono::Weekday::Mon {
                    d = d.succ_opt().unwrap_or(d);
                }
            }
            while d <= end {
                let t = midnight(d);
                if t >= from {
                    out.push((t, format!("{} {}", d.day(), w.month(d.month()))));
                }
                d += chrono::Duration::days(step_days);
            }
            return out;
        }
    }
    for step_months in [1u32, 2, 3, 6, 12, 24, 60, 120] {
        if span_days / (30.44 * f64::from(step_months)) > max_ticks {
            continue;
        }
        let mut out = Vec::new();
        let mut y = start.year();
        let mut m = start.month();
        loop {
            let index = y * 12 + m as i32 - 1;
            if index % step_months as i32 == 0 {
                if let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) {
                    if d > end {
                        break;
                    }
                    let t = midnight(d);
                    if t >= from {
                        let label = if m == 1 { y.to_string() } else { w.month(m).to_owned() };
                        out.push((t, label));
                    }
                }
            }
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
            if y > end.year() + 1 {
                break;
            }
        }
        // A month axis that crosses no January still says which year it is on its first tick.
        if step_months < 12 && !out.iter().any(|(_, l)| l.len() == 4 && l.chars().all(|c| c.is_ascii_digit())) {
            if let Some(first) = out.first_mut() {
                first.1 = format!("{} {}", first.1, date_of(first.0).year());
            }
        }
        return out;
    }
    Vec::new()
}

/// Where a chart draws: the whole image, the title band and the plot's pixel rectangle.
pub struct Frame {
    pub width: i32,
    pub height: i32,
    /// Left, top, right, bottom of the plot, in pixels.
    pub plot: (i32, i32, i32, i32),
}

impl Frame {
    /// A chart with a title band of `top` pixels, room for y labels on the left and date labels
    /// under the plot.
    pub fn new(width: u32, height: u32, top: i32, bottom: i32) -> Frame {
        let (w, h) = (width as i32, height as i32);
        Frame { width: w, height: h, plot: (52, top, w - 20, (h - bottom).max(top + 20)) }
    }

    pub fn plot_width(&self) -> i32 {
        self.plot.2 - self.plot.0
    }
}

/// Fills the background and writes the title (bold) and a subtitle on the same line.
pub fn title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Palette,
    title: &str,
    subtitle: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&p.background)?;
    let t = bold(16.0, p.text);
    root.draw(&Text::new(title.to_owned(), (20, 14), t.clone()))?;
    if !subtitle.is_empty() {
        let x = 20 + text_width(title, &t) + 12;
        root.draw(&Text::new(subtitle.to_owned(), (x, 17), font(13.0, p.muted)))?;
    }
    Ok(())
}

/// A legend of coloured swatches in a row from `(x, y)`; returns the x after the last entry.
pub fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Palette,
    entries: &[(String, RGBColor, bool)],
    x: i32,
    y: i32,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let style = font(12.5, p.muted);
    let mut x = x;
    for (label, color, round) in entries {
        if *round {
            root.draw(&Circle::new((x + 5, y + 6), 4, color.filled()))?;
        } else {
            root.draw(&Rectangle::new([(x, y + 1), (x + 10, y + 11)], color.filled()))?;
        }
        root.draw(&Text::new(label.clone(), (x + 15, y), style.clone()))?;
        x += 15 + text_width(label, &style) + 16;
    }
    Ok(x)
}

/// Horizontal grid lines and their labels for a y axis from `lo` to `hi`, and the date axis under
/// the plot. `y_px` and `x_px` map data to pixels.
#[allow(clippy::too_many_arguments)]
pub fn axes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Palette,
    f: &Frame,
    y_ticks: &[f64],
    y_px: impl Fn(f64) -> i32,
    y_label: impl Fn(f64) -> String,
    from: Secs,
    to: Secs,
    x_px: impl Fn(Secs) -> i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    y_axis(root, p, f, y_ticks, y_px, y_label)?;
    let (l, t, r, b) = f.plot;
    let under = anchored(font(12.0, p.faint), HPos::Center, VPos::Top);
    for (at, text) in date_ticks(from, to, f.plot_width(), 70, p.words) {
        let x = x_px(at);
        if x < l || x > r {
            continue;
        }
        root.draw(&PathElement::new(vec![(x, b), (x, b + 4)], p.axis.stroke_width(1)))?;
        root.draw(&PathElement::new(vec![(x, t), (x, b)], p.grid.mix(0.6).stroke_width(1)))?;
        // Keep the first and last labels inside the image.
        let half = text_width(&text, &under) / 2;
        let cx = x.clamp(half + 2, f.width - half - 2);
        root.draw(&Text::new(text, (cx, b + 7), under.clone()))?;
    }
    Ok(())
}

/// Horizontal grid lines with their labels, and the base line of the plot.
pub fn y_axis<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Palette,
    f: &Frame,
    y_ticks: &[f64],
    y_px: impl Fn(f64) -> i32,
    y_label: impl Fn(f64) -> String,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (l, _, r, b) = f.plot;
    let label = anchored(font(12.0, p.faint), HPos::Right, VPos::Center);
    for &v in y_ticks {
        let y = y_px(v);
        root.draw(&PathElement::new(vec![(l, y), (r, y)], p.grid.stroke_width(1)))?;
        root.draw(&Text::new(y_label(v), (l - 8, y), label.clone()))?;
    }
    root.draw(&PathElement::new(vec![(l, b), (r, b)], p.axis.stroke_width(1)))?;
    Ok(())
}

/// Maps an instant to a pixel column of the plot, for a time axis from `from` to `to`.
pub fn time_scale(f: &Frame, from: Secs, to: Secs) -> impl Fn(Secs) -> i32 + Copy {
    let (l, _, r, _) = f.plot;
    let span = (to - from).max(1) as f64;
    move |t: Secs| l + (((t - from) as f64 / span) * f64::from(r - l)).round() as i32
}

/// Maps a value to a pixel row of the plot, for a y axis from `lo` (bottom) to `hi` (top).
pub fn value_scale(f: &Frame, lo: f64, hi: f64) -> impl Fn(f64) -> i32 + Copy {
    let (_, t, _, b) = f.plot;
    let span = if hi > lo { hi - lo } else { 1.0 };
    move |v: f64| {
        let v = if v.is_finite() { v } else { lo };
        b - (((v - lo) / span).clamp(-0.1, 1.1) * f64::from(b - t)).round() as i32
    }
}

/// A message in the middle of an empty plot, saying what to do to see something there.
pub fn empty_state<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: &Palette,
    f: &Frame,
    message: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (l, t, r, b) = f.plot;
    root.draw(&Rectangle::new([(l, t), (r, b)], p.grid.stroke_width(1)))?;
    let style = anchored(font(14.0, p.muted), HPos::Center, VPos::Center);
    root.draw(&Text::new(message.to_owned(), ((l + r) / 2, (t + b) / 2), style))?;
    Ok(())
}

/// Indices of `n` evenly spread samples to keep at most `max` of them, always the first and
/// the last: the decimation that keeps a long history's SVG small (about two points per pixel).
pub fn decimate(n: usize, max: usize) -> Vec<usize> {
    if n <= max || max < 2 {
        return (0..n).collect();
    }
    let mut out: Vec<usize> = (0..max).map(|i| i * (n - 1) / (max - 1)).collect();
    out.dedup();
    out
}
