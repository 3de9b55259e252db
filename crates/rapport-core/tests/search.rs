//! Search ignores case and accents, takes the words in any order, reaches notes and interaction
//! summaries, says why a contact matched, and its index follows every write.

use chrono::{DateTime, FixedOffset, TimeZone};
use rapport_core::directory::*;
use rapport_core::*;

fn at(day: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap()
}

fn person(s: &mut Store, name: &str) -> ContactId {
    s.add_contact(&ContactFields::named(name)).unwrap().id
}

fn log(s: &mut Store, with: &[ContactId], day: u32, summary: &str) -> Interaction {
    let mut new = NewInteraction::new(at(day), Channel::Call, Party::Me, with.to_vec());
    new.summary = summary.into();
    s.log_interaction(&new).unwrap()
}

/// The names the window's list shows for `search`.
fn found(s: &Store, search: &str) -> Vec<String> {
    let d = Directory::build(s, at(28).timestamp()).unwrap();
    let page = d.page(s, &ContactListQuery { search: Some(search.into()), ..Default::default() }).unwrap();
    page.contacts.into_iter().map(|c| c.display_name).collect()
}

/// Each name the list shows for `search`, with its excerpt.
fn explained(s: &Store, search: &str) -> Vec<(String, Option<Excerpt>)> {
    let d = Directory::build(s, at(28).timestamp()).unwrap();
    let page = d.page(s, &ContactListQuery { search: Some(search.into()), ..Default::default() }).unwrap();
    page.contacts.into_iter().map(|c| (c.display_name, c.excerpt)).collect()
}

fn listed(s: &Store, search: &str) -> Vec<String> {
    let q = ContactQuery { search: Some(search.into()), ..Default::default() };
    s.list_contacts(&q).unwrap().into_iter().map(|c| c.display_name).collect()
}

fn people() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    for name in ["Chloé Martin", "Émile Zola", "Chloe Dupont", "Martine Roux", "Zoë Brandão"] {
        person(&mut s, name);
    }
    s
}

#[test]
fn case_and_accents_do_not_count() {
    let s = people();
    assert_eq!(found(&s, "chloe"), ["Chloe Dupont", "Chloé Martin"]);
    assert_eq!(found(&s, "CHLOÉ"), ["Chloe Dupont", "Chloé Martin"]);
    assert_eq!(found(&s, "EMILE"), ["Émile Zola"]);
    assert_eq!(found(&s, "émile"), ["Émile Zola"]);
    assert_eq!(found(&s, "zoe"), ["Zoë Brandão"]);
    assert_eq!(found(&s, "brandao"), ["Zoë Brandão"]);
    // A part of a word, as before: "artin" is in Martin and Martine.
    assert_eq!(found(&s, "artin"), ["Chloé Martin", "Martine Roux"]);
    // `contact list --search` finds the same people.
    assert_eq!(listed(&s, "chloe"), ["Chloe Dupont", "Chloé Martin"]);
    assert_eq!(listed(&s, "EMILE"), ["Émile Zola"]);
}

#[test]
fn the_words_count_in_any_order() {
    let s = people();
    assert_eq!(found(&s, "martin chloe"), ["Chloé Martin"]);
    assert_eq!(found(&s, "  Martin   CHLOÉ "), ["Chloé Martin"]);
    assert_eq!(listed(&s, "dupont chloe"), ["Chloe Dupont"]);
    assert!(found(&s, "martin zola").is_empty(), "every word must match");
    // Short words are matched too (without the index): "Ch" and "Ma" are both in Chloé Martin.
    assert_eq!(found(&s, "Ma Ch"), ["Chloé Martin"]);
    assert_eq!(found(&s, "Chloé M"), ["Chloé Martin"]);
}

