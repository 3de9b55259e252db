//! Circles: named groups of contacts, each with an optional keep-in-touch cadence.

use rusqlite::{params, Connection, OptionalExtension};

use super::{check_name, Store};
use crate::db::write_tx;
use crate::error::{Error, Reason, Result};
use crate::model::*;
use crate::time::now;

impl Store {
    pub fn add_circle(&mut self, name: &str, cadence_days: Option<u32>) -> Result<Circle> {
        let name = circle_name(name)?;
        check_cadence(cadence_days)?;
        let tx = write_tx(&mut self.conn)?;
        let taken: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM circles WHERE name = ?1)", [&name], |r| r.get(0))?;
        if taken {
            return Err(Error::invalid("name", Reason::CircleExists { name: name.to_owned() }));
        }
        tx.execute(
            "INSERT INTO circles (name, cadence_days, created_at) VALUES (?1, ?2, ?3)",
            params![name, cadence_days, now()],
        )?;
        let id = CircleId(tx.last_insert_rowid());
        tx.commit()?;
        self.circle(id)
    }

    pub fn update_circle(&mut self, id: CircleId, name: &str, cadence_days: Option<u32>) -> Result<Circle> {
        let name = circle_name(name)?;
        check_cadence(cadence_days)?;
        let tx = write_tx(&mut self.conn)?;
        let clash: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM circles WHERE name = ?1 AND id <> ?2)",
            params![name, id],
            |r| r.get(0),
        )?;
        if clash {
            return Err(Error::invalid("name", Reason::CircleExists { name: name.to_owned() }));
        }
        let n = tx.execute(
            "UPDATE circles SET name = ?2, cadence_days = ?3 WHERE id = ?1",
            params![id, name, cadence_days],
        )?;
        if n == 0 {
            return Err(Error::not_found("circle", id.0));
        }
        tx.commit()?;
        self.circle(id)
    }

    /// Deletes the circle; its members stay, only their membership goes.
    pub fn delete_circle(&mut self, id: CircleId) -> Result<()> {
        let tx = write_tx(&mut self.conn)?;
        if tx.execute("DELETE FROM circles WHERE id = ?1", [id])? == 0 {
            return Err(Error::not_found("circle", id.0));
        }
        tx.commit()?;
        Ok(())
    }

    pub fn circle(&self, id: CircleId) -> Result<Circle> {
        self.conn
            .query_row(
                "SELECT id, name, cadence_days, (SELECT count(*) FROM contact_circles cc WHERE cc.circle_id = circles.id)
                 FROM circles WHERE id = ?1",
                [id],
                circle_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::not_found("circle", id.0))
    }

    pub fn list_circles(&self) -> Result<Vec<Circle>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, cadence_days, (SELECT count(*) FROM contact_circles cc WHERE cc.circle_id = circles.id)
             FROM circles ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], circle_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn circle_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Circle> {
    Ok(Circle { id: r.get(0)?, name: r.get(1)?, cadence_days: r.get(2)?, member_count: r.get(3)? })
}

pub(crate) fn circle_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", Reason::CircleNeedsName {}));
    }
    check_name("name", name, 200)?;
    Ok(name.to_owned())
}

pub(crate) fn check_cadence(cadence_days: Option<u32>) -> Result<()> {
    match cadence_days {
        Some(d) if !(1..=3650).contains(&d) => Err(Error::invalid("cadence_days", Reason::Cadence { value: d.into() })),
        _ => Ok(()),
    }
}

/// The id of the circle named `name` (any case), created if it does not exist.
pub(crate) fn circle_id_creating(tx: &Connection, name: &str) -> Result<CircleId> {
    if let Some(id) = tx.query_row("SELECT id FROM circles WHERE name = ?1", [name], |r| r.get(0)).optional()? {
        return Ok(id);
    }
    tx.execute("INSERT INTO circles (name, created_at) VALUES (?1, ?2)", params![name, now()])?;
    Ok(CircleId(tx.last_insert_rowid()))
}
