//! `rapport bench`: builds the synthetic heavy network of rapport-demo (`synthetic.rs`) in a
//! fresh database and times, in the same run and on the same database, what the measures cost
//! against a raw SQLite scan of the columns they read. docs/benchmark.md explains each figure.
//!
//! Timings are medians of several runs where a run is cheap; the ratios to the raw scan, taken
//! in one run on one machine, are what the targets judge, because a shared machine's absolute
//! speed changes from one minute to the next.

use std::hint::black_box;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{SecondsFormat, TimeZone, Utc};
use rapport_core::charts::{self, ChartKind, ChartOptions};
use rapport_core::directory::{ContactListQuery, ContactSort, Directory};
use rapport_core::measures::contact::CadenceStatus;
use rapport_core::measures::history::Touch;
use rapport_core::measures::live::LiveMeasures;
use rapport_core::measures::{self, History, Secs};
use rapport_core::{Channel, ContactId, InteractionQuery, NewInteraction, Party, QuestionQuery, Store};
use rapport_demo::synthetic::{self, HeavySpec, HeavyStats};
use serde::Serialize;

use crate::cli::{BenchArgs, BenchPart};
use crate::error::{CliError, Result};
use crate::output;

/// The query of the baseline: every interaction with each of its participants, in time order,
/// only the columns the scoring reads.
pub const RAW_SCAN_SQL: &str = "SELECT i.occurred_at, i.channel, i.initiated_by, i.duration_min, p.contact_id
     FROM interactions i JOIN interaction_participants p ON p.interaction_id = i.id
     ORDER BY i.occurred_at, i.id";

/// Rounds of (a) and (b), interleaved so both see the same machine.
const SCAN_ROUNDS: usize = 5;
/// Runs of the weekly series when one run is quick enough to repeat.
const SERIES_RUNS: usize = 3;
const SERIES_REPEAT_BELOW_MS: f64 = 20_000.0;
/// Runs of the cheap ones, (d) and (e).
const SMALL_RUNS: usize = 11;

/// The targets of the issue: (figure, over which figure or `None` for milliseconds, limit).
const TARGETS: &[(&str, Option<&str>, f64)] = &[
    ("all_measures", Some("raw_scan"), 2.0),
    ("weekly_series", Some("raw_scan"), 4.0),
    ("live_update", None, 5.0),
    ("contact_detail", None, 10.0),
    ("chart_index", None, CHART_MS),
    ("chart_contact", None, CHART_MS),
    ("chart_give_take", None, CHART_MS),
    ("chart_follow_through", None, CHART_MS),
    ("chart_layers", None, CHART_MS),
    ("chart_calendar", None, CHART_MS),
    ("chart_reactions", None, CHART_MS),
];

/// Every chart draws within 20 ms and its SVG stays within 300 KB on the heavy network.
const CHART_MS: f64 = 20.0;
const CHART_SVG_KB: f64 = 300.0;

/// The figure names of a chart's drawing and of its data.
fn chart_figure_names(kind: ChartKind) -> (&'static str, &'static str) {
    match kind {
        ChartKind::Index => ("chart_index", "chart_index_data"),
        ChartKind::Contact => ("chart_contact", "chart_contact_data"),
        ChartKind::GiveTake => ("chart_give_take", "chart_give_take_data"),
        ChartKind::FollowThrough => ("chart_follow_through", "chart_follow_through_data"),
        ChartKind::Layers => ("chart_layers", "chart_layers_data"),
        ChartKind::Calendar => ("chart_calendar", "chart_calendar_data"),
        ChartKind::Reactions => ("chart_reactions", "chart_reactions_data"),
    }
}

#[derive(Serialize)]
struct ChartSize {
    kind: &'static str,
    svg_bytes: usize,
}

/// Ratios printed: the two with targets, and the share of (b) spent loading.
const RATIOS: &[(&str, &str)] =
    &[("all_measures", "raw_scan"), ("weekly_series", "raw_scan"), ("history_load", "raw_scan")];

