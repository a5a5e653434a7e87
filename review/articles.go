package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"claimdesk/claims"
)

// Limits of an article's details, in characters.
const (
	maxTitleRunes  = 500
	maxDetailRunes = 200
	// defaultTitleRunes is how much of the first line becomes the title
	// when the person gave none.
	defaultTitleRunes = 200
)

// DuplicateError is what ImportArticle returns when the same text (after
// normalisation) was imported before: the earlier article, so the person
// is pointed to it. errors.Is(err, ErrConflict) is true.
type DuplicateError struct {
	Article *Article
}

// Error names the earlier article so the message points the person to it.
func (e *DuplicateError) Error() string {
	return fmt.Sprintf("this text was imported before as article %d (%q)", e.Article.ID, e.Article.Title)
}

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *DuplicateError) Unwrap() error { return ErrConflict }

// preparedArticle is a validated NewArticle ready to store.
type preparedArticle struct {
	title, url, outlet, author, published, body, format string
}

// prepareArticle validates in and turns it into the stored shape. Every
// wrong field is reported at once; a body over the limit is ErrTooLarge
// (checked on the input as given, before any conversion, so an oversized
// upload costs no parsing).
func (s *Store) prepareArticle(in NewArticle) (*preparedArticle, error) {
	v := &ValidationError{}
	limit := s.MaxArticleBytes
	if limit <= 0 {
		limit = 5 << 20
	}
	raw, rawField := in.Text, "text"
	if in.HTML != "" {
		raw, rawField = in.HTML, "html"
		if strings.TrimSpace(in.Text) != "" {
			v.Add("text", "give either the text or the HTML page, not both")
		}
	}
	if len(raw) > limit {
		return nil, fmt.Errorf("the text is %s, over the limit of %s: %w", byteSize(len(raw)), byteSize(limit), ErrTooLarge)
	}
	for _, f := range []struct{ name, val string }{{"title", in.Title}, {"url", in.URL}, {"outlet", in.Outlet}, {"author", in.Author}, {"published", in.Published}} {
		checkText(v, f.name, f.val)
	}
	p := &preparedArticle{format: "text"}
	rawOK := checkText(v, rawField, raw)
	var meta htmlMeta
	if rawOK {
		switch {
		case in.HTML != "":
			p.format = "html"
			text, m, err := htmlToText(in.HTML, strings.TrimSpace(in.URL))
			if err != nil {
				v.Add("html", "the HTML page could not be read: "+err.Error())
			}
			p.body, meta = normalizeBody(text), m
		case in.Markdown:
			p.format = "markdown"
			p.body = normalizeBody(markdownToText(in.Text))
		default:
			p.body = normalizeBody(in.Text)
		}
		if p.body == "" && v.Fields[rawField] == "" {
			if in.HTML != "" {
				v.Add("html", "no article text was found in this HTML page")
			} else {
				v.Add("text", "the article has no text")
			}
		}
	}
	if _, bad := v.Fields["url"]; !bad {
		p.url = checkURL(v, "url", in.URL, true)
	}
	if _, bad := v.Fields["published"]; !bad {
		p.published = checkDate(v, "published", in.Published)
	}
	p.title = checkLine(v, "title", in.Title, maxTitleRunes)
	p.outlet = checkLine(v, "outlet", in.Outlet, maxDetailRunes)
	p.author = checkLine(v, "author", in.Author, maxDetailRunes)
	// Details the HTML page carries fill the fields the person left empty.
	if p.title == "" {
		p.title = oneLine(meta.title)
	}
	if p.author == "" {
		p.author = cutRunes(oneLine(meta.byline), maxDetailRunes)
	}
	if p.outlet == "" {
		p.outlet = cutRunes(oneLine(meta.site), maxDetailRunes)
	}
	if p.published == "" && v.Fields["published"] == "" {
		p.published = meta.published
	}
	if p.title == "" && p.body != "" {
		p.title = cutRunes(defaultTitle(p.body, p.format == "markdown"), defaultTitleRunes)
	}
	p.title = cutRunes(p.title, maxTitleRunes)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// SuggestTitle is the title ImportArticle would give in when its Title is
// empty: an HTML page's own title, else a line of the text (defaultTitle),
// by the same steps as the import itself, so what the form suggests is
// what is stored. Only the text (Text, HTML, Markdown) is read; "" when it
// gives no title (an empty or refused text: the import says why).
func (s *Store) SuggestTitle(in NewArticle) string {
	p, err := s.prepareArticle(NewArticle{Text: in.Text, HTML: in.HTML, Markdown: in.Markdown})
	if err != nil {
		return ""
	}
	return p.title
}

// defaultTitle picks a title from the text when the person gave none. A
// Markdown text starts with its heading: its first line. A plain text
// pasted from a web page often starts with navigation ("All news", "Home
// World Sport"), so menu-like lines (menuLike) are skipped. When a
// dateline opens the story ("MOSCOW, November 12. /TASS/. …") within the
// first lines, the title is the last line before it of at most 15 words
// (a longer one is the standfirst under the headline); otherwise the
// first of the first five lines that is not menu-like, else the first line.
func defaultTitle(body string, markdown bool) string {
	lines := strings.Split(body, "\n")
	if markdown {
		return oneLine(lines[0])
	}
	var head []string // the first non-empty lines
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			head = append(head, l)
		}
		if len(head) == 10 {
			break
		}
	}
	for i, l := range head {
		if !dateline.MatchString(strings.TrimSpace(l)) || len(strings.Fields(l)) < 12 {
			continue
		}
		for k := i - 1; k >= 0; k-- {
			if n := len(strings.Fields(head[k])); !menuLike(head[k]) && n <= 15 {
				return oneLine(head[k])
			}
		}
		break
	}
	for i, l := range head {
		if i == 5 {
			break
		}
		if !menuLike(l) {
			return oneLine(l)
		}
	}
	return oneLine(lines[0])
}

