//! Settings: a key → JSON value table for everything the user can tune (weights, half-lives,
//! cadences, theme, language). Measures read their defaults from code and overrides from here.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::db::write_tx;
use crate::error::{Error, Result};

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        let text: Option<String> =
            self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    }

    /// A setting's stored text as it is, even when it is not JSON (the model's reader says what
    /// is wrong with it rather than failing on the JSON).
    pub(crate) fn setting_text(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &serde_json::Value) -> Result<()> {
        let key = key.trim();
        let text = serde_json::to_string(value)?;
        check_setting(key, &text)?;
        let tx = write_tx(&mut self.conn)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, text],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn delete_setting(&mut self, key: &str) -> Result<()> {
        let tx = write_tx(&mut self.conn)?;
        tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
        tx.commit()?;
        Ok(())
    }

    pub fn settings(&self) -> Result<BTreeMap<String, serde_json::Value>> {
        let mut stmt = self.conn.prepare_cached("SELECT key, value FROM settings ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (k, v) = row?;
            out.insert(k, serde_json::from_str(&v)?);
        }
        Ok(out)
    }
}

/// The rules of any setting: a short name of letters, digits and `._-`, and a value of at most
/// 100 kB as JSON text. For `set_setting` and for a JSON import alike.
pub(crate) fn check_setting(key: &str, json: &str) -> Result<()> {
    if key.is_empty() || key.len() > 100 || !key.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        return Err(Error::invalid("key", crate::Reason::SettingName { name: key.to_owned() }));
    }
    if json.len() > 100_000 {
        return Err(Error::invalid("value", crate::Reason::SettingTooLarge {}));
    }
    Ok(())
}