#[test]
fn notes_details_and_summaries_are_searched_and_shown_as_the_reason() {
    let mut s = people();
    let ana = s
        .add_contact(&ContactFields {
            notes: "Met at the Pâtisserie Ladurée tasting, loves macarons.".into(),
            emails: vec![Labeled::new("ana@globex.example")],
            ..ContactFields::named("Ana Lima")
        })
        .unwrap()
        .id;
    let ben = person(&mut s, "Ben Okafor");
    log(&mut s, &[ben], 2, "Talked about his move to Montréal in spring.");
    log(&mut s, &[ben], 5, "Coffee; he is settled in Montréal now.");
    log(&mut s, &[ana, ben], 6, "Dinner together.");

    let hits = explained(&s, "patisserie laduree");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].0, "Ana Lima");
    let excerpt = hits[0].1.clone().unwrap();
    assert_eq!(excerpt.source, ExcerptSource::Notes);
    assert!(excerpt.text.contains("Pâtisserie Ladurée"), "{excerpt:?}");

    let excerpt = explained(&s, "globex")[0].1.clone().unwrap();
    assert_eq!((excerpt.source, excerpt.text.as_str()), (ExcerptSource::Details, "ana@globex.example"));

    // The latest summary that holds the word explains the match.
    let hits = explained(&s, "montreal");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].0, "Ben Okafor");
    let excerpt = hits[0].1.clone().unwrap();
    assert_eq!((excerpt.source, excerpt.text.as_str()), (ExcerptSource::Summary, "…settled in Montréal now."));

    // A word in the name and one in a summary, in any order.
    assert_eq!(found(&s, "montreal okafor"), ["Ben Okafor"]);
    // A group interaction's summary finds every participant.
    assert_eq!(found(&s, "dinner"), ["Ana Lima", "Ben Okafor"]);

    // Long notes are cut around the hit.
    let mut f = ContactFields::named("Long Notes");
    f.notes = format!("{} the serendipity moment {}", "filler words ".repeat(40), "more text ".repeat(40));
    s.add_contact(&f).unwrap();
    let excerpt = explained(&s, "serendipity")[0].1.clone().unwrap();
    assert!(excerpt.text.contains("the serendipity moment"), "{excerpt:?}");
    assert!(excerpt.text.starts_with('…') && excerpt.text.ends_with('…'), "{excerpt:?}");
    assert!(excerpt.text.chars().count() < 100, "{excerpt:?}");
    assert!(excerpt.text.starts_with("…words the serendipity moment"), "{excerpt:?}");
    // The hit comes early, so that the list's narrow line shows it.
    let summary = "Long chat about the old days, then about the randonnée club and the spring plans";
    log(&mut s, &[ben], 7, summary);
    let excerpt = explained(&s, "randonnee")[0].1.clone().unwrap();
    assert!(excerpt.text.starts_with("…about the randonnée club"), "{excerpt:?}");

    // Found by name: no excerpt.
    assert_eq!(explained(&s, "chloe martin"), [("Chloé Martin".to_owned(), None)]);
    // A word in the name and one in the notes: the notes say why.
    let hits = explained(&s, "ana macarons");
    assert_eq!(hits.len(), 1);
    assert!(hits[0].1.as_ref().unwrap().text.contains("macarons"), "{hits:?}");
}

#[test]
fn search_text_is_plain_text() {
    let mut s = people();
    let mut f = ContactFields::named("Quote \"Man\"");
    f.notes = "50% off (NEAR) * AND OR NOT".into();
    s.add_contact(&f).unwrap();
    assert!(found(&s, "100%").is_empty());
    assert_eq!(found(&s, "50%"), ["Quote \"Man\""]);
    assert_eq!(found(&s, "\"man\""), ["Quote \"Man\""]);
    assert_eq!(found(&s, "(near)"), ["Quote \"Man\""]);
    for odd in ["\"", "*", "AND", "OR", "NOT", "NEAR(", "a:b", "{name}:", "^chl", "''", "%", "_", "\\"] {
        found(&s, odd); // No error from the query syntax of FTS5 or LIKE.
        match s.resolve_contact(odd) {
            Ok(_) | Err(Error::NoMatch(_) | Error::Ambiguous(_)) => {}
            Err(e) => panic!("{odd:?}: {e:?}"),
        }
    }
}

#[test]
fn the_index_follows_every_write() {
    let mut s = people();
    let id = person(&mut s, "Noémie Petit");
    assert_eq!(found(&s, "noemie"), ["Noémie Petit"]);

    // Edited: the old name is gone, the new one found; an email added and removed.
    let mut fields = s.contact(id).unwrap().fields;
    fields.display_name = "Noëlle Petit".into();
    fields.emails = vec![Labeled::new("noelle@exemple.fr")];
    fields.notes = "Voisine, jardin partagé".into();
    s.update_contact(id, &fields).unwrap();
    assert!(found(&s, "noemie").is_empty());
    assert_eq!(found(&s, "noelle"), ["Noëlle Petit"]);
    assert_eq!(found(&s, "exemple.fr"), ["Noëlle Petit"]);
    assert_eq!(found(&s, "partage"), ["Noëlle Petit"]);
    fields.emails.clear();
    s.update_contact(id, &fields).unwrap();
    assert!(found(&s, "exemple.fr").is_empty());

    // Logging indexes the summary.
    let other = person(&mut s, "Rémi Duval");
    log(&mut s, &[other], 3, "Randonnée à Chamonix");
    assert_eq!(found(&s, "randonnee"), ["Rémi Duval"]);

    // Merged: the merged contact's email and interactions now find the kept one only.
    let mut f = s.contact(other).unwrap().fields;
    f.emails = vec![Labeled::new("remi@duval.example")];
    s.update_contact(other, &f).unwrap();
    let merge = s.merge_contacts(id, other).unwrap();
    assert_eq!(found(&s, "chamonix"), ["Noëlle Petit"]);
    assert_eq!(found(&s, "duval.example"), ["Noëlle Petit"]);
    s.undo_merge(merge.id).unwrap();
    assert_eq!(found(&s, "chamonix"), ["Rémi Duval"]);
    assert_eq!(found(&s, "duval.example"), ["Rémi Duval"]);

    // Deleted: gone from the index with the interactions only they took part in.
    s.delete_contact(other).unwrap();
    assert!(found(&s, "rémi").is_empty());
    assert!(found(&s, "chamonix").is_empty());
    assert_eq!(s.search_excerpts("chamonix", &[other]).unwrap().len(), 0);
}

