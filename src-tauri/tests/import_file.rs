//! The window's import reads the file from disk at each step, as `rapport import` does (issue 17,
//! item 9): a file chosen in the Open dialog is read where it is, a dropped file from a private
//! copy beside the database that goes when the job ends, and a file that changed since its
//! preview is refused with nothing written. Through the real command set on the mock runtime.

mod common;

use common::Harness;
use std::path::Path;

use serde_json::{json, Value};
use tauri::http::header::HeaderName;
use tauri::http::HeaderMap;
use tauri::ipc::InvokeBody;

const ANN: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.org\r\nEND:VCARD\r\n";
const BOB: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Stone\r\nEMAIL:bob@example.org\r\nEND:VCARD\r\n";

impl Harness {
    /// Starts the import of `path` as the Open dialog gives it; the job's id.
    fn start_picked(&self, path: &Path) -> Value {
        self.answer(path.to_str().unwrap());
        let picked = self.ok("import_open", json!({ "label": "Contacts" }));
        self.ok("import_start", json!({ "fileName": "", "options": {}, "picked": picked["picked"] }))
    }

    /// The preview of `job`, with `body` as the page sends it: the bytes of a drop (sent to
    /// `import_drop` first, as the page does), or `{}`.
    fn preview(&self, job: &Value, body: InvokeBody) -> Result<Value, Value> {
        if let InvokeBody::Raw(_) = body {
            self.dropped(job, body)?;
            return self.preview(job, InvokeBody::Json(json!({})));
        }
        common::invoke(&self.window, "import_preview", body, job_header(job))
    }

    /// Sends a dropped file's bytes for `job`.
    fn dropped(&self, job: &Value, body: InvokeBody) -> Result<Value, Value> {
        common::invoke(&self.window, "import_drop", body, job_header(job))
    }

    fn names(&self) -> Vec<String> {
        let list = self.ok("list_contacts", json!({ "query": {} }));
        list.as_array().unwrap().iter().map(|c| c["display_name"].as_str().unwrap().to_owned()).collect()
    }

    /// The folders beside the database that hold dropped files.
    fn dropped_copies(&self) -> Vec<String> {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".rapport-import-"))
            .collect()
    }
}

#[test]
fn the_window_gets_the_first_rows_of_each_list_and_their_totals_not_every_card() {
    let h = Harness::new();
    let vcf = h.dir.path().join("many.vcf");
    // 120 cards, 70 of them without a name (a warning each), and the one merge (into a contact
    // already there) last in the file.
    h.ok(
        "add_contact",
        json!({ "fields": { "display_name": "Zed Known", "emails": [{ "value": "zed@example.org" }] } }),
    );
    let mut text = String::new();
    for n in 0..120 {
        let name = if n < 70 { String::new() } else { format!("FN:Person {n}\r\n") };
        text.push_str(&format!("BEGIN:VCARD\r\nVERSION:3.0\r\n{name}EMAIL:p{n}@example.org\r\nEND:VCARD\r\n"));
    }
    text.push_str(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zed Known\r\nEMAIL:zed@example.org\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n",
    );
    std::fs::write(&vcf, &text).unwrap();
    let job = h.start_picked(&vcf);
    let preview = h.preview(&job, InvokeBody::Json(json!({}))).unwrap();
    let rows = |v: &Value, list: &str| v[list].as_array().unwrap().len();
    assert!(preview["contacts_total"].as_u64().unwrap() >= 120, "{}", preview["contacts_total"]);
    assert_eq!(rows(&preview, "contacts"), 51, "the first 50 and the sole merge");
    assert_eq!(preview["contacts"][50]["action"], "merge");
    let problems = preview["problems_total"].as_u64().unwrap();
    assert_eq!(
        problems as usize,
        preview["errors"].as_u64().unwrap() as usize + preview["warnings"].as_u64().unwrap() as usize
    );
    assert_eq!(rows(&preview, "problems"), (problems as usize).min(50));

    let done = h.ok("import_apply", json!({ "job": job }));
    assert_eq!(rows(&done, "contacts"), 51, "{}", done["contacts_total"]);
    assert_eq!(done["contacts_merged"], json!(1));
    assert_eq!(h.names().len(), done["contacts_created"].as_u64().unwrap() as usize + 1);
}

