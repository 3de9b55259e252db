//! A database over several pages, for the tests that damage one (included by path by the
//! service's, the app's and the CLI's tests).

use rapport_core::{ContactFields, Store};

/// Adds 300 contacts with long names to `store`: the file then spans several pages, so the damage
/// of `rapport_core::backup::damage` (its third page) lands in its data.
pub fn add_contacts_over_pages(store: &mut Store) {
    store
        .batch(|s| {
            for i in 0..300 {
                s.add_contact(&ContactFields::named(format!("Contact number {i} with a longer name")))?;
            }
            Ok(())
        })
        .unwrap();
}
