package review

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"claimdesk/claims/match"
)

// TestMatcherStoresWhatPlainRankingFinds imports a fixed set of articles
// (three news texts and a copy of one with other figures, fewer claims
// than one matcher step, so the index holds them all when they are
// ranked) and the sample fact-checks, runs MatchPending (texts read
// through the store's cache, ranked on every core, the index written in
// one statement), and checks each claim's stored top-k against plain
// ranking done the simple way: one text after the other with
// match.Default().Rank and no cache. Both must name the same documents
// with the same scores, to the bit. It also checks each index row against
// match.Clean of the claim's statement (or text).
func TestMatcherStoresWhatPlainRankingFinds(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	importChecks(t, s, sampleChecks)
	texts := newsTexts(t)
	texts = append(texts, renumbered(texts[0], 3))
	for _, text := range texts {
		if _, _, err := s.ImportArticle(ctx, nil, NewArticle{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	cs := matchRows(t, s)
	if len(cs) < 40 || len(cs) > matchBatch {
		t.Fatalf("%d claims: the test wants enough to match each other and at most one step (%d)", len(cs), matchBatch)
	}
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// The matcher ranked through its copy of the index (memindex.go);
	// the plain ranking below asks the index itself.
	if s.mem.cur == nil {
		t.Fatal("the matcher kept no copy of the index")
	}

	r, err := s.newCandidateReader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	plain := match.Default()
	stored, looked := 0, 0
	for _, c := range cs {
		var idx string
		if err := s.db.Read.QueryRowContext(ctx, "SELECT text FROM match_fts WHERE rowid = ?", c.id).Scan(&idx); err != nil {
			t.Fatalf("claim %d has no index row: %v", c.id, err)
		}
		if want := match.Clean(c.text); idx != want {
			t.Errorf("claim %d: index row %q, want %q", c.id, idx, want)
		}
		var want []string
		if !c.candidate { // a candidate is not looked up until promoted
			want = plainTopK(t, r, plain, c.text, c.article)
		}
		got := storedTopK(t, s, c.id)
		if !slices.Equal(got, want) {
			t.Errorf("claim %d (%q): stored\n%v\nplain ranking\n%v", c.id, c.text, got, want)
		}
		stored += len(got)
		if !c.candidate {
			looked++
		}
	}
	if looked == 0 || stored < looked {
		t.Errorf("only %d matches stored for %d claims looked up: the set should match itself", stored, looked)
	}
}

// plainTopK is what plain ranking keeps for text, one text after the
// other with no cache: up to MatchKeep matches with a score above 0, each
// as "kind id score-bits confident", sorted.
func plainTopK(t *testing.T, r *candidateReader, plain *match.Ranker, text string, article int64) []string {
	t.Helper()
	docs, _, err := r.candidates(text, article)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range plain.Rank(text, docs) {
		if len(out) == MatchKeep {
			break
		}
		if m.Score > 0 {
			out = append(out, fmt.Sprintf("%s %d %x %v", m.Kind, m.ID, math.Float64bits(m.Score), m.Confident))
		}
	}
	slices.Sort(out)
	return out
}

// storedTopK is the claim's stored suggestions in plainTopK's form.
func storedTopK(t *testing.T, s *Store, claim int64) []string {
	t.Helper()
	rows, err := s.db.Read.QueryContext(context.Background(), `SELECT CASE WHEN other_id IS NULL THEN 'fact_check' ELSE 'claim' END,
		COALESCE(other_id, fact_check_id), score, confident FROM matches WHERE claim_id = ? AND state = 'suggested'`, claim)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind string
		var id int64
		var score float64
		var confident bool
		if err := rows.Scan(&kind, &id, &score, &confident); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d %x %v", kind, id, math.Float64bits(score), confident))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// newsTexts are the three news articles of claims/testdata.
func newsTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, name := range []string{"news_inflation.txt", "news_floods.txt", "news_measles.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "claims", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	return texts
}

// renumbered is text with add added to every number in it: the same
// claims with other figures, which answer the originals.
func renumbered(text string, add int) string {
	return reDigits.ReplaceAllStringFunc(text, func(n string) string {
		v, _ := strconv.Atoi(n)
		return strconv.Itoa(v + add)
	})
}

var reDigits = regexp.MustCompile(`[0-9]+`)

// matchRow is a stored claim as the matcher asks with it: its statement,
// or its text when it has none.
type matchRow struct {
	id, article int64
	text        string
	candidate   bool
}

// matchRows are every stored claim, in id order.
func matchRows(t *testing.T, s *Store) []matchRow {
	t.Helper()
	rows, err := s.db.Read.QueryContext(context.Background(), "SELECT id, article_id, CASE WHEN statement <> '' THEN statement ELSE text END, candidate FROM claims ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cs []matchRow
	for rows.Next() {
		var c matchRow
		if err := rows.Scan(&c.id, &c.article, &c.text, &c.candidate); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return cs
}
