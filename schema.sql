-- claimdesk schema: the whole current schema of a fresh database.
-- Applied in one transaction when PRAGMA user_version is 0; later changes
-- are numbered migrations in db.go that bring an old database to this shape.
-- Times are RFC 3339 UTC text ("2026-11-26T10:00:00Z"); dates are "YYYY-MM-DD".

-- People -------------------------------------------------------------------

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    role                TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'reviewer')),
    password_hash       TEXT    NOT NULL,
    disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at          TEXT    NOT NULL,
    password_changed_at TEXT    NOT NULL
);

-- Server-side sessions. id is the SHA-256 (hex) of the random session id the
-- cookie carries, so a copy of the database does not hand out live sessions.
CREATE TABLE sessions (
    id           TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data         BLOB    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins, for throttling by account and by address.
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT    NOT NULL COLLATE NOCASE,
    addr     TEXT    NOT NULL,
    at       TEXT    NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_addr ON login_failures (addr, at);

-- API tokens: only the SHA-256 (hex) of a token is kept.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   TEXT    NOT NULL,
    last_used_at TEXT
);

-- Secrets generated on first run (session signing and encryption keys).
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- Settings: org.name, org.url, org.logo, publish.base_url, ...
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The verdict scale, configurable by admins. rating is the ClaimReview
-- ratingValue, 1 to 5; NULL is no number (a verdict outside the scale's
-- numeric part, published with its name only); position orders the scale
-- on screen.
CREATE TABLE verdicts (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    rating   INTEGER CHECK (rating >= 1),
    color    TEXT    NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO verdicts (name, rating, color, position) VALUES
    ('True',         5, '#1a7f37', 1),
    ('Mostly true',  4, '#4d9e2f', 2),
    ('Half true',    3, '#9a6700', 3),
    ('Mostly false', 2, '#c4432b', 4),
    ('False',        1, '#a40e26', 5),
    ('Misleading',   NULL, '#8250df', 6),
    ('Unproven',     NULL, '#57606a', 7);

-- Claimants: the people and organisations who make claims. aliases is a
-- JSON array of other names for the same one; same_as an http(s) address
-- that identifies it (Wikidata, an official page).
CREATE TABLE claimants (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    aliases    TEXT    NOT NULL DEFAULT '[]',
    role       TEXT    NOT NULL DEFAULT '',
    kind       TEXT    NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organization')),
    same_as    TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- Articles and claims ---------------------------------------------------------

CREATE TABLE articles (
    id         INTEGER PRIMARY KEY,
    title      TEXT    NOT NULL,
    url        TEXT    NOT NULL DEFAULT '',
    outlet     TEXT    NOT NULL DEFAULT '',
    author     TEXT    NOT NULL DEFAULT '',
    published  TEXT    NOT NULL DEFAULT '',
    body       TEXT    NOT NULL,
    -- SHA-256 (hex) of body: importing the same text again finds this row.
    body_hash  TEXT    NOT NULL UNIQUE,
    format     TEXT    NOT NULL DEFAULT 'text' CHECK (format IN ('text', 'markdown', 'html')),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX articles_created ON articles (created_at);

-- A claim is the byte span [start_byte, end_byte) of its article's body;
-- text is always exactly those bytes.
CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start_byte     INTEGER NOT NULL CHECK (start_byte >= 0),
    end_byte       INTEGER NOT NULL CHECK (end_byte > start_byte),
    text           TEXT    NOT NULL,
    score          REAL    NOT NULL DEFAULT 0,
    -- JSON array of {"feature": ..., "weight": ...}: why the score is what it is.
    reasons        TEXT    NOT NULL DEFAULT '[]',
    kind           TEXT    NOT NULL DEFAULT 'other'
                   CHECK (kind IN ('statistic', 'quote', 'event', 'comparison', 'prediction', 'other')),
    speaker        TEXT    NOT NULL DEFAULT '',
    -- 1 when the engine scored it under the threshold: shown one click away.
    candidate      INTEGER NOT NULL DEFAULT 0 CHECK (candidate IN (0, 1)),
    origin         TEXT    NOT NULL DEFAULT 'engine' CHECK (origin IN ('engine', 'manual', 'split', 'merge')),
    status         TEXT    NOT NULL DEFAULT 'new'
                   CHECK (status IN ('new', 'researching', 'needs_review', 'done', 'dismissed')),
    verdict_id     INTEGER REFERENCES verdicts (id),
    conclusion     TEXT    NOT NULL DEFAULT '',
    dismiss_reason TEXT    NOT NULL DEFAULT '',
    assignee_id    INTEGER REFERENCES users (id),
    signed_off_by  INTEGER REFERENCES users (id),
    signed_off_at  TEXT,
    -- The published fact-check's URL when an editor set one; otherwise
    -- publish.base_url + slug.
    review_url     TEXT    NOT NULL DEFAULT '',
    slug           TEXT    NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    -- When its "checked before?" matches were last found; NULL while they
    -- are pending (a new claim, or one a new fact-check may answer). The
    -- matcher finds the pending ones after the import has committed, so a
    -- crash never loses them.
    matched_at     TEXT,
    -- The claim as checked, one short sentence (ideally at most 75
    -- characters) beside the source span: suggested by the claim engine,
    -- edited by reviewers; what search, matching and ClaimReview's
    -- claimReviewed use. '' when nobody has set one yet.
    statement      TEXT    NOT NULL DEFAULT '',
    -- Who made the claim, from the registry; speaker keeps the words the
    -- text used. NULL when nobody is linked.
    claimant_id    INTEGER REFERENCES claimants (id),
    -- Why a dismissed claim is not one to check: opinion, not_checkable,
    -- duplicate, out_of_scope or other (review.checkDismissal); '' when
    -- the claim is not dismissed. dismiss_reason is its free text.
    dismiss_code   TEXT    NOT NULL DEFAULT '',
    -- The desk model that scored it (models.version); 0 is the shipped
    -- model.
    model_version  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX claims_article ON claims (article_id, start_byte);
CREATE INDEX claims_unmatched ON claims (article_id, id) WHERE matched_at IS NULL;
CREATE INDEX claims_updated ON claims (updated_at);
-- Lists and the queue go by score, highest first, then id: each filter the
-- pages offer has an index in that order, so a page (and a cursor's next
-- page) reads only its own rows.
CREATE INDEX claims_score ON claims (score DESC, id);
CREATE INDEX claims_status ON claims (status, score DESC, id);
CREATE INDEX claims_assignee ON claims (assignee_id, score DESC, id);
CREATE INDEX claims_verdict ON claims (verdict_id, score DESC, id);
CREATE INDEX claims_claimant ON claims (claimant_id, score DESC, id);
-- The queue's own claims and its unassigned ones: open claims by assignee.
CREATE INDEX claims_open ON claims (assignee_id, score DESC, id)
    WHERE candidate = 0 AND status IN ('new', 'researching', 'needs_review');

-- Sources and evidence --------------------------------------------------------

CREATE TABLE sources (
    id         INTEGER PRIMARY KEY,
    url        TEXT    NOT NULL UNIQUE,
    title      TEXT    NOT NULL DEFAULT '',
    publisher  TEXT    NOT NULL DEFAULT '',
    accessed   TEXT    NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    created_at TEXT    NOT NULL
);

CREATE TABLE evidence (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    source_id  INTEGER NOT NULL REFERENCES sources (id),
    stance     TEXT    NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
    quote      TEXT    NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    created_at TEXT    NOT NULL
);
CREATE INDEX evidence_claim ON evidence (claim_id);
CREATE INDEX evidence_source ON evidence (source_id);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id),
    body       TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX comments_claim ON comments (claim_id);

-- History: append-only; one row per changed field. user_id is NULL for the
-- system (the claim engine at import).
CREATE TABLE history (
    id         INTEGER PRIMARY KEY,
    claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id),
    at         TEXT    NOT NULL,
    field      TEXT    NOT NULL,
    from_value TEXT    NOT NULL DEFAULT '',
    to_value   TEXT    NOT NULL DEFAULT '',
    note       TEXT    NOT NULL DEFAULT '',
    -- The claim's version after this change: a conflict shows the rows
    -- after the version the person had read.
    version    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX history_claim ON history (claim_id, id);
CREATE INDEX history_at ON history (at);
CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

-- Published fact-checks (ClaimReview from outside the desk's own work).
-- One row per review of one claim text: a round-up page carries several,
-- so the key is the URL and the claim text; a re-import updates the row.
CREATE TABLE fact_checks (
    id          INTEGER PRIMARY KEY,
    claim_text  TEXT    NOT NULL,
    title       TEXT    NOT NULL DEFAULT '',
    description TEXT    NOT NULL DEFAULT '',
    -- The publisher's own words (textualRating): "False", "Pants on Fire!".
    rating      TEXT    NOT NULL DEFAULT '',
    publisher   TEXT    NOT NULL DEFAULT '',
    published   TEXT    NOT NULL DEFAULT '',
    url         TEXT    NOT NULL,
    language    TEXT    NOT NULL DEFAULT '',
    claimant    TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    -- NULL until the matcher has marked the open claims this fact-check
    -- may answer for matching again.
    matched_at  TEXT,
    UNIQUE (url, claim_text)
);
CREATE INDEX fact_checks_unmatched ON fact_checks (id) WHERE matched_at IS NULL;

-- "Checked before?": a claim's top matches, each another claim or a
-- fact-check, found by the matcher; a reviewer's decision (confirmed,
-- rejected) is kept as a labelled pair.
CREATE TABLE matches (
    id            INTEGER PRIMARY KEY,
    claim_id      INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    other_id      INTEGER REFERENCES claims (id) ON DELETE CASCADE,
    fact_check_id INTEGER REFERENCES fact_checks (id) ON DELETE CASCADE,
    score         REAL    NOT NULL,
    confident     INTEGER NOT NULL DEFAULT 0 CHECK (confident IN (0, 1)),
    state         TEXT    NOT NULL DEFAULT 'suggested' CHECK (state IN ('suggested', 'confirmed', 'rejected')),
    decided_by    INTEGER REFERENCES users (id),
    decided_at    TEXT,
    created_at    TEXT    NOT NULL,
    CHECK ((other_id IS NULL) <> (fact_check_id IS NULL)),
    UNIQUE (claim_id, other_id),
    UNIQUE (claim_id, fact_check_id)
);
CREATE INDEX matches_other ON matches (other_id);
CREATE INDEX matches_fact_check ON matches (fact_check_id);

-- Full-text search (FTS5, porter unicode61), kept in step by triggers --------

CREATE VIRTUAL TABLE claims_fts USING fts5 (
    text, conclusion, speaker, statement,
    content = 'claims', content_rowid = 'id', tokenize = 'porter unicode61'
);
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts (rowid, text, conclusion, speaker, statement) VALUES (new.id, new.text, new.conclusion, new.speaker, new.statement);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, conclusion, speaker, statement) VALUES ('delete', old.id, old.text, old.conclusion, old.speaker, old.statement);
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF text, conclusion, speaker, statement ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text, conclusion, speaker, statement) VALUES ('delete', old.id, old.text, old.conclusion, old.speaker, old.statement);
    INSERT INTO claims_fts (rowid, text, conclusion, speaker, statement) VALUES (new.id, new.text, new.conclusion, new.speaker, new.statement);
