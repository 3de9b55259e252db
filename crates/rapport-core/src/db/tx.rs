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
        if self.nested {
            // The batch around it renews the token when it commits.
            self.conn.execute_batch("RELEASE write_scope")?;
        } else {
            renew_data_token(self.conn)?;
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    /// Commits without renewing the data's token: for a write of what is derived from the data
    /// alone (the search index), after which everything measured from the data still holds.
    pub(crate) fn commit_keeping_token(mut self) -> Result<()> {
        self.done = true;
        self.conn.execute_batch(if self.nested { "RELEASE write_scope" } else { "COMMIT" })?;
        Ok(())
    }
}

/// Gives the data a new token, inside the transaction about to commit: any write, by this
/// process or another, leaves a token no earlier state of the data had (see [`data_token`]).
pub(crate) fn renew_data_token(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE data_token SET token = random() WHERE id = 1", [])?;
    Ok(())
}

/// A number that names the data's state: every committed write replaces it with a new random
/// one, and a copy of the file (a backup) carries it with the data it names. What was measured
/// at one token still describes the data while the token is the same, across restarts.
pub(crate) fn data_token(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT token FROM data_token WHERE id = 1", [], |r| r.get(0))?)
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
