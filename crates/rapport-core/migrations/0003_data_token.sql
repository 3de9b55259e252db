-- Schema version 3: a token that every committed write replaces with a new random number, so
-- that what was measured from the data can be kept across restarts (the app keeps its start-up
-- views on disk) and known to still describe it. SQLite's own data_version lasts one connection.

CREATE TABLE data_token (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    token   INTEGER NOT NULL
);
INSERT INTO data_token (id, token) VALUES (1, random());
