package claimdesk

import (
	"context"
	"database/sql"
	"database/sql/driver"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"os"

	"github.com/mattn/go-sqlite3" // the SQLite driver, built with -tags sqlite_fts5
)

// Schema is the whole current schema of a fresh database.
//
//go:embed schema.sql
var Schema string

// migrations bring a database from version i+1 to i+2; migrations[0] runs on
// a database at version 1. A fresh database gets Schema and the newest
// version at once. Append, never edit.
var migrations = []string{
	// 2: "checked before?" as ranked retrieval. Claims get matched_at;
	// every existing claim is pending (NULL), so the matcher indexes it and
	// finds its matches once. fact_checks and match_fts are new and empty.
	// matches may now point at a fact-check instead of a claim, and keeps
	// the ranker's confident flag: the table is rebuilt with its rows
	// (confident 0 for them).
	`ALTER TABLE claims ADD COLUMN matched_at TEXT;
CREATE INDEX claims_unmatched ON claims (article_id, id) WHERE matched_at IS NULL;
CREATE TABLE fact_checks (
    id          INTEGER PRIMARY KEY,
    claim_text  TEXT    NOT NULL,
    title       TEXT    NOT NULL DEFAULT '',
    description TEXT    NOT NULL DEFAULT '',
    rating      TEXT    NOT NULL DEFAULT '',
    publisher   TEXT    NOT NULL DEFAULT '',
    published   TEXT    NOT NULL DEFAULT '',
    url         TEXT    NOT NULL,
    language    TEXT    NOT NULL DEFAULT '',
    claimant    TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    matched_at  TEXT,
    UNIQUE (url, claim_text)
);
CREATE INDEX fact_checks_unmatched ON fact_checks (id) WHERE matched_at IS NULL;
CREATE TABLE matches_new (
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
INSERT INTO matches_new (id, claim_id, other_id, score, state, decided_by, decided_at, created_at)
    SELECT id, claim_id, other_id, score, state, decided_by, decided_at, created_at FROM matches;
DROP TABLE matches;
ALTER TABLE matches_new RENAME TO matches;
CREATE INDEX matches_other ON matches (other_id);
CREATE INDEX matches_fact_check ON matches (fact_check_id);
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
CREATE TRIGGER match_fts_fact_check_delete AFTER DELETE ON fact_checks BEGIN
    DELETE FROM match_fts WHERE rowid = -old.id;
END;`,
	// 3: claims get a statement, the claim as checked. Existing claims get
	// '' here; the open ones (not done, not dismissed) are then given the
	// claim engine's suggestion in background batches by
	// review.Store.FillStatements, while done ones keep '' until someone
	// sets one. claims_fts gains the statement column: it is made again
	// and rebuilt from the claims. The matcher reads the statement when
	// there is one, so a change of statement, like one of text, takes the
	// claim out of match_fts and marks it pending again.
	migrationStatement,
	// 4: verdicts outside the numeric part of the scale have no number
	// (rating 0), and ClaimReview ratings start at 1. The default scale's
	// Misleading (2) loses its number; Unproven (0) already reads as none.
	// A scale of its own that numbered from 0 (a 0 and no Unproven at 0,
	// nothing above 4) is moved up by one, so its numbers start at 1.
	`UPDATE verdicts SET rating = 0 WHERE name = 'Misleading' COLLATE NOCASE AND rating = 2
    AND EXISTS (SELECT 1 FROM verdicts WHERE name = 'Unproven' COLLATE NOCASE AND rating = 0);
UPDATE verdicts SET rating = rating + 1
    WHERE NOT EXISTS (SELECT 1 FROM verdicts WHERE name = 'Unproven' COLLATE NOCASE AND rating = 0)
    AND EXISTS (SELECT 1 FROM verdicts WHERE rating = 0)
    AND NOT EXISTS (SELECT 1 FROM verdicts WHERE rating > 4);`,
	// 5: the claimant registry. Existing claims get no claimant here
	// (claimant_id NULL); review.Store.LinkClaimants, which claimdesk serve
	// runs in the background, then turns their speaker strings into
	// claimants by the claim engine's rule (claims.ClaimantKind: people and
	// organisations, not roles or pronouns) and links them.
	`CREATE TABLE claimants (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    aliases    TEXT    NOT NULL DEFAULT '[]',
    role       TEXT    NOT NULL DEFAULT '',
    kind       TEXT    NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organization')),
    same_as    TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
ALTER TABLE claims ADD COLUMN claimant_id INTEGER REFERENCES claimants (id);
CREATE INDEX claims_claimant ON claims (claimant_id);`,
	// 6: dismissal codes. A dismissed claim, or one that kept a reason,
	// gets the code "other"; its reason stays as the free text.
	`ALTER TABLE claims ADD COLUMN dismiss_code TEXT NOT NULL DEFAULT '';
UPDATE claims SET dismiss_code = 'other' WHERE status = 'dismissed' OR dismiss_reason <> '';`,
	// 7: claim counters kept by triggers (claim_counts, article_claim_counts),
	// filled here from a full count of the existing claims.
	`CREATE TABLE claim_counts (
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
INSERT INTO claim_counts (status, verdict_id, n)
    SELECT status, COALESCE(verdict_id, 0), count(*) FROM claims WHERE candidate = 0 GROUP BY 1, 2;
INSERT INTO article_claim_counts (article_id, status, n)
    SELECT article_id, status, count(*) FROM claims WHERE candidate = 0 GROUP BY 1, 2;`,
	// 8: indexes in the lists' order (score, highest first, then id) for
	// each filter, and the queue's open claims by assignee. Existing rows
	// are indexed as they are.
	`DROP INDEX claims_status;
DROP INDEX claims_assignee;
DROP INDEX claims_verdict;
DROP INDEX claims_claimant;
CREATE INDEX claims_score ON claims (score DESC, id);
CREATE INDEX claims_status ON claims (status, score DESC, id);
CREATE INDEX claims_assignee ON claims (assignee_id, score DESC, id);
CREATE INDEX claims_verdict ON claims (verdict_id, score DESC, id);
CREATE INDEX claims_claimant ON claims (claimant_id, score DESC, id);
CREATE INDEX claims_open ON claims (assignee_id, score DESC, id)
    WHERE candidate = 0 AND status IN ('new', 'researching', 'needs_review');`,
	// 9: feeds and the items seen in them, an index of claims by when they
	// were created (the digest) and each user's secret key of the digest's
	// Atom feed. The tables are new and empty; nobody has a key yet.
	`CREATE TABLE feeds (
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
CREATE TABLE digest_keys (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    key_hash   TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL
);`,
	// 10: models that learn from the desk. Existing claims were scored by
	// the shipped model (model_version 0); models starts empty, so the
	// shipped model stays in use.
	`ALTER TABLE claims ADD COLUMN model_version INTEGER NOT NULL DEFAULT 0;
` + modelsTable,
	// 11: the table that maps fact-checkers' published ratings onto the
	// verdict scale, given the common ratings of the default scale's
	// verdicts that exist (a renamed verdict gets none).
	`CREATE TABLE rating_labels (
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
    ) l JOIN verdicts v ON v.name = l.verdict COLLATE NOCASE;`,
	// 12: a candidate is indexed for matching but not looked up itself
	// until promoted: the trigger makes a promoted claim pending again.
	// Existing candidates keep the matches they have.
	`CREATE TRIGGER match_claim_promoted AFTER UPDATE OF candidate ON claims WHEN old.candidate = 1 AND new.candidate = 0 BEGIN
    UPDATE claims SET matched_at = NULL WHERE id = new.id;
END;`,
	// 13: a verdict outside the numeric part of the scale has no number:
	// its rating is NULL where it was 0 (migration 4 had already moved
	// every numbered step to 1 and up, so a 0 meant "no number"). SQLite
	// cannot drop a NOT NULL, so the table is made again with its rows and
	// ids, the documented way: migrate runs it with foreign keys off, so
	// dropping the old table neither fails on the claims that point at it
	// nor cascades to rating_labels, and checks every foreign key before
	// it commits. Claims, their history and the rating table keep their
	// verdict ids.
	`CREATE TABLE verdicts_new (
    id       INTEGER PRIMARY KEY,
    name     TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    rating   INTEGER CHECK (rating >= 1),
    color    TEXT    NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO verdicts_new (id, name, rating, color, position)
    SELECT id, name, CASE WHEN rating >= 1 THEN rating END, color, position FROM verdicts;
DROP TABLE verdicts;
ALTER TABLE verdicts_new RENAME TO verdicts;`,
	// 14: alert rules, alerts and who read them, webhooks and the outbox
	// of their deliveries. The tables are new and empty: no rule fires on
	// the claims of before.
	`CREATE TABLE alert_rules (
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
CREATE INDEX webhook_deliveries_failed ON webhook_deliveries (webhook_id, id) WHERE state = 'failed';`,
}

