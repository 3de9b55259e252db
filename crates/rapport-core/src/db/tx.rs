//! The one way a write transaction is opened.

use rusqlite::Connection;

use crate::error::Result;

/// A write scope. Outside any transaction it is an IMMEDIATE transaction: it takes the write
/// lock at once, so two writers queue on the busy timeout instead of failing half-way when a read
/// lock cannot be upgraded. Inside a [`crate::Store::batch`] it is a savepoint, so each call still
/// stays all-or-nothing while the batch commits once. Dropped without `commit`, it rolls back.
pub(crate) struct WriteTx<'c> {
    conn: &'c Connection,
    nested: bool,
    done: bool,
}

pub(crate) fn write_tx(conn: &mut Connection) -> Result<WriteTx<'_>> {
    let nested = !conn.is_autocommit();
    conn.execute_batch(if nested { "SAVEPOINT write_scope" } else { "BEGIN IMMEDIATE" })?;
    Ok(WriteTx { conn, nested, done: false })
}

impl WriteTx<'_> {
    pub(crate) fn commit(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch(if self.nested { "RELEASE write_scope" } else { "COMMIT" })?;
        Ok(())
    }
}

impl std::ops::Deref for WriteTx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let sql = if self.nested { "ROLLBACK TO write_scope; RELEASE write_scope" } else { "ROLLBACK" };
            let _ = self.conn.execute_batch(sql);
        }
    }
}
