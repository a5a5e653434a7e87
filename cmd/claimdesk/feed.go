package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"claimdesk/monitor"
	"claimdesk/review"
)

// cmdFeed manages the feeds serve polls: add, list, remove, poll.
func cmdFeed(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("feed: say what to do: add, list, remove or poll")
	}
	switch args[0] {
	case "add":
		return feedAdd(ctx, e, args[1:])
	case "list":
		return feedList(ctx, e, args[1:])
	case "remove":
		return feedRemove(ctx, e, args[1:])
	case "poll":
		return feedPoll(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(e.stderr, feedUsage)
		return errFlagHelp
	}
	return usagef("feed: unknown action %q (add, list, remove or poll)", args[0])
}

const feedUsage = `usage:
  claimdesk feed add [--every 15m] [--allow-private] [--db PATH] URL   (an RSS 2.0 or Atom feed or a sitemap)
  claimdesk feed list [--db PATH]
  claimdesk feed remove [--db PATH] ID
  claimdesk feed poll [--db PATH] [ID]                              (poll now: every feed, or one)
`

func feedAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("feed add", e.stderr)
	every := fs.Duration("every", review.DefaultFeedEvery, "poll every `DURATION` (1m to 168h)")
	allowPrivate := fs.Bool("allow-private", false, "allow the feed and its items on private or local addresses (a feed inside the desk's network)")
	dbPath := dbFlag(fs, e)
	rest, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("feed add: give one URL (got %d arguments)", len(rest))
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	f, err := store.AddFeed(ctx, nil, review.NewFeed{URL: rest[0], Every: *every, AllowPrivate: *allowPrivate})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "feed %d added: %s, polled every %s (serve polls it)\n", f.ID, f.URL, time.Duration(f.Every))
	return nil
}

func feedList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("feed list", e.stderr)
	dbPath := dbFlag(fs, e)
	rest, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("feed list takes no arguments (got %q)", rest[0])
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	feeds, err := store.Feeds(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tURL\tEVERY\tIMPORTED\tFAILED\tNEXT POLL\tLAST ERROR")
	for _, f := range feeds {
		url := f.URL
		if f.AllowPrivate {
			url += " (private allowed)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\n", f.ID, url, time.Duration(f.Every), f.Imported, f.Failed,
			f.NextPollAt.Format(time.RFC3339), f.LastError)
	}
	return tw.Flush()
}

func feedRemove(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("feed remove", e.stderr)
	dbPath := dbFlag(fs, e)
	rest, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("feed remove: give one feed ID (see claimdesk feed list)")
	}
	id, err := parseFeedID("feed remove", rest[0])
	if err != nil {
		return err
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := store.DeleteFeed(ctx, nil, id); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "feed %d removed (its articles stay)\n", id)
	return nil
}

func feedPoll(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("feed poll", e.stderr)
	dbPath := dbFlag(fs, e)
	rest, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return usagef("feed poll: give at most one feed ID")
	}
	var only int64
	if len(rest) == 1 {
		if only, err = parseFeedID("feed poll", rest[0]); err != nil {
			return err
		}
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	var feeds []review.Feed
	if only != 0 {
		f, err := store.Feed(ctx, only)
		if err != nil {
			return err
		}
		feeds = append(feeds, *f)
	} else if feeds, err = store.Feeds(ctx); err != nil {
		return err
	}
	m := monitor.New(store, monitor.Options{})
	failed := 0
	for _, f := range feeds {
		if err := m.Poll(ctx, f); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			fmt.Fprintf(e.stdout, "feed %d: %v\n", f.ID, err)
			continue
		}
		after, err := store.Feed(ctx, f.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "feed %d: %d items imported in all, %d refused\n", f.ID, after.Imported, after.Failed)
	}
	// The matcher finds the new claims' "checked before?" matches, as
	// claimdesk import does.
	if _, err := store.MatchPending(ctx, nil); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("feed poll: %d of %d feeds failed", failed, len(feeds))
	}
	return nil
}

// parseFeedID reads a feed's ID given to the command what.
func parseFeedID(what, arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return 0, usagef("%s: %q is not a feed ID (a whole number; see claimdesk feed list)", what, arg)
	}
	return id, nil
}
