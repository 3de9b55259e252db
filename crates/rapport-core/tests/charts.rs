//! Every chart on an empty history, a single interaction and the demo network: no panic, an SVG
//! whose structure says what was drawn (series, axis labels, only finite coordinates), and a PNG
//! of exactly the requested size. With RAPPORT_CHART_PREVIEW=dir, the demo's charts are also
//! written there, to look at.

use rapport_core::charts::*;
use rapport_core::measures::history::*;
use rapport_core::measures::*;
use rapport_core::*;

const D: i64 = 86_400;
/// 2026-01-01T00:00:00Z.
const T0: i64 = 1_767_225_600;

fn facts(id: i64) -> ContactFacts {
    ContactFacts {
        id: ContactId(id),
        name: format!("C{id}"),
        is_kin: false,
        closeness: None,
        cadence_days: None,
        circle_cadence_days: None,
        met_at: None,
        archived: false,
    }
}

fn one_interaction() -> History {
    let mut h = History { contacts: vec![facts(1)], ..History::default() };
    h.interactions.push(Touch {
        id: InteractionId(1),
        at: T0,
        channel: Channel::Call,
        initiated_by: Party::Me,
        duration_min: Some(30),
        participants: vec![ContactId(1)],
    });
    h
}

/// The contact is passed only to the chart that needs one; the others draw the whole network.
fn options(kind: ChartKind, contact: Option<ContactId>, to: Secs, theme: Theme) -> ChartOptions {
    let contact = contact.filter(|_| kind.needs_contact());
    ChartOptions { contact, theme, ..ChartOptions::new(kind, to) }
}

/// The numbers in every coordinate-like attribute, which must all be finite.
fn check_svg(svg: &str) {
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "an SVG document");
    assert!(svg.trim_end().ends_with("</svg>"));
    for bad in ["NaN", "inf"] {
        assert!(!svg.contains(bad), "no {bad} in the SVG");
    }
    for attr in [" x=\"", " y=\"", " cx=\"", " cy=\"", " points=\"", " width=\"", " height=\""] {
        for part in svg.split(attr).skip(1) {
            let value = &part[..part.find('"').unwrap()];
            for n in value.split([' ', ',']).filter(|n| !n.is_empty()) {
                let v: f64 = n.parse().unwrap_or_else(|_| panic!("{attr}{value}: not a number"));
                assert!(v.is_finite() && v.abs() < 1e6, "{attr}{value}");
            }
        }
    }
}