// modelsTable is the table of desk models, the same in schema.sql and in
// migration 10.
const modelsTable = `CREATE TABLE models (
    version    INTEGER PRIMARY KEY,
    layer      BLOB    NOT NULL,
    report     TEXT    NOT NULL DEFAULT '{}',
    created_at TEXT    NOT NULL,
    created_by INTEGER REFERENCES users (id),
    in_use     INTEGER NOT NULL DEFAULT 0 CHECK (in_use IN (0, 1))
);
CREATE UNIQUE INDEX models_in_use ON models (in_use) WHERE in_use = 1;`

const migrationStatement = `ALTER TABLE claims ADD COLUMN statement TEXT NOT NULL DEFAULT '';
DROP TRIGGER claims_fts_insert;
DROP TRIGGER claims_fts_delete;
DROP TRIGGER claims_fts_update;
DROP TABLE claims_fts;
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
INSERT INTO claims_fts (claims_fts) VALUES ('rebuild');
CREATE TRIGGER match_fts_claim_statement AFTER UPDATE OF statement ON claims WHEN old.statement IS NOT new.statement BEGIN
    DELETE FROM match_fts WHERE rowid = old.id;
    UPDATE claims SET matched_at = NULL WHERE id = new.id;
END;`

// SchemaVersion is the user_version of a database with the current schema.
func SchemaVersion() int { return 1 + len(migrations) }

