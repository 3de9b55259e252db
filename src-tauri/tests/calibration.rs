//! The window's calibration commands (issue 14) on the mock runtime, as the page calls them: the
//! queue of ties to rate, a rating, the cross-validated result, apply and back to the defaults.

mod common;

use common::Harness;
use serde_json::{json, Value};

#[test]
fn the_window_rates_calibrates_applies_and_goes_back_to_the_defaults() {
    let h = Harness::new();
    h.ok("load_demo", json!({ "lang": "en" }));
    assert_eq!(h.ok("calibration_status", json!({})), json!({ "state": "uncalibrated" }));

    let view = h.ok("calibration", json!({}));
    assert_eq!(view["status"]["state"], "uncalibrated");
    assert_eq!(view["min_rated"], 20);
    let rated = view["rated"].as_u64().unwrap();
    assert!(rated >= 20, "{view}");
    let c = &view["calibration"];
    assert_eq!(c["rated"], rated);
    assert_eq!(c["predictions"].as_array().unwrap().len() as u64, rated, "one point per rated tie for the chart");
    let point = &c["predictions"][0];
    for key in ["contact", "name", "rating", "fitted_strength", "fitted_level", "default_strength", "default_level"] {
        assert!(!point[key].is_null(), "{key} in {point}");
    }
    assert_eq!(c["beats_default"], true, "{}", c["fitted"]);
    // Its chart, drawn in Rust in the window's theme and language: one filled (fitted) and one
    // hollow (default) dot per rated tie, plus the legend's one of each.
    let dark_fr = h.ok("calibration", json!({ "theme": "dark", "lang": "fr" }));
    let svg = dark_fr["chart"].as_str().expect("an SVG chart");
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    assert_eq!(svg.matches("<circle").count() as u64, 2 * rated + 2, "two marks per rated tie");
    assert_ne!(Some(svg), view["chart"].as_str(), "the theme and language change the drawing");

    // Apply on the demo's own ratings, whose fit beats the defaults whatever the day (the demo
    // crate's calibration_sweep): the weights are the model's, and the strengths are calibrated.
    // Applied before the rating below, since a tie rated by the test could tip the thin margin.
    let record = h.ok("apply_calibration", json!({}));
    let settings = h.ok("get_model_settings", json!({}));
    assert_eq!(settings["strength_weights"], record["weights"]);
    let status = h.ok("calibration_status", json!({}));
    assert_eq!(status["state"], "calibrated");
    assert_eq!(status["rated"], record["rated"]);

    // The queue: informative ties, spread over strengths, weakest first.
    let queue = h.ok("rating_queue", json!({ "limit": 5 }));
    let queue = queue.as_array().unwrap();
    assert_eq!(queue.len(), 5);
    let strengths: Vec<f64> = queue.iter().map(|q| q["strength"].as_f64().unwrap()).collect();
    assert!(strengths.windows(2).all(|w| w[0] <= w[1]), "{strengths:?}");
    assert!(queue.iter().all(|q| q["interactions"].as_u64().unwrap() >= 3));

    // Rating one: its closeness is set and dated, and it leaves the queue.
    let first = queue[0]["contact"].clone();
    let contact = h.ok("rate_contact", json!({ "id": first, "closeness": 2 }));
    assert_eq!(contact["closeness"], 2);
    let again = h.ok("rating_queue", json!({ "limit": 100 }));
    assert!(again.as_array().unwrap().iter().all(|q| q["contact"] != first), "rated now, not asked again");
    let refused = h.call("rate_contact", json!({ "id": first, "closeness": 7 })).unwrap_err();
    assert_eq!(refused["code"], "invalid");
    assert!(refused["message"].as_str().unwrap().starts_with("closeness"), "{refused}");

    // Back to the defaults.
    let settings: Value = h.ok("reset_calibration", json!({}));
    assert_eq!(settings["strength_weights"], h.ok("default_model_settings", json!({}))["strength_weights"]);
    assert_eq!(h.ok("calibration_status", json!({})), json!({ "state": "uncalibrated" }));
    assert!(h.ok("calibration", json!({}))["applied"].is_null());
}
