package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Snippet markers: private-use characters FTS5 puts around each hit. They
// are found and replaced after the text is escaped, so nothing a person
// wrote is ever read as markup.
const (
	markOpen  = "\ue000"
	markClose = "\ue001"
)

// MaxQueryRunes caps a search query.
const MaxQueryRunes = 500

// SearchQuery is a search: the words, and filters on claims.
type SearchQuery struct {
	Q string
	// Filters on claims. With any of Status, Verdict or Assignee set only
	// claims are returned; ArticleID keeps claims of that article and the
	// article itself.
	Status    Status
	Verdict   string
	Assignee  string // user name
	ArticleID int64
	// Since and Until bound the import date ([Since, Until), zero: open).
	Since, Until time.Time
	Limit        int // default 50, at most 200
	Offset       int
	// AnyWords ranks the rows having any of the words (stop-words out,
	// phrases kept) instead of all of them. Search falls back to it by
	// itself when all the words find little; a page after the first asks
	// for it again.
	AnyWords bool
}

// SearchAnswer is a page of search results, and whether they were found
// by any of the words (AnyWords) because all of them found little.
type SearchAnswer struct {
	Results  []SearchResult `json:"results"`
	AnyWords bool           `json:"any_words"`
}

// searchFallbackBelow is "little": fewer results than this for all the
// words (of a query of two words or more) searches again by any word.
const searchFallbackBelow = 3

// SnippetPart is a piece of a snippet; Mark is true for the words that
// matched.
type SnippetPart struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// SearchResult is one hit: a claim, an article, a source or a published
// fact-check.
type SearchResult struct {
	Kind      string        `json:"kind"` // claim, article, source, fact_check
	ID        int64         `json:"id"`
	Title     string        `json:"title"` // the claim's text, the article's or source's title
	Snippet   string        `json:"snippet"`
	Parts     []SnippetPart `json:"-"`
	HTML      string        `json:"snippet_html"` // Snippet escaped, hits in <mark>
	Rank      float64       `json:"rank"`         // bm25: lower is better
	ArticleID int64         `json:"article_id,omitempty"`
	Article   string        `json:"article,omitempty"`
	Status    Status        `json:"status,omitempty"`
	Verdict   string        `json:"verdict,omitempty"`
	Assignee  string        `json:"assignee,omitempty"`
	URL       string        `json:"url,omitempty"`       // a source's or fact-check's link
	Rating    string        `json:"rating,omitempty"`    // a fact-check's rating, in its publisher's words
	Publisher string        `json:"publisher,omitempty"` // a fact-check's publisher
	CreatedAt time.Time     `json:"created_at"`
}

// Search finds claims (their text, statement, conclusion and speaker),
// articles, sources and published fact-checks matching q.Q, best bm25 rank first:
// SearchAll's results.
func (s *Store) Search(ctx context.Context, q SearchQuery) ([]SearchResult, error) {
	a, err := s.SearchAll(ctx, q)
	if err != nil {
		return nil, err
	}
	return a.Results, nil
}

// SearchAll finds claims (their text, statement, conclusion and
// speaker), articles,
// sources and published fact-checks (their claim text, title and
// description) matching q.Q, best bm25 rank first. The query is read as
// plain words (every word must appear, in any order and form: the index
// stems); "quoted words" are a phrase and a trailing * a prefix. When all
// the words find fewer than searchFallbackBelow results, the rows having
// any of them are ranked instead (stop-words out, phrases and filters
// kept) and the answer says so. Nothing a person types reaches FTS5 as
// syntax, so a stray quote or a lone "-" is never an error; a query with
// no words is a *ValidationError on "q".
func (s *Store) SearchAll(ctx context.Context, q SearchQuery) (*SearchAnswer, error) {
	if utf8.RuneCountInString(q.Q) > MaxQueryRunes {
		return nil, fmt.Errorf("search: %w", Invalid("q", fmt.Sprintf("the search is too long (at most %d characters)", MaxQueryRunes)))
	}
	parts := matchParts(q.Q)
	if len(parts) == 0 {
		return nil, fmt.Errorf("search: %w", Invalid("q", "type a word to search for"))
	}
	if q.Status != "" && !ValidStatus(q.Status) {
		return nil, fmt.Errorf("search: %w", Invalid("status", fmt.Sprintf("%q is not a status", q.Status)))
	}
	if !q.AnyWords {
		out, total, err := s.search(ctx, q, strings.Join(parts, " "))
		if err != nil || total >= searchFallbackBelow || len(parts) < 2 {
			return &SearchAnswer{Results: out}, err
		}
	}
	anyQuery := anyWordsQuery(parts)
	if anyQuery == "" {
		// Only stop-words: all of them, as typed.
		anyQuery = strings.Join(parts, " OR ")
	}
	out, _, err := s.search(ctx, q, anyQuery)
	return &SearchAnswer{Results: out, AnyWords: true}, err
}

