package review

import (
	"time"

	"claimdesk/claims"
)

// Role is what a user may do.
type Role string

// The roles.
const (
	RoleAdmin    Role = "admin"    // users and settings, and everything an editor may do
	RoleEditor   Role = "editor"   // assigns, signs verdicts off, exports
	RoleReviewer Role = "reviewer" // researches claims, attaches evidence, proposes verdicts
)

// Status is where a claim is in the work.
type Status string

// The statuses, in workflow order.
const (
	StatusNew         Status = "new"
	StatusResearching Status = "researching"
	StatusNeedsReview Status = "needs_review"
	StatusDone        Status = "done"
	StatusDismissed   Status = "dismissed"
)

// Statuses lists every status in workflow order, the order the pages,
// charts and counts list them in.
func Statuses() []Status {
	return []Status{StatusNew, StatusResearching, StatusNeedsReview, StatusDone, StatusDismissed}
}

// Label is the status as people read it: "Needs review" for needs_review.
// A value that is not a status is returned as it is.
func (s Status) Label() string {
	switch s {
	case StatusNew:
		return "New"
	case StatusResearching:
		return "Researching"
	case StatusNeedsReview:
		return "Needs review"
	case StatusDone:
		return "Done"
	case StatusDismissed:
		return "Dismissed"
	}
	return string(s)
}

// Stance is how a source bears on a claim.
type Stance string

// The stances.
const (
	StanceSupports Stance = "supports"
	StanceRefutes  Stance = "refutes"
	StanceContext  Stance = "context"
)

// MatchState is what a reviewer decided of a "checked before" match.
type MatchState string

// The match states.
const (
	MatchSuggested MatchState = "suggested"
	MatchConfirmed MatchState = "confirmed"
	MatchRejected  MatchState = "rejected"
)

// User is a person who logs in.
type User struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// Verdict is one step of the verdict scale.
type Verdict struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Rating   int    `json:"rating"` // ClaimReview ratingValue, MinRating to MaxRating; NoRating (stored as NULL) for none
	Color    string `json:"color"`  // #rrggbb
	Position int    `json:"position"`
}

// Article is a text brought in for checking.
type Article struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Outlet    string    `json:"outlet"`
	Author    string    `json:"author"`
	Published string    `json:"published"` // YYYY-MM-DD or ""
	Body      string    `json:"text"`
	Format    string    `json:"format"` // text, markdown, html
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Progress, filled by listings: claims done of all open-or-done claims.
	Done  int `json:"done"`
	Total int `json:"total"`
}

// Claim is one checkable statement of an article.
type Claim struct {
	ID        int64           `json:"id"`
	ArticleID int64           `json:"article_id"`
	Start     int             `json:"start"`
	End       int             `json:"end"`
	Text      string          `json:"text"`
	Score     float64         `json:"score"`
	Reasons   []claims.Reason `json:"reasons"`
	Kind      claims.Kind     `json:"kind"`
	Speaker   string          `json:"speaker"`
	// Statement is the claim as checked (claims.Statement suggests it);
	// "" when nobody has set one (a done claim from before statements).
	Statement string `json:"statement"`
	// ClaimantID and Claimant are who made the claim, from the registry
	// (0 and "" when nobody is linked); Speaker keeps the text's words.
	ClaimantID int64  `json:"claimant_id,omitempty"`
	Claimant   string `json:"claimant,omitempty"`
	// ModelVersion is the model that scored it: 0 the shipped model, else
	// a desk model (Store.Models).
	ModelVersion  int64      `json:"model_version"`
	Candidate     bool       `json:"candidate"`
	Origin        string     `json:"origin"`
	Status        Status     `json:"status"`
	Verdict       string     `json:"verdict"` // the verdict's name, "" when none
	VerdictID     int64      `json:"-"`
	Conclusion    string     `json:"conclusion"`
	DismissCode   string     `json:"dismiss_code,omitempty"` // a DismissCode when dismissed
	DismissReason string     `json:"dismiss_reason,omitempty"`
	AssigneeID    int64      `json:"-"`
	Assignee      string     `json:"assignee"` // user name, "" when none
	SignedOffByID int64      `json:"-"`
	SignedOffBy   string     `json:"signed_off_by,omitempty"`
	SignedOffAt   *time.Time `json:"signed_off_at,omitempty"`
	ReviewURL     string     `json:"review_url,omitempty"`
	Slug          string     `json:"slug,omitempty"`
	Version       int64      `json:"version"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	ArticleTitle  string     `json:"article_title,omitempty"` // filled by listings
}

// Source is a document used as evidence; shared by all claims.
type Source struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Publisher string    `json:"publisher"`
	Accessed  string    `json:"accessed"` // YYYY-MM-DD
	CreatedAt time.Time `json:"created_at"`
}

// Evidence is a source linked to a claim with a stance.
type Evidence struct {
	ID        int64     `json:"id"`
	ClaimID   int64     `json:"claim_id"`
	Source    Source    `json:"source"`
	Stance    Stance    `json:"stance"`
	Quote     string    `json:"quote"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Comment is a note on a claim.
type Comment struct {
	ID        int64     `json:"id"`
	ClaimID   int64     `json:"claim_id"`
	User      string    `json:"user"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// HistoryEntry is one change to a claim: who, when, from what, to what, why.
type HistoryEntry struct {
	ID      int64     `json:"id"`
	ClaimID int64     `json:"claim_id"`
	User    string    `json:"user"` // "" for the system
	At      time.Time `json:"at"`
	Field   string    `json:"field"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	Note    string    `json:"note"`
	// Version is the claim's version after this change.
	Version int64 `json:"version"`
	// ClaimText, ArticleID and ArticleTitle say which claim changed (for
	// activity feeds).
	ClaimText    string `json:"claim_text,omitempty"`
	ArticleID    int64  `json:"article_id,omitempty"`
	ArticleTitle string `json:"article_title,omitempty"`
}

// Match is a stored "checked before?" answer of a claim: another of the
// desk's claims (Kind KindClaim, Other) or a published fact-check (Kind
// KindFactCheck, FactCheck), with the ranker's score and the reviewer's
// decision.
type Match struct {
	ID        int64      `json:"-"`
	ClaimID   int64      `json:"-"`
	Kind      string     `json:"kind"`
	Other     Claim      `json:"-"`
	FactCheck *FactCheck `json:"-"`
	// OtherID is the other claim's or the fact-check's id.
	OtherID int64  `json:"id"`
	Text    string `json:"text"`
	// Verdict is the other claim's verdict once signed off (HasVerdict);
	// "" for a fact-check or a verdict only proposed.
	Verdict string `json:"verdict"`
	// Rating is the fact-check's rating in its publisher's words.
	Rating    string     `json:"rating,omitempty"`
	URL       string     `json:"url"`
	Score     float64    `json:"score"`
	Confident bool       `json:"confident"`
	State     MatchState `json:"state"`
}
