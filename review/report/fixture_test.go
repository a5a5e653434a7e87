package report

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/review"
)

// fixedNow is the clock of every test store, so exported dates are stable.
var fixedNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// newStore opens a fresh database in a temporary directory.
func newStore(t testing.TB) *review.Store {
	t.Helper()
	db, err := claimdesk.Open(context.Background(), filepath.Join(t.TempDir(), "claimdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m, err := claims.DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	s := review.NewStore(db, m)
	s.Now = func() time.Time { return fixedNow }
	testDBs.Store(s, db)
	return s
}

// testDBs holds each test store's database, for the tests that set rows up
// or count them in SQL (the store itself hands out no database).
var testDBs sync.Map // *review.Store -> *claimdesk.DB

// dbOf is the database of a store newStore opened.
func dbOf(s *review.Store) *claimdesk.DB {
	db, _ := testDBs.Load(s)
	return db.(*claimdesk.DB)
}

// exec runs a statement on the writer, failing the test on error.
func exec(t testing.TB, s *review.Store, q string, args ...any) int64 {
	t.Helper()
	res, err := dbOf(s).Write.Exec(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	id, _ := res.LastInsertId()
	return id
}

// ts is a stored time on the fixture's day.
func ts(hm string) string { return "2026-11-2" + hm[:1] + "T" + hm[1:] + ":00.000000Z" }

// fixtureArticle is an article of the fixture with the sentences that become claims.
type fixtureArticle struct {
	title, url, outlet, author, published, body string
}

// addArticle inserts an article and returns its id.
func addArticle(t testing.TB, s *review.Store, a fixtureArticle, by int64) int64 {
	t.Helper()
	return exec(t, s, `INSERT INTO articles (title, url, outlet, author, published, body, body_hash, format, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'text', ?, ?, ?)`,
		a.title, a.url, a.outlet, a.author, a.published, a.body, bodyHash(a.body), by, ts("009:00"), ts("009:00"))
}

// fixtureClaim describes a claim by the sentence it covers.
type fixtureClaim struct {
	text, speaker, kind, status, verdict, conclusion string
	assignee, signer                                 int64
	score                                            float64
	signedAt, updated, reviewURL                     string
}

// addClaim inserts a claim whose span is where text occurs in body.
func addClaim(t testing.TB, s *review.Store, article int64, body string, c fixtureClaim) int64 {
	t.Helper()
	start := strings.Index(body, c.text)
	if start < 0 {
		t.Fatalf("claim %q is not in the article", c.text)
	}
	var verdict any
	if c.verdict != "" {
		var id int64
		if err := dbOf(s).Write.QueryRow("SELECT id FROM verdicts WHERE name = ?", c.verdict).Scan(&id); err != nil {
			t.Fatal(err)
		}
		verdict = id
	}
	var signedAt any
	if c.signedAt != "" {
		signedAt = c.signedAt
	}
	updated := c.updated
	if updated == "" {
		updated = ts("009:00")
	}
	return exec(t, s, `INSERT INTO claims (article_id, start_byte, end_byte, text, score, reasons, kind, speaker, status, verdict_id,
		conclusion, assignee_id, signed_off_by, signed_off_at, review_url, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, '[{"feature":"number","weight":1.25}]', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		article, start, start+len(c.text), c.text, c.score, c.kind, c.speaker, c.status, verdict, c.conclusion,
		nullID(c.assignee), nullID(c.signer), signedAt, c.reviewURL, ts("009:00"), updated)
}

// bodyHash is the store's key for "the same text": SHA-256 of the body, in hex.
func bodyHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// addEvidence links a source (created when its URL is new) to a claim.
func addEvidence(t testing.TB, s *review.Store, claim int64, url, title, publisher, stance, quote string, by int64) {
	t.Helper()
	var src int64
	err := dbOf(s).Write.QueryRow("SELECT id FROM sources WHERE url = ?", url).Scan(&src)
	if err == sql.ErrNoRows {
		src = exec(t, s, "INSERT INTO sources (url, title, publisher, accessed, created_by, created_at) VALUES (?, ?, ?, '2026-11-25', ?, ?)",
			url, title, publisher, by, ts("510:00"))
	} else if err != nil {
		t.Fatal(err)
	}
	exec(t, s, "INSERT INTO evidence (claim_id, source_id, stance, quote, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		claim, src, stance, quote, by, ts("510:05"))
}

// fixture is the fixed data set of the golden files: two articles, claims
// in every status, evidence, comments, history, a confirmed match, the
// organisation's settings, and user text full of characters that mean
// something in CSV, Markdown and HTML. It is written with SQL so the
// golden files depend on the reports alone, not on the claim engine.
type fixture struct {
	store                       *review.Store
	editor, reviewer            int64
	budget, growth              int64
	unemployment, deficit, poll int64
	schools, quiet, tricky      int64
}

const budgetBody = "Budget speech: what the minister said\n\n" +
	"The minister said unemployment fell to 3.5 percent last year. " +
	"She claimed the deficit halved since 2020. " +
	"\"We built 200 new schools,\" she added.\n\n" +
	"A poll found 61 percent of voters approve. Critics disagree about the details."

const growthBody = "-3.5% growth, says @treasury <script>alert(1)</script> *really* #1\n\n" +
	"Officials said exports rose 12 percent in a year."

func newFixture(t testing.TB) *fixture {
	t.Helper()
	s := newStore(t)
	f := &fixture{store: s}
	f.editor = exec(t, s, "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('ed', 'editor', 'x', ?, ?)", ts("001:00"), ts("001:00"))
	f.reviewer = exec(t, s, "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('rita', 'reviewer', 'x', ?, ?)", ts("001:00"), ts("001:00"))
	for k, v := range map[string]string{
		"org.name":         "Example Fact Check",
		"org.url":          "https://factcheck.example.org",
		"org.logo":         "https://factcheck.example.org/logo.png",
		"publish.base_url": "https://factcheck.example.org/checks/",
	} {
		exec(t, s, "INSERT INTO settings (key, value) VALUES (?, ?)", k, v)
	}
	f.budget = addArticle(t, s, fixtureArticle{title: "Budget speech: what the minister said", url: "https://news.example.com/budget",
		outlet: "Example News", author: "Jo Reporter", published: "2026-11-20", body: budgetBody}, f.editor)
	f.unemployment = addClaim(t, s, f.budget, budgetBody, fixtureClaim{text: "The minister said unemployment fell to 3.5 percent last year.",
		speaker: "The minister", kind: "statistic", status: "done", verdict: "False", score: 0.91,
		conclusion: "The statistics office puts it at 4.1 percent.\nThe 3.5 figure is from 2019.",
		signer:     f.editor, signedAt: ts("513:30"), updated: ts("513:30")})
	f.deficit = addClaim(t, s, f.budget, budgetBody, fixtureClaim{text: "She claimed the deficit halved since 2020.",
		speaker: "The minister", kind: "comparison", status: "needs_review", verdict: "Mostly true", score: 0.77,
		conclusion: "Down by 46 percent.", assignee: f.reviewer, updated: ts("512:00")})
	f.schools = addClaim(t, s, f.budget, budgetBody, fixtureClaim{text: "\"We built 200 new schools,\" she added.",
		speaker: "The minister", kind: "quote", status: "done", verdict: "True", score: 0.8,
		conclusion: "Ministry records list 204.", signer: f.editor, signedAt: ts("514:00"), updated: ts("514:00")})
	f.poll = addClaim(t, s, f.budget, budgetBody, fixtureClaim{text: "A poll found 61 percent of voters approve.",
		kind: "statistic", status: "researching", score: 0.66, assignee: f.reviewer, updated: ts("411:00")})
	f.quiet = addClaim(t, s, f.budget, budgetBody, fixtureClaim{text: "Critics disagree about the details.",
		kind: "other", status: "dismissed", score: 0.2, updated: ts("410:00")})

	f.growth = addArticle(t, s, fixtureArticle{title: "=HYPERLINK(\"http://evil.example\") <b>Growth</b> & *trade*", url: "https://other.example.net/growth",
		outlet: "@Other | Paper", author: "-Anon", published: "2026-11-21", body: growthBody}, f.reviewer)
	f.tricky = addClaim(t, s, f.growth, growthBody, fixtureClaim{text: "-3.5% growth, says @treasury <script>alert(1)</script> *really* #1",
		speaker: "+Treasury", kind: "statistic", status: "done", verdict: "Misleading", score: 0.7,
		conclusion: "=1+2 <script>alert('c')</script> *bold* [link](javascript:alert(1))\n- not a list\n1. not a list",
		signer:     f.editor, signedAt: ts("515:00"), updated: ts("515:00"), reviewURL: "https://factcheck.example.org/custom/growth"})
	exports := addClaim(t, s, f.growth, growthBody, fixtureClaim{text: "Officials said exports rose 12 percent in a year.",
		speaker: "Officials", kind: "statistic", status: "new", score: 0.6})

	// The claim as checked and who made it: the minister's claim has both,
	// the tricky one a statement that a spreadsheet would run as a formula.
	minister := exec(t, s, `INSERT INTO claimants (name, role, kind, same_as, created_at, updated_at)
		VALUES ('Maria Lopez', 'Minister of Labour', 'person', 'https://www.wikidata.org/wiki/Q1', ?, ?)`, ts("009:00"), ts("009:00"))
	exec(t, s, "UPDATE claims SET statement = 'Unemployment fell to 3.5% last year', claimant_id = ? WHERE id = ?", minister, f.unemployment)
	exec(t, s, "UPDATE claims SET statement = '-3.5% growth, the treasury says *really*' WHERE id = ?", f.tricky)
	exec(t, s, "UPDATE claims SET dismiss_code = 'opinion', dismiss_reason = 'A view, not a fact.' WHERE id = ?", f.quiet)

	addEvidence(t, s, f.unemployment, "https://stats.example.gov/labour", "Labour force survey 2025", "Statistics Office", "refutes", "4.1 percent, seasonally adjusted", f.reviewer)
	addEvidence(t, s, f.unemployment, "https://archive.example.com/2019", "2019 release", "Statistics Office", "context", "", f.reviewer)
	addEvidence(t, s, f.schools, "https://ministry.example.gov/schools", "School building programme", "Ministry of Education", "supports", "204 schools opened", f.editor)
	addEvidence(t, s, f.tricky, "https://stats.example.gov/labour", "Labour force survey 2025", "Statistics Office", "context", "", f.editor)
	addEvidence(t, s, f.tricky, "javascript:alert(1)", "<script>alert('s')</script> Report", "=Evil", "refutes", "<b>quoted</b>", f.editor)

	exec(t, s, "INSERT INTO comments (claim_id, user_id, body, created_at) VALUES (?, ?, ?, ?)", f.unemployment, f.reviewer, "Check the seasonal adjustment.", ts("511:00"))
	exec(t, s, "INSERT INTO history (claim_id, user_id, at, field, from_value, to_value, note) VALUES (?, NULL, ?, 'status', '', 'new', 'imported')", f.unemployment, ts("009:00"))
	exec(t, s, "INSERT INTO history (claim_id, user_id, at, field, from_value, to_value, note) VALUES (?, ?, ?, 'status', 'needs_review', 'done', 'signed off')", f.unemployment, f.editor, ts("513:30"))
	exec(t, s, "INSERT INTO matches (claim_id, other_id, score, state, decided_by, decided_at, created_at) VALUES (?, ?, 0.83, 'confirmed', ?, ?, ?)",
		exports, f.unemployment, f.editor, ts("513:00"), ts("512:00"))
	// A candidate under the threshold: only the JSON archive carries it.
	exec(t, s, `INSERT INTO claims (article_id, start_byte, end_byte, text, candidate, created_at, updated_at)
		VALUES (?, 0, 6, 'Budget', 1, ?, ?)`, f.budget, ts("009:00"), ts("009:00"))
	return f
}
