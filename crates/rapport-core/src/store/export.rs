//! The whole database as one JSON document (importing it back is `import::json`), and the
//! CSV and vCard exports in `export_formats`.

use super::Store;
use crate::error::Result;
use crate::model::*;

pub const EXPORT_FORMAT: &str = "rapport-export";

impl Store {
    /// Everything, in a stable order (by id), so two exports of the same data are identical.
    pub fn export(&self) -> Result<Export> {
        let ids: Vec<ContactId> = {
            let mut stmt = self.conn.prepare("SELECT id FROM contacts ORDER BY id")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let contacts = ids.into_iter().map(|id| self.contact(id)).collect::<Result<Vec<_>>>()?;
        let mut interactions = self.list_interactions(&InteractionQuery::default())?;
        interactions.sort_by_key(|i| i.id);
        let mut posts = self.list_posts()?;
        posts.sort_by_key(|p| p.id);
        Ok(Export {
            format: EXPORT_FORMAT.to_owned(),
            schema_version: self.schema_version()?,
            contacts,
            circles: self.list_circles()?,
            interactions,
            posts,
            value_items: self.value_items_where("interaction_id IS NULL AND 1 = ?1", 1)?,
            settings: self.settings()?,
        })
    }
}
