// The app's commands, in one list that build.rs (which turns each into an `allow-<name>`
// permission) and the library (whose tests check that every one is registered and granted) both
// include. Adding a command: add it here, to `generate_handler!` in lib.rs, and grant it in
// capabilities/main.json; `cargo test -p rapport-app` fails until all three agree.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "list_contacts",
    "get_contact",
    "add_contact",
    "update_contact",
    "archive_contact",
    "log_interaction",
    "list_interactions",
    "list_questions",
    "answer_question",
    "load_demo",
    "dashboard",
    "contact_measures",
    "chart_svg",
    "get_model_settings",
    "set_model_settings",
    "default_model_settings",
    "contact_page",
    "open_loops",
    "list_circles",
    "merge_contacts",
    "undo_merge",
    "list_value_items",
    "list_posts",
    "add_post",
    "delete_post",
    "add_reaction",
    "delete_reaction",
];