// DB is an open claimdesk database: one writer connection and a read-only
// pool, so reads never queue behind a write and writes never contend.
type DB struct {
	// Write is the single writer connection; every transaction that
	// changes data goes through it.
	Write *sql.DB
	// Read is a pool of read-only connections.
	Read *sql.DB
	// Path is the file the database lives in.
	Path string
	// lock is the shared lock on Path's lock file held while the database
	// is open, so Restore can tell that it is in use (nil where the
	// system has no flock).
	lock *os.File
}

// dsn returns the connection string for path. Every setting lives here and
// not in a PRAGMA sent through Exec, which would reach one pooled connection
// only.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "FULL")
	// Each connection keeps the statements it ran last, prepared: a page
	// runs the same dozen queries every time, and preparing them was a
	// fifth of a claim page's CPU.
	q.Set("_stmt_cache_size", "64")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("_txlock", "immediate")
		// The one writer keeps 64 MiB of pages (SQLite's default is 2
		// MiB): a large import or gen touches every index of claims in
		// each transaction, and a small cache spills and re-reads them.
		q.Set("_cache_size", "-65536")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// connector opens connections to dsn with the settings a DSN cannot carry,
// run on each new connection before it is used (so every pooled
// connection has them):
//   - temp_store = MEMORY: a statement's journal (each statement that
//     writes many rows inside a transaction keeps one, to undo just
//     itself) and a sort's temporary B-tree stay in memory instead of
//     spilling to a temporary file; a bulk load wrote ten times more to
//     that file than to the database itself.
type connector struct {
	dsn    string
	driver *sqlite3.SQLiteDriver
}

func newConnector(dsn string) connector {
	return connector{dsn: dsn, driver: &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec("PRAGMA temp_store = MEMORY", nil)
		return err
	}}}
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.driver }

// Open opens (creating when needed) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: no path given")
	}
	lock, err := lockShared(lockPath(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db, err := open(ctx, path)
	if err != nil {
		if lock != nil {
			lock.Close()
		}
		return nil, err
	}
	db.lock = lock
	return db, nil
}

func open(ctx context.Context, path string) (*DB, error) {
	w := sql.OpenDB(newConnector(dsn(path, false)))
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r := sql.OpenDB(newConnector(dsn(path, true)))
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &DB{Write: w, Read: r, Path: path}, nil
}

// Close closes both pools and then lets go of the lock file.
func (db *DB) Close() error {
	err := errors.Join(db.Read.Close(), db.Write.Close())
	if db.lock != nil {
		err = errors.Join(err, db.lock.Close())
		db.lock = nil
	}
	return err
}

// migrate applies schema.sql to a new database, or the migrations an older
// one lacks, each in one transaction with its version bump.
func migrate(ctx context.Context, w *sql.DB) error {
	var version int
	if err := w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > SchemaVersion() {
		return fmt.Errorf("database schema version %d is newer than this program knows (%d): upgrade claimdesk", version, SchemaVersion())
	}
	if version == 0 {
		return apply(ctx, w, Schema, SchemaVersion())
	}
	for v := version; v < SchemaVersion(); v++ {
		if err := apply(ctx, w, migrations[v-1], v+1); err != nil {
			return fmt.Errorf("migrate to version %d: %w", v+1, err)
		}
	}
	return nil
}

// apply runs script and sets the version in one transaction, with foreign
// keys off on the writer's connection while it runs: SQLite's way of
// changing a table it cannot ALTER (make the new table, copy, drop the old,
// rename) needs them off, or dropping a table that claims point at fails
// or cascades. PRAGMA foreign_keys is ignored inside a transaction, so it
// is set on the connection around it, and every foreign key is checked
// before the commit: a migration that leaves a dangling reference is
// rolled back.
func apply(ctx context.Context, w *sql.DB, script string, version int) (err error) {
	conn, err := w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer func() {
		// The connection is the writer pool's only one. Should foreign
		// keys fail to come back on, Open fails and closes the pool, so
		// no write ever runs without them.
		if _, onErr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); onErr != nil {
			err = errors.Join(err, fmt.Errorf("turn foreign keys back on: %w", onErr))
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, script); err != nil {
		return fmt.Errorf("apply schema: %w", err)
	}
	if err := foreignKeyCheck(ctx, tx); err != nil {
		return err
	}
	// PRAGMA takes no placeholders; version is an int we computed.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return err
	}
	return tx.Commit()
}

// foreignKeyCheck fails when a row points at a row that is not there,
// naming the first one.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	var table, parent string
	var rowid sql.NullInt64
	var fk int
	err := tx.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &rowid, &parent, &fk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	return fmt.Errorf("check foreign keys: row %d of %s points at a row of %s that is not there", rowid.Int64, table, parent)
}