#[derive(Serialize)]
struct Figure {
    name: &'static str,
    /// What it times, in a few words.
    what: &'static str,
    median_ms: f64,
    runs_ms: Vec<f64>,
}

#[derive(Serialize)]
struct Ratio {
    name: String,
    value: f64,
}

#[derive(Serialize)]
struct Target {
    name: String,
    value: f64,
    unit: &'static str,
    limit: f64,
    met: bool,
}

#[derive(Serialize)]
struct Build {
    contacts: usize,
    interactions: usize,
    years: u32,
    seed: u64,
    rows: usize,
    stats: HeavyStats,
    generation_ms: f64,
    file_bytes: u64,
    path: PathBuf,
    kept: bool,
    /// The contact of (d) and (e): the one with the most interactions.
    busy_contact: ContactId,
    weeks: usize,
}

#[derive(Serialize)]
struct Machine {
    cores: usize,
    os: &'static str,
    arch: &'static str,
    debug_build: bool,
}

#[derive(Serialize)]
struct Outcome {
    date: String,
    machine: Machine,
    build: Build,
    ratios: Vec<Ratio>,
    targets: Vec<Target>,
    figures: Vec<Figure>,
    charts: Vec<ChartSize>,
    /// The import benchmark, unless `--only measures`.
    #[serde(skip_serializing_if = "Option::is_none")]
    import: Option<crate::bench_import::ImportOutcome>,
}

/// Runs the benchmark. `db` is `--db` as given (never `RAPPORT_DB`: the benchmark must not
/// touch the user's database); without it the network goes to a temporary directory.
pub fn run(args: BenchArgs, db: Option<PathBuf>, json: bool, out: &mut dyn Write) -> Result<()> {
    let import = match args.only {
        Some(BenchPart::Measures) => None,
        _ => {
            // The import databases are always new and temporary, whatever --db says.
            let place = Place::new(None, false)?;
            let dir = place.path.parent().map(Path::to_path_buf).unwrap_or_default();
            let outcome = crate::bench_import::measure(
                args.cards as usize,
                args.message_rows as usize,
                args.whatsapp_lines as usize,
                args.blog_comments as usize,
                args.email_messages as usize,
                &dir,
            );
            place.finish();
            Some(outcome?)
        }
    };
    if args.only == Some(BenchPart::Import) {
        let import = import.expect("measured above");
        return if json {
            output::json(out, &serde_json::json!({ "import": import }))
        } else {
            crate::bench_import::print(out, &import)
        };
    }
    let spec = HeavySpec {
        contacts: args.contacts as usize,
        interactions: args.interactions as usize,
        years: args.years,
        ..HeavySpec::default()
    };
    let place = Place::new(db, args.keep)?;
    let outcome = measure(&spec, &place.path);
    let kept = place.finish();
    let mut outcome = outcome?;
    outcome.build.kept = kept;
    outcome.import = import;
    if json {
        output::json(out, &outcome)
    } else {
        print(out, &outcome)?;
        match &outcome.import {
            Some(i) => crate::bench_import::print(out, i),
            None => Ok(()),
        }
    }
}

/// Where the benchmark database lives, and whether it is removed afterwards.
struct Place {
    path: PathBuf,
    /// The temporary directory to remove, if any.
    temp_dir: Option<PathBuf>,
}

