//! The operations the window and the CLI call: whole views read in one call, and every write,
//! each saying what it changed. Each is a thin wrapper over the core; what a view is made of
//! lives in the core's measures and directory, so both callers show the same numbers.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rapport_core::charts::{self, ChartKind, ChartOptions, Lang};
use rapport_core::directory::{ContactListQuery, ContactPage, OpenLoops};
use rapport_core::measures::{self, ContactMeasures, Dashboard, ModelSettings};
use rapport_core::store::Merge;
use rapport_core::*;
/// What [`Service::load_demo`] returns, so that its callers need not name rapport-demo.
pub use rapport_demo::DemoSummary;
use serde::{Deserialize, Serialize};

use crate::{display_path, home_dir, Change, Result, Service};

/// The formats a file can be saved in: a chart as SVG or PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Svg,
    Png,
}

/// The formats of an export: everything as JSON (which imports back), one CSV per table, or the
/// contacts as vCard 4.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Json,
    Csv,
    Vcard,
}

/// A file the app wrote for the user, and where, as they would write it.
#[derive(Debug, Clone, Serialize)]
pub struct SavedFile {
    pub path: String,
    pub path_display: String,
    pub bytes: usize,
}

impl SavedFile {
    fn at(path: &Path, bytes: usize) -> SavedFile {
        SavedFile { path_display: display_path(path, home_dir().as_deref()), path: path.display().to_string(), bytes }
    }
}

/// What an export wrote: one file, or a folder of CSV files.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    #[serde(flatten)]
    pub saved: SavedFile,
    /// For CSV: the files in the folder.
    pub files: Vec<String>,
}

/// Everything a contact's page shows but its chart, read in one call under one lock, so the
/// parts always agree with each other.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub contact: Contact,
    /// Every interaction they took part in, newest first.
    pub interactions: Vec<Interaction>,
    /// Their open questions, both ways.
    pub open_questions: Vec<Question>,
    /// Their value items, both ways (the give/take ledger).
    pub value_items: Vec<ValueItem>,
    /// Their measures now; `None` for an archived contact, with the reason in `no_measures`.
    pub measures: Option<ContactMeasures>,
    /// Why there are no measures (core's reason, as a failure the window words in its language).
    pub no_measures: Option<crate::Failure>,
}

/// Why a contact has no measures: unknown, or archived (archived contacts leave the measures,
/// so the caller says so rather than "not found" for a person the user can see). Both keep the
/// `not_found` code.
fn no_measures(store: &Store, id: ContactId) -> Error {
    match store.contact(id) {
        Ok(c) if c.archived => Error::NoMatch(Reason::ArchivedNoMeasures { name: c.fields.display_name }),
        _ => Error::not_found("contact", id.0),
    }
}

/// Contacts.
impl Service {
    pub fn list_contacts(&self, query: &ContactQuery) -> Result<Vec<ContactSummary>> {
        self.read(|s| s.list_contacts(query))
    }

    pub fn contact(&self, id: ContactId) -> Result<Contact> {
        self.read(|s| s.contact(id))
    }

    pub fn add_contact(&self, fields: &ContactFields) -> Result<Contact> {
        self.write(|s| s.add_contact(fields).map(|c| (c.clone(), Change::contact(c.id))))
    }

    pub fn update_contact(&self, id: ContactId, fields: &ContactFields) -> Result<Contact> {
        self.write(|s| s.update_contact(id, fields).map(|c| (c, Change::contact(id))))
    }

    /// Archiving takes a contact out of every measure of the network, hence everything.
    pub fn set_archived(&self, id: ContactId, archived: bool) -> Result<Contact> {
        self.write_all(|s| s.set_archived(id, archived))
    }

    /// Merges `merged` into `kept`; the reply's id undoes it with [`Service::undo_merge`].
    pub fn merge_contacts(&self, kept: ContactId, merged: ContactId) -> Result<Merge> {
        self.write_all(|s| s.merge_contacts(kept, merged))
    }

    pub fn undo_merge(&self, id: i64) -> Result<Contact> {
        self.write_all(|s| s.undo_merge(id))
    }

    pub fn list_circles(&self) -> Result<Vec<Circle>> {
        self.read(Store::list_circles)
    }

