//! The records of an import, read once per step: held in memory ([`Parsed`], as the window
//! and the tests give them), or read from the file again at each step, so that an import never
//! holds more of a file than one record (and what matching keeps).

use std::cell::RefCell;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{open_file, parse_streamed_file, Item, OnProgress, Parsed, Progress, Stage, Ticker};
use super::{Format, ImportOptions, Problem};
use crate::error::{Error, Result};

/// Which records a step reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    Contacts,
    Interactions,
    All,
}

impl Want {
    fn takes(self, item: &Item<'_>) -> bool {
        matches!(
            (self, item),
            (Want::All, _)
                | (Want::Contacts, Item::Contact(..))
                | (Want::Interactions, Item::Interaction(..) | Item::Post(..))
        )
    }
}

/// The `.eml` files of the folder `path` ([`super::email::folder_messages`]), `None` when it is a
/// file. A folder given with another format than email (`format`, the one the user chose) is
/// refused with its own sentence, rather than read as email or said to hold no `.eml` file.
pub(crate) fn email_folder(path: &Path, format: Option<Format>) -> Result<Option<Vec<PathBuf>>> {
    if let Some(format) = format.filter(|f| *f != Format::Email) {
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            let (path, format) = (path.display().to_string(), format.as_str().to_owned());
            return Err(Error::BadInput(crate::Reason::ImportFolderNotEmail { path, format }));
        }
    }
    super::email::folder_messages(path)
}

/// A file read again at each step. What the first reading found (the file's problems and how
/// many records it sent) is kept, and every later reading must find the same file.
pub(crate) struct FileRecords {
    path: PathBuf,
    name: String,
    options: ImportOptions,
    /// For a folder, its `.eml` files (read as one mailbox).
    folder: Option<Vec<PathBuf>>,
    /// The size and modification time the first reading saw.
    stamp: (u64, Option<std::time::SystemTime>),
    /// After the first reading: the file's description (no records) and how many contacts
    /// and interactions it sent.
    header: RefCell<Option<(Parsed, usize, usize)>>,
}

impl FileRecords {
    pub(crate) fn new(path: &Path, options: &ImportOptions) -> Result<FileRecords> {
        let folder = email_folder(path, options.format)?;
        let stamp = match &folder {
            Some(files) => super::email::folder_stamp(files)?,
            None => {
                let (file, len) = open_file(path)?;
                (len, file.metadata().ok().and_then(|m| m.modified().ok()))
            }
        };
        Ok(FileRecords {
            path: path.to_path_buf(),
            name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            options: options.clone(),
            folder,
            stamp,
            header: RefCell::new(None),
        })
    }

    /// The size and modification time this import's first opening saw.
    pub(crate) fn stamp(&self) -> super::FileStamp {
        super::FileStamp { len: self.stamp.0, modified: self.stamp.1 }
    }

    /// The file's format, from the options or its first bytes (as [`super::parse`] finds it).
    pub(crate) fn format(&self) -> Result<Format> {
        if let Some(f) = self.options.format {
            return Ok(f);
        }
        if self.folder.is_some() {
            return Ok(Format::Email);
        }
        let (file, _) = open_file(&self.path)?;
        let mut head = Vec::new();
        file.take(super::HEAD_BYTES).read_to_end(&mut head).map_err(|e| self.io(e))?;
        Format::detect(&self.name, &head)
    }

    fn io(&self, source: std::io::Error) -> Error {
        Error::Io { path: self.path.clone(), source }
    }

    pub(crate) fn changed(&self) -> Error {
        Error::BadInput(crate::Reason::ImportFileChanged { path: self.path.display().to_string() })
    }

