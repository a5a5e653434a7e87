package report

import (
	"bytes"
	"encoding/json"
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
