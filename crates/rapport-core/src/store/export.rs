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
            contact_fact_changes: self.contact_fact_changes()?,
            interaction_sources: self.interaction_sources()?,
        })
    }

    /// Every interaction's source keys, by key.
    fn interaction_sources(&self) -> Result<Vec<InteractionSource>> {
        let mut stmt = self.conn.prepare("SELECT interaction_id, key FROM interaction_sources ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok(InteractionSource { interaction: r.get(0)?, key: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every dated contact fact, by contact, fact and date.
    fn contact_fact_changes(&self) -> Result<Vec<ContactFactChange>> {
        let mut stmt = self.conn.prepare(
            "SELECT contact_id, fact, value, since FROM contact_fact_changes
             ORDER BY contact_id, fact, since IS NOT NULL, since, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let since: Option<i64> = r.get(3)?;
            Ok(ContactFactChange {
                contact: r.get(0)?,
                fact: r.get(1)?,
                value: r.get(2)?,
                since: since.map(crate::time::utc),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
