package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// WebhookFormat is the body a webhook receives.
type WebhookFormat string

// The formats of a webhook's body.
const (
	// WebhookSlack is {"text": ...}, which Slack and Mattermost show.
	WebhookSlack WebhookFormat = "slack"
	// WebhookRaw is the alert as JSON.
	WebhookRaw WebhookFormat = "raw"
)

// Limits of the webhook outbox.
const (
	// MaxDeliveryAttempts is how many times a delivery is tried before it
	// finally fails.
	MaxDeliveryAttempts = 8
	// firstDeliveryBackoff and maxDeliveryBackoff bound the wait between
	// two tries of a delivery.
	firstDeliveryBackoff = 10 * time.Second
	maxDeliveryBackoff   = time.Hour
	// WebhookSecretPrefix starts every webhook's secret.
	WebhookSecretPrefix = "cdw_"
)

// DeliveryBackoff is how long a delivery waits after its attempts-th
// failed try: 10 s, doubled after each further failure, at most an hour.
func DeliveryBackoff(attempts int) time.Duration {
	d := firstDeliveryBackoff
	for i := 1; i < attempts && d < maxDeliveryBackoff; i++ {
		d *= 2
	}
	return min(d, maxDeliveryBackoff)
}

// Webhook is an address admins configured to receive every alert.
type Webhook struct {
	ID           int64         `json:"id"`
	URL          string        `json:"url"`
	Format       WebhookFormat `json:"format"`
	AllowPrivate bool          `json:"allow_private"`
	// Secret signs every delivery; it is shown once, when the webhook is
	// added, and never listed.
	Secret    string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	// Counts of its deliveries by state, and its last error.
	Delivered int    `json:"delivered"`
	Pending   int    `json:"pending"`
	Failed    int    `json:"failed"`
	LastError string `json:"last_error"`
}

// NewWebhook is a webhook an admin adds; Format "" is WebhookSlack.
type NewWebhook struct {
	URL          string
	Format       string
	AllowPrivate bool
}

// DeliveryState is where a delivery is in the outbox.
type DeliveryState string

// The delivery states.
const (
	DeliveryPending   DeliveryState = "pending"
	DeliveryDelivered DeliveryState = "delivered"
	DeliveryFailed    DeliveryState = "failed" // finally, after MaxDeliveryAttempts
)

// Delivery is one alert for one webhook in the outbox.
type Delivery struct {
	ID           int64         `json:"id"`
	WebhookID    int64         `json:"webhook_id"`
	URL          string        `json:"url"`
	Format       WebhookFormat `json:"format"`
	Secret       string        `json:"-"`
	AllowPrivate bool          `json:"-"`
	State        DeliveryState `json:"state"`
	Attempts     int           `json:"attempts"`
	LastError    string        `json:"last_error"`
	DoneAt       time.Time     `json:"done_at,omitzero"`
	Alert        Alert         `json:"alert"`
}

// ValidateWebhookURL is the rule of a webhook's address: an absolute
// http or https address with a host and no user name, at most 2048
// bytes. It returns the address trimmed.
func ValidateWebhookURL(raw string) (string, error) {
	return checkRemoteURL(raw, "the webhook's address", "https://chat.example.org/hooks/abc")
}

