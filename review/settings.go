package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// settingRule is what a setting accepts.
type settingRule struct {
	// Doc says what the setting is for, on the admin page and in errors.
	Doc string
	// URL: the value is an http(s) link (or empty).
	URL bool
	// Switch: the value is "on" or "off" (or empty, which is off).
	Switch bool
}

// SettingSecondSignOff is the key of the "a second person signs off"
// switch.
const SettingSecondSignOff = "review.second_signoff"

// SettingWelcomeHidden is the key of the switch the first admin's
// "Dismiss" on the dashboard's getting-started box turns on.
const SettingWelcomeHidden = "desk.welcome_hidden"

// settingRules is the one table of known settings. Add a key here to make
// it settable; reports read theirs with Setting.
var settingRules = map[string]settingRule{
	"org.name":         {Doc: "the organisation's name (ClaimReview author)"},
	"org.url":          {Doc: "the organisation's website (ClaimReview author URL)", URL: true},
	"org.logo":         {Doc: "a link to the organisation's logo", URL: true},
	"publish.base_url": {Doc: "where fact-checks are published; a claim's link is this followed by its slug", URL: true},
	// SettingSecondSignOff is read by the sign-off rule (checkSecondSignOff).
	SettingWelcomeHidden: {Doc: "on: the dashboard no longer shows admins the getting-started box (its Dismiss button sets this; on or off)", Switch: true},
	SettingSecondSignOff: {Doc: "on: a second person signs off — an editor may not sign off a claim they were assigned or whose verdict they proposed (on or off)", Switch: true},
}

// SettingKeys lists the known settings in order.
func SettingKeys() []string {
	keys := make([]string, 0, len(settingRules))
	for k := range settingRules {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SettingDoc says what a known setting is for ("" for an unknown key).
func SettingDoc(key string) string { return settingRules[key].Doc }

func unknownSetting(key string) error {
	return Invalid("key", fmt.Sprintf("%q is not a setting; the settings are %s", key, strings.Join(SettingKeys(), ", ")))
}

// Setting returns a setting's value ("" when unset); an unknown key is a
// *ValidationError listing the known ones.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	if _, ok := settingRules[key]; !ok {
		return "", fmt.Errorf("setting: %w", unknownSetting(key))
	}
	var v string
	err := s.db.Read.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting sets a known setting after validating it (admin only; actor
// nil is the shell). An empty value unsets it.
func (s *Store) SetSetting(ctx context.Context, actor *User, key, value string) error {
	if err := authorize(actor, ActionManageSettings); err != nil {
		return fmt.Errorf("set setting: %w", err)
	}
	rule, ok := settingRules[key]
	if !ok {
		return fmt.Errorf("set setting: %w", unknownSetting(key))
	}
	v := &ValidationError{}
	if checkText(v, "value", value) {
		switch {
		case rule.URL:
			value = checkURL(v, "value", value, true)
		case rule.Switch:
			value = strings.ToLower(strings.TrimSpace(value))
			if value != "" && value != "on" && value != "off" {
				v.Add("value", fmt.Sprintf("%s is on or off", key))
			}
		default:
			value = checkLine(v, "value", value, maxDetailRunes)
		}
	}
	if err := v.Err(); err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if value == "" {
			_, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", key)
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("set setting %s: %w", key, err)
	}
	return nil
}
