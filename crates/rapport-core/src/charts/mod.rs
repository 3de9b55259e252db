//! Charts of the measures over time, drawn with plotters to SVG (for the app and files) or to an
//! RGB bitmap encoded as PNG. Each chart is two pure steps: `prepare` turns a [`History`] into
//! the numbers the chart shows (through the measures' own functions, so a chart never disagrees
//! with the dashboard), and `draw` turns those numbers into pixels on any plotters backend, the
//! same code for SVG and PNG, and for the light and dark themes.
//!
//! To add a chart: a file with its data type, `prepare` and `draw`; a [`ChartKind`] variant; the
//! two `match`es below; a structural test in tests/charts.rs; docs/charts.md.

mod calendar;
mod calibration;
mod contact;
mod index;
mod layers;
mod monthly;
mod outlined;
mod reactions;
pub mod style;
mod words;

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

pub use calibration::{calibration_svg, CALIBRATION_SIZE};
pub use style::Theme;
pub use words::{Lang, Words};

use crate::error::{Error, Reason, Result};
use crate::measures::{History, ModelSettings, Secs};
use crate::model::ContactId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// The Network Value Index over time, stacked by component, with its biggest move marked.
    Index,
    /// One contact's strength over time, each interaction a dot by channel, the cadence band
    /// and the open questions.
    Contact,
    /// Value given (above the axis) and received (below) each month, for a contact or the network.
    GiveTake,
    /// Questions asked each month, mine above and theirs below, answered or still open.
    FollowThrough,
    /// How many ties were in each Dunbar layer, every week.
    Layers,
    /// A year of interactions, day by day, for a contact or the network.
    Calendar,
    /// Reactions to each of my posts, stacked by kind, with the people reached.
    Reactions,
}

impl ChartKind {
    pub const ALL: [ChartKind; 7] = [
        ChartKind::Index,
        ChartKind::Contact,
        ChartKind::GiveTake,
        ChartKind::FollowThrough,
        ChartKind::Layers,
        ChartKind::Calendar,
        ChartKind::Reactions,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::Index => "index",
            ChartKind::Contact => "contact",
            ChartKind::GiveTake => "give_take",
            ChartKind::FollowThrough => "follow_through",
            ChartKind::Layers => "layers",
            ChartKind::Calendar => "calendar",
            ChartKind::Reactions => "reactions",
        }
    }

    /// Whether the chart is about one contact (and so needs `contact`).
    pub fn needs_contact(self) -> bool {
        matches!(self, ChartKind::Contact)
    }

    /// Whether the chart can be drawn for one contact (else it is about the whole network).
    pub fn takes_contact(self) -> bool {
        matches!(self, ChartKind::Contact | ChartKind::GiveTake | ChartKind::FollowThrough | ChartKind::Calendar)
    }
}

impl std::str::FromStr for ChartKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<ChartKind> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        ChartKind::ALL.iter().copied().find(|k| k.as_str() == wanted).ok_or_else(|| {
            let choices = ChartKind::ALL.iter().map(|k| k.as_str().to_owned()).collect();
            Error::invalid("kind", Reason::UnknownChart { value: s.to_owned(), choices })
        })
    }
}

/// What to chart and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartOptions {
    pub kind: ChartKind,
    /// The contact, for the charts of one contact.
    pub contact: Option<ContactId>,
    /// Start of the period; `None`: from the first logged event (at most ten years back).
    pub from: Option<Secs>,
    /// End of the period, usually now.
    pub to: Secs,
    pub theme: Theme,
    /// The language of the chart's words, dates and numbers.
    #[serde(default)]
    pub lang: Lang,
    pub width: u32,
    pub height: u32,
}

/// The default size: the dashboard's chart column at 1280×800, drawn at 1:1.
pub const DEFAULT_SIZE: (u32, u32) = (960, 360);

impl ChartOptions {
    pub fn new(kind: ChartKind, to: Secs) -> ChartOptions {
        ChartOptions {
            kind,
            contact: None,
            from: None,
            to,
            theme: Theme::Light,
            lang: Lang::En,
            width: DEFAULT_SIZE.0,
            height: DEFAULT_SIZE.1,
        }
    }