    /// A contact's page in one call: the contact, their history, open questions, value and
    /// measures. An unknown contact is `not_found`.
    pub fn contact_view(&self, id: ContactId) -> Result<ContactView> {
        let at = Utc::now().timestamp();
        self.read(|s| {
            let contact = s.contact(id)?;
            let interactions = s.list_interactions(&InteractionQuery { contact: Some(id), ..Default::default() })?;
            let open_questions =
                s.list_questions(&QuestionQuery { contact: Some(id), open_only: true, asked_by: None })?;
            let value_items = s.list_value_items(id)?;
            let measures = measures::contact_measures(&s.contact_history(id)?, id, at, &s.model_settings()?);
            let no_measures = measures.is_none().then(|| crate::Failure::from(no_measures(s, id)));
            Ok(ContactView { contact, interactions, open_questions, value_items, measures, no_measures })
        })
    }

    /// One page of the contact list, searched, filtered and sorted from the cached measures.
    pub fn contact_page(&self, query: &ContactListQuery) -> Result<ContactPage> {
        self.read_with_directory(|s, d| d.page(s, query))
    }

    /// The questions I owe, those I wait on, and the conversations where it is my turn.
    pub fn open_loops(&self) -> Result<OpenLoops> {
        self.read_with_directory(|s, d| d.open_loops(s))
    }
}

/// Interactions, questions, value.
impl Service {
    /// Logs an interaction; it changes what its participants took part in.
    pub fn log_interaction(&self, new: &NewInteraction) -> Result<Interaction> {
        self.write(|s| {
            let logged = s.log_interaction(new)?;
            let touched = logged.participants.iter().map(|p| p.id).collect();
            Ok((logged, Change::Contacts(touched)))
        })
    }

    pub fn list_interactions(&self, query: &InteractionQuery) -> Result<Vec<Interaction>> {
        self.read(|s| s.list_interactions(query))
    }

    pub fn list_questions(&self, query: &QuestionQuery) -> Result<Vec<Question>> {
        self.read(|s| s.list_questions(query))
    }

    pub fn answer_question(&self, question: QuestionId, answered_in: InteractionId) -> Result<Question> {
        self.write_all(|s| s.answer_question(question, answered_in))
    }

    pub fn list_value_items(&self, contact: ContactId) -> Result<Vec<ValueItem>> {
        self.read(|s| s.list_value_items(contact))
    }
}

/// Posts and reactions.
impl Service {
    pub fn list_posts(&self) -> Result<Vec<Post>> {
        self.read(Store::list_posts)
    }

    pub fn add_post(&self, post: &NewPost) -> Result<Post> {
        self.write_all(|s| s.add_post(post))
    }

    pub fn delete_post(&self, id: PostId) -> Result<()> {
        self.write_all(|s| s.delete_post(id))
    }

    pub fn add_reaction(&self, reaction: &NewReaction) -> Result<Reaction> {
        self.write_all(|s| s.add_reaction(reaction))
    }

    pub fn delete_reaction(&self, id: ReactionId) -> Result<()> {
        self.write_all(|s| s.delete_reaction(id))
    }
}

/// Measures, charts and the model.
impl Service {
    /// The dashboard at `at`: the index and its components, why it moved over the last 30 days,
    /// the suggestions and the strongest ties, all from one load of the history.
    pub fn dashboard(&self, at: DateTime<Utc>) -> Result<Dashboard> {
        let at = rapport_core::time::check_in_range("at", at)?;
        self.read(|s| Ok(measures::dashboard(&s.history()?, at, &s.model_settings()?)))
    }

    /// One contact's measures now, from their own part of the history only. An unknown contact
    /// is `not_found`; an archived one has no measures, and the message says so.
    pub fn contact_measures(&self, id: ContactId) -> Result<ContactMeasures> {
        let at = Utc::now().timestamp();
        self.read(|s| {
            measures::contact_measures(&s.contact_history(id)?, id, at, &s.model_settings()?)
                .ok_or_else(|| no_measures(s, id))
        })
    }

