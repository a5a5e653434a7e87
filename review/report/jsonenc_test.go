package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

// stdJSON is what encoding/json writes for v without HTML escaping.
func stdJSON(t testing.TB, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var trickyStrings = []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rreturn", "\b\f\x00\x01\x1f\x7f",
	"<script>&amp;</script>", "naïve café — “quotes” 😀", "line\u2028sep\u2029para", "bad \xff\xfe utf8", "\xe2\x82"}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range trickyStrings {
		want := bytes.TrimSuffix(stdJSON(t, s), []byte("\n"))
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 0.5, 0.1 + 0.2, 1e-7, 1.5e-9, 1e21, 123456789.125, 0.8345678912345678, -3.5} {
		want := bytes.TrimSuffix(stdJSON(t, f), []byte("\n"))
		if got := appendFloat(nil, f); !bytes.Equal(got, want) {
			t.Errorf("appendFloat(%v) = %s, want %s", f, got, want)
		}
	}
}

func TestAppendClaimMatchesEncodingJSON(t *testing.T) {
	for i, s := range trickyStrings {
		c := jsonClaim{ID: int64(i + 1), ArticleID: 7, Start: 3, End: 90, Text: s, Score: 0.1 + float64(i)/7,
			Reasons: json.RawMessage(`[{"feature":"number","weight":1.5}]`), Kind: "quote", Speaker: s, Candidate: i%2 == 0,
			Origin: "manual", Status: "done", Verdict: s, Conclusion: s, DismissReason: s, Assignee: "ed", SignedOffBy: s,
			SignedOffAt: "2026-11-25T13:30:00.000000Z", ReviewURL: "https://x.example/" + s, Slug: "1-a", Version: int64(i),
			CreatedAt: "c", UpdatedAt: "u",
			Evidence: []jsonEvidence{{Source: jsonSource{URL: s, Title: s, Publisher: s, Accessed: "2026-11-25", CreatedBy: s, CreatedAt: s},
				Stance: "refutes", Quote: s, CreatedBy: s, CreatedAt: s}, {Stance: "context"}},
			Comments: []jsonComment{{User: s, Body: s, CreatedAt: s}},
			History:  []jsonHistory{{User: s, At: s, Field: s, From: s, To: s, Note: s}, {}},
			Matches:  []jsonMatch{{OtherID: 4, Score: 0.8345678912345678, State: "confirmed", DecidedBy: s, DecidedAt: s, CreatedAt: s}},
		}
		if i == 0 {
			c.Evidence, c.Comments, c.History, c.Matches = []jsonEvidence{}, []jsonComment{}, []jsonHistory{}, []jsonMatch{}
		}
		want := stdJSON(t, &c)
		if got := appendClaim(nil, &c); !bytes.Equal(got, want) {
			t.Errorf("claim %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := bytes.TrimSuffix(stdJSON(t, s), []byte("\n"))
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

// benchClaims are claims shaped like the export benchmark's: a sentence of
// news text, reasons, a third of them done with a verdict and conclusion,
// two pieces of evidence and a history row each.
func benchClaims(n int) []jsonClaim {
	cs := make([]jsonClaim, n)
	for i := range cs {
		c := jsonClaim{ID: int64(i + 1), ArticleID: int64(i/100 + 1), Start: 120 * (i % 100), End: 120*(i%100) + 110,
			Text:    "Unemployment fell to 3.9% in May, the lowest level since 2019, the statistics office said on Tuesday.",
			Score:   0.1 + float64(i%90)/100,
			Reasons: json.RawMessage(`[{"feature":"has a number","weight":0.41},{"feature":"word \"unemployment\"","weight":0.22}]`),
			Kind:    "statistic", Speaker: "the statistics office", Origin: "engine", Status: "researching", Assignee: "anna",
			ReviewURL: "", Slug: "unemployment-fell-to-3-9-in-may", Version: 3,
			CreatedAt: "2026-11-25T13:30:00.000000Z", UpdatedAt: "2026-11-26T09:12:44.120000Z",
			Evidence: []jsonEvidence{
				{Source: jsonSource{URL: "https://stats.example.org/labour/2026-05", Title: "Labour market, May 2026", Publisher: "Statistics Office",
					Accessed: "2026-11-25", CreatedBy: "anna", CreatedAt: "2026-11-25T13:40:00.000000Z"},
					Stance: "supports", Quote: "The unemployment rate was 3.9 per cent in May.", CreatedBy: "anna", CreatedAt: "2026-11-25T13:41:00.000000Z"},
				{Source: jsonSource{URL: "https://news.example.com/economy/jobs", Title: "Jobless rate at five-year low", Publisher: "Example News",
					Accessed: "2026-11-25", CreatedBy: "anna", CreatedAt: "2026-11-25T13:45:00.000000Z"},
					Stance: "context", Quote: "“The lowest since 2019,” the office said.", CreatedBy: "anna", CreatedAt: "2026-11-25T13:46:00.000000Z"},
			},
			Comments: []jsonComment{},
			History:  []jsonHistory{{User: "anna", At: "2026-11-25T13:35:00.000000Z", Field: "status", From: "new", To: "researching"}},
			Matches:  []jsonMatch{},
		}
		if i%3 == 0 {
			c.Status, c.Verdict, c.Conclusion = "done", "Mostly true", "The office's figure is 3.9%; 2019 had 3.7%."
			c.SignedOffBy, c.SignedOffAt = "ed", "2026-11-26T09:12:44.120000Z"
		}
		cs[i] = c
	}
	return cs
}

// BenchmarkJSONClaims encodes the claims lines of an export, by hand
// (appendClaim) and with encoding/json (an Encoder without HTML escaping,
// as a replacement would write them), into a buffered writer. The two
// write the same bytes (TestAppendClaimMatchesEncodingJSON).
func BenchmarkJSONClaims(b *testing.B) {
	cs := benchClaims(1000)
	var size int64
	for i := range cs {
		size += int64(len(appendClaim(nil, &cs[i])))
	}
	b.Run("enc=hand", func(b *testing.B) {
		b.SetBytes(size)
		bw := bufio.NewWriterSize(io.Discard, 64<<10)
		var line []byte
		for b.Loop() {
			for i := range cs {
				line = appendClaim(line[:0], &cs[i])
				bw.Write(line)
			}
		}
	})
	b.Run("enc=encoding-json", func(b *testing.B) {
		b.SetBytes(size)
		bw := bufio.NewWriterSize(io.Discard, 64<<10)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for b.Loop() {
			for i := range cs {
				if err := enc.Encode(&cs[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
