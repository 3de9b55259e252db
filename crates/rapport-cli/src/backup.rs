//! `rapport backup` and `rapport restore`: the database's backups (rapport_core::backup).

use std::path::Path;

use rapport_core::backup::{BackupInfo, FileCheck};
use serde::Serialize;

use crate::cli::{BackupArgs, BackupCommand, RestoreArgs};
use crate::error::{CliError, Result};
use crate::output::{self, Align, Table};
use crate::Ctx;

pub fn backup(ctx: &mut Ctx, args: BackupArgs) -> Result<()> {
    match (args.command, args.path) {
        (Some(BackupCommand::Now), _) => now(ctx),
        (Some(BackupCommand::List), _) => list(ctx),
        (None, Some(path)) => to_file(ctx, &path),
        (None, None) => Err(CliError::usage(
            "backup: give a file to write (`rapport backup PATH`), or `backup now` or `backup list`",
        )),
    }
}

#[derive(Serialize)]
struct Written<'a> {
    path: &'a Path,
    size_bytes: u64,
}

fn to_file(ctx: &mut Ctx, path: &Path) -> Result<()> {
    ctx.service.backup_to(path)?;
    let size_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if ctx.json {
        return output::json(ctx.out, &Written { path, size_bytes });
    }
    writeln!(ctx.out, "Backed up {} to {} ({})", ctx.db_name(), path.display(), size(size_bytes))?;
    Ok(())
}

fn now(ctx: &mut Ctx) -> Result<()> {
    let made = ctx.service.backup_now()?;
    if ctx.json {
        return output::json(ctx.out, &made);
    }
    writeln!(ctx.out, "Backed up {} to {} ({})", ctx.db_name(), made.path.display(), size(made.size_bytes))?;
    Ok(())
}

fn list(ctx: &mut Ctx) -> Result<()> {
    // Each backup with SQLite's quick check of it (read only), so the one to restore is known.
    let backups = ctx.service.check_backups()?;
    if ctx.json {
        return output::json(ctx.out, &backups);
    }
    if backups.is_empty() {
        let dir = rapport_core::backup::backup_dir(ctx.service.db_path().unwrap_or(Path::new(".")));
        writeln!(ctx.out, "No backups yet in {} (take one with `rapport backup now`)", dir.display())?;
        return Ok(());
    }
    let mut table = Table::new(&[
        ("name", Align::Left),
        ("kind", Align::Left),
        ("taken (UTC)", Align::Left),
        ("size", Align::Right),
        ("check", Align::Left),
    ]);
    for b in &backups {
        let check = match (&b.check, b.newest_good) {
            (FileCheck::Good, true) => "good, newest",
            (FileCheck::Good, false) => "good",
            (FileCheck::Damaged { .. }, _) => "damaged",
            (FileCheck::NotChecked, _) => "not checked (encrypted)",
        };
        let info = &b.backup;
        table.row(vec![
            info.name.clone(),
            info.kind.as_str().to_owned(),
            info.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            size(info.size_bytes),
            check.to_owned(),
        ]);
    }
    table.print(ctx.out)?;
    match backups.iter().find(|b| b.newest_good) {
        Some(b) => writeln!(
            ctx.out,
            "The newest backup that passes SQLite's quick check is {name}: `rapport restore {name} --yes` brings it back",
            name = b.backup.name
        )?,
        None => writeln!(ctx.out, "No backup passes SQLite's quick check")?,
    }
    Ok(())
}

pub fn restore(ctx: &mut Ctx, args: RestoreArgs) -> Result<()> {
    // A file that exists is taken as a path; anything else must name a backup in the folder.
    let file = Path::new(&args.backup);
    let source = if file.is_file() { file.to_path_buf() } else { ctx.service.find_backup_file(&args.backup)?.path };
    if !args.yes {
        rapport_core::backup::validate(&source)?;
        return Err(CliError::failure(format!(
            "restoring replaces everything in {} with the content of {}; its current content is saved as a \
             pre-restore backup first. Run again with --yes to go ahead",
            ctx.db_name(),
            source.display()
        )));
    }
    let report = ctx.service.restore_backup_file(&source)?;
    // The search rows the backup owes, indexed before the command returns, as an import's are.
    ctx.service.wait_for_search_index();
    if ctx.json {
        return output::json(ctx.out, &report);
    }
    let BackupInfo { path, .. } = &report.pre_restore_backup;
    writeln!(
        ctx.out,
        "Restored {} from {}; what it held before is saved in {}",
        ctx.db_name(),
        source.display(),
        path.display()
    )?;
    Ok(())
}

/// 1536 → "1.5 KB": sizes for people.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
