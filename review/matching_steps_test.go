package review

import (
	"context"
	"database/sql"
	"fmt"
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

// TestStoreMatchesWritesTheStep stores one ranked step by hand: a claim's
// earlier suggestions give way to its new answers; a match a reviewer
// decided stays decided and takes its new score; an answer whose other
// claim or fact-check was deleted since the ranking is left out, the
// others stored; a claim edited since it was read keeps what it had and
// stays pending; every other claim is marked matched.
func TestStoreMatchesWritesTheStep(t *testing.T) {
	s := stepsStore(t)
	ctx := context.Background()
	cs := matchRows(t, s)
	var fcs []int64
	rows, err := s.db.Read.Query("SELECT id FROM fact_checks ORDER BY id LIMIT 2")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		fcs = append(fcs, id)
	}
	rows.Close()
	if len(fcs) < 2 || len(cs) < 8 {
		t.Fatalf("%d fact-checks and %d claims: the test wants 2 and 8", len(fcs), len(cs))
	}
	a, b, edited := pendingClaim(cs[0]), pendingClaim(cs[1]), pendingClaim(cs[2])
	other, gone, gone2 := cs[5].id, cs[6].id, cs[7].id
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.db.Write.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	// Before: a has an old suggestion and a confirmed match, the edited
	// claim a suggestion of its own.
	exec(`INSERT INTO matches (claim_id, other_id, score, created_at) VALUES (?, ?, 0.5, 'x')`, a.id, cs[4].id)
	exec(`INSERT INTO matches (claim_id, other_id, score, state, created_at) VALUES (?, ?, 0.4, 'confirmed', 'x')`, a.id, other)
	exec(`INSERT INTO matches (claim_id, other_id, score, created_at) VALUES (?, ?, 0.3, 'x')`, edited.id, other)
	exec(`UPDATE claims SET matched_at = NULL`)
	step := &rankedStep{
		batch: []pendingClaim{a, b, edited},
		found: [][]storedMatch{
			{{kind: KindClaim, id: other, score: 0.9, confident: true}, {kind: KindFactCheck, id: fcs[0], score: 0.8}, {kind: KindClaim, id: gone, score: 0.7}},
			{{kind: KindFactCheck, id: fcs[1], score: 0.6, confident: true}, {kind: KindClaim, id: gone2, score: 0.55}},
			{{kind: KindClaim, id: other, score: 0.99}},
		},
	}
	// Deleted and edited since the ranking.
	exec(`DELETE FROM claims WHERE id IN (?, ?)`, gone, gone2)
	exec(`DELETE FROM fact_checks WHERE id = ?`, fcs[1])
	exec(`UPDATE claims SET statement = 'Edited since it was ranked.' WHERE id = ?`, edited.id)
	exec(`UPDATE claims SET matched_at = NULL`)
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.storeMatches(ctx, tx, step) }); err != nil {
		t.Fatal(err)
	}
	got := func(claim int64) []string {
		t.Helper()
		rows, err := s.db.Read.Query(`SELECT COALESCE(other_id, -fact_check_id), score, confident, state FROM matches WHERE claim_id = ? ORDER BY score DESC`, claim)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id int64
			var score float64
			var confident bool
			var state string
			if err := rows.Scan(&id, &score, &confident, &state); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("%d %v %v %s", id, score, confident, state))
		}
		return out
	}
	want := map[int64][]string{
		a.id:      {fmt.Sprintf("%d 0.9 true confirmed", other), fmt.Sprintf("%d 0.8 false suggested", -fcs[0])},
		b.id:      nil,
		edited.id: {fmt.Sprintf("%d 0.3 false suggested", other)},
	}
	for id, w := range want {
		if g := got(id); !slices.Equal(g, w) {
			t.Errorf("claim %d: matches %q, want %q", id, g, w)
		}
	}
	for _, c := range []pendingClaim{a, b, edited} {
		var matched bool
		if err := s.db.Read.QueryRow("SELECT matched_at IS NOT NULL FROM claims WHERE id = ?", c.id).Scan(&matched); err != nil {
			t.Fatal(err)
		}
		if matched != (c.id != edited.id) {
			t.Errorf("claim %d: matched %v, want %v", c.id, matched, c.id != edited.id)
		}
	}
}