// dateline matches the start of a story's first paragraph: a place in
// capitals, then a comma, a bracket or a dash ("MOSCOW, …", "LONDON
// (Reuters) - …").
var dateline = regexp.MustCompile(`^[A-Z][A-Z.'’ -]{2,}(,|\s+\(|\s+[-–—])`)

// menuLike reports whether a line reads as a site's navigation rather than
// a headline: fewer than three words, or a handful of words each starting
// with a capital and no punctuation ("Home World Sport Business").
func menuLike(l string) bool {
	ws := strings.Fields(l)
	if len(ws) < 3 {
		return true
	}
	if len(ws) > 6 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || strings.ContainsAny(w, ",.:;!?\"'’“”") {
			return false
		}
	}
	return true
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ImportArticle validates and stores an article with the claims the
// engine finds in it, all in one transaction. When the same text exists it returns that
// article and a *DuplicateError (errors.Is ErrConflict), with nothing
// written.
//
// Decisions: the title defaults to the page's title (HTML) or else a line
// of the text (see defaultTitle), cut to 200 characters at a word; an HTML page's
// byline, site name and date fill an empty author, outlet and date; an
// RFC 3339 date is kept as its day. Markdown is stored as the plain text
// it renders to (format "markdown"), so claim spans always refer to the
// stored body. Claims the engine scores under its threshold are stored as
// candidates. Every claim gets a "created" history row by the importer.
// A nil actor is the shell.
func (s *Store) ImportArticle(ctx context.Context, actor *User, in NewArticle) (*Article, []Claim, error) {
	if err := authorize(actor, ActionImport); err != nil {
		return nil, nil, fmt.Errorf("import article: %w", err)
	}
	pi, err := s.prepareImport(in)
	if err != nil {
		return nil, nil, fmt.Errorf("import article: %w", err)
	}
	var articleID int64
	var dup *Article
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		w, err := s.newClaimWriter(ctx, tx, actor)
		if err != nil {
			return err
		}
		defer w.Close()
		articleID, dup, err = s.storeArticle(ctx, w, pi)
		if err != nil {
			return err
		}
		return w.flush(ctx)
	})
	if dup != nil {
		return dup, nil, fmt.Errorf("import article: %w", err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("import article: %w", err)
	}
	a, cs, err := s.readImported(ctx, articleID)
	if err != nil {
		return nil, nil, fmt.Errorf("import article: %w", err)
	}
	return a, cs, nil
}

// preparedImport is an article validated and read by the engine, ready
// to store.
type preparedImport struct {
	*preparedArticle
	hash   string
	claims []claims.Claim
	model  int64 // the version that scored the claims
}

// prepareImport validates in and runs the engine on its body. The engine
// is a pure function of the body: it runs before the write transaction,
// which then stores the article and every claim together, so a long text
// does not hold up other writers while it is read.
func (s *Store) prepareImport(in NewArticle) (*preparedImport, error) {
	p, err := s.prepareArticle(in)
	if err != nil {
		return nil, err
	}
	m := s.scoring()
	return &preparedImport{preparedArticle: p, hash: sha256Hex(p.body), claims: m.scorer.Extract(p.body), model: m.version}, nil
}