    fn check(&self) -> Result<()> {
        if !(320..=8000).contains(&self.width) || !(200..=8000).contains(&self.height) {
            return Err(Error::invalid("size", Reason::ChartSize {}));
        }
        // A period reaching far outside the store's dates would be weeks by the million.
        crate::time::check_secs("to", self.to)?;
        if let Some(from) = self.from {
            crate::time::check_secs("from", from)?;
        }
        if self.from.is_some_and(|f| f >= self.to) {
            return Err(Error::invalid("from", Reason::PeriodOrder {}));
        }
        if self.kind.needs_contact() && self.contact.is_none() {
            return Err(Error::invalid("contact", Reason::ChartNeedsContact { chart: self.kind.as_str().to_owned() }));
        }
        if !self.kind.takes_contact() && self.contact.is_some() {
            return Err(Error::invalid("contact", Reason::ChartWholeNetwork { chart: self.kind.as_str().to_owned() }));
        }
        Ok(())
    }
}

/// The numbers of one chart, ready to draw, and to keep (the app keeps its first views on disk).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ChartData {
    Index(index::IndexData),
    Contact(contact::ContactData),
    Monthly(monthly::MonthlyData),
    Layers(layers::LayersData),
    Calendar(calendar::CalendarData),
    Reactions(reactions::ReactionsData),
}

/// Computes what the chart shows from the history. An unknown or archived contact is `not_found`.
pub fn prepare(history: &History, o: &ChartOptions, s: &ModelSettings) -> Result<ChartData> {
    o.check()?;
    Ok(match o.kind {
        ChartKind::Index => ChartData::Index(index::prepare(history, o, s)),
        ChartKind::Contact => {
            let id = o.contact.ok_or_else(|| Error::invalid("contact", Reason::Missing {}))?;
            ChartData::Contact(contact::prepare(history, id, o, s).ok_or_else(|| Error::not_found("contact", id.0))?)
        }
        ChartKind::GiveTake => ChartData::Monthly(monthly::prepare_give_take(history, known(history, o.contact)?, o)),
        ChartKind::FollowThrough => {
            ChartData::Monthly(monthly::prepare_follow_through(history, known(history, o.contact)?, o))
        }
        ChartKind::Layers => ChartData::Layers(layers::prepare(history, o, s)),
        ChartKind::Calendar => ChartData::Calendar(calendar::prepare(history, known(history, o.contact)?, o)),
        ChartKind::Reactions => ChartData::Reactions(reactions::prepare(history, o)),
    })
}

/// Prepares several charts from one history, walking the weekly series (the costly part of the
/// index and layers charts, about 1.7 s on a network of a million interactions) once for all of
/// them that end at the same date. Each result is what [`prepare`] gives for its options.
pub fn prepare_many(history: &History, options: &[ChartOptions], s: &ModelSettings) -> Vec<Result<ChartData>> {
    let mut series: Vec<(Secs, Vec<crate::measures::NetworkIndex>)> = Vec::new();
    options
        .iter()
        .map(|o| {
            if !from_weekly_series(o.kind) {
                return prepare(history, o, s);
            }
            o.check()?;
            let at = match series.iter().position(|(to, _)| *to == o.to) {
                Some(i) => i,
                None => {
                    series.push((o.to, crate::measures::weekly_series(history, o.to, s)));
                    series.len() - 1
                }
            };
            from_series(&series[at].1, o, s)
        })
        .collect()
}

/// The index or layers chart from the index at each of its dates, oldest first: what [`prepare`]
/// gives when they are the weekly series up to `o.to`. Its last point may be later than the week
/// before it (the app's charts follow a write with the index now: docs/charts.md).
pub fn from_series(series: &[crate::measures::NetworkIndex], o: &ChartOptions, s: &ModelSettings) -> Result<ChartData> {
    o.check()?;
    match o.kind {
        ChartKind::Index => Ok(ChartData::Index(index::from_series(series, o))),
        ChartKind::Layers => Ok(ChartData::Layers(layers::from_series(series, o, s))),
        other => Err(Error::invalid(
            "kind",
            Reason::UnknownChart {
                value: other.as_str().to_owned(),
                choices: vec![ChartKind::Index.as_str().to_owned(), ChartKind::Layers.as_str().to_owned()],
            },
        )),
    }
}

