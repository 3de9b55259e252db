//! What a failed command sends to the window: the application layer's
//! [`Failure`](rapport_service::Failure), `{ "code", "message", "key", "params" }` plus `"field"`
//! when the input at fault is known. The window words it in its own language from `key` and
//! `params`, and branches on `code`. When the database could not be opened, every command answers
//! with that opening error, code and all.

pub use rapport_service::Failure as CommandError;
