//! Chart text drawn as the embedded font's outlines. An SVG `<text>` only names a font, and the
//! chart then looks different wherever that font is missing (DejaVu Sans is rare on Windows and
//! macOS). So the SVG backend here records each text instead of writing it, and [`finish`] adds
//! the glyphs: each glyph used is defined once in `<defs>` and placed with `<use>`, which keeps
//! the file small. Each string keeps its words in an `aria-label`, so the chart stays searchable.
//!
//! The layout follows the browser's for the `<text>` it replaces: the em is plotters' size / 1.24
//! (what plotters' SVG backend writes as `font-size`), advances and kerning come from the font, and
//! the vertical anchors are the same `dy` (0.76 em from the top, half an x-height at the centre).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, OutlineCurve};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::FontTransform;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};

/// One text as plotters asked for it.
#[derive(Clone)]
struct Placed {
    text: String,
    pos: BackendCoord,
    /// Pixels per em.
    em: f64,
    color: BackendColor,
    h: HPos,
    v: VPos,
    rotate: u32,
}

/// The texts of one chart, shared between the backend (which records them) and the caller (which
/// writes them once the drawing is done).
#[derive(Clone, Default)]
pub struct Texts(Rc<RefCell<Vec<Placed>>>);

/// plotters' SVG backend, except that text is recorded rather than written.
pub struct OutlinedSvg<'a> {
    svg: SVGBackend<'a>,
    texts: Texts,
}

impl<'a> OutlinedSvg<'a> {
    pub fn new(buf: &'a mut String, size: (u32, u32), texts: &Texts) -> Self {
        OutlinedSvg { svg: SVGBackend::with_string(buf, size), texts: texts.clone() }
    }
}

type Failed<B> = DrawingErrorKind<<B as DrawingBackend>::ErrorType>;