// search runs one FTS5 query match over every kind; total is how many
// results there were before the page was cut.
func (s *Store) search(ctx context.Context, q SearchQuery, match string) ([]SearchResult, int, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	offset := max(q.Offset, 0)
	want := limit + offset

	// Claims, articles, sources and fact-checks are ranked at the same
	// time, on connections of the read pool: on two cores a search then
	// waits for the slowest, not their sum.
	claimsOnly := q.Status != "" || q.Verdict != "" || q.Assignee != ""
	var parts [4][]SearchResult
	var errs [4]error
	var wg sync.WaitGroup
	run := func(i int, f func() ([]SearchResult, error)) {
		wg.Go(func() {
			parts[i], errs[i] = f()
		})
	}
	run(0, func() ([]SearchResult, error) { return s.searchClaims(ctx, q, match, want) })
	if !claimsOnly {
		run(1, func() ([]SearchResult, error) { return s.searchArticles(ctx, q, match, want) })
		if q.ArticleID == 0 {
			run(2, func() ([]SearchResult, error) { return s.searchSources(ctx, q, match, want) })
			run(3, func() ([]SearchResult, error) { return s.searchFactChecks(ctx, q, match, want) })
		}
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	out := append(append(append(parts[0], parts[1]...), parts[2]...), parts[3]...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
	total := len(out)
	if offset >= len(out) {
		return []SearchResult{}, total, nil
	}
	out = out[offset:]
	if len(out) > limit {
		out = out[:limit]
	}
	// Snippets only for the page shown, each kind in one query.
	var cl, ar, fc []*SearchResult
	for i := range out {
		switch out[i].Kind {
		case "claim":
			cl = append(cl, &out[i])
		case "article":
			ar = append(ar, &out[i])
		case KindFactCheck:
			fc = append(fc, &out[i])
		}
	}
	var fillErr, fcErr error
	wg.Go(func() {
		fillErr = s.fillArticles(ctx, match, ar)
	})
	wg.Go(func() {
		fcErr = s.fillFactChecks(ctx, match, fc)
	})
	err := s.fillClaims(ctx, match, cl)
	wg.Wait()
	if err := errors.Join(err, fillErr, fcErr); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	return out, total, nil
}

// pageIDs is the ids of rs as a JSON array (for json_each), their
// smallest and largest, and rs by id. The page's rows are read in one
// query that walks the index from the smallest to the largest id and
// keeps those in the list: asking the index for each id (rowid IN ...)
// seeks every word's list in every segment once per row, five times the
// cost on a million claims. The walk is short: every hit lies within the
// rank window (see rankWindow).
func pageIDs(rs []*SearchResult) (ids string, lo, hi int64, byID map[int64]*SearchResult) {
	byID = make(map[int64]*SearchResult, len(rs))
	var b strings.Builder
	b.WriteByte('[')
	lo, hi = indexRowid(rs[0]), indexRowid(rs[0])
	for i, r := range rs {
		if i > 0 {
			b.WriteByte(',')
		}
		row := indexRowid(r)
		b.WriteString(strconv.FormatInt(row, 10))
		byID[r.ID] = r
		lo, hi = min(lo, row), max(hi, row)
	}
	b.WriteByte(']')
	return b.String(), lo, hi, byID
}

// indexRowid is r's row in its full-text index: its id, but a
// fact-check's negated (match_fts holds claims and fact-checks).
func indexRowid(r *SearchResult) int64 {
	if r.Kind == KindFactCheck {
		return -r.ID
	}
	return r.ID
}

func dateBounds(col string, q SearchQuery, where []string, args []any) ([]string, []any) {
	if !q.Since.IsZero() {
		where = append(where, col+" >= ?")
		args = append(args, fmtTime(q.Since))
	}
	if !q.Until.IsZero() {
		where = append(where, col+" < ?")
		args = append(args, fmtTime(q.Until))
	}
	return where, args
}

// The searches run in two steps: the best rows by bm25 (with the filters),
// then the snippets of those rows only. Asked in one query, SQLite would
// build a snippet for every matching row before sorting.
//
// rankWindow bounds the first step: when a query matches more rows than
// that (a word in one claim of two hundred), the newest rankWindow of them
// are ranked. Ranking costs time for every row matched, and among so many
// rows a newsroom wants the recent ones anyway.
var rankWindow = map[string]int{"claims_fts": 5000, "articles_fts": 2000, "match_fts": 2000}

// windowStart returns the smallest rowid of the newest rankWindow rows of
// table matching match, or 0 when fewer match. Walking the index backwards
// by rowid scores nothing, so this is cheap.
func (s *Store) windowStart(ctx context.Context, table, match string) (int64, error) {
	var id int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT rowid FROM `+table+` WHERE `+table+` MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`,
		match, rankWindow[table]-1).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

func (s *Store) searchClaims(ctx context.Context, q SearchQuery, match string, limit int) ([]SearchResult, error) {
	where := []string{"claims_fts MATCH ?", "c.candidate = 0"}
	args := []any{match}
	from, err := s.windowStart(ctx, "claims_fts", match)
	if err != nil {
		return nil, err
	}
	if from > 0 {
		where = append(where, "claims_fts.rowid >= ?")
		args = append(args, from)
	}
	join := ""
	if q.Status != "" {
		where = append(where, "c.status = ?")
		args = append(args, q.Status)
	}
	if q.Verdict != "" {
		join += " JOIN verdicts v ON v.id = c.verdict_id"
		where = append(where, "v.name = ? COLLATE NOCASE")
		args = append(args, q.Verdict)
	}
	if q.Assignee != "" {
		join += " JOIN users u ON u.id = c.assignee_id"
		where = append(where, "u.name = ?")
		args = append(args, q.Assignee)
	}
	if q.ArticleID != 0 {
		where = append(where, "c.article_id = ?")
		args = append(args, q.ArticleID)
	}
	where, args = dateBounds("c.created_at", q, where, args)
	args = append(args, limit)
	// The claim's text and statement count most, its conclusion next, its
	// speaker least.
	query := `SELECT c.id, bm25(claims_fts, 10.0, 4.0, 2.0, 10.0) AS r
		FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid` + join + `
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY r LIMIT ?`
	filtered := q.Status != "" || q.Verdict != "" || q.Assignee != "" || q.ArticleID != 0 || !q.Since.IsZero() || !q.Until.IsZero()
	if !filtered {
		// No filter but "not a candidate": rank in the index alone, then
		// read the claims rows of the best only: several times as many as
		// wanted, as candidates (sentences under the engine's threshold)
		// are left out, and they are rarely most of an article.
		inner := "claims_fts MATCH ?"
		if from > 0 {
			inner += " AND rowid >= ?"
		}
		query = `SELECT c.id, f.r FROM (SELECT rowid, bm25(claims_fts, 10.0, 4.0, 2.0, 10.0) AS r FROM claims_fts
			WHERE ` + inner + ` ORDER BY r LIMIT ?) f JOIN claims c ON c.id = f.rowid WHERE c.candidate = 0 ORDER BY f.r LIMIT ?`
		args = append(args[:len(args)-1], limit*4+100, limit)
	}
	return s.rankedHits(ctx, "claim", query, args)
}

// rankedHits runs a search's first step, query answering ids and their
// bm25 ranks, into results of kind.
func (s *Store) rankedHits(ctx context.Context, kind, query string, args []any) ([]SearchResult, error) {
	rows, err := s.db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SearchResult
	for rows.Next() {
		r := SearchResult{Kind: kind}
		if err := rows.Scan(&r.ID, &r.Rank); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// fillClaims reads the claim hits' details and their snippets.
func (s *Store) fillClaims(ctx context.Context, match string, rs []*SearchResult) error {
	// +rowid: the list is a filter, not a look-up the index is asked for.
	return s.fillHits(ctx, "claim", rs, `SELECT c.id, c.text, c.article_id, a.title, c.status, COALESCE(v.name, ''),
		COALESCE(u.name, ''), c.created_at, highlight(claims_fts, 0, ?, ?), snippet(claims_fts, 1, ?, ?, '…', 24)
		FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid
		JOIN articles a ON a.id = c.article_id
		LEFT JOIN verdicts v ON v.id = c.verdict_id
		LEFT JOIN users u ON u.id = c.assignee_id
		WHERE claims_fts MATCH ? AND claims_fts.rowid BETWEEN ? AND ? AND +claims_fts.rowid IN (SELECT value FROM json_each(?))`,
		[]any{markOpen, markClose, markOpen, markClose, match}, func(rows *sql.Rows, hit func(int64) *SearchResult) error {
			var id int64
			var created, hl, concl string
			var x SearchResult
			if err := rows.Scan(&id, &x.Title, &x.ArticleID, &x.Article, &x.Status, &x.Verdict, &x.Assignee, &created, &hl, &concl); err != nil {
				return err
			}
			r := hit(id)
			if r == nil {
				return nil
			}
			r.Title, r.ArticleID, r.Article, r.Status, r.Verdict, r.Assignee = x.Title, x.ArticleID, x.Article, x.Status, x.Verdict, x.Assignee
			r.CreatedAt = parseTime(created)
			// The claim text when the hit is there; else the conclusion's.
			if strings.Contains(hl, markOpen) || !strings.Contains(concl, markOpen) {
				r.setSnippet(hl)
			} else {
				r.setSnippet(concl)
			}
			return nil
		})
}

// fillHits reads the details of the page's hits rs of one kind: query
// takes args, then the smallest and largest id and the ids (pageIDs),
// and scan reads each row, asking hit for the result of an id (nil for a
// row not on the page). A hit whose row is gone (deleted between the two
// steps) is an error.
func (s *Store) fillHits(ctx context.Context, kind string, rs []*SearchResult, query string, args []any, scan func(rows *sql.Rows, hit func(id int64) *SearchResult) error) error {
	if len(rs) == 0 {
		return nil
	}
	ids, lo, hi, byID := pageIDs(rs)
	rows, err := s.db.Read.QueryContext(ctx, query, append(args, lo, hi, ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	hit := func(id int64) *SearchResult {
		r := byID[id]
		if r != nil {
			n++
		}
		return r
	}
	for rows.Next() {
		if err := scan(rows, hit); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n < len(rs) {
		return fmt.Errorf("read %s hits: %w", kind, sql.ErrNoRows)
	}
	return nil
}

func (s *Store) searchArticles(ctx context.Context, q SearchQuery, match string, limit int) ([]SearchResult, error) {
	where := []string{"articles_fts MATCH ?"}
	args := []any{match}
	from, err := s.windowStart(ctx, "articles_fts", match)
	if err != nil {
		return nil, err
	}
	if from > 0 {
		where = append(where, "articles_fts.rowid >= ?")
		args = append(args, from)
	}
	if q.ArticleID != 0 {
		where = append(where, "articles_fts.rowid = ?")
		args = append(args, q.ArticleID)
	}
	// The articles rows are read only for a date filter: ranking in the
	// index alone takes half the time.
	table := "articles_fts"
	if !q.Since.IsZero() || !q.Until.IsZero() {
		table += " JOIN articles a ON a.id = articles_fts.rowid"
		where, args = dateBounds("a.created_at", q, where, args)
	}
	args = append(args, limit)
	out, err := s.rankedHits(ctx, "article", `SELECT articles_fts.rowid, bm25(articles_fts, 10.0, 1.0, 2.0, 2.0) AS r
		FROM `+table+` WHERE `+strings.Join(where, " AND ")+` ORDER BY r LIMIT ?`, args)
	for i := range out {
		out[i].ArticleID = out[i].ID
	}
	return out, err
}

// fillArticles reads the article hits' titles and snippets.
func (s *Store) fillArticles(ctx context.Context, match string, rs []*SearchResult) error {
	return s.fillHits(ctx, "article", rs, `SELECT a.id, a.title, a.created_at, snippet(articles_fts, -1, ?, ?, '…', 24)
		FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
		WHERE articles_fts MATCH ? AND articles_fts.rowid BETWEEN ? AND ? AND +articles_fts.rowid IN (SELECT value FROM json_each(?))`,
		[]any{markOpen, markClose, match}, func(rows *sql.Rows, hit func(int64) *SearchResult) error {
			var id int64
			var title, created, sn string
			if err := rows.Scan(&id, &title, &created, &sn); err != nil {
				return err
			}
			if r := hit(id); r != nil {
				r.Title, r.CreatedAt = title, parseTime(created)
				r.setSnippet(sn)
			}
			return nil
		})
}

func (s *Store) searchSources(ctx context.Context, q SearchQuery, match string, limit int) ([]SearchResult, error) {
	where := []string{"sources_fts MATCH ?"}
	args := []any{markOpen, markClose, match}
	where, args = dateBounds("so.created_at", q, where, args)
	args = append(args, limit)
	// Sources are few next to claims: one query is enough.
	rows, err := s.db.Read.QueryContext(ctx, `SELECT so.id, so.title, so.url, so.created_at,
		snippet(sources_fts, -1, ?, ?, '…', 24), bm25(sources_fts, 5.0, 2.0, 1.0) AS r
		FROM sources_fts JOIN sources so ON so.id = sources_fts.rowid
		WHERE `+strings.Join(where, " AND ")+` ORDER BY r LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SearchResult
	for rows.Next() {
		r := SearchResult{Kind: "source"}
		var created, sn string
		if err := rows.Scan(&r.ID, &r.Title, &r.URL, &created, &sn, &r.Rank); err != nil {
			return nil, err
		}
		if r.Title == "" {
			r.Title = r.URL
		}
		r.CreatedAt = parseTime(created)
		r.setSnippet(sn)
		out = append(out, r)
	}
	return out, rows.Err()
}

// setSnippet splits marked text into parts, and writes the plain and the
// escaped form.
func (r *SearchResult) setSnippet(marked string) {
	r.Parts = SplitMarked(marked)
	var plain, h strings.Builder
	for _, p := range r.Parts {
		plain.WriteString(p.Text)
		if p.Mark {
			h.WriteString("<mark>" + html.EscapeString(p.Text) + "</mark>")
		} else {
			h.WriteString(html.EscapeString(p.Text))
		}
	}
	r.Snippet, r.HTML = plain.String(), h.String()
}

// SplitMarked cuts text with snippet markers into parts. A marker the text
// itself carried can at worst mark the wrong words: parts are text, never
// markup.
func SplitMarked(s string) []SnippetPart {
	var out []SnippetPart
	mark := false
	for s != "" {
		sep := markOpen
		if mark {
			sep = markClose
		}
		i := strings.Index(s, sep)
		if i < 0 {
			out = append(out, SnippetPart{Text: stripMarks(s), Mark: mark})
			break
		}
		if i > 0 {
			out = append(out, SnippetPart{Text: stripMarks(s[:i]), Mark: mark})
		}
		s = s[i+len(sep):]
		mark = !mark
	}
	return out
}

func stripMarks(s string) string {
	return strings.NewReplacer(markOpen, "", markClose, "").Replace(s)
}

// BuildMatchQuery turns what a person typed into an FTS5 query that cannot
// be a syntax error: every word is quoted; words in "double quotes" stay a
// phrase; a word ending in * is a prefix. Operators (AND, OR, NOT, NEAR),
// column names, brackets and lone punctuation are read as words or
// dropped. It returns "" when nothing searchable is left.
func BuildMatchQuery(input string) string { return strings.Join(matchParts(input), " ") }

// anyWordsQuery joins the terms of matchParts by OR, leaving out
// stop-words (a phrase or a prefix stays whole): ranking every row that
// has "the" costs much and says nothing.
func anyWordsQuery(parts []string) string {
	var keep []string
	seen := map[string]bool{}
	for _, p := range parts {
		w := strings.ToLower(strings.Trim(p, `"`))
		if searchStopWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		keep = append(keep, p)
	}
	return strings.Join(keep, " OR ")
}

// searchStopWords are the English words too common to find anything by.
var searchStopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about after all also an and any are as at be because been but by can could did do does
		for from had has have he her his how i if in into is it its just more most no not of on or our out over she so some
		than that the their them then there these they this those to up was we were what when which who will with would you your`) {
		searchStopWords[w] = true
	}
}

// matchParts is BuildMatchQuery's terms: each quoted word, phrase or
// prefix.
func matchParts(input string) []string {
	var parts []string
	inPhrase := false
	var phrase []string
	// A quote with no partner is an ordinary character.
	balanced := strings.Count(input, `"`)%2 == 0
	flushPhrase := func() {
		if len(phrase) > 0 {
			parts = append(parts, `"`+strings.Join(phrase, " ")+`"`)
		}
		phrase = nil
	}
	rs := []rune(input)
	for i := 0; i < len(rs); {
		r := rs[i]
		if r == '"' && balanced {
			if inPhrase {
				flushPhrase()
			}
			inPhrase = !inPhrase
			i++
			continue
		}
		if !isWordRune(r) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j]) {
			j++
		}
		w := string(rs[i:j])
		prefix := j < len(rs) && rs[j] == '*'
		if prefix {
			j++
		}
		if inPhrase {
			phrase = append(phrase, w)
		} else if prefix {
			parts = append(parts, `"`+w+`"*`)
		} else {
			parts = append(parts, `"`+w+`"`)
		}
		i = j
	}
	flushPhrase()
	return parts
}

