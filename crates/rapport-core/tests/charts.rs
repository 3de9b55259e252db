//! Every chart on an empty history and a single interaction: no panic, an SVG whose structure
//! says what was drawn (only finite coordinates), and a PNG of exactly the requested size. The
//! charts of the demo network (series, axis labels, French) are checked in
//! tests/tests/on_the_demo.rs, where RAPPORT_CHART_PREVIEW=dir writes them out to look at.

use rapport_core::charts::*;
use rapport_core::measures::history::*;
use rapport_core::measures::*;
use rapport_core::*;

mod common;
use common::*;

fn one_interaction() -> History {
    let mut h = History { contacts: vec![facts(1)], ..History::default() };
    h.interactions.push(Touch {
        id: InteractionId(1),
        at: T0,
        channel: Channel::Call,
        initiated_by: Party::Me,
        duration_min: Some(30),
        participants: vec![ContactId(1)],
        offset_min: 0,
        initiator: None,
        in_reply_to: None,
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

/// A few months of calls with three contacts, one of them archived, and a question.
fn a_few_months() -> History {
    let mut h = History {
        contacts: vec![facts(1), facts(2), ContactFacts { archived: true, ..facts(3) }],
        ..History::default()
    };
    for k in 0..40i64 {
        h.interactions.push(Touch {
            id: InteractionId(k + 1),
            at: T0 + k * 3 * D,
            channel: if k % 3 == 0 { Channel::Email } else { Channel::Call },
            initiated_by: if k % 2 == 0 { Party::Me } else { Party::Them },
            duration_min: Some(20),
            participants: vec![ContactId(1 + k % 3)],
            offset_min: 0,
            initiator: None,
            in_reply_to: None,
        });
    }
    h
}

#[test]
fn charts_prepared_together_are_the_charts_prepared_one_by_one() {
    let h = a_few_months();
    let s = ModelSettings::default();
    let to = T0 + 150 * D;
    let mut all: Vec<ChartOptions> = ChartKind::ALL
        .into_iter()
        .map(|k| options(k, k.needs_contact().then_some(ContactId(1)), to, Theme::Light))
        .collect();
    // Another end date: the index walked again, not taken from the first series.
    all.push(options(ChartKind::Index, None, to - 30 * D, Theme::Light));
    all.push(options(ChartKind::Layers, None, to - 30 * D, Theme::Dark));
    let together = rapport_core::charts::prepare_many(&h, &all, &s);
    assert_eq!(together.len(), all.len());
    for (o, data) in all.iter().zip(together) {
        let alone = draw_svg(&prepare(&h, o, &s).unwrap(), o).unwrap();
        assert_eq!(draw_svg(&data.unwrap(), o).unwrap(), alone, "{:?} to {}", o.kind, o.to);
    }
    // A refused option is refused the same way, and the others are still prepared.
    let of_one = ChartOptions { contact: Some(ContactId(1)), ..ChartOptions::new(ChartKind::Index, to) };
    let refused = vec![of_one, all[0].clone()];
    let out = rapport_core::charts::prepare_many(&h, &refused, &s);
    assert!(out[0].is_err() && prepare(&h, &refused[0], &s).is_err());
    assert!(out[1].is_ok());
}
