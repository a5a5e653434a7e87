package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"claimdesk/review"
)

// ImportResult says what an import did, in numbers and in sentences.
type ImportResult struct {
	Articles, Claims, Evidence, Comments, History, Matches int
	// SourcesReused counts evidence whose source (by URL) was already here.
	SourcesReused int
	// UsersCreated are the names the file referred to that this database
	// lacked: each was added disabled, with no usable password.
	UsersCreated    []string
	VerdictsCreated []string
	// ClaimantsCreated are the claimants the file named that this
	// database lacked (by name or alias): each was added to the registry.
	ClaimantsCreated []string
	SettingsSet      []string
	// Skipped says, one sentence each, what was left out and why.
	Skipped []string
}

// ImportJSON loads a JSON export (docs/EXPORT.md) into the store in one
// transaction (a review.Loader): nothing is written unless all of it is.
// Ids are new (every reference in the file is remapped); users are matched
// by name and created disabled when missing; verdicts are matched by name
// and added when missing; settings are set only where this database has
// none; sources are shared by URL; an article whose text is already here
// is skipped with its claims and said so. The file is read as a stream.
func ImportJSON(ctx context.Context, store *review.Store, r io.Reader) (*ImportResult, error) {
	res := &ImportResult{}
	err := store.Load(ctx, func(l *review.Loader) error {
		im := &importer{l: l, res: res, articles: map[int64]int64{}, skippedArticles: map[int64]bool{}, claimsMap: map[int64]int64{}}
		if err := im.run(json.NewDecoder(r)); err != nil {
			return err
		}
		res.UsersCreated, res.VerdictsCreated, res.ClaimantsCreated = l.CreatedUsers(), l.CreatedVerdicts(), l.CreatedClaimants()
		res.Skipped = append(res.Skipped, l.Notes()...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import json: %w", err)
	}
	return res, nil
}

type pendingMatch struct {
	claim int64 // ids of the file
	m     jsonMatch
}

// importer reads the file and hands its records to the loader, keeping
// the file's ids apart from the ones here.
type importer struct {
	l               *review.Loader
	res             *ImportResult
	articles        map[int64]int64 // file id -> id here
	skippedArticles map[int64]bool
	claimsMap       map[int64]int64
	matches         []pendingMatch
	sawFormat       bool
	sawVersion      bool
}

// bad is a problem with the file, said so a person can find it.
func bad(format string, a ...any) error {
	return review.Invalid("file", fmt.Sprintf(format, a...))
}

func (im *importer) run(dec *json.Decoder) error {
	if err := expectDelim(dec, '{', "the file is not a claimdesk JSON export (it does not start with an object)"); err != nil {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntax(dec, err)
		}
		key, _ := tok.(string)
		switch key {
		case "format":
			var f string
			if err := dec.Decode(&f); err != nil || f != JSONFormat {
				return bad("the file is not a claimdesk JSON export (format is not %q)", JSONFormat)
			}
			im.sawFormat = true
		case "version":
			var v int
			if err := dec.Decode(&v); err != nil {
				return bad("the version is not a number")
			}
			if v != JSONVersion {
				return bad("the file is version %d of the export; this claimdesk reads version %d", v, JSONVersion)
			}
			im.sawVersion = true
		case "settings":
			if err := im.header(); err != nil {
				return err
			}
			var set map[string]string
			if err := dec.Decode(&set); err != nil {
				return syntax(dec, err)
			}
			if err := im.settings(set); err != nil {
				return err
			}
		case "verdicts":
			if err := im.array(dec, func() error {
				var v jsonVerdict
				if err := dec.Decode(&v); err != nil {
					return syntax(dec, err)
				}
				return im.verdict(v)
			}); err != nil {
				return err
			}
		case "users":
			if err := im.array(dec, func() error {
				var u jsonUser
				if err := dec.Decode(&u); err != nil {
					return syntax(dec, err)
				}
				return im.l.AddUser(review.UserRecord{Name: u.Name, Role: u.Role, CreatedAt: u.CreatedAt})
			}); err != nil {
				return err
			}
		case "articles":
			if err := im.array(dec, func() error {
				var a jsonArticle
				if err := dec.Decode(&a); err != nil {
					return syntax(dec, err)
				}
				return im.article(a)
			}); err != nil {
				return err
			}
		case "claims":
			if err := im.array(dec, func() error {
				var c jsonClaim
				if err := dec.Decode(&c); err != nil {
					return syntax(dec, err)
				}
				return im.claim(&c)
			}); err != nil {
				return err
			}
		default:
			// A field of a later minor revision, or exported_at/filter:
			// nothing to load.
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(dec, err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(dec, err)
	}
	if err := im.header(); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad("there is more after the export's closing brace")
	}
	return im.finishMatches()
}

func syntax(dec *json.Decoder, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return bad("the file ends too early (cut off?)")
	}
	var ve *review.ValidationError
	if errors.As(err, &ve) {
		return err
	}
	return bad("the JSON is broken near byte %d: %v", dec.InputOffset(), err)
}

func expectDelim(dec *json.Decoder, d json.Delim, msg string) error {
	tok, err := dec.Token()
	if err != nil {
		return syntax(dec, err)
	}
	if tok != d {
		return bad("%s", msg)
	}
	return nil
}

// header insists on the format and version coming first, so nothing is
// loaded from a file that turns out not to be an export.
func (im *importer) header() error {
	if !im.sawFormat || !im.sawVersion {
		return bad("the file does not start with \"format\": %q and \"version\": %d", JSONFormat, JSONVersion)
	}
	return nil
}

func (im *importer) array(dec *json.Decoder, each func() error) error {
	if err := im.header(); err != nil {
		return err
	}
	if err := expectDelim(dec, '[', "a list was expected"); err != nil {
		return err
	}
	for dec.More() {
		if err := each(); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	if err != nil {
		return syntax(dec, err)
	}
	return nil
}

// record turns what the loader refused into a problem of the file, named
// by what (its place in the file).
func record(what string, err error) error {
	if v, ok := review.AsValidation(err); ok {
		msgs := make([]string, 0, len(v.Fields))
		for _, m := range v.Fields {
			msgs = append(msgs, m)
		}
		sort.Strings(msgs)
		return bad("%s: %s", what, strings.Join(msgs, "; "))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func (im *importer) settings(set map[string]string) error {
	for k, v := range set {
		ok, err := im.l.SetSettingIfUnset(k, v)
		if err != nil {
			return err
		}
		if ok {
			im.res.SettingsSet = append(im.res.SettingsSet, k)
		}
	}
	return nil
}

func (im *importer) verdict(v jsonVerdict) error {
	if strings.TrimSpace(v.Name) == "" {
		return bad("a verdict has no name")
	}
	rating := review.NoRating
	if v.Rating != nil {
		rating = *v.Rating
	}
	return im.l.AddVerdict(review.VerdictRecord{Name: v.Name, Rating: rating, Color: v.Color})
}

func (im *importer) article(a jsonArticle) error {
	if a.Text == "" {
		return bad("article %d has no text", a.ID)
	}
	if _, dup := im.articles[a.ID]; dup || im.skippedArticles[a.ID] {
		return bad("article %d appears twice", a.ID)
	}
	existing, err := im.l.ArticleWithText(a.Text)
	if err != nil {
		return err
	}
	if existing != 0 {
		im.skippedArticles[a.ID] = true
		im.res.Skipped = append(im.res.Skipped, fmt.Sprintf("article %q: the same text is already article %d here; it and its claims were skipped", a.Title, existing))
		return nil
	}
	id, err := im.l.AddArticle(review.ArticleRecord{Title: a.Title, URL: a.URL, Outlet: a.Outlet, Author: a.Author, Published: a.Published,
		Format: a.Format, Text: a.Text, CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt})
	if err != nil {
		return record(fmt.Sprintf("article %d (%q)", a.ID, a.Title), err)
	}
	im.articles[a.ID] = id
	im.res.Articles++
	return nil
}

func (im *importer) claim(c *jsonClaim) error {
	if im.skippedArticles[c.ArticleID] {
		return nil
	}
	art, ok := im.articles[c.ArticleID]
	if !ok {
		return bad("claim %d belongs to article %d, which is not in the file's articles", c.ID, c.ArticleID)
	}
	if _, dup := im.claimsMap[c.ID]; dup {
		return bad("claim %d appears twice", c.ID)
	}
	if c.Verdict != "" && !im.l.HasVerdict(c.Verdict) {
		return bad("claim %d: the verdict %q is not in the file's verdict scale", c.ID, c.Verdict)
	}
	rec := claimRecord(c)
	id, reused, err := im.l.AddClaim(art, &rec)
	if err != nil {
		return record(fmt.Sprintf("claim %d", c.ID), err)
	}
	im.claimsMap[c.ID] = id
	im.res.Claims++
	im.res.Evidence += len(c.Evidence)
	im.res.SourcesReused += reused
	im.res.Comments += len(c.Comments)
	im.res.History += len(c.History)
	for _, m := range c.Matches {
		im.matches = append(im.matches, pendingMatch{claim: c.ID, m: m})
	}
	return nil
}

// claimRecord is the record of a claim of the file.
func claimRecord(c *jsonClaim) review.ClaimRecord {
	r := review.ClaimRecord{ID: c.ID, ArticleID: c.ArticleID, Start: c.Start, End: c.End, Text: c.Text, Score: c.Score,
		Reasons: string(c.Reasons), Kind: c.Kind, Speaker: c.Speaker, Statement: c.Statement, Candidate: c.Candidate, Origin: c.Origin, Status: c.Status,
		Verdict: c.Verdict, Conclusion: c.Conclusion, DismissCode: c.DismissCode, DismissReason: c.DismissReason, Assignee: c.Assignee,
		SignedOffBy: c.SignedOffBy, SignedOffAt: c.SignedOffAt, ReviewURL: c.ReviewURL, Slug: c.Slug, Version: c.Version,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if k := c.Claimant; k != nil {
		r.Claimant = &review.ClaimantRecord{Name: k.Name, Aliases: k.Aliases, Role: k.Role, Kind: k.Kind, SameAs: k.SameAs}
	}
	for _, e := range c.Evidence {
		r.Evidence = append(r.Evidence, review.EvidenceRecord{Source: review.SourceRecord(e.Source),
			Stance: e.Stance, Quote: e.Quote, CreatedBy: e.CreatedBy, CreatedAt: e.CreatedAt})
	}
	for _, m := range c.Comments {
		r.Comments = append(r.Comments, review.CommentRecord(m))
	}
	for _, h := range c.History {
		r.History = append(r.History, review.HistoryRecord(h))
	}
	return r
}

// finishMatches stores the matches whose two claims both came in; the
// others cannot be placed and are said so.
func (im *importer) finishMatches() error {
	left, unknown := 0, 0
	for _, p := range im.matches {
		a, ok := im.claimsMap[p.claim]
		m := review.MatchRecord{OtherID: p.m.OtherID, Score: p.m.Score, State: p.m.State,
			DecidedBy: p.m.DecidedBy, DecidedAt: p.m.DecidedAt, CreatedAt: p.m.CreatedAt}
		if f := p.m.FactCheck; f != nil {
			m.FactCheck = &review.FactCheckRef{URL: f.URL, Claim: f.Claim}
			if !ok {
				left++
				continue
			}
			stored, err := im.l.AddFactCheckMatch(a, m)
			if err != nil {
				return err
			}
			if !stored {
				unknown++
				continue
			}
			im.res.Matches++
			continue
		}
		b, okB := im.claimsMap[p.m.OtherID]
		if !ok || !okB {
			left++
			continue
		}
		if err := im.l.AddMatch(a, b, m); err != nil {
			return err
		}
		im.res.Matches++
	}
	if left > 0 {
		im.res.Skipped = append(im.res.Skipped, fmt.Sprintf("%d match(es) with a claim that is not in the file (or was skipped) were left out", left))
	}
	if unknown > 0 {
		im.res.Skipped = append(im.res.Skipped, fmt.Sprintf("%d match(es) with a published fact-check this database does not hold were left out (to keep them, import the fact-checks with claimdesk import --claimreview before this file)", unknown))
	}
	return nil
}
