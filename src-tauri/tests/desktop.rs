//! The native Save and Open dialogs and "Show in folder" (issue 15), through the real command set
//! on the mock runtime. The dialogs answer from a file beside the test's database (the test seam
//! of `desktop.rs`): what the user would pick, or `cancel`.

mod common;

use common::Harness;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

impl Harness {
    /// The paths "Show in folder" showed, in order.
    fn revealed(&self) -> Vec<PathBuf> {
        let log = self.dir.path().join(format!("{}.revealed", common::DIALOG_ANSWER));
        std::fs::read_to_string(log).unwrap_or_default().lines().map(PathBuf::from).collect()
    }

    fn add(&self, name: &str) {
        self.ok("add_contact", json!({ "fields": { "display_name": name } }));
    }
}

fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

#[test]
fn each_export_goes_where_the_user_chose_and_shows_in_its_folder() {
    let h = Harness::new();
    h.add("Ann Lee");
    let out = tempfile::tempdir().unwrap();

    let chosen = out.path().join("my contacts.vcf");
    h.answer(chosen.to_str().unwrap());
    let saved = h.ok("export_data", json!({ "format": "vcard" }));
    assert_eq!(saved["path"], json!(chosen.display().to_string()), "{saved}");
    assert!(std::fs::read_to_string(&chosen).unwrap().contains("FN:Ann Lee"));

    // The user confirmed replacing the file in the dialog: it is replaced.
    h.answer(chosen.to_str().unwrap());
    let again = h.ok("export_data", json!({ "format": "json" }));
    assert_eq!(again["path"], saved["path"]);
    assert!(std::fs::read_to_string(&chosen).unwrap().contains("\"contacts\""), "replaced by the JSON export");

    let folder = out.path().join("tables");
    h.answer(folder.to_str().unwrap());
    let csv = h.ok("export_data", json!({ "format": "csv" }));
    assert!(folder.join("contacts.csv").is_file(), "{csv}");

    let calendar = out.path().join("agenda.ics");
    h.answer(calendar.to_str().unwrap());
    let ics = h.ok("save_agenda_calendar", json!({ "days": 14, "lang": "fr" }));
    assert!(std::fs::read_to_string(&calendar).unwrap().starts_with("BEGIN:VCALENDAR"), "{ics}");

    let chart = out.path().join("index.svg");
    h.answer(chart.to_str().unwrap());
    let svg = h.ok("save_chart", json!({ "kind": "index", "format": "svg" }));
    assert!(std::fs::read_to_string(&chart).unwrap().starts_with("<svg"), "{svg}");

    // A folder answer: the proposed name in that folder, a name that says what the file is.
    h.answer(out.path().to_str().unwrap());
    let proposed = h.ok("export_data", json!({ "format": "json" }));
    let name = Path::new(proposed["path"].as_str().unwrap()).file_name().unwrap().to_str().unwrap().to_owned();
    assert!(name.starts_with("rapport-export-") && name.ends_with(".json"), "{name}");

    // "Show in folder" shows the file that number names, and only a file this window saved.
    for (reply, path) in [(&saved, &chosen), (&csv, &folder), (&ics, &calendar), (&svg, &chart)] {
        h.ok("show_in_folder", json!({ "file": reply["reveal"] }));
        assert_eq!(h.revealed().last(), Some(path));
    }
    let refused = h.call("show_in_folder", json!({ "file": 999 })).unwrap_err();
    assert_eq!(refused["code"], json!("not_found"), "{refused}");
    assert_eq!(refused["key"], json!("no_saved_file"), "{refused}");
    assert_eq!(h.revealed().len(), 4, "an unknown number shows nothing");
}

#[test]
fn a_cancelled_save_writes_nothing_and_answers_null() {
    let h = Harness::new();
    h.add("Ann Lee");
    let out = tempfile::tempdir().unwrap();
    std::env::set_var("RAPPORT_EXPORT_DIR", out.path());
    h.answer("cancel");
    for (cmd, args) in [
        ("export_data", json!({ "format": "json" })),
        ("export_data", json!({ "format": "csv" })),
        ("save_agenda_calendar", json!({ "days": 14 })),
        ("save_chart", json!({ "kind": "index", "format": "png" })),
    ] {
        assert_eq!(h.ok(cmd, args), Value::Null, "{cmd}");
    }
    assert_eq!(files_in(out.path()), 0);
    // The database's own file is refused even when chosen in the dialog.
    h.answer(h.dir.path().join("rapport.db").to_str().unwrap());
    let refused = h.call("export_data", json!({ "format": "json" })).unwrap_err();
    assert_eq!(refused["code"], json!("invalid"), "{refused}");
}

#[test]
fn a_file_chosen_in_the_open_dialog_is_previewed_then_imported() {
    let h = Harness::new();
    let vcf = h.dir.path().join("phone.vcf");
    std::fs::write(&vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.org\r\nEND:VCARD\r\n").unwrap();

    h.answer("cancel");
    assert_eq!(h.ok("import_open", json!({ "label": "Contacts" })), Value::Null, "cancelled");

    h.answer(vcf.to_str().unwrap());
    let picked = h.ok("import_open", json!({ "label": "Contacts" }));
    assert_eq!(picked["file_name"], json!("phone.vcf"), "the page gets the name, not the path: {picked}");
    assert!(!picked.to_string().contains(h.dir.path().to_str().unwrap()), "{picked}");
    let job = h.ok("import_start", json!({ "fileName": "", "options": {}, "picked": picked["picked"] }));
    // No bytes in the body: the shell reads the file the user chose.
    let preview = common::call(&h.window, "import_preview", json!({}));
    assert!(preview.is_err(), "the job header is still required");
    let preview = common::invoke(
        &h.window,
        "import_preview",
        tauri::ipc::InvokeBody::Json(json!({})),
        [(tauri::http::header::HeaderName::from_static("x-import-job"), job.to_string().parse().unwrap())]
            .into_iter()
            .collect(),
    )
    .unwrap();
    assert_eq!(preview["contacts_created"], json!(1), "{preview}");
    let done = h.ok("import_apply", json!({ "job": job }));
    assert_eq!(done["applied"], json!(true));
    assert_eq!(h.ok("list_contacts", json!({ "query": {} }))[0]["display_name"], json!("Ann Lee"));

    // A number no dialog gave is refused, and starts nothing.
    let refused = h.call("import_start", json!({ "fileName": "x.vcf", "options": {}, "picked": 77 })).unwrap_err();
    assert_eq!(refused["key"], json!("no_picked_file"), "{refused}");
}

#[test]
fn a_backup_made_now_shows_in_its_folder() {
    let h = Harness::new();
    let made = h.ok("backup_now", json!({}));
    assert!(Path::new(made["path"].as_str().unwrap()).is_file(), "{made}");
    h.ok("show_in_folder", json!({ "file": made["reveal"] }));
    assert_eq!(h.revealed(), [PathBuf::from(made["path"].as_str().unwrap())]);
}

#[test]
fn one_instance_per_database() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    std::fs::write(&a, "").unwrap();
    let id = rapport_app::instance_id(Some(&a));
    assert_eq!(id, rapport_app::instance_id(Some(&a)), "the same database, the same instance");
    assert_eq!(id, rapport_app::instance_id(Some(&dir.path().join(".").join("a.db"))), "by any path");
    assert_ne!(id, rapport_app::instance_id(Some(&b)), "another database, another instance");
    // A D-Bus name: dot-separated elements of letters, digits and _, none starting with a digit.
    for element in id.split('.') {
        assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()), "{id}");
        assert!(element.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{id}");
    }
}
