package review

import (
	"fmt"
	"strings"
)

// DismissCode says in one word why a claim is not one to check; the free
// text of the dismissal (its reason) says more, and is required for
// DismissOther.
type DismissCode string

// The dismissal codes.
const (
	DismissOpinion      DismissCode = "opinion"
	DismissNotCheckable DismissCode = "not_checkable"
	DismissDuplicate    DismissCode = "duplicate"
	DismissOutOfScope   DismissCode = "out_of_scope"
	DismissOther        DismissCode = "other"
)

// DismissCodes lists the codes in the order forms offer them.
func DismissCodes() []DismissCode {
	return []DismissCode{DismissOpinion, DismissNotCheckable, DismissDuplicate, DismissOutOfScope, DismissOther}
}

// Label is the code in words.
func (d DismissCode) Label() string {
	switch d {
	case DismissOpinion:
		return "Opinion"
	case DismissNotCheckable:
		return "Not checkable"
	case DismissDuplicate:
		return "Duplicate"
	case DismissOutOfScope:
		return "Out of scope"
	case DismissOther:
		return "Other"
	}
	return string(d)
}

func validDismissCode(code string) bool {
	for _, d := range DismissCodes() {
		if string(d) == code {
			return true
		}
	}
	return false
}

// checkDismissal is the rule of what a dismissal says: a code, and free
// text when the code is other. code is nil when the caller sent none: a
// reason alone (as older clients and the bulk form without a code send it)
// is taken as other. It returns the code and the trimmed reason.
func checkDismissal(code *string, reason string) (DismissCode, string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case code == nil || strings.TrimSpace(*code) == "":
		if reason == "" {
			return "", "", Invalid("dismiss_code", "choose why the claim is dismissed: "+dismissCodeList())
		}
		return DismissOther, reason, nil
	case !validDismissCode(strings.TrimSpace(*code)):
		return "", "", Invalid("dismiss_code", fmt.Sprintf("%q is not a reason to dismiss: choose %s", *code, dismissCodeList()))
	}
	d := DismissCode(strings.TrimSpace(*code))
	if d == DismissOther && reason == "" {
		return "", "", Invalid("dismiss_reason", "say why the claim is dismissed (the reason is required with other)")
	}
	return d, reason, nil
}

func dismissCodeList() string {
	var names []string
	for _, d := range DismissCodes() {
		names = append(names, string(d))
	}
	return strings.Join(names, ", ")
}