#[test]
fn a_file_changed_after_its_preview_is_refused_and_nothing_is_written() {
    let h = Harness::new();
    let vcf = h.dir.path().join("phone.vcf");
    std::fs::write(&vcf, ANN).unwrap();
    let job = h.start_picked(&vcf);
    let preview = h.preview(&job, InvokeBody::Json(json!({}))).unwrap();
    assert_eq!(preview["contacts_created"], json!(1), "{preview}");

    // The user's phone syncs another card into the file while the preview is on screen.
    std::fs::write(&vcf, format!("{ANN}{BOB}")).unwrap();
    let refused = h.call("import_apply", json!({ "job": job })).unwrap_err();
    assert_eq!(refused["key"], json!("import_file_changed"), "{refused}");
    let said = refused["message"].as_str().unwrap();
    assert!(said.contains("changed while it was imported; nothing was written"), "{said}");
    assert!(h.names().is_empty(), "nothing written: {:?}", h.names());
    // The job is gone: its preview no longer says what the file holds.
    assert_eq!(h.call("import_apply", json!({ "job": job })).unwrap_err()["key"], json!("no_import_job"));

    // Imported again, the file is previewed and written as it is now.
    let job = h.start_picked(&vcf);
    assert_eq!(h.preview(&job, InvokeBody::Json(json!({}))).unwrap()["contacts_created"], json!(2));
    assert_eq!(h.ok("import_apply", json!({ "job": job }))["contacts_created"], json!(2));
    assert_eq!(h.names().len(), 2);
}

#[test]
fn a_file_chosen_in_the_open_dialog_is_read_where_it_is_with_progress() {
    let h = Harness::new();
    let vcf = h.dir.path().join("phone.vcf");
    std::fs::write(&vcf, format!("{ANN}{BOB}")).unwrap();
    let job = h.start_picked(&vcf);
    let preview = h.preview(&job, InvokeBody::Json(json!({}))).unwrap();
    assert_eq!((preview["contacts_created"].clone(), preview["applied"].clone()), (json!(2), json!(false)));
    let progress = h.ok("import_progress", json!({ "job": job }));
    assert_eq!(progress["done"], progress["total"], "the preview reported its end: {progress}");
    assert!(h.names().is_empty(), "a preview writes nothing");
    assert!(h.dropped_copies().is_empty(), "a chosen file is not copied: {:?}", h.dropped_copies());
    let done = h.ok("import_apply", json!({ "job": job }));
    assert_eq!((done["contacts_created"].clone(), done["applied"].clone()), (json!(2), json!(true)));
    assert_eq!(h.names(), ["Ann Lee", "Bob Stone"]);
}

fn job_header(job: &Value) -> HeaderMap {
    [(HeaderName::from_static("x-import-job"), job.to_string().parse().unwrap())].into_iter().collect()
}

/// A drop's bytes go to disk in a request of their own, which ends before the preview starts,
/// so the shell does not hold them through it (issue 17, item 9: held, a 50 MB drop took the
/// window's import past its memory target).
#[test]
fn a_dropped_files_bytes_are_on_disk_before_its_preview_and_the_preview_takes_none() {
    let h = Harness::new();
    let job = h.ok("import_start", json!({ "fileName": "phone.vcf", "options": {} }));
    h.dropped(&job, InvokeBody::Raw(format!("{ANN}{BOB}").into_bytes())).unwrap();
    let copies = h.dropped_copies();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let copy = h.dir.path().join(&copies[0]).join("phone.vcf");
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), format!("{ANN}{BOB}"), "the whole file, before any preview");
    let preview = h.preview(&job, InvokeBody::Json(json!({}))).unwrap();
    assert_eq!(preview["contacts_created"], json!(2), "previewed from the copy: {preview}");
    // The preview takes no bytes: a body sent to it is not read as the file.
    let other = h.ok("import_start", json!({ "fileName": "other.vcf", "options": {} }));
    let e = common::invoke(&h.window, "import_preview", InvokeBody::Raw(ANN.as_bytes().to_vec()), job_header(&other))
        .unwrap_err();
    assert_eq!(e["code"], json!("invalid"), "{e}");
    let done = h.ok("import_apply", json!({ "job": job }));
    assert_eq!(done["contacts_created"], json!(2), "{done}");
    assert!(h.dropped_copies().is_empty(), "removed after the apply: {:?}", h.dropped_copies());
    assert_eq!(h.names(), ["Ann Lee", "Bob Stone"]);
}

