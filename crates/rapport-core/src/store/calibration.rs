//! The applied calibration (measures/calibrate.rs): the fitted weights go into the model's
//! settings and a record of them beside, in one transaction, so a strength is never said to be
//! calibrated with weights that were not stored, nor stored weights left without their record.

use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::db::write_tx;
use crate::error::Result;
use crate::measures::calibrate::{Calibration, CalibrationRecord, CalibrationStatus, CALIBRATION_KEY};
use crate::measures::settings::{ModelSettings, StrengthWeights, SETTINGS_KEY};

impl Store {
    /// The record of the last applied calibration, if any (kept even after the weights changed by
    /// hand; [`Store::calibration_status`] says whether it still holds).
    pub fn calibration_record(&self) -> Result<Option<CalibrationRecord>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [CALIBRATION_KEY], |r| r.get(0))
            .optional()?;
        Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
    }

    /// Whether the strengths in use are calibrated, on how many ratings and since when.
    pub fn calibration_status(&self) -> Result<CalibrationStatus> {
        Ok(CalibrationStatus::of(self.calibration_record()?.as_ref(), &self.model_settings()?))
    }

    /// Stores the calibration's weights and its record, refused (nothing written) when it does
    /// not beat the defaults out of sample or its weights fail the model's validation.
    pub fn apply_calibration(&mut self, calibration: &Calibration, at: i64) -> Result<CalibrationRecord> {
        let (settings, record) = calibration.applicable(&self.model_settings()?, at)?;
        self.write_model_and_record(&settings, Some(&record))?;
        Ok(record)
    }

    /// Back to the default strength weights (the other settings stay as they are), and the
    /// record of the calibration removed.
    pub fn reset_calibration(&mut self) -> Result<ModelSettings> {
        let settings = ModelSettings { strength_weights: StrengthWeights::default(), ..self.model_settings()? };
        self.write_model_and_record(&settings, None)?;
        Ok(settings)
    }

    /// Every setting of the model back to its default, the calibration's record removed.
    pub fn reset_model_settings(&mut self) -> Result<()> {
        self.write_model_and_record(&ModelSettings::default(), None)
    }

    fn write_model_and_record(&mut self, settings: &ModelSettings, record: Option<&CalibrationRecord>) -> Result<()> {
        settings.validate()?;
        let model = serde_json::to_string(settings)?;
        let record = record.map(serde_json::to_string).transpose()?;
        let tx = write_tx(&mut self.conn)?;
        let upsert =
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        tx.execute(upsert, params![SETTINGS_KEY, model])?;
        match record {
            Some(text) => tx.execute(upsert, params![CALIBRATION_KEY, text])?,
            None => tx.execute("DELETE FROM settings WHERE key = ?1", [CALIBRATION_KEY])?,
        };
        tx.commit()?;
        Ok(())
    }
}
