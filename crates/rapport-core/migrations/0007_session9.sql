-- Schema version 7 (session 9). Each part of the session adds its statements under a comment
-- naming it.

-- Part: an import's search index written after its move, in short slices (issue 17, item 10).
-- The search index (schema v4) is derived from the contacts, their emails and the interactions,
-- so an import need not write it under its one long write lock: the move notes here the ids of
-- the rows it adds, the triggers below leave those rows out, and the importer (or, after a crash,
-- the next program that opens the database for writing) indexes them afterwards in short write
-- transactions, each shrinking its range (`store/search_index.rs`).
CREATE TABLE search_backlog (
    kind     TEXT NOT NULL CHECK (kind IN ('contact', 'interaction')),
    first_id INTEGER NOT NULL,
    last_id  INTEGER NOT NULL,
    CHECK (first_id <= last_id)
);

-- What a row of each search index holds, in one place: the triggers and the slices read it here.
-- The same expressions as schema v4's.
CREATE VIEW contact_search_source (id, name, detail, notes) AS
SELECT c.id,
       concat_ws(' ', c.display_name, c.nickname),
       concat_ws(' ', c.company, c.role, c.location,
                 (SELECT group_concat(e.email, ' ') FROM contact_emails e WHERE e.contact_id = c.id)),
       c.notes
FROM contacts c;

CREATE VIEW interaction_search_source (id, summary) AS
SELECT i.id, i.summary FROM interactions i;

-- The triggers of schema v4, reading the views, each skipping a row still owed (its slice will
-- read it as it is then). Deleting a row owed finds no search row: the delete triggers stay.
DROP TRIGGER contact_search_insert;
CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts
WHEN NOT EXISTS (SELECT 1 FROM search_backlog b
                 WHERE b.kind = 'contact' AND NEW.id BETWEEN b.first_id AND b.last_id)
BEGIN
    INSERT INTO contact_search (rowid, name, detail, notes)
    SELECT s.id, s.name, s.detail, s.notes FROM contact_search_source s WHERE s.id = NEW.id;
END;

DROP TRIGGER contact_search_update;
CREATE TRIGGER contact_search_update AFTER UPDATE OF display_name, nickname, company, role, location, notes
ON contacts
WHEN NOT EXISTS (SELECT 1 FROM search_backlog b
                 WHERE b.kind = 'contact' AND NEW.id BETWEEN b.first_id AND b.last_id)
BEGIN
    UPDATE contact_search SET (name, detail, notes) =
        (SELECT s.name, s.detail, s.notes FROM contact_search_source s WHERE s.id = NEW.id)
    WHERE rowid = NEW.id;
END;

DROP TRIGGER contact_search_email_insert;
CREATE TRIGGER contact_search_email_insert AFTER INSERT ON contact_emails
WHEN NOT EXISTS (SELECT 1 FROM search_backlog b
                 WHERE b.kind = 'contact' AND NEW.contact_id BETWEEN b.first_id AND b.last_id)
BEGIN
    UPDATE contact_search SET detail = (SELECT s.detail FROM contact_search_source s WHERE s.id = NEW.contact_id)
    WHERE rowid = NEW.contact_id;
END;

-- An email moved between two contacts (a merge): either may be owed; an owed one has no search
-- row to update, so no condition is needed.
DROP TRIGGER contact_search_email_update;
CREATE TRIGGER contact_search_email_update AFTER UPDATE ON contact_emails BEGIN
    UPDATE contact_search SET detail = (SELECT s.detail FROM contact_search_source s WHERE s.id = contact_search.rowid)
    WHERE rowid IN (OLD.contact_id, NEW.contact_id);
END;

DROP TRIGGER contact_search_email_delete;
CREATE TRIGGER contact_search_email_delete AFTER DELETE ON contact_emails
WHEN NOT EXISTS (SELECT 1 FROM search_backlog b
                 WHERE b.kind = 'contact' AND OLD.contact_id BETWEEN b.first_id AND b.last_id)
BEGIN
    UPDATE contact_search SET detail = (SELECT s.detail FROM contact_search_source s WHERE s.id = OLD.contact_id)
    WHERE rowid = OLD.contact_id;
END;

DROP TRIGGER interaction_search_insert;
CREATE TRIGGER interaction_search_insert AFTER INSERT ON interactions
WHEN NOT EXISTS (SELECT 1 FROM search_backlog b
                 WHERE b.kind = 'interaction' AND NEW.id BETWEEN b.first_id AND b.last_id)
BEGIN
    INSERT INTO interaction_search (rowid, summary)
    SELECT s.id, s.summary FROM interaction_search_source s WHERE s.id = NEW.id;
END;

DROP TRIGGER interaction_search_update;
CREATE TRIGGER interaction_search_update AFTER UPDATE OF summary ON interactions
WHEN NOT EXISTS (SELECT 1 FROM search_backlog b
                 WHERE b.kind = 'interaction' AND NEW.id BETWEEN b.first_id AND b.last_id)
BEGIN
    UPDATE interaction_search SET summary = (SELECT s.summary FROM interaction_search_source s WHERE s.id = NEW.id)
    WHERE rowid = NEW.id;
END;
