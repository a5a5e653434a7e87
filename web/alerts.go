package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"claimdesk/review"
)

// alertsPageSize is how many alerts the bell list shows a page.
const alertsPageSize = 50

// alertsData is the bell list: a page of alerts, newest first.
type alertsData struct {
	Alerts []review.Alert
	Unread int
	// Older is the id to list from for the next page (0: none).
	Older int64
}

// handleAlerts serves GET /alerts: the alerts, newest first, each with a
// link to its claim and whether the person has read it.
func (s *Server) handleAlerts(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	as, err := s.store.Alerts(r.Context(), u.ID, before, alertsPageSize+1)
	if err != nil {
		return err
	}
	d := alertsData{Alerts: as}
	if len(as) > alertsPageSize {
		d.Alerts = as[:alertsPageSize]
		d.Older = d.Alerts[alertsPageSize-1].ID
	}
	if d.Unread, err = s.store.UnreadAlerts(r.Context(), u.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "alerts", d)
}

// handleAlertRead serves POST /alerts/{id}/read: one alert read, back to
// the list (or to the claim, when the form says so).
func (s *Server) handleAlertRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.store.MarkAlertRead(r.Context(), userFrom(r.Context()), id); err != nil {
		return err
	}
	s.redirect(w, r, localTarget(r.PostForm.Get("back"), "/alerts"))
	return nil
}

// handleAlertsReadAll serves POST /alerts/read: every alert read.
func (s *Server) handleAlertsReadAll(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	n, err := s.store.MarkAllAlertsRead(r.Context(), userFrom(r.Context()))
	if err != nil {
		return err
	}
	s.flash(w, r, plural(n, "alert")+" marked read.")
	s.redirect(w, r, "/alerts")
	return nil
}

// alertRulesData is the rules page: the rules and the add form with its
// choices.
type alertRulesData struct {
	Rules     []review.AlertRule
	Feeds     []review.Feed
	Claimants []review.Claimant
	Form      *formData
}

func (s *Server) renderAlertRules(w http.ResponseWriter, r *http.Request, status int, f *formData) error {
	rules, err := s.store.AlertRules(r.Context())
	if err != nil {
		return err
	}
	feeds, err := s.store.Feeds(r.Context())
	if err != nil {
		return err
	}
	ks, err := s.store.Claimants(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, status, "alert_rules", alertRulesData{Rules: rules, Feeds: feeds, Claimants: ks, Form: f})
}

// handleAlertRules serves GET /alert-rules (editors and admins).
func (s *Server) handleAlertRules(w http.ResponseWriter, r *http.Request) error {
	return s.renderAlertRules(w, r, http.StatusOK, newForm(url.Values{"kind": {string(review.AlertFalseMatch)}}))
}

// newAlertRuleInput reads a rule as a form or the API writes it: the
// threshold as text ("0.8"; empty: none) and the feed's id ("" or "0":
// any feed).
func newAlertRuleInput(kind, claimant, feed, threshold string) (review.NewAlertRule, error) {
	in := review.NewAlertRule{Kind: kind, Claimant: claimant}
	if feed = strings.TrimSpace(feed); feed != "" {
		id, err := strconv.ParseInt(feed, 10, 64)
		if err != nil || id < 0 {
			return in, review.Invalid("feed", "choose a feed from the list, or any feed")
		}
		in.FeedID = id
	}
	if threshold = strings.TrimSpace(threshold); threshold != "" {
		t, err := strconv.ParseFloat(threshold, 64)
		if err != nil {
			return in, review.Invalid("threshold", fmt.Sprintf("the threshold is a score from 0 to 1, like 0.8 (got %q)", threshold))
		}
		in.Threshold = &t
	}
	return in, nil
}

// handleAlertRuleAdd serves POST /alert-rules (editors and admins). The
// form sends every field; those the kind does not take are dropped.
func (s *Server) handleAlertRuleAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	vals := url.Values{}
	for _, k := range []string{"kind", "claimant", "feed", "threshold"} {
		vals.Set(k, strings.TrimSpace(r.PostForm.Get(k)))
	}
	f := newForm(vals)
	kind := review.AlertKind(vals.Get("kind"))
	claimant, feed, threshold := vals.Get("claimant"), vals.Get("feed"), vals.Get("threshold")
	if kind != review.AlertClaimant {
		claimant = ""
	}
	if kind != review.AlertScore {
		feed, threshold = "", ""
	}
	in, err := newAlertRuleInput(string(kind), claimant, feed, threshold)
	if err == nil {
		var rule *review.AlertRule
		if rule, err = s.store.AddAlertRule(r.Context(), userFrom(r.Context()), in); err == nil {
			s.flash(w, r, fmt.Sprintf("Rule %d was added: %s.", rule.ID, rule.Description))
			s.redirect(w, r, "/alert-rules")
			return nil
		}
	}
	if v, ok := review.AsValidation(err); ok {
		f.fieldErrors(v, nil, "kind", "claimant", "feed", "threshold")
		return s.renderAlertRules(w, r, http.StatusUnprocessableEntity, f)
	}
	return err
}

