package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"claimdesk/review"
)

const settingsUsage = `usage:
  claimdesk settings set [--db PATH] KEY VALUE    (an empty VALUE unsets the key)
  claimdesk settings get [--db PATH] KEY
  claimdesk settings list [--db PATH]
`

// cmdSettings reads and changes the organisation's settings.
func cmdSettings(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("settings: say what to do: set, get or list")
	}
	var want int
	switch args[0] {
	case "set":
		want = 2
	case "get":
		want = 1
	case "list":
		want = 0
	case "-h", "--help", "help":
		fmt.Fprint(e.stderr, settingsUsage)
		return errFlagHelp
	default:
		return usagef("settings: unknown action %q (set, get or list)", args[0])
	}
	fs := newFlagSet("settings "+args[0], e.stderr)
	fs.Usage = func() { io.WriteString(e.stderr, settingsUsage) }
	db := dbFlag(fs, e)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	// Flags may also follow the key and value.
	rest := fs.Args()
	var pos []string
	for len(rest) > 0 {
		pos = append(pos, rest[0])
		if err := parseFlags(fs, rest[1:]); err != nil {
			return err
		}
		rest = fs.Args()
	}
	if len(pos) != want {
		return usagef("settings %s: expected %d argument(s), got %d\n%s", args[0], want, len(pos), settingsUsage)
	}
	store, closeDB, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer closeDB()
	switch args[0] {
	case "set":
		if err := store.SetSetting(ctx, nil, pos[0], pos[1]); err != nil {
			return fmt.Errorf("settings set: %s", fieldMessage(err))
		}
	case "get":
		v, err := store.Setting(ctx, pos[0])
		if err != nil {
			return fmt.Errorf("settings get: %s", fieldMessage(err))
		}
		fmt.Fprintln(e.stdout, v)
	case "list":
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tVALUE\tWHAT IT IS")
		for _, k := range review.SettingKeys() {
			v, err := store.Setting(ctx, k)
			if err != nil {
				return fmt.Errorf("settings list: %w", err)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", k, v, review.SettingDoc(k))
		}
		return tw.Flush()
	}
	return nil
}
