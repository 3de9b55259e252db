//! The shell's side of the application layer (`rapport-service`): the [`Service`] is the app's
//! one piece of state, and [`call`] runs one of its calls off the webview's thread, since every
//! call blocks on the disk.

pub use rapport_service::Service as AppState;

use crate::error::CommandError;

/// Runs `work` on the service in Tauri's blocking pool, so the webview's thread never waits on
/// the disk. The service serialises calls on its own lock.
pub(crate) async fn call<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&AppState) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    let service = state.clone();
    tauri::async_runtime::spawn_blocking(move || work(&service))
        .await
        .map_err(|e| CommandError::internal(format!("the background task failed: {e}")))?
}
