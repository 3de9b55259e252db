-- Schema version 8 (session 11). Each part of the session adds its statements under a comment
-- naming it.

-- Part: an import applied in slices, all or nothing (issue 17, item 10). An import writes its
-- rows in several short write transactions instead of one long one; each slice notes here, in
-- its own transaction, the ids it gave, so that an import that fails, is cancelled or dies
-- half-way can be rolled back by deleting them (their children go by the schema's cascades).
-- A journal with rows is an import being applied; its lock file beside the database (held for
-- as long as it applies) tells a live one from a dead one, which the next program to open the
-- database for writing rolls back (`store/imports.rs`). A finished import deletes its journal.
CREATE TABLE import_journal (
    id         INTEGER PRIMARY KEY,
    state      TEXT NOT NULL CHECK (state IN ('applying')),
    started_at INTEGER NOT NULL
);

CREATE TABLE import_journal_spans (
    journal_id INTEGER NOT NULL REFERENCES import_journal(id) ON DELETE CASCADE,
    tbl        TEXT NOT NULL CHECK (tbl IN ('contacts', 'circles', 'interactions', 'posts', 'reactions')),
    first_id   INTEGER NOT NULL,
    last_id    INTEGER NOT NULL,
    CHECK (first_id <= last_id)
);
CREATE INDEX import_journal_spans_by_journal ON import_journal_spans(journal_id);
CREATE INDEX import_journal_spans_by_row ON import_journal_spans(tbl, first_id);

-- A row an import wrote that another program deleted while the import applied: the import then
-- fails (its later slices may name it), and its rollback leaves alone whatever row now has that
-- id (SQLite gives a freed largest id to the next row inserted). The rollback takes each run off
-- the journal before it deletes its rows, so its own deletes are not noted.
CREATE TABLE import_journal_gone (
    journal_id INTEGER NOT NULL REFERENCES import_journal(id) ON DELETE CASCADE,
    tbl        TEXT NOT NULL,
    id         INTEGER NOT NULL
);
CREATE INDEX import_journal_gone_by_journal ON import_journal_gone(journal_id, tbl, id);

CREATE TRIGGER import_journal_contact_gone AFTER DELETE ON contacts
WHEN EXISTS (SELECT 1 FROM import_journal_spans s WHERE s.tbl = 'contacts' AND OLD.id BETWEEN s.first_id AND s.last_id)
BEGIN
    INSERT INTO import_journal_gone (journal_id, tbl, id)
    SELECT s.journal_id, 'contacts', OLD.id FROM import_journal_spans s
    WHERE s.tbl = 'contacts' AND OLD.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_interaction_gone AFTER DELETE ON interactions
WHEN EXISTS (SELECT 1 FROM import_journal_spans s WHERE s.tbl = 'interactions' AND OLD.id BETWEEN s.first_id AND s.last_id)
BEGIN
    INSERT INTO import_journal_gone (journal_id, tbl, id)
    SELECT s.journal_id, 'interactions', OLD.id FROM import_journal_spans s
    WHERE s.tbl = 'interactions' AND OLD.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_post_gone AFTER DELETE ON posts
WHEN EXISTS (SELECT 1 FROM import_journal_spans s WHERE s.tbl = 'posts' AND OLD.id BETWEEN s.first_id AND s.last_id)
BEGIN
    INSERT INTO import_journal_gone (journal_id, tbl, id)
    SELECT s.journal_id, 'posts', OLD.id FROM import_journal_spans s
    WHERE s.tbl = 'posts' AND OLD.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_reaction_gone AFTER DELETE ON reactions
WHEN EXISTS (SELECT 1 FROM import_journal_spans s WHERE s.tbl = 'reactions' AND OLD.id BETWEEN s.first_id AND s.last_id)
BEGIN
    INSERT INTO import_journal_gone (journal_id, tbl, id)
    SELECT s.journal_id, 'reactions', OLD.id FROM import_journal_spans s
    WHERE s.tbl = 'reactions' AND OLD.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_circle_gone AFTER DELETE ON circles
WHEN EXISTS (SELECT 1 FROM import_journal_spans s WHERE s.tbl = 'circles' AND OLD.id BETWEEN s.first_id AND s.last_id)
BEGIN
    INSERT INTO import_journal_gone (journal_id, tbl, id)
    SELECT s.journal_id, 'circles', OLD.id FROM import_journal_spans s
    WHERE s.tbl = 'circles' AND OLD.id BETWEEN s.first_id AND s.last_id;
END;

-- The two links to a contact that had no index: deleting a contact (a rollback deletes an
-- import's, thousands at a time) had to read every contact and every interaction for each one,
-- to clear `merged_into` and `initiator_id` where they named it.
CREATE INDEX contacts_by_merged_into ON contacts(merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX interactions_by_initiator ON interactions(initiator_id) WHERE initiator_id IS NOT NULL;
