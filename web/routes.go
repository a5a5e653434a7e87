package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"claimdesk/review"
)

// access is who may open a page: anyone, anyone logged in, or those the
// store's table of who may do what lets do an action (review.Can); the
// web has no role ladder of its own.
type access struct {
	public bool
	action review.Action // "" when any logged-in user may
}

// The access levels of the route table that name no action.
var (
	accessPublic = access{public: true} // anyone, logged in or not
	accessUser   = access{}             // logged in, any role
)

// accessTo is the access of those who may do a.
func accessTo(a review.Action) access { return access{action: a} }

// handlerFunc is a handler that returns its error to the one wrapper.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// routes is the one route table of the application.
func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	s.router = r
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(s.methodNotAllowed)

	// Platform.
	r.Methods("GET", "HEAD").Path("/healthz").HandlerFunc(s.handleHealth)
	r.Methods("GET", "HEAD").PathPrefix("/static/").Handler(staticHandler())

	// People and sessions.
	s.handle(r, "GET", "/setup", s.handleSetupForm, accessPublic)
	s.handle(r, "POST", "/setup", s.handleSetup, accessPublic)
	s.handle(r, "GET", "/login", s.handleLoginForm, accessPublic)
	s.handle(r, "POST", "/login", s.handleLogin, accessPublic)
	s.handle(r, "POST", "/logout", s.handleLogout, accessPublic)
	s.handle(r, "GET", "/account", s.handleAccount, accessUser)
	s.handle(r, "POST", "/account/password", s.handleAccountPassword, accessUser)

	// Admin.
	users, settings, verdicts := accessTo(review.ActionManageUsers), accessTo(review.ActionManageSettings), accessTo(review.ActionManageVerdicts)
	s.handle(r, "GET", "/admin", s.handleAdmin, users)
	s.handle(r, "GET", "/admin/users", s.handleAdminUsers, users)
	s.handle(r, "POST", "/admin/users", s.handleAdminUserAdd, users)
	s.handle(r, "POST", "/admin/users/{id}/role", s.handleAdminUserRole, users)
	s.handle(r, "POST", "/admin/users/{id}/disable", s.handleAdminUserDisable, users)
	s.handle(r, "POST", "/admin/users/{id}/enable", s.handleAdminUserEnable, users)
	s.handle(r, "POST", "/admin/users/{id}/password", s.handleAdminUserPassword, users)
	s.handle(r, "GET", "/admin/settings", s.handleAdminSettings, settings)
	s.handle(r, "POST", "/admin/settings", s.handleAdminSettingsSave, settings)
	s.handle(r, "GET", "/admin/verdicts", s.handleAdminVerdicts, verdicts)
	s.handle(r, "POST", "/admin/verdicts", s.handleAdminVerdictAdd, verdicts)
	s.handle(r, "POST", "/admin/verdicts/{id}", s.handleAdminVerdictSave, verdicts)
	s.handle(r, "POST", "/admin/verdicts/{id}/delete", s.handleAdminVerdictDelete, verdicts)
	s.handle(r, "GET", "/admin/ratings", s.handleAdminRatings, verdicts)
	s.handle(r, "POST", "/admin/ratings", s.handleAdminRatingSet, verdicts)
	s.handle(r, "POST", "/admin/ratings/{id:[0-9]+}/delete", s.handleAdminRatingDelete, verdicts)
	model := accessTo(review.ActionManageModel)
	s.handle(r, "GET", "/admin/model", s.handleAdminModel, model)
	s.handle(r, "POST", "/admin/model/train", s.handleAdminModelTrain, model)
	s.handle(r, "POST", "/admin/model/use", s.handleAdminModelUse, model)

	// Workbench: dashboard, articles, claims, queue.
	s.handle(r, "GET", "/verdicts.css", s.handleVerdictsCSS, accessPublic)
	s.handle(r, "GET", "/", s.handleDashboard, accessUser)
	s.handle(r, "POST", "/welcome/dismiss", s.handleWelcomeDismiss, settings)
	s.handle(r, "GET", "/articles", s.handleArticleList, accessUser)
	s.handle(r, "GET", "/articles/new", s.handleArticleNew, accessUser)
	s.handle(r, "POST", "/articles", s.handleArticleCreate, accessUser)
	s.handle(r, "POST", "/articles/title", s.handleTitleSuggestion, accessUser)
	s.handle(r, "GET", "/articles/{id:[0-9]+}", s.handleArticleShow, accessUser)
	s.handle(r, "POST", "/articles/{id:[0-9]+}", s.handleArticleUpdate, accessUser)
	s.handle(r, "POST", "/articles/{id:[0-9]+}/claims", s.handleClaimAdd, accessUser)
	s.handle(r, "POST", "/articles/{id:[0-9]+}/merge", s.handleClaimMerge, accessUser)
	s.handle(r, "GET", "/claims", s.handleClaimList, accessUser)
	s.handle(r, "GET", "/claims/{id:[0-9]+}", s.handleClaimShow, accessUser)
	s.handle(r, "POST", "/claims/{id:[0-9]+}", s.handleClaimUpdate, accessUser)
	s.handle(r, "POST", "/claims/{id:[0-9]+}/split", s.handleClaimSplit, accessUser)
	s.handle(r, "POST", "/claims/{id:[0-9]+}/evidence", s.handleEvidenceAdd, accessUser)
	s.handle(r, "POST", "/claims/{id:[0-9]+}/evidence/{eid:[0-9]+}/remove", s.handleEvidenceRemove, accessUser)
	s.handle(r, "POST", "/claims/{id:[0-9]+}/comments", s.handleCommentAdd, accessUser)
	s.handle(r, "GET", "/queue", s.handleQueue, accessUser)
	s.handle(r, "GET", "/claimants", s.handleClaimantList, accessUser)
	s.handle(r, "GET", "/claimants/{id:[0-9]+}", s.handleClaimantShow, accessUser)
	s.handle(r, "POST", "/claimants/{id:[0-9]+}", s.handleClaimantSave, accessTo(review.ActionEditClaimants))
	s.handle(r, "POST", "/claimants/{id:[0-9]+}/merge", s.handleClaimantMerge, accessTo(review.ActionMergeClaimants))

	// Search, "checked before?" matches, bulk actions.
	s.handle(r, "GET", "/search", s.handleSearch, accessUser)
	s.handle(r, "GET", "/match", s.handleMatchPage, accessUser)
	s.handle(r, "GET", "/fact-checks/{id:[0-9]+}", s.handleFactCheckPage, accessUser)
	s.handle(r, "POST", "/claims/bulk", s.handleClaimBulk, accessUser)
	s.handle(r, "POST", "/claims/{id:[0-9]+}/matches/{matchID:[0-9]+}/confirm", s.handleMatchConfirm, accessUser)
	s.handle(r, "POST", "/claims/{id:[0-9]+}/matches/{matchID:[0-9]+}/reject", s.handleMatchReject, accessUser)
	s.handle(r, "POST", "/claims/{id:[0-9]+}/matches/{matchID:[0-9]+}/copy", s.handleMatchCopy, accessUser)

	// The digest of new claims.
	s.handle(r, "GET", "/digest", s.handleDigest, accessUser)
	s.handle(r, "POST", "/digest/claims/{id:[0-9]+}", s.handleDigestAction, accessUser)
	s.handle(r, "POST", "/digest/key", s.handleDigestKey, accessUser)
	s.handle(r, "POST", "/digest/key/revoke", s.handleDigestKeyRevoke, accessUser)
	s.handle(r, "GET", "/digest.atom", s.handleDigestAtom, accessPublic)

	// Feeds the server polls (admins add and remove them).
	feeds := accessTo(review.ActionManageFeeds)
	s.handle(r, "GET", "/feeds", s.handleFeeds, accessUser)
	s.handle(r, "POST", "/feeds", s.handleFeedAdd, feeds)
	s.handle(r, "GET", "/feeds/{id:[0-9]+}", s.handleFeedShow, accessUser)
	s.handle(r, "POST", "/feeds/{id:[0-9]+}/delete", s.handleFeedDelete, feeds)

	// Alerts: the bell list (everyone), the rules (editors and admins),
	// the webhooks (admins).
	rules, hooks := accessTo(review.ActionManageAlerts), accessTo(review.ActionManageWebhooks)
	s.handle(r, "GET", "/alerts", s.handleAlerts, accessUser)
	s.handle(r, "POST", "/alerts/read", s.handleAlertsReadAll, accessUser)
	s.handle(r, "POST", "/alerts/{id:[0-9]+}/read", s.handleAlertRead, accessUser)
	s.handle(r, "GET", "/alert-rules", s.handleAlertRules, rules)
	s.handle(r, "POST", "/alert-rules", s.handleAlertRuleAdd, rules)
	s.handle(r, "POST", "/alert-rules/{id:[0-9]+}/delete", s.handleAlertRuleDelete, rules)
	s.handle(r, "GET", "/webhooks", s.handleWebhooks, hooks)
	s.handle(r, "POST", "/webhooks", s.handleWebhookAdd, hooks)
	s.handle(r, "POST", "/webhooks/{id:[0-9]+}/delete", s.handleWebhookDelete, hooks)

	// Exports (editors and admins).
	export := accessTo(review.ActionExport)
	s.handle(r, "GET", "/export", s.handleExport, export)
	s.handle(r, "GET", "/export/check", s.handleExportCheck, export)
	s.handle(r, "GET", "/claims/{id:[0-9]+}/review", s.handleReviewPage, export)
	s.handle(r, "POST", "/export/claims/{id:[0-9]+}/review-url", s.handleExportReviewURL, accessTo(review.ActionSetReviewURL))

	// JSON API.
	s.handleAPI(r, "POST", "/api/v1/articles", s.handleAPIArticleCreate)
	s.handleAPI(r, "GET", "/api/v1/articles", s.handleAPIArticles)
	s.handleAPI(r, "GET", "/api/v1/articles/{id}", s.handleAPIArticleShow)
	s.handleAPI(r, "GET", "/api/v1/articles/{id}/claims", s.handleAPIArticleClaims)
	s.handleAPI(r, "GET", "/api/v1/claims/{id}", s.handleAPIClaimShow)
	s.handleAPI(r, "PATCH", "/api/v1/claims/{id}", s.handleAPIClaimUpdate)
	s.handleAPI(r, "POST", "/api/v1/claims/{id}/evidence", s.handleAPIEvidenceCreate)
	s.handleAPI(r, "GET", "/api/v1/search", s.handleAPISearch)
	s.handleAPI(r, "GET", "/api/v1/match", s.handleAPIMatch)
	s.handleAPI(r, "GET", "/api/v1/fact-checks/{id}", s.handleAPIFactCheck)
	s.handleAPI(r, "GET", "/api/v1/claimants", s.handleAPIClaimants)
	s.handleAPI(r, "GET", "/api/v1/claimant-names", s.handleAPIClaimantNames)
	s.handleAPI(r, "GET", "/api/v1/claimants/{id}", s.handleAPIClaimantShow)
	s.handleAPI(r, "GET", "/api/v1/digest", s.handleAPIDigest)
	s.handleAPI(r, "GET", "/api/v1/feeds", s.handleAPIFeeds)
	s.handleAPI(r, "POST", "/api/v1/feeds", s.handleAPIFeedCreate)
	s.handleAPI(r, "DELETE", "/api/v1/feeds/{id}", s.handleAPIFeedDelete)
	s.handleAPI(r, "GET", "/api/v1/alerts", s.handleAPIAlerts)
	s.handleAPI(r, "POST", "/api/v1/alerts/read", s.handleAPIAlertsReadAll)
	s.handleAPI(r, "POST", "/api/v1/alerts/{id}/read", s.handleAPIAlertRead)
	s.handleAPI(r, "GET", "/api/v1/alert-rules", s.handleAPIAlertRules)
	s.handleAPI(r, "POST", "/api/v1/alert-rules", s.handleAPIAlertRuleCreate)
	s.handleAPI(r, "DELETE", "/api/v1/alert-rules/{id}", s.handleAPIAlertRuleDelete)
	s.handleAPI(r, "GET", "/api/v1/webhooks", s.handleAPIWebhooks)
	s.handleAPI(r, "POST", "/api/v1/webhooks", s.handleAPIWebhookCreate)
	s.handleAPI(r, "DELETE", "/api/v1/webhooks/{id}", s.handleAPIWebhookDelete)

	return r
}