// handleAlertRuleDelete serves POST /alert-rules/{id}/delete.
func (s *Server) handleAlertRuleDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.store.DeleteAlertRule(r.Context(), userFrom(r.Context()), id); err != nil {
		return err
	}
	s.flash(w, r, fmt.Sprintf("Rule %d was removed; the alerts it raised stay.", id))
	s.redirect(w, r, "/alert-rules")
	return nil
}

// webhooksData is the webhooks page: every webhook with its deliveries,
// the final failures, the add form, and a new webhook's secret (shown on
// the answer to its POST only).
type webhooksData struct {
	Webhooks  []review.Webhook
	Failed    []review.Delivery
	Form      *formData
	NewSecret string
	NewID     int64
}

func (s *Server) renderWebhooks(w http.ResponseWriter, r *http.Request, status int, d webhooksData) error {
	var err error
	if d.Webhooks, err = s.store.Webhooks(r.Context()); err != nil {
		return err
	}
	if d.Failed, err = s.store.FailedDeliveries(r.Context(), 20); err != nil {
		return err
	}
	return s.render(w, r, status, "webhooks", d)
}

// handleWebhooks serves GET /webhooks (admins).
func (s *Server) handleWebhooks(w http.ResponseWriter, r *http.Request) error {
	return s.renderWebhooks(w, r, http.StatusOK, webhooksData{Form: newForm(url.Values{"format": {string(review.WebhookSlack)}})})
}

// handleWebhookAdd serves POST /webhooks (admins): the page again, with
// the new webhook's secret, shown this once.
func (s *Server) handleWebhookAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	vals := url.Values{"url": {strings.TrimSpace(r.PostForm.Get("url"))}, "format": {strings.TrimSpace(r.PostForm.Get("format"))}}
	if r.PostForm.Get("allow_private") != "" {
		vals.Set("allow_private", "1")
	}
	hook, secret, err := s.store.AddWebhook(r.Context(), userFrom(r.Context()),
		review.NewWebhook{URL: vals.Get("url"), Format: vals.Get("format"), AllowPrivate: vals.Get("allow_private") != ""})
	if err == nil {
		s.store.WakeAlerts()
		return s.renderWebhooks(w, r, http.StatusOK, webhooksData{Form: newForm(url.Values{"format": {string(review.WebhookSlack)}}),
			NewSecret: secret, NewID: hook.ID})
	}
	if v, ok := review.AsValidation(err); ok {
		f := newForm(vals)
		f.fieldErrors(v, nil, "url", "format")
		return s.renderWebhooks(w, r, http.StatusUnprocessableEntity, webhooksData{Form: f})
	}
	return err
}

// handleWebhookDelete serves POST /webhooks/{id}/delete (admins).
func (s *Server) handleWebhookDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.store.DeleteWebhook(r.Context(), userFrom(r.Context()), id); err != nil {
		return err
	}
	s.flash(w, r, fmt.Sprintf("Webhook %d was removed with its pending deliveries.", id))
	s.redirect(w, r, "/webhooks")
	return nil
}

// --- JSON API -----------------------------------------------------------------

// apiNewAlertRule is the body of POST /api/v1/alert-rules.
type apiNewAlertRule struct {
	Kind       string   `json:"kind"`
	Claimant   string   `json:"claimant"`
	ClaimantID int64    `json:"claimant_id"`
	FeedID     int64    `json:"feed_id"`
	Threshold  *float64 `json:"threshold"`
}

// handleAPIAlertRules serves GET /api/v1/alert-rules.
func (s *Server) handleAPIAlertRules(w http.ResponseWriter, r *http.Request) error {
	if err := review.Authorize(userFrom(r.Context()), review.ActionManageAlerts); err != nil {
		return err
	}
	rules, err := s.store.AlertRules(r.Context())
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, struct {
		Rules []review.AlertRule `json:"rules"`
	}{nonNil(rules)})
	return nil
}

