//! `rapport model calibrate [--json] [--apply]` and `rapport model reset` (issue 14), through the
//! binary: the JSON's keys, applying on the demo network, and the refusals that write nothing.

mod common;

use common::Db;
use serde_json::Value;

impl Db {
    /// `n` contacts, the i-th (from 1) with `calls(i)` calls in 2025 and rated `rating(i)`.
    fn rated(n: usize, calls: impl Fn(usize) -> usize, rating: impl Fn(usize) -> u8) -> Db {
        let db = Db::new();
        for i in 1..=n {
            let name = format!("Person {i}");
            db.ok(&["contact", "add", &name, "--closeness", &rating(i).to_string()]);
            for k in 0..calls(i) {
                let at = format!("2025-{:02}-{:02} 18:00", 1 + k % 12, 1 + i % 28);
                db.ok(&["log", "--with", &name, "--channel", "call", "--at", &at]);
            }
        }
        db
    }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort();
    k
}

#[test]
fn the_demo_calibrates_applies_and_resets() {
    let db = Db::new();
    db.ok(&["demo"]);
    let c = db.json(&["model", "calibrate"]);
    assert_eq!(keys(&c), ["default", "fitted", "folds", "rated", "weights"]);
    for model in ["fitted", "default"] {
        assert_eq!(keys(&c[model]), ["spearman", "strong_weak", "within_one"], "{model}");
    }
    assert_eq!(keys(&c["weights"]), ["duration", "intensity", "intimacy", "services"]);
    let rated = c["rated"].as_u64().unwrap();
    assert!(rated >= 20, "{c}");
    assert_eq!(c["folds"], if rated >= 40 { 5 } else { rated });
    // The demo's ratings follow its history with noise: the fit beats the defaults, imperfectly,
    // and on any day the demo is loaded (rapport-demo's tests/calibration_sweep.rs).
    let (fitted, default) = (c["fitted"]["spearman"].as_f64().unwrap(), c["default"]["spearman"].as_f64().unwrap());
    assert!(fitted > default && fitted < 1.0, "{c}");

    let words = db.ok(&["model", "calibrate"]);
    assert!(words.contains("They beat the defaults out of sample"), "{words}");
    assert!(words.contains("Strengths in use: uncalibrated"), "{words}");

    let applied = db.ok(&["model", "calibrate", "--apply"]);
    assert!(applied.contains("are now the strength weights"), "{applied}");
    assert!(applied.contains(&format!("Strengths in use: calibrated on {rated} ratings")), "{applied}");
    let model = db.json(&["model", "show"]);
    assert_eq!(model["strength_weights"], c["weights"]);

    db.ok(&["model", "reset"]);
    assert!(db.ok(&["model", "calibrate"]).contains("Strengths in use: uncalibrated"));
    let model = db.json(&["model", "show"]);
    assert_eq!(
        model["strength_weights"],
        serde_json::json!({"intimacy": 0.35, "intensity": 0.3, "duration": 0.2, "services": 0.15})
    );
}

#[test]
fn fewer_than_twenty_rated_ties_are_refused_and_nothing_is_written() {
    let db = Db::rated(19, |i| 1 + i % 4, |i| 1 + (i % 5) as u8);
    let before = db.json(&["model", "show"]);
    let refused = db.fails(&["model", "calibrate", "--apply"], 1);
    assert!(refused.contains("19 ties with a history are rated; calibration needs at least 20"), "{refused}");
    assert_eq!(db.json(&["model", "show"]), before);
    let refused = db.fails(&["model", "calibrate", "--json"], 1);
    assert!(refused.contains("at least 20"), "{refused}");
}

#[test]
fn ratings_unrelated_to_the_history_are_not_applied_and_nothing_is_written() {
    // Calls rise with i, the ratings go round 1 to 5 whatever the calls.
    let db = Db::rated(25, |i| 1 + i / 5, |i| 1 + ((i * 3) % 5) as u8);
    db.ok(&["model", "set", "index_weights.reach", "0.2"]);
    let before = db.json(&["model", "show"]);
    let c = db.json(&["model", "calibrate"]);
    assert_eq!(c["rated"], 25);
    assert_eq!(c["folds"], 25, "leave-one-out below 40 ratings");
    let refused = db.fails(&["model", "calibrate", "--apply"], 1);
    assert!(refused.contains("do not beat the default weights on ties they did not see"), "{refused}");
    assert!(refused.contains("nothing was changed"), "{refused}");
    assert_eq!(db.json(&["model", "show"]), before);
}

#[test]
fn the_chart_of_predicted_against_rated_is_written_as_svg() {
    let db = Db::new();
    db.ok(&["demo"]);
    let rated = db.json(&["model", "calibrate"])["rated"].as_u64().unwrap();
    let file = db.dir.path().join("calibration.svg");
    let words = db.cmd(&["model", "calibrate", "--chart"]).arg(&file).env("LANG", "fr_FR.UTF-8").assert().success();
    let words = String::from_utf8(words.get_output().stdout.clone()).unwrap();
    assert!(words.contains(&format!("wrote {}", file.display())), "{words}");
    let svg = std::fs::read_to_string(&file).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    // One filled (fitted) and one hollow (default) dot per rated tie, and the legend's two.
    assert_eq!(svg.matches("<circle").count() as u64, 2 * rated + 2);

    // A name that does not end in .svg is refused before anything is written or stored.
    let png = db.dir.path().join("calibration.png");
    let refusal = db.cmd(&["model", "calibrate", "--apply", "--chart"]).arg(&png).assert().failure();
    let refusal = String::from_utf8(refusal.get_output().stderr.clone()).unwrap();
    assert!(refusal.contains("--chart: the file name must end in .svg"), "{refusal}");
    assert!(!png.exists());
    assert!(db.ok(&["model", "calibrate"]).contains("Strengths in use: uncalibrated"));
}
