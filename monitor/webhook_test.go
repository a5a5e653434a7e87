package monitor

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"claimdesk"
	"claimdesk/claims"
	"claimdesk/review"
)

// handClock is a clock the tests move by hand: the back-off is checked
// without waiting for it.
type handClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *handClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *handClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// openDB opens the database at path as a store on clock; close it with
// the returned function (a test of a restart closes it early).
func openDB(t testing.TB, path string, clock *handClock) (*review.Store, func()) {
	t.Helper()
	db, err := claimdesk.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	var once sync.Once
	closeDB := func() { once.Do(func() { db.Close() }) }
	t.Cleanup(closeDB)
	m, err := claims.DefaultModel()
	if err != nil {
		t.Fatalf("model: %v", err)
	}
	s := review.NewStore(db, m)
	s.Now = clock.Now
	return s, closeDB
}

// receiver is a webhook receiver: it checks every request's signature
// with its secret, records what it accepted, and fails a request when
// fail says so.
type receiver struct {
	t      testing.TB
	srv    *httptest.Server
	clock  *handClock
	mu     sync.Mutex
	secret string
	// tries counts the requests per delivery id; got lists the accepted
	// bodies in the order they came.
	tries map[string]int
	got   []map[string]any
	bad   []string
	fail  func(body map[string]any, try int) bool
}

func newReceiver(t testing.TB, clock *handClock) *receiver {
	rc := &receiver{t: t, clock: clock, tries: map[string]int{}}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	ts := r.Header.Get(HeaderTimestamp)
	sig := r.Header.Get(HeaderSignature)
	n, err := strconv.ParseInt(ts, 10, 64)
	switch {
	case r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json":
		rc.bad = append(rc.bad, fmt.Sprintf("%s with %q", r.Method, r.Header.Get("Content-Type")))
	case err != nil || n != rc.clock.Now().Unix():
		rc.bad = append(rc.bad, fmt.Sprintf("timestamp %q, want %d", ts, rc.clock.Now().Unix()))
	case !hmac.Equal([]byte(sig), []byte(Sign(rc.secret, n, body))):
		rc.bad = append(rc.bad, "a bad signature "+sig)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		rc.bad = append(rc.bad, "not JSON: "+string(body))
	}
	id := r.Header.Get(HeaderDelivery)
	rc.tries[id]++
	if rc.fail != nil && rc.fail(m, rc.tries[id]) {
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	rc.got = append(rc.got, m)
	w.WriteHeader(http.StatusNoContent)
}

// accepted returns the claim ids of the accepted raw bodies, in order.
func (rc *receiver) accepted() []int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []int
	for _, m := range rc.got {
		f, _ := m["claim_id"].(float64)
		out = append(out, int(f))
	}
	return out
}

func (rc *receiver) check() {
	rc.t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, b := range rc.bad {
		rc.t.Errorf("the receiver refused a request: %s", b)
	}
}

// alertDesk is a store with two claimant rules (Sergey Lavrov, Vladimir
// Putin) and webhooks; claims adds articles by them, each raising one
// alert of its claimant's rule.
type alertDesk struct {
	t     testing.TB
	store *review.Store
	n     int
}

