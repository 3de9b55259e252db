-- Schema version 5: what the measures need to tell the truth about a history (issue 13).

-- Who started a group interaction when it was not me: one of its participants. NULL when I
-- started it, or (for an interaction with one participant) when that participant did.
ALTER TABLE interactions ADD COLUMN initiator_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL;

-- The earlier interaction this one answers: a thread of turns.
ALTER TABLE interactions ADD COLUMN in_reply_to INTEGER REFERENCES interactions(id) ON DELETE SET NULL;
CREATE INDEX interactions_by_reply_to ON interactions(in_reply_to) WHERE in_reply_to IS NOT NULL;

-- My reply to a comment on one of my posts: the interaction that carries it (and its questions).
ALTER TABLE interactions ADD COLUMN replies_to_reaction INTEGER REFERENCES reactions(id) ON DELETE SET NULL;
CREATE INDEX interactions_by_reaction ON interactions(replies_to_reaction) WHERE replies_to_reaction IS NOT NULL;

-- When I replied to a comment, so that a report of an earlier date does not see the reply.
-- NULL with replied = 1: replied at a time not known (rows from before version 5).
ALTER TABLE reactions ADD COLUMN replied_at INTEGER;

-- Facts about a contact that change over time, each dated: a closeness rating, a keep-in-touch
-- goal. The value in `contacts` stays the current one; this keeps what held before, so that a
-- past date is measured with what was known then. `since` NULL: held since before any history
-- (the values carried over from version 4, whose date is not known).
CREATE TABLE contact_fact_changes (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    fact        TEXT    NOT NULL CHECK (fact IN ('closeness', 'cadence_days')),
    value       INTEGER,               -- NULL: cleared
    since       INTEGER
);
CREATE INDEX contact_fact_changes_by_contact ON contact_fact_changes(contact_id, fact, since);

INSERT INTO contact_fact_changes (contact_id, fact, value, since)
    SELECT id, 'closeness', closeness, NULL FROM contacts WHERE closeness IS NOT NULL;
INSERT INTO contact_fact_changes (contact_id, fact, value, since)
    SELECT id, 'cadence_days', cadence_days, NULL FROM contacts WHERE cadence_days IS NOT NULL;
