package monitor

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"claimdesk/review"
)

// The headers every delivery carries.
const (
	// HeaderTimestamp is the try's time in Unix seconds.
	HeaderTimestamp = "X-Claimdesk-Timestamp"
	// HeaderSignature is "sha256=" and the hex HMAC-SHA256 of the
	// timestamp, ".", and the body, keyed with the webhook's secret.
	HeaderSignature = "X-Claimdesk-Signature"
	// HeaderDelivery is the delivery's id: the same on every try, so a
	// receiver can drop a repeat (delivery is at least once).
	HeaderDelivery = "X-Claimdesk-Delivery"
)

// DefaultSendBatch is how many due deliveries one round of the sender
// takes.
const DefaultSendBatch = 64

// Sign returns the value of HeaderSignature for body sent at timestamp ts.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(ts, 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// SenderOptions tune a Sender; zero values take the defaults.
type SenderOptions struct {
	Logger *slog.Logger
	// BaseURL makes the claim's link absolute ("http://127.0.0.1:8080").
	BaseURL  string
	Resolver Resolver      // how host names are looked up (tests: a stub)
	Timeout  time.Duration // one POST; default 10 s
	Batch    int
	// Now is the clock of the tries, their back-off and their timestamps
	// (tests move it by hand); default the store's.
	Now func() time.Time
	// guardPublic, when set (tests), says which addresses count as public.
	guardPublic func(netip.AddrPort) bool
}

// Sender delivers the webhook outbox: each due delivery is POSTed,
// signed, to its webhook, and recorded as delivered on a 2xx answer or
// tried again later (review.DeliveryBackoff) until it finally fails. It
// runs beside the poller and never waits for it, nor the poller for it.
type Sender struct {
	store           *review.Store
	opt             SenderOptions
	public, private *http.Client
}

// NewSender returns a Sender over store.
func NewSender(store *review.Store, opt SenderOptions) *Sender {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	opt.Timeout = cmp.Or(opt.Timeout, 10*time.Second)
	opt.Batch = cmp.Or(opt.Batch, DefaultSendBatch)
	if opt.Now == nil {
		opt.Now = store.Now
	}
	opt.BaseURL = strings.TrimRight(opt.BaseURL, "/")
	co := clientOptions{resolve: opt.Resolver, timeout: opt.Timeout, public: opt.guardPublic}
	s := &Sender{store: store, opt: opt, public: webhookClient(co)}
	co.allowPrivate = true
	s.private = webhookClient(co)
	return s
}

