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
    -- 'writing' only inside a transaction of the import (or of its rollback), set back to
    -- 'applying' before it commits: no other connection ever sees it, and the triggers below
    -- read it to leave the import's own writes out.
    state      TEXT NOT NULL CHECK (state IN ('applying', 'writing')),
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

-- A row an import wrote that another program changed (an UPDATE), or wrote a row naming (an
-- INSERT or UPDATE pointing at it: a call logged with an imported contact, a contact merged into
-- one, an email added to one), while the import applied. A rollback keeps these rows (and what
-- they need to stay whole: the contacts of a kept interaction, the post and contact of a kept
-- comment, the circles of a kept contact), so that it never deletes another program's write or
-- strips it of what it names; the import's sentence says how many it kept. The import's own
-- transactions set the journal's state to 'writing' (seen by no other connection), so its own
-- writes are not noted. One probe of `import_journal`, empty but during an import, per row.
CREATE TABLE import_journal_kept (
    journal_id INTEGER NOT NULL REFERENCES import_journal(id) ON DELETE CASCADE,
    tbl        TEXT NOT NULL,
    id         INTEGER NOT NULL
);
CREATE INDEX import_journal_kept_by_journal ON import_journal_kept(journal_id, tbl, id);

CREATE TRIGGER import_journal_kept_contacts_update AFTER UPDATE ON contacts
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, OLD.id AS id
          UNION ALL SELECT 'contacts', NEW.merged_into) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_circles_update AFTER UPDATE ON circles
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'circles' AS tbl, OLD.id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_posts_update AFTER UPDATE ON posts
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'posts' AS tbl, OLD.id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_reactions_insert AFTER INSERT ON reactions
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'posts' AS tbl, NEW.post_id AS id
          UNION ALL SELECT 'contacts', NEW.contact_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_reactions_update AFTER UPDATE ON reactions
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'reactions' AS tbl, OLD.id AS id
          UNION ALL SELECT 'posts', NEW.post_id
          UNION ALL SELECT 'contacts', NEW.contact_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_interactions_insert AFTER INSERT ON interactions
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.initiator_id AS id
          UNION ALL SELECT 'interactions', NEW.in_reply_to
          UNION ALL SELECT 'reactions', NEW.replies_to_reaction) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_interactions_update AFTER UPDATE ON interactions
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'interactions' AS tbl, OLD.id AS id
          UNION ALL SELECT 'contacts', NEW.initiator_id
          UNION ALL SELECT 'interactions', NEW.in_reply_to
          UNION ALL SELECT 'reactions', NEW.replies_to_reaction) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_interaction_participants_insert AFTER INSERT ON interaction_participants
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'interactions' AS tbl, NEW.interaction_id AS id
          UNION ALL SELECT 'contacts', NEW.contact_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_interaction_participants_update AFTER UPDATE ON interaction_participants
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'interactions' AS tbl, NEW.interaction_id AS id
          UNION ALL SELECT 'contacts', NEW.contact_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_value_items_insert AFTER INSERT ON value_items
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'interactions' AS tbl, NEW.interaction_id AS id
          UNION ALL SELECT 'contacts', NEW.contact_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_value_items_update AFTER UPDATE ON value_items
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'interactions' AS tbl, NEW.interaction_id AS id
          UNION ALL SELECT 'contacts', NEW.contact_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_questions_insert AFTER INSERT ON questions
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'interactions' AS tbl, NEW.asked_in AS id
          UNION ALL SELECT 'interactions', NEW.answered_in
          UNION ALL SELECT 'contacts', NEW.contact_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_questions_update AFTER UPDATE ON questions
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'interactions' AS tbl, NEW.asked_in AS id
          UNION ALL SELECT 'interactions', NEW.answered_in
          UNION ALL SELECT 'contacts', NEW.contact_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_interaction_sources_insert AFTER INSERT ON interaction_sources
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'interactions' AS tbl, NEW.interaction_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_interaction_sources_update AFTER UPDATE ON interaction_sources
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'interactions' AS tbl, NEW.interaction_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_circles_insert AFTER INSERT ON contact_circles
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id
          UNION ALL SELECT 'circles', NEW.circle_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_circles_update AFTER UPDATE ON contact_circles
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id
          UNION ALL SELECT 'circles', NEW.circle_id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_emails_insert AFTER INSERT ON contact_emails
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_emails_update AFTER UPDATE ON contact_emails
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_phones_insert AFTER INSERT ON contact_phones
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_phones_update AFTER UPDATE ON contact_phones
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_links_insert AFTER INSERT ON contact_links
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_links_update AFTER UPDATE ON contact_links
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_fact_changes_insert AFTER INSERT ON contact_fact_changes
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_contact_fact_changes_update AFTER UPDATE ON contact_fact_changes
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.contact_id AS id) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

CREATE TRIGGER import_journal_kept_merges_insert AFTER INSERT ON merges
WHEN EXISTS (SELECT 1 FROM import_journal WHERE state = 'applying')
BEGIN
    INSERT INTO import_journal_kept (journal_id, tbl, id)
    SELECT s.journal_id, n.tbl, n.id
    FROM (SELECT 'contacts' AS tbl, NEW.kept AS id
          UNION ALL SELECT 'contacts', NEW.merged) n
    JOIN import_journal_spans s ON s.tbl = n.tbl AND n.id BETWEEN s.first_id AND s.last_id;
END;

