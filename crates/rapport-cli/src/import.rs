//! `rapport import FILE`: show the preview, then apply it (all or nothing), reading the file
//! again at each step.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use rapport_core::import::{ContactAction, Evidence, ImportOptions, Preview, Progress, Severity, Stage};

use crate::cli::ImportArgs;
use crate::error::{CliError, Result};
use crate::output::{self, count};
use crate::Ctx;

/// Lists longer than this are cut in the text output (`--json` has them all).
const SHOWN: usize = 50;

pub fn run(ctx: &mut Ctx, args: ImportArgs) -> Result<()> {
    let options = ImportOptions {
        format: args.format,
        mapping: args.map,
        me: args.me,
        keep_message_text: args.keep_message_text,
        include_lists: args.include_lists,
        skip_invalid: args.skip_invalid,
        accept_all_likely: args.accept_likely.as_ref().is_some_and(Vec::is_empty),
        accept_likely: args.accept_likely.unwrap_or_default(),
        // The database's own model settings (read by the import).
        reply_window_days: None,
        zone: args.zone,
        region: args.region.or_else(locale_region),
        split_on_one_thread: false,
    };
    let name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let size = std::fs::metadata(&args.file).map_or(0, |m| m.len());
    let mut meter = Meter::new(size > 1024 * 1024);
    // Read from the file at each step, one record at a time: never held whole (a folder, a
    // pipe or a device is refused).
    let preview = ctx.service.import_preview_file(&args.file, &options, &mut |p| meter.show(p))?;
    meter.clear();
    // Only a chat's times are written with no zone; for any other file the flag would do nothing.
    if options.zone.is_some() && preview.format != rapport_core::import::Format::Whatsapp {
        return Err(CliError::usage(format!(
            "--zone applies to WhatsApp chats only, and {name} reads as {}; nothing was imported",
            preview.format
        )));
    }
    // Likewise, only a mailbox has mailing lists to include.
    if options.include_lists && preview.format != rapport_core::import::Format::Email {
        return Err(CliError::usage(format!(
            "--include-lists applies to email only, and {name} reads as {}; nothing was imported",
            preview.format
        )));
    }
    let refused = preview.errors > 0 && !options.skip_invalid;
    if args.dry_run || refused {
        print(ctx, &name, &preview, args.dry_run)?;
        if refused {
            // The preview above names the errors first (up to SHOWN); the message counts them.
            return Err(CliError::failure(format!(
                "{} in {name}; nothing was imported (--skip-invalid leaves the bad records out)",
                count(preview.errors, "error")
            )));
        }
        return Ok(());
    }
    // The apply plans again and returns its own preview: this one is not needed any more.
    drop(preview);
    let done = ctx.service.import_apply_file(&args.file, &options, &mut |p| meter.show(p))?;
    meter.clear();
    print(ctx, &name, &done, false)
}

/// The region the system's locale names for phone numbers ("fr_FR.UTF-8": FR), if any.
fn locale_region() -> Option<String> {
    ["LC_ALL", "LC_TELEPHONE", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| rapport_core::import::region_of_locale(&v))
        .map(str::to_owned)
}

