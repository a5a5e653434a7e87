package web

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"claimdesk/review"
)

// flashOf follows a redirect's Location and returns the flash shown there.
func (c *client) flashOf(t *testing.T, resp *http.Response) string {
	t.Helper()
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || loc == "" {
		t.Fatalf("status %d Location %q, want 303 with a Location", resp.StatusCode, loc)
	}
	_, body := c.getBody(t, loc)
	i := strings.Index(body, `class="flash`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	start := strings.Index(rest, ">") + 1
	end := strings.Index(rest, "</p>")
	return rest[start:end]
}

func TestAdminOnly(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "root", review.RoleAdmin)
	target := env.createUser(t, "ada", review.RoleReviewer)
	env.createUser(t, "eddie", review.RoleEditor)
	id := strconv.FormatInt(target.ID, 10)
	gets := []string{"/admin", "/admin/users", "/admin/settings", "/admin/verdicts"}
	posts := []struct {
		path string
		form url.Values
	}{
		{"/admin/users", url.Values{"username": {"mallory"}, "password": {"password-mallory"}, "role": {"admin"}}},
		{"/admin/users/" + id + "/role", url.Values{"role": {"admin"}}},
		{"/admin/users/" + id + "/disable", nil},
		{"/admin/users/" + id + "/enable", nil},
		{"/admin/users/" + id + "/password", url.Values{"password": {"taken-over-1"}}},
		{"/admin/settings", url.Values{"org.name": {"Mallory News"}}},
		{"/admin/verdicts", url.Values{"name": {"Pants on fire"}, "rating": {"1"}, "color": {"#ff0000"}}},
		{"/admin/verdicts/1", url.Values{"name": {"Totally true"}, "rating": {"5"}, "color": {"#000000"}}},
		{"/admin/verdicts/7/delete", nil},
	}
	before := fingerprint(t, env.store)
	for _, name := range []string{"ada", "eddie"} {
		c := env.login(t, name)
		for _, p := range gets {
			if st, body := c.getBody(t, p); st != http.StatusForbidden || !strings.Contains(body, "Only admins may ") {
				t.Errorf("%s GET %s: status %d, want 403 saying only admins", name, p, st)
			}
		}
		for _, p := range posts {
			resp := c.postForm(t, p.path, p.form)
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: status %d, want 403", name, p.path, resp.StatusCode)
			}
		}
	}
	anon := env.newClient(t)
	for _, p := range gets {
		resp := anon.get(t, p)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("anonymous GET %s: %d %q, want a redirect to /login", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if after := fingerprint(t, env.store); after != before {
		t.Errorf("refused admin requests changed state")
	}
}

func TestAdminUsers(t *testing.T) {
	env := newTestEnv(t)
	root := env.createUser(t, "root", review.RoleAdmin)
	c := env.login(t, "root")
	ctx := context.Background()

	if st, body := c.getBody(t, "/admin/users"); st != http.StatusOK || !strings.Contains(body, `id="user-add-form"`) || !strings.Contains(body, "root") {
		t.Fatalf("GET /admin/users: status %d, want the list and the add form", st)
	}

	flash := c.flashOf(t, c.postForm(t, "/admin/users", url.Values{"username": {"ada"}, "password": {"password-ada"}, "role": {"editor"}}))
	if !strings.Contains(flash, "ada was added as editor") {
		t.Errorf("flash %q", flash)
	}
	ada, err := env.store.UserByName(ctx, "ada")
	if err != nil || ada.Role != review.RoleEditor {
		t.Fatalf("ada: %v %v, want an editor", ada, err)
	}
	adaID := strconv.FormatInt(ada.ID, 10)

	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"taken name", url.Values{"username": {"ADA"}, "password": {"password-x"}, "role": {"editor"}}, "name"},
		{"short password", url.Values{"username": {"bob"}, "password": {"short"}, "role": {"editor"}}, "at least 8"},
		{"bad role", url.Values{"username": {"bob"}, "password": {"password-bob"}, "role": {"boss"}}, "role"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := c.postForm(t, "/admin/users", tc.form)
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("status %d, want 422", resp.StatusCode)
			}
			if !strings.Contains(body, tc.field) || !strings.Contains(body, `value="`+tc.form.Get("username")+`"`) {
				t.Errorf("the form does not come back filled in with a message on %q", tc.field)
			}
		})
	}
	if _, err := env.store.UserByName(ctx, "bob"); err == nil {
		t.Errorf("a refused form created bob")
	}

	flash = c.flashOf(t, c.postForm(t, "/admin/users/"+adaID+"/role", url.Values{"role": {"reviewer"}}))
	if u, _ := env.store.User(ctx, ada.ID); u.Role != review.RoleReviewer || !strings.Contains(flash, "ada is now reviewer") {
		t.Errorf("re-role: role %q flash %q", u.Role, flash)
	}

	adaSession := env.login(t, "ada")
	flash = c.flashOf(t, c.postForm(t, "/admin/users/"+adaID+"/disable", nil))
	if u, _ := env.store.User(ctx, ada.ID); !u.Disabled || !strings.Contains(flash, "disabled") {
		t.Errorf("disable: disabled %v flash %q", u.Disabled, flash)
	}
	if adaSession.loggedIn(t) {
		t.Errorf("ada's session survived being disabled")
	}
	c.flashOf(t, c.postForm(t, "/admin/users/"+adaID+"/enable", nil))
	if u, _ := env.store.User(ctx, ada.ID); u.Disabled {
		t.Errorf("enable left ada disabled")
	}

	flash = c.flashOf(t, c.postForm(t, "/admin/users/"+adaID+"/password", url.Values{"password": {"reset-password-1"}}))
	if _, err := env.store.Authenticate(ctx, "ada", "reset-password-1"); err != nil || !strings.Contains(flash, "new password") {
		t.Errorf("reset: %v flash %q", err, flash)
	}
	flash = c.flashOf(t, c.postForm(t, "/admin/users/"+adaID+"/password", url.Values{"password": {"short"}}))
	if !strings.Contains(flash, "Nothing changed") {
		t.Errorf("a short reset password: flash %q, want Nothing changed", flash)
	}

	// The rules the store keeps come back as a flash, and change nothing.
	rootID := strconv.FormatInt(root.ID, 10)
	flash = c.flashOf(t, c.postForm(t, "/admin/users/"+rootID+"/disable", nil))
	if u, _ := env.store.User(ctx, root.ID); u.Disabled || !strings.Contains(flash, "Nothing changed") {
		t.Errorf("disabling yourself: disabled %v flash %q", u.Disabled, flash)
	}
	flash = c.flashOf(t, c.postForm(t, "/admin/users/"+rootID+"/role", url.Values{"role": {"editor"}}))
	if u, _ := env.store.User(ctx, root.ID); u.Role != review.RoleAdmin || !strings.Contains(flash, "last enabled admin") {
		t.Errorf("demoting the last admin: role %q flash %q", u.Role, flash)
	}
	for _, p := range []string{"/admin/users/999/disable", "/admin/users/abc/role"} {
		resp := c.postForm(t, p, url.Values{"role": {"editor"}})
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: status %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestAdminSettings(t *testing.T) {
	env := newTestEnv(t)
	env.createUser(t, "root", review.RoleAdmin)
	c := env.login(t, "root")
	ctx := context.Background()

	good := url.Values{"org.name": {"Kyiv Fact Desk"}, "org.url": {"https://factdesk.example"}, "org.logo": {""}, "publish.base_url": {"https://factdesk.example/checks/"}}
	flash := c.flashOf(t, c.postForm(t, "/admin/settings", good))
	if !strings.Contains(flash, "saved") {
		t.Errorf("flash %q", flash)
	}
	for k, v := range good {
		if got, _ := env.store.Setting(ctx, k); got != v[0] {
			t.Errorf("%s = %q, want %q", k, got, v[0])
		}
	}
	if _, body := c.getBody(t, "/admin/settings"); !strings.Contains(body, `value="Kyiv Fact Desk"`) {
		t.Errorf("the settings page does not show the saved name")
	}

	bad := url.Values{"org.name": {"Kyiv Fact Desk"}, "org.url": {"javascript:alert(1)"}, "org.logo": {""}, "publish.base_url": {"https://factdesk.example/checks/"}}
	resp := c.postForm(t, "/admin/settings", bad)
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad URL: status %d, want 422", resp.StatusCode)
	}
	if !strings.Contains(body, `aria-invalid="true"`) || !strings.Contains(body, "javascript:alert(1)") {
		t.Errorf("the form does not come back with the value and a marked field")
	}
	if got, _ := env.store.Setting(ctx, "org.url"); got != "https://factdesk.example" {
		t.Errorf("org.url = %q after a refused change", got)
	}
}

