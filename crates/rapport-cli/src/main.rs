//! `rapport`: Rapport from a terminal. Each command parses its flags (cli.rs), calls the
//! application layer the window uses too (rapport-service's `Service`: the same views, the same
//! exports and charts, the same rules) and prints the result as text or, with `--json`, as the
//! JSON documented in docs/cli.md. Errors go to stderr as `error: ...` with exit code 1 (2 for a
//! bad command line, 101 for a bug).

mod agenda;
mod backup;
mod bench;
mod bench_import;
mod calibrate;
mod chart;
mod check;
mod circle;
mod cli;
mod contact;
mod correct;
mod data;
mod encryption;
mod error;
mod import;
mod interaction;
mod loops;
mod measures;
mod output;
mod post;
mod resolve;
mod text;
mod when;

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use rapport_service::Service;

use crate::cli::{Cli, Command};
use crate::error::{CliError, Result, EXIT_BUG};
use crate::text::Shown;
use rapport_core::text::escape_for_terminal;

/// What every command gets: the open database (through the service, as the window has it), the
/// output and whether to print JSON.
pub struct Ctx<'a> {
    pub service: Service,
    pub json: bool,
    /// Standard output, through the one writer that escapes control characters ([`Shown`]).
    pub out: &'a mut dyn Write,
}

impl Ctx<'_> {
    /// The database file, for sentences.
    pub fn db_name(&self) -> String {
        self.service.db_path().map(|p| p.display().to_string()).unwrap_or_else(|| "the database".to_owned())
    }
}

/// The panic hook has printed its line: the failure the service makes of the panic adds nothing.
static PANIC_REPORTED: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    install_panic_hook();
    // clap prints its own errors and help, and exits 2 on a bad command line (0 for --help).
    let cli = Cli::parse();
    let mut out = Shown::new(Box::new(std::io::stdout().lock()), cli.json);
    let result = run(cli, &mut out).and_then(|()| out.flush().map_err(CliError::from));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.broken_pipe => ExitCode::SUCCESS,
        Err(e) if e.exit_code == EXIT_BUG && PANIC_REPORTED.load(Ordering::Relaxed) => ExitCode::from(101),
        Err(e) => {
            eprintln!("error: {}", escape_for_terminal(&e.to_string()));
            ExitCode::from(u8::try_from(e.exit_code).unwrap_or(1))
        }
    }
}

fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    // `bench` builds its own database and never opens the user's.
    let command = match cli.command {
        Command::Bench(args) => return bench::run(args, cli.db, cli.json, out),
        command => command,
    };
    // --db wins over RAPPORT_DB, which wins over the app-data directory (default_db_path).
    let path = match cli.db {
        Some(p) => p,
        None => rapport_core::db::default_db_path()?,
    };
    let command = match command {
        Command::Encryption(c) => return encryption::run(c, &path, cli.json, out),
        command => command,
    };
    let service = encryption::open(&path);
    // The check reads the file on its own connection: it runs, and names the backup to restore,
    // even when damage keeps the store from opening.
    let command = match command {
        Command::Check(args) => return check::run(&mut Ctx { service, json: cli.json, out }, args),
        command => command,
    };
    let mut ctx = Ctx { service, json: cli.json, out };
    // Restoring is the way out of damage that keeps the store shut: the service restores by
    // replacing the file then, and keeps any other open error.
    let command = match command {
        Command::Restore(args) if ctx.service.open_error().is_some() => return backup::restore(&mut ctx, args),
        command => command,
    };
    if let Some(e) = ctx.service.open_error() {
        if let Some(damaged) = check::damage_on_open(&ctx, &e) {
            return Err(damaged);
        }
        return Err(CliError::from(e).context(format!("opening {}", path.display())));
    }
    if check::writes(&command) {
        check::before_write(&ctx)?;
    }
    // An import that died half-way whose rollback failed at this open (another program holding
    // the write lock, a full disk): the database opened all the same; said, tried again next time.
    if let Ok(Some(left)) = ctx.service.read(|s| Ok(s.import_left().cloned())) {
        eprintln!("warning: {}", escape_for_terminal(&left.to_string()));
    }
    // An import killed while it indexed its rows for search left them owed: indexed now, before
    // the command reads (a search would miss them). A failure to (a read-only database) is said.
    if let Err(e) = ctx.service.index_owed_search() {
        eprintln!(
            "warning: the last import's rows are not all indexed for search yet, so a search may miss them: {}",
            escape_for_terminal(&e.message)
        );
    }
    match command {
        Command::Contact(c) => contact::run(&mut ctx, c),
        Command::Log(args) => interaction::log(&mut ctx, args),
        Command::Answer(args) => interaction::answer(&mut ctx, args),
        Command::Questions(args) => interaction::questions(&mut ctx, args),
        Command::Interactions(args) => interaction::list(&mut ctx, args),
        Command::Interaction(c) => correct::interaction(&mut ctx, c),
        Command::Value(c) => correct::value(&mut ctx, c),
        Command::Question(c) => correct::question(&mut ctx, c),
        Command::Post(c) => post::run(&mut ctx, c),
        Command::React(args) => post::react(&mut ctx, args),
        Command::Reply(args) => post::reply(&mut ctx, args),
        Command::Circle(c) => circle::run(&mut ctx, c),
        Command::Report(args) => measures::report(&mut ctx, args),
        Command::Why(args) => measures::why(&mut ctx, args),
        Command::Suggest(args) => measures::suggest(&mut ctx, args),
        Command::Loops => loops::run(&mut ctx),
        Command::Agenda(args) => agenda::run(&mut ctx, args),
        Command::Chart(args) => chart::run(&mut ctx, args),
        Command::Model(c) => measures::model(&mut ctx, c),
        Command::Demo(args) => data::demo(&mut ctx, args),
        Command::Import(args) => import::run(&mut ctx, args),
        Command::Export(args) => data::export(&mut ctx, args),
        Command::Backup(args) => backup::backup(&mut ctx, args),
        Command::Restore(args) => backup::restore(&mut ctx, args),
        Command::Bench(_) | Command::Encryption(_) | Command::Check(_) => {
            unreachable!("handled before opening the store")
        }
    }
}

/// A bug must still end as one readable line on stderr, not a Rust backtrace dump, unless a
/// developer asked for the backtrace with RUST_BACKTRACE.
fn install_panic_hook() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!("error: internal error, a bug in Rapport: {}{place}", escape_for_terminal(&what));
        PANIC_REPORTED.store(true, Ordering::Relaxed);
    }));
}
