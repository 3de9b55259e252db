//! `rapport demo` and `rapport export`: the whole database at once.

use std::io::Write;
use std::path::Path;

use chrono::Utc;

use crate::cli::{DemoArgs, ExportArgs};
use crate::error::{CliError, Result};
use crate::output::{self, count};
use crate::Ctx;

/// Export formats this version writes; the spec also plans CSV and vCard.
const EXPORT_FORMATS: &[&str] = &["json"];

pub fn demo(ctx: &mut Ctx, args: DemoArgs) -> Result<()> {
    // The core refuses too; checking first gives the CLI's advice on what to do instead.
    if !ctx.store.is_empty()? {
        return Err(CliError::failure(format!(
            "{} already holds contacts; the demo network only goes into an empty database \
             (load it into a new file: `rapport --db PATH demo`)",
            db_name(ctx)
        )));
    }
    if let Some(contacts) = args.contacts {
        return synthetic(ctx, contacts, args.interactions.unwrap_or(contacts * 3));
    }
    let summary = rapport_core::demo::load_demo(&mut ctx.store, Utc::now())?;
    if ctx.json {
        return output::json(ctx.out, &summary);
    }
    writeln!(
        ctx.out,
        "Loaded the demo network into {}: {}, {} ({}, {}), {} with {}.",
        db_name(ctx),
        count(summary.contacts, "contact"),
        count(summary.interactions, "interaction"),
        count(summary.questions, "question"),
        count(summary.value_items, "value item"),
        count(summary.posts, "post"),
        count(summary.reactions, "reaction")
    )?;
    Ok(())
}

fn db_name(ctx: &Ctx) -> String {
    ctx.store.path().map(|p| p.display().to_string()).unwrap_or_else(|| "the database".to_owned())
}

pub fn export(ctx: &mut Ctx, args: ExportArgs) -> Result<()> {
    let format = args.format.trim().to_ascii_lowercase();
    if !EXPORT_FORMATS.contains(&format.as_str()) {
        return Err(CliError::usage(format!(
            "--format: {:?} is not supported yet; supported: {}",
            args.format,
            EXPORT_FORMATS.join(", ")
        )));
    }
    let export = ctx.store.export()?;
    let Some(path) = args.out else {
        return output::json(ctx.out, &export);
    };
    write_atomically(&path, &serde_json::to_vec_pretty(&export)?)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
    if !ctx.json {
        writeln!(
            ctx.out,
            "Exported {}, {} and {} to {}",
            count(export.contacts.len(), "contact"),
            count(export.interactions.len(), "interaction"),
            count(export.posts.len(), "post"),
            path.display()
        )?;
    }
    Ok(())
}

/// Writes `bytes` beside `path` first and renames it into place, so an export that fails half-way
/// never leaves a truncated file where an older, complete one was.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp_name = path.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "export".into());
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `rapport demo --contacts N`: the benchmark's synthetic network, over two years, at any size.
fn synthetic(ctx: &mut Ctx, contacts: u64, interactions: u64) -> Result<()> {
    use rapport_core::synthetic::{self, HeavySpec};
    let spec = HeavySpec {
        contacts: contacts as usize,
        interactions: interactions as usize,
        years: 2,
        ..HeavySpec::default()
    };
    let stats = synthetic::generate(&mut ctx.store, &spec, Utc::now().timestamp(), |_, _| {})?;
    if ctx.json {
        return output::json(ctx.out, &stats);
    }
    writeln!(
        ctx.out,
        "Wrote a synthetic network into {}: {}, {}.",
        db_name(ctx),
        count(stats.contacts, "contact"),
        count(stats.interactions, "interaction")
    )?;
    Ok(())
}
