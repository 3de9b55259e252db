-- Schema version 2: merging two contacts, with the journal that lets a merge be undone exactly.
-- A merge moves every row of the merged contact to the kept one and marks the merged contact
-- `merged_into` the kept one; `merge_moves` says which rows moved, so undo moves those back.

CREATE TABLE merges (
    id                  INTEGER PRIMARY KEY,
    kept                INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    merged              INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    merged_at           INTEGER NOT NULL,
    -- The merged contact's updated_at before the merge, put back by undo.
    merged_updated_at   INTEGER NOT NULL
);
CREATE INDEX merges_by_kept ON merges(kept);
CREATE INDEX merges_by_merged ON merges(merged);

CREATE TABLE merge_moves (
    merge_id    INTEGER NOT NULL REFERENCES merges(id) ON DELETE CASCADE,
    -- The table the row is in.
    tbl         TEXT    NOT NULL CHECK (tbl IN
                    ('contact_emails', 'contact_phones', 'contact_links', 'value_items', 'questions',
                     'reactions', 'interaction_participants', 'contact_circles')),
    -- The row's id; for a link table, the interaction or circle it links to.
    row_key     INTEGER NOT NULL,
    -- 1 when the kept contact already had that link: the merged contact's copy was deleted
    -- rather than moved, and undo inserts it again.
    dropped     INTEGER NOT NULL DEFAULT 0 CHECK (dropped IN (0, 1))
);
CREATE INDEX merge_moves_by_merge ON merge_moves(merge_id);