END;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, outlet, author,
    content = 'articles', content_rowid = 'id', tokenize = 'porter unicode61'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body, outlet, author) VALUES (new.id, new.title, new.body, new.outlet, new.author);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, outlet, author) VALUES ('delete', old.id, old.title, old.body, old.outlet, old.author);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body, outlet, author ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body, outlet, author) VALUES ('delete', old.id, old.title, old.body, old.outlet, old.author);
    INSERT INTO articles_fts (rowid, title, body, outlet, author) VALUES (new.id, new.title, new.body, new.outlet, new.author);
END;

CREATE VIRTUAL TABLE sources_fts USING fts5 (
    title, publisher, url,
    content = 'sources', content_rowid = 'id', tokenize = 'porter unicode61'
);
CREATE TRIGGER sources_fts_insert AFTER INSERT ON sources BEGIN
    INSERT INTO sources_fts (rowid, title, publisher, url) VALUES (new.id, new.title, new.publisher, new.url);
END;
CREATE TRIGGER sources_fts_delete AFTER DELETE ON sources BEGIN
    INSERT INTO sources_fts (sources_fts, rowid, title, publisher, url) VALUES ('delete', old.id, old.title, old.publisher, old.url);
END;
CREATE TRIGGER sources_fts_update AFTER UPDATE OF title, publisher, url ON sources BEGIN
    INSERT INTO sources_fts (sources_fts, rowid, title, publisher, url) VALUES ('delete', old.id, old.title, old.publisher, old.url);
    INSERT INTO sources_fts (rowid, title, publisher, url) VALUES (new.id, new.title, new.publisher, new.url);
