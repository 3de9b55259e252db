//! Instants as the store keeps them: Unix seconds in UTC plus the UTC offset in minutes.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

use crate::error::{Error, Reason, Result};

/// The range of instants the store accepts: wide enough for any real history, narrow enough to
/// catch a typo such as year 20025.
pub const EARLIEST_YEAR: i32 = 1900;
pub const LATEST_YEAR: i32 = 2199;

pub fn check_in_range(field: &'static str, at: DateTime<Utc>) -> Result<i64> {
    let year = chrono::Datelike::year(&at);
    if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&year) {
        return Err(Error::invalid(
            field,
            Reason::DateRange { value: at.to_string(), earliest: EARLIEST_YEAR, latest: LATEST_YEAR },
        ));
    }
    Ok(at.timestamp())
}

/// [`check_in_range`] for Unix seconds, which may lie beyond what chrono can represent.
pub fn check_secs(field: &'static str, secs: i64) -> Result<i64> {
    match Utc.timestamp_opt(secs, 0).single() {
        Some(at) => check_in_range(field, at),
        None => Err(Error::invalid(field, Reason::SecondsRange { secs, earliest: EARLIEST_YEAR, latest: LATEST_YEAR })),
    }
}

pub fn check_date(field: &'static str, d: NaiveDate) -> Result<NaiveDate> {
    let year = chrono::Datelike::year(&d);
    if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&year) {
        return Err(Error::invalid(
            field,
            Reason::DateRange { value: d.to_string(), earliest: EARLIEST_YEAR, latest: LATEST_YEAR },
        ));
    }
    Ok(d)
}

/// `(seconds, offset minutes)` for storage.
pub fn to_stored(field: &'static str, at: DateTime<FixedOffset>) -> Result<(i64, i32)> {
    let secs = check_in_range(field, at.with_timezone(&Utc))?;
    Ok((secs, at.offset().local_minus_utc() / 60))
}

/// Back from storage; a corrupt offset falls back to UTC rather than failing a whole listing.
pub fn from_stored(secs: i64, offset_min: i32) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(offset_min * 60).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap());
    offset.timestamp_opt(secs, 0).single().unwrap_or_else(|| utc(secs).fixed_offset())
}

pub fn utc(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

pub fn now() -> i64 {
    Utc::now().timestamp()
}