// TestMatchAlongFinishAndStop stores articles in several batches, as
// claimdesk import does, with MatchAlong running beside: Finish returns
// once every claim is matched, counts each claim once, and reports its
// steps counted from the start (never going back, ending at the count it
// returns). A second import is stopped with Stop: once it returns, the
// matcher has ended, and claims stored after it stay pending.
func TestMatchAlongFinishAndStop(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	importChecks(t, s, sampleChecks)
	texts := newsTexts(t)
	var ins []NewArticle
	for _, add := range []int{0, 3, 7, 11} {
		for _, text := range texts {
			ins = append(ins, NewArticle{Text: renumbered(text, add)})
		}
	}
	pending := func() int {
		t.Helper()
		var n int
		if err := s.db.Read.QueryRow("SELECT count(*) FROM claims WHERE matched_at IS NULL").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	along := s.MatchAlong(ctx)
	for i := 0; i < len(ins); i += 4 {
		if _, err := s.StoreBatch(ctx, nil, s.PrepareBatch(ins[i:min(i+4, len(ins))])); err != nil {
			t.Fatal(err)
		}
	}
	var reports []MatchProgress
	got, err := along.Finish(func(m MatchProgress) { reports = append(reports, m) })
	if err != nil {
		t.Fatal(err)
	}
	all := len(matchRows(t, s))
	if n := pending(); n != 0 || got.Claims != all {
		t.Fatalf("Finish: %d claims pending, %d matched, want 0 and %d", n, got.Claims, all)
	}
	for i, r := range reports {
		if i > 0 && r.Claims < reports[i-1].Claims {
			t.Errorf("progress went back: %+v after %+v", r, reports[i-1])
		}
	}
	if len(reports) > 0 && reports[len(reports)-1].Claims != got.Claims {
		t.Errorf("last progress %+v, Finish returned %+v", reports[len(reports)-1], got)
	}

	along = s.MatchAlong(ctx)
	if _, err := along.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StoreBatch(ctx, nil, s.PrepareBatch([]NewArticle{{Text: renumbered(texts[0], 19)}})); err != nil {
		t.Fatal(err)
	}
	if n, want := pending(), len(matchRows(t, s))-all; n != want || n == 0 {
		t.Errorf("after Stop: %d claims pending, want the %d stored after it", n, want)
	}
}

// TestMatchAlongTakesWhatIsPending: the matcher beside an import takes
// the claims pending when it looks, up to matchBesideBatch, in one step,
// not in steps of matchAlongBatch: more claims than one of those are
// stored before it starts, and it ranks them once.
func TestMatchAlongTakesWhatIsPending(t *testing.T) {
	s := stepsStore(t)
	var ins []NewArticle
	for add := 37; add < 62; add++ {
		for _, text := range newsTexts(t)[:3] {
			ins = append(ins, NewArticle{Text: renumbered(text, add)})
		}
	}
	if _, err := s.StoreBatch(context.Background(), nil, s.PrepareBatch(ins)); err != nil {
		t.Fatal(err)
	}
	n := len(matchRows(t, s))
	if n <= matchAlongBatch || n > matchBesideBatch {
		t.Fatalf("%d claims: the test wants more than %d and at most %d", n, matchAlongBatch, matchBesideBatch)
	}
	steps := 0
	s.matchHook = func(stage string) {
		if stage == "ranked" {
			steps++
		}
	}
	got, err := s.MatchAlong(context.Background()).Finish(nil)
	s.matchHook = nil
	if err != nil || got.Claims != n {
		t.Fatalf("Finish matched %d of %d claims (%v)", got.Claims, n, err)
	}
	if steps != 1 {
		t.Errorf("the matcher ranked %d claims in %d steps, want 1", n, steps)
	}
}
