package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"claimdesk/review"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// parseTemplates parses every page once: the layout and the shared
// partials (files whose name starts with "_"), then each page file on a
// clone of them, so every page defines its own "title" and "content".
func parseTemplates() (map[string]*template.Template, error) {
	base := template.New("layout").Funcs(funcMap())
	base, err := base.ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(templateFS, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	if len(partials) > 0 {
		if base, err = base.ParseFS(templateFS, partials...); err != nil {
			return nil, err
		}
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, must := range []string{"title", "content"} {
			if t.Lookup(must) == nil {
				return nil, fmt.Errorf("%s: no %q block", f, must)
			}
		}
		pages[name] = t
	}
	return pages, nil
}

// assetHashes are the first hex digits of each static file's SHA-256.
var assetHashes = func() map[string]string {
	out := map[string]string{}
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
	return out
}()

// assetURL is /static/name?v=<hash of its content>.
func assetURL(name string) string {
	if h, ok := assetHashes[name]; ok {
		return "/static/" + name + "?v=" + h
	}
	return "/static/" + name
}

// staticHandler serves the embedded /static files; they change only with
// a new binary, so a short cache is safe.
func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	fsrv := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fsrv.ServeHTTP(w, r)
	})
}

// funcMap is the functions every template may call. Add a func here with
// a small edit; none may return template.HTML built from user data.
func funcMap() template.FuncMap {
	return template.FuncMap{
		// date and datetime show times in UTC, the newsroom's common clock.
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2 Jan 2006")
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2 Jan 2006 15:04 UTC")
		},
		"isodate":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"statusLabel": review.Status.Label,
		// statusText is statusLabel for a status stored as text (history rows).
		"statusText": func(st string) string { return review.Status(st).Label() },
		// asset is a static file's address with its content's hash, so a
		// browser's cached copy is never used with a newer binary's pages.
		"asset":    assetURL,
		"statuses": review.Statuses,
		// dismissCodes and dismissLabel offer and show why a claim is
		// dismissed (review.DismissCode).
		"dismissCodes": review.DismissCodes,
		"dismissLabel": func(code string) string { return review.DismissCode(code).Label() },
		"roles": func() []review.Role {
			return []review.Role{review.RoleReviewer, review.RoleEditor, review.RoleAdmin}
		},
		// can asks the store's table of who may do what (review.Can)
		// whether u may do action a, named as review names it.
		// An action the store does not know stops the page: a mistyped
		// name must not hide a button silently.
		"can": func(u *review.User, a string) (bool, error) {
			if !slices.Contains(review.Actions(), review.Action(a)) {
				return false, fmt.Errorf("can: %q is not an action of review.Actions", a)
			}
			return u != nil && review.Can(u, review.Action(a)), nil
		},
		"pct": func(done, total int) int {
			if total <= 0 {
				return 0
			}
			return done * 100 / total
		},
		"score": func(f float64) string { return fmt.Sprintf("%.2f", f) },
		"matchOffer": func(c *review.Claim, m review.Match) matchOffer {
			return matchOffer{ClaimID: c.ID, Version: c.Version, Match: m}
		},
		"add":   func(a, b int) int { return a + b },
		"sub":   func(a, b int) int { return a - b },
		"lower": strings.ToLower,
		// runeCount is a text's length as people count it (characters).
		"runeCount": utf8.RuneCountInString,
		"join":      strings.Join,
		// active marks the nav entry of the current section.
		"active": func(current, prefix string) bool {
			if prefix == "/" {
				return current == "/"
			}
			return current == prefix || strings.HasPrefix(current, prefix+"/")
		},
	}
}
