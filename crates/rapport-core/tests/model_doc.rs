//! docs/model.md held to the code: its table of settings lists exactly the settings of
//! `ModelSettings`, with their defaults and bounds, and its worked examples are what the measures
//! compute. A change to either side without the other fails here.

use rapport_core::measures::contact::ContactMeasures;
use rapport_core::measures::history::*;
use rapport_core::measures::settings::{Bound, INCREASING};
use rapport_core::measures::*;
use rapport_core::*;

const D: i64 = 86_400;
const T0: i64 = 1_767_225_600;

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/model.md")).unwrap()
}

/// The rows of the table that follows `marker` in the doc (or whose header `marker` is), each as
/// its trimmed cells, the header and the rule left out.
fn table_after(doc: &str, marker: &str) -> Vec<Vec<String>> {
    let start = doc.find(marker).unwrap_or_else(|| panic!("docs/model.md has no {marker}"));
    let header_lines = if marker.starts_with('|') { 1 } else { 2 };
    doc[start + marker.len()..]
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.trim_start().starts_with('|'))
        .skip(header_lines)
        .map(|l| {
            // A `\|` inside a cell is text, not a border.
            let l = l.trim().replace("\\|", "\u{1}");
            l.trim_matches('|').split('|').map(|c| c.trim().replace('\u{1}', "|")).collect()
        })
        .collect()
}

fn num(x: f64) -> String {
    format!("{x}")
}

fn bound_text(b: Bound) -> String {
    match b {
        Bound::Weight => "0–100".to_owned(),
        Bound::Positive { max } => format!("> 0, ≤ {}", num(max)),
        Bound::Whole { min, max } => format!("whole, {}–{}", num(min), num(max)),
        Bound::Range { min, max } => format!("{}–{}", num(min), num(max)),
    }
}

/// The bound of a top-level setting as the table writes it: a group of numbers with one bound
/// says "each", and a group that must grow says so.
fn expected_bound(key: &str) -> String {
    let bounds: Vec<_> = ModelSettings::bounds()
        .into_iter()
        .filter(|b| b.path == key || b.path.starts_with(&format!("{key}.")))
        .collect();
    assert!(!bounds.is_empty(), "{key} has no bound");
    if bounds.len() == 1 && bounds[0].path == key {
        return bound_text(bounds[0].bound);
    }
    let text = bound_text(bounds[0].bound);
    assert!(bounds.iter().all(|b| bound_text(b.bound) == text), "{key}: its numbers have different bounds");
    if INCREASING.contains(&key) {
        format!("{text} each, growing")
    } else {
        format!("{text} each")
    }
}

#[test]
fn the_settings_table_lists_every_setting_with_its_default_and_bound() {
    let defaults = serde_json::to_value(ModelSettings::default()).unwrap();
    let defaults = defaults.as_object().unwrap();
    let rows = table_after(&doc(), "<!-- every setting -->");
    let mut listed: Vec<String> = Vec::new();
    for row in &rows {
        assert_eq!(row.len(), 5, "a row of the settings table needs 5 cells: {row:?}");
        let key = row[0].trim_matches('`').to_owned();
        let default = defaults.get(&key).unwrap_or_else(|| panic!("the table lists {key}, which is no setting"));
        match default {
            serde_json::Value::Number(n) => {
                let shown: f64 = row[1].parse().unwrap_or_else(|_| panic!("{key}: default {:?} is no number", row[1]));
                assert_eq!(Some(shown), n.as_f64(), "{key}: the table's default");
            }
            serde_json::Value::Array(_) => {
                let numbers = |v: &serde_json::Value| -> Vec<f64> {
                    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
                };
                let shown: serde_json::Value = serde_json::from_str(&row[1]).expect("a list default");
                assert_eq!(numbers(&shown), numbers(default), "{key}: the table's default");
            }
            // A group of named numbers: its defaults are given in its section.
            _ => {}
        }
        assert_eq!(row[2], expected_bound(&key), "{key}: the table's bound");
        assert!(!row[3].is_empty() && !row[4].is_empty(), "{key}: say what it changes and where it comes from");
        listed.push(key);
    }
    let mut keys: Vec<String> = defaults.keys().cloned().collect();
    keys.sort();
    listed.sort();
    let missing: Vec<&String> = keys.iter().filter(|k| !listed.contains(k)).collect();
    assert!(missing.is_empty(), "docs/model.md's table of settings lacks {missing:?}");
    assert_eq!(listed, keys, "a setting is listed twice");
}

