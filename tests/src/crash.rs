//! The writes of the crash test (`tests/tests/crash.rs`): a child process (`crash_writer`) makes
//! them through the real store and is killed at random moments; the test replays what the child
//! acknowledged into a fresh database and compares. Each write is an [`Op`] that the child prints
//! as one JSON line before it starts (`try {...}`) and acknowledges after its commit (`ack`).

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_core::import::{self, ImportOptions};
use rapport_core::{
    Channel, ContactFields, ContactId, NewInteraction, NewQuestion, Party, QuestionQuery, Result, Store,
};
use serde::{Deserialize, Serialize};

/// How many contacts (each with one interaction) one import brings; all or none must be visible.
pub const IMPORT_SIZE: usize = 20;

/// One acknowledged write. Everything needed to redo it is in it (ids included: replayed in the
/// same order into an empty database, the same rows get the same ids).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    AddContact {
        name: String,
    },
    /// Logs an interaction; `summary` is unique, so the test can tell whether it is in a database.
    Log {
        interaction: NewInteraction,
    },
    /// An import of a LinkedIn `messages.csv`, through the importer users run (`rapport import`
    /// calls `import::apply_file`): `IMPORT_SIZE` people named `tag #j`, each with one message to me,
    /// so `IMPORT_SIZE` new contacts and as many interactions, all or none.
    Import {
        tag: String,
        at: DateTime<FixedOffset>,
    },
}

impl Op {
    pub fn apply(&self, store: &mut Store) -> Result<()> {
        match self {
            Op::AddContact { name } => store.add_contact(&ContactFields::named(name.clone())).map(drop),
            Op::Log { interaction } => store.log_interaction(interaction).map(drop),
            Op::Import { tag, at } => {
                let options = ImportOptions { me: vec![ME.to_owned()], ..Default::default() };
                // Through a file, as `rapport import FILE` reads it (again at each step).
                let folder = store.path().and_then(|p| p.parent()).map_or_else(std::env::temp_dir, |p| p.to_path_buf());
                let path = folder.join(format!("{}-{}-messages.csv", tag.replace(' ', "-"), std::process::id()));
                std::fs::write(&path, messages_csv(tag, *at))
                    .map_err(|source| rapport_core::Error::Io { path: path.clone(), source })?;
                let done = import::apply_file(store, &path, &options, &mut |_| true).map(drop);
                let _ = std::fs::remove_file(&path);
                done
            }
        }
    }

    /// Whether this write is in `store` (for the one write the child had begun but not
    /// acknowledged when it was killed: it may or may not have committed).
    pub fn is_in(&self, store: &Store) -> Result<bool> {
        let conn = store.connection();
        let (sql, key) = match self {
            Op::AddContact { name } => ("SELECT count(*) FROM contacts WHERE display_name = ?1", name),
            Op::Log { interaction } => ("SELECT count(*) FROM interactions WHERE summary = ?1", &interaction.summary),
            Op::Import { tag, .. } => ("SELECT count(*) FROM contacts WHERE display_name LIKE ?1 || ' #%'", tag),
        };
        let n: i64 = conn.query_row(sql, [key], |r| r.get(0))?;
        Ok(n > 0)
    }
}

/// Who I am in the crash test's LinkedIn messages.
const ME: &str = "Me Myself";

/// A LinkedIn `messages.csv` in which `tag #0`, `tag #1`... each write me one message, a minute
/// apart from `at`.
fn messages_csv(tag: &str, at: DateTime<FixedOffset>) -> String {
    let mut file = String::from(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n",
    );
    let slug = tag.replace(' ', "-");
    for j in 0..IMPORT_SIZE {
        let when = (at + Duration::minutes(j as i64)).with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M:%S UTC");
        file.push_str(&format!(
            "{slug}-{j},,{tag} #{j},https://www.linkedin.com/in/{slug}-{j},{ME},https://www.linkedin.com/in/me-myself,\
             {when},,Hello from {tag} #{j},INBOX\n"
        ));
    }
    file
}

/// Picks the child's next write from what `store` holds: a contact, an interaction (sometimes
/// asking a question), an answer to an open question, or an import. `run` and `k` make every
/// name unique across the child processes of one test.
pub fn next_op(store: &Store, rng: &mut ChaCha8Rng, run: u32, k: u32) -> Result<Op> {
    let ids: Vec<ContactId> = {
        let mut stmt = store.connection().prepare_cached("SELECT id FROM contacts ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let base = FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2024, 1, 1, 9, 0, 0).unwrap();
    let at = base + Duration::minutes(i64::from(run) * 10_000 + i64::from(k));
    let marker = format!("r{run}-{k}");
    let roll = rng.random_range(0..100);
    if ids.len() < 3 || roll < 25 {
        return Ok(Op::AddContact { name: format!("Contact {marker}") });
    }
    if roll < 35 {
        return Ok(Op::Import { tag: format!("import {marker}"), at });
    }
    let mut interaction = NewInteraction::new(at, Channel::Call, Party::Me, Vec::new());
    interaction.summary = format!("interaction {marker}");
    if roll < 60 {
        let open = store.list_questions(&QuestionQuery { open_only: true, ..Default::default() })?;
        if let Some(q) = open.get(rng.random_range(0..open.len().max(1))) {
            interaction.participants = vec![q.contact];
            interaction.answers = vec![q.id];
            interaction.initiated_by = Party::Them;
            return Ok(Op::Log { interaction });
        }
    }
    let first = ids[rng.random_range(0..ids.len())];
    interaction.participants.push(first);
    let second = ids[rng.random_range(0..ids.len())];
    if second != first && rng.random_bool(0.3) {
        interaction.participants.push(second);
    }
    interaction.duration_min = Some(rng.random_range(5..90));
    if rng.random_bool(0.5) {
        let asked_by = if rng.random_bool(0.5) { Party::Me } else { Party::Them };
        interaction.questions.push(NewQuestion { contact: None, asked_by, text: format!("question {marker}?") });
    }
    Ok(Op::Log { interaction })
}

/// The child's random generator for run `run` of the test seeded with `seed`.
pub fn rng_for(seed: u64, run: u32) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ (u64::from(run) << 32))
}
