//! The window's security settings, checked on the files the app is built from: the CSP in
//! tauri.conf.json stays strict, no remote content can be loaded or granted the IPC, the
//! capability grants the app's own commands (and listening to events, nothing more of Tauri's
//! core) to the main window only, and a window it does not name can call nothing. (The e2e suite, tests/e2e/specs/security.test.mjs, checks the same CSP in
//! force in the real webview.)

use rapport_app::{AppState, COMMANDS};
use serde_json::{json, Value};
use tauri::{WebviewUrl, WebviewWindowBuilder};

mod common;
use common::call;

fn conf() -> Value {
    serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json is JSON")
}

/// The CSP as `directive -> sources`.
fn csp_directives(csp: &str) -> Vec<(String, Vec<String>)> {
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(str::to_owned);
            (words.next().unwrap(), words.collect())
        })
        .collect()
}

/// What is wrong with a CSP, if anything: each problem in words. Kept apart from the test so the
/// test below can show it catches the CSPs it must refuse.
fn csp_problems(csp: &str) -> Vec<String> {
    let directives = csp_directives(csp);
    let mut problems = Vec::new();
    let get = |name: &str| directives.iter().find(|(d, _)| d == name).map(|(_, s)| s.clone());
    match get("default-src") {
        Some(s) if s == ["'self'"] => {}
        other => problems.push(format!("default-src must be exactly 'self', not {other:?}")),
    }
    for needed in ["script-src", "style-src"] {
        if get(needed).is_none() {
            problems.push(format!("{needed} must be set (no fallback that a later edit of default-src could widen)"));
        }
    }
    for (directive, sources) in &directives {
        for source in sources {
            let s = source.to_ascii_lowercase();
            let remote = (s.starts_with("http:") || s.starts_with("https:") || s.starts_with("ws:") || s.starts_with("wss:"))
                // Tauri's own IPC endpoint on Linux/Windows: a local custom protocol, not the network.
                && !(directive == "connect-src" && s == "http://ipc.localhost");
            let problem = if s == "'unsafe-inline'"
                || s == "'unsafe-eval'"
                || s == "'unsafe-hashes'"
                || s == "'wasm-unsafe-eval'"
            {
                Some("is unsafe")
            } else if s.contains('*') {
                Some("is a wildcard")
            } else if remote || s == "http:" || s == "https:" || s == "blob:" || s == "filesystem:" {
                Some("lets remote or generated content in")
            } else if s == "data:" && directive != "img-src" {
                // Charts are `<img src="data:image/svg+xml,...">`; data: anywhere else could run code.
                Some("is data: outside img-src")
            } else {
                None
            };
            if let Some(why) = problem {
                problems.push(format!("{directive} {source} {why}"));
            }
        }
    }
    problems
}

#[test]
fn the_csp_is_strict() {
    let conf = conf();
    let security = &conf["app"]["security"];
    let csp = security["csp"].as_str().expect("tauri.conf.json sets app.security.csp as one string");
    assert_eq!(csp_problems(csp), Vec::<String>::new(), "CSP: {csp}");
    // The dev CSP, if ever set, obeys the same rules; Tauri must not be told to leave the CSP alone.
    if let Some(dev) = security["devCsp"].as_str() {
        assert_eq!(csp_problems(dev), Vec::<String>::new(), "devCsp: {dev}");
    }
    assert!(
        security.get("dangerousDisableAssetCspModification").is_none(),
        "Tauri adds nonces and hashes for its own scripts; turning that off weakens the CSP"
    );
    assert!(security.get("dangerousRemoteDomainIpcAccess").is_none());
}

#[test]
fn the_csp_check_refuses_what_it_must() {
    let good = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src ipc: http://ipc.localhost";
    assert!(csp_problems(good).is_empty(), "{:?}", csp_problems(good));
    for bad in [
        "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'",
        "default-src 'self'; style-src 'self'; script-src 'self' 'unsafe-eval'",
        "default-src 'self'; style-src 'self'; script-src 'self' https://cdn.example.org",
        "default-src 'self'; style-src 'self'; script-src 'self'; connect-src https://api.example.org",
        "default-src 'self'; style-src 'self'; script-src 'self'; img-src *",
        "default-src 'self'; style-src 'self'; script-src 'self' data:",
        "default-src *; style-src 'self'; script-src 'self'",
        "default-src 'self'",
    ] {
        assert!(!csp_problems(bad).is_empty(), "not caught: {bad}");
    }
}

