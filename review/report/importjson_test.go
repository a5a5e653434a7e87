package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"claimdesk/review"
)

// exportJSON returns the full JSON export of s.
func exportJSON(t testing.TB, s *review.Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJSON(context.Background(), s, Filter{}, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// normalise renumbers the articles and claims of an export in the order
// they appear (ids are the one thing an import changes) and returns the
// users apart, re-encoded, so two exports can be compared byte for byte.
func normalise(t *testing.T, raw []byte) (doc []byte, users []map[string]any) {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	articles := map[float64]float64{}
	for i, a := range v["articles"].([]any) {
		m := a.(map[string]any)
		articles[m["id"].(float64)] = float64(i + 1)
		m["id"] = float64(i + 1)
	}
	cl := map[float64]float64{}
	for i, c := range v["claims"].([]any) {
		cl[c.(map[string]any)["id"].(float64)] = float64(i + 1)
	}
	for _, c := range v["claims"].([]any) {
		m := c.(map[string]any)
		m["id"] = cl[m["id"].(float64)]
		m["article_id"] = articles[m["article_id"].(float64)]
		for _, x := range m["matches"].([]any) {
			mm := x.(map[string]any)
			if id, ok := mm["other_id"].(float64); ok {
				mm["other_id"] = cl[id]
			}
		}
	}
	for _, u := range v["users"].([]any) {
		users = append(users, u.(map[string]any))
	}
	delete(v, "users")
	out, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return out, users
}

func TestJSONRoundTrip(t *testing.T) {
	f := newFixture(t)
	first := exportJSON(t, f.store)

	empty := newStore(t)
	res, err := ImportJSON(context.Background(), empty, bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 2 || res.Claims != 8 || res.Evidence != 5 || res.Comments != 1 || res.History != 2 || res.Matches != 1 {
		t.Errorf("imported %+v, want 2 articles, 8 claims, 5 evidence, 1 comment, 2 history rows, 1 match", *res)
	}
	if res.SourcesReused != 1 {
		t.Errorf("sources reused = %d, want 1 (the labour survey serves two claims)", res.SourcesReused)
	}
	if strings.Join(res.UsersCreated, ",") != "ed,rita" {
		t.Errorf("users created = %v, want [ed rita]", res.UsersCreated)
	}
	if len(res.Skipped) != 0 {
		t.Errorf("skipped = %v, want nothing", res.Skipped)
	}
	if strings.Join(res.ClaimantsCreated, ",") != "Maria Lopez" {
		t.Errorf("claimants created = %v, want [Maria Lopez]", res.ClaimantsCreated)
	}
	second := exportJSON(t, empty)

	a, ua := normalise(t, first)
	b, ub := normalise(t, second)
	if !bytes.Equal(a, b) {
		t.Errorf("the export of the imported database differs from the original:\nfirst difference at %d:\n got: %q\nwant: %q",
			firstDiff(b, a), around(b, firstDiff(b, a)), around(a, firstDiff(b, a)))
	}
	if len(ua) != len(ub) {
		t.Fatalf("users: got %d, want %d", len(ub), len(ua))
	}
	for i := range ua {
		if ua[i]["name"] != ub[i]["name"] || ua[i]["role"] != ub[i]["role"] || ua[i]["created_at"] != ub[i]["created_at"] {
			t.Errorf("user %d = %v, want %v", i, ub[i], ua[i])
		}
		if ub[i]["disabled"] != true {
			t.Errorf("imported user %v is enabled; users an import creates are disabled", ub[i]["name"])
		}
	}
	// The imported users can not log in until an admin enables them and sets a password.
	if _, err := empty.Authenticate(context.Background(), "ed", "!imported"); err == nil {
		t.Errorf("an imported user could log in")
	}

	// A second import of the same file skips both articles and writes nothing new.
	again, err := ImportJSON(context.Background(), empty, bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if again.Articles != 0 || again.Claims != 0 || len(again.Skipped) != 2 {
		t.Errorf("second import = %+v, want both articles skipped", *again)
	}
	if third := exportJSON(t, empty); !bytes.Equal(third, second) {
		t.Errorf("importing the same file again changed the database")
	}
}

// TestJSONCarriesFactCheckMatches exports a claim matched with a published
// fact-check (the export used to fail on it, sending an empty file) and
// imports it into a database without that fact-check (the match is left
// out, said so, and nothing else is lost) and into one that holds it (the
// match and its decision come back).
func TestJSONCarriesFactCheckMatches(t *testing.T) {
	const url, claim = "https://checks.example.org/jobs", "Unemployment fell to 3.5 percent last year."
	addFactCheck := func(s *review.Store) int64 {
		return exec(t, s, `INSERT INTO fact_checks (claim_text, rating, publisher, url, created_at, updated_at)
			VALUES (?, 'False', 'Example Checks', ?, ?, ?)`, claim, url, ts("100:00"), ts("100:00"))
	}
	f := newFixture(t)
	fc := addFactCheck(f.store)
	exec(t, f.store, `INSERT INTO matches (claim_id, fact_check_id, score, state, decided_by, decided_at, created_at)
		VALUES (?, ?, 0.93, 'confirmed', ?, ?, ?)`, f.unemployment, fc, f.editor, ts("500:00"), ts("499:00"))
	first := exportJSON(t, f.store)
	want := `"matches":[{"fact_check":{"url":"` + url + `","claim":"` + claim + `"},"score":0.93,"state":"confirmed","decided_by":"ed"`
	if !bytes.Contains(first, []byte(want)) {
		t.Fatalf("the export lacks the fact-check match %s", want)
	}

	without := newStore(t)
	res, err := ImportJSON(context.Background(), without, bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if res.Claims != 8 || res.Matches != 1 {
		t.Errorf("into a database without the fact-check: %d claims, %d matches; want 8 and the 1 match between claims", res.Claims, res.Matches)
	}
	if !strings.Contains(strings.Join(res.Skipped, "\n"), "1 match(es) with a published fact-check this database does not hold were left out") {
		t.Errorf("skipped = %q, want the fact-check match said", res.Skipped)
	}

	with := newStore(t)
	addFactCheck(with)
	res, err = ImportJSON(context.Background(), with, bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if res.Matches != 2 || len(res.Skipped) != 0 {
		t.Errorf("into a database with the fact-check: %d matches, skipped %q; want 2 and nothing", res.Matches, res.Skipped)
	}
	a, _ := normalise(t, first)
	b, _ := normalise(t, exportJSON(t, with))
	if !bytes.Equal(a, b) {
		t.Errorf("the export of the imported database differs from the original at %d:\n got: %q\nwant: %q",
			firstDiff(b, a), around(b, firstDiff(b, a)), around(a, firstDiff(b, a)))
	}
}

func TestImportIntoNonEmpty(t *testing.T) {
	src := newFixture(t)
	file := exportJSON(t, src.store)
	dst := newFixture(t)
	// dst already holds the budget article; the growth one is new to it.
	exec(t, dst.store, "DELETE FROM articles WHERE id = ?", dst.growth)
	exec(t, dst.store, "UPDATE settings SET value = 'Other Desk' WHERE key = 'org.name'")
	exec(t, dst.store, "INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('zed', 'admin', 'x', ?, ?)", ts("001:00"), ts("001:00"))
	// The existing article ids differ from the file's: the new claims must be renumbered.
	res, err := ImportJSON(context.Background(), dst.store, bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 1 || res.Claims != 2 {
		t.Errorf("imported %d articles and %d claims, want 1 and 2", res.Articles, res.Claims)
	}
	if len(res.Skipped) < 1 || !strings.Contains(res.Skipped[0], "Budget speech") {
		t.Errorf("skipped = %v, want the budget article named", res.Skipped)
	}
	if len(res.UsersCreated) != 0 {
		t.Errorf("users created = %v, want none (ed and rita exist)", res.UsersCreated)
	}
	var org string
	dbOf(dst.store).Read.QueryRow("SELECT value FROM settings WHERE key = 'org.name'").Scan(&org)
	if org != "Other Desk" {
		t.Errorf("org.name = %q: an import must not overwrite a setting", org)
	}
	var n int
	dbOf(dst.store).Read.QueryRow("SELECT count(*) FROM sources WHERE url = 'https://stats.example.gov/labour'").Scan(&n)
	if n != 1 {
		t.Errorf("sources with the labour URL = %d, want 1 (shared by URL)", n)
	}
	var text string
	err = dbOf(dst.store).Read.QueryRow(`SELECT c.text FROM claims c JOIN articles a ON a.id = c.article_id
		WHERE a.url = 'https://other.example.net/growth' AND c.status = 'done'`).Scan(&text)
	if err != nil || !strings.HasPrefix(text, "-3.5% growth") {
		t.Errorf("the growth claim after import = %q, %v", text, err)
	}
}

func TestImportBadFiles(t *testing.T) {
	f := newFixture(t)
	good := string(exportJSON(t, f.store))
	tests := []struct {
		name, file, want string
	}{
		{"not JSON", "hello", "JSON is broken"},
		{"an array", "[]", "not a claimdesk JSON export"},
		{"empty", "", "ends too early"},
		{"other format", `{"format":"something","version":1}`, "not a claimdesk JSON export"},
		{"newer version", `{"format":"claimdesk-export","version":2}`, "version 2"},
		{"no header", `{"articles":[]}`, "does not start with"},
		{"cut off", good[:len(good)/2], "ends too early"},
		{"trailing garbage", good + "{}", "more after"},
		{"claim text not in the article", strings.Replace(good, `"text":"She claimed the deficit`, `"text":"He claimed the deficit`, 1), "not the bytes"},
		{"unknown stance", strings.Replace(good, `"stance":"supports"`, `"stance":"agrees"`, 1), "not a stance"},
		{"unknown status", strings.Replace(good, `"status":"researching"`, `"status":"later"`, 1), "not a status"},
		{"unknown kind", strings.Replace(good, `"kind":"comparison"`, `"kind":"opinion"`, 1), "not a kind"},
		{"unknown origin", strings.Replace(good, `"origin":"engine"`, `"origin":"robot"`, 1), "not an origin"},
		{"unknown text format", strings.Replace(good, `"format":"text"`, `"format":"pdf"`, 1), "not a text format"},
		{"verdict not in the scale", strings.Replace(good, `"verdict":"Mostly true"`, `"verdict":"Pants on fire"`, 1), "not in the file's verdict scale"},
		{"rating off the scale", strings.Replace(good, `{"name":"Unproven","rating":null,`, `{"name":"Satire","rating":7,`, 1), `verdict "Satire" is rated 7`},
		{"negative rating", strings.Replace(good, `{"name":"Unproven","rating":null,`, `{"name":"Satire","rating":-1,`, 1), `verdict "Satire" is rated -1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := newStore(t)
			_, err := ImportJSON(context.Background(), dst, strings.NewReader(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ImportJSON = %v, want an error saying %q", err, tt.want)
			}
			if _, ok := review.AsValidation(err); !ok && !errors.Is(err, review.ErrConflict) {
				t.Errorf("error %v is not a ValidationError", err)
			}
			// Nothing partial: the database is as it was.
			var n int
			dbOf(dst).Read.QueryRow("SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM claims) + (SELECT count(*) FROM users) + (SELECT count(*) FROM sources)").Scan(&n)
			if n != 0 {
				t.Errorf("a failed import left %d rows", n)
			}
		})
	}
}

// TestImportVerdictWithoutNumber: a verdict with no number is null in the
// export and stored as none (NULL) by the import, and so is the 0 that
// exports wrote before; a number stays a number.
func TestImportVerdictWithoutNumber(t *testing.T) {
	f := newFixture(t)
	good := string(exportJSON(t, f.store))
	if !strings.Contains(good, `{"name":"Unproven","rating":null,`) || !strings.Contains(good, `{"name":"True","rating":5,`) {
		t.Fatalf("the export does not write Unproven as null and True as 5: %.700s", good)
	}
	old := strings.Replace(good, `{"name":"Unproven","rating":null,`, `{"name":"Satire","rating":0,`, 1)
	old = strings.Replace(old, `{"name":"Misleading","rating":null,`, `{"name":"Parody","rating":null,`, 1)
	old = strings.Replace(old, `"verdict":"Misleading"`, `"verdict":"Parody"`, -1)
	old = strings.Replace(old, `{"name":"Half true","rating":3,`, `{"name":"Spoof","rating":3,`, 1)
	dst := newStore(t)
	if _, err := ImportJSON(context.Background(), dst, strings.NewReader(old)); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	rows, err := dbOf(dst).Read.Query("SELECT name, COALESCE(CAST(rating AS TEXT), 'none') FROM verdicts WHERE name IN ('Satire', 'Parody', 'Spoof')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n, r string
		if err := rows.Scan(&n, &r); err != nil {
			t.Fatal(err)
		}
		got[n] = r
	}
	if want := map[string]string{"Satire": "none", "Parody": "none", "Spoof": "3"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("imported ratings %v, want %v", got, want)
	}
	// The claim with the verdict that has no number is published by its
	// name alone.
	var buf bytes.Buffer
	if _, err := WriteClaimReview(context.Background(), dst, Filter{}, &buf, true); err != nil {
		t.Fatal(err)
	}
	var docs []struct {
		ReviewRating map[string]any `json:"reviewRating"`
	}
	if err := json.Unmarshal(buf.Bytes(), &docs); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range docs {
		name, _ := d.ReviewRating["alternateName"].(string)
		seen[name] = true
		_, numbered := d.ReviewRating["ratingValue"]
		_, worst := d.ReviewRating["worstRating"]
		if numbered != (name != "Parody") || worst != numbered {
			t.Errorf("%s: rating %v; want a number (and a range) exactly when the verdict has one", name, d.ReviewRating)
		}
		if v, ok := d.ReviewRating["worstRating"].(float64); ok && v < 1 {
			t.Errorf("%s: worstRating %v, want 1 or more", name, v)
		}
	}
	if !seen["Parody"] || !seen["False"] {
		t.Errorf("reviews of %v, want the imported Parody and False claims", seen)
	}
}

// FuzzImportJSON: whatever the file holds, an import either loads it or
// refuses it with nothing written; it never panics.
func FuzzImportJSON(f *testing.F) {
	fx := newFixture(f)
	good := exportJSON(f, fx.store)
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add([]byte(`{"format":"claimdesk-export","version":1,"articles":[{"id":1,"text":"x"}],"claims":[{"id":1,"article_id":1,"start":0,"end":1,"text":"x","status":"new"}]}`))
	f.Add([]byte(`{"format":"claimdesk-export","version":1,"claims":[{"id":1,"article_id":9}]}`))
	f.Add([]byte(`[]`))
	dst := newStore(f)
	count := func() int {
		var n int
		dbOf(dst).Read.QueryRow(`SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM claims) + (SELECT count(*) FROM users)
			+ (SELECT count(*) FROM sources) + (SELECT count(*) FROM evidence) + (SELECT count(*) FROM settings)`).Scan(&n)
		return n
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := count()
		_, err := ImportJSON(context.Background(), dst, bytes.NewReader(data))
		if err != nil && count() != before {
			t.Errorf("a refused import changed the database (%d rows before, %d after): %v", before, count(), err)
		}
	})
}

// TestJSONImportLinksKnownClaimants: a claimant the database already has,
// by name or by alias, is linked as it is here, not added again or
// changed; one it lacks is added with the file's details; a file's
// claimant that is not a valid one (a javascript: same_as) refuses the
// whole import, leaving nothing behind.
func TestJSONImportLinksKnownClaimants(t *testing.T) {
	f := newFixture(t)
	file := exportJSON(t, f.store)
	ctx := context.Background()

	for _, tt := range []struct{ name, aliases string }{
		{"maria lopez", "[]"},
		{"M. Lopez", `["Maria Lopez"]`},
	} {
		dst := newStore(t)
		here := exec(t, dst, `INSERT INTO claimants (name, aliases, role, kind, created_at, updated_at) VALUES (?, ?, 'Labour minister', 'person', ?, ?)`,
			tt.name, tt.aliases, ts("001:00"), ts("001:00"))
		res, err := ImportJSON(ctx, dst, bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.ClaimantsCreated) != 0 {
			t.Errorf("%s: claimants created = %v, want none", tt.name, res.ClaimantsCreated)
		}
		var n, linked int
		var role string
		if err := dbOf(dst).Read.QueryRow("SELECT count(*), max(role) FROM claimants").Scan(&n, &role); err != nil {
			t.Fatal(err)
		}
		if err := dbOf(dst).Read.QueryRow("SELECT count(*) FROM claims WHERE claimant_id = ?", here).Scan(&linked); err != nil {
			t.Fatal(err)
		}
		if n != 1 || role != "Labour minister" || linked != 1 {
			t.Errorf("%s: %d claimants (role %q), %d claims linked to the one here; want 1, its own role, 1", tt.name, n, role, linked)
		}
	}

	// A new claimant whose alias another claimant here answers to comes
	// in without that alias, and the import says so.
	withAlias := bytes.Replace(file, []byte(`"name":"Maria Lopez","aliases":[]`), []byte(`"name":"Maria Lopez","aliases":["M. Lopez","Minister Lopez"]`), 1)
	if bytes.Equal(withAlias, file) {
		t.Fatal("the export has no claimant aliases to change")
	}
	dst := newStore(t)
	other := exec(t, dst, `INSERT INTO claimants (name, created_at, updated_at) VALUES ('M. Lopez', ?, ?)`, ts("001:00"), ts("001:00"))
	res, err := ImportJSON(ctx, dst, bytes.NewReader(withAlias))
	if err != nil {
		t.Fatalf("an alias clash refused the file: %v", err)
	}
	if len(res.ClaimantsCreated) != 1 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], `the alias "M. Lopez" left out`) {
		t.Errorf("created %v, skipped %q; want Maria Lopez created and the alias named", res.ClaimantsCreated, res.Skipped)
	}
	var aliases string
	if err := dbOf(dst).Read.QueryRow("SELECT aliases FROM claimants WHERE name = 'Maria Lopez'").Scan(&aliases); err != nil || aliases != `["Minister Lopez"]` {
		t.Errorf("Maria Lopez's aliases %s (%v), want only Minister Lopez", aliases, err)
	}
	var linked int
	if err := dbOf(dst).Read.QueryRow("SELECT count(*) FROM claims WHERE claimant_id = ?", other).Scan(&linked); err != nil || linked != 0 {
		t.Errorf("%d claims linked to M. Lopez (%v), want none", linked, err)
	}

	bad := bytes.Replace(file, []byte(`"same_as":"https://www.wikidata.org/wiki/Q1"`), []byte(`"same_as":"javascript:alert(1)"`), 1)
	if bytes.Equal(bad, file) {
		t.Fatal("the export has no claimant same_as to spoil")
	}
	dst = newStore(t)
	if _, err := ImportJSON(ctx, dst, bytes.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "claimant") {
		t.Errorf("a javascript: same_as: err %v, want a refusal that names the claimant's link", err)
	}
	var articles, claimants int
	if err := dbOf(dst).Read.QueryRow("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claimants)").Scan(&articles, &claimants); err != nil {
		t.Fatal(err)
	}
	if articles != 0 || claimants != 0 {
		t.Errorf("a refused import left %d articles and %d claimants", articles, claimants)
	}
}
