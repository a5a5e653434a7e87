package main

import (
	"bytes"
	"cmp"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"claimdesk/monitor"
	"claimdesk/review"
	"claimdesk/review/report"
	"claimdesk/web"
)

// demoArticle is the sample article --demo loads (see demo/README.md).
//
//go:embed demo/article.txt
var demoArticle string

// demoFactChecks is the sample fact-check feed --demo loads (invented
// reviews; see demo/README.md).
//
//go:embed demo/factchecks.claimreview.json
var demoFactChecks []byte

// shutdownGrace is how long requests in flight get to finish after a
// signal before the server closes their connections.
const shutdownGrace = 10 * time.Second

// cmdServe runs the web server until ctx ends (SIGINT or SIGTERM), then
// shuts down gracefully and returns nil.
func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("serve", e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT` (localhost only unless told otherwise; port 0 picks a free one)")
	dbPath := dbFlag(fs, e)
	demo := fs.Bool("demo", false, "load the sample article and the sample fact-check feed when the database has none")
	maxBody := fs.Int64("max-body", web.DefaultMaxBodyBytes, "largest request body in `BYTES`")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure (behind a TLS-terminating proxy)")
	publicURL := fs.String("public-url", "", "the desk's address as people reach it, for the claim links in webhook messages (default http://ADDR)")
	var proxies []netip.Prefix
	fs.Func("trusted-proxy", "trust X-Forwarded-For from the reverse proxy at `CIDR` (or one address); repeatable", func(v string) error {
		p, err := parseProxy(v)
		if err == nil {
			proxies = append(proxies, p)
		}
		return err
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments (got %q)", fs.Arg(0))
	}
	if *publicURL != "" {
		if _, err := review.ValidateWebhookURL(*publicURL); err != nil {
			return usagef("--public-url: %s", review.Reason(err))
		}
	}
	if *maxBody < 1024 {
		return usagef("--max-body must be at least 1024 bytes (got %d)", *maxBody)
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()

	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	// Claims from before statements and claimants get the engine's
	// suggestion and their speaker's claimant while the server runs;
	// stopped (and waited for) before the database closes.
	fillCtx, stopFill := context.WithCancel(ctx)
	fillDone := make(chan struct{})
	go func() {
		defer close(fillDone)
		fillStatements(fillCtx, store, logger)
	}()
	defer func() { stopFill(); <-fillDone }()
	if *demo {
		if err := loadDemo(ctx, store, logger); err != nil {
			return err
		}
	}
	srv, err := web.New(store, web.Config{Addr: *addr, MaxBodyBytes: *maxBody, SecureCookies: *secure,
		TrustedProxies: proxies, Logger: logger})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: cannot listen on %s: %v", *addr, err)
	}
	bound := ln.Addr().String()
	hs := srv.HTTPServer(bound)

	n, err := store.CountUsers(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	if n == 0 {
		fmt.Fprintf(e.stderr, "no user yet: open http://%s/setup to create the first admin (or run claimdesk user add --role admin NAME)\n", bound)
	}
	fmt.Fprintf(e.stderr, "listening on http://%s\n", bound)

	// The matcher finds "checked before?" matches of new claims in the
	// background, outside every request's transaction; it stops first on
	// shutdown, between two of its short steps.
	mctx, stopMatcher := context.WithCancel(ctx)
	matcherDone := make(chan struct{})
	go func() {
		defer close(matcherDone)
		store.RunMatcher(mctx, func(err error) { logger.Error("matcher", "err", err) })
	}()
	defer func() { stopMatcher(); <-matcherDone }()
	// The monitor polls the feeds on their schedules and imports their new
	// items; it stops with the matcher, abandoning a poll in flight (it
	// runs again after a restart: nothing of it was recorded).
	monDone := make(chan struct{})
	go func() {
		defer close(monDone)
		monitor.New(store, monitor.Options{Logger: logger}).Run(mctx)
	}()
	defer func() { stopMatcher(); <-monDone }()
	// The webhook sender delivers the alerts' outbox (raised after each
	// matching step) beside the poller, which never waits for it; it
	// stops with the matcher, and a delivery in flight is made again
	// after a restart.
	sendDone := make(chan struct{})
	go func() {
		defer close(sendDone)
		monitor.NewSender(store, monitor.SenderOptions{Logger: logger, BaseURL: cmp.Or(*publicURL, "http://"+bound)}).Run(mctx)
	}()
	defer func() { stopMatcher(); <-sendDone }()
	// After a switch of model (here or by claimdesk model use) the open
	// claims are re-scored in batches.
	rctx, stopRescorer := context.WithCancel(ctx)
	rescorerDone := make(chan struct{})
	go func() {
		defer close(rescorerDone)
		store.RunRescorer(rctx, func(err error) { logger.Error("re-scoring", "err", err) })
	}()
	defer func() { stopRescorer(); <-rescorerDone }()
	// Upkeep (session and token use, expired sessions) runs until the
	// HTTP server has stopped, then writes what the last requests noted.
	upCtx, stopUpkeep := context.WithCancel(context.Background())
	upDone := make(chan struct{})
	go func() { defer close(upDone); srv.RunUpkeep(upCtx) }()
	defer func() { stopUpkeep(); <-upDone }()

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	stopMatcher()
	<-matcherDone
	<-monDone
	<-sendDone
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shut down: %w", err)
	}
	stopUpkeep()
	<-upDone
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(e.stderr, "stopped")
	return nil
}

// parseProxy reads a --trusted-proxy value: a CIDR range, or one address.
func parseProxy(v string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(v); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is neither a CIDR range (like 10.0.0.0/8) nor an address", v)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// loadDemo imports, as the system (no user), the sample fact-check feed
// when the database has no fact-check, and the sample article when it has
// no article; what is there already is left alone. The matcher started
// by serve then finds the article's earlier fact-checks.
func loadDemo(ctx context.Context, store *review.Store, logger *slog.Logger) error {
	if n, err := store.CountFactChecks(ctx); err != nil {
		return fmt.Errorf("demo: %w", err)
	} else if n == 0 {
		var ins []review.NewFactCheck
		err := report.ReadClaimReview(bytes.NewReader(demoFactChecks), func(r report.FactCheckRecord) error {
			if r.Err != nil {
				return fmt.Errorf("%s: %w", r.Where, r.Err)
			}
			ins = append(ins, r.FactCheck)
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo: read the sample fact-checks: %w", err)
		}
		if _, err := store.ImportFactChecks(ctx, nil, ins); err != nil {
			return fmt.Errorf("demo: load the sample fact-checks: %w", err)
		}
		logger.Info("demo fact-checks loaded", "fact_checks", len(ins))
	}
	as, err := store.Articles(ctx, review.ArticleFilter{Limit: 1})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(as) > 0 {
		return nil
	}
	// No title: the text opens with the site's menu ("All news"), and
	// the store's rule for a missing title finds the headline, as it
	// does for anyone who pastes such a page.
	a, cs, err := store.ImportArticle(ctx, nil, review.NewArticle{
		Outlet:    "TASS",
		Published: "2020-11-12",
		Text:      demoArticle,
	})
	if err != nil {
		return fmt.Errorf("demo: load the sample article: %w", err)
	}
	logger.Info("demo article loaded", "article", a.ID, "claims", len(cs))
	return nil
}

// statementBatch is how many claims one back-fill transaction suggests a
// statement for: small enough that a person's save never waits long.
const statementBatch = 200

// fillStatements gives the open claims of a database from before
// statements their suggested statement, then links the speakers of claims
// from before the claimant registry to claimants, each a batch at a time,
// until none is left or ctx ends.
func fillStatements(ctx context.Context, store *review.Store, logger *slog.Logger) {
	if backfill(ctx, logger, "suggesting statements for existing claims", "suggested statements for existing claims", store.FillStatements) {
		backfill(ctx, logger, "linking existing claims to claimants", "linked existing claims to claimants", store.LinkClaimants)
	}
}

// backfill runs step over the claims after id 0, statementBatch at a
// time, pausing between batches so that people's saves go first, until
// step says none is left (next 0). It logs an error under doing and what
// it did under done, and reports whether it got to the end (not on an error or when ctx ends).
func backfill(ctx context.Context, logger *slog.Logger, doing, done string,
	step func(ctx context.Context, after int64, limit int) (next int64, n int, err error)) bool {
	total := 0
	for after := int64(0); ; {
		next, n, err := step(ctx, after, statementBatch)
		if err != nil {
			if ctx.Err() == nil {
				logger.Error(doing, "err", err)
			}
			return false
		}
		total += n
		if next == 0 {
			break
		}
		after = next
		select {
		case <-ctx.Done():
			return false
		case <-time.After(20 * time.Millisecond):
		}
	}
	if total > 0 {
		logger.Info(done, "claims", total)
	}
	return true
}