#[test]
fn the_window_loads_only_the_bundled_ui() {
    let conf = conf();
    // frontendDist is a folder embedded at build time, never a URL; no devUrl server either.
    let dist = conf["build"]["frontendDist"].as_str().unwrap();
    assert!(!dist.contains("://"), "frontendDist is {dist}");
    assert!(conf["build"].get("devUrl").is_none(), "a devUrl would load the UI from a server");
    for window in conf["app"]["windows"].as_array().unwrap() {
        if let Some(url) = window["url"].as_str() {
            assert!(!url.contains("://"), "window {} loads {url}", window["label"]);
        }
    }
}

/// The core permissions the window holds: it listens to the `changed` event, and can stop.
const EVENT_PERMISSIONS: [&str; 2] = ["core:event:allow-listen", "core:event:allow-unlisten"];

#[test]
fn the_capability_grants_the_commands_by_name_to_the_main_window_only() {
    let caps: Value = serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
    assert_eq!(caps["windows"], json!(["main"]));
    assert!(caps.get("remote").is_none(), "no remote URL may reach the IPC");
    assert!(caps.get("webviews").is_none());
    let mut core = Vec::new();
    for p in caps["permissions"].as_array().unwrap() {
        let p = p.as_str().expect("each permission is granted by name, with no scope object");
        if p.contains(':') {
            core.push(p);
        } else {
            assert!(p.starts_with("allow-"), "{p} is not one of the app's own commands");
        }
    }
    // The one thing granted beyond the app's commands: hearing the shell's `changed` event.
    // Not `allow-emit`/`allow-emit-to`, not `core:event:default`, no other core plugin.
    assert_eq!(core, EVENT_PERMISSIONS, "the only core permissions are listening to events and stopping");
    // Only one capability file: a second one would grant more, unseen by the test above.
    let files: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, ["main.json"]);
}

#[test]
fn no_command_takes_sql_a_file_path_or_code() {
    // Each command does one domain operation; none is a door to the database, the disk or a shell.
    for cmd in COMMANDS {
        for word in ["sql", "query_raw", "exec", "eval", "file", "path", "shell", "open_url", "fs_", "read_", "write_"]
        {
            assert!(!cmd.contains(word), "{cmd} looks like a generic {word} command");
        }
    }
}

#[test]
fn what_the_capability_does_not_grant_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(&dir.path().join("rapport.db"));
    let (app, main) = common::app_and_window(state);
    // A window the capability does not name: the same commands, registered, but granted to no one.
    let other = WebviewWindowBuilder::new(&app, "other", WebviewUrl::App("index.html".into())).build().unwrap();

    for cmd in COMMANDS {
        let refused = call(&other, cmd, json!({})).expect_err(&format!("{cmd} ran in a window with no grant"));
        assert!(refused.to_string().contains("not allowed"), "{cmd}: {refused}");
        // ...while the main window reaches it (it may still refuse the empty arguments itself).
        if *cmd != "load_demo" {
            if let Err(e) = call(&main, cmd, json!({})) {
                assert!(!e.to_string().contains("not allowed"), "{cmd} is not granted to main: {e}");
            }
        }
    }
    // Listening to the shell's events is granted to main only; emitting one is granted to nobody,
    // so a page cannot tell the window that data changed, nor reach a Rust listener.
    let listen = json!({ "event": "changed", "target": { "kind": "Any" }, "handler": 0 });
    let id = call(&main, "plugin:event|listen", listen.clone()).expect("main may listen to the changed event");
    call(&main, "plugin:event|unlisten", json!({ "event": "changed", "eventId": id })).expect("and stop listening");
    let refused = call(&other, "plugin:event|listen", listen).expect_err("a window with no grant listened");
    assert!(refused.to_string().contains("not allowed"), "{refused}");
    for (cmd, args) in [
        ("plugin:event|emit", json!({ "event": "changed", "payload": { "scope": "everything" } })),
        ("plugin:event|emit_to", json!({ "target": { "kind": "Any" }, "event": "changed", "payload": null })),
        ("plugin:fs|read_file", json!({ "path": "/etc/passwd" })),
        ("plugin:shell|execute", json!({ "program": "sh", "args": ["-c", "id"] })),
        ("plugin:app|version", json!({})),
        ("plugin:webview|create_webview_window", json!({ "options": { "label": "x", "url": "https://example.org" } })),
        ("not_a_command", json!({})),
    ] {
        let refused = call(&main, cmd, args).expect_err(&format!("{cmd} was not refused"));
        let text = refused.to_string();
        assert!(text.contains("not allowed") || text.contains("not found"), "{cmd}: {text}");
    }
}

