//! `rapport demo` and `rapport export`: the whole database at once (JSON, CSV tables or vCard).

use std::io::Write;
use std::path::Path;

use chrono::Utc;

use crate::cli::{DemoArgs, ExportArgs};
use crate::error::{CliError, Result};
use crate::output::{self, count};
use crate::Ctx;

/// Export formats: the whole database as JSON, one CSV file per entity, the contacts as vCard 4.0.
const EXPORT_FORMATS: &[&str] = &["json", "csv", "vcard"];

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
    let lang = args.lang.parse().map_err(|e| CliError::from(e).context("--lang"))?;
    let summary = rapport_demo::load_demo_in(&mut ctx.store, Utc::now(), lang)?;
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
            "--format: {:?} is not an export format; expected one of {}",
            args.format,
            EXPORT_FORMATS.join(", ")
        )));
    }
    // Every file is checked before any is written, so a refused export writes nothing.
    let check = |path: &Path| -> Result<()> {
        ctx.store.check_write_target("--out", path)?;
        if path.exists() && !args.force {
            return Err(CliError::failure(format!(
                "{} already exists; choose a new file name, or pass --force to replace it",
                path.display()
            )));
        }
        Ok(())
    };
    let write = |path: &Path, bytes: &[u8]| {
        write_atomically(path, bytes).map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))
    };
    match format.as_str() {
        "csv" => {
            let Some(dir) = args.out else {
                return Err(CliError::usage(
                    "--format csv writes one file per entity: give a directory with --out DIR",
                ));
            };
            let tables = ctx.store.export_csv()?;
            for (name, _) in &tables {
                check(&dir.join(format!("{name}.csv")))?;
            }
            std::fs::create_dir_all(&dir)
                .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))?;
            let mut files = Vec::new();
            for (name, bytes) in &tables {
                let path = dir.join(format!("{name}.csv"));
                write(&path, bytes)?;
                files.push(path.display().to_string());
            }
            if ctx.json {
                return output::json(ctx.out, &serde_json::json!({ "format": "csv", "files": files }));
            }
            writeln!(ctx.out, "Exported {} to {}", count(files.len(), "CSV file"), dir.display())?;
        }
        "vcard" => {
            let text = ctx.store.export_vcard()?;
            let cards = text.matches("BEGIN:VCARD").count();
            let Some(path) = args.out else {
                write!(ctx.out, "{text}")?;
                return Ok(());
            };
            check(&path)?;
            write(&path, text.as_bytes())?;
            if ctx.json {
                return output::json(
                    ctx.out,
                    &serde_json::json!({ "format": "vcard", "files": [path.display().to_string()], "contacts": cards }),
                );
            }
            writeln!(ctx.out, "Exported {} to {}", count(cards, "contact"), path.display())?;
        }
        _ => {
            let export = ctx.store.export()?;
            let Some(path) = args.out else {
                return output::json(ctx.out, &export);
            };
            check(&path)?;
            write(&path, &serde_json::to_vec_pretty(&export)?)?;
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
        }
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
    use rapport_demo::synthetic::{self, HeavySpec};
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
