package review

import (
	"context"
	"sync/atomic"
	"time"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/claims/match"
)

// Store is the workbench's store and the keeper of its rules.
type Store struct {
	db    *claimdesk.DB
	model *claims.Model
	// Now is the clock; tests replace it.
	Now func() time.Time
	// MaxArticleBytes caps an article's body (default 5 MiB).
	MaxArticleBytes int
	// ranker orders "checked before?" candidates.
	ranker *match.Ranker
	// texts keeps the ranker's reading of texts it met (see
	// match.TextCache): the same answers, each text read once.
	texts *match.TextCache
	// mem is the matcher's copy of the match index (memindex.go).
	mem memIndexState
	// matchWake tells RunMatcher that a write may have left claims or
	// fact-checks pending.
	matchWake chan struct{}
	// matchHook, when set (tests), is called by the matcher between its
	// ranking (reads) and its write.
	matchHook func(stage string)
	// matchSerial, when set (tests), runs the matcher's steps one after
	// the other, each ranking ended before the next step's write: what
	// the overlapping steps must equal.
	matchSerial bool
	// use holds session and token uses until Upkeep writes them.
	use useLog
	// inUse is the model imports are scored with (models.go);
	// rescoreWake tells RunRescorer it changed.
	inUse       atomic.Pointer[modelInUse]
	rescoreWake chan struct{}
	// alerts is alert evaluation's state (alerts.go).
	alerts alertState
}

// NewStore returns a Store on db that runs model at import.
// model is the shipped model: until LoadModelInUse or UseModel says
// otherwise, the model in use too.
func NewStore(db *claimdesk.DB, model *claims.Model) *Store {
	s := &Store{db: db, model: model, Now: func() time.Time { return time.Now().UTC() }, MaxArticleBytes: 5 << 20,
		ranker: match.Default(), texts: match.NewTextCache(matchTextCache), matchWake: make(chan struct{}, 1), rescoreWake: make(chan struct{}, 1)}
	s.inUse.Store(&modelInUse{scorer: claims.NewScorer(model, nil)})
	return s
}

// Ping reports whether the database answers a read (the health check).
func (s *Store) Ping(ctx context.Context) error { return s.db.Read.PingContext(ctx) }

// ShippedModel returns the claim engine's shipped model, under every
// desk model.
func (s *Store) ShippedModel() *claims.Model { return s.model }

// The store's methods live in one file per resource: users.go (people and
// passwords), sessions.go (sessions, throttling, tokens, secrets),
// articles.go, claims.go, update.go (claim changes and the workflow),
// spans.go (adding, merging, splitting claims, context), evidence.go
// (evidence, sources, comments), history.go, verdicts.go, settings.go and
// dashboard.go (queue and counts); who may do what is in rules.go.

// Session is a server-side login session.
type Session struct {
	ID         string // the random id the cookie carries (never stored in clear)
	UserID     int64
	Data       []byte // gob/JSON of the gorilla session values
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// --- articles ------------------------------------------------------------------

// NewArticle is what a person brings in.
type NewArticle struct {
	Title, URL, Outlet, Author, Published string
	// Exactly one of Text (plain or Markdown) and HTML.
	Text     string
	HTML     string
	Markdown bool
}

// ArticleFields are the fields, with their JSON names, of an article
// brought in as JSON: the API's POST body and a line of a JSON Lines
// import embed them and add how to read Text, each in its own way.
type ArticleFields struct {
	Title     string `json:"title"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Author    string `json:"author"`
	Published string `json:"published"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
}

// NewArticle is the store's input for f, its Text read as Markdown when
// markdown is true.
func (f ArticleFields) NewArticle(markdown bool) NewArticle {
	return NewArticle{Title: f.Title, URL: f.URL, Outlet: f.Outlet, Author: f.Author, Published: f.Published,
		Text: f.Text, HTML: f.HTML, Markdown: markdown}
}

// ArticleFilter selects articles: those with a claim (not a candidate) of
// Status / assigned to AssigneeID, imported at or after Since and before
// Until (zero: open-ended). Limit 0 means no limit.
type ArticleFilter struct {
	Status       Status
	AssigneeID   int64
	Since, Until time.Time
	Limit        int
	// After is the last article of the page before (0: the first page):
	// the list goes on from it in its order, reading no row before it.
	After int64
	// afterAt is After's import time, read by Articles.
	afterAt string
}

// ArticleUpdate is an edit of an article's details (not its text).
type ArticleUpdate struct {
	Title, URL, Outlet, Author, Published string
}

// --- claims ----------------------------------------------------------------------

// ClaimFilter selects claims. Verdict is a verdict's name (any case);
// Since and Until bound when the claim last changed (Until exclusive);
// candidates are left out unless IncludeCandidates.
type ClaimFilter struct {
	ArticleID         int64
	Status            Status
	Verdict           string
	AssigneeID        int64
	ClaimantID        int64
	Unassigned        bool
	IncludeCandidates bool
	Since, Until      time.Time
	Limit             int
	// ByScore lists by score, highest first, when ArticleID is set too
	// (otherwise an article's claims come in text order).
	ByScore bool
	// After and Before page through a list by score: the claims after the
	// one the cursor names, or the ones before it (keyset, never OFFSET).
	After, Before *ClaimCursor
}

// ClaimUpdate is a change to a claim, made at Version. Nil fields are left alone.
type ClaimUpdate struct {
	Version    int64
	Status     *Status
	Verdict    *string // verdict name, case-insensitive; "" clears
	Conclusion *string
	Assignee   *string // user name; "" unassigns
	ReviewURL  *string
	// Statement is the claim as checked (checkStatement says what it may
	// be); an editor may set it on a done claim too.
	Statement *string
	// ClaimantID links the claim to a claimant of the registry (0
	// unlinks); ClaimantName to the one with that name or alias, made as
	// a person when there is none. One of the two.
	ClaimantID   *int64
	ClaimantName *string
	Note         string // why (required to restore and to reopen)
	// DismissCode and DismissReason say why a dismissed claim is not one
	// to check (checkDismissal): a code, and free text required with
	// "other". Without them a dismissal takes the note as an "other"
	// reason. They count only with a move to dismissed.
	DismissCode   *string
	DismissReason *string
}

// --- evidence, comments, history ---------------------------------------------------

// NewEvidence is a source linked to a claim.
type NewEvidence struct {
	URL, Title, Publisher, Accessed string
	Stance                          Stance
	Quote                           string
}

// --- dashboard ------------------------------------------------------------------

// Stats are the dashboard's counts.
type Stats struct {
	ByStatus  map[Status]int
	ByVerdict map[string]int // signed-off verdicts only (HasVerdict)
	// Proposed counts open claims with a verdict nobody signed off yet.
	Proposed int
	Articles []Article // with progress
}