impl Place {
    fn new(db: Option<PathBuf>, keep: bool) -> Result<Place> {
        if let Some(path) = db {
            if path.exists() {
                return Err(CliError::usage(format!(
                    "--db: {} exists; the benchmark builds a new database, so give the path of a file that does not exist yet",
                    path.display()
                )));
            }
            return Ok(Place { path, temp_dir: None });
        }
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("rapport-bench-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))?;
        Ok(Place { path: dir.join("bench.db"), temp_dir: (!keep).then_some(dir) })
    }

    /// Removes the temporary directory; true when the database stays.
    fn finish(&self) -> bool {
        match &self.temp_dir {
            Some(dir) => {
                let _ = std::fs::remove_dir_all(dir);
                false
            }
            None => true,
        }
    }
}

fn measure(spec: &HeavySpec, path: &Path) -> Result<Outcome> {
    let now: Secs = Utc::now().timestamp();
    // The generated history ends at least an hour ago, so what (d) logs now comes after all of it.
    let until = now - 3_600;
    let mut progress = Progress::new();
    let started = Instant::now();
    let stats = {
        let mut store = Store::open(path)?;
        synthetic::generate(&mut store, spec, until, |done, total| progress.show(done, total))?
    };
    let generation_ms = ms(started);
    progress.done();
    let file_bytes = file_size(path);

    // Measured on a freshly opened store, as the app or the CLI would open it.
    let mut store = Store::open(path)?;
    let settings = store.model_settings()?;
    let busy = stats.busiest_contact;
    let mut figures = Figures::default();

    note("warming up (one untimed round)");
    black_box(raw_scan(&store)?);
    black_box(measures::report(&store.history()?, now, &settings).network.index);

    note(&format!("(a) raw scan and (b) all measures, {SCAN_ROUNDS} rounds"));
    for _ in 0..SCAN_ROUNDS {
        let t = Instant::now();
        black_box(raw_scan(&store)?);
        figures.add("raw_scan", "stream the interaction columns scoring reads (SQLite only)", ms(t));

        let t = Instant::now();
        let history = store.history()?;
        let load = ms(t);
        let t = Instant::now();
        let report = measures::report(&history, now, &settings);
        let compute = ms(t);
        black_box(report.network.index);
        figures.add("history_load", "Store::history", load);
        figures.add("measures_compute", "measures::report on the loaded history", compute);
        figures.add("all_measures", "(b) Store::history + measures::report", load + compute);
    }

    note("(c) weekly series");
    let mut weeks = 0;
    for run in 0..SERIES_RUNS {
        let t = Instant::now();
        let history = store.history()?;
        let load = ms(t);
        let t = Instant::now();
        let series = measures::weekly_series(&history, now, &settings);
        let compute = ms(t);
        weeks = series.len();
        black_box(series.last().map(|p| p.index));
        figures.add("weekly_load", "Store::history for the series", load);
        figures.add("weekly_compute", "measures::weekly_series on the loaded history", compute);
        figures.add("weekly_series", "(c) Store::history + measures::weekly_series", load + compute);
        if run == 0 && load + compute > SERIES_REPEAT_BELOW_MS {
            break;
        }
    }

    note("(d) logging one interaction and updating the live measures");
    let t = Instant::now();
    let mut live = LiveMeasures::new(store.history()?, now, &settings);
    figures.add("live_build", "LiveMeasures::new from a loaded history (once)", ms(t));
    let at = Utc.timestamp_opt(now, 0).single().unwrap_or_default().fixed_offset();
    for _ in 0..SMALL_RUNS {
        let new = NewInteraction::new(at, Channel::Message, Party::Me, vec![busy]);
        let t = Instant::now();
        let logged = store.log_interaction(&new)?;
        figures.add("log_write", "Store::log_interaction (one interaction, one participant)", ms(t));
        let touch = Touch {
            id: logged.id,
            at: logged.at.timestamp(),
            channel: logged.channel,
            initiated_by: logged.initiated_by,
            duration_min: logged.duration_min,
            participants: logged.participants.iter().map(|p| p.id).collect(),
            offset_min: 0,
            initiator: None,
            in_reply_to: None,
        };
        let t = Instant::now();
        live.log(touch, Vec::new(), Vec::new());
        let update = ms(t);
        black_box(live.network().index);
        figures.add("live_update", "(d) LiveMeasures::log of that interaction", update);
    }

    note("(e) one busy contact's detail");
    for _ in 0..SMALL_RUNS {
        // As the contact page needs it: the profile, the first page of the timeline, the open
        // questions, and the measures, kept up to date by the live measures of (d).
        let t = Instant::now();
        let profile = store.contact(busy)?;
        let timeline = store.list_interactions(&InteractionQuery {
            contact: Some(busy),
            limit: Some(25),
            ..Default::default()
        })?;
        let open =
            store.list_questions(&QuestionQuery { contact: Some(busy), open_only: true, ..Default::default() })?;
        let m = live.contact(busy).cloned();
        figures.add("contact_detail", "(e) profile, first timeline page, open questions, live measures", ms(t));
        black_box((profile.id, timeline.len(), open.len(), m.map(|m| m.strength)));

        // The same measures with no cache: that contact's history read from SQLite and measured.
        let t = Instant::now();
        let history = contact_history(&store, busy)?;
        let load = ms(t);
        let t = Instant::now();
        let m = measures::contact_measures(&history, busy, now, &settings);
        let compute = ms(t);
        black_box(m.map(|m| m.strength));
        figures.add("contact_history", "Store::contact_history of the busiest contact", load);
        figures.add("contact_compute", "measures::contact_measures on it", compute);
        figures.add("contact_cold", "Store::contact_history + measures::contact_measures, no cache", load + compute);
    }

    note("(g) the contact list");
    {
        // The app builds the directory once after a write, then answers every keystroke from it.
        let t = Instant::now();
        let directory = Directory::build(&store, now)?;
        figures.add("directory_build", "Directory::build: every contact's measures, once", ms(t));
        for _ in 0..SMALL_RUNS {
            // After logging an interaction the app re-measures its participants only.
            let mut refreshed = directory.clone();
            let t = Instant::now();
            refreshed.refresh(&store, &[busy], now)?;
            figures.add("directory_refresh", "Directory::refresh of the busiest contact after a log", ms(t));
            black_box(refreshed.at());
        }
        for _ in 0..SMALL_RUNS {
            let t = Instant::now();
            let page = directory.page(&store, &ContactListQuery { limit: Some(100), ..Default::default() })?;
            figures.add("contact_page", "(g) first page of 100 of the whole list, by name", ms(t));
            black_box(page.total);
            let t = Instant::now();
            let page = directory.page(
                &store,
                &ContactListQuery {
                    search: Some("an".into()),
                    cadence: Some(CadenceStatus::Overdue),
                    sort: ContactSort::Strength,
                    limit: Some(100),
                    ..Default::default()
                },
            )?;
            figures.add("contact_page_search", "(g) search \"an\", overdue only, by strength, first 100", ms(t));
            black_box(page.total);
        }
    }

    note("(f) charts");
    let history = store.history()?;
    let mut charts = Vec::new();
    for kind in ChartKind::ALL {
        let (name, data_name) = chart_figure_names(kind);
        // The network's charts, and the busiest contact's (the most interactions to draw).
        let contact = kind.needs_contact().then_some(busy);
        let options = ChartOptions { contact, ..ChartOptions::new(kind, now) };
        let own;
        let h: &History = if kind.needs_contact() {
            own = store.contact_history(busy)?;
            &own
        } else {
            &history
        };
        // What the chart shows comes from the measures (for the index, the weekly series of
        // (c)): timed once, apart from the drawing, which is what the 20 ms target is about.
        let t = Instant::now();
        let data = charts::prepare(h, &options, &settings)?;
        figures.add(data_name, "the measures a chart shows (for the index: the weekly series)", ms(t));
        let mut svg_bytes = 0;
        for _ in 0..SMALL_RUNS {
            let t = Instant::now();
            let svg = charts::draw_svg(&data, &options)?;
            figures.add(name, "drawing the chart to SVG (960×360) from its prepared data", ms(t));
            svg_bytes = black_box(svg.len());
        }
        charts.push(ChartSize { kind: kind.as_str(), svg_bytes });
    }

    let figures = figures.done();
    let median = |name: &str| figures.iter().find(|f| f.name == name).map(|f| f.median_ms).unwrap_or(f64::NAN);
    let ratios: Vec<Ratio> =
        RATIOS.iter().map(|(a, b)| Ratio { name: format!("{a}/{b}"), value: median(a) / median(b) }).collect();
    let targets = TARGETS
        .iter()
        .map(|(a, over, limit)| {
            let (name, value, unit) = match over {
                Some(b) => (format!("{a}/{b}"), median(a) / median(b), "ratio"),
                None => (a.to_string(), median(a), "ms"),
            };
            Target { name, value, unit, limit: *limit, met: value <= *limit }
        })
        .chain(charts.iter().map(|c| {
            let kb = c.svg_bytes as f64 / 1024.0;
            Target {
                name: format!("chart_{}_svg", c.kind),
                value: kb,
                unit: "KB",
                limit: CHART_SVG_KB,
                met: kb <= CHART_SVG_KB,
            }
        }))
        .collect();
    Ok(Outcome {
        date: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
        machine: Machine {
            cores: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
            os: std::env::consts::OS,
            arch: std::env::consts::ARCH,
            debug_build: cfg!(debug_assertions),
        },
        build: Build {
            contacts: spec.contacts,
            interactions: spec.interactions,
            years: spec.years,
            seed: spec.seed,
            rows: stats.rows(),
            busy_contact: busy,
            stats,
            generation_ms,
            file_bytes,
            path: path.to_path_buf(),
            kept: true,
            weeks,
        },
        ratios,
        targets,
        figures,
        charts,
        import: None,
    })
}

/// (a): streams the baseline query, reading every column, and folds it into a checksum.
fn raw_scan(store: &Store) -> rapport_core::Result<(u64, u64)> {
    let mut stmt = store.connection().prepare_cached(RAW_SCAN_SQL)?;
    let mut rows = stmt.query([])?;
    let (mut n, mut sum) = (0u64, 0u64);
    let fold = |sum: u64, x: u64| (sum ^ x).wrapping_mul(0x0100_0000_01b3);
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rapport_core::Result<u64> {
            let v = r.get_ref(i)?;
            v.as_str().map(text_key).map_err(|e| {
                rapport_core::Error::invalid("raw_scan", rapport_core::Reason::Other { detail: e.to_string() })
            })
        };
        let at: i64 = r.get(0)?;
        let (channel, by) = (text(1)?, text(2)?);
        let duration: Option<i64> = r.get(3)?;
        let contact: i64 = r.get(4)?;
        sum = fold(sum, at as u64);
        sum = fold(sum, channel);
        sum = fold(sum, by);
        sum = fold(sum, duration.map_or(u64::MAX, |d| d as u64));
        sum = fold(sum, contact as u64);
        n += 1;
    }
    Ok((n, sum))
}

