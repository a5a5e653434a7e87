package review

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestImportBatch(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	tm := newTeam(t, s)
	first, _, err := s.ImportArticle(ctx, tm.reviewer, NewArticle{Text: "Old news rose 1 percent."})
	if err != nil {
		t.Fatal(err)
	}
	// The injected failure hits the fourth article's claims only.
	if _, err := s.db.Write.Exec(`CREATE TRIGGER boom BEFORE INSERT ON claims WHEN new.text LIKE '%BOOM%'
		BEGIN SELECT RAISE(ABORT, 'injected failure'); END`); err != nil {
		t.Fatal(err)
	}
	ins := []NewArticle{
		{Text: "Exports rose 7 percent."},
		{Text: "Old news rose 1 percent.\r\n"}, // a duplicate of an earlier import
		{Text: "", Title: "empty"},             // refused
		{Text: "A fine start. Then BOOM 3 times."},
		{Markdown: true, Text: "# Rents\n\nRents rose **12** percent."},
		{Text: "Exports rose 7 percent.  "}, // a duplicate within the batch
	}
	res, err := s.ImportBatch(ctx, tm.reviewer, ins)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(ins) {
		t.Fatalf("got %d results, want %d", len(res), len(ins))
	}
	if res[0].Err != nil || res[0].Article == nil || len(res[0].Claims) == 0 || res[0].Article.Body != "Exports rose 7 percent." {
		t.Errorf("article 0: got %+v", res[0])
	}
	var de *DuplicateError
	if !errors.As(res[1].Err, &de) || res[1].Article == nil || res[1].Article.ID != first.ID {
		t.Errorf("article 1: got %+v, want a duplicate of %d", res[1], first.ID)
	}
	if v, ok := AsValidation(res[2].Err); !ok || v.Fields["text"] == "" {
		t.Errorf("article 2: got %v, want a message on text", res[2].Err)
	}
	if res[3].Err == nil || !strings.Contains(res[3].Err.Error(), "injected failure") || res[3].Article != nil {
		t.Errorf("article 3: got %+v, want the injected failure", res[3])
	}
	if res[4].Err != nil || res[4].Article.Format != "markdown" || res[4].Article.Title != "Rents" {
		t.Errorf("article 4: got %+v", res[4])
	}
	if !errors.As(res[5].Err, &de) || de.Article.ID != res[0].Article.ID {
		t.Errorf("article 5: got %v, want a duplicate of the batch's first", res[5].Err)
	}
	// The failed article left nothing behind; the others are whole.
	if n := countRows(t, s, "articles"); n != 3 {
		t.Errorf("got %d articles, want 3", n)
	}
	var stray int
	s.db.Write.QueryRow("SELECT count(*) FROM articles WHERE body LIKE '%BOOM%'").Scan(&stray)
	if stray != 0 {
		t.Error("the failed article was stored")
	}
	for _, r := range []ImportResult{res[0], res[4]} {
		h, _ := s.History(ctx, r.Claims[0].ID)
		if len(h) != 1 || h[0].User != "rita" || h[0].Note != "import" {
			t.Errorf("claim history: got %+v", h)
		}
	}
	editorGone := *tm.editor
	editorGone.Disabled = true
	if _, err := s.ImportBatch(ctx, &editorGone, ins[:1]); !errors.Is(err, ErrForbidden) {
		t.Errorf("disabled importer: got %v, want ErrForbidden", err)
	}
	if res, err := s.ImportBatch(ctx, nil, nil); err != nil || len(res) != 0 {
		t.Errorf("empty batch: got %v, %v", res, err)
	}
}