#[test]
fn resolving_a_typed_name_ignores_case_accents_and_word_order() {
    let mut s = people();
    let chloe_martin = s.resolve_contact("Chloé Martin").unwrap();
    assert_eq!(s.resolve_contact("chloe martin").unwrap(), chloe_martin);
    assert_eq!(s.resolve_contact("martin chloe").unwrap(), chloe_martin);
    assert_eq!(s.contact(s.resolve_contact("EMILE").unwrap()).unwrap().fields.display_name, "Émile Zola");
    assert_eq!(s.contact(s.resolve_contact("zoe").unwrap()).unwrap().fields.display_name, "Zoë Brandão");
    // "chloe" alone names two people: refused with both.
    match s.resolve_contact("chloe") {
        Err(Error::Ambiguous(Reason::AmbiguousContact { n, names, .. })) => {
            assert_eq!(n, 2);
            assert!(names.iter().any(|n| n.starts_with("Chloé Martin")), "{names:?}");
            assert!(names.iter().any(|n| n.starts_with("Chloe Dupont")), "{names:?}");
        }
        other => panic!("expected ambiguous, got {other:?}"),
    }
    // Only the name counts: a word in the notes does not name anyone.
    let mut f = ContactFields::named("Paul Girard");
    f.notes = "Works with Chloé".into();
    s.add_contact(&f).unwrap();
    assert!(matches!(s.resolve_contact("martin chloe"), Ok(id) if id == chloe_martin));
    assert!(matches!(s.resolve_contact("xyzzy"), Err(Error::NoMatch(_))));
}

/// The index needs FTS5 and its trigram tokenizer with `remove_diacritics` (SQLite 3.45 or later)
/// in the SQLite the store is built with: the bundled one, and SQLCipher under `--features
/// encryption` (run this test with that feature too).
#[test]
fn the_sqlite_in_use_has_fts5_with_trigrams_that_fold_accents() {
    let s = Store::open_in_memory().unwrap();
    let conn = s.connection();
    let mut stmt = conn.prepare("PRAGMA compile_options").unwrap();
    let options: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    assert!(options.iter().any(|o| o == "ENABLE_FTS5"), "{options:?}");
    let version: String = conn.query_row("SELECT sqlite_version()", [], |r| r.get(0)).unwrap();
    let [major, minor]: [u32; 2] = [0, 1].map(|i| version.split('.').nth(i).unwrap().parse().unwrap());
    assert!((major, minor) >= (3, 45), "SQLite {version}");
    let cipher: Option<String> = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).ok();
    assert_eq!(cipher.is_some(), cfg!(feature = "encryption"), "SQLCipher {cipher:?} with SQLite {version}");
}

#[test]
fn the_index_follows_corrections_and_their_undo() {
    let mut s = people();
    let id = person(&mut s, "Inès Moreau");
    let mut f = s.contact(id).unwrap().fields;
    f.emails = vec![Labeled::new("ines@atelier.example")];
    s.update_contact(id, &f).unwrap();
    let talk = log(&mut s, &[id], 4, "Vernissage à la galerie");

    // An edited summary is searched by its new words only.
    let edit =
        rapport_core::store::InteractionEdit { summary: Some("Dîner au château".into()), ..Default::default() };
    s.edit_interaction(talk.id, &edit).unwrap();
    assert!(found(&s, "vernissage").is_empty());
    assert_eq!(found(&s, "chateau"), ["Inès Moreau"]);

    // A deleted interaction leaves the index; its undo brings it back.
    let deleted = s.delete_interaction(talk.id).unwrap();
    assert!(found(&s, "chateau").is_empty());
    s.undo_delete(&deleted.snapshot).unwrap();
    assert_eq!(found(&s, "chateau"), ["Inès Moreau"]);

    // A deleted contact too, with their email and the interactions only they took part in.
    let deleted = s.delete_contact(id).unwrap();
    for word in ["ines", "atelier.example", "chateau"] {
        assert!(found(&s, word).is_empty(), "{word}");
    }
    s.undo_delete(&deleted.snapshot).unwrap();
    for word in ["ines", "atelier.example", "chateau"] {
        assert_eq!(found(&s, word), ["Inès Moreau"], "{word}");
    }
}

/// The app's connection stays open while the CLI writes: its quick check (run before every
/// backup) must not take the search index's structure it last read for damage. It did: backups
/// were refused for "fts5: checksum mismatch" on a database a fresh connection found sound.
#[test]
fn a_quick_check_after_another_connections_writes_finds_the_index_sound() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rapport.db");
    let mut app = Store::open(&path).unwrap();
    let ana = person(&mut app, "Ana");
    app.backup_now().unwrap();
    let mut cli = Store::open(&path).unwrap();
    let bea = person(&mut cli, "Béa");
    for day in 1..=40 {
        log(&mut cli, &[ana, bea], 1 + day % 28, &format!("coffee number {day}"));
    }
    assert_eq!(rapport_core::db::quick_check(app.connection()), Ok(()));
    app.backup_now().expect("the app's backup after the CLI's writes");
    assert_eq!(found(&app, "coffee"), ["Ana", "Béa"]);
}
