package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"claimdesk/review"
)

// cmdWebhook manages the webhooks every alert is sent to: add, list, remove.
func cmdWebhook(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("webhook: say what to do: add, list or remove")
	}
	switch args[0] {
	case "add":
		return webhookAdd(ctx, e, args[1:])
	case "list":
		return webhookList(ctx, e, args[1:])
	case "remove":
		return webhookRemove(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(e.stderr, webhookUsage)
		return errFlagHelp
	}
	return usagef("webhook: unknown action %q (add, list or remove)", args[0])
}

const webhookUsage = `usage:
  claimdesk webhook add [--format slack|raw] [--allow-private] [--db PATH] URL   (prints the secret, once)
  claimdesk webhook list [--db PATH]
  claimdesk webhook remove [--db PATH] ID
`

// onStore runs a subcommand of the store: it adds --db to fs, reads the
// flags and arguments, has check judge the arguments (a usage error
// before the database is opened), then opens the store and runs do.
func onStore(ctx context.Context, e *env, fs *flag.FlagSet, args []string, check func(rest []string) error,
	do func(store *review.Store, rest []string) error) error {
	dbPath := dbFlag(fs, e)
	rest, err := parseFlagsAnywhere(fs, args)
	if err != nil {
		return err
	}
	if err := check(rest); err != nil {
		return err
	}
	store, closeDB, err := openStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer closeDB()
	return do(store, rest)
}

// nArgs is a check of onStore: exactly n arguments.
func nArgs(what string, n int) func([]string) error {
	return func(rest []string) error {
		if len(rest) != n {
			return usagef("%s: %d arguments, want %d", what, len(rest), n)
		}
		return nil
	}
}

func webhookAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("webhook add", e.stderr)
	format := fs.String("format", string(review.WebhookSlack), `the body: "slack" ({"text": ...}, Slack and Mattermost) or "raw" (the alert as JSON)`)
	allowPrivate := fs.Bool("allow-private", false, "allow a private or local address (a chat server inside the desk's network)")
	return onStore(ctx, e, fs, args, nArgs("webhook add: give one URL", 1), func(store *review.Store, rest []string) error {
		w, secret, err := store.AddWebhook(ctx, nil, review.NewWebhook{URL: rest[0], Format: *format, AllowPrivate: *allowPrivate})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "webhook %d added: %s (%s body); every alert raised from now on is sent to it\n", w.ID, w.URL, w.Format)
		fmt.Fprintf(e.stdout, "secret (shown this once; the receiver checks X-Claimdesk-Signature with it):\n%s\n", secret)
		return nil
	})
}

