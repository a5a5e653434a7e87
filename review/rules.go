package review

import (
	"fmt"
)

// Action is something a person may or may not be allowed to do. Every rule
// of who may do what is in this file: the table below for what depends on
// the role alone, and checkTransition for the workflow of a claim's status.
type Action string

// The actions.
const (
	// Admin only.
	ActionManageUsers    Action = "manage users"    // add, disable, re-role, reset a password
	ActionManageSettings Action = "change settings" // organisation and publishing settings
	ActionManageVerdicts Action = "edit the verdict scale"
	ActionMergeClaimants Action = "merge claimants"
	ActionManageFeeds    Action = "add and remove feeds"
	ActionManageWebhooks Action = "add and remove webhooks"
	ActionManageModel    Action = "train and switch the check-worthiness model"

	// Editor and admin.
	ActionAssignAnyone  Action = "assign claims to anyone"
	ActionSignOff       Action = "sign a verdict off"
	ActionReopen        Action = "reopen a done claim"
	ActionExport        Action = "export"
	ActionSetReviewURL  Action = "set a claim's fact-check link"
	ActionSetStatement  Action = "set a done claim's statement or claimant"
	ActionEditClaimants Action = "edit claimants"
	ActionManageAlerts  Action = "set alert rules"

	// Reviewer, editor and admin.
	ActionImport      Action = "import articles"
	ActionEditArticle Action = "edit article details"
	ActionEditClaims  Action = "add, merge, split and promote claims"
	ActionResearch    Action = "work on claims" // open statuses, proposed verdict and conclusion, evidence, dismiss, restore
	ActionComment     Action = "comment"
	ActionAssignSelf  Action = "take or give back a claim"
)

// rank orders the roles: each may do what the ones below it may.
var rank = map[Role]int{RoleReviewer: 1, RoleEditor: 2, RoleAdmin: 3}

// minRole is the table of role rules: the least role that may do each action.
var minRole = map[Action]Role{
	ActionManageUsers:    RoleAdmin,
	ActionManageSettings: RoleAdmin,
	ActionManageVerdicts: RoleAdmin,

	ActionAssignAnyone:   RoleEditor,
	ActionSignOff:        RoleEditor,
	ActionReopen:         RoleEditor,
	ActionExport:         RoleEditor,
	ActionSetReviewURL:   RoleEditor,
	ActionSetStatement:   RoleEditor,
	ActionEditClaimants:  RoleEditor,
	ActionMergeClaimants: RoleAdmin,
	ActionManageFeeds:    RoleAdmin,
	ActionManageWebhooks: RoleAdmin,
	ActionManageAlerts:   RoleEditor,
	ActionManageModel:    RoleAdmin,

	ActionImport:      RoleReviewer,
	ActionEditArticle: RoleReviewer,
	ActionEditClaims:  RoleReviewer,
	ActionResearch:    RoleReviewer,
	ActionComment:     RoleReviewer,
	ActionAssignSelf:  RoleReviewer,
}

// Actions lists every action, for the screens that show who may do what.
func Actions() []Action {
	return []Action{ActionManageUsers, ActionManageSettings, ActionManageVerdicts,
		ActionAssignAnyone, ActionSignOff, ActionReopen, ActionExport, ActionSetReviewURL, ActionSetStatement, ActionEditClaimants, ActionManageAlerts, ActionMergeClaimants, ActionManageFeeds, ActionManageWebhooks, ActionManageModel,
		ActionImport, ActionEditArticle, ActionEditClaims, ActionResearch, ActionComment, ActionAssignSelf}
}

// ValidRole reports whether r is one of the roles.
func ValidRole(r Role) bool { _, ok := rank[r]; return ok }

// Can reports whether actor may do a; the web layer uses it to show only
// the buttons that work. A nil actor is the shell: whoever runs claimdesk
// on the server already holds the database file, so it may do everything.
func Can(actor *User, a Action) bool { return authorize(actor, a) == nil }