// handle registers a page route: the access check, then h, with its
// error turned into the right page by pageError. GET routes answer HEAD too.
func (s *Server) handle(r *mux.Router, method, path string, h handlerFunc, a access) {
	methods := []string{method}
	if method == http.MethodGet {
		methods = append(methods, http.MethodHead)
	}
	r.Methods(methods...).Path(path).HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if err := checkAccess(userFrom(req.Context()), a); err != nil {
			s.pageError(w, req, err)
			return
		}
		if err := h(w, req); err != nil {
			s.pageError(w, req, err)
		}
	})
}

// handleAPI registers a JSON API route: the caller is the owner of the
// Bearer token, or, for reads only, the browser's session; errors are JSON.
func (s *Server) handleAPI(r *mux.Router, method, path string, h handlerFunc) {
	r.Methods(method).Path(path).HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		u, err := s.apiUser(req)
		if err != nil {
			s.apiError(w, req, err)
			return
		}
		noteUser(req.Context(), u)
		req = req.WithContext(withUser(req.Context(), u))
		if err := h(w, req); err != nil {
			s.apiError(w, req, err)
		}
	})
}

// apiUser finds who calls the API. A session counts only for GET, so a
// script can be sure every change it makes was made with a token.
func (s *Server) apiUser(r *http.Request) (*review.User, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return nil, review.ErrUnauthorized
		}
		u, err := s.store.UserByToken(r.Context(), strings.TrimSpace(token))
		if err != nil {
			if errors.Is(err, review.ErrUnauthorized) || errors.Is(err, review.ErrNotFound) {
				return nil, review.ErrUnauthorized
			}
			return nil, err
		}
		return u, nil
	}
	if u := userFrom(r.Context()); u != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		return u, nil
	}
	return nil, review.ErrUnauthorized
}

