-- Schema version 6. Every part of this session's change appends its statements under a comment
-- naming it.

-- Email: replies to a message from an earlier import (issue 16). Where an imported interaction
-- came from, by a key of its source namespaced by the source's kind (`email:` then the message's
-- Message-ID, without its angle brackets, in lower case), so that a later import finds the
-- interaction a reply answers, and a re-import knows the message is already there. A key names
-- one interaction; an interaction may have none (logged by hand, imported before version 6).
CREATE TABLE interaction_sources (
    key             TEXT    NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 3 AND 1100 AND instr(key, ':') > 1),
    interaction_id  INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX interaction_sources_by_interaction ON interaction_sources(interaction_id);
