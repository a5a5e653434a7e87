package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// browserTarget is what a browser makes of a Location value before it
// resolves it: tabs and line breaks removed anywhere, C0 controls and
// spaces trimmed at the ends, backslashes read as slashes.
func browserTarget(loc string) string {
	loc = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return -1
		case r == '\\':
			return '/'
		}
		return r
	}, loc)
	return strings.TrimFunc(loc, func(r rune) bool { return r <= 0x20 })
}

// TestLocalTarget: the one check of redirect targets keeps paths on this
// site and refuses whatever a browser would take elsewhere.
func TestLocalTarget(t *testing.T) {
	const fallback = "/claims/7"
	tests := []struct {
		target, want string
	}{
		{"/articles/1", "/articles/1"},
		{"/claims?status=new&q=a//b", "/claims?status=new&q=a//b"},
		{"/%09/evil.example", "/%09/evil.example"}, // an escaped tab stays a path
		{"", fallback},
		{"//evil.example", fallback},
		{"/\t/evil.example", fallback},
		{"/\n/evil.example", fallback},
		{"/\r\n/evil.example", fallback},
		{"\t//evil.example", fallback},
		{"/\x00/evil.example", fallback},
		{"/\x7f/evil.example", fallback},
		{"/\u0085/evil.example", fallback},
		{"/\\evil.example", fallback},
		{"\\\\evil.example", fallback},
		{"/\\/evil.example", fallback},
		{" //evil.example", fallback},
		{"https://evil.example/", fallback},
		{"javascript:alert(1)", fallback},
		{"evil.example", fallback},
	}
	for _, tc := range tests {
		got := localTarget(tc.target, fallback)
		if got != tc.want {
			t.Errorf("localTarget(%q) = %q, want %q", tc.target, got, tc.want)
		}
		base, _ := url.Parse("http://claimdesk.test/claims/7")
		u, err := url.Parse(browserTarget(got))
		if err != nil || base.ResolveReference(u).Host != "claimdesk.test" {
			t.Errorf("localTarget(%q) = %q leaves the site in a browser", tc.target, got)
		}
	}
}

// TestClaimUpdateBackStaysOnSite: a claim form's back field that a
// browser would read as another site (a tab or newline inside "//", a
// backslash) leads back to the claim instead.
func TestClaimUpdateBackStaysOnSite(t *testing.T) {
	env, cs := claimEnv(t)
	path := "/claims/" + idStr(cs[0].ID)
	rita := env.login(t, "rita")
	v := claimVersion(t, mustStatus(t, rita.get(t, path), http.StatusOK))
	for _, back := range []string{"/\t/evil.example", "/\n/evil.example", "/\\evil.example", "\\/evil.example", "//evil.example"} {
		resp := rita.postForm(t, path, url.Values{"version": {v}, "back": {back}})
		mustStatus(t, resp, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != path {
			t.Errorf("back %q: Location %q, want %q", back, loc, path)
		}
	}
}