END;

-- "Checked before?" index: match.Clean of each claim's statement, or its
-- text when it has none (rowid = the
-- claim's id) and of each fact-check's claim text, title and description
-- (rowid = minus the fact-check's id), so one bm25 ranks both together.
-- The matcher writes a claim's row when it finds its matches and the
-- fact-check import writes a fact-check's; deleting a row's source
-- deletes the row.
CREATE VIRTUAL TABLE match_fts USING fts5 (
    text, title, description,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER match_fts_claim_delete AFTER DELETE ON claims BEGIN
    DELETE FROM match_fts WHERE rowid = old.id;
END;
CREATE TRIGGER match_fts_claim_update AFTER UPDATE OF text ON claims BEGIN
    DELETE FROM match_fts WHERE rowid = old.id;
    UPDATE claims SET matched_at = NULL WHERE id = new.id;
END;
-- The matcher reads a claim's statement when it has one: a change of it
-- makes the claim pending again (the claim update writes every column, so
-- only a real change counts).
CREATE TRIGGER match_fts_claim_statement AFTER UPDATE OF statement ON claims WHEN old.statement IS NOT new.statement BEGIN
    DELETE FROM match_fts WHERE rowid = old.id;
    UPDATE claims SET matched_at = NULL WHERE id = new.id;
END;
-- A candidate is indexed but not looked up itself; once promoted it is
-- pending again, so its "checked before?" answers follow.
CREATE TRIGGER match_claim_promoted AFTER UPDATE OF candidate ON claims WHEN old.candidate = 1 AND new.candidate = 0 BEGIN
    UPDATE claims SET matched_at = NULL WHERE id = new.id;
END;
CREATE TRIGGER match_fts_fact_check_delete AFTER DELETE ON fact_checks BEGIN
    DELETE FROM match_fts WHERE rowid = -old.id;
END;

-- Claim counters, for the dashboard and article progress without counting
-- the claims table: claims (candidates left out) by status and verdict
-- (verdict_id 0: none), and each article's claims by status. Triggers on
-- claims keep them in step inside the same transaction as every write,
-- whichever path makes it; claimdesk check compares them with a full count.
CREATE TABLE claim_counts (
    status     TEXT    NOT NULL,
    verdict_id INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (status, verdict_id)
) WITHOUT ROWID;
CREATE TABLE article_claim_counts (
    article_id INTEGER NOT NULL,
    status     TEXT    NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (article_id, status)
) WITHOUT ROWID;
CREATE TRIGGER claim_counts_insert AFTER INSERT ON claims WHEN new.candidate = 0 BEGIN
    INSERT INTO claim_counts (status, verdict_id, n) VALUES (new.status, COALESCE(new.verdict_id, 0), 1)
        ON CONFLICT (status, verdict_id) DO UPDATE SET n = n + 1;
    INSERT INTO article_claim_counts (article_id, status, n) VALUES (new.article_id, new.status, 1)
        ON CONFLICT (article_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER claim_counts_delete AFTER DELETE ON claims WHEN old.candidate = 0 BEGIN
    UPDATE claim_counts SET n = n - 1 WHERE status = old.status AND verdict_id = COALESCE(old.verdict_id, 0);
    UPDATE article_claim_counts SET n = n - 1 WHERE article_id = old.article_id AND status = old.status;
END;
CREATE TRIGGER claim_counts_update AFTER UPDATE OF status, verdict_id, candidate, article_id ON claims
WHEN old.status IS NOT new.status OR old.verdict_id IS NOT new.verdict_id
    OR old.candidate IS NOT new.candidate OR old.article_id IS NOT new.article_id BEGIN
    UPDATE claim_counts SET n = n - 1
        WHERE old.candidate = 0 AND status = old.status AND verdict_id = COALESCE(old.verdict_id, 0);
    UPDATE article_claim_counts SET n = n - 1
        WHERE old.candidate = 0 AND article_id = old.article_id AND status = old.status;
    INSERT INTO claim_counts (status, verdict_id, n) SELECT new.status, COALESCE(new.verdict_id, 0), 1
        WHERE new.candidate = 0
        ON CONFLICT (status, verdict_id) DO UPDATE SET n = n + 1;
    INSERT INTO article_claim_counts (article_id, status, n) SELECT new.article_id, new.status, 1
        WHERE new.candidate = 0
        ON CONFLICT (article_id, status) DO UPDATE SET n = n + 1;
END;
-- Feeds the server polls on their schedule (monitor), with what each poll
-- left: the validators of the conditional GET, the last error and the
-- failures in a row (the back-off), and every item seen, so an item is
-- fetched once and the state survives a restart.
CREATE TABLE feeds (
    id             INTEGER PRIMARY KEY,
    url            TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL DEFAULT '',
    every_seconds  INTEGER NOT NULL CHECK (every_seconds >= 60),
    allow_private  INTEGER NOT NULL DEFAULT 0 CHECK (allow_private IN (0, 1)),
    etag           TEXT    NOT NULL DEFAULT '',
    last_modified  TEXT    NOT NULL DEFAULT '',
    primed         INTEGER NOT NULL DEFAULT 0 CHECK (primed IN (0, 1)),
    next_poll_at   TEXT    NOT NULL,
    last_polled_at TEXT    NOT NULL DEFAULT '',
    last_ok_at     TEXT    NOT NULL DEFAULT '',
    last_error     TEXT    NOT NULL DEFAULT '',
    failures       INTEGER NOT NULL DEFAULT 0,
    created_by     INTEGER REFERENCES users (id),
    created_at     TEXT    NOT NULL
);
CREATE INDEX feeds_due ON feeds (next_poll_at);
CREATE TABLE feed_items (
    id         INTEGER PRIMARY KEY,
    feed_id    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    key        TEXT    NOT NULL,
    url        TEXT    NOT NULL DEFAULT '',
    title      TEXT    NOT NULL DEFAULT '',
    state      TEXT    NOT NULL CHECK (state IN ('seen', 'imported', 'failed')),
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    error      TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    UNIQUE (feed_id, key)
);
CREATE INDEX feed_items_article ON feed_items (article_id);
CREATE INDEX claims_created ON claims (created_at);
-- The secret key of each user's Atom feed of the digest (SHA-256 only,
-- like tokens): one per user, replaced or removed by its user.
CREATE TABLE digest_keys (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    key_hash   TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL
);
-- Desk models: each a layer trained on the desk's decisions over the
-- shipped check-worthiness model, with the figures of its training run
-- (report, JSON). At most one is in use; none means the shipped model.
CREATE TABLE models (
    version    INTEGER PRIMARY KEY,
    layer      BLOB    NOT NULL,
    report     TEXT    NOT NULL DEFAULT '{}',
    created_at TEXT    NOT NULL,
    created_by INTEGER REFERENCES users (id),
    in_use     INTEGER NOT NULL DEFAULT 0 CHECK (in_use IN (0, 1))
);
CREATE UNIQUE INDEX models_in_use ON models (in_use) WHERE in_use = 1;

-- How the ratings fact-checkers publish (Pants on Fire!, Falso) map onto
-- the desk's verdict scale; label is the rating as review.RatingKey folds
-- it. Admins edit it; a rating with no row is unrated.
CREATE TABLE rating_labels (
    id         INTEGER PRIMARY KEY,
    label      TEXT    NOT NULL UNIQUE,
    verdict_id INTEGER NOT NULL REFERENCES verdicts (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL
);
INSERT INTO rating_labels (label, verdict_id, created_at)
    SELECT l.label, v.id, '2026-12-02T00:00:00.000000Z' FROM (
        SELECT 'false' AS label, 'False' AS verdict UNION ALL SELECT 'pants on fire', 'False'
        UNION ALL SELECT 'four pinocchios', 'False' UNION ALL SELECT 'falso', 'False'
        UNION ALL SELECT 'faux', 'False' UNION ALL SELECT 'fake', 'False' UNION ALL SELECT 'incorrect', 'False'
        UNION ALL SELECT 'mostly false', 'Mostly false' UNION ALL SELECT 'three pinocchios', 'Mostly false'
        UNION ALL SELECT 'misleading', 'Misleading' UNION ALL SELECT 'engañoso', 'Misleading'
        UNION ALL SELECT 'missing context', 'Misleading' UNION ALL SELECT 'half true', 'Half true'
        UNION ALL SELECT 'two pinocchios', 'Half true' UNION ALL SELECT 'mostly true', 'Mostly true'
        UNION ALL SELECT 'true', 'True' UNION ALL SELECT 'correct', 'True' UNION ALL SELECT 'unproven', 'Unproven'
    ) l JOIN verdicts v ON v.name = l.verdict COLLATE NOCASE;
-- Alerts (monitor): the rules editors set, the alerts they raised (one per
-- rule and claim), who read which, the webhooks admins configure and the
-- outbox of their deliveries (a row per webhook and alert, pending until
-- the receiver answers 2xx or the last try fails).
CREATE TABLE alert_rules (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('false_match', 'claimant', 'score')),
    claimant_id INTEGER REFERENCES claimants (id) ON DELETE CASCADE,
    feed_id     INTEGER REFERENCES feeds (id) ON DELETE CASCADE,
    threshold   REAL    CHECK (threshold IS NULL OR (threshold >= 0 AND threshold <= 1)),
    created_by  INTEGER REFERENCES users (id),
    created_at  TEXT    NOT NULL
);
CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY,
    rule_id    INTEGER REFERENCES alert_rules (id) ON DELETE SET NULL,
    kind       TEXT    NOT NULL,
    claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    text       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (rule_id, claim_id)
);
CREATE INDEX alerts_claim ON alerts (claim_id);
CREATE TABLE alert_reads (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, alert_id)
) WITHOUT ROWID;
CREATE INDEX alert_reads_alert ON alert_reads (alert_id);
CREATE TABLE alert_marks (
    user_id   INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    read_upto INTEGER NOT NULL
);
CREATE TABLE webhooks (
    id            INTEGER PRIMARY KEY,
    url           TEXT    NOT NULL UNIQUE,
    format        TEXT    NOT NULL CHECK (format IN ('slack', 'raw')),
    secret        TEXT    NOT NULL,
    allow_private INTEGER NOT NULL DEFAULT 0 CHECK (allow_private IN (0, 1)),
    created_by    INTEGER REFERENCES users (id),
    created_at    TEXT    NOT NULL
);
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    alert_id        INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    rule_id         INTEGER NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    done_at         TEXT    NOT NULL DEFAULT '',
    UNIQUE (webhook_id, alert_id)
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, rule_id, id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_alert ON webhook_deliveries (alert_id);
CREATE INDEX webhook_deliveries_failed ON webhook_deliveries (webhook_id, id) WHERE state = 'failed';
