package review

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors. Wrap them with %w and the operation's name.
var (
	// ErrNotFound means the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the thing changed since it was read (a stale version),
	// or it would duplicate an existing one.
	ErrConflict = errors.New("conflict")
	// ErrForbidden means the user's role does not allow the action.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthorized means no valid login or token.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrTooLarge means an input is over its size limit.
	ErrTooLarge = errors.New("too large")
)

// ValidationError says what is wrong with an input, field by field, in
// words a person understands.
type ValidationError struct {
	Fields map[string]string
}

// Invalid returns a ValidationError for one field.
func Invalid(field, message string) *ValidationError {
	return &ValidationError{Fields: map[string]string{field: message}}
}

// Add records a message for field and returns v.
func (v *ValidationError) Add(field, message string) *ValidationError {
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	v.Fields[field] = message
	return v
}

// Err returns v as an error, or nil when no field is wrong.
func (v *ValidationError) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

// Error joins the field messages, sorted by field, into one line.
func (v *ValidationError) Error() string {
	keys := make([]string, 0, len(v.Fields))
	for k := range v.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + v.Fields[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// AsValidation returns the ValidationError inside err, if any.
func AsValidation(err error) (*ValidationError, bool) {
	var v *ValidationError
	ok := errors.As(err, &v)
	return v, ok
}

// RuleError is a refusal by a rule of the workflow: Err is the sentinel
// it is (ErrForbidden for who may do what, ErrConflict for what the state
// of things does not allow), Rule the sentence a person reads ("only
// editors and admins may sign a verdict off"). Callers take the sentence
// from the type (errors.As, or Reason), never from the error's text.
type RuleError struct {
	Rule string
	Err  error
}

// Error is the rule's sentence and the sentinel's word.
func (e *RuleError) Error() string { return e.Rule + ": " + e.Err.Error() }

// Unwrap gives the sentinel, so errors.Is(err, ErrForbidden) holds.
func (e *RuleError) Unwrap() error { return e.Err }

// forbidden is ErrForbidden with the rule's sentence.
func forbidden(format string, a ...any) error {
	return &RuleError{Rule: fmt.Sprintf(format, a...), Err: ErrForbidden}
}

// conflicting is ErrConflict with the rule's sentence.
func conflicting(format string, a ...any) error {
	return &RuleError{Rule: fmt.Sprintf(format, a...), Err: ErrConflict}
}

// Reason is what a person reads of a refusal, taken from the error's
// type: a rule's sentence (*RuleError), the messages of a
// *ValidationError in field order joined by "; ", the earlier article of
// a *DuplicateError, the newer change of a *ConflictError; "" for any
// other error (a failure, not a refusal).
func Reason(err error) string {
	var rule *RuleError
	var dup *DuplicateError
	var stale *ConflictError
	if v, ok := AsValidation(err); ok {
		keys := make([]string, 0, len(v.Fields))
		for k := range v.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		msgs := make([]string, len(keys))
		for i, k := range keys {
			msgs[i] = v.Fields[k]
		}
		return strings.Join(msgs, "; ")
	}
	switch {
	case errors.As(err, &rule):
		return rule.Rule
	case errors.As(err, &dup):
		return dup.Error()
	case errors.As(err, &stale):
		return stale.Error()
	}
	return ""
}

// ConflictError is ErrConflict with the newer state the caller did not
// see, so the conflict page can show the other person's change.
type ConflictError struct {
	Current *Claim
	// Changes are the history rows written after the version the caller read.
	Changes []HistoryEntry
}

// Error says the claim changed since it was opened.
func (e *ConflictError) Error() string {
	return "conflict: the claim was changed by someone else since you opened it"
}

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Unwrap() error { return ErrConflict }
