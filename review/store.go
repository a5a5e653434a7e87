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

// Setting returns a setting's value ("" when unset).
func (s *Store) Setting(ctx context.Context, key string) (string, error) { return "", errTODO }

// SetSetting sets a known setting (org.name, org.url, org.logo, publish.base_url) after validating it; actor nil is the shell.
func (s *Store) SetSetting(ctx context.Context, actor *User, key, value string) error {
	return errTODO
}

// Verdicts returns the verdict scale in order.
func (s *Store) Verdicts(ctx context.Context) ([]Verdict, error) { return nil, errTODO }

// SaveVerdict adds (ID 0) or changes a step of the scale (admin only).
func (s *Store) SaveVerdict(ctx context.Context, actor *User, v Verdict) (*Verdict, error) {
	return nil, errTODO
}

// DeleteVerdict removes an unused step of the scale (admin only); ErrConflict when claims use it.
func (s *Store) DeleteVerdict(ctx context.Context, actor *User, id int64) error { return errTODO }

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

// UpdateClaim applies u if the claim is still at u.Version and every rule
// allows it, writing one history row per changed field in the same
// transaction. Stale: *ConflictError. Rule broken: ErrForbidden or a
// *ValidationError.
func (s *Store) UpdateClaim(ctx context.Context, actor *User, id int64, u ClaimUpdate) (*Claim, error) {
	return nil, errTODO
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

// AddEvidence links a source (reused when its URL is known) to a claim.
func (s *Store) AddEvidence(ctx context.Context, actor *User, claimID int64, in NewEvidence) (*Evidence, error) {
	return nil, errTODO
}

// RemoveEvidence unlinks a piece of evidence.
func (s *Store) RemoveEvidence(ctx context.Context, actor *User, evidenceID int64) error {
	return errTODO
}

// Evidence lists a claim's evidence.
func (s *Store) Evidence(ctx context.Context, claimID int64) ([]Evidence, error) { return nil, errTODO }

// Sources lists the source library, most used first.
func (s *Store) Sources(ctx context.Context, limit int) ([]Source, error) { return nil, errTODO }

// AddComment adds a comment to a claim.
func (s *Store) AddComment(ctx context.Context, actor *User, claimID int64, body string) (*Comment, error) {
	return nil, errTODO
}

// Comments lists a claim's comments, oldest first.
func (s *Store) Comments(ctx context.Context, claimID int64) ([]Comment, error) { return nil, errTODO }

// --- dashboard ------------------------------------------------------------------

// Stats are the dashboard's counts.
type Stats struct {
	ByStatus  map[Status]int
	ByVerdict map[string]int
	Articles  []Article // with progress
}

// Stats counts claims by status and verdict (candidates left out).
func (s *Store) Stats(ctx context.Context) (*Stats, error) { return nil, errTODO }