fn print(ctx: &mut Ctx, name: &str, p: &Preview, dry_run: bool) -> Result<()> {
    if ctx.json {
        return output::json(ctx.out, p);
    }
    let out = &mut *ctx.out;
    writeln!(out, "{name}: {} ({}), {}", p.format, p.encoding, count(p.records, "record"))?;
    let verb = if p.applied { "" } else { "would be " };
    writeln!(
        out,
        "Contacts: {} {verb}created, {} {verb}merged, {} already up to date, {} skipped",
        p.contacts_created, p.contacts_merged, p.contacts_unchanged, p.contacts_skipped
    )?;
    if p.interactions_created + p.interactions_duplicate + p.interactions_unmatched > 0 {
        writeln!(
            out,
            "Interactions: {} {verb}created ({}), {} already there, {} with no known contact",
            p.interactions_created,
            count(p.questions_created, "question"),
            p.interactions_duplicate,
            p.interactions_unmatched
        )?;
    }
    if let Some(r) = &p.restored {
        writeln!(out, "Also: {}", r.describe())?;
    }
    if let Some(b) = &p.blog {
        writeln!(
            out,
            "Posts: {} {verb}created, {} already there; comments: {} {verb}created, {} already there",
            b.posts_created, b.posts_duplicate, b.comments_created, b.comments_duplicate
        )?;
        writeln!(
            out,
            "My replies: {} {verb}created ({} ending with a question, {} answered), {} already there",
            b.replies_created, b.questions_created, b.answers_created, b.replies_duplicate
        )?;
        if let Some(left) = b.left_out.describe() {
            writeln!(out, "Left out: {left}")?;
        }
    }
    let matches: Vec<_> =
        p.contacts.iter().filter(|c| c.action != ContactAction::Create && c.action != ContactAction::Skip).collect();
    if !matches.is_empty() {
        writeln!(out, "Matches:")?;
        for c in matches.iter().take(SHOWN) {
            let by = c
                .matched_by
                .map(|b| format!(" by {}", serde_json::to_value(b).unwrap_or_default().as_str().unwrap_or("")))
                .unwrap_or_default();
            let into = match (c.contact, c.same_as_record) {
                (Some(id), _) => format!("contact #{id}"),
                (None, Some(n)) => format!("{} {n} of this file", c.record.kind),
                _ => String::new(),
            };
            let what = match c.action {
                ContactAction::Merge => format!("merge into {into}{by}, adding {}", c.adds.join(", ")),
                ContactAction::Unchanged => format!("already there as {into}{by}"),
                _ => format!("same person as {into}{by}"),
            };
            writeln!(out, "  {}  {}: {what}", c.record, output::clip(&c.name, 40))?;
        }
        if matches.len() > SHOWN {
            writeln!(out, "  … and {} more (--json lists them all)", matches.len() - SHOWN)?;
        }
    }
    if !p.likely_duplicates.is_empty() {
        writeln!(out, "Likely duplicates (same name, and a phone or the organisation; other email addresses):")?;
        for d in p.likely_duplicates.iter().take(SHOWN) {
            let like = match (d.contact, d.same_as_record) {
                (Some(id), _) => format!("contact #{id}"),
                (None, Some(n)) => format!("{} {n} of this file", d.record.kind),
                _ => String::new(),
            };
            let evidence: Vec<&str> = d
                .evidence
                .iter()
                .map(|e| match e {
                    Evidence::Phone => "phone",
                    Evidence::Name => "name",
                    Evidence::Organisation => "organisation",
                })
                .collect();
            let what = match (d.accepted, p.applied) {
                (true, true) => "merged",
                (true, false) => "would be merged",
                (false, true) => "created apart",
                (false, false) => "would be created apart (--accept-likely merges it)",
            };
            writeln!(
                out,
                "  {}  {} looks like {} ({like}): same {}; {what}",
                d.record,
                output::clip(&d.name, 40),
                output::clip(&d.contact_name, 40),
                evidence.join(", ")
            )?;
        }
        if p.likely_duplicates.len() > SHOWN {
            writeln!(out, "  … and {} more (--json lists them all)", p.likely_duplicates.len() - SHOWN)?;
        }
    }
    if !p.problems.is_empty() {
        writeln!(
            out,
            "Problems: {}, {} ({} with an error)",
            count(p.errors, "error"),
            count(p.warnings, "warning"),
            count(p.records_skipped, "record")
        )?;
        // The errors first, and every note about the whole file (the preview's order).
        let mut shown = 0;
        for problem in p.problems_shown(SHOWN) {
            let tag = if problem.severity == Severity::Error { "error  " } else { "warning" };
            writeln!(out, "  {tag} {problem}")?;
            shown += 1;
        }
        if p.problems.len() > shown {
            writeln!(out, "  … and {} more (--json lists them all)", p.problems.len() - shown)?;
        }
    }
    if dry_run {
        writeln!(out, "Dry run: nothing was written.")?;
    }
    Ok(())
}

/// Progress on stderr for big files: a percentage rewritten in place on a terminal; otherwise a
/// line when a stage begins, at most one every ten seconds, and its 100% once (logs stay short).
struct Meter {
    enabled: bool,
    tty: bool,
    last: Option<Instant>,
    shown: bool,
    /// Off a terminal, the stage and percentage of the last line written.
    logged: Option<(Stage, u64)>,
}

impl Meter {
    fn new(big: bool) -> Meter {
        Meter { enabled: big, tty: std::io::stderr().is_terminal(), last: None, shown: false, logged: None }
    }

    fn show(&mut self, p: Progress) -> bool {
        if !self.enabled {
            return true;
        }
        let every = if self.tty { Duration::from_millis(100) } else { Duration::from_secs(10) };
        let pct = (p.done * 100).checked_div(p.total).unwrap_or(100);
        let due = if self.tty {
            self.last.is_none_or(|t| t.elapsed() >= every) || p.done == p.total
        } else {
            // A stage reads the file again for each of its passes, each from 0% to 100%: a log
            // line only when the stage changes or its percentage grows, so it never goes back.
            match self.logged {
                Some((stage, logged)) if stage == p.stage => {
                    pct > logged && (pct == 100 || self.last.is_none_or(|t| t.elapsed() >= every))
                }
                _ => true,
            }
        };
        if !due {
            return true;
        }
        self.last = Some(Instant::now());
        self.logged = Some((p.stage, pct));
        let stage = match p.stage {
            Stage::Reading => "reading",
            Stage::Matching => "matching",
            Stage::Writing => "writing",
            Stage::Indexing => "indexing for search",
        };
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r\x1b[2K{stage} {pct:>3}%");
            self.shown = true;
        } else {
            let _ = writeln!(err, "import: {stage} {pct}%");
        }
        true
    }

    fn clear(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
            self.shown = false;
        }
    }
}