/// Whether the chart is drawn from the weekly series (see [`from_series`]).
pub fn from_weekly_series(kind: ChartKind) -> bool {
    matches!(kind, ChartKind::Index | ChartKind::Layers)
}

/// The contact, checked to be in the history (an unknown one is `not_found`, not an empty chart).
fn known(history: &History, contact: Option<ContactId>) -> Result<Option<ContactId>> {
    match contact {
        Some(id) if !history.contacts.iter().any(|c| c.id == id) => Err(Error::not_found("contact", id.0)),
        other => Ok(other),
    }
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ChartData,
    o: &ChartOptions,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    style::ensure_font();
    let p = style::Palette::of(o.theme, o.lang);
    match data {
        ChartData::Index(d) => index::draw(root, d, o, &p),
        ChartData::Contact(d) => contact::draw(root, d, o, &p),
        ChartData::Monthly(d) => monthly::draw(root, d, o, &p),
        ChartData::Layers(d) => layers::draw(root, d, o, &p),
        ChartData::Calendar(d) => calendar::draw(root, d, o, &p),
        ChartData::Reactions(d) => reactions::draw(root, d, o, &p),
    }
}

fn drawing_error(e: impl std::fmt::Debug) -> Error {
    Error::invalid("chart", Reason::DrawingFailed { detail: format!("{e:?}") })
}

/// Draws prepared data as an SVG document, its text as the embedded font's outlines.
pub fn draw_svg(data: &ChartData, o: &ChartOptions) -> Result<String> {
    let mut svg = String::with_capacity(64 * 1024);
    let texts = outlined::Texts::default();
    {
        let root = outlined::OutlinedSvg::new(&mut svg, (o.width, o.height), &texts).into_drawing_area();
        draw(&root, data, o).map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    outlined::finish(&mut svg, &texts);
    Ok(svg)
}

/// Draws prepared data as a PNG of exactly `width` × `height` pixels. The text comes from the
/// embedded font, so the image is the same on every system.
pub fn draw_png(data: &ChartData, o: &ChartOptions) -> Result<Vec<u8>> {
    let (w, h) = (o.width, o.height);
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw(&root, data, o).map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(drawing_error)?;
        writer.write_image_data(&rgb).map_err(drawing_error)?;
    }
    Ok(out)
}

/// A file name that says what the chart is and when it was drawn, safe on every system:
/// "rapport-index-2026-11-26", "rapport-contact-chloé-martin-2026-11-26".
pub fn file_stem(kind: ChartKind, contact_name: Option<&str>, day: chrono::NaiveDate) -> String {
    let mut stem = format!("rapport-{}", kind.as_str().replace('_', "-"));
    if let Some(name) = contact_name {
        let slug: String = name
            .chars()
            .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { '-' })
            .collect();
        let slug: Vec<&str> = slug.split('-').filter(|s| !s.is_empty()).collect();
        if !slug.is_empty() {
            stem.push('-');
            // A long name would make an unwieldy file name; 40 characters say who it is.
            stem.push_str(&slug.join("-").chars().take(40).collect::<String>());
        }
    }
    format!("{stem}-{}", day.format("%Y-%m-%d"))
}

/// Writes `bytes` into `dir` as `stem.ext`, or `stem (2).ext`, `stem (3).ext`... : never over a
/// file that is already there. Returns the path written.
pub fn save_new_file(dir: &std::path::Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<std::path::PathBuf> {
    use std::io::Write;
    let io = |path: &std::path::Path, source| Error::Io { path: path.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    for n in 1..1000 {
        let name = if n == 1 { format!("{stem}.{ext}") } else { format!("{stem} ({n}).{ext}") };
        let path = dir.join(name);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| io(&path, e))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(&path, e)),
        }
    }
    Err(Error::invalid("file", Reason::NoFreeName { name: format!("{stem}.{ext}"), dir: dir.display().to_string() }))
}

/// `prepare` then `draw_svg`.
pub fn render_svg(history: &History, o: &ChartOptions, s: &ModelSettings) -> Result<String> {
    draw_svg(&prepare(history, o, s)?, o)
}

/// `prepare` then `draw_png`.
pub fn render_png(history: &History, o: &ChartOptions, s: &ModelSettings) -> Result<Vec<u8>> {
    draw_png(&prepare(history, o, s)?, o)
}