// Authorize is Can with the reason: nil when actor may do a, otherwise
// ErrForbidden with the sentence a person reads ("only admins may manage
// users"). The web's route table asks it of the pages it guards.
func Authorize(actor *User, a Action) error { return authorize(actor, a) }

// authorize is the one gate every store method that changes something
// passes: nil when actor may do a, ErrForbidden wrapped with a sentence
// a person understands otherwise. Disabled users may do nothing.
func authorize(actor *User, a Action) error {
	if actor == nil {
		return nil
	}
	if actor.Disabled {
		return forbidden("your account is disabled")
	}
	need, ok := minRole[a]
	if !ok {
		return forbidden("unknown action %q", a)
	}
	if rank[actor.Role] < rank[need] {
		return forbidden("only %s may %s", who(need), a)
	}
	return nil
}

func who(r Role) string {
	switch r {
	case RoleAdmin:
		return "admins"
	case RoleEditor:
		return "editors and admins"
	}
	return "signed-in users"
}

// openStatus reports whether st is one of the working states a reviewer
// moves a claim among.
func openStatus(st Status) bool {
	return st == StatusNew || st == StatusResearching || st == StatusNeedsReview
}

// ValidStatus reports whether st is a status.
func ValidStatus(st Status) bool { return openStatus(st) || st == StatusDone || st == StatusDismissed }

// checkTransition says whether actor may move a claim from one status to
// another, with note as the reason. The workflow:
//
//	new ⇄ researching ⇄ needs_review (any order among the open states)
//	needs_review → done            an editor's sign-off
//	done → researching             an editor's reopen, with a reason
//	any → dismissed                with a reason
//	dismissed → new                a restore, with a reason
//
// A transition the workflow does not have is a *ValidationError on
// "status"; one the actor's role does not allow is ErrForbidden. The
// conditions of a sign-off (verdict, conclusion, evidence) are checked by
// checkSignOff, which needs the claim.
func checkTransition(actor *User, from, to Status, note string) error {
	if !ValidStatus(to) {
		return Invalid("status", fmt.Sprintf("%q is not a status (new, researching, needs_review, done, dismissed)", to))
	}
	if from == to {
		return nil
	}
	hasNote := trimSpace(note) != ""
	switch {
	case to == StatusDismissed:
		// Why it is dismissed is checkDismissal's (a code and a reason).
		if from == StatusDone {
			if err := authorize(actor, ActionReopen); err != nil {
				return forbidden("a done claim changes only when an editor reopens it")
			}
		}
		return authorize(actor, ActionResearch)
	case from == StatusDismissed:
		if to != StatusNew {
			return Invalid("status", "a dismissed claim is restored to new first")
		}
		if !hasNote {
			return Invalid("note", "say why the claim is restored")
		}
		return authorize(actor, ActionResearch)
	case to == StatusDone:
		if from != StatusNeedsReview {
			return Invalid("status", "a claim goes to done only from needs_review")
		}
		return authorize(actor, ActionSignOff)
	case from == StatusDone:
		if to != StatusResearching {
			return Invalid("status", "a done claim is reopened to researching")
		}
		if err := authorize(actor, ActionReopen); err != nil {
			return err
		}
		if !hasNote {
			return Invalid("note", "say why the claim is reopened")
		}
		return nil
	default: // among the open states
		return authorize(actor, ActionResearch)
	}
}

// checkAssign says whether actor may change a claim's assignee from one
// user to another (0 is nobody). Editors assign anyone; a reviewer takes
// an unassigned claim or gives back their own.
func checkAssign(actor *User, from, to int64) error {
	if from == to {
		return nil
	}
	if Can(actor, ActionAssignAnyone) {
		return nil
	}
	if err := authorize(actor, ActionAssignSelf); err != nil {
		return err
	}
	if from == 0 && to == actor.ID || from == actor.ID && to == 0 {
		return nil
	}
	return forbidden("only editors assign claims to others or take them from others; you may take an unassigned claim or give back your own")
}