    fn each(
        &self,
        want: Want,
        stage: Stage,
        progress: OnProgress<'_>,
        f: &mut dyn FnMut(Item<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut report = |p: Progress| progress(Progress { stage, ..p });
        let mut send = |item: Item<'_>| if want.takes(&item) { f(item) } else { Ok(()) };
        let (header, contacts, interactions) = match &self.folder {
            Some(files) => {
                // The same files, unchanged.
                let now = email_folder(&self.path, self.options.format)?;
                if now.as_ref() != Some(files) || super::email::folder_stamp(files)? != self.stamp {
                    return Err(self.changed());
                }
                super::parse_folder_streamed(files, self.stamp.0, &self.options, &mut report, Some(&mut send))?
            }
            None => {
                let (file, len) = open_file(&self.path)?;
                let modified = file.metadata().ok().and_then(|m| m.modified().ok());
                if (len, modified) != self.stamp {
                    return Err(self.changed());
                }
                parse_streamed_file(file, len, &self.name, &self.options, &mut report, Some(&mut send)).map_err(
                    |e| match e {
                        Error::Io { source, .. } => self.io(source),
                        other => other,
                    },
                )?
            }
        };
        let mut kept = self.header.borrow_mut();
        match kept.as_ref() {
            None => *kept = Some((header, contacts, interactions)),
            Some((first, c, i)) => {
                if (first.records, first.problems.len(), *c, *i)
                    != (header.records, header.problems.len(), contacts, interactions)
                {
                    return Err(self.changed());
                }
            }
        }
        Ok(())
    }
}

/// The records of one import.
pub(crate) enum Records<'r> {
    Held(&'r Parsed),
    File(&'r FileRecords),
}

impl Records<'_> {
    /// Sends the records `want` names, in the file's order, to `f`. `progress` hears of it
    /// as `stage`.
    pub(crate) fn each(
        &self,
        want: Want,
        stage: Stage,
        progress: OnProgress<'_>,
        f: &mut dyn FnMut(Item<'_>) -> Result<()>,
    ) -> Result<()> {
        match self {
            Records::File(file) => file.each(want, stage, progress, f),
            Records::Held(parsed) => {
                let contacts = if want == Want::Interactions { 0 } else { parsed.contacts.len() };
                let interactions = if want == Want::Contacts { 0 } else { parsed.interactions.len() };
                let posts = if want == Want::Contacts { 0 } else { parsed.posts.len() };
                let mut ticker = Ticker::new(progress, stage, (contacts + interactions + posts) as u64);
                for (i, c) in parsed.contacts.iter().take(contacts).enumerate() {
                    ticker.tick(i as u64)?;
                    f(Item::Contact(i, c))?;
                }
                for (k, it) in parsed.interactions.iter().take(interactions).enumerate() {
                    ticker.tick((contacts + k) as u64)?;
                    f(Item::Interaction(k, it))?;
                }
                for (p, post) in parsed.posts.iter().take(posts).enumerate() {
                    ticker.tick((contacts + interactions + p) as u64)?;
                    f(Item::Post(p, post))?;
                }
                Ok(())
            }
        }
    }

    /// The file's description, with the problems its reading found: for a file read again,
    /// known once the first [`Records::each`] has run.
    pub(crate) fn header(&self) -> Header {
        let of = |p: &Parsed, interactions| Header {
            format: p.format,
            encoding: p.encoding,
            records: p.records,
            problems: p.problems.clone(),
            interactions,
            blog: p.blog.clone(),
        };
        match self {
            Records::Held(p) => of(p, p.interactions.len()),
            Records::File(file) => match file.header.borrow().as_ref() {
                Some((p, _, i)) => of(p, *i),
                None => Header {
                    format: Format::Csv,
                    encoding: "UTF-8",
                    records: 0,
                    problems: Vec::new(),
                    interactions: 0,
                    blog: None,
                },
            },
        }
    }

    /// What only Rapport's own export carries (held in memory, never read again).
    pub(crate) fn restore(&self) -> Option<&super::json::Restore> {
        match self {
            Records::Held(p) => p.restore.as_deref(),
            Records::File(_) => None,
        }
    }
}

/// What [`Records::header`] says of a file.
pub(crate) struct Header {
    pub format: Format,
    pub encoding: &'static str,
    pub records: usize,
    pub problems: Vec<Problem>,
    pub interactions: usize,
    /// What a blog export left out.
    pub blog: Option<super::blog::LeftOut>,
}
