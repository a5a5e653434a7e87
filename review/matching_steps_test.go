package review

import (
	"context"
	"slices"
	"testing"

	"claimdesk/claims/match"
)

// TestMatchImportedTakesLargerSteps stores, through PrepareBatch and
// StoreBatch as claimdesk import does, more claims than one step of
// MatchPending and fewer than one of MatchImported, and runs
// MatchImported: it takes them in one step, so every claim is ranked
// against an index holding all of them, and each claim's stored top-k
// must equal plain ranking (match.Default().Rank, one text after the
// other) against the whole index, to the bit. With MatchPending's steps
// the claims of the first step would be ranked before the later ones
// were indexed, which the last check shows.
func TestMatchImportedTakesLargerSteps(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	importChecks(t, s, sampleChecks)
	var ins []NewArticle
	for _, text := range newsTexts(t) {
		ins = append(ins, NewArticle{Text: text})
	}
	// The same texts with other figures: claims that answer each other.
	for _, add := range []int{3, 7, 11, 13, 17} {
		for _, in := range ins[:3] {
			ins = append(ins, NewArticle{Text: renumbered(in.Text, add)})
		}
	}
	res, err := s.StoreBatch(ctx, nil, s.PrepareBatch(ins))
	if err != nil {
		t.Fatal(err)
	}
	worthy := 0
	for i, r := range res {
		if r.Err != nil || r.Article == nil || r.Claims != nil {
			t.Fatalf("article %d: %+v, want it stored, its claims not read back", i, r)
		}
		worthy += r.Worthy
	}
	cs := matchRows(t, s)
	for _, c := range cs {
		if !c.candidate {
			worthy--
		}
	}
	if worthy != 0 {
		t.Errorf("the results' Worthy counts differ from the stored claims by %d", worthy)
	}
	if len(cs) <= matchBatch || len(cs) > matchAlongBatch {
		t.Fatalf("%d claims: the test wants more than one MatchPending step (%d) and at most one MatchImported step (%d)", len(cs), matchBatch, matchAlongBatch)
	}
	p, err := s.MatchImported(ctx, nil)
	if err != nil || p.Claims != len(cs) {
		t.Fatalf("MatchImported matched %d of %d claims (%v)", p.Claims, len(cs), err)
	}

	r, err := s.newCandidateReader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	plain := match.Default()
	looked, late := 0, 0
	for _, c := range cs {
		if c.candidate {
			continue
		}
		looked++
		want, got := plainTopK(t, r, plain, c.text, c.article), storedTopK(t, s, c.id)
		if !slices.Equal(got, want) {
			t.Errorf("claim %d (%q): stored\n%v\nplain ranking\n%v", c.id, c.text, got, want)
		}
	}
	if looked == 0 {
		t.Fatal("no claim was looked up")
	}
	// A claim MatchPending would rank in its first step, answered by one
	// it would index only later.
	first := cs[matchBatch-1].id
	if err := s.db.Read.QueryRowContext(ctx, "SELECT count(*) FROM matches WHERE claim_id <= ? AND other_id > ? AND state = 'suggested'", first, first).Scan(&late); err != nil {
		t.Fatal(err)
	}
	if late == 0 {
		t.Error("no claim of the first 128 was answered by a later one: the step was not larger than MatchPending's")
	}
}

