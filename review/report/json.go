package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"claimdesk/review"
)

// The versioned JSON shape (docs/EXPORT.md). Version changes when a field
// changes meaning or goes away; new fields may appear within a version.
const (
	JSONFormat  = "claimdesk-export"
	JSONVersion = 1
)

// Times in the JSON are the stored text (RFC 3339 UTC, six fraction
// digits), so an import writes them back unchanged.

type jsonFilter struct {
	ArticleID  int64  `json:"article_id,omitempty"`
	Status     string `json:"status,omitempty"`
	Verdict    string `json:"verdict,omitempty"`
	Assignee   string `json:"assignee,omitempty"`
	Unassigned bool   `json:"unassigned,omitempty"`
	Since      string `json:"since,omitempty"`
	Until      string `json:"until,omitempty"`
	ClaimID    int64  `json:"claim_id,omitempty"`
	ClaimantID int64  `json:"claimant_id,omitempty"`
}

type jsonHeader struct {
	Format     string            `json:"format"`
	Version    int               `json:"version"`
	ExportedAt string            `json:"exported_at"`
	Filter     jsonFilter        `json:"filter"`
	Settings   map[string]string `json:"settings"`
	Verdicts   []jsonVerdict     `json:"verdicts"`
}

// jsonVerdict is a step of the scale; a verdict outside the numeric part
// has rating null (an export from before wrote 0, which import reads as
// none too).
type jsonVerdict struct {
	Name     string `json:"name"`
	Rating   *int   `json:"rating"`
	Color    string `json:"color"`
	Position int    `json:"position"`
}

type jsonUser struct {
	Name      string `json:"name"`
	Role      string `json:"role"`
	Disabled  bool   `json:"disabled"`
	CreatedAt string `json:"created_at"`
}

type jsonArticle struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Author    string `json:"author"`
	Published string `json:"published"`
	Format    string `json:"format"`
	Text      string `json:"text"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

type jsonClaim struct {
	ID            int64           `json:"id"`
	ArticleID     int64           `json:"article_id"`
	Start         int             `json:"start"`
	End           int             `json:"end"`
	Text          string          `json:"text"`
	Score         float64         `json:"score"`
	Reasons       json.RawMessage `json:"reasons"`
	Kind          string          `json:"kind"`
	Speaker       string          `json:"speaker"`
	Statement     string          `json:"statement"`
	Claimant      *jsonClaimant   `json:"claimant"`
	Candidate     bool            `json:"candidate"`
	Origin        string          `json:"origin"`
	Status        string          `json:"status"`
	Verdict       string          `json:"verdict"`
	Conclusion    string          `json:"conclusion"`
	DismissCode   string          `json:"dismiss_code"`
	DismissReason string          `json:"dismiss_reason"`
	Assignee      string          `json:"assignee"`
	SignedOffBy   string          `json:"signed_off_by"`
	SignedOffAt   string          `json:"signed_off_at"`
	ReviewURL     string          `json:"review_url"`
	Slug          string          `json:"slug"`
	Version       int64           `json:"version"`
	CreatedAt     string          `json:"created_at"`
	UpdatedAt     string          `json:"updated_at"`
	Evidence      []jsonEvidence  `json:"evidence"`
	Comments      []jsonComment   `json:"comments"`
	History       []jsonHistory   `json:"history"`
	Matches       []jsonMatch     `json:"matches"`
}

// jsonClaimant is the claimant of the registry a claim is linked to.
type jsonClaimant struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Role    string   `json:"role"`
	Kind    string   `json:"kind"`
	SameAs  string   `json:"same_as"`
}

type jsonSource struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Accessed  string `json:"accessed"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
}

type jsonEvidence struct {
	Source    jsonSource `json:"source"`
	Stance    string     `json:"stance"`
	Quote     string     `json:"quote"`
	CreatedBy string     `json:"created_by"`
	CreatedAt string     `json:"created_at"`
}

type jsonComment struct {
	User      string `json:"user"`
	Body      string `json:"body"`
	CreatedAt string `json:"created_at"`
}

type jsonHistory struct {
	User  string `json:"user"`
	At    string `json:"at"`
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
	Note  string `json:"note"`
}

// jsonMatch is a match with another claim of the file (other_id) or with
// a published fact-check (fact_check), never both.
type jsonMatch struct {
	OtherID   int64          `json:"other_id,omitempty"` // a claim id of this file
	FactCheck *jsonFactCheck `json:"fact_check,omitempty"`
	Score     float64        `json:"score"`
	State     string         `json:"state"`
	DecidedBy string         `json:"decided_by"`
	DecidedAt string         `json:"decided_at"`
	CreatedAt string         `json:"created_at"`
}

// jsonFactCheck names a published fact-check by its address and the
// claim it reviewed.
type jsonFactCheck struct {
	URL   string `json:"url"`
	Claim string `json:"claim"`
}

// WriteJSON writes the full record of the claims f selects — their
// articles (with text), every claim field, evidence with sources,
// comments, history and matches, plus the verdict scale, the settings and
// the users referred to by name — in the shape docs/EXPORT.md describes.
// Each article and claim is encoded on its own line as it is read.
// Candidates (claims under the engine's threshold) are included: this is
// the archive.
func WriteJSON(ctx context.Context, store *review.Store, f Filter, w io.Writer) error {
	if err := writeJSON(ctx, store, f, w); err != nil {
		return fmt.Errorf("json export: %w", err)
	}
	return nil
}

