package review

import (
	"context"
	"errors"
	"time"

	"claimdesk"
	"claimdesk/claims"
)

// errTODO marks a store method whose body has not landed yet.
var errTODO = errors.New("not implemented yet")

// Store is the workbench's store and the keeper of its rules.
type Store struct {
	db    *claimdesk.DB
	model *claims.Model
	// Now is the clock; tests replace it.
	Now func() time.Time
	// MaxArticleBytes caps an article's body (default 5 MiB).
	MaxArticleBytes int
}

// NewStore returns a Store on db that runs model at import.
func NewStore(db *claimdesk.DB, model *claims.Model) *Store {
	return &Store{db: db, model: model, Now: func() time.Time { return time.Now().UTC() }, MaxArticleBytes: 5 << 20}
}

// DB returns the database the store works on.
func (s *Store) DB() *claimdesk.DB { return s.db }

// Model returns the claim engine's model.
func (s *Store) Model() *claims.Model { return s.model }

// --- people -----------------------------------------------------------------

// --- sessions, throttling, tokens, secrets ------------------------------------

// Session is a server-side login session.
type Session struct {
	ID         string // the random id the cookie carries (never stored in clear)
	UserID     int64
	Data       []byte // gob/JSON of the gorilla session values
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// --- settings and the verdict scale -----------------------------------------------

// --- articles ------------------------------------------------------------------

// NewArticle is what a person brings in.
type NewArticle struct {
	Title, URL, Outlet, Author, Published string
	// Exactly one of Text (plain or Markdown) and HTML.
	Text     string
	HTML     string
	Markdown bool
}

// ArticleFilter selects articles: those with a claim of Status / assigned to
// Assignee, imported between Since and Until (zero: open-ended).
type ArticleFilter struct {
	Status       Status
	AssigneeID   int64
	Since, Until time.Time
	Limit        int
}

// ArticleUpdate is an edit of an article's details (not its text).
type ArticleUpdate struct {
	Title, URL, Outlet, Author, Published string
}

// --- claims ----------------------------------------------------------------------

// ClaimFilter selects claims.
type ClaimFilter struct {
	ArticleID         int64
	Status            Status
	Verdict           string
	AssigneeID        int64
	Unassigned        bool
	IncludeCandidates bool
	Since, Until      time.Time
	Limit, Offset     int
}

// Queue returns the claims assigned to user (open ones first, by score), then unassigned open claims.
func (s *Store) Queue(ctx context.Context, user *User) ([]Claim, error) { return nil, errTODO }

// ClaimUpdate is a change to a claim, made at Version. Nil fields are left alone.
type ClaimUpdate struct {
	Version    int64
	Status     *Status
	Verdict    *string // verdict name, case-insensitive; "" clears
	Conclusion *string
	Assignee   *string // user name; "" unassigns
	ReviewURL  *string
	Note       string // why (required to dismiss and to reopen)
}

// AddClaim stores a span of an article's text as a claim (manual, or a candidate promoted).
func (s *Store) AddClaim(ctx context.Context, actor *User, articleID int64, start, end int) (*Claim, error) {
	return nil, errTODO
}

// MergeClaims joins two claims of one article into one spanning both; the second is dismissed as merged.
func (s *Store) MergeClaims(ctx context.Context, actor *User, id, otherID int64, version, otherVersion int64) (*Claim, error) {
	return nil, errTODO
}

// SplitClaim splits a claim at byte offset at (inside its span) into two.
func (s *Store) SplitClaim(ctx context.Context, actor *User, id int64, version int64, at int) (*Claim, *Claim, error) {
	return nil, nil, errTODO
}

// Context returns the sentences before and after a claim in its article.
func (s *Store) Context(ctx context.Context, c *Claim, n int) (before, after string, err error) {
	return "", "", errTODO
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
	ByVerdict map[string]int
	Articles  []Article // with progress
}

// Stats counts claims by status and verdict (candidates left out).
func (s *Store) Stats(ctx context.Context) (*Stats, error) { return nil, errTODO }
