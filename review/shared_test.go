package review

import (
	"regexp"
	"strings"
	"testing"
)

func TestInvalidUTF8At(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", -1},
		{"ascii", "plain text", -1},
		{"multi-byte", "naïve café — ok", -1},
		{"bad first byte", "\xffabc", 0},
		{"bad after multi-byte", "é\xff", 2},
		{"cut multi-byte at the end", "abc\xc3", 3},
		{"latin-1 e acute", "caf\xe9 au lait", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := InvalidUTF8At(tt.in); got != tt.want {
				t.Errorf("InvalidUTF8At(%q): got %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestWebURL(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"https://example.org/page", true},
		{"http://example.org", true},
		{"HTTPS://EXAMPLE.ORG/", true},
		{"", false},
		{"example.org/page", false},
		{"ftp://example.org/file", false},
		{"javascript:alert(1)", false},
		{"https://", false},
		{"https:///path", false},
		{"http://[::1", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			u, ok := WebURL(tt.in)
			if ok != tt.want {
				t.Fatalf("WebURL(%q): got ok %v, want %v", tt.in, ok, tt.want)
			}
			if ok && u.Host == "" {
				t.Errorf("WebURL(%q): got an address without a host", tt.in)
			}
		})
	}
}

func TestValidColor(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"#1a7f37", true},
		{"#ABCDEF", true},
		{"1a7f37", false},
		{"#1a7f3", false},
		{"#1a7f377", false},
		{"#1a7g37", false},
		{"red", false},
		{"#1a7f37;}", false},
	}
	for _, tt := range tests {
		if got := ValidColor(tt.in); got != tt.want {
			t.Errorf("ValidColor(%q): got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestStatusesAndLabels(t *testing.T) {
	want := map[Status]string{StatusNew: "New", StatusResearching: "Researching",
		StatusNeedsReview: "Needs review", StatusDone: "Done", StatusDismissed: "Dismissed"}
	got := Statuses()
	if len(got) != len(want) {
		t.Fatalf("Statuses(): got %d, want %d", len(got), len(want))
	}
	for i, st := range got {
		if !ValidStatus(st) {
			t.Errorf("Statuses()[%d] = %q is not a valid status", i, st)
		}
		if l := st.Label(); l != want[st] {
			t.Errorf("%q.Label(): got %q, want %q", st, l, want[st])
		}
	}
	if got[0] != StatusNew || got[len(got)-1] != StatusDismissed {
		t.Errorf("Statuses(): got %v, want workflow order from new to dismissed", got)
	}
	if l := Status("archived").Label(); l != "archived" {
		t.Errorf(`Status("archived").Label(): got %q, want it as it is`, l)
	}
}

func TestClaimSlug(t *testing.T) {
	tests := []struct {
		text string
		id   int64
		want string
	}{
		{"Unemployment fell to 3.5 percent.", 42, "unemployment-fell-to-3-5-percent-42"},
		{"«»", 7, "claim-7"},
		{"", 1, "claim-1"},
		{"Ceasefire holds in Karabakh after talks between Russian, Azerbaijani and Armenian leaders", 9,
			"ceasefire-holds-in-karabakh-after-talks-between-russian-9"},
	}
	for _, tt := range tests {
		if got := ClaimSlug(tt.text, tt.id); got != tt.want {
			t.Errorf("ClaimSlug(%q, %d): got %q, want %q", tt.text, tt.id, got, tt.want)
		}
	}
}

// FuzzClaimSlug holds ClaimSlug's words to the regular expression they
// are defined by: lower-case ASCII letters and digits, every other run of
// characters one hyphen, none at either end.
func FuzzClaimSlug(f *testing.F) {
	for _, s := range []string{"Unemployment fell to 3.5 percent.", "«»", "", "--a--b--", "Élan vital: 12 ÉTATS", "\u212a", "a\xffb", "  x  "} {
		f.Add(s)
	}
	junk := regexp.MustCompile(`[^a-z0-9]+`)
	f.Fuzz(func(t *testing.T, text string) {
		lower := strings.ToLower(text)
		if got, want := slugWords(lower), strings.Trim(junk.ReplaceAllString(lower, "-"), "-"); got != want {
			t.Errorf("slugWords(%q) = %q, want %q", lower, got, want)
		}
	})
}

// TestLinkMessageNamesTheField: a refused link says which link it is.
func TestLinkMessageNamesTheField(t *testing.T) {
	for field, want := range map[string]string{"review_url": "the fact-check link: only http and https", "url": "the link: only http and https", "same_as": "the claimant's same-as link: only"} {
		v := &ValidationError{}
		checkURL(v, field, "ftp://example.org/x", false)
		if got := v.Fields[field]; !strings.HasPrefix(got, want) {
			t.Errorf("%s: got %q, want it to start with %q", field, got, want)
		}
	}
}