// checkRemoteURL is the check of an address the server fetches or posts
// to (a feed, a webhook): what names it in messages, and an example.
func checkRemoteURL(raw, what, example string) (string, error) {
	v := &ValidationError{}
	u := checkURL(v, "url", raw, false)
	if err := v.Err(); err != nil {
		return "", err
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || p.Hostname() == "" {
		return "", Invalid("url", what+" needs a host name, like "+example)
	}
	if p.User != nil {
		return "", Invalid("url", what+" may not carry a user name or password")
	}
	return u, nil
}

// AddWebhook adds a webhook (admins; the shell too) and returns it with
// its secret, which is shown this once. Every alert raised from now on is
// delivered to it.
func (s *Store) AddWebhook(ctx context.Context, actor *User, in NewWebhook) (*Webhook, string, error) {
	if err := authorize(actor, ActionManageWebhooks); err != nil {
		return nil, "", fmt.Errorf("add webhook: %w", err)
	}
	u, err := ValidateWebhookURL(in.URL)
	if err != nil {
		return nil, "", fmt.Errorf("add webhook: %w", err)
	}
	format := WebhookFormat(strings.TrimSpace(in.Format))
	if format == "" {
		format = WebhookSlack
	}
	if format != WebhookSlack && format != WebhookRaw {
		return nil, "", fmt.Errorf("add webhook: %w", Invalid("format", fmt.Sprintf(`the body is "slack" ({"text": ...}, for Slack and Mattermost) or "raw" (the alert as JSON), not %q`, in.Format)))
	}
	raw, err := randomID()
	if err != nil {
		return nil, "", fmt.Errorf("add webhook: %w", err)
	}
	secret := WebhookSecretPrefix + raw
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var other int64
		switch err := tx.QueryRowContext(ctx, `SELECT id FROM webhooks WHERE url = ?`, u).Scan(&other); {
		case err == nil:
			return Invalid("url", fmt.Sprintf("this address was added before, as webhook %d", other))
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO webhooks (url, format, secret, allow_private, created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, u, format, secret, in.AllowPrivate, actorID(actor), fmtTime(s.now())).Scan(&id)
	})
	if err != nil {
		return nil, "", fmt.Errorf("add webhook: %w", err)
	}
	w, err := s.Webhook(ctx, id)
	return w, secret, err
}

