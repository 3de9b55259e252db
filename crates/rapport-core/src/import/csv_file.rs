//! Placeholder until the CSV reader lands.

use super::{Format, ImportOptions, Parsed, Ticker};
use crate::error::{Error, Result};

pub(crate) fn detect(_head_upper: &str) -> Option<Format> {
    None
}

pub(crate) fn parse(
    _bytes: &[u8],
    _format: Format,
    _options: &ImportOptions,
    _ticker: &mut Ticker<'_>,
) -> Result<Parsed> {
    Err(Error::invalid("format", "this format is not available yet"))
}