impl DrawingBackend for OutlinedSvg<'_> {
    type ErrorType = <SVGBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.svg.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Failed<Self>> {
        self.svg.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Failed<Self>> {
        self.svg.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failed<Self>> {
        self.svg.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, s: &S) -> Result<(), Failed<Self>> {
        self.svg.draw_line(from, to, s)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Result<(), Failed<Self>> {
        self.svg.draw_rect(upper_left, bottom_right, s, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Result<(), Failed<Self>> {
        self.svg.draw_path(path, s)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        s: &S,
        fill: bool,
    ) -> Result<(), Failed<Self>> {
        self.svg.draw_circle(center, radius, s, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        s: &S,
    ) -> Result<(), Failed<Self>> {
        self.svg.fill_polygon(vert, s)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), Failed<Self>> {
        self.svg.blit_bitmap(pos, size, src)
    }
    fn estimate_text_size<T: BackendTextStyle>(&self, text: &str, style: &T) -> Result<(u32, u32), Failed<Self>> {
        self.svg.estimate_text_size(text, style)
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Result<(), Failed<Self>> {
        if style.color().alpha == 0.0 || text.trim().is_empty() {
            return Ok(());
        }
        let rotate = match style.transform() {
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
            _ => 0,
        };
        let anchor = style.anchor();
        self.texts.0.borrow_mut().push(Placed {
            text: text.to_owned(),
            pos,
            em: style.size() / 1.24,
            color: style.color(),
            h: anchor.h_pos,
            v: anchor.v_pos,
            rotate,
        });
        Ok(())
    }
}

fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    // The embedded font is tested to parse; failing here would be a broken build.
    FONT.get_or_init(|| FontRef::try_from_slice(super::style::FONT_BYTES).expect("the embedded font parses"))
}

/// The outline of one glyph as SVG path data, in font units with y pointing down.
fn glyph_path(f: &FontRef<'_>, id: GlyphId) -> String {
    let Some(outline) = f.outline(id) else { return String::new() };
    let mut d = String::new();
    let mut at: Option<ab_glyph::Point> = None;
    let p = |d: &mut String, q: ab_glyph::Point| {
        let _ = write!(d, "{} {} ", q.x.round(), (-q.y).round());
    };
    for curve in &outline.curves {
        let (start, end) = match curve {
            OutlineCurve::Line(a, b) | OutlineCurve::Quad(a, _, b) | OutlineCurve::Cubic(a, _, _, b) => (*a, *b),
        };
        if at != Some(start) {
            if at.is_some() {
                d.push_str("Z ");
            }
            d.push('M');
            p(&mut d, start);
        }
        match curve {
            OutlineCurve::Line(_, b) => {
                d.push('L');
                p(&mut d, *b);
            }
            OutlineCurve::Quad(_, c, b) => {
                d.push('Q');
                p(&mut d, *c);
                p(&mut d, *b);
            }
            OutlineCurve::Cubic(_, c1, c2, b) => {
                d.push('C');
                p(&mut d, *c1);
                p(&mut d, *c2);
                p(&mut d, *b);
            }
        }
        at = Some(end);
    }
    if at.is_some() {
        d.push('Z');
    }
    d.trim_end().to_owned()
}

/// The text without control characters (XML 1.0 cannot hold most of them, even escaped, so one in
/// a contact's name would leave the chart ill-formed) or direction controls (the glyphs are laid
/// out left to right regardless); neither has a glyph to draw. Names stored before Rapport refused
/// them can still hold them.
fn drawable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control() && !crate::text::is_direction_control(*c)).collect()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn colour(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// Writes the recorded texts into the finished SVG document, just before `</svg>`.
pub fn finish(svg: &mut String, texts: &Texts) {
    let texts = texts.0.borrow();
    if texts.is_empty() {
        return;
    }
    let f = font();
    let units = f.units_per_em().unwrap_or(1000.0) as f64;
    let x_height = f.outline(f.glyph_id('x')).map(|o| o.bounds.max.y as f64 / units).unwrap_or(0.55);
    let mut used: BTreeMap<u16, String> = BTreeMap::new();
    let mut body = String::new();
    for t in texts.iter() {
        let text = drawable(&t.text);
        // Layout in font units along the baseline, kerned like plotters measures it.
        let mut glyphs = Vec::new();
        let mut pen = 0.0f64;
        let mut prev: Option<GlyphId> = None;
        for c in text.chars() {
            let id = f.glyph_id(c);
            if let Some(p) = prev {
                pen += f.kern_unscaled(p, id) as f64;
            }
            if !c.is_whitespace() {
                glyphs.push((id, pen));
                used.entry(id.0).or_insert_with(|| glyph_path(f, id));
            }
            pen += f.h_advance_unscaled(id) as f64;
            prev = Some(id);
        }
        let scale = t.em / units;
        let dx = match t.h {
            HPos::Left => 0.0,
            HPos::Center => -pen * scale / 2.0,
            HPos::Right => -pen * scale,
        };
        let dy = match t.v {
            VPos::Top => 0.76 * t.em,
            VPos::Center => x_height * t.em / 2.0,
            VPos::Bottom => -x_height * t.em / 2.0,
        };
        let (x0, y0) = t.pos;
        let rotate = if t.rotate == 0 { String::new() } else { format!("rotate({},{x0},{y0}) ", t.rotate) };
        let opacity = if t.color.alpha < 1.0 { format!(" opacity=\"{:.3}\"", t.color.alpha) } else { String::new() };
        let _ = write!(
            body,
            "<g aria-label=\"{}\" fill=\"{}\"{opacity} transform=\"{rotate}translate({:.2} {:.2}) scale({:.5})\">",
            escape(&text),
            colour(t.color),
            x0 as f64 + dx,
            y0 as f64 + dy,
            scale,
        );
        for (id, x) in glyphs {
            if used.get(&id.0).is_some_and(|d| !d.is_empty()) {
                let _ = write!(body, "<use href=\"#g{}\" x=\"{}\"/>", id.0, x.round());
            }
        }
        body.push_str("</g>\n");
    }
    let mut defs = String::from("<defs>\n");
    for (id, d) in used.iter().filter(|(_, d)| !d.is_empty()) {
        let _ = writeln!(defs, "<path id=\"g{id}\" d=\"{d}\"/>");
    }
    defs.push_str("</defs>\n");
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    svg.insert_str(end, &(defs + &body));
}
