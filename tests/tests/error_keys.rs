//! Every reason core can give (an error, an import problem) has its sentence in each language
//! of the window, so a French window never falls back on core's English for a known key.

use rapport_core::Reason;

fn table(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/lib").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_reason_key_has_an_english_and_a_french_sentence() {
    assert!(Reason::KEYS.len() > 100, "only {} keys: the list is broken", Reason::KEYS.len());
    // English comes from core's own templates (ui/gen/reasons-en.js, checked by generated.rs);
    // every other language has its own table.
    for file in ["../gen/reasons-en.js", "i18n-fr.js"] {
        let text = table(file);
        let missing: Vec<&str> =
            Reason::KEYS.iter().copied().filter(|k| !text.contains(&format!("\"error.{k}\":"))).collect();
        assert!(missing.is_empty(), "{file} lacks error.<key> for {missing:?}");
    }
}

#[test]
fn every_field_named_in_a_refusal_the_window_can_meet_has_a_label() {
    // The fields of the forms and commands the window uses; a raw snake_case name must not
    // reach a French user.
    let fields = [
        "display_name",
        "participants",
        "questions",
        "answers",
        "answered_in",
        "question",
        "contact",
        "closeness",
        "cadence_days",
        "emails",
        "birthday",
        "name",
        "platform",
        "count",
        "kind",
        "at",
        "comment",
        "title",
        "weight",
        "note",
        "summary",
        "duration_min",
        "met_on",
        "model",
        "demo",
        "backup",
        "database",
        "encryption",
        "passphrase",
        "file",
        "folder",
        "file_name",
        "format",
        "lang",
        "theme",
        "from",
        "to",
        "merged",
        "merge",
        "notes",
        "how_met",
        "company",
        "role",
        "location",
        "phones",
        "circles",
        "record",
        "since",
        "until",
        "job",
    ];
    for file in ["i18n.js", "i18n-fr.js"] {
        let text = table(file);
        let missing: Vec<&str> =
            fields.iter().copied().filter(|f| !text.contains(&format!("\"field.{f}\":"))).collect();
        assert!(missing.is_empty(), "{file} lacks field.<name> for {missing:?}");
    }
}