/// A cheap key of a short text: its length and first two bytes, as the scoring only needs to
/// tell a handful of words apart.
fn text_key(s: &str) -> u64 {
    let b = s.as_bytes();
    (b.len() as u64) << 16 | (b.first().copied().unwrap_or(0) as u64) << 8 | b.get(1).copied().unwrap_or(0) as u64
}

/// One contact's part of the history. Calls `Store::contact_history` of the core.
fn contact_history(store: &Store, id: ContactId) -> Result<History> {
    Ok(store.contact_history(id)?)
}

#[derive(Default)]
struct Figures {
    list: Vec<Figure>,
}

impl Figures {
    fn add(&mut self, name: &'static str, what: &'static str, run_ms: f64) {
        match self.list.iter_mut().find(|f| f.name == name) {
            Some(f) => f.runs_ms.push(run_ms),
            None => self.list.push(Figure { name, what, median_ms: f64::NAN, runs_ms: vec![run_ms] }),
        }
    }

    fn done(mut self) -> Vec<Figure> {
        for f in &mut self.list {
            f.median_ms = median(&f.runs_ms);
        }
        self.list
    }
}

fn median(runs: &[f64]) -> f64 {
    let mut sorted = runs.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1_000.0
}

/// The database and its write-ahead log, in bytes.
fn file_size(path: &Path) -> u64 {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    [path.to_path_buf(), PathBuf::from(wal)].iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum()
}

