package review

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"claimdesk"
)

// ftsOracle tokenises texts with FTS5 itself (tokenizeInFTS5's table of
// match_fts's tokenizer): each text's terms, sorted (the copy of the index
// counts terms; their order is not kept).
type ftsOracle struct {
	db *claimdesk.DB
}

func newFTSOracle(t testing.TB) *ftsOracle {
	t.Helper()
	db, err := claimdesk.Open(context.Background(), filepath.Join(t.TempDir(), "tok.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return &ftsOracle{db}
}

func (o *ftsOracle) terms(t testing.TB, texts []string) [][]string {
	t.Helper()
	ctx := context.Background()
	tx, err := o.db.Write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	rows := map[int64][3]string{}
	for i, s := range texts {
		rows[int64(i+1)] = [3]string{s, "", ""}
	}
	got, err := tokenizeInFTS5(ctx, tx, rows)
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]string, len(texts))
	for i := range texts {
		if cols := got[int64(i+1)]; cols != nil {
			out[i] = slices.Clone(cols[0])
			slices.Sort(out[i])
		}
	}
	return out
}

// compareFTSTerms checks ftsTerms against FTS5 on every text ftsTerms
// takes (ASCII); it returns how many it compared.
func compareFTSTerms(t testing.TB, o *ftsOracle, texts []string) int {
	t.Helper()
	var ascii []string
	var mine [][]string
	for _, s := range texts {
		ts, ok := ftsTerms(s)
		if !ok {
			if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 || r == 0 }) {
				t.Fatalf("ftsTerms(%q) refused an ASCII text", s)
			}
			continue
		}
		ts = slices.Clone(ts)
		slices.Sort(ts)
		ascii, mine = append(ascii, s), append(mine, ts)
	}
	for from := 0; from < len(ascii); from += 5000 {
		to := min(from+5000, len(ascii))
		want := o.terms(t, ascii[from:to])
		for i := range want {
			if !slices.Equal(mine[from+i], want[i]) {
				t.Fatalf("ftsTerms(%q) = %q, FTS5 makes %q", ascii[from+i], mine[from+i], want[i])
			}
		}
	}
	return len(ascii)
}

// porterSuffixes are the endings FTS5's porter steps look at, and the
// endings they leave that a later step looks at again.
var porterSuffixes = []string{"", "s", "es", "ies", "sses", "ss", "ed", "eed", "ing", "y", "e", "ll", "at", "bl", "iz",
	"ational", "tional", "enci", "anci", "izer", "logi", "bli", "alli", "entli", "eli", "ousli", "ization", "ation",
	"ator", "alism", "iveness", "fulness", "ousness", "aliti", "iviti", "biliti", "ical", "ness", "icate", "iciti",
	"ful", "ative", "alize", "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
	"sion", "tion", "ou", "ism", "ate", "iti", "ous", "ive", "ize", "ational", "ly", "ingly", "edly", "ies"}

// testWords are the distinct words of the engine's and the matcher's test
// texts, and of the shared UD sentences when they are there.
func testWords(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"../claims/testdata/*.txt", "../claims/testdata/*.tsv", "testdata/*"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if m, _ := filepath.Glob("../../shared/data/sentences/ud/train/*/*.txt"); len(m) > 0 {
		files = append(files, m...)
	} else {
		t.Log("../shared UD sentences absent: the words of the committed test texts only")
	}
	seen := map[string]bool{}
	var words []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, w := range strings.FieldsFunc(string(data), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) {
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	slices.Sort(words)
	return words
}

// TestFTSTermsAreFTS5s: on every ASCII byte between letters, every word
// of the test texts, those words with each ending FTS5's porter steps
// read, and whole sentences, ftsTerms gives the terms FTS5 makes.
func TestFTSTermsAreFTS5s(t *testing.T) {
	o := newFTSOracle(t)
	var texts []string
	for c := 1; c < 128; c++ {
		texts = append(texts, "ab"+string(rune(c))+"cd", string(rune(c)), strings.Repeat(string(rune(c)), 3), "Xy"+string(rune(c)))
	}
	words := testWords(t)
	if len(words) < 1000 {
		t.Fatalf("only %d words to compare", len(words))
	}
	texts = append(texts, words...)
	for i, w := range words {
		lw := strings.ToLower(w)
		if i%12 != 0 || strings.ContainsAny(lw, "0123456789") {
			continue
		}
		for _, suf := range porterSuffixes {
			texts = append(texts, lw+suf, strings.ToUpper(lw[:1])+lw[1:]+suf)
		}
		// Every prefix of the word, so that each length meets each rule.
		for k := 1; k < len(lw); k++ {
			texts = append(texts, lw[:k])
		}
	}
	texts = append(texts, strings.Repeat("a", 63)+"ing", strings.Repeat("b", 64), strings.Repeat("c", 65)+"ed", "x"+strings.Repeat("ational", 9))
	for _, name := range []string{"news_inflation.txt", "news_floods.txt", "news_measles.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "claims", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(data), "\n")...)
	}
	n := compareFTSTerms(t, o, texts)
	t.Logf("%d texts compared", n)
	if n < len(texts)/2 {
		t.Errorf("only %d of %d texts compared", n, len(texts))
	}
	for _, s := range []string{"Zürich", "a\x00b", "caf\xe9"} {
		if _, ok := ftsTerms(s); ok {
			t.Errorf("ftsTerms took %q, a text outside ASCII or with a NUL", s)
		}
	}
}

// FuzzFTSTerms: on any text ftsTerms takes, FTS5 makes the same terms.
func FuzzFTSTerms(f *testing.F) {
	for _, s := range []string{"The nationalization of relational hopefulness", "agreed; feed, bled; hopping, hoping", "caresses ponies ties caress cats", "Sky's sky-high 4,000 UN-backed", "a aa aaa"} {
		f.Add(s)
	}
	o := newFTSOracle(f)
	f.Fuzz(func(t *testing.T, s string) {
		compareFTSTerms(t, o, []string{s})
	})
}