func newAlertDesk(t testing.TB, s *review.Store) *alertDesk {
	d := &alertDesk{t: t, store: s}
	ctx := context.Background()
	d.article("Sergey Lavrov said Russia would send 2,000 peacekeepers to Nagorno-Karabakh.\nVladimir Putin said the ceasefire would hold through the winter.")
	if _, err := s.MatchPending(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Sergey Lavrov", "Vladimir Putin"} {
		if _, err := s.AddAlertRule(ctx, nil, review.NewAlertRule{Kind: "claimant", Claimant: name}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func (d *alertDesk) article(text string) []review.Claim {
	d.t.Helper()
	_, cs, err := d.store.ImportArticle(context.Background(), nil, review.NewArticle{Text: text})
	if err != nil {
		d.t.Fatal(err)
	}
	return cs
}

// claims adds an article per speaker named, in order, matches them (which
// raises the alerts), and returns the ids of the claims that fired.
func (d *alertDesk) claims(speakers ...string) []int {
	d.t.Helper()
	var want []int
	for _, who := range speakers {
		d.n++
		cs := d.article(fmt.Sprintf("%s said Russia would send %d peacekeepers to the region in May.", who, 1000+d.n))
		var id int64
		for _, c := range cs {
			if c.Claimant == who && !c.Candidate {
				id = c.ID
			}
		}
		if id == 0 {
			d.t.Fatalf("the article by %s has no open claim of theirs: %+v", who, cs)
		}
		want = append(want, int(id))
	}
	if _, err := d.store.MatchPending(context.Background(), nil); err != nil {
		d.t.Fatal(err)
	}
	return want
}

func (d *alertDesk) hook(url, format string, allowPrivate bool) string {
	d.t.Helper()
	_, secret, err := d.store.AddWebhook(context.Background(), nil, review.NewWebhook{URL: url, Format: format, AllowPrivate: allowPrivate})
	if err != nil {
		d.t.Fatal(err)
	}
	return secret
}

func newClock() *handClock { return &handClock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)} }

func sendDue(t testing.TB, snd *Sender) int {
	t.Helper()
	n, err := snd.SendDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWebhookSignedBodies: a raw webhook and a Slack one each get every
// alert, signed with their own secret over the timestamp and the body,
// the raw one as the alert's JSON with an absolute link, the Slack one
// as {"text": ...}.
func TestWebhookSignedBodies(t *testing.T) {
	clock := newClock()
	s, _ := openDB(t, filepath.Join(t.TempDir(), "test.db"), clock)
	d := newAlertDesk(t, s)
	raw, slack := newReceiver(t, clock), newReceiver(t, clock)
	raw.secret = d.hook(raw.srv.URL+"/raw", "raw", true)
	slack.secret = d.hook(slack.srv.URL+"/slack", "slack", true)
	if raw.secret == slack.secret {
		t.Fatal("two webhooks share a secret")
	}
	want := d.claims("Sergey Lavrov", "Vladimir Putin")
	snd := NewSender(s, SenderOptions{BaseURL: "http://desk.example:8080/"})
	if n := sendDue(t, snd); n != 4 {
		t.Errorf("delivered %d, want 2 alerts to 2 webhooks", n)
	}
	raw.check()
	slack.check()
	if got := raw.accepted(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the raw webhook got claims %v, want %v", got, want)
	}
	for i, m := range raw.got {
		if m["url"] != fmt.Sprintf("http://desk.example:8080/claims/%d", want[i]) || m["kind"] != "claimant" || m["delivery"] == nil || m["read"] != nil {
			t.Errorf("raw body %v", m)
		}
		if text, _ := m["text"].(string); !strings.Contains(text, fmt.Sprintf("Claim %d by ", want[i])) {
			t.Errorf("raw body's text %q", text)
		}
	}
	if len(slack.got) != 2 {
		t.Fatalf("the Slack webhook got %d bodies, want 2", len(slack.got))
	}
	for i, m := range slack.got {
		text, _ := m["text"].(string)
		if len(m) != 1 || !strings.HasSuffix(text, fmt.Sprintf("\nhttp://desk.example:8080/claims/%d", want[i])) || !strings.Contains(text, "by Sergey Lavrov") && !strings.Contains(text, "by Vladimir Putin") {
			t.Errorf("Slack body %v", m)
		}
	}
	if n := sendDue(t, snd); n != 0 {
		t.Errorf("a second round delivered %d again", n)
	}
}

// TestWebhookRetriesWithBackoff: a receiver that fails twice gets the
// alert once more each time its wait is over, not before, and the third
// try is the delivery; the alert is delivered once.
func TestWebhookRetriesWithBackoff(t *testing.T) {
	clock := newClock()
	s, _ := openDB(t, filepath.Join(t.TempDir(), "test.db"), clock)
	d := newAlertDesk(t, s)
	rc := newReceiver(t, clock)
	rc.fail = func(_ map[string]any, try int) bool { return try <= 2 }
	rc.secret = d.hook(rc.srv.URL, "raw", true)
	want := d.claims("Sergey Lavrov")
	snd := NewSender(s, SenderOptions{})
	tries := func() int {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		n := 0
		for _, v := range rc.tries {
			n += v
		}
		return n
	}
	steps := []struct {
		advance   time.Duration
		tries     int
		delivered int
	}{
		{0, 1, 0}, // first try fails
		{review.DeliveryBackoff(1) - time.Second, 1, 0}, // its wait is not over
		{time.Second, 2, 0},                             // second try fails
		{review.DeliveryBackoff(2) - time.Second, 2, 0}, // not yet
		{time.Second, 3, 1},                             // third try: delivered
		{review.DeliveryBackoff(3) * 10, 3, 0},          // and never again
	}
	for i, st := range steps {
		clock.Advance(st.advance)
		if n := sendDue(t, snd); n != st.delivered || tries() != st.tries {
			t.Fatalf("step %d: delivered %d after %d tries, want %d after %d", i, n, tries(), st.delivered, st.tries)
		}
	}
	rc.check()
	if got := rc.accepted(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("accepted %v, want %v once", got, want)
	}
	hooks, err := s.Webhooks(context.Background())
	if err != nil || len(hooks) != 1 || hooks[0].Delivered != 1 || hooks[0].Pending != 0 || hooks[0].LastError != "" {
		t.Errorf("the webhook after the delivery: %+v, %v", hooks, err)
	}
}

// TestWebhookOrderPerRule: while a rule's first alert keeps failing, its
// next alerts wait and another rule's alerts go; once the first finally
// fails, the rest go in order. The webhooks page lists the final failure
// with its reason.
func TestWebhookOrderPerRule(t *testing.T) {
	clock := newClock()
	s, _ := openDB(t, filepath.Join(t.TempDir(), "test.db"), clock)
	d := newAlertDesk(t, s)
	rc := newReceiver(t, clock)
	want := d.claims("Sergey Lavrov", "Vladimir Putin", "Sergey Lavrov", "Vladimir Putin", "Sergey Lavrov")
	stuck := want[0]
	rc.fail = func(m map[string]any, _ int) bool { return m["claim_id"] == float64(stuck) }
	rc.secret = d.hook(rc.srv.URL, "raw", true)
	// The webhook was added after the alerts: it gets none of them.
	if n := sendDue(t, NewSender(s, SenderOptions{})); n != 0 {
		t.Fatalf("a webhook added later got %d old alerts", n)
	}
	later := d.claims("Sergey Lavrov", "Vladimir Putin", "Sergey Lavrov")
	lavrov := []int{later[0], later[2]}
	putin := []int{later[1]}
	stuck = lavrov[0]
	snd := NewSender(s, SenderOptions{})
	for range review.MaxDeliveryAttempts {
		sendDue(t, snd)
		if got := rc.accepted(); fmt.Sprint(got) != fmt.Sprint(putin) {
			t.Fatalf("while Lavrov's first alert fails: accepted %v, want only Putin's %v", got, putin)
		}
		clock.Advance(time.Hour)
	}
	if n := sendDue(t, snd); n != 1 {
		t.Fatalf("after the final failure, delivered %d, want Lavrov's second alert", n)
	}
	if got := rc.accepted(); fmt.Sprint(got) != fmt.Sprint([]int{putin[0], lavrov[1]}) {
		t.Errorf("accepted %v, want %v then %v", got, putin, lavrov[1:])
	}
	rc.check()
	failed, err := s.FailedDeliveries(context.Background(), 0)
	if err != nil || len(failed) != 1 || failed[0].Alert.ClaimID != int64(lavrov[0]) || failed[0].Attempts != review.MaxDeliveryAttempts ||
		!strings.Contains(failed[0].LastError, "503") {
		t.Errorf("final failures: %+v, %v", failed, err)
	}
	hooks, _ := s.Webhooks(context.Background())
	if len(hooks) != 1 || hooks[0].Failed != 1 || hooks[0].Delivered != 2 || !strings.Contains(hooks[0].LastError, "503") {
		t.Errorf("the webhook's counts: %+v", hooks)
	}
}

// TestWebhookOutboxSurvivesRestart: a delivery that failed before the
// database closed is made by a new sender on the reopened database, in
// its rule's order.
func TestWebhookOutboxSurvivesRestart(t *testing.T) {
	clock := newClock()
	path := filepath.Join(t.TempDir(), "test.db")
	s, closeDB := openDB(t, path, clock)
	d := newAlertDesk(t, s)
	rc := newReceiver(t, clock)
	down := true
	rc.fail = func(map[string]any, int) bool { return down }
	rc.secret = d.hook(rc.srv.URL, "raw", true)
	want := d.claims("Sergey Lavrov", "Sergey Lavrov")
	if n := sendDue(t, NewSender(s, SenderOptions{})); n != 0 {
		t.Fatalf("delivered %d to a receiver that is down", n)
	}
	closeDB()

	s2, _ := openDB(t, path, clock)
	rc.mu.Lock()
	down = false
	rc.mu.Unlock()
	snd := NewSender(s2, SenderOptions{})
	if n := sendDue(t, snd); n != 0 {
		t.Fatalf("delivered %d before the wait was over", n)
	}
	clock.Advance(review.DeliveryBackoff(1))
	for range 3 {
		sendDue(t, snd)
	}
	rc.check()
	if got := rc.accepted(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the restart: accepted %v, want %v", got, want)
	}
}

// TestWebhookPrivateAddressRefused: a webhook on a loopback address not
// added with allow-private is never connected to; its delivery fails
// finally at once with the guard's reason, and the next goes on.
func TestWebhookPrivateAddressRefused(t *testing.T) {
	clock := newClock()
	s, _ := openDB(t, filepath.Join(t.TempDir(), "test.db"), clock)
	d := newAlertDesk(t, s)
	rc := newReceiver(t, clock)
	rc.secret = d.hook(rc.srv.URL, "raw", false)
	d.claims("Sergey Lavrov", "Sergey Lavrov")
	snd := NewSender(s, SenderOptions{})
	for range 2 {
		if n := sendDue(t, snd); n != 0 {
			t.Fatalf("delivered %d to a private address", n)
		}
	}
	rc.mu.Lock()
	if len(rc.tries) != 0 {
		t.Errorf("the private receiver was reached: %v", rc.tries)
	}
	rc.mu.Unlock()
	failed, err := s.FailedDeliveries(context.Background(), 0)
	if err != nil || len(failed) != 2 {
		t.Fatalf("final failures %+v, %v; want both alerts", failed, err)
	}
	for _, f := range failed {
		if f.Attempts != 1 || !strings.Contains(f.LastError, "private or local address") || !strings.Contains(f.LastError, "allow-private") {
			t.Errorf("failure %+v", f)
		}
	}
}

// TestWebhookRedirectNotFollowed: a receiver that answers 302 has not
// received the alert, and the failure says why.
func TestWebhookRedirectNotFollowed(t *testing.T) {
	clock := newClock()
	s, _ := openDB(t, filepath.Join(t.TempDir(), "test.db"), clock)
	d := newAlertDesk(t, s)
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	d.hook(srv.URL, "slack", true)
	d.claims("Sergey Lavrov")
	if n := sendDue(t, NewSender(s, SenderOptions{})); n != 0 || hits != 1 {
		t.Fatalf("delivered %d after %d requests; want a failed try and no redirect followed", n, hits)
	}
	hooks, _ := s.Webhooks(context.Background())
	if len(hooks) != 1 || hooks[0].Pending != 1 || !strings.Contains(hooks[0].LastError, "302") || !strings.Contains(hooks[0].LastError, "redirects are not followed") {
		t.Errorf("the webhook after a redirect: %+v", hooks)
	}
}

// TestWebhookRemovedWhileSending: a webhook removed while its delivery
// is in flight leaves nothing to record, and the round is no error.
func TestWebhookRemovedWhileSending(t *testing.T) {
	clock := newClock()
	s, _ := openDB(t, filepath.Join(t.TempDir(), "test.db"), clock)
	d := newAlertDesk(t, s)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.DeleteWebhook(r.Context(), nil, 1); err != nil {
			t.Errorf("delete the webhook: %v", err)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	d.hook(srv.URL, "raw", true)
	d.claims("Sergey Lavrov")
	if n, err := NewSender(s, SenderOptions{}).SendDue(context.Background()); n != 0 || err != nil {
		t.Errorf("SendDue = %d, %v; want nothing recorded and no error", n, err)
	}
	if due, err := s.DueDeliveries(context.Background(), clock.Now().Add(time.Hour), 10); err != nil || len(due) != 0 {
		t.Errorf("deliveries left: %+v, %v", due, err)
	}
}

// BenchmarkWebhookDelivery delivers b.N alerts of one rule, in order, to
// a local receiver through the outbox ("outbox": one round per alert,
// since a rule's next alert waits for the previous; each try is a signed
// POST and a commit of its record), beside the same signed POSTs sent
// with bare net/http and no outbox ("bare-post"), measured in the same
// run.
func BenchmarkWebhookDelivery(b *testing.B) {
	b.Run("outbox", func(b *testing.B) {
		clock := newClock()
		s, _ := openDB(b, filepath.Join(b.TempDir(), "test.db"), clock)
		d := newAlertDesk(b, s)
		rc := newReceiver(b, clock)
		rc.secret = d.hook(rc.srv.URL, "raw", true)
		speakers := make([]string, b.N)
		for i := range speakers {
			speakers[i] = "Sergey Lavrov"
		}
		want := d.claims(speakers...)
		snd := NewSender(s, SenderOptions{})
		b.ResetTimer()
		start := time.Now()
		total := 0
		for total < len(want) {
			n := sendDue(b, snd)
			if n == 0 {
				b.Fatalf("stuck after %d of %d", total, len(want))
			}
			total += n
		}
		b.StopTimer()
		if got := rc.accepted(); fmt.Sprint(got) != fmt.Sprint(want) {
			b.Fatalf("accepted %v, want %v in order", got, want)
		}
		b.ReportMetric(float64(total)/time.Since(start).Seconds(), "alerts/s")
	})
	b.Run("bare-post", func(b *testing.B) {
		clock := newClock()
		rc := newReceiver(b, clock)
		rc.secret = "cdw_bench"
		body := []byte(`{"id":1,"kind":"claimant","text":"Claim 1 by Sergey Lavrov","claim_id":1,"url":"http://127.0.0.1:8080/claims/1"}`)
		b.ResetTimer()
		start := time.Now()
		for range b.N {
			req, _ := http.NewRequest(http.MethodPost, rc.srv.URL, strings.NewReader(string(body)))
			ts := clock.Now().Unix()
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
			req.Header.Set(HeaderSignature, Sign(rc.secret, ts, body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		b.StopTimer()
		rc.check()
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "alerts/s")
	})
}

// TestChatTextNeutralisesMarkup: a claim or fact-check quoted in a chat
// alert cannot ping a channel, hide a link or open markup there.
func TestChatTextNeutralisesMarkup(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<!channel> look", "&lt;!channel&gt; look"},
		{"see <https://evil.example|the ministry>", "see &lt;https://evil.example|the ministry&gt;"},
		{"R&D up 5%", "R&amp;D up 5%"},
		{"@here and @channel, (@all)", "@\u2060here and @\u2060channel, (@\u2060all)"},
		{"“@someone” said", "“@\u2060someone” said"},
		{"write to ann@example.com or ann.b@example.org", "write to ann@example.com or ann.b@example.org"},
		{"&lt; stays as typed", "&amp;lt; stays as typed"},
		{"see [the ministry](https://evil.example) now", "see [the ministry]\u2060(https://evil.example) now"},
		{"[the ministry][1] and [1]: https://evil.example", "[the ministry]\u2060[1] and [1]\u2060: https://evil.example"},
	} {
		if got := ChatText(tt.in); got != tt.want {
			t.Errorf("ChatText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// And the body a chat webhook gets carries it so, link last.
	d := review.Delivery{Format: review.WebhookSlack}
	d.Alert.Text, d.Alert.URL = "Claim 4 by @here: <!everyone> R&D", "/claims/4"
	body, err := Body(d, "https://desk.example/")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	if want := "Claim 4 by @\u2060here: &lt;!everyone&gt; R&amp;D\nhttps://desk.example/claims/4"; m["text"] != want {
		t.Errorf("Slack body text %q, want %q", m["text"], want)
	}
}