// isWordRune is what the unicode61 tokenizer keeps in a word: letters,
// numbers, private-use characters, and the marks that go with letters.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.In(r, unicode.N, unicode.Mn, unicode.Co)
}

// searchFactChecks ranks published fact-checks in the matching index
// (rowids below zero): their claim text counts most, then their title,
// then their description. Import dates bound them like the rest.
func (s *Store) searchFactChecks(ctx context.Context, q SearchQuery, match string, limit int) ([]SearchResult, error) {
	where := []string{"match_fts MATCH ?", "match_fts.rowid < 0"}
	args := []any{match}
	// The newest fact-checks are the lowest rowids: the window is the
	// rankWindow lowest that match.
	var end int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT rowid FROM match_fts WHERE match_fts MATCH ? AND rowid < 0 ORDER BY rowid LIMIT 1 OFFSET ?`,
		match, rankWindow["match_fts"]-1).Scan(&end)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if end < 0 {
		where = append(where, "match_fts.rowid <= ?")
		args = append(args, end)
	}
	// Ranked in the index alone (the fact-checks rows only for a date
	// filter); their texts and highlights are read for the page only.
	table := "match_fts"
	if !q.Since.IsZero() || !q.Until.IsZero() {
		table += " JOIN fact_checks f ON f.id = -match_fts.rowid"
		where, args = dateBounds("f.created_at", q, where, args)
	}
	args = append(args, limit)
	out, err := s.rankedHits(ctx, KindFactCheck, `SELECT -match_fts.rowid, bm25(match_fts, 10.0, 4.0, 2.0) AS r
		FROM `+table+` WHERE `+strings.Join(where, " AND ")+` ORDER BY r LIMIT ?`, args)
	return out, err
}

// fillFactChecks reads the fact-check hits' details and highlights.
func (s *Store) fillFactChecks(ctx context.Context, match string, rs []*SearchResult) error {
	return s.fillHits(ctx, KindFactCheck, rs, `SELECT f.id, f.claim_text, f.url, f.rating, f.publisher, f.created_at, highlight(match_fts, 0, ?, ?)
		FROM match_fts JOIN fact_checks f ON f.id = -match_fts.rowid
		WHERE match_fts MATCH ? AND match_fts.rowid BETWEEN ? AND ? AND +match_fts.rowid IN (SELECT value FROM json_each(?))`,
		[]any{markOpen, markClose, match}, func(rows *sql.Rows, hit func(int64) *SearchResult) error {
			var id int64
			var x SearchResult
			var created, hl string
			if err := rows.Scan(&id, &x.Title, &x.URL, &x.Rating, &x.Publisher, &created, &hl); err != nil {
				return err
			}
			if r := hit(id); r != nil {
				r.Title, r.URL, r.Rating, r.Publisher, r.CreatedAt = x.Title, x.URL, x.Rating, x.Publisher, parseTime(created)
				r.setSnippet(hl)
			}
			return nil
		})
}
