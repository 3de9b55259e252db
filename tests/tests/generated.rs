//! Files generated from Rust for the window are what the Rust says today: `ui/gen/domain.js`
//! (the domain's words and bounds, see `rapport_core::domain`) and `ui/gen/reasons-en.js` (the
//! English of every reason core can give, see `rapport_core::reason`). Set RAPPORT_WRITE_GENERATED=1 to
//! write them anew after a change.

use std::path::Path;

fn check(relative: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(relative);
    if std::env::var_os("RAPPORT_WRITE_GENERATED").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, expected).unwrap();
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{relative} is not what Rust generates today; run RAPPORT_WRITE_GENERATED=1 cargo test -p rapport-tests --test generated"
    );
}

#[test]
fn the_windows_domain_module_is_generated_from_core() {
    check("ui/gen/domain.js", &rapport_core::domain::domain_js());
}

#[test]
fn the_windows_english_reasons_are_cores_templates() {
    check("ui/gen/reasons-en.js", &rapport_core::reason::reasons_en_js());
}
