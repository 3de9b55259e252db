//! The app's commands: each one line over a [`Store`](rapport_core::Store) method, run off the UI
//! thread by [`AppState::run`]. Arguments are core's typed records, so serde rejects a malformed
//! call before it reaches the store, and the store validates the rest (its errors come back as
//! `{ code, message }`). In JavaScript the arguments are named in camelCase (`answeredIn`).
//!
//! Every command here must also be listed in `command_names.rs` and granted in
//! `capabilities/main.json`, or the window refuses it.

use chrono::Utc;
use rapport_core::demo::{self, DemoSummary};
use rapport_core::*;
use tauri::State;

use crate::error::CommandError;
use crate::state::{AppInfo, AppState};

type Reply<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Reply<AppInfo> {
    state.info().await
}

#[tauri::command]
pub async fn list_contacts(state: State<'_, AppState>, query: ContactQuery) -> Reply<Vec<ContactSummary>> {
    state.run(move |s| s.list_contacts(&query)).await
}

#[tauri::command]
pub async fn get_contact(state: State<'_, AppState>, id: ContactId) -> Reply<Contact> {
    state.run(move |s| s.contact(id)).await
}

#[tauri::command]
pub async fn add_contact(state: State<'_, AppState>, fields: ContactFields) -> Reply<Contact> {
    state.run(move |s| s.add_contact(&fields)).await
}

#[tauri::command]
pub async fn update_contact(state: State<'_, AppState>, id: ContactId, fields: ContactFields) -> Reply<Contact> {
    state.run(move |s| s.update_contact(id, &fields)).await
}

#[tauri::command]
pub async fn archive_contact(state: State<'_, AppState>, id: ContactId, archived: bool) -> Reply<Contact> {
    state.run(move |s| s.set_archived(id, archived)).await
}

#[tauri::command]
pub async fn log_interaction(state: State<'_, AppState>, interaction: NewInteraction) -> Reply<Interaction> {
    state.run(move |s| s.log_interaction(&interaction)).await
}

#[tauri::command]
pub async fn list_interactions(state: State<'_, AppState>, query: InteractionQuery) -> Reply<Vec<Interaction>> {
    state.run(move |s| s.list_interactions(&query)).await
}

#[tauri::command]
pub async fn list_questions(state: State<'_, AppState>, query: QuestionQuery) -> Reply<Vec<Question>> {
    state.run(move |s| s.list_questions(&query)).await
}

#[tauri::command]
pub async fn answer_question(
    state: State<'_, AppState>,
    question: QuestionId,
    answered_in: InteractionId,
) -> Reply<Question> {
    state.run(move |s| s.answer_question(question, answered_in)).await
}

#[tauri::command]
pub async fn load_demo(state: State<'_, AppState>) -> Reply<DemoSummary> {
    state.run(|s| demo::load_demo(s, Utc::now())).await
}
