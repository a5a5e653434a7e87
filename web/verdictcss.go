package web

import (
	"bytes"
	"fmt"
	"math"
	"net/http"

	"claimdesk/review"
)

// verdictCSS writes the stylesheet of the verdict scale: one class
// .verdict-<id> per step. The scale is configurable, and the CSP forbids
// inline styles, so the colours reach the pages through this sheet. Only
// colours that are exactly #rrggbb are written; anything else falls back
// to a neutral grey, so nothing an admin types can break out of a rule.
func verdictCSS(verdicts []review.Verdict) []byte {
	var b bytes.Buffer
	b.WriteString("/* The verdict scale's colours, generated from the settings. */\n")
	for _, v := range verdicts {
		c := v.Color
		if !validColor(c) {
			c = "#57606a"
		}
		// Badges carry the verdict's name on its colour, in whichever of
		// dark or white text reads better on it; the highlight in the text
		// gets a thick underline in the colour (its background stays the
		// status colour); the dot is the swatch in lists.
		fmt.Fprintf(&b, ".verdict.verdict-%d { background: %s; color: %s; }\n", v.ID, c, textOn(c))
		// A proposed verdict is outlined in the colour and underlined
		// dashed: it is not a verdict until an editor signs it off.
		fmt.Fprintf(&b, ".verdict.proposed.verdict-%d { background: transparent; color: inherit; border: 2px solid %s; }\n", v.ID, c)
		fmt.Fprintf(&b, "mark.verdict-%d { border-bottom: 3px solid %s; }\n", v.ID, c)
		fmt.Fprintf(&b, "mark.proposed.verdict-%d { border-bottom-style: dashed; }\n", v.ID)
		fmt.Fprintf(&b, ".verdict-dot.verdict-%d { background: %s; }\n", v.ID, c)
	}
	return b.Bytes()
}

// handleVerdictsCSS serves GET /verdicts.css.
func (s *Server) handleVerdictsCSS(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.store.Verdicts(r.Context())
	if err != nil {
		return fmt.Errorf("verdicts.css: %w", err)
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	// The scale changes rarely but an admin expects to see a change at
	// once: let the browser keep it, but ask each time.
	w.Header().Set("Cache-Control", "no-cache")
	_, err = w.Write(verdictCSS(vs))
	return err
}

// textOn picks the text colour for a badge of background c (#rrggbb):
// white or near-black, whichever contrasts more (WCAG relative luminance).
func textOn(c string) string {
	lum := func(h string) float64 {
		var n int
		fmt.Sscanf(h, "%02x", &n)
		v := float64(n) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	l := 0.2126*lum(c[1:3]) + 0.7152*lum(c[3:5]) + 0.0722*lum(c[5:7])
	const dark = 0.0160 // luminance of #1f2328
	if (1.05)/(l+0.05) >= (l+0.05)/(dark+0.05) {
		return "#ffffff"
	}
	return "#1f2328"
}