/// Issue 15: the window-state, dialog, opener and notification plugins serve the shell, not the page. With
/// them registered as in the real window, none of their commands is granted (the capability
/// names none: see the test above), so a page cannot open a dialog, a file, a URL or a folder,
/// nor move the window's saved state, nor send a notification; the shell's own `import_open`,
/// `show_in_folder` and reminder commands are the only ways in, and they take no path.
#[test]
fn the_desktop_plugins_grant_the_page_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(&dir.path().join("rapport.db"));
    let answers = rapport_app::Dialogs::Answers(dir.path().join("dialog-answer"));
    let app =
        rapport_app::with_desktop_plugins(rapport_app::build_app_with(tauri::test::mock_builder(), state, answers))
            .build(rapport_app::context())
            .expect("the app builds with its plugins");
    let config = app.config().app.windows.first().unwrap().clone();
    let main = WebviewWindowBuilder::from_config(&app, &config).unwrap().build().unwrap();
    for (cmd, args) in [
        ("plugin:dialog|open", json!({ "options": {} })),
        ("plugin:dialog|save", json!({ "options": {} })),
        ("plugin:dialog|message", json!({ "message": "hi" })),
        ("plugin:dialog|ask", json!({ "message": "hi" })),
        ("plugin:opener|open_url", json!({ "url": "https://example.org" })),
        ("plugin:opener|open_path", json!({ "path": "/etc/passwd" })),
        ("plugin:opener|reveal_item_in_dir", json!({ "paths": ["/etc/passwd"] })),
        ("plugin:window-state|save_window_state", json!({ "flags": 1 })),
        ("plugin:window-state|restore_state", json!({ "label": "main", "flags": 1 })),
        ("plugin:window-state|filename", json!({})),
        // The notification plugin: the page can neither send one (a fake "This week") nor read
        // or ask for the permission; the shell sends the reminder and says the permission.
        ("plugin:notification|notify", json!({ "options": { "title": "Rapport", "body": "x" } })),
        ("plugin:notification|is_permission_granted", json!({})),
        ("plugin:notification|request_permission", json!({})),
        ("plugin:notification|remove_active", json!({ "notifications": [1] })),
        ("plugin:notification|register_listener", json!({ "event": "actionPerformed", "handler": 0 })),
    ] {
        // Registered, so refused by the capability itself, not for being unknown.
        let refused = call(&main, cmd, args).expect_err(&format!("{cmd} was not refused"));
        assert!(refused.to_string().contains("not allowed"), "{cmd}: {refused}");
    }
    // Not even registered: the dialog plugin uses the fs plugin's types, not its commands.
    for cmd in ["plugin:fs|read_file", "plugin:single-instance|anything"] {
        let refused = call(&main, cmd, json!({ "path": "/etc/passwd" })).expect_err(&format!("{cmd} was not refused"));
        let text = refused.to_string();
        assert!(text.contains("not allowed") || text.contains("not found"), "{cmd}: {text}");
    }
    // The shell's own doors are granted, and name no path.
    for cmd in ["import_open", "show_in_folder", "reminder_settings", "send_test_reminder"] {
        assert!(COMMANDS.contains(&cmd), "{cmd}");
        if let Err(e) = call(&main, cmd, json!({})) {
            assert!(!e.to_string().contains("not allowed"), "{cmd} is not granted to main: {e}");
        }
    }
}
