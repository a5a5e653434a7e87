package review

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"claimdesk"
)

// benchArticle is a 30-sentence news-like article; i makes it unique so
// every import is a new article, not a duplicate.
func benchArticle(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Budget report %d\n\n", i)
	for j := range 30 {
		switch j % 3 {
		case 0:
			fmt.Fprintf(&b, "The ministry said spending rose %d.%d percent in the year to October. ", j, i%10)
		case 1:
			fmt.Fprintf(&b, "Opposition leader Maria Lopez called the figure misleading in a statement on day %d. ", j)
		case 2:
			fmt.Fprintf(&b, "Analysts expect the deficit to reach %d billion euros by 2027.\n\n", 10+j)
		}
	}
	return fmt.Sprintf("%s(ref %d)", b.String(), i)
}

func BenchmarkImportArticle(b *testing.B) {
	s, _ := newTestStore(&testing.T{})
	ctx := context.Background()
	texts := make([]string, b.N)
	var bytes int64
	for i := range texts {
		texts[i] = benchArticle(i)
		bytes += int64(len(texts[i]))
	}
	b.SetBytes(bytes / int64(max(b.N, 1)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := s.ImportArticle(ctx, nil, NewArticle{Text: texts[i]}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUpdateClaim(b *testing.B) {
	s, _ := newTestStore(&testing.T{})
	ctx := context.Background()
	_, cs, err := s.ImportArticle(ctx, nil, NewArticle{Text: benchArticle(0)})
	if err != nil {
		b.Fatal(err)
	}
	c := cs[0]
	version := c.Version
	statuses := []Status{StatusResearching, StatusNeedsReview}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := statuses[i%2]
		got, err := s.UpdateClaim(ctx, nil, c.ID, ClaimUpdate{Version: version, Status: &st, Conclusion: new(fmt.Sprint("step ", i))})
		if err != nil {
			b.Fatal(err)
		}
		version = got.Version
	}
}

func BenchmarkSessionLookup(b *testing.B) {
	s, clock := newTestStore(&testing.T{})
	ctx := context.Background()
	u, err := s.CreateUser(ctx, nil, "bench", "bench-password", RoleReviewer)
	if err != nil {
		b.Fatal(err)
	}
	id, err := s.CreateSession(ctx, u.ID, []byte("data"))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clock.Advance(time.Second) // a touch of last_seen_at once a minute, as in use
		if _, _, err := s.Session(ctx, id, 12*time.Hour, 7*24*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAuthenticate(b *testing.B) {
	s, _ := newTestStore(&testing.T{})
	ctx := context.Background()
	if _, err := s.CreateUser(ctx, nil, "bench", "bench-password", RoleReviewer); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct{ name, user string }{{"known", "bench"}, {"unknown", "nobody"}} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s.Authenticate(ctx, tc.user, "wrong-password")
			}
		})
	}
}

// BenchmarkImportBatch imports the same articles as BenchmarkImportArticle,
// 50 per batch; the time per op is per article, to compare with it.
func BenchmarkImportBatch(b *testing.B) {
	s, _ := newTestStore(&testing.T{})
	ctx := context.Background()
	ins := make([]NewArticle, b.N)
	var bytes int64
	for i := range ins {
		ins[i] = NewArticle{Text: benchArticle(i)}
		bytes += int64(len(ins[i].Text))
	}
	b.SetBytes(bytes / int64(max(b.N, 1)))
	b.ResetTimer()
	for i := 0; i < b.N; i += 50 {
		res, err := s.ImportBatch(ctx, nil, ins[i:min(i+50, b.N)])
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
}

// BenchmarkSearchArchive is the search page's query ("ceasefire", no
// filter) on a database made by claimdesk gen, named by CLAIMDESK_SCALE_DB
// (docs/BENCHMARKS.md, "Pages at the scale of an archive"): its CPU per
// search is the figure to watch (-cpuprofile).
func BenchmarkSearchArchive(b *testing.B) {
	path := os.Getenv("CLAIMDESK_SCALE_DB")
	if path == "" {
		b.Skip("CLAIMDESK_SCALE_DB names no database made by claimdesk gen")
	}
	ctx := context.Background()
	db, err := claimdesk.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := NewStore(db, nil)
	q := SearchQuery{Q: "ceasefire"}
	if rs, err := s.Search(ctx, q); err != nil || len(rs) == 0 {
		b.Fatalf("search: %d results, %v", len(rs), err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}