fn facts() -> ContactFacts {
    ContactFacts {
        id: ContactId(1),
        name: "A".into(),
        is_kin: false,
        closeness: None,
        cadence_days: None,
        circle_cadence_days: None,
        met_at: None,
        archived: false,
        changes: Vec::new(),
    }
}

/// The intensity of a tie about which nothing is stated, right after the last of `touches`
/// touches on `channel`, one every `every` days: (V, intensity).
fn intensity_after(channel: Channel, every: i64, touches: i64) -> (f64, f64) {
    let s = ModelSettings::default();
    let m = tie_after(channel, every, touches);
    assert_eq!(m.strength_parts.half_life_days, 90.0, "nothing stated: the default half-life");
    let intensity = m.strength_parts.intensity;
    // V back from the score: intensity = 100 (1 − e^(−V/reference)).
    let volume = -s.intensity_reference * (1.0 - intensity / 100.0).ln();
    (volume, intensity)
}

#[test]
fn the_worked_examples_of_intensity_are_what_the_code_computes() {
    let rows = table_after(&doc(), "<!-- worked examples: intensity -->");
    assert!(rows.len() >= 3, "{rows:?}");
    for row in rows {
        let channel = *Channel::ALL.iter().find(|c| c.as_str() == row[0]).unwrap_or_else(|| panic!("{row:?}"));
        let (every, touches): (i64, i64) = (row[1].parse().unwrap(), row[2].parse().unwrap());
        let (volume, intensity) = intensity_after(channel, every, touches);
        assert_eq!(format!("{volume:.2}"), row[3], "V of {row:?}");
        assert_eq!(format!("{intensity:.0}"), row[4], "intensity of {row:?}");
    }
}

#[test]
fn the_layer_table_is_what_the_code_computes() {
    let rows = table_after(&doc(), "| layer | expected cadence | contact days needed in the last 365 |");
    let s = ModelSettings::default();
    assert_eq!(rows.len(), 4, "{rows:?}");
    for (position, row) in rows.iter().enumerate() {
        assert_eq!(row[0], s.layer_sizes[position].to_string());
        assert_eq!(row[1], format!("{} days", s.layer_cadence_days[position]));
        let needed: usize = row[2].parse().unwrap();
        assert_eq!(rhythm::layer_of(needed, &s), Some(position), "{row:?}");
        assert_ne!(rhythm::layer_of(needed - 1, &s), Some(position), "{row:?}: fewer days would do");
    }
}

/// A tie about which nothing is stated, measured right after the last of `touches` touches on
/// `channel`, one every `every` days.
fn tie_after(channel: Channel, every: i64, touches: i64) -> ContactMeasures {
    let mut h = History::default();
    h.contacts.push(facts());
    for k in 0..touches {
        h.interactions.push(Touch {
            id: InteractionId(k + 1),
            at: T0 + k * every * D,
            channel,
            initiated_by: Party::Me,
            duration_min: None,
            participants: vec![ContactId(1)],
            offset_min: 0,
            initiator: None,
            in_reply_to: None,
        });
    }
    h.sort();
    contact_measures(&h, ContactId(1), T0 + (touches - 1) * every * D, &ModelSettings::default()).unwrap()
}

/// The intimacy examples of docs/model.md, in its words, with the figures the code gives.
#[test]
fn the_worked_examples_of_intimacy_are_what_the_code_computes() {
    let doc = doc().split_whitespace().collect::<Vec<_>>().join(" ");
    let intimacy = |channel, every, touches| tie_after(channel, every, touches).strength_parts.intimacy;
    let examples = [
        format!("(R = 1 scores {:.0})", intimacy(Channel::InPerson, 1, 1)),
        format!("a call a month for a year scores {:.0}", intimacy(Channel::Call, 30, 12)),
        format!("a call every three months for a year {:.0}", intimacy(Channel::Call, 90, 4)),
        format!("one meeting a year for five years {:.0}", intimacy(Channel::InPerson, 365, 5)),
        format!("a weekly coffee for a year {:.0}", intimacy(Channel::InPerson, 7, 52)),
    ];
    for example in examples {
        assert!(doc.contains(&example), "docs/model.md should say \"{example}\"");
    }
}
