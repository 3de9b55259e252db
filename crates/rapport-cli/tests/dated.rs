//! Issue 13 through the `rapport` binary: measures count the days the user lived, whatever the
//! machine's time zone, and read each contact fact as it was at the measured date.

mod common;

use common::{stdout_of, Db};
use serde_json::Value;

/// Tokyo and Los Angeles as POSIX rules, so the tests need no time-zone database.
const TOKYO: &str = "JST-9";
const LOS_ANGELES: &str = "PST8PDT,M3.2.0,M11.1.0";

impl Db {
    /// Runs in the time zone `tz` and expects success; returns stdout.
    fn ok_in(&self, tz: &str, args: &[&str]) -> String {
        stdout_of(self.cmd(args).env("TZ", tz))
    }

    /// Runs with `--json` in the time zone `tz` and expects success; returns the parsed stdout.
    fn json_in(&self, tz: &str, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok_in(tz, &[args, &["--json"]].concat())).expect("stdout is JSON")
    }
}

/// Defect 6, the case: in Tokyo, calls at 08:00 and 10:00 on 1 March and 10:00 on
/// 2 March are two days lived (three in UTC: 08:00 in Tokyo is 23:00 the day before), which
/// put the tie in the yearly layer, rank 4, not the few-months one.
#[test]
fn three_calls_on_two_days_lived_in_tokyo_count_two_contact_days() {
    let db = Db::new();
    db.ok_in(TOKYO, &["contact", "add", "Aiko"]);
    for at in ["2026-03-01 08:00", "2026-03-01 10:00", "2026-03-02 10:00"] {
        db.ok_in(TOKYO, &["log", "--with", "Aiko", "--channel", "call", "--at", at]);
    }
    let report = db.json_in(TOKYO, &["report", "--at", "2026-03-10T00:00:00Z"]);
    assert_eq!(report["contacts"][0]["layer"], 4, "{}", report["contacts"][0]);
    assert_eq!(report["network"]["layer_counts"], serde_json::json!([0, 0, 0, 1]));
}

/// Defect 6: the measures of a stored history at a given instant do not depend on the time
/// zone of the machine that computes them.
#[test]
fn the_machines_time_zone_changes_no_measure_of_a_stored_history() {
    let db = Db::new();
    db.ok(&["demo"]);
    let at = db.json(&["report"])["at"].as_str().unwrap().to_owned();
    let in_tokyo = db.json_in(TOKYO, &["report", "--at", &at]);
    let in_los_angeles = db.json_in(LOS_ANGELES, &["report", "--at", &at]);
    assert!(in_tokyo["contacts"].as_array().is_some_and(|c| c.len() > 10));
    assert_eq!(in_tokyo, in_los_angeles);
}

/// Ann and a call with her on the 5th of each month of 2025 and early 2026.
fn ann_with_monthly_calls() -> Db {
    let db = Db::new();
    db.ok(&["contact", "add", "Ann"]);
    for month in 1..=18 {
        let (year, m) = if month <= 12 { (2025, month) } else { (2026, month - 12) };
        let at = format!("{year}-{m:02}-05 18:00");
        db.ok(&["log", "--with", "Ann", "--channel", "call", "--at", &at]);
    }
    db
}

/// Defect 7: setting closeness and a keep-in-touch goal today changes no report and no chart of
/// an earlier date; today's report uses them.
#[test]
fn editing_closeness_or_a_goal_today_leaves_earlier_reports_and_charts_as_they_were() {
    let db = ann_with_monthly_calls();
    let dir = tempfile::tempdir().unwrap();
    let chart = |name: &str| {
        let out = dir.path().join(name);
        let args = ["chart", "contact", "--contact", "Ann", "--from", "2025-01-01", "--to", "2026-06-30"];
        db.ok(&[&args[..], &["--out", out.to_str().unwrap()]].concat());
        std::fs::read_to_string(out).unwrap()
    };
    let report_before = db.json(&["report", "--at", "2026-06-30"]);
    let chart_before = chart("before.svg");

    db.ok(&["contact", "edit", "Ann", "--closeness", "5", "--cadence", "7"]);
    assert_eq!(db.json(&["report", "--at", "2026-06-30"]), report_before);
    assert_eq!(chart("after.svg"), chart_before, "the contact's chart of before the edit");
    let today = db.json(&["report", "--contact", "Ann"]);
    assert_eq!(today["cadence"]["source"], "contact", "{}", today["cadence"]);
    assert_eq!(today["cadence"]["expected_days"], 7.0);
}

