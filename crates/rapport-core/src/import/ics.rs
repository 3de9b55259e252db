//! Placeholder until the ics reader lands.

use super::{ImportOptions, Parsed, Ticker};
use crate::error::{Error, Result};

pub(crate) fn parse(_bytes: &[u8], _options: &ImportOptions, _ticker: &mut Ticker<'_>) -> Result<Parsed> {
    Err(Error::invalid("format", "this format is not available yet"))
}