func TestAdminVerdicts(t *testing.T) {
	env := newTestEnv(t)
	root := env.createUser(t, "root", review.RoleAdmin)
	c := env.login(t, "root")
	ctx := context.Background()

	if st, body := c.getBody(t, "/admin/verdicts"); st != http.StatusOK || !strings.Contains(body, "Mostly true") {
		t.Fatalf("GET /admin/verdicts: status %d, want the default scale", st)
	}
	flash := c.flashOf(t, c.postForm(t, "/admin/verdicts", url.Values{"name": {"Pants on fire"}, "rating": {"1"}, "color": {"#b00020"}}))
	if !strings.Contains(flash, "Pants on fire") {
		t.Errorf("add flash %q", flash)
	}
	vs, _ := env.store.Verdicts(ctx)
	var added *review.Verdict
	for i := range vs {
		if vs[i].Name == "Pants on fire" {
			added = &vs[i]
		}
	}
	if added == nil || added.Rating != 1 || added.Color != "#b00020" {
		t.Fatalf("added verdict: %+v", added)
	}
	id := strconv.FormatInt(added.ID, 10)

	flash = c.flashOf(t, c.postForm(t, "/admin/verdicts/"+id, url.Values{"name": {"Pants on fire!"}, "rating": {""}, "color": {"#880000"}, "position": {strconv.Itoa(added.Position)}}))
	if !strings.Contains(flash, "Pants on fire!") || !strings.Contains(flash, "saved") {
		t.Errorf("edit flash %q, want it to name the saved verdict", flash)
	}
	vs, _ = env.store.Verdicts(ctx)
	for _, v := range vs {
		if v.ID == added.ID && (v.Name != "Pants on fire!" || v.Rating != review.NoRating || v.Color != "#880000") {
			t.Errorf("edited verdict: %+v", v)
		}
	}
	// "No number" is stored as none, never as 0.
	if n := countRows(t, env.dbPath, "SELECT count(*) FROM verdicts WHERE id = "+id+" AND rating IS NULL"); n != 1 {
		t.Errorf("the verdict saved with no number has a stored rating (%d rows with NULL), want NULL", n)
	}
	// The form offers "no number", selected for it and for Unproven, and a
	// number for the others.
	_, page := c.getBody(t, "/admin/verdicts")
	for _, want := range []string{
		`id="vrating-` + id + `" name="rating" class="narrow-select"><option value="" selected>no number</option>`,
		`id="new-vrating" name="rating" aria-describedby="new-vrating-hint"><option value="" selected>no number</option>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the scale page lacks %s", want)
		}
	}
	for _, v := range vs {
		sel := regexp.MustCompile(`id="vrating-` + strconv.FormatInt(v.ID, 10) + `" name="rating" class="narrow-select">.*?</select>`).FindString(page)
		want := `<option value="" selected>no number</option>`
		if v.Rating != review.NoRating {
			want = fmt.Sprintf(`<option value="%d" selected>%d</option>`, v.Rating, v.Rating)
		}
		if !strings.Contains(sel, want) || strings.Count(sel, "selected") != 1 {
			t.Errorf("%s (rating %d): the number offered is %s, want %s selected alone", v.Name, v.Rating, sel, want)
		}
	}

	for _, tc := range []struct {
		name, path string
		form       url.Values
		want       string
	}{
		{"rating not a number", "/admin/verdicts", url.Values{"name": {"X"}, "rating": {"high"}, "color": {"#000000"}}, "whole number"},
		{"rating 0 (no number is none, not 0)", "/admin/verdicts", url.Values{"name": {"X"}, "rating": {"0"}, "color": {"#000000"}}, "or no number"},
		{"rating above the scale", "/admin/verdicts/" + id, url.Values{"name": {"X"}, "rating": {"6"}, "color": {"#000000"}}, "from 1 to 5"},
		{"bad colour", "/admin/verdicts", url.Values{"name": {"X"}, "rating": {"1"}, "color": {"red"}}, "#rrggbb"},
		{"taken name", "/admin/verdicts", url.Values{"name": {"mostly TRUE"}, "rating": {"1"}, "color": {"#000000"}}, "already"},
		{"empty name on edit", "/admin/verdicts/" + id, url.Values{"name": {""}, "rating": {"1"}, "color": {"#000000"}}, "needs a name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := c.postForm(t, tc.path, tc.form)
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
				t.Errorf("status %d, want 422 saying %q", resp.StatusCode, tc.want)
			}
		})
	}

	c.flashOf(t, c.postForm(t, "/admin/verdicts/"+id+"/delete", nil))
	vs, _ = env.store.Verdicts(ctx)
	for _, v := range vs {
		if v.ID == added.ID {
			t.Errorf("the deleted verdict is still on the scale")
		}
	}

	// A verdict a claim uses stays.
	_, cs := env.importArticle(t, root, demoText(t))
	verdict := "False"
	if _, err := env.store.UpdateClaim(ctx, root, cs[0].ID, review.ClaimUpdate{Version: cs[0].Version, Verdict: &verdict}); err != nil {
		t.Fatal(err)
	}
	var falseID int64
	for _, v := range vs {
		if v.Name == "False" {
			falseID = v.ID
		}
	}
	flash = c.flashOf(t, c.postForm(t, "/admin/verdicts/"+strconv.FormatInt(falseID, 10)+"/delete", nil))
	if !strings.Contains(flash, "Nothing changed") {
		t.Errorf("deleting a used verdict: flash %q", flash)
	}
	vs, _ = env.store.Verdicts(ctx)
	found := false
	for _, v := range vs {
		found = found || v.ID == falseID
	}
	if !found {
		t.Errorf("a verdict in use was deleted")
	}
}

// countRows runs a count query on the database file at path, read only,
// for what the pages do not show (how a value is stored).
func countRows(t *testing.T, path, query string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