// checkAccess says whether u may open a route of access a:
// ErrUnauthorized (to the login page) when nobody is logged in, the
// store's refusal (ErrForbidden with its sentence) when the table of who
// may do what does not let u do the route's action.
func checkAccess(u *review.User, a access) error {
	switch {
	case a.public:
		return nil
	case u == nil:
		return review.ErrUnauthorized
	case a.action == "":
		return nil
	}
	return review.Authorize(u, a.action)
}

// notFound answers a request no route matched. mux reports a known path
// asked with another method as not found too, so the methods are tried
// here: such a request gets 405 with Allow, anything else 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if allow := s.allowedMethods(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.methodNotAllowed(w, r)
		return
	}
	if isAPI(r) {
		s.writeJSONError(w, http.StatusNotFound, "no such endpoint", nil)
		return
	}
	s.pageError(w, r, review.ErrNotFound)
}

// allowedMethods lists the methods the request's path answers to.
func (s *Server) allowedMethods(r *http.Request) []string {
	if s.router == nil {
		return nil
	}
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		var match mux.RouteMatch
		if s.router.Match(probe, &match) && match.MatchErr == nil {
			allow = append(allow, m)
		}
	}
	return allow
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		s.writeJSONError(w, http.StatusMethodNotAllowed, "method "+r.Method+" is not allowed here", nil)
		return
	}
	s.errorPage(w, r, http.StatusMethodNotAllowed, "Not allowed", "This address does not accept "+r.Method+" requests.", nil)
}

// handleHealth answers 200 ok when the database answers.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.Error("health", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ok"))
}