/// A line on stderr about what is being measured.
fn note(what: &str) {
    eprintln!("bench: {what}");
}

/// The generator's progress on stderr: one updating line on a terminal, a line per tenth otherwise.
struct Progress {
    terminal: bool,
    last_tenth: u64,
}

impl Progress {
    fn new() -> Progress {
        eprintln!("bench: building the synthetic network");
        Progress { terminal: std::io::stderr().is_terminal(), last_tenth: 0 }
    }

    fn show(&mut self, done: u64, total: u64) {
        let total = total.max(1);
        if self.terminal {
            eprint!("\rbench: {:>3}% ({done} of {total} rows)", done * 100 / total);
        } else if done * 10 / total > self.last_tenth {
            self.last_tenth = done * 10 / total;
            eprintln!("bench: {:>3}% ({done} of {total} rows)", self.last_tenth * 10);
        }
    }

    fn done(&self) {
        if self.terminal {
            eprintln!();
        }
    }
}

fn fmt_ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.1} ms")
    } else if v >= 1.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.3} ms")
    }
}

fn fmt_bytes(n: u64) -> String {
    format!("{:.1} MB", n as f64 / 1_000_000.0)
}

fn print(out: &mut dyn Write, o: &Outcome) -> Result<()> {
    let b = &o.build;
    let s = &b.stats;
    writeln!(
        out,
        "rapport bench, {}: {} contacts, {} interactions over {} years; {} cores, {} {}{}",
        o.date,
        b.contacts,
        b.interactions,
        b.years,
        o.machine.cores,
        o.machine.os,
        o.machine.arch,
        if o.machine.debug_build { ", DEBUG BUILD (use --release for real figures)" } else { "" }
    )?;
    for r in &o.ratios {
        writeln!(out, "ratio {} = {:.2}", r.name, r.value)?;
    }
    for t in &o.targets {
        let limit = match t.unit {
            "ms" | "KB" => format!("{} {}", t.limit, t.unit),
            _ => format!("{}", t.limit),
        };
        writeln!(out, "target {} <= {limit}: {}", t.name, if t.met { "met" } else { "NOT met" })?;
    }
    for f in &o.figures {
        let runs: Vec<String> = f.runs_ms.iter().map(|r| format!("{r:.3}")).collect();
        let detail = if f.runs_ms.len() == 1 {
            "1 run".to_owned()
        } else {
            format!("median of {} runs: {} ms", f.runs_ms.len(), runs.join(", "))
        };
        writeln!(out, "{} = {} ({detail})", f.name, fmt_ms(f.median_ms))?;
    }
    for c in &o.charts {
        let kb = c.svg_bytes as f64 / 1024.0;
        writeln!(out, "chart_{}_svg = {kb:.0} KB ({} bytes)", c.kind, c.svg_bytes)?;
    }
    writeln!(out, "weeks = {}", b.weeks)?;
    writeln!(out, "generation = {:.1} s", b.generation_ms / 1_000.0)?;
    writeln!(out, "database_size = {} ({} bytes)", fmt_bytes(b.file_bytes), b.file_bytes)?;
    writeln!(out, "rows = {}", b.rows)?;
    writeln!(
        out,
        "rows: contacts {}, interactions {}, participants {}, value_items {}, questions {} ({} answered), posts {}, reactions {}, circles {}, memberships {}, emails {}",
        s.contacts,
        s.interactions,
        s.participants,
        s.value_items,
        s.questions,
        s.answered_questions,
        s.posts,
        s.reactions,
        s.circles,
        s.circle_memberships,
        s.emails
    )?;
    writeln!(
        out,
        "interactions per contact: busiest #{} with {}, median {}, fewest {}",
        s.busiest_contact, s.busiest_interactions, s.median_interactions, s.fewest_interactions
    )?;
    writeln!(out, "database: {} ({})", b.path.display(), if b.kept { "kept" } else { "removed; --keep keeps it" })?;
    Ok(())
}
