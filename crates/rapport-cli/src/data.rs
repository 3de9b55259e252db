//! `rapport demo` and `rapport export`: the whole database at once (JSON, CSV tables or vCard).

use std::io::{IsTerminal, Write};

use chrono::Utc;
use rapport_service::files::{Destination, ExportContent, ExportFormat};
use rapport_service::Failure;

use crate::cli::{DemoArgs, ExportArgs};
use crate::error::{CliError, Result};
use crate::output::{self, count};
use crate::Ctx;

/// Export formats: the whole database as JSON, one CSV file per entity, the contacts as vCard 4.0.
const EXPORT_FORMATS: &[(&str, ExportFormat)] =
    &[("json", ExportFormat::Json), ("csv", ExportFormat::Csv), ("vcard", ExportFormat::Vcard)];

pub fn demo(ctx: &mut Ctx, args: DemoArgs) -> Result<()> {
    // The core refuses too; checking first gives the CLI's advice on what to do instead.
    if !ctx.service.is_empty()? {
        return Err(CliError::failure(format!(
            "{} already holds contacts; the demo network only goes into an empty database \
             (load it into a new file: `rapport --db PATH demo`)",
            ctx.db_name()
        )));
    }
    if let Some(contacts) = args.contacts {
        return synthetic(ctx, contacts, args.interactions.unwrap_or(contacts * 3));
    }
    let lang = args.lang.parse().map_err(|e| CliError::from(e).context("--lang"))?;
    let summary = ctx.service.load_demo(lang)?;
    if ctx.json {
        return output::json(ctx.out, &summary);
    }
    writeln!(
        ctx.out,
        "Loaded the demo network into {}: {}, {} ({}, {}), {} with {}.",
        ctx.db_name(),
        count(summary.contacts, "contact"),
        count(summary.interactions, "interaction"),
        count(summary.questions, "question"),
        count(summary.value_items, "value item"),
        count(summary.posts, "post"),
        count(summary.reactions, "reaction")
    )?;
    Ok(())
}

/// The export routine is the window's (`Service::export`): the same bytes, the same checks. The
/// window writes a new dated file into Downloads; here the destination is `--out`, replaced only
/// with `--force`.
pub fn export(ctx: &mut Ctx, args: ExportArgs) -> Result<()> {
    let wanted = args.format.trim().to_ascii_lowercase();
    let Some(&(_, format)) = EXPORT_FORMATS.iter().find(|(name, _)| *name == wanted) else {
        let names: Vec<&str> = EXPORT_FORMATS.iter().map(|(name, _)| *name).collect();
        return Err(CliError::usage(format!(
            "--format: {:?} is not an export format; expected one of {}",
            args.format,
            names.join(", ")
        )));
    };
    let Some(out) = args.out else {
        if format == ExportFormat::Csv {
            return Err(CliError::usage("--format csv writes one file per entity: give a directory with --out DIR"));
        }
        // JSON and vCard go to stdout: the bytes the file would get, to a pipe or a file. On a
        // terminal they are for reading, and go through the escaping of every other output.
        if let ExportContent::File { bytes, .. } = ctx.service.export_content(format)? {
            if std::io::stdout().is_terminal() {
                ctx.out.write_all(&bytes)?;
            } else {
                ctx.out.flush()?;
                std::io::stdout().lock().write_all(&bytes)?;
            }
        }
        return Ok(());
    };
    let to = Destination::Named { path: out.clone(), force: args.force, field: "--out" };
    let exported = ctx.service.export(format, &to).map_err(refusal)?;
    let summary = exported.summary.unwrap_or_default();
    match format {
        ExportFormat::Csv => {
            let files: Vec<String> = exported.files.iter().map(|name| out.join(name).display().to_string()).collect();
            if ctx.json {
                return output::json(ctx.out, &serde_json::json!({ "format": "csv", "files": files }));
            }
            writeln!(ctx.out, "Exported {} to {}", count(files.len(), "CSV file"), out.display())?;
        }
        ExportFormat::Vcard => {
            if ctx.json {
                return output::json(
                    ctx.out,
                    &serde_json::json!({
                        "format": "vcard",
                        "files": [out.display().to_string()],
                        "contacts": summary.contacts,
                    }),
                );
            }
            writeln!(ctx.out, "Exported {} to {}", count(summary.contacts, "contact"), out.display())?;
        }
        ExportFormat::Json => {
            if !ctx.json {
                writeln!(
                    ctx.out,
                    "Exported {}, {} and {} to {}",
                    count(summary.contacts, "contact"),
                    count(summary.interactions, "interaction"),
                    count(summary.posts, "post"),
                    out.display()
                )?;
            }
        }
    }
    Ok(())
}

/// An existing file, in the CLI's words: the way out is a flag the window does not have.
pub(crate) fn refusal(f: Failure) -> CliError {
    match (f.key, f.params.get("path").and_then(|p| p.as_str())) {
        ("file_exists", Some(path)) => {
            CliError::failure(format!("{path} already exists; choose a new file name, or pass --force to replace it"))
        }
        _ => f.into(),
    }
}

/// `rapport demo --contacts N`: the benchmark's synthetic network, over two years, at any size.
fn synthetic(ctx: &mut Ctx, contacts: u64, interactions: u64) -> Result<()> {
    use rapport_demo::synthetic::HeavySpec;
    let spec = HeavySpec {
        contacts: contacts as usize,
        interactions: interactions as usize,
        years: 2,
        ..HeavySpec::default()
    };
    let stats = ctx.service.load_synthetic(&spec, Utc::now().timestamp())?;
    if ctx.json {
        return output::json(ctx.out, &stats);
    }
    writeln!(
        ctx.out,
        "Wrote a synthetic network into {}: {}, {}.",
        ctx.db_name(),
        count(stats.contacts, "contact"),
        count(stats.interactions, "interaction")
    )?;
    Ok(())
}