// stepsStore is a store with the news texts and eight renumbered copies
// of three of them, stored as claimdesk import stores them: claims of
// several MatchPending steps that answer each other.
func stepsStore(t *testing.T) *Store {
	t.Helper()
	s, _ := newTestStore(t)
	importChecks(t, s, sampleChecks)
	var ins []NewArticle
	for _, text := range newsTexts(t) {
		ins = append(ins, NewArticle{Text: text})
	}
	for _, add := range []int{3, 7, 11, 13, 17, 19, 23, 29, 31} {
		for _, in := range ins[:3] {
			ins = append(ins, NewArticle{Text: renumbered(in.Text, add)})
		}
	}
	if _, err := s.StoreBatch(context.Background(), nil, s.PrepareBatch(ins)); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMatcherStepsRankAgainstTheirIndex runs MatchPending, its steps one
// after the other (matchSerial), over claims of several steps and, at
// each step's ranking, reads the index as it is then: it holds the rows
// of this step and every step before, no others, and the step before's
// matches are stored (a step stores them with its own index rows). Each
// claim's stored top-k must equal plain ranking (match.Default().Rank,
// one text after the other) against that index, to the bit; a text met
// again in the same article keeps the answer of its first ranking.
func TestMatcherStepsRankAgainstTheirIndex(t *testing.T) {
	s := stepsStore(t)
	s.matchSerial = true
	ctx := context.Background()
	total := len(matchRows(t, s))
	if total <= 2*matchBatch {
		t.Fatalf("%d claims: the test wants three MatchPending steps or more", total)
	}
	plain := match.Default()
	type key struct {
		article int64
		text    string
	}
	first := map[key][]string{}
	want := map[int64][]string{}
	steps := 0
	s.matchHook = func(stage string) {
		if stage != "ranked" {
			return
		}
		steps++
		var indexed, matched int
		if err := s.db.Read.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM match_fts WHERE rowid > 0), (SELECT count(*) FROM claims WHERE matched_at IS NOT NULL)`).Scan(&indexed, &matched); err != nil {
			t.Fatal(err)
		}
		if w := min(steps*matchBatch, total); indexed != w {
			t.Errorf("step %d ranks against %d claims' rows, want %d", steps, indexed, w)
		}
		if w := (steps - 1) * matchBatch; matched != w {
			t.Errorf("step %d ranks with %d claims matched, want %d (every step before)", steps, matched, w)
		}
		r, err := s.newCandidateReader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		rows, err := s.db.Read.QueryContext(ctx, `SELECT id, article_id, CASE WHEN statement <> '' THEN statement ELSE text END FROM claims
			WHERE matched_at IS NULL AND candidate = 0 AND id IN (SELECT rowid FROM match_fts) ORDER BY article_id, id`)
		if err != nil {
			t.Fatal(err)
		}
		type claim struct {
			id, article int64
			text        string
		}
		var cs []claim
		for rows.Next() {
			var c claim
			if err := rows.Scan(&c.id, &c.article, &c.text); err != nil {
				t.Fatal(err)
			}
			cs = append(cs, c)
		}
		rows.Close()
		for _, c := range cs {
			k := key{c.article, c.text}
			if _, ok := first[k]; !ok {
				first[k] = plainTopK(t, r, plain, c.text, c.article)
			}
			want[c.id] = first[k]
		}
	}
	p, err := s.MatchPending(ctx, nil)
	s.matchHook = nil
	if err != nil || p.Claims != total {
		t.Fatalf("MatchPending matched %d of %d claims (%v)", p.Claims, total, err)
	}
	if w := (total + matchBatch - 1) / matchBatch; steps != w {
		t.Errorf("%d steps, want %d", steps, w)
	}
	if len(want) == 0 {
		t.Fatal("no claim was looked up")
	}
	for id, w := range want {
		if got := storedTopK(t, s, id); !slices.Equal(got, w) {
			t.Errorf("claim %d: stored\n%v\nplain ranking at its step\n%v", id, got, w)
		}
	}
}

// TestOverlappingStepsStoreWhatSerialStepsStore: MatchPending with its
// steps overlapping (a step's write runs while the step before ranks)
// stores, for every claim, the matches that steps run one after the
// other store (TestMatcherStepsRankAgainstTheirIndex checks those against
// plain ranking), to the bit; and MatchImported too, in its larger steps.
func TestOverlappingStepsStoreWhatSerialStepsStore(t *testing.T) {
	ctx := context.Background()
	for _, imported := range []bool{false, true} {
		var got [2]map[int64][]string
		for k, serial := range []bool{true, false} {
			s := stepsStore(t)
			s.matchSerial = serial
			// Claims of articles stored after the first ones, so that
			// MatchImported takes more than one step too.
			if imported {
				var ins []NewArticle
				for add := 37; add < 62; add++ {
					for _, text := range newsTexts(t)[:3] {
						ins = append(ins, NewArticle{Text: renumbered(text, add)})
					}
				}
				if _, err := s.StoreBatch(ctx, nil, s.PrepareBatch(ins)); err != nil {
					t.Fatal(err)
				}
			}
			cs := matchRows(t, s)
			step := matchBatch
			match := s.MatchPending
			if imported {
				step, match = matchAlongBatch, s.MatchImported
			}
			if len(cs) <= 2*step {
				t.Fatalf("%d claims: the test wants three steps of %d or more", len(cs), step)
			}
			p, err := match(ctx, nil)
			if err != nil || p.Claims != len(cs) {
				t.Fatalf("matched %d of %d claims (%v)", p.Claims, len(cs), err)
			}
			got[k] = map[int64][]string{}
			for _, c := range cs {
				got[k][c.id] = storedTopK(t, s, c.id)
			}
		}
		answered := 0
		for id, serial := range got[0] {
			if !slices.Equal(got[1][id], serial) {
				t.Errorf("imported %v, claim %d: overlapping steps stored\n%v\none after the other\n%v", imported, id, got[1][id], serial)
			}
			if len(serial) > 0 {
				answered++
			}
		}
		if answered == 0 {
			t.Errorf("imported %v: no claim has a match", imported)
		}
	}
}

// TestMatcherLeavesClaimsEditedWhileRanked edits two claims of the first
// step once it is ranked and before its matches are stored (the steps
// overlap, so that is a whole step's ranking later): one gets a new
// statement, one is promoted from candidate. Neither may keep what was
// worked out before the edit: each ends matched by its new state, its
// stored top-k equal to plain ranking against the final index, and the
// edited claim's index row holds its new statement.
func TestMatcherLeavesClaimsEditedWhileRanked(t *testing.T) {
	s := stepsStore(t)
	ctx := context.Background()
	cs := matchRows(t, s) // id order is (article_id, id) order here
	if len(cs) <= 2*matchBatch {
		t.Fatalf("%d claims: the test wants three steps or more", len(cs))
	}
	var edited, promoted int64
	for _, c := range cs[:matchBatch] {
		if !c.candidate && edited == 0 {
			edited = c.id
		}
		if c.candidate && promoted == 0 {
			promoted = c.id
		}
	}
	if edited == 0 || promoted == 0 {
		t.Fatal("the first step has no claim to edit or no candidate to promote")
	}
	const statement = "Measles cases rose sharply across Europe in 2019, health officials said."
	steps := 0
	s.matchHook = func(stage string) {
		if stage != "ranked" {
			return
		}
		if steps++; steps != 1 {
			return
		}
		if _, err := s.db.Write.Exec("UPDATE claims SET statement = ? WHERE id = ?", statement, edited); err != nil {
			t.Error(err)
		}
		if _, err := s.db.Write.Exec("UPDATE claims SET candidate = 0 WHERE id = ?", promoted); err != nil {
			t.Error(err)
		}
	}
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	s.matchHook = nil
	if steps < 3 {
		t.Fatalf("%d steps ranked, want three or more", steps)
	}
	var pending int
	if err := s.db.Read.QueryRow("SELECT count(*) FROM claims WHERE matched_at IS NULL").Scan(&pending); err != nil || pending != 0 {
		t.Fatalf("%d claims left pending (%v), want none", pending, err)
	}
	var indexed string
	if err := s.db.Read.QueryRow("SELECT text FROM match_fts WHERE rowid = ?", edited).Scan(&indexed); err != nil {
		t.Fatalf("the edited claim has no index row: %v", err)
	}
	if indexed != match.Clean(statement) {
		t.Errorf("the edited claim's index row is %q, want its new statement %q", indexed, match.Clean(statement))
	}
	r, err := s.newCandidateReader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, c := range matchRows(t, s) {
		if c.id != edited && c.id != promoted {
			continue
		}
		want, got := plainTopK(t, r, match.Default(), c.text, c.article), storedTopK(t, s, c.id)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("claim %d (%q): stored\n%v\nplain ranking of its text now\n%v", c.id, c.text, got, want)
		}
	}
}