// webhookClient is the guarded client with redirects not followed: a
// webhook that moved answers 3xx, which is a failed try.
func webhookClient(o clientOptions) *http.Client {
	c := newClient(o)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// Run delivers what is due until ctx ends: at once, whenever the store
// stores new alerts, when the next retry is due, and at least every
// maxIdle (alerts raised by another process, such as claimdesk import).
// A try in flight when ctx ends is abandoned unrecorded, so it is made
// again after a restart.
func (s *Sender) Run(ctx context.Context) {
	if n, err := s.store.EvaluateAlertsSince(ctx, s.opt.Now().Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
		s.opt.Logger.Error("alerts catch-up", "err", err)
	} else if n > 0 {
		s.opt.Logger.Info("alerts raised at start", "alerts", n)
	}
	for {
		n, err := s.SendDue(ctx)
		if err != nil && ctx.Err() == nil {
			s.opt.Logger.Error("webhooks", "err", err)
		}
		if ctx.Err() != nil {
			return
		}
		if n > 0 && err == nil {
			continue // the next alert of each rule may be due now
		}
		wait := maxIdle
		if next, ok, err := s.store.NextDelivery(ctx); err == nil && ok {
			wait = min(max(next.Sub(s.opt.Now()), 100*time.Millisecond), maxIdle)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.store.AlertsStored():
		case <-t.C:
		}
		t.Stop()
	}
}

// SendDue makes one round: it tries every due delivery (for each rule and
// webhook, the first still pending), the webhooks side by side and each
// webhook's deliveries one after the other, and returns how many were
// delivered.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	due, err := s.store.DueDeliveries(ctx, s.opt.Now(), s.opt.Batch)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	byHook := map[int64][]review.Delivery{}
	var order []int64
	for _, d := range due {
		if _, ok := byHook[d.WebhookID]; !ok {
			order = append(order, d.WebhookID)
		}
		byHook[d.WebhookID] = append(byHook[d.WebhookID], d)
	}
	var mu sync.Mutex
	delivered := 0
	var errs []error
	var wg sync.WaitGroup
	for _, id := range order {
		wg.Go(func() {
			for _, d := range byHook[id] {
				if ctx.Err() != nil {
					return
				}
				state, err := s.Deliver(ctx, d)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else if state == review.DeliveryDelivered {
					delivered++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return delivered, errors.Join(errs...)
}

// Deliver makes one try of d and records it; the error is the store's
// (a refused or failed try is recorded on the delivery, not returned).
func (s *Sender) Deliver(ctx context.Context, d review.Delivery) (review.DeliveryState, error) {
	at := s.opt.Now()
	failure, final := s.post(ctx, d, at)
	if ctx.Err() != nil {
		return review.DeliveryPending, ctx.Err()
	}
	if failure != "" {
		s.opt.Logger.Warn("webhook delivery failed", "webhook", d.WebhookID, "delivery", d.ID, "attempt", d.Attempts+1, "err", failure)
	}
	state, err := s.store.RecordDelivery(ctx, d.ID, at, failure, final)
	if errors.Is(err, review.ErrNotFound) {
		return review.DeliveryPending, nil // its webhook, alert or claim was deleted meanwhile
	}
	return state, err
}

// alertBody is the alert as a raw webhook receives it: the alert with
// its delivery's id, without the per-user read mark (the outer Read, nil,
// hides the alert's own and is left out).
type alertBody struct {
	Delivery int64 `json:"delivery"`
	review.Alert
	Read *bool `json:"read,omitempty"`
}

// Body is what d's webhook receives: {"text": ...} (Slack, Mattermost)
// or the alert as JSON, its link made absolute with baseURL.
func Body(d review.Delivery, baseURL string) ([]byte, error) {
	a := d.Alert
	link := strings.TrimRight(baseURL, "/") + a.URL
	if d.Format == review.WebhookSlack {
		return json.Marshal(map[string]string{"text": ChatText(a.Text) + "\n" + link})
	}
	a.URL = link
	return json.Marshal(alertBody{Delivery: d.ID, Alert: a})
}

// post sends d once at at; failure is "" on a 2xx answer, else why not,
// and final when no later try can succeed (the guard refused the address).
func (s *Sender) post(ctx context.Context, d review.Delivery, at time.Time) (failure string, final bool) {
	body, err := Body(d, s.opt.BaseURL)
	if err != nil {
		return "the alert could not be written as JSON: " + err.Error(), true
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Sprintf("the webhook's address cannot be requested: %v", err), true
	}
	ts := at.Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "claimdesk-webhook/1")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(d.Secret, ts, body))
	req.Header.Set(HeaderDelivery, strconv.FormatInt(d.ID, 10))
	client := s.public
	if d.AllowPrivate {
		client = s.private
	}
	resp, err := client.Do(req)
	if err != nil {
		var pe *PrivateAddressError
		return fetchError("the webhook", err).Error(), errors.As(err, &pe)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		msg := fmt.Sprintf("the webhook answered %s", resp.Status)
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			msg += " (redirects are not followed: give the address it moved to)"
		}
		return msg, false
	}
	return "", false
}

// chatLinks put a word joiner where Markdown would join a link's parts.
var chatLinks = strings.NewReplacer("](", "]\u2060(", "][", "]\u2060[", "]:", "]\u2060:")

// ChatText makes an alert's text safe to post to a chat channel (Slack,
// Mattermost). The text quotes claims and published fact-checks, which
// come from articles and feeds anyone can write, so none of it may act as
// markup there: &, < and > are escaped as Slack asks (so "<!channel>" or
// "<https://evil|a safe link>" stay text), a Markdown link's "](" gets a
// word joiner (U+2060) inside it (Mattermost would show only its label),
// and an @ that starts a word
// gets a word joiner (U+2060) after it, so "@channel", "@here", "@all" or
// "@someone" notify nobody while they read the same. An address such as
// ann@example.com is left alone.
func ChatText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	prev := ' '
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '@':
			b.WriteRune(r)
			if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) && prev != '_' && prev != '.' {
				b.WriteRune('\u2060')
			}
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	// Mattermost reads Markdown: "[label](address)" would show the label
	// only. A word joiner between the two parts leaves both as text.
	// The same for a reference link, "[label][ref]" or "[ref]: address".
	return chatLinks.Replace(b.String())
}
