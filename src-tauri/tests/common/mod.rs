//! What every test of the real command set shares: the app built as the desktop window builds it
//! (same `build_app`, compiled-in config, capabilities and permissions) on Tauri's mock runtime,
//! and a call made the way the page's `invoke` makes it.

// Each test file uses the part it needs.
#![allow(dead_code)]

use rapport_app::{build_app_with, AppState, Dialogs};

/// The file, beside the test's database, that answers the app's Save and Open dialogs.
pub const DIALOG_ANSWER: &str = "dialog-answer";
use serde_json::Value;
use tauri::http::HeaderMap;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// The app on `state`, and its main window built from its tauri.conf.json entry, as the real app
/// does on start (the mock runtime's `build` does not start the event loop that would do it).
///
/// No native dialog opens in a test: the dialogs answer from `dialog-answer` beside the database
/// (see `rapport_app::Dialogs::Answers`; no such file: a Save takes the proposed name, an Open is
/// cancelled).
pub fn app_and_window(state: AppState) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let answers = state.db_path().and_then(|p| p.parent()).unwrap_or(std::path::Path::new(".")).join(DIALOG_ANSWER);
    let app = build_app_with(mock_builder(), state, Dialogs::Answers(answers))
        .build(rapport_app::context())
        .expect("the app builds");
    // What the setup hook does when the real event loop starts, which the mock runtime never does.
    rapport_app::forward_changes(app.handle());
    let config = app.config().app.windows.first().expect("tauri.conf.json declares a window").clone();
    let window = WebviewWindowBuilder::from_config(&app, &config).unwrap().build().unwrap();
    assert_eq!(window.label(), "main");
    (app, window)
}

/// Calls `cmd` in `window` as `invoke(cmd, body, { headers })` does; the answer or the error.
pub fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: InvokeBody,
    headers: HeaderMap,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body,
        headers,
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

/// Calls `cmd` with JSON arguments, as `invoke(cmd, args)` does.
pub fn call(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke(window, cmd, InvokeBody::Json(args), HeaderMap::new())
}

/// A fresh database in a temporary folder, with the app and its window on it; the dialogs
/// answer from that folder (see [`DIALOG_ANSWER`]).
pub struct Harness {
    pub window: WebviewWindow<MockRuntime>,
    _app: App<MockRuntime>,
    pub dir: tempfile::TempDir,
}

impl Harness {
    pub fn new() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(&dir.path().join("rapport.db"));
        let (app, window) = app_and_window(state);
        Harness { window, _app: app, dir }
    }

    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call(&self.window, cmd, args)
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// What the user picks in the next dialog: a path, or `cancel`.
    pub fn answer(&self, with: &str) {
        std::fs::write(self.dir.path().join(DIALOG_ANSWER), with).unwrap();
    }
}
