-- Schema version 4: a full-text index over contacts and interaction summaries, so that a search
-- ignores case and accents ("chloe" finds "Chloé") in names, details, notes and summaries.
-- FTS5's trigram tokenizer matches any part of a word of three letters or more, as LIKE did;
-- `remove_diacritics 1` folds the accents of both the text and the query.
-- Triggers keep both indexes in step with every write, whichever program makes it.

-- One row per contact, rowid = contacts.id: the name (display name and nickname), the details
-- (company, role, place, emails) and the notes.
CREATE VIRTUAL TABLE contact_search USING fts5(
    name, detail, notes,
    tokenize = 'trigram case_sensitive 0 remove_diacritics 1'
);

-- One row per interaction, rowid = interactions.id: its summary.
CREATE VIRTUAL TABLE interaction_search USING fts5(
    summary,
    tokenize = 'trigram case_sensitive 0 remove_diacritics 1'
);

CREATE TRIGGER contact_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contact_search (rowid, name, detail, notes) VALUES (
        NEW.id,
        concat_ws(' ', NEW.display_name, NEW.nickname),
        concat_ws(' ', NEW.company, NEW.role, NEW.location,
                  (SELECT group_concat(e.email, ' ') FROM contact_emails e WHERE e.contact_id = NEW.id)),
        NEW.notes);
END;

CREATE TRIGGER contact_search_update AFTER UPDATE OF display_name, nickname, company, role, location, notes
ON contacts BEGIN
    UPDATE contact_search SET
        name = concat_ws(' ', NEW.display_name, NEW.nickname),
        detail = concat_ws(' ', NEW.company, NEW.role, NEW.location,
                           (SELECT group_concat(e.email, ' ') FROM contact_emails e WHERE e.contact_id = NEW.id)),
        notes = NEW.notes
    WHERE rowid = NEW.id;
END;

CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contact_search WHERE rowid = OLD.id;
END;

-- A contact's emails are in the details: an email added, moved (a merge) or removed rewrites
-- the details of the contacts it belongs to before and after.
CREATE TRIGGER contact_search_email_insert AFTER INSERT ON contact_emails BEGIN
    UPDATE contact_search SET detail = (
        SELECT concat_ws(' ', c.company, c.role, c.location,
                         (SELECT group_concat(e.email, ' ') FROM contact_emails e WHERE e.contact_id = c.id))
        FROM contacts c WHERE c.id = NEW.contact_id)
    WHERE rowid = NEW.contact_id;
END;

CREATE TRIGGER contact_search_email_update AFTER UPDATE ON contact_emails BEGIN
    UPDATE contact_search SET detail = (
        SELECT concat_ws(' ', c.company, c.role, c.location,
                         (SELECT group_concat(e.email, ' ') FROM contact_emails e WHERE e.contact_id = c.id))
        FROM contacts c WHERE c.id = contact_search.rowid)
    WHERE rowid IN (OLD.contact_id, NEW.contact_id);
END;

CREATE TRIGGER contact_search_email_delete AFTER DELETE ON contact_emails BEGIN
    UPDATE contact_search SET detail = (
        SELECT concat_ws(' ', c.company, c.role, c.location,
                         (SELECT group_concat(e.email, ' ') FROM contact_emails e WHERE e.contact_id = c.id))
        FROM contacts c WHERE c.id = OLD.contact_id)
    WHERE rowid = OLD.contact_id;
END;

CREATE TRIGGER interaction_search_insert AFTER INSERT ON interactions BEGIN
    INSERT INTO interaction_search (rowid, summary) VALUES (NEW.id, NEW.summary);
END;

CREATE TRIGGER interaction_search_update AFTER UPDATE OF summary ON interactions BEGIN
    UPDATE interaction_search SET summary = NEW.summary WHERE rowid = NEW.id;
END;

CREATE TRIGGER interaction_search_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM interaction_search WHERE rowid = OLD.id;
END;

-- The rows that exist already.
INSERT INTO contact_search (rowid, name, detail, notes)
SELECT c.id,
       concat_ws(' ', c.display_name, c.nickname),
       concat_ws(' ', c.company, c.role, c.location,
                 (SELECT group_concat(e.email, ' ') FROM contact_emails e WHERE e.contact_id = c.id)),
       c.notes
FROM contacts c;

INSERT INTO interaction_search (rowid, summary) SELECT id, summary FROM interactions;