// handleAPIAlertRuleCreate serves POST /api/v1/alert-rules (editors and
// admins): 201 with the rule.
func (s *Server) handleAPIAlertRuleCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiNewAlertRule
	if err := s.readJSON(r, &in); err != nil {
		return err
	}
	rule, err := s.store.AddAlertRule(r.Context(), userFrom(r.Context()), review.NewAlertRule{Kind: in.Kind, Claimant: in.Claimant,
		ClaimantID: in.ClaimantID, FeedID: in.FeedID, Threshold: in.Threshold})
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/alert-rules/%d", rule.ID))
	s.writeJSON(w, http.StatusCreated, rule)
	return nil
}

// handleAPIAlertRuleDelete serves DELETE /api/v1/alert-rules/{id}: 204.
func (s *Server) handleAPIAlertRuleDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteAlertRule(r.Context(), userFrom(r.Context()), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleAPIAlerts serves GET /api/v1/alerts?before=ID&limit=N: the
// caller's alerts, newest first, and how many are unread.
func (s *Server) handleAPIAlerts(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	q := r.URL.Query()
	var before int64
	limit := alertsPageSize
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return review.Invalid("before", "before is an alert's id, a whole number")
		}
		before = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return review.Invalid("limit", "limit is a whole number from 1 to 500")
		}
		limit = n
	}
	as, err := s.store.Alerts(r.Context(), u.ID, before, limit)
	if err != nil {
		return err
	}
	n, err := s.store.UnreadAlerts(r.Context(), u.ID)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, struct {
		Alerts []review.Alert `json:"alerts"`
		Unread int            `json:"unread"`
	}{as, n})
	return nil
}

// handleAPIAlertRead serves POST /api/v1/alerts/{id}/read: 204.
func (s *Server) handleAPIAlertRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.MarkAlertRead(r.Context(), userFrom(r.Context()), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleAPIAlertsReadAll serves POST /api/v1/alerts/read: how many were
// unread.
func (s *Server) handleAPIAlertsReadAll(w http.ResponseWriter, r *http.Request) error {
	n, err := s.store.MarkAllAlertsRead(r.Context(), userFrom(r.Context()))
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, struct {
		Marked int `json:"marked"`
	}{n})
	return nil
}

// apiNewWebhook is the body of POST /api/v1/webhooks.
type apiNewWebhook struct {
	URL          string `json:"url"`
	Format       string `json:"format"`
	AllowPrivate bool   `json:"allow_private"`
}

// handleAPIWebhooks serves GET /api/v1/webhooks (admins): no secrets.
func (s *Server) handleAPIWebhooks(w http.ResponseWriter, r *http.Request) error {
	if err := review.Authorize(userFrom(r.Context()), review.ActionManageWebhooks); err != nil {
		return err
	}
	hooks, err := s.store.Webhooks(r.Context())
	if err != nil {
		return err
	}
	failed, err := s.store.FailedDeliveries(r.Context(), 20)
	if err != nil {
		return err
	}
	s.writeJSON(w, http.StatusOK, struct {
		Webhooks []review.Webhook  `json:"webhooks"`
		Failed   []review.Delivery `json:"failed_deliveries"`
	}{nonNil(hooks), nonNil(failed)})
	return nil
}

// handleAPIWebhookCreate serves POST /api/v1/webhooks (admins): 201 with
// the webhook and its secret, given this once.
func (s *Server) handleAPIWebhookCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiNewWebhook
	if err := s.readJSON(r, &in); err != nil {
		return err
	}
	hook, secret, err := s.store.AddWebhook(r.Context(), userFrom(r.Context()), review.NewWebhook{URL: in.URL, Format: in.Format, AllowPrivate: in.AllowPrivate})
	if err != nil {
		return err
	}
	s.store.WakeAlerts()
	w.Header().Set("Location", fmt.Sprintf("/api/v1/webhooks/%d", hook.ID))
	s.writeJSON(w, http.StatusCreated, struct {
		*review.Webhook
		Secret string `json:"secret"`
	}{hook, secret})
	return nil
}

// handleAPIWebhookDelete serves DELETE /api/v1/webhooks/{id} (admins): 204.
func (s *Server) handleAPIWebhookDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteWebhook(r.Context(), userFrom(r.Context()), id); err != nil {
		if errors.Is(err, review.ErrNotFound) {
			return fmt.Errorf("webhook %d: %w", id, review.ErrNotFound)
		}
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
