package review

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzNormalizeBody(f *testing.F) {
	for _, s := range []string{sampleText, "", " \r\n\r\n a \t\r\n", "\uFEFFtext\r\rmore", "a\n\n\n\nb  \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalizeBody(s)
		if again := normalizeBody(n); again != n {
			t.Errorf("not idempotent: %q -> %q -> %q", s, n, again)
		}
		if strings.Contains(n, "\r") || strings.Contains(n, "\n\n\n") || strings.Contains(n, " \n") {
			t.Errorf("normalised %q still has CR, 3 new lines or a trailing space: %q", s, n)
		}
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Errorf("valid input %q became invalid UTF-8 %q", s, n)
		}
	})
}

func FuzzMarkdownToText(f *testing.F) {
	for _, s := range []string{"# T\n\n**b** _i_ [l](u) ![i](x)", "```\ncode\n```", "- a\n1. b", "> q", `\*x\*`, "a_b_c", "[x][1]\n\n[1]: u"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		out := markdownToText(s)
		if !utf8.ValidString(out) {
			t.Errorf("%q gave invalid UTF-8 %q", s, out)
		}
		if len(out) > len(s) {
			t.Errorf("%q grew to %q: the conversion only removes markup", s, out)
		}
	})
}

func FuzzCheckSpan(f *testing.F) {
	f.Add("Рост 5 процентов. Next.", 0, 10)
	f.Add("  a  ", 0, 5)
	f.Fuzz(func(t *testing.T, body string, start, end int) {
		if !utf8.ValidString(body) {
			return
		}
		s, e, err := checkSpan(body, start, end)
		if err != nil {
			if _, ok := AsValidation(err); !ok {
				t.Errorf("got %v, want a *ValidationError", err)
			}
			return
		}
		if s < start || e > end || s >= e || !utf8.ValidString(body[s:e]) || strings.TrimSpace(body[s:e]) != body[s:e] {
			t.Errorf("span %d–%d of %q gave %d–%d %q", start, end, body, s, e, body[s:e])
		}
	})
}
