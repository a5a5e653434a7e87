package review

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"claimdesk/claims/match"
)

// memIndexStore is a store with the sample fact-checks and four news
// texts, one of them twice with a line before it (rows of equal bm25, to check the order of
// ties), matched once.
// It returns the matcher's copy of the index.
func memIndexStore(t *testing.T) (*Store, []claimRow, *memIndex) {
	t.Helper()
	s, _ := newTestStore(t)
	ctx := context.Background()
	importChecks(t, s, sampleChecks)
	var texts []string
	for _, name := range []string{"news_inflation.txt", "news_floods.txt", "news_measles.txt", "news_floods.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "claims", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	texts[3] = "Updated. " + texts[3]
	texts = append(texts, "Crème brûlée costs 3€ in Zürich, said Ørsted's naïve CEO; straße—über café.")
	for _, text := range texts {
		if _, _, err := s.ImportArticle(ctx, nil, NewArticle{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var cs []claimRow
	rows, err := s.db.Read.QueryContext(ctx, "SELECT id, article_id, CASE WHEN statement <> '' THEN statement ELSE text END FROM claims ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c claimRow
		if err := rows.Scan(&c.id, &c.article, &c.text); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	if len(cs) < 2*memIndexMinJobs {
		t.Fatalf("%d claims: too few for the matcher to copy the index", len(cs))
	}
	if s.mem.cur == nil {
		t.Fatal("the matcher kept no copy of the index")
	}
	return s, cs, s.mem.cur
}

type claimRow struct {
	id, article int64
	text        string
}

// compareWithIndex checks that mi finds, for every claim's text (with its
// article left out, and with none left out) and every fact-check's, the
// rows the FTS5 query finds, in its order, with the same bm25 to the bit.
// It returns how many queries were compared and how many had ties.
func compareWithIndex(t *testing.T, s *Store, mi *memIndex, cs []claimRow) (compared, ties int) {
	t.Helper()
	ctx := context.Background()
	r, err := s.newCandidateReader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var words []string
	type ask struct {
		text string
		skip int64
	}
	var asks []ask
	for _, c := range cs {
		asks = append(asks, ask{c.text, c.article}, ask{c.text, 0})
	}
	for _, fc := range sampleChecks {
		asks = append(asks, ask{fc.ClaimText, 0})
	}
	asks = append(asks, ask{"Zurich's cafe and the naive Orsted", 0})
	for _, a := range asks {
		words = append(words, match.QueryTerms(a.text)...)
	}
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return learnWords(ctx, tx, mi, words) }); err != nil {
		t.Fatal(err)
	}
	show := func(hs []memHit) string {
		var b strings.Builder
		for _, h := range hs {
			fmt.Fprintf(&b, "%d:%x ", h.rowid, math.Float64bits(h.bm25))
		}
		return b.String()
	}
	var sc memScratch
	for _, a := range asks {
		want, err := r.queryHits(a.text, a.skip)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := mi.search(&sc, match.QueryTerms(a.text), match.BM25Weights(), a.skip, match.Candidates)
		if !ok {
			continue // a word FTS5 splits: the matcher asks the index
		}
		compared++
		if show(got) != show(want) {
			t.Errorf("%q (article %d left out):\n got %s\nwant %s", a.text, a.skip, show(got), show(want))
		}
		for i := 1; i < len(want); i++ {
			if want[i].bm25 == want[i-1].bm25 {
				ties++
				break
			}
		}
	}
	return compared, ties
}

// TestMemIndexFindsWhatTheIndexFinds checks the matcher's copy of the
// index against FTS5 itself: the copy kept in step by the matcher's own
// writes, and a copy read whole from the index.
func TestMemIndexFindsWhatTheIndexFinds(t *testing.T) {
	s, cs, mi := memIndexStore(t)
	ctx := context.Background()
	compared, ties := compareWithIndex(t, s, mi, cs)
	if compared < len(cs) || ties == 0 {
		t.Errorf("compared %d queries (%d with ties) of %d claims: want every claim, and ties", compared, ties, len(cs))
	}
	var loaded *memIndex
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		s.mem.cur = nil
		var err error
		loaded, err = s.mem.syncMemIndex(ctx, tx, memIndexMinJobs)
		return err
	})
	if err != nil || loaded == nil {
		t.Fatalf("reading the index whole: %v", err)
	}
	if loaded.rows != mi.rows || loaded.tokens != mi.tokens || len(loaded.docs) != len(mi.docs) {
		t.Errorf("read whole: %d rows, %d tokens, %d docs; kept in step: %d, %d, %d", loaded.rows, loaded.tokens, len(loaded.docs), mi.rows, mi.tokens, len(mi.docs))
	}
	compareWithIndex(t, s, loaded, cs)
}

// TestMemIndexLeftWhenTheIndexChanges: a change of the index by anything
// but the matcher's own step (here a claim deleted, which its trigger
// takes out of the index) makes the copy unusable; the next small step
// ranks with the query and drops it, and answers stay those of the index.
func TestMemIndexLeftWhenTheIndexChanges(t *testing.T) {
	s, cs, mi := memIndexStore(t)
	ctx := context.Background()
	if got := s.mem.current(ctx, s.db.Read); got != mi {
		t.Fatal("the copy is not current right after the matcher's step")
	}
	if _, err := s.db.Write.ExecContext(ctx, "DELETE FROM claims WHERE id = ?", cs[0].id); err != nil {
		t.Fatal(err)
	}
	if got := s.mem.current(ctx, s.db.Read); got != nil {
		t.Fatal("the copy is still current after the index changed")
	}
	if _, err := s.db.Write.ExecContext(ctx, "UPDATE claims SET candidate = 0, matched_at = NULL WHERE id = ?", cs[1].id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if s.mem.cur != nil {
		t.Error("a one-claim step kept a stale copy")
	}
	r, err := s.newCandidateReader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want, err := r.queryHits(cs[1].text, cs[1].article)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(want, func(h memHit) bool { return h.rowid == cs[0].id }) {
		t.Errorf("the deleted claim %d is still found", cs[0].id)
	}
}
