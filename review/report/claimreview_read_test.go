package report

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readAll(t *testing.T, in []byte) ([]FactCheckRecord, error) {
	t.Helper()
	var out []FactCheckRecord
	err := ReadClaimReview(bytes.NewReader(in), func(r FactCheckRecord) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

const oneReview = `{"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checks.example/a", "claimReviewed": "The moon is made of cheese.", "headline": "Cheese moon?", "description": "No.", "datePublished": "2021-03-06T10:00:00Z", "inLanguage": "en", "author": {"@type": "Organization", "name": "Checks"}, "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A blogger"}}, "reviewRating": {"@type": "Rating", "alternateName": "Pants on Fire"}}`

const apiAnswer = `{"claims": [{"text": "Wind turbines kill most birds.", "claimant": "A radio host", "claimDate": "2021-08-01T00:00:00Z",
 "claimReview": [{"publisher": {"name": "Meter", "site": "meter.example"}, "url": "https://meter.example/birds", "title": "Birds and turbines", "reviewDate": "2021-08-30T00:00:00Z", "textualRating": "False", "languageCode": "en"},
                 {"publisher": {"site": "other.example"}, "url": "https://other.example/birds", "title": "Turbines", "textualRating": "Mostly false", "languageCode": "en"}]},
 {"text": "No reviews here.", "claimReview": []}]}`

func TestReadClaimReviewFormats(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(oneReview + "\n" + strings.Replace(oneReview, "/a", "/b", 1) + "\n"))
	zw.Close()
	feed := `{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
		{"@type": "DataFeedItem", "item": [` + oneReview + `]},
		{"@type": "DataFeedItem", "item": ` + strings.Replace(oneReview, "/a", "/c", 1) + `}]}`
	tests := []struct {
		name     string
		in       []byte
		wantURLs []string
		wantBad  []string // Where of the refused records
	}{
		{"one object", []byte(oneReview), []string{"https://checks.example/a"}, nil},
		{"pretty object", []byte(strings.ReplaceAll(oneReview, ", ", ",\n  ")), []string{"https://checks.example/a"}, nil},
		{"array", []byte("[" + oneReview + ", " + strings.Replace(oneReview, "/a", "/b", 1) + ", 7]"),
			[]string{"https://checks.example/a", "https://checks.example/b"}, []string{"item 3"}},
		{"JSON Lines with a bad line", []byte(oneReview + "\n{\"claimReviewed\": \"x\"}\n{not json}\n\n" + strings.Replace(oneReview, "/a", "/b", 1) + "\n"),
			[]string{"https://checks.example/a", "https://checks.example/b"}, []string{"line 2", "line 3"}},
		{"DataFeed", []byte(feed), []string{"https://checks.example/a", "https://checks.example/c"}, nil},
		{"gzip", gz.Bytes(), []string{"https://checks.example/a", "https://checks.example/b"}, nil},
		{"Fact Check Tools", []byte(apiAnswer), []string{"https://meter.example/birds", "https://other.example/birds"}, []string{"the document claims[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := readAll(t, tt.in)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			var urls, bad []string
			for _, r := range recs {
				if r.Err != nil {
					bad = append(bad, r.Where)
					continue
				}
				urls = append(urls, r.FactCheck.URL)
			}
			if strings.Join(urls, " ") != strings.Join(tt.wantURLs, " ") {
				t.Errorf("read urls %v, want %v", urls, tt.wantURLs)
			}
			if strings.Join(bad, "|") != strings.Join(tt.wantBad, "|") {
				t.Errorf("refused %v, want %v (records %+v)", bad, tt.wantBad, recs)
			}
		})
	}
}

func TestReadClaimReviewFields(t *testing.T) {
	recs, err := readAll(t, []byte(oneReview))
	if err != nil || len(recs) != 1 || recs[0].Err != nil {
		t.Fatalf("read: %+v, %v", recs, err)
	}
	got := recs[0].FactCheck
	if got.ClaimText != "The moon is made of cheese." || got.Title != "Cheese moon?" || got.Description != "No." ||
		got.Rating != "Pants on Fire" || got.Publisher != "Checks" || got.Published != "2021-03-06T10:00:00Z" ||
		got.Language != "en" || got.Claimant != "A blogger" {
		t.Errorf("got %+v", got)
	}
	recs, err = readAll(t, []byte(apiAnswer))
	if err != nil {
		t.Fatal(err)
	}
	got = recs[0].FactCheck
	if got.ClaimText != "Wind turbines kill most birds." || got.Claimant != "A radio host" || got.Title != "Birds and turbines" ||
		got.Rating != "False" || got.Publisher != "Meter" || got.Published != "2021-08-30T00:00:00Z" || got.Language != "en" {
		t.Errorf("API record: got %+v", got)
	}
	if p := recs[1].FactCheck.Publisher; p != "other.example" {
		t.Errorf("a publisher without a name: got %q, want its site", p)
	}
}

func TestReadClaimReviewRefusesNonJSON(t *testing.T) {
	for _, in := range []string{"", "   \n", "hello", "[1, 2"} {
		if _, err := readAll(t, []byte(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// The sample feed the demo loads reads whole, with a rating for each
// review.
func TestReadSampleFeed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "cmd", "claimdesk", "demo", "factchecks.claimreview.json"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := readAll(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 30 {
		t.Fatalf("read %d records, want 30", len(recs))
	}
	for _, r := range recs {
		if r.Err != nil || r.FactCheck.Rating == "" || r.FactCheck.Publisher == "" {
			t.Errorf("%s: %+v", r.Where, r)
		}
	}
}

func FuzzReadClaimReview(f *testing.F) {
	f.Add([]byte(oneReview))
	f.Add([]byte(apiAnswer))
	f.Add([]byte("[" + oneReview + "]"))
	f.Fuzz(func(t *testing.T, in []byte) {
		ReadClaimReview(bytes.NewReader(in), func(r FactCheckRecord) error {
			if r.Err == nil && (r.FactCheck.ClaimText == "" || r.FactCheck.URL == "") {
				t.Errorf("a record without text or url was not refused: %+v", r)
			}
			return nil
		})
	})
}
