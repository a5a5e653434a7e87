package review

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFindSpan(t *testing.T) {
	t.Parallel()
	body := "Inflation hit 7%. Inflation hit 7%. Jobs grew by 4,000 in Zürich.\r\nEnd."
	jobs := strings.Index(body, "Jobs")
	jobsEnd := strings.Index(body, "Zürich.") + len("Zürich.")
	itoa := strconv.Itoa
	tests := []struct {
		name              string
		start, end, quote string
		wantS, wantE      int
		wantErr           string // field with an error
	}{
		{"offsets", itoa(jobs), itoa(jobsEnd), "", jobs, jobsEnd, ""},
		{"offsets with white space trimmed", itoa(jobs - 1), itoa(jobsEnd + 2), "", jobs, jobsEnd, ""},
		{"offsets confirmed by quote", itoa(jobs), itoa(jobsEnd), "Jobs grew by 4,000 in Zürich.", jobs, jobsEnd, ""},
		{"offsets disagree, quote wins", "0", "5", "Jobs grew by 4,000 in Zürich.", jobs, jobsEnd, ""},
		{"quote alone", "", "", "  Jobs grew by 4,000 in Zürich. ", jobs, jobsEnd, ""},
		{"only white space", itoa(jobsEnd), itoa(jobsEnd + 2), "", 0, 0, "start"},
		{"ambiguous quote", "", "", "Inflation hit 7%.", 0, 0, "quote"},
		{"missing quote", "", "", "Prices fell.", 0, 0, "quote"},
		{"nothing", "", "", "", 0, 0, "quote"},
		{"end before start", "10", "5", "", 0, 0, "end"},
		{"past the end", "0", "9999", "", 0, 0, "end"},
		{"not a number", "x", "5", "", 0, 0, "start"},
		{"inside a character", itoa(strings.Index(body, "ü") + 1), itoa(jobsEnd), "", 0, 0, "start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, e, err := FindSpan(body, tt.start, tt.end, tt.quote)
			if tt.wantErr != "" {
				if fieldErr(t, err, tt.wantErr) == "" {
					t.Fatalf("got span %d-%d, an empty message on %s", s, e, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s != tt.wantS || e != tt.wantE {
				t.Errorf("span: got %d-%d (%q), want %d-%d", s, e, body[s:e], tt.wantS, tt.wantE)
			}
		})
	}
}

// FuzzFindSpan: whatever a person types in the add-a-claim form, a span
// that comes back lies inside the text, on character boundaries, with no
// white space at either end; otherwise there is a message.
func FuzzFindSpan(f *testing.F) {
	body := "Inflation hit 7%. Inflation hit 7%. Jobs grew by 4,000 in Zürich.\nEnd."
	f.Add(body, "18", "35", "")
	f.Add(body, "", "", "Jobs grew")
	f.Add(body, "-1", "3", "x")
	f.Add("é", "0", "1", "")
	f.Fuzz(func(t *testing.T, body, start, end, quote string) {
		if !utf8.ValidString(body) {
			return // a stored body is always UTF-8 text
		}
		s, e, err := FindSpan(body, start, end, quote)
		if err != nil {
			v, ok := AsValidation(err)
			if !ok {
				t.Fatalf("got %v, want a *ValidationError", err)
			}
			for k, m := range v.Fields {
				if m == "" {
					t.Fatalf("empty message on %s", k)
				}
			}
			return
		}
		if s < 0 || e > len(body) || s >= e {
			t.Fatalf("span %d-%d outside a body of %d bytes", s, e, len(body))
		}
		if !utf8.RuneStart(body[s]) || e < len(body) && !utf8.RuneStart(body[e]) {
			t.Fatalf("span %d-%d cuts a character", s, e)
		}
		if strings.TrimSpace(body[s:e]) == "" {
			t.Fatalf("span %d-%d holds only white space", s, e)
		}
	})
}