/// Defect 7: the JSON export carries each contact's dated facts, and restoring it gives them
/// back, so the restored history measures its past as the original did.
#[test]
fn a_json_round_trip_keeps_the_dated_contact_facts() {
    let db = ann_with_monthly_calls();
    db.ok(&["contact", "edit", "Ann", "--closeness", "4"]);
    db.ok(&["contact", "edit", "Ann", "--closeness", "", "--cadence", "30"]);
    let file = db.dir.path().join("out.json");
    db.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);
    let exported: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let changes = exported["contact_fact_changes"].as_array().unwrap().clone();
    let facts: Vec<(&str, Value, bool)> =
        changes.iter().map(|c| (c["fact"].as_str().unwrap(), c["value"].clone(), c["since"].is_null())).collect();
    assert_eq!(
        facts,
        vec![
            ("cadence_days", Value::Null, true),
            ("cadence_days", 30.into(), false),
            ("closeness", Value::Null, true),
            ("closeness", 4.into(), false),
            ("closeness", Value::Null, false),
        ]
    );

    let other = Db::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let back = other.dir.path().join("back.json");
    other.ok(&["export", "--format", "json", "--out", back.to_str().unwrap()]);
    let back: Value = serde_json::from_slice(&std::fs::read(&back).unwrap()).unwrap();
    assert_eq!(back["contact_fact_changes"], Value::Array(changes));
    // Last June, and a fixed instant after the edits (two runs of "now" may be a second apart).
    let after_the_edits = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    for at in ["2026-06-30", after_the_edits.as_str()] {
        assert_eq!(other.json(&["report", "--at", at]), db.json(&["report", "--at", at]), "{at}");
    }
}

/// Defect 7: an import that sets the closeness of a contact already there dates it too: the
/// reports of before the import stay as they were.
#[test]
fn an_import_that_sets_closeness_leaves_earlier_reports_as_they_were() {
    let db = ann_with_monthly_calls();
    let before = db.json(&["report", "--at", "2026-06-30"]);
    let other = Db::new();
    other.ok(&["contact", "add", "Ann", "--closeness", "5", "--cadence", "7"]);
    let file = other.dir.path().join("ann.json");
    other.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);

    db.ok(&["import", file.to_str().unwrap()]);
    let ann = db.json(&["contact", "show", "Ann"]);
    assert_eq!((ann["contact"]["closeness"].as_i64(), ann["contact"]["cadence_days"].as_i64()), (Some(5), Some(7)));
    assert_eq!(db.json(&["report", "--at", "2026-06-30"]), before);
    assert_eq!(db.json(&["report", "--contact", "Ann"])["cadence"]["source"], "contact");
}

/// A dated fact that breaks the rules in a JSON file is refused naming the record and what is
/// wrong, and nothing is imported.
#[test]
fn a_json_file_with_a_bad_dated_fact_is_refused_naming_it() {
    let db = Db::new();
    db.ok(&["contact", "add", "Ann", "--closeness", "3"]);
    db.ok(&["contact", "edit", "Ann", "--closeness", "4"]);
    let file = db.dir.path().join("out.json");
    db.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);
    let mut exported: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let changes = exported["contact_fact_changes"].as_array_mut().unwrap();
    changes[1]["value"] = 9.into();
    changes.push(serde_json::json!({ "contact": 77, "fact": "cadence_days", "value": 5, "since": null }));
    std::fs::write(&file, serde_json::to_vec(&exported).unwrap()).unwrap();

    let other = Db::new();
    let out = other.cmd(&["import", file.to_str().unwrap()]).assert().failure().get_output().clone();
    let said = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("contact fact 2, closeness: is 9; it must be from 1 (distant) to 5 (closest)"), "{said}");
    assert!(said.contains("contact fact 3, contact: names contact #77"), "{said}");
    assert!(said.contains("nothing was imported"), "{said}");
    assert_eq!(other.json(&["contact", "list"]), serde_json::json!([]));
}
