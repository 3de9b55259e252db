//! Exports and charts are written by one routine for the window (a new dated name in a folder)
//! and the CLI (the file `--out` names): the same bytes, the same refusals.

use std::path::{Path, PathBuf};

use rapport_core::charts::{ChartKind, ChartOptions};
use rapport_core::{Channel, ContactFields, NewInteraction, NewQuestion, Party};
use rapport_service::files::{Destination, ExportContent, ExportFormat, FileFormat};
use rapport_service::Service;

/// A small network: two contacts (one with a comma and a long note, which vCard escapes and
/// folds), an interaction with a question.
fn service(dir: &Path) -> Service {
    let service = Service::open(&dir.join("rapport.db"));
    let mut ana = ContactFields::named("Ana Lima");
    ana.company = Some("Globex, Inc.".into());
    ana.notes = "Met at the conference; ".repeat(8);
    let ana = service.add_contact(&ana).unwrap();
    service.add_contact(&ContactFields::named("Bruno Costa")).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-01T12:00:00+01:00").unwrap();
    let mut call = NewInteraction::new(at, Channel::Call, Party::Me, vec![ana.id]);
    call.questions = vec![NewQuestion { asked_by: Party::Them, text: "Lunch?".into(), contact: None }];
    service.log_interaction(&call).unwrap();
    service
}

fn named(path: PathBuf, force: bool) -> Destination {
    Destination::Named { path, force, field: "--out" }
}

#[test]
fn the_windows_export_and_the_clis_are_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let service = service(dir.path());
    let downloads = dir.path().join("Downloads");
    for (format, file) in [(ExportFormat::Json, "out.json"), (ExportFormat::Vcard, "out.vcf")] {
        let window = service.export_to_folder(format, &downloads).unwrap();
        let cli = service.export(format, &named(dir.path().join(file), false)).unwrap();
        let window_bytes = std::fs::read(&window.saved.path).unwrap();
        let cli_bytes = std::fs::read(&cli.saved.path).unwrap();
        assert_eq!(window_bytes, cli_bytes, "{format:?}");
        assert_eq!((window.saved.bytes, cli.saved.bytes), (window_bytes.len(), cli_bytes.len()));
        // And what the CLI prints to stdout without --out.
        let ExportContent::File { bytes, summary } = service.export_content(format).unwrap() else {
            panic!("{format:?} is one file")
        };
        assert_eq!(bytes, cli_bytes, "{format:?} to stdout");
        assert_eq!(summary.contacts, 2);
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(json["contacts"].as_array().unwrap().len(), 2);

    let window = service.export_to_folder(ExportFormat::Csv, &downloads).unwrap();
    let cli = service.export(ExportFormat::Csv, &named(dir.path().join("csv"), false)).unwrap();
    assert_eq!(window.files, cli.files);
    assert_eq!(window.files.len(), 8);
    for file in &cli.files {
        let a = std::fs::read(Path::new(&window.saved.path).join(file)).unwrap();
        let b = std::fs::read(dir.path().join("csv").join(file)).unwrap();
        assert_eq!(a, b, "{file}");
    }
}

#[test]
fn a_new_name_never_replaces_and_a_named_file_only_when_forced() {
    let dir = tempfile::tempdir().unwrap();
    let service = service(dir.path());
    let downloads = dir.path().join("Downloads");
    let first = service.export_to_folder(ExportFormat::Json, &downloads).unwrap();
    let second = service.export_to_folder(ExportFormat::Json, &downloads).unwrap();
    assert_ne!(first.saved.path, second.saved.path);
    assert!(second.saved.path.ends_with(" (2).json"), "{}", second.saved.path);
    let csv = service.export_to_folder(ExportFormat::Csv, &downloads).unwrap();
    assert!(csv.saved.path.ends_with("-csv"), "{}", csv.saved.path);
    let mut names: Vec<String> =
        std::fs::read_dir(&downloads).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names.len(), 3, "no temporary file left: {names:?}");

    let file = dir.path().join("keep.json");
    std::fs::write(&file, "keep me").unwrap();
    let err = service.export(ExportFormat::Json, &named(file.clone(), false)).unwrap_err();
    assert_eq!((err.key, err.field), ("file_exists", Some("--out")));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    service.export(ExportFormat::Json, &named(file.clone(), true)).unwrap();
    assert!(std::fs::read_to_string(&file).unwrap().contains("Ana Lima"));

    for target in ["rapport.db", "rapport.db-wal", "rapport.db-shm"] {
        let err = service.export(ExportFormat::Vcard, &named(dir.path().join(target), true)).unwrap_err();
        assert_eq!(err.key, "export_over_database", "{target}");
    }
}

#[test]
fn a_chart_is_drawn_once_and_saved_under_either_policy() {
    let dir = tempfile::tempdir().unwrap();
    let service = service(dir.path());
    let options = ChartOptions::new(ChartKind::Index, chrono::Utc::now().timestamp());
    let window = service.save_chart(&options, FileFormat::Svg, &dir.path().join("Downloads")).unwrap();
    assert!(window.path.contains("rapport-index-"), "{}", window.path);
    let out = dir.path().join("index.svg");
    std::fs::write(&out, "an older chart").unwrap();
    // The CLI's `chart --out` replaces the file it names.
    let cli = service.save_chart_to(&options, FileFormat::Svg, &named(out.clone(), true)).unwrap();
    assert_eq!(std::fs::read(&window.path).unwrap(), std::fs::read(&out).unwrap());
    assert_eq!(cli.path, out.display().to_string());
    let err = service.save_chart_to(&options, FileFormat::Png, &named(dir.path().join("rapport.db"), true));
    assert_eq!(err.unwrap_err().key, "export_over_database");
}
