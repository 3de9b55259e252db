//! `rapport chart KIND --out FILE.svg|FILE.png`: the app's charts, drawn and saved by the routine
//! the window's SVG/PNG button uses (`Service::save_chart_to`), to the file `--out` names.

use chrono::Utc;
use rapport_core::charts::{ChartKind, ChartOptions, Lang, Theme};
use rapport_service::files::{Destination, FileFormat};
use serde::Serialize;

use crate::cli::ChartArgs;
use crate::error::{CliError, Result};
use crate::resolve::resolve;
use crate::{output, Ctx};

#[derive(Serialize)]
struct Written {
    path: String,
    format: &'static str,
    bytes: usize,
    width: u32,
    height: u32,
}

/// The language the system's locale names, as a terminal program reads it; English otherwise.
pub(crate) fn system_lang() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| v.parse().ok())
        .unwrap_or_default()
}

pub fn run(ctx: &mut Ctx, args: ChartArgs) -> Result<()> {
    let kind: ChartKind = args.kind.parse().map_err(|e| CliError::from(e).context("KIND"))?;
    let theme: Theme = args.theme.parse().map_err(|e| CliError::from(e).context("--theme"))?;
    let lang: Lang = match &args.lang {
        Some(l) => l.parse().map_err(|e| CliError::from(e).context("--lang"))?,
        None => system_lang(),
    };
    // The format comes from the extension, so a file never holds what its name does not say.
    let ext = args.out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("svg") => FileFormat::Svg,
        Some("png") => FileFormat::Png,
        _ => return Err(CliError::usage("--out: the file name must end in .svg or .png")),
    };
    let contact = match &args.contact {
        Some(text) => Some(resolve(&ctx.service, text, "--contact")?),
        None if kind.needs_contact() => {
            return Err(CliError::usage(format!("the {} chart needs --contact ID", kind.as_str())))
        }
        None => None,
    };
    let to = args.to.map(|t| t.timestamp()).unwrap_or_else(|| Utc::now().timestamp());
    let options = ChartOptions {
        contact,
        from: args.from.map(|t| t.timestamp()),
        theme,
        lang,
        width: args.width,
        height: args.height,
        ..ChartOptions::new(kind, to)
    };
    // A file that exists is replaced, as `chart` always has; the database's files never are.
    let dest = Destination::Named { path: args.out.clone(), force: true, field: "--out" };
    let saved = ctx.service.save_chart_to(&options, format, &dest)?;
    let written = Written {
        path: saved.path,
        format: if format == FileFormat::Png { "png" } else { "svg" },
        bytes: saved.bytes,
        width: args.width,
        height: args.height,
    };
    if ctx.json {
        output::json(ctx.out, &written)
    } else {
        writeln!(
            ctx.out,
            "wrote {} ({} KB, {}×{})",
            written.path,
            written.bytes.div_ceil(1024),
            args.width,
            args.height
        )?;
        Ok(())
    }
}