#[test]
fn a_dropped_file_is_imported_from_a_private_copy_that_goes_with_the_job() {
    let h = Harness::new();
    // A copy left by an app closed in the middle of an import (another process id).
    let left = h.dir.path().join(".rapport-import-1-left");
    std::fs::create_dir(&left).unwrap();
    std::fs::write(left.join("old.vcf"), ANN).unwrap();

    let job = h.ok("import_start", json!({ "fileName": "../../phone.vcf", "options": {} }));
    let preview = h.preview(&job, InvokeBody::Raw(format!("{ANN}{BOB}").into_bytes())).unwrap();
    assert_eq!(preview["contacts_created"], json!(2), "{preview}");
    let copies = h.dropped_copies();
    assert_eq!(copies.len(), 1, "one copy, the one left behind swept: {copies:?}");
    let copy = h.dir.path().join(&copies[0]);
    let files: Vec<_> = std::fs::read_dir(&copy).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(files, ["phone.vcf"], "under the name's last part only");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "only the user reads the copy");
    }
    let done = h.ok("import_apply", json!({ "job": job }));
    assert_eq!(done["contacts_created"], json!(2), "{done}");
    assert!(h.dropped_copies().is_empty(), "removed after the apply: {:?}", h.dropped_copies());

    // Cancelled after its preview: the copy goes too, and nothing is written.
    let job = h.ok("import_start", json!({ "fileName": "more.vcf", "options": {} }));
    let more = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Moss\r\nEND:VCARD\r\n";
    h.preview(&job, InvokeBody::Raw(more.as_bytes().to_vec())).unwrap();
    assert_eq!(h.dropped_copies().len(), 1);
    h.ok("import_cancel", json!({ "job": job }));
    assert!(h.dropped_copies().is_empty(), "removed after a cancel: {:?}", h.dropped_copies());
    assert_eq!(h.names(), ["Ann Lee", "Bob Stone"]);

    // A preview that fails (not a file Rapport reads) leaves no copy either.
    let job = h.ok("import_start", json!({ "fileName": "notes.bin", "options": {} }));
    assert!(h.preview(&job, InvokeBody::Raw(vec![0, 1, 2, 3])).is_err());
    assert!(h.dropped_copies().is_empty(), "removed after a failed preview: {:?}", h.dropped_copies());
}

/// Not a check of its own: run by hand under `/usr/bin/time -v` to measure the window's import
/// of a generated vCard of about `RAPPORT_MEASURE_MB` MB (default 50), chosen in the Open
/// dialog (`RAPPORT_MEASURE_DROP=1`: dropped, its bytes sent to `import_drop` as the page does).
#[test]
#[ignore = "a measurement run by hand under /usr/bin/time -v, not a check"]
fn measure_the_memory_of_an_import() {
    let mb: usize = std::env::var("RAPPORT_MEASURE_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let h = Harness::new();
    let vcf = h.dir.path().join("big.vcf");
    let mut text = String::with_capacity((mb << 20) + 4096);
    let mut n = 0;
    while text.len() < mb << 20 {
        n += 1;
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n} Example\r\nN:Example;Person {n};;;\r\n\
             EMAIL:person{n}@example.org\r\nTEL:+1 555 {n:07}\r\nORG:Company {c}\r\nNOTE:met at a conference\r\nEND:VCARD\r\n",
            c = n % 997
        ));
    }
    let size = text.len();
    let job = if std::env::var("RAPPORT_MEASURE_DROP").is_ok_and(|v| v == "1") {
        let job = h.ok("import_start", json!({ "fileName": "big.vcf", "options": {} }));
        h.dropped(&job, InvokeBody::Raw(text.into_bytes())).unwrap();
        job
    } else {
        std::fs::write(&vcf, &text).unwrap();
        drop(text);
        h.start_picked(&vcf)
    };
    // Only the counts are read from the answers: a tree of the whole answer (the preview lists
    // every card) would measure the test's JSON, not the shell.
    #[derive(serde::Deserialize)]
    struct Counts {
        contacts_created: usize,
    }
    let ask = |cmd: &str, body: InvokeBody, headers: HeaderMap| {
        let request = tauri::webview::InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers,
            invoke_key: tauri::test::INVOKE_KEY.to_string(),
        };
        let answer = tauri::test::get_ipc_response(&h.window, request).unwrap_or_else(|e| panic!("{cmd}: {e}"));
        answer.deserialize::<Counts>().unwrap().contacts_created
    };
    let headers: HeaderMap =
        [(HeaderName::from_static("x-import-job"), job.to_string().parse().unwrap())].into_iter().collect();
    assert_eq!(ask("import_preview", InvokeBody::Json(json!({})), headers), n);
    assert_eq!(ask("import_apply", InvokeBody::Json(json!({ "job": job })), HeaderMap::new()), n);
    eprintln!("imported {n} cards, {:.1} MB", size as f64 / 1048576.0);
}