func writeJSON(ctx context.Context, store *review.Store, f Filter, out io.Writer) error {
	snap, err := store.Snapshot(ctx)
	if err != nil {
		return err
	}
	defer snap.Close()
	bw := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)

	h := jsonHeader{Format: JSONFormat, Version: JSONVersion, ExportedAt: fmtTime(store.Now()),
		Filter: jsonFilter{ArticleID: f.ArticleID, Status: string(f.Status), Verdict: f.Verdict, Assignee: f.Assignee,
			Unassigned: f.Unassigned, ClaimID: f.ClaimID, ClaimantID: f.ClaimantID}}
	if !f.Since.IsZero() {
		h.Filter.Since = fmtTime(f.Since)
	}
	if !f.Until.IsZero() {
		h.Filter.Until = fmtTime(f.Until)
	}
	if h.Settings, err = snap.Settings(ctx); err != nil {
		return err
	}
	vs, err := snap.Verdicts(ctx)
	if err != nil {
		return err
	}
	h.Verdicts = []jsonVerdict{}
	for _, v := range vs {
		jv := jsonVerdict{Name: v.Name, Color: v.Color, Position: v.Position}
		if v.Rating != review.NoRating {
			jv.Rating = &v.Rating
		}
		h.Verdicts = append(h.Verdicts, jv)
	}
	// The header is small: encode it whole, then reopen it for the arrays.
	head, err := json.Marshal(h)
	if err != nil {
		return err
	}
	bw.Write(head[:len(head)-1])

	// Users, referred to by name everywhere else.
	bw.WriteString(",\n\"users\": [\n")
	first := true
	err = snap.EachUser(ctx, func(u review.UserRecord) error {
		return element(bw, enc, &first, jsonUser(u))
	})
	if err != nil {
		return err
	}

	// Articles.
	bw.WriteString("],\n\"articles\": [\n")
	first = true
	err = snap.EachArticle(ctx, f, func(a *review.ArticleRecord) error {
		return element(bw, enc, &first, jsonArticle(*a))
	})
	if err != nil {
		return err
	}

	// Claims, each with its evidence, comments, history and matches.
	bw.WriteString("],\n\"claims\": [\n")
	if err := writeJSONClaims(ctx, snap, f, bw, enc); err != nil {
		return err
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// element writes one array element on its own line.
func element(bw *bufio.Writer, enc *json.Encoder, first *bool, v any) error {
	if !*first {
		bw.WriteString(",")
	}
	*first = false
	// Encode ends the value with a newline.
	return enc.Encode(v)
}

// writeJSONClaims writes the claims f selects, one element a line, each
// with its evidence, comments, history and matches.
func writeJSONClaims(ctx context.Context, snap *review.Snapshot, f Filter, bw *bufio.Writer, enc *json.Encoder) error {
	first := true
	// Empty lists, not nil ones: a claim without comments has
	// "comments": [], never null. fillJSONClaim reuses them from claim to claim.
	c := jsonClaim{Evidence: []jsonEvidence{}, Comments: []jsonComment{}, History: []jsonHistory{}, Matches: []jsonMatch{}}
	var rbuf bytes.Buffer
	return snap.EachClaimRecord(ctx, f, func(r *review.ClaimRecord) error {
		fillJSONClaim(&c, r, &rbuf)
		return element(bw, enc, &first, &c)
	})
}

// fillJSONClaim makes c the export's form of r, reusing c's slices.
func fillJSONClaim(c *jsonClaim, r *review.ClaimRecord, rbuf *bytes.Buffer) {
	ev, cm, hi, ma := c.Evidence[:0], c.Comments[:0], c.History[:0], c.Matches[:0]
	*c = jsonClaim{ID: r.ID, ArticleID: r.ArticleID, Start: r.Start, End: r.End, Text: r.Text, Score: r.Score,
		Reasons: compactReasons(rbuf, r.Reasons), Kind: r.Kind, Speaker: r.Speaker, Statement: r.Statement, Candidate: r.Candidate, Origin: r.Origin,
		Status: r.Status, Verdict: r.Verdict, Conclusion: r.Conclusion, DismissCode: r.DismissCode, DismissReason: r.DismissReason, Assignee: r.Assignee,
		SignedOffBy: r.SignedOffBy, SignedOffAt: r.SignedOffAt, ReviewURL: r.ReviewURL, Slug: Slug(r.ID, r.Text, r.Slug),
		Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if k := r.Claimant; k != nil {
		c.Claimant = &jsonClaimant{Name: k.Name, Aliases: k.Aliases, Role: k.Role, Kind: k.Kind, SameAs: k.SameAs}
		if c.Claimant.Aliases == nil {
			c.Claimant.Aliases = []string{}
		}
	}
	for _, e := range r.Evidence {
		ev = append(ev, jsonEvidence{Source: jsonSource(e.Source), Stance: e.Stance, Quote: e.Quote, CreatedBy: e.CreatedBy, CreatedAt: e.CreatedAt})
	}
	for _, m := range r.Comments {
		cm = append(cm, jsonComment(m))
	}
	for _, h := range r.History {
		hi = append(hi, jsonHistory(h))
	}
	for _, m := range r.Matches {
		jm := jsonMatch{OtherID: m.OtherID, Score: m.Score, State: m.State, DecidedBy: m.DecidedBy, DecidedAt: m.DecidedAt, CreatedAt: m.CreatedAt}
		if f := m.FactCheck; f != nil {
			jm.FactCheck = &jsonFactCheck{URL: f.URL, Claim: f.Claim}
		}
		ma = append(ma, jm)
	}
	c.Evidence, c.Comments, c.History, c.Matches = ev, cm, hi, ma
}

// compactReasons returns the stored reasons as compact JSON ([] when
// they are not JSON), as encoding/json would write a RawMessage; buf is
// reused between calls.
func compactReasons(buf *bytes.Buffer, s string) []byte {
	buf.Reset()
	if err := json.Compact(buf, []byte(s)); err != nil {
		return []byte("[]")
	}
	return buf.Bytes()
}
