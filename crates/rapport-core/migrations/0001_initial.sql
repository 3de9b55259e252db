-- Schema version 1: the whole domain of Rapport.
-- Instants are Unix seconds in UTC plus the UTC offset (minutes) the user was at, so a
-- history can be sorted and scored in UTC and still be shown in the time it was lived.
-- Calendar dates with no time (met on, birthday) are ISO-8601 text.

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    display_name    TEXT    NOT NULL CHECK (length(trim(display_name)) > 0),
    given_name      TEXT,
    family_name     TEXT,
    nickname        TEXT,
    company         TEXT,
    role            TEXT,
    location        TEXT,
    how_met         TEXT,
    met_on          TEXT,              -- YYYY-MM-DD
    birthday        TEXT,              -- YYYY-MM-DD, or --MM-DD when the year is unknown
    closeness       INTEGER CHECK (closeness BETWEEN 1 AND 5),
    is_kin          INTEGER NOT NULL DEFAULT 0 CHECK (is_kin IN (0, 1)),
    notes           TEXT    NOT NULL DEFAULT '',
    cadence_days    INTEGER CHECK (cadence_days > 0),  -- keep-in-touch goal for this contact
    archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    merged_into     INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX contacts_by_name ON contacts(display_name COLLATE NOCASE);

CREATE TABLE contact_emails (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    email       TEXT    NOT NULL CHECK (length(email) > 0),
    label       TEXT
);
CREATE INDEX contact_emails_by_contact ON contact_emails(contact_id);
CREATE INDEX contact_emails_by_email ON contact_emails(email COLLATE NOCASE);

CREATE TABLE contact_phones (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    phone       TEXT    NOT NULL CHECK (length(phone) > 0),
    label       TEXT
);
CREATE INDEX contact_phones_by_contact ON contact_phones(contact_id);

-- Profile and web addresses (a LinkedIn profile URL identifies a person across imports).
CREATE TABLE contact_links (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    url         TEXT    NOT NULL CHECK (length(url) > 0),
    label       TEXT
);
CREATE INDEX contact_links_by_contact ON contact_links(contact_id);

CREATE TABLE circles (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    cadence_days  INTEGER CHECK (cadence_days > 0),    -- keep-in-touch goal for the circle
    created_at    INTEGER NOT NULL
);

CREATE TABLE contact_circles (
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    circle_id   INTEGER NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, circle_id)
) WITHOUT ROWID;
CREATE INDEX contact_circles_by_circle ON contact_circles(circle_id);

CREATE TABLE interactions (
    id              INTEGER PRIMARY KEY,
    occurred_at     INTEGER NOT NULL,
    utc_offset_min  INTEGER NOT NULL DEFAULT 0 CHECK (utc_offset_min BETWEEN -1080 AND 1080),
    channel         TEXT    NOT NULL CHECK (channel IN
                        ('in_person', 'call', 'video', 'email', 'message', 'social', 'event', 'letter', 'other')),
    initiated_by    TEXT    NOT NULL CHECK (initiated_by IN ('me', 'them')),
    duration_min    INTEGER CHECK (duration_min >= 0),
    summary         TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);
CREATE INDEX interactions_by_time ON interactions(occurred_at);

CREATE TABLE interaction_participants (
    interaction_id  INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    contact_id      INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX participants_by_contact ON interaction_participants(contact_id);

-- Something of value given to or received from one contact, usually during an interaction.
CREATE TABLE value_items (
    id              INTEGER PRIMARY KEY,
    contact_id      INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    interaction_id  INTEGER REFERENCES interactions(id) ON DELETE CASCADE,
    direction       TEXT    NOT NULL CHECK (direction IN ('given', 'received')),
    kind            TEXT    NOT NULL CHECK (kind IN
                        ('introduction', 'advice', 'knowledge', 'help', 'referral',
                         'recommendation', 'gift', 'other')),
    weight          REAL    CHECK (weight > 0 AND weight <= 100),
    note            TEXT    NOT NULL DEFAULT '',
    occurred_at     INTEGER NOT NULL
);
CREATE INDEX value_items_by_contact ON value_items(contact_id);
CREATE INDEX value_items_by_interaction ON value_items(interaction_id);

-- A question asked in an interaction, by me or by them; open until a later interaction answers it.
CREATE TABLE questions (
    id              INTEGER PRIMARY KEY,
    contact_id      INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    asked_in        INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    asked_by        TEXT    NOT NULL CHECK (asked_by IN ('me', 'them')),
    text            TEXT    NOT NULL CHECK (length(trim(text)) > 0),
    answered_in     INTEGER REFERENCES interactions(id) ON DELETE SET NULL
);
CREATE INDEX questions_by_contact ON questions(contact_id);
CREATE INDEX questions_by_asked_in ON questions(asked_in);
CREATE INDEX questions_by_answered_in ON questions(answered_in);

CREATE TABLE posts (
    id              INTEGER PRIMARY KEY,
    platform        TEXT    NOT NULL CHECK (length(trim(platform)) > 0),
    posted_at       INTEGER NOT NULL,
    utc_offset_min  INTEGER NOT NULL DEFAULT 0 CHECK (utc_offset_min BETWEEN -1080 AND 1080),
    title           TEXT    NOT NULL DEFAULT '',
    url             TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX posts_by_time ON posts(posted_at);

-- A reaction by a known contact (count = 1), or an anonymous count (contact_id NULL).
CREATE TABLE reactions (
    id              INTEGER PRIMARY KEY,
    post_id         INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    contact_id      INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('like', 'share', 'comment')),
    count           INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
    reacted_at      INTEGER,
    comment         TEXT,
    replied         INTEGER NOT NULL DEFAULT 0 CHECK (replied IN (0, 1)),
    CHECK (contact_id IS NULL OR count = 1)
);
CREATE INDEX reactions_by_post ON reactions(post_id);
CREATE INDEX reactions_by_contact ON reactions(contact_id);

-- Editable settings (weights, half-lives, cadences, theme...), each value JSON.
CREATE TABLE settings (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
) WITHOUT ROWID;