func webhookList(ctx context.Context, e *env, args []string) error {
	return onStore(ctx, e, newFlagSet("webhook list", e.stderr), args, nArgs("webhook list takes no arguments", 0), func(store *review.Store, _ []string) error {
		hooks, err := store.Webhooks(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tURL\tBODY\tDELIVERED\tPENDING\tFAILED\tLAST ERROR")
		for _, w := range hooks {
			url := w.URL
			if w.AllowPrivate {
				url += " (private allowed)"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%s\n", w.ID, url, w.Format, w.Delivered, w.Pending, w.Failed, w.LastError)
		}
		return tw.Flush()
	})
}

func webhookRemove(ctx context.Context, e *env, args []string) error {
	return onStore(ctx, e, newFlagSet("webhook remove", e.stderr), args, oneID("webhook remove", "webhook"), func(store *review.Store, rest []string) error {
		id, _ := strconv.ParseInt(rest[0], 10, 64)
		if err := store.DeleteWebhook(ctx, nil, id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "webhook %d removed with its pending deliveries\n", id)
		return nil
	})
}

// oneID is a check of onStore: one argument, the ID of a thing.
func oneID(what, thing string) func([]string) error {
	return func(rest []string) error {
		if len(rest) != 1 {
			return usagef("%s: give one %s ID (see claimdesk %s list)", what, thing, thing)
		}
		if id, err := strconv.ParseInt(rest[0], 10, 64); err != nil || id < 1 {
			return usagef("%s: %q is not a %s ID (a whole number; see claimdesk %s list)", what, rest[0], thing, thing)
		}
		return nil
	}
}

// cmdAlertRule manages the alert rules: add, list, remove.
func cmdAlertRule(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("alert-rule: say what to do: add, list or remove")
	}
	switch args[0] {
	case "add":
		return alertRuleAdd(ctx, e, args[1:])
	case "list":
		return alertRuleList(ctx, e, args[1:])
	case "remove":
		return alertRuleRemove(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(e.stderr, alertRuleUsage)
		return errFlagHelp
	}
	return usagef("alert-rule: unknown action %q (add, list or remove)", args[0])
}

const alertRuleUsage = `usage:
  claimdesk alert-rule add [--db PATH] false_match                 (a claim repeats one rated false or misleading)
  claimdesk alert-rule add [--db PATH] claimant NAME                (a claim by the claimant NAME)
  claimdesk alert-rule add [--db PATH] [--feed ID] score THRESHOLD  (a claim scored above THRESHOLD, from the feed or any feed)
  claimdesk alert-rule list [--db PATH]
  claimdesk alert-rule remove [--db PATH] ID
`

// alertRuleArgs reads alert-rule add's arguments: the kind, and a
// claimant's name or a score's threshold.
func alertRuleArgs(rest []string, feed int64) (review.NewAlertRule, error) {
	if len(rest) == 0 {
		return review.NewAlertRule{}, usagef("alert-rule add: give the kind: false_match, claimant NAME or score THRESHOLD")
	}
	in := review.NewAlertRule{Kind: rest[0], FeedID: feed}
	want := 1
	switch review.AlertKind(rest[0]) {
	case review.AlertClaimant:
		want = 2
		if len(rest) == 2 {
			in.Claimant = rest[1]
		}
	case review.AlertScore:
		want = 2
		if len(rest) == 2 {
			t, err := strconv.ParseFloat(rest[1], 64)
			if err != nil {
				return in, usagef("alert-rule add: the threshold %q is not a number (a score from 0 to 1, like 0.8)", rest[1])
			}
			in.Threshold = &t
		}
	}
	if len(rest) != want {
		return in, usagef("alert-rule add %s: %d arguments, want %d", rest[0], len(rest), want)
	}
	return in, nil
}

func alertRuleAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("alert-rule add", e.stderr)
	feed := fs.Int64("feed", 0, "a score rule's feed `ID` (default: any feed)")
	var in review.NewAlertRule
	check := func(rest []string) (err error) {
		in, err = alertRuleArgs(rest, *feed)
		return err
	}
	return onStore(ctx, e, fs, args, check, func(store *review.Store, _ []string) error {
		r, err := store.AddAlertRule(ctx, nil, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "rule %d added: %s\n", r.ID, r.Description)
		return nil
	})
}

func alertRuleList(ctx context.Context, e *env, args []string) error {
	return onStore(ctx, e, newFlagSet("alert-rule list", e.stderr), args, nArgs("alert-rule list takes no arguments", 0), func(store *review.Store, _ []string) error {
		rules, err := store.AlertRules(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tRULE\tALERTS\tSINCE")
		for _, r := range rules {
			fmt.Fprintf(tw, "%d\t%s\t%d\t%s\n", r.ID, r.Description, r.Alerts, r.CreatedAt.Format(time.RFC3339))
		}
		return tw.Flush()
	})
}

func alertRuleRemove(ctx context.Context, e *env, args []string) error {
	return onStore(ctx, e, newFlagSet("alert-rule remove", e.stderr), args, oneID("alert-rule remove", "alert-rule"), func(store *review.Store, rest []string) error {
		id, _ := strconv.ParseInt(rest[0], 10, 64)
		if err := store.DeleteAlertRule(ctx, nil, id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "rule %d removed (its alerts stay)\n", id)
		return nil
	})
}