    /// One chart as SVG text (docs/charts.md). A chart of one contact reads only that contact's
    /// part of the history.
    pub fn chart_svg(&self, options: &ChartOptions) -> Result<String> {
        self.read(|s| {
            let history = match options.contact {
                Some(id) if options.kind.takes_contact() => s.contact_history(id)?,
                _ => s.history()?,
            };
            charts::render_svg(&history, options, &s.model_settings()?)
        })
    }

    /// Saves a chart to an SVG or PNG file in `dir`, under a name that says what it is
    /// (`rapport-index-2026-11-26.svg`), never over an existing file.
    pub fn save_chart(&self, options: &ChartOptions, format: FileFormat, dir: &Path) -> Result<SavedFile> {
        self.read(|s| {
            let kind: ChartKind = options.kind;
            let (history, name) = match options.contact {
                Some(id) if kind.takes_contact() => (s.contact_history(id)?, Some(s.contact(id)?.fields.display_name)),
                _ => (s.history()?, None),
            };
            let data = charts::prepare(&history, options, &s.model_settings()?)?;
            let (bytes, ext) = match format {
                FileFormat::Svg => (charts::draw_svg(&data, options)?.into_bytes(), "svg"),
                FileFormat::Png => (charts::draw_png(&data, options)?, "png"),
            };
            let day = DateTime::from_timestamp(options.to, 0).unwrap_or_default().date_naive();
            let stem = charts::file_stem(kind, name.as_deref(), day);
            let path = charts::save_new_file(dir, &stem, ext, &bytes)?;
            Ok(SavedFile::at(&path, bytes.len()))
        })
    }

    pub fn model_settings(&self) -> Result<ModelSettings> {
        self.read(Store::model_settings)
    }

    /// Saves the settings core accepts and returns them as stored; an invalid value writes nothing.
    pub fn set_model_settings(&self, settings: &ModelSettings) -> Result<ModelSettings> {
        self.write_all(|s| s.set_model_settings(settings).and_then(|()| s.model_settings()))
    }

    /// Loads the demo network into an empty database, in `lang`.
    pub fn load_demo(&self, lang: Lang) -> Result<DemoSummary> {
        self.write_all(|s| rapport_demo::load_demo_in(s, Utc::now(), lang))
    }
}

/// Export.
impl Service {
    /// Exports everything (JSON), one CSV per table (in a new folder), or the contacts as vCard
    /// 4.0, into `dir`, under a dated name, never over an existing file or folder.
    pub fn export_to_folder(&self, format: ExportFormat, dir: &Path) -> Result<Exported> {
        let stem = format!("rapport-export-{}", chrono::Local::now().format("%Y-%m-%d"));
        self.read(|s| {
            let (path, bytes, files) = match format {
                ExportFormat::Json => {
                    let json = serde_json::to_vec_pretty(&s.export()?)?;
                    (charts::save_new_file(dir, &stem, "json", &json)?, json.len(), Vec::new())
                }
                ExportFormat::Vcard => {
                    let vcf = s.export_vcard()?.into_bytes();
                    (charts::save_new_file(dir, &stem, "vcf", &vcf)?, vcf.len(), Vec::new())
                }
                ExportFormat::Csv => {
                    let tables = s.export_csv()?;
                    let folder = new_folder(dir, &format!("{stem}-csv"))?;
                    let mut total = 0;
                    let mut files = Vec::new();
                    for (name, data) in tables {
                        let file = format!("{name}.csv");
                        std::fs::write(folder.join(&file), &data)
                            .map_err(|source| Error::Io { path: folder.join(&file), source })?;
                        total += data.len();
                        files.push(file);
                    }
                    (folder, total, files)
                }
            };
            Ok(Exported { saved: SavedFile::at(&path, bytes), files })
        })
    }
}

/// Creates `stem`, or `stem (2)`... in `dir`: never an existing folder.
fn new_folder(dir: &Path, stem: &str) -> rapport_core::Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    for n in 1..1000 {
        let path = if n == 1 { dir.join(stem) } else { dir.join(format!("{stem} ({n})")) };
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(Error::Io { path, source }),
        }
    }
    Err(Error::invalid("folder", Reason::NoFreeName { name: stem.to_string(), dir: dir.display().to_string() }))
}
