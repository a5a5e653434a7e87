package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"claimdesk/review"
)

// statusColors fill the status chart's bars; the same hues as the status
// classes of the stylesheet, dark enough for 3:1 against white.
var statusColors = map[review.Status]string{
	review.StatusNew:         "#0b5cad",
	review.StatusResearching: "#9a6700",
	review.StatusNeedsReview: "#8250df",
	review.StatusDone:        "#1a7f37",
	review.StatusDismissed:   "#57606a",
}

// dashboardData is what the dashboard shows.
type dashboardData struct {
	StatusChart  template.HTML
	VerdictChart template.HTML
	Articles     []articleRow
	Activity     []feedItem
	Open, Done   int
	Unverdicted  int
	// Proposed counts open claims whose verdict nobody signed off: shown
	// apart, never in the verdict chart.
	Proposed int
	// Welcome shows the getting-started box: to an admin, while nobody
	// else has an account and nobody dismissed it.
	Welcome bool
}

// articleRow is an article with its progress, ready for a list.
type articleRow struct {
	review.Article
	Percent int
}

func articleRows(as []review.Article) []articleRow {
	rows := make([]articleRow, len(as))
	for i, a := range as {
		rows[i] = articleRow{Article: a}
		if a.Total > 0 {
			rows[i].Percent = a.Done * 100 / a.Total
		}
	}
	return rows
}

// handleDashboard serves GET /: counts by status and verdict as charts,
// each article's progress, and the newest activity.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := s.store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	verdicts, err := s.store.Verdicts(ctx)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	activity, err := s.store.RecentActivity(ctx, 25)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	d := dashboardData{Articles: articleRows(st.Articles), Activity: groupFeed(activity)}

	var bars []chartBar
	for _, stt := range review.Statuses() {
		n := st.ByStatus[stt]
		bars = append(bars, chartBar{Label: stt.Label(), Value: n, Color: statusColors[stt],
			Href: "/claims?status=" + url.QueryEscape(string(stt))})
		if stt == review.StatusDone {
			d.Done = n
		} else if stt != review.StatusDismissed {
			d.Open += n
		}
	}
	if d.StatusChart, err = renderChart(newBarChart("chart-status", "Claims by status", bars)); err != nil {
		return err
	}

	bars = bars[:0]
	for _, v := range verdicts {
		bars = append(bars, chartBar{Label: v.Name, Value: st.ByVerdict[v.Name], Color: v.Color,
			Href: "/claims?verdict=" + url.QueryEscape(v.Name)})
	}
	// A verdict removed from the scale can still be counted; show it too.
	known := map[string]bool{}
	for _, v := range verdicts {
		known[v.Name] = true
	}
	for name, n := range st.ByVerdict {
		if name != "" && !known[name] {
			bars = append(bars, chartBar{Label: name, Value: n})
		}
	}
	d.Unverdicted = st.ByVerdict[""]
	d.Proposed = st.Proposed
	if d.Welcome, err = s.showWelcome(r); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if d.VerdictChart, err = renderChart(newBarChart("chart-verdict", "Signed-off verdicts", bars)); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "dashboard", d)
}

// showWelcome says whether the dashboard shows the getting-started box:
// only admins can follow its advice (add colleagues), it has nothing to
// say once a colleague has an account, and an admin may dismiss it.
func (s *Server) showWelcome(r *http.Request) (bool, error) {
	ctx := r.Context()
	if !review.Can(userFrom(ctx), review.ActionManageUsers) {
		return false, nil
	}
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 1 {
		return false, err
	}
	hidden, err := s.store.Setting(ctx, review.SettingWelcomeHidden)
	return hidden != "on", err
}

// handleWelcomeDismiss serves POST /welcome/dismiss: the getting-started
// box is not shown again, to anyone.
func (s *Server) handleWelcomeDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.SetSetting(r.Context(), userFrom(r.Context()), review.SettingWelcomeHidden, "on"); err != nil {
		return fmt.Errorf("dismiss the welcome: %w", err)
	}
	s.redirect(w, r, "/")
	return nil
}

// feedItem is a line of the activity feed: one history row, or a run of
// claims found together at one import (Count of them, Candidates of which
// were kept as candidates, FirstID the lowest).
type feedItem struct {
	review.HistoryEntry
	Count      int
	Candidates int
	FirstID    int64
}

// engineFound reports whether h records the claim engine finding a claim
// or a candidate (its To is "engine" or "engine (candidate)").
func engineFound(h review.HistoryEntry) (found, candidate bool) {
	if h.Field != "created" || !strings.HasPrefix(h.To, "engine") {
		return false, false
	}
	return true, h.To != "engine"
}

// groupFeed folds the rows an import writes, one per claim or candidate
// found, into one line, so a single import does not push everyone's work
// off the feed, and a candidate among the claims does not break the line.
func groupFeed(hs []review.HistoryEntry) []feedItem {
	var out []feedItem
	for _, h := range hs {
		found, cand := engineFound(h)
		c := 0
		if cand {
			c = 1
		}
		if n := len(out); n > 0 && h.Field == "created" {
			last := &out[n-1]
			lastFound, _ := engineFound(last.HistoryEntry)
			if last.Field == "created" && last.User == h.User && last.Note == h.Note && (last.To == h.To || found && lastFound) {
				last.Count++
				last.Candidates += c
				if h.ClaimID < last.FirstID {
					last.FirstID = h.ClaimID
				}
				continue
			}
		}
		out = append(out, feedItem{HistoryEntry: h, Count: 1, Candidates: c, FirstID: h.ClaimID})
	}
	return out
}