// storeArticle writes a prepared article through w (its transaction, its
// actor) and queues its claims with their history on w, which the caller
// flushes. A body stored before is a *DuplicateError with that article,
// and nothing is written. The claims are stored pending (matched_at
// NULL): their "checked before?" matches are found after the commit,
// outside the writer, by MatchPending.
func (s *Store) storeArticle(ctx context.Context, w *claimWriter, p *preparedImport) (int64, *Article, error) {
	tx := w.tx
	find, err := w.prepared(ctx, "SELECT id FROM articles WHERE body_hash = ?")
	if err != nil {
		return 0, nil, err
	}
	var existing int64
	err = find.QueryRowContext(ctx, p.hash).Scan(&existing)
	if err == nil {
		// An article of the same batch may have claims still queued: its
		// progress counts them.
		if err := w.flush(ctx); err != nil {
			return 0, nil, err
		}
		dup, err := getArticle(ctx, tx, existing)
		if err != nil {
			return 0, nil, err
		}
		return 0, dup, &DuplicateError{Article: dup}
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, nil, err
	}
	ins, err := w.prepared(ctx, `INSERT INTO articles (title, url, outlet, author, published, body, body_hash, format, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, nil, err
	}
	now := fmtTime(s.now())
	res, err := ins.ExecContext(ctx, p.title, p.url, p.outlet, p.author, p.published, p.body, p.hash, p.format, w.actorValue, now, now)
	if err != nil {
		return 0, nil, err
	}
	articleID, err := res.LastInsertId()
	if err != nil {
		return 0, nil, err
	}
	for _, c := range p.claims {
		claimant, err := s.claimantForSpeaker(ctx, tx, c.Speaker, c.SpeakerRole)
		if err != nil {
			return 0, nil, err
		}
		_, err = w.add(newClaim{
			articleID: articleID, start: c.Start, end: c.End, text: p.body[c.Start:c.End],
			score: c.Score, reasons: c.Reasons, kind: c.Kind, speaker: c.Speaker, statement: c.Statement, claimant: claimant,
			candidate: !c.Worthy, origin: "engine", model: p.model,
		}, "import")
		if err != nil {
			return 0, nil, err
		}
		if len(w.claims) >= writeChunk*claimCols {
			if err := w.flush(ctx); err != nil {
				return 0, nil, err
			}
		}
	}
	return articleID, nil, nil
}

// readImported reads an article just stored with its claims and progress.
func (s *Store) readImported(ctx context.Context, articleID int64) (*Article, []Claim, error) {
	a, err := getArticle(ctx, s.db.Write, articleID)
	if err != nil {
		return nil, nil, err
	}
	cs, err := queryClaims(ctx, s.db.Write, claimSelect+" WHERE c.article_id = ? ORDER BY c.start_byte, c.id", articleID)
	if err != nil {
		return nil, nil, err
	}
	a.Done, a.Total = progress(cs)
	return a, cs, nil
}

// progress counts claims done of all claims that are neither candidates
// nor dismissed: a candidate is not yet work, a dismissed claim is no
// longer work.
func progress(cs []Claim) (done, total int) {
	for _, c := range cs {
		if c.Candidate || c.Status == StatusDismissed {
			continue
		}
		total++
		if c.Status == StatusDone {
			done++
		}
	}
	return done, total
}

const articleColumns = "a.id, a.title, a.url, a.outlet, a.author, a.published, a.format, a.created_at, a.updated_at"

// progressColumns compute the progress of article a (see progress) from
// its claim counters (counts.go), without reading its claims.
const progressColumns = `
	(SELECT COALESCE(sum(p.n), 0) FROM article_claim_counts p WHERE p.article_id = a.id AND p.status = 'done'),
	(SELECT COALESCE(sum(p.n), 0) FROM article_claim_counts p WHERE p.article_id = a.id AND p.status <> 'dismissed')`

func scanArticle(row interface{ Scan(...any) error }, extra ...any) (*Article, error) {
	var a Article
	var created, updated string
	dest := append([]any{&a.ID, &a.Title, &a.URL, &a.Outlet, &a.Author, &a.Published, &a.Format, &created, &updated}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return &a, nil
}

// getArticle reads an article with its body and progress.
func getArticle(ctx context.Context, q querier, id int64) (*Article, error) {
	var a *Article
	var body string
	var done, total int
	row := q.QueryRowContext(ctx, "SELECT "+articleColumns+", a.body, "+progressColumns+" FROM articles a WHERE a.id = ?", id)
	a, err := scanArticle(row, &body, &done, &total)
	if err != nil {
		return nil, notFound(err, "article %d", id)
	}
	a.Body, a.Done, a.Total = body, done, total
	return a, nil
}

// Article returns an article by id, with its body and progress.
func (s *Store) Article(ctx context.Context, id int64) (*Article, error) {
	a, err := getArticle(ctx, s.db.Read, id)
	if err != nil {
		return nil, fmt.Errorf("article: %w", err)
	}
	return a, nil
}

// Articles lists articles, newest first, with their progress (done of all
// claims that are neither candidates nor dismissed). Listings leave Body
// empty: a list of many articles should not carry every text; Article(id)
// has it. Limit 0 means no limit.
func (s *Store) Articles(ctx context.Context, f ArticleFilter) ([]Article, error) {
	if f.After != 0 {
		err := s.db.Read.QueryRowContext(ctx, "SELECT created_at FROM articles WHERE id = ?", f.After).Scan(&f.afterAt)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, Invalid("after", fmt.Sprintf("there is no article #%d to go on from (a link of the list's pages gives one)", f.After))
		}
		if err != nil {
			return nil, fmt.Errorf("list articles: %w", err)
		}
	}
	q, args := articlesQuery(f)
	rows, err := s.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	out := []Article{}
	for rows.Next() {
		var done, total int
		a, err := scanArticle(rows, &done, &total)
		if err != nil {
			return nil, fmt.Errorf("list articles: %w", err)
		}
		a.Done, a.Total = done, total
		out = append(out, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return out, nil
}

// articlesQuery is the query Articles runs for f.
func articlesQuery(f ArticleFilter) (string, []any) {
	var where []string
	var args []any
	if f.Status != "" && f.AssigneeID == 0 {
		// The counters say which articles have claims in a status.
		where = append(where, "EXISTS (SELECT 1 FROM article_claim_counts f WHERE f.article_id = a.id AND f.status = ? AND f.n > 0)")
		args = append(args, f.Status)
	} else if f.Status != "" || f.AssigneeID != 0 {
		sub := "EXISTS (SELECT 1 FROM claims f WHERE f.article_id = a.id AND f.candidate = 0"
		if f.Status != "" {
			sub += " AND f.status = ?"
			args = append(args, f.Status)
		}
		if f.AssigneeID != 0 {
			sub += " AND f.assignee_id = ?"
			args = append(args, f.AssigneeID)
		}
		where = append(where, sub+")")
	}
	if !f.Since.IsZero() {
		where = append(where, "a.created_at >= ?")
		args = append(args, fmtTime(f.Since))
	}
	if !f.Until.IsZero() {
		where = append(where, "a.created_at < ?")
		args = append(args, fmtTime(f.Until))
	}
	if f.After != 0 {
		// The list's order, newest first: what comes after is older, or
		// as old with a lower id (the index on created_at ends in the id).
		where = append(where, "(a.created_at, a.id) < (?, ?)")
		args = append(args, f.afterAt, f.After)
	}
	q := "SELECT " + articleColumns + ", " + progressColumns + " FROM articles a"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY a.created_at DESC, a.id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return q, args
}

// UpdateArticle edits an article's details (not its text, which claim
// spans refer to). The same rules as at import apply; the title may not be
// emptied.
func (s *Store) UpdateArticle(ctx context.Context, actor *User, id int64, u ArticleUpdate) (*Article, error) {
	if err := authorize(actor, ActionEditArticle); err != nil {
		return nil, fmt.Errorf("update article: %w", err)
	}
	v := &ValidationError{}
	for _, f := range []struct{ name, val string }{{"title", u.Title}, {"url", u.URL}, {"outlet", u.Outlet}, {"author", u.Author}, {"published", u.Published}} {
		checkText(v, f.name, f.val)
	}
	var p preparedArticle
	if _, bad := v.Fields["url"]; !bad {
		p.url = checkURL(v, "url", u.URL, true)
	}
	if _, bad := v.Fields["published"]; !bad {
		p.published = checkDate(v, "published", u.Published)
	}
	p.title = checkLine(v, "title", u.Title, maxTitleRunes)
	p.outlet = checkLine(v, "outlet", u.Outlet, maxDetailRunes)
	p.author = checkLine(v, "author", u.Author, maxDetailRunes)
	if p.title == "" && v.Fields["title"] == "" {
		v.Add("title", "a title is required")
	}
	if err := v.Err(); err != nil {
		return nil, fmt.Errorf("update article: %w", err)
	}
	var a *Article
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE articles SET title = ?, url = ?, outlet = ?, author = ?, published = ?, updated_at = ? WHERE id = ?",
			p.title, p.url, p.outlet, p.author, p.published, fmtTime(s.now()), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("article %d: %w", id, ErrNotFound)
		}
		a, err = getArticle(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update article: %w", err)
	}
	return a, nil
}

// articleBody reads an article's body inside tx.
func articleBody(ctx context.Context, q querier, id int64) (string, error) {
	var body string
	if err := q.QueryRowContext(ctx, "SELECT body FROM articles WHERE id = ?", id).Scan(&body); err != nil {
		return "", notFound(err, "article %d", id)
	}
	return body, nil
}