/// The chart's texts, which the SVG keeps as the aria-label of each group of glyphs.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<g aria-label=\"")
        .skip(1)
        .map(|t| {
            t[..t.find('"').unwrap()]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn svg_text_is_drawn_with_the_embedded_glyphs_not_a_system_font() {
    let mut store = Store::open_in_memory().unwrap();
    let now = chrono::Utc::now();
    demo::load_demo(&mut store, now).unwrap();
    let o = options(ChartKind::Index, None, now.timestamp(), Theme::Light);
    let svg = render_svg(&store.history().unwrap(), &o, &ModelSettings::default()).unwrap();
    assert!(!svg.contains("<text") && !svg.contains("font-family"), "no text left for a viewer's font");
    assert!(texts(&svg).iter().any(|t| t == "Network Value Index"));
    let defined: std::collections::HashSet<&str> =
        svg.split("<path id=\"").skip(1).map(|p| &p[..p.find('"').unwrap()]).collect();
    let used: Vec<&str> = svg.split("<use href=\"#").skip(1).map(|u| &u[..u.find('"').unwrap()]).collect();
    assert!(used.len() > 100, "the glyphs are placed: {}", used.len());
    assert!(used.iter().all(|g| defined.contains(g)), "every glyph placed is defined once");
    assert!(defined.len() < used.len(), "glyphs are shared, not repeated");
}

fn png_size(png: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    (info.width, info.height)
}

#[test]
fn every_chart_renders_an_empty_history_with_a_message() {
    let h = History { contacts: vec![facts(1)], ..History::default() };
    let s = ModelSettings::default();
    for kind in ChartKind::ALL {
        for theme in [Theme::Light, Theme::Dark] {
            let o = options(kind, Some(ContactId(1)), T0, theme);
            let svg = render_svg(&h, &o, &s).unwrap();
            check_svg(&svg);
            assert!(texts(&svg).iter().any(|t| t.contains("log")), "{kind:?}: an empty state that says what to do");
        }
    }
}

#[test]
fn every_chart_renders_a_single_interaction() {
    let h = one_interaction();
    let s = ModelSettings::default();
    for kind in ChartKind::ALL {
        let o = options(kind, Some(ContactId(1)), T0 + 30 * D, Theme::Light);
        let svg = render_svg(&h, &o, &s).unwrap();
        check_svg(&svg);
        let png = render_png(&h, &o, &s).unwrap();
        assert_eq!(png_size(&png), (o.width, o.height));
    }
    // The contact chart has its one dot, in the call's colour.
    let svg = render_svg(&h, &options(ChartKind::Contact, Some(ContactId(1)), T0 + 30 * D, Theme::Light), &s).unwrap();
    assert!(svg.contains("<circle") && svg.to_ascii_uppercase().contains("#2F74D0"), "a dot in the call colour");
}

#[test]
fn a_contact_chart_needs_a_known_contact() {
    let h = one_interaction();
    let s = ModelSettings::default();
    let missing = render_svg(&h, &options(ChartKind::Contact, None, T0, Theme::Light), &s).unwrap_err();
    assert_eq!(missing.code(), "invalid");
    let unknown = render_svg(&h, &options(ChartKind::Contact, Some(ContactId(9)), T0, Theme::Light), &s).unwrap_err();
    assert_eq!(unknown.code(), "not_found");
    let tiny = ChartOptions { width: 10, ..options(ChartKind::Index, None, T0, Theme::Light) };
    assert_eq!(render_svg(&h, &tiny, &s).unwrap_err().code(), "invalid");
    assert_eq!("nope".parse::<ChartKind>().unwrap_err().code(), "invalid");
    assert_eq!("dark".parse::<Theme>().unwrap(), Theme::Dark);
}

#[test]
fn the_demo_network_charts_have_their_series_axes_and_marker() {
    let mut store = Store::open_in_memory().unwrap();
    let now = chrono::Utc::now();
    demo::load_demo(&mut store, now).unwrap();
    let h = store.history().unwrap();
    let s = ModelSettings::default();
    let to = now.timestamp();
    let preview = std::env::var_os("RAPPORT_CHART_PREVIEW").map(std::path::PathBuf::from);

    // Index: one band per component with data, the index line, 0–100 and dated x labels, and
    // the biggest move labelled with its reason.
    let o = options(ChartKind::Index, None, to, Theme::Light);
    let svg = render_svg(&h, &o, &s).unwrap();
    check_svg(&svg);
    let series = weekly_series(&h, to, &s);
    let with_data = ComponentName::ALL
        .iter()
        .filter(|c| series.iter().any(|n| n.components.iter().any(|x| x.name == **c && x.score.is_some())))
        .count();
    assert_eq!(svg.matches("<polygon").count(), with_data, "one band per component");
    let labels = texts(&svg);
    for y in ["0", "20", "40", "60", "80", "100"] {
        assert!(labels.iter().any(|t| t == y), "y label {y}: {labels:?}");
    }
    let year = chrono::Datelike::year(&now).to_string();
    assert!(labels.iter().any(|t| t.contains("Jan") || t == &year || t.len() == 3), "date labels: {labels:?}");
    assert!(labels.iter().any(|t| t.starts_with("mostly ")), "the biggest move has its reason");
    assert!(svg.len() < 300 * 1024);

    // The contact chart of the strongest tie: the curve, dots by channel, the cadence band.
    let strongest = report(&h, to, &s).contacts[0].contact;
    let oc = options(ChartKind::Contact, Some(strongest), to, Theme::Dark);
    let svg_c = render_svg(&h, &oc, &s).unwrap();
    check_svg(&svg_c);
    assert!(svg_c.matches("<circle").count() >= 2, "interaction dots");
    assert!(texts(&svg_c).iter().any(|t| t == "on track"), "the cadence band's legend");
    assert!(svg_c.len() < 300 * 1024);

    // Give/take: bars above and below the axis, for the network and for one contact.
    let svg = render_svg(&h, &options(ChartKind::GiveTake, None, to, Theme::Light), &s).unwrap();
    check_svg(&svg);
    assert!(svg.matches("<rect").count() > 20, "monthly bars");
    assert!(texts(&svg).iter().any(|t| t.contains("given")) && texts(&svg).iter().any(|t| t.contains("received")));
    let one = ChartOptions { contact: Some(strongest), ..options(ChartKind::GiveTake, None, to, Theme::Light) };
    check_svg(&render_svg(&h, &one, &s).unwrap());
    // Follow-through: four series in the legend, both directions.
    let svg = render_svg(&h, &options(ChartKind::FollowThrough, None, to, Theme::Dark), &s).unwrap();
    check_svg(&svg);
    for l in ["mine, answered", "mine, open", "theirs, answered", "theirs, open"] {
        assert!(texts(&svg).iter().any(|t| t == l), "{l}");
    }
    // Layers: one band per layer, and Dunbar's sizes as reference lines.
    let svg = render_svg(&h, &options(ChartKind::Layers, None, to, Theme::Light), &s).unwrap();
    check_svg(&svg);
    assert_eq!(svg.matches("<polygon").count(), 4);
    assert!(texts(&svg).iter().any(|t| t == "Dunbar 50"));
    // Calendar: a square per day of the year (and the five of the scale).
    let svg = render_svg(&h, &options(ChartKind::Calendar, None, to, Theme::Light), &s).unwrap();
    check_svg(&svg);
    assert!(svg.matches("<rect").count() >= 365 + 5);
    assert!(texts(&svg).iter().any(|t| t == "Mon"));
    // Reactions: a bar per post, a dot for its reach.
    let svg = render_svg(&h, &options(ChartKind::Reactions, None, to, Theme::Light), &s).unwrap();
    check_svg(&svg);
    assert!(svg.matches("<circle").count() >= 2);
    // A network chart refuses a contact.
    let wrong = ChartOptions { contact: Some(strongest), ..options(ChartKind::Layers, None, to, Theme::Light) };
    assert_eq!(render_svg(&h, &wrong, &s).unwrap_err().code(), "invalid");

    for kind in ChartKind::ALL {
        for theme in [Theme::Light, Theme::Dark] {
            let o = ChartOptions { width: 1280, height: 480, ..options(kind, Some(strongest), to, theme) };
            assert!(render_svg(&h, &o, &s).unwrap().len() < 300 * 1024, "{kind:?}");
            let png = render_png(&h, &o, &s).unwrap();
            assert_eq!(png_size(&png), (1280, 480));
            if let Some(dir) = &preview {
                let name = format!("{}-{:?}", kind.as_str(), theme).to_lowercase();
                std::fs::write(dir.join(format!("{name}.png")), &png).unwrap();
                std::fs::write(dir.join(format!("{name}.svg")), render_svg(&h, &o, &s).unwrap()).unwrap();
            }
        }
    }
}

#[test]
fn date_ticks_are_calendar_boundaries_that_do_not_crowd() {
    use rapport_core::charts::style::date_ticks;
    // Ten years on 900 pixels: yearly ticks, labelled with the year.
    let ten = date_ticks(T0 - 3650 * D, T0, 900, 70, Lang::En.words());
    assert!(ten.len() >= 9 && ten.len() <= 12, "{ten:?}");
    assert!(ten.iter().all(|(_, l)| l.len() == 4));
    // One year: months, with the year on January.
    let one = date_ticks(T0 - 365 * D, T0, 900, 70, Lang::En.words());
    assert!(one.iter().any(|(_, l)| l == "2026") && one.iter().any(|(_, l)| l == "Jul"), "{one:?}");
    // Never more ticks than fit.
    for (span, width) in [(30, 320), (400, 400), (4000, 320), (2, 900)] {
        let ticks = date_ticks(T0 - span * D, T0, width, 70, Lang::En.words());
        assert!(ticks.len() as i32 <= width / 70 + 1, "{span} days on {width}px: {ticks:?}");
        assert!(ticks.windows(2).all(|w| w[0].0 < w[1].0));
    }
}

#[test]
fn a_french_chart_speaks_french_with_french_dates_and_decimals() {
    let mut store = Store::open_in_memory().unwrap();
    let now = chrono::Utc::now();
    demo::load_demo(&mut store, now).unwrap();
    let h = store.history().unwrap();
    let s = ModelSettings::default();
    let fr = |kind| ChartOptions { lang: Lang::Fr, ..options(kind, None, now.timestamp(), Theme::Light) };

    let labels = texts(&render_svg(&h, &fr(ChartKind::Index), &s).unwrap());
    assert!(labels.iter().any(|t| t == "Indice de valeur du réseau"), "{labels:?}");
    assert!(labels.iter().any(|t| t == "Réciprocité"));
    assert!(!labels.iter().any(|t| t == "Network Value Index" || t == "Reciprocity"));
    // The biggest move reads "+2,6 en 4 semaines, jusqu’au 20 juin 2024": a decimal comma and a
    // French month.
    let moved = labels.iter().find(|t| t.contains(" semaines, jusqu’au ")).expect("the move's label");
    let change = moved.split(" en ").next().unwrap();
    assert!(change.contains(',') && !change.contains('.'), "a decimal comma: {moved}");
    let months = Lang::Fr.words().months;
    assert!(months.iter().any(|m| moved.contains(&format!(" {m} "))), "a French month: {moved}");

    let calendar = texts(&render_svg(&h, &fr(ChartKind::Calendar), &s).unwrap());
    for word in ["lun.", "mer.", "Activité", "moins", "plus"] {
        assert!(calendar.iter().any(|t| t == word), "{word} in {calendar:?}");
    }
    // Every kind draws in French without an English title left over.
    let english = ["Give and take", "Follow-through", "Dunbar layers", "Reactions to your posts"];
    for kind in [ChartKind::GiveTake, ChartKind::FollowThrough, ChartKind::Layers, ChartKind::Reactions] {
        let t = texts(&render_svg(&h, &fr(kind), &s).unwrap());
        assert!(!t.iter().any(|x| english.contains(&x.as_str())), "{kind:?}: {t:?}");
    }
}

#[test]
fn a_language_is_read_from_a_code_or_a_locale() {
    assert_eq!("fr".parse::<Lang>().unwrap(), Lang::Fr);
    assert_eq!("fr_FR.UTF-8".parse::<Lang>().unwrap(), Lang::Fr);
    assert_eq!("en-GB".parse::<Lang>().unwrap(), Lang::En);
    assert_eq!("fry".parse::<Lang>().unwrap_err().code(), "invalid");
    assert_eq!("C.UTF-8".parse::<Lang>().unwrap_err().code(), "invalid");
    assert_eq!(Lang::Fr.words().signed(-1.45), "−1,4");
    assert_eq!(Lang::En.words().signed(0.0), "+0.0");
}

#[test]
fn a_saved_chart_gets_a_telling_name_and_never_replaces_a_file() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    assert_eq!(file_stem(ChartKind::Index, None, day), "rapport-index-2026-11-26");
    assert_eq!(
        file_stem(ChartKind::GiveTake, Some("Chloé  Martin / Lyon"), day),
        "rapport-give-take-chloé-martin-lyon-2026-11-26"
    );
    assert_eq!(file_stem(ChartKind::Contact, Some("../.."), day), "rapport-contact-2026-11-26");

    let dir = tempfile::tempdir().unwrap();
    let first = save_new_file(dir.path(), "rapport-index-2026-11-26", "svg", b"<svg/>").unwrap();
    let second = save_new_file(dir.path(), "rapport-index-2026-11-26", "svg", b"<svg>2</svg>").unwrap();
    assert_eq!(first.file_name().unwrap(), "rapport-index-2026-11-26.svg");
    assert_eq!(second.file_name().unwrap(), "rapport-index-2026-11-26 (2).svg");
    assert_eq!(std::fs::read(&first).unwrap(), b"<svg/>", "the first file is untouched");
    assert_eq!(std::fs::read(&second).unwrap(), b"<svg>2</svg>");
}
