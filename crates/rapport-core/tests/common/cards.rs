//! Generated vCards for the tests that import many contacts: rapport-core's tests use them as
//! `common::cards`, rapport-cli's and rapport-service's include this file by its path, so all
//! import the same cards and search for the same names.

use std::path::Path;

/// `n` vCards in one file, `Person i Zed` with the email `pi@cards.test` and the company `Firm i`.
pub fn write_cards(path: &Path, n: usize) {
    let mut text = String::with_capacity(n * 90);
    for i in 0..n {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Zed\r\nEMAIL:p{i}@cards.test\r\nORG:Firm {i}\r\nEND:VCARD\r\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}