// DeleteWebhook removes a webhook and its deliveries (admins).
func (s *Store) DeleteWebhook(ctx context.Context, actor *User, id int64) error {
	if err := authorize(actor, ActionManageWebhooks); err != nil {
		return fmt.Errorf("delete webhook: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete webhook %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delete webhook %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

const webhookColumns = `w.id, w.url, w.format, w.secret, w.allow_private, w.created_at,
 (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.state = 'delivered'),
 (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.state = 'pending'),
 (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.state = 'failed'),
 coalesce((SELECT d.last_error FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.last_error <> '' AND d.state <> 'delivered' ORDER BY d.id DESC LIMIT 1), '')
FROM webhooks w`

func scanWebhook(sc interface{ Scan(...any) error }) (*Webhook, error) {
	var w Webhook
	var created string
	if err := sc.Scan(&w.ID, &w.URL, &w.Format, &w.Secret, &w.AllowPrivate, &created, &w.Delivered, &w.Pending, &w.Failed, &w.LastError); err != nil {
		return nil, err
	}
	w.CreatedAt = parseTime(created)
	return &w, nil
}

// Webhook returns one webhook.
func (s *Store) Webhook(ctx context.Context, id int64) (*Webhook, error) {
	w, err := scanWebhook(s.db.Read.QueryRowContext(ctx, `SELECT `+webhookColumns+` WHERE w.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "webhook %d", id)
	}
	return w, nil
}

// Webhooks lists the webhooks, oldest first, with their deliveries' counts.
func (s *Store) Webhooks(ctx context.Context) ([]Webhook, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+webhookColumns+` ORDER BY w.id`)
	if err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	defer rows.Close()
	out := []Webhook{}
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, fmt.Errorf("webhooks: %w", err)
		}
		out = append(out, *w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	return out, nil
}

// deliveryHeads is the outbox's order rule: a pending delivery is due
// only when no earlier delivery of the same rule to the same webhook is
// still pending, so a rule's alerts reach each webhook in order.
const deliveryHeads = `d.state = 'pending' AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
 WHERE e.state = 'pending' AND e.webhook_id = d.webhook_id AND e.rule_id = d.rule_id AND e.id < d.id)`

const deliveryColumns = `d.id, d.webhook_id, w.url, w.format, w.secret, w.allow_private, d.state, d.attempts, d.last_error, d.done_at, d.alert_id
FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id`

func (s *Store) queryDeliveries(ctx context.Context, q string, args ...any) ([]Delivery, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+deliveryColumns+` `+q, args...)
	if err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var done string
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.URL, &d.Format, &d.Secret, &d.AllowPrivate, &d.State, &d.Attempts, &d.LastError, &done, &d.Alert.ID); err != nil {
			rows.Close()
			return nil, fmt.Errorf("deliveries: %w", err)
		}
		if done != "" {
			d.DoneAt = parseTime(done)
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	for i := range out {
		a, err := s.GetAlert(ctx, 0, out[i].Alert.ID)
		if err != nil {
			return nil, fmt.Errorf("deliveries: %w", err)
		}
		a.Read = false
		out[i].Alert = *a
	}
	return out, nil
}

// DueDeliveries lists up to limit deliveries to try at at: pending, their
// wait over, and each the first pending one of its rule for its webhook.
func (s *Store) DueDeliveries(ctx context.Context, at time.Time, limit int) ([]Delivery, error) {
	return s.queryDeliveries(ctx, `WHERE `+deliveryHeads+` AND d.next_attempt_at <= ? ORDER BY d.id LIMIT ?`, fmtTime(at), limit)
}

// FailedDeliveries lists the deliveries that finally failed, newest first
// (limit 0: 20): the webhooks page shows them.
func (s *Store) FailedDeliveries(ctx context.Context, limit int) ([]Delivery, error) {
	if limit <= 0 {
		limit = 20
	}
	return s.queryDeliveries(ctx, `WHERE d.state = 'failed' ORDER BY d.id DESC LIMIT ?`, limit)
}

// NextDelivery is when the next due delivery may be tried; false when
// nothing is pending.
func (s *Store) NextDelivery(ctx context.Context) (time.Time, bool, error) {
	var next sql.NullString
	if err := s.db.Read.QueryRowContext(ctx, `SELECT min(d.next_attempt_at) FROM webhook_deliveries d WHERE `+deliveryHeads).Scan(&next); err != nil {
		return time.Time{}, false, fmt.Errorf("next delivery: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return parseTime(next.String), true, nil
}

// RecordDelivery records one try of a delivery at at: failure "" is a
// delivery (the receiver answered 2xx), which leaves the outbox; anything
// else is kept as its last error and tried again after DeliveryBackoff,
// or, at the MaxDeliveryAttempts-th try or when final (no later try can
// succeed), fails finally: the rule's next alert may then go. It returns
// the delivery's state after the try.
func (s *Store) RecordDelivery(ctx context.Context, id int64, at time.Time, failure string, final bool) (DeliveryState, error) {
	var state DeliveryState
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var attempts int
		if err := tx.QueryRowContext(ctx, `SELECT attempts, state FROM webhook_deliveries WHERE id = ?`, id).Scan(&attempts, &state); err != nil {
			return notFound(err, "delivery %d", id)
		}
		if state != DeliveryPending {
			return nil // recorded before (a try that overlapped a restart)
		}
		attempts++
		now := fmtTime(at)
		if failure == "" {
			state = DeliveryDelivered
			_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = 'delivered', attempts = ?, last_error = '', done_at = ? WHERE id = ?`, attempts, now, id)
			return err
		}
		msg := cutRunes(oneLine(failure), maxFeedErrorRunes)
		if final || attempts >= MaxDeliveryAttempts {
			state = DeliveryFailed
			_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET state = 'failed', attempts = ?, last_error = ?, done_at = ? WHERE id = ?`, attempts, msg, now, id)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?`,
			attempts, msg, fmtTime(at.Add(DeliveryBackoff(attempts))), id)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("record delivery: %w", err)
	}
	return state, nil
}
