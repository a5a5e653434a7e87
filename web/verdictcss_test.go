package web

import (
	"net/http"
	"strings"
	"testing"

	"claimdesk/review"
)

func TestVerdictCSSWritesOnlyValidColours(t *testing.T) {
	css := string(verdictCSS([]review.Verdict{
		{ID: 1, Name: "True", Color: "#1a7f37"},
		{ID: 2, Name: "Odd", Color: "red; } body { display: none"},
		{ID: 3, Name: "Pale", Color: "#ffffcc"},
	}))
	for _, want := range []string{
		".verdict.verdict-1 { background: #1a7f37; color: #ffffff; }",
		"mark.verdict-1 { border-bottom: 3px solid #1a7f37; }",
		".verdict.verdict-2 { background: #57606a;", // the fallback
		".verdict.verdict-3 { background: #ffffcc; color: #1f2328; }",
	} {
		if !strings.Contains(css, want) {
			t.Errorf("css lacks %q:\n%s", want, css)
		}
	}
	for _, bad := range []string{"red", "display: none", "body"} {
		if strings.Contains(css, bad) {
			t.Errorf("css contains %q from an invalid colour:\n%s", bad, css)
		}
	}
}

func TestTextOnPicksTheReadableColour(t *testing.T) {
	tests := []struct{ bg, want string }{
		{"#000000", "#ffffff"}, {"#ffffff", "#1f2328"}, {"#a40e26", "#ffffff"}, {"#ffd33d", "#1f2328"}, {"#1a7f37", "#ffffff"},
	}
	for _, tt := range tests {
		if got := textOn(tt.bg); got != tt.want {
			t.Errorf("textOn(%s): got %s, want %s", tt.bg, got, tt.want)
		}
	}
}

func TestVerdictsCSSRoute(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "ann", review.RoleReviewer)
	resp := env.newClient(t).get(t, "/verdicts.css")
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status: got %d, want 200", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("content type: got %q, want text/css", ct)
	}
	vs, err := env.store.Verdicts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatal("no verdicts in a new database")
	}
	for _, v := range vs {
		want := ".verdict.verdict-" + itoa(int(v.ID)) + " { background: " + v.Color
		if !strings.Contains(body, want) {
			t.Errorf("verdicts.css lacks %q", want)
		}
	}
}
