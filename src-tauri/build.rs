//! Declares every app command so that tauri-build makes each one a permission; a command then
//! works only in a window whose capability (capabilities/main.json) grants it by name.

include!("src/command_names.rs");

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        // `cargo:warning` would scroll away; a build script's panic shows the reason in full.
        panic!("tauri-build failed: {e:#}");
    }
}
