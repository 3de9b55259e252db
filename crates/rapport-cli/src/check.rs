//! `rapport check`: SQLite's quick check (`--full`: its integrity check) of the database, read
//! only, naming the backup to restore when it fails; and the same quick check before a command
//! writes to a small database, which refuses the write on a damaged one.

use std::path::Path;

use rapport_core::backup::FileCheck;
use rapport_service::health::DatabaseHealth;

use crate::cli::{CheckArgs, CircleCommand, Command, ContactCommand, ModelCommand, PostCommand};
use crate::error::{CliError, Result};
use crate::output;
use crate::Ctx;

/// Up to this size a write first runs the quick check, which reads every page: about 2 ms on the
/// demo network (0.7 MB), 25 ms at 5 MB, 140 ms at 20 MB and 0.8 s at 111 MB (docs/reliability.md).
/// A larger database is checked by the app shortly after start and by `rapport check`, not
/// before every command.
pub const CHECK_BEFORE_WRITE_MAX_BYTES: u64 = 5 * 1024 * 1024;

pub fn run(ctx: &mut Ctx, args: CheckArgs) -> Result<()> {
    let health = ctx.service.check_database(args.full)?;
    if ctx.json {
        output::json(ctx.out, &health)?;
    }
    let check = if args.full { "integrity check" } else { "quick check" };
    match &health.check {
        FileCheck::Good if !ctx.json => {
            writeln!(ctx.out, "{} passes SQLite's {check} ({} ms)", ctx.db_name(), health.took_ms)?;
            Ok(())
        }
        FileCheck::Good => Ok(()),
        FileCheck::NotChecked => Err(CliError::failure(format!(
            "{} is encrypted: the check reads the file without its key, so it did not run",
            ctx.db_name()
        ))),
        FileCheck::Damaged { .. } => {
            let sentence = damage_sentence(&ctx.db_name(), &health, "Rapport will not back it up");
            Err(CliError::failure(sentence))
        }
    }
}

/// Whether `command` writes to the database (restoring, the way out of damage, is not counted).
pub fn writes(command: &Command) -> bool {
    match command {
        Command::Contact(c) => {
            matches!(
                c,
                ContactCommand::Add(_)
                    | ContactCommand::Edit(_)
                    | ContactCommand::Archive(_)
                    | ContactCommand::Delete(_)
            )
        }
        Command::Interaction(_) | Command::Value(_) | Command::Question(_) => true,
        Command::Post(c) => matches!(c, PostCommand::Add(_) | PostCommand::Delete(_)),
        Command::Circle(c) => matches!(c, CircleCommand::Add(_) | CircleCommand::Edit(_)),
        Command::Model(c) => {
            matches!(c, ModelCommand::Set { .. } | ModelCommand::Reset | ModelCommand::Calibrate { apply: true, .. })
        }
        Command::Import(args) => !args.dry_run,
        Command::Log(_) | Command::Answer(_) | Command::React(_) | Command::Demo(_) => true,
        _ => false,
    }
}

/// Before a write to a database of at most [`CHECK_BEFORE_WRITE_MAX_BYTES`]: refuses it when
/// the quick check fails, naming the backup to restore. Nothing is written either way.
pub fn before_write(ctx: &Ctx) -> Result<()> {
    let Some(path) = ctx.service.db_path() else { return Ok(()) };
    if !is_small(path) {
        return Ok(());
    }
    let health = ctx.service.check_database(false)?;
    if health.is_damaged() {
        return Err(CliError::failure(damage_sentence(&ctx.db_name(), &health, "nothing was written")));
    }
    Ok(())
}

/// When the store could not open because SQLite found the file malformed: the check's sentence,
/// which names the newest good backup, instead of SQLite's bare words. `None` for any other
/// failure (a locked or foreign file keeps its own sentence).
pub fn damage_on_open(ctx: &Ctx, failure: &rapport_service::Failure) -> Option<CliError> {
    if failure.code != "database" {
        return None;
    }
    let health = ctx.service.check_database(false).ok().filter(DatabaseHealth::is_damaged)?;
    Some(CliError::failure(damage_sentence(&ctx.db_name(), &health, "Rapport cannot open it")))
}

fn is_small(path: &Path) -> bool {
    std::fs::metadata(path).map(|m| m.len() <= CHECK_BEFORE_WRITE_MAX_BYTES).unwrap_or(false)
}

/// "DB is damaged (quick check: WHAT); OUTCOME. The newest backup that passes the check is ...".
/// `rapport restore` runs even when the damage keeps the store shut (it replaces the file then).
fn damage_sentence(db: &str, health: &DatabaseHealth, outcome: &str) -> String {
    let check = if health.full { "integrity check" } else { "quick check" };
    let finding = health.first_finding().unwrap_or("no detail");
    let remedy = match &health.newest_good {
        Some(b) => format!(
            "The newest backup that passes the check is {name}, taken {when} UTC: `rapport restore {name} --yes` \
             brings it back (what the database holds now is saved first as a pre-restore backup)",
            name = b.name,
            when = b.created_at.format("%Y-%m-%d %H:%M"),
        ),
        None => "No backup of it passes the check, so there is none to restore; docs/reliability.md says what \
                 to try"
            .to_owned(),
    };
    format!("{db} is damaged ({check}: {}); {outcome}. {remedy}", escape(finding))
}

/// SQLite's text names tables and pages, but keep the terminal safe from anything in it.
fn escape(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}
