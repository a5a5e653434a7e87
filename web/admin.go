package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"claimdesk/review"
)

// handleAdmin sends the admin section to its first page.
func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) error {
	s.redirect(w, r, "/admin/users")
	return nil
}

// adminUsersData is the users page: the list and the add form.
type adminUsersData struct {
	Users []review.User
	Form  *formData
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, f *formData) error {
	users, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, status, "admin_users", adminUsersData{Users: users, Form: f})
}

// handleAdminUsers lists the users with what an admin may do to each.
func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, newForm(url.Values{"role": {string(review.RoleReviewer)}}))
}

// handleAdminUserAdd adds a user.
func (s *Server) handleAdminUserAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostForm.Get("username"))
	role := review.Role(r.PostForm.Get("role"))
	f := newForm(url.Values{"username": {name}, "role": {string(role)}})
	u, err := s.store.CreateUser(r.Context(), userFrom(r.Context()), name, r.PostForm.Get("password"), role)
	if v, ok := review.AsValidation(err); ok {
		f.fieldErrors(v, map[string]string{"name": "username"}, "username", "password", "role")
		return s.renderUsers(w, r, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	s.flash(w, r, fmt.Sprintf("%s was added as %s.", u.Name, u.Role))
	s.redirect(w, r, "/admin/users")
	return nil
}

// userAction runs a change to the user named in the path and ends with a
// flash; a rule the store refuses (the last admin, yourself) is a flash too.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, do func(actor *review.User, target *review.User) (string, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	target, err := s.store.User(r.Context(), id)
	if err != nil {
		return err
	}
	msg, err := do(userFrom(r.Context()), target)
	if v, ok := review.AsValidation(err); ok {
		parts := make([]string, 0, len(v.Fields))
		for _, fm := range sortedFields(v.Fields) {
			parts = append(parts, upperFirst(fm.Message)+".")
		}
		s.flash(w, r, "Nothing changed: "+strings.Join(parts, " "))
		s.redirect(w, r, "/admin/users")
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(w, r, msg)
	s.redirect(w, r, "/admin/users")
	return nil
}

// handleAdminUserRole re-roles a user; it applies at their next request.
func (s *Server) handleAdminUserRole(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, func(actor, target *review.User) (string, error) {
		role := review.Role(r.PostForm.Get("role"))
		if err := s.store.SetUserRole(r.Context(), actor, target.ID, role); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s is now %s.", target.Name, role), nil
	})
}

// handleAdminUserDisable disables a user, ending their sessions and tokens.
func (s *Server) handleAdminUserDisable(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, func(actor, target *review.User) (string, error) {
		if err := s.store.SetUserDisabled(r.Context(), actor, target.ID, true); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s is disabled and logged out everywhere.", target.Name), nil
	})
}

// handleAdminUserEnable enables a user again.
func (s *Server) handleAdminUserEnable(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, func(actor, target *review.User) (string, error) {
		if err := s.store.SetUserDisabled(r.Context(), actor, target.ID, false); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s is enabled again.", target.Name), nil
	})
}

// handleAdminUserPassword sets a new password for a user (a reset).
func (s *Server) handleAdminUserPassword(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, func(actor, target *review.User) (string, error) {
		err := s.store.ChangePassword(r.Context(), actor, target.ID, "", r.PostForm.Get("password"))
		if err != nil {
			return "", err
		}
		if actor.ID == target.ID {
			// The store ended every session of the user, this one included.
			if err := s.startSession(w, r, actor); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("%s has a new password; their sessions and API tokens were ended.", target.Name), nil
	})
}

// settingFields are the settings an admin edits, in the order shown.
var settingFields = []struct{ Key, Label, Hint string }{
	{"org.name", "Organisation name", "Shown in published fact-checks (ClaimReview author)."},
	{"org.url", "Organisation website", "An http or https address."},
	{"org.logo", "Logo address", "An http or https address of the logo image."},
	{"publish.base_url", "Fact-check base address", "Where published fact-checks live; a claim's link is this address and its slug."},
}

// settingsData is the settings page.
type settingsData struct {
	Fields []struct{ Key, Label, Hint string }
	Form   *formData
}

// handleAdminSettings shows the settings.
func (s *Server) handleAdminSettings(w http.ResponseWriter, r *http.Request) error {
	f := newForm(nil)
	for _, sf := range settingFields {
		v, err := s.store.Setting(r.Context(), sf.Key)
		if err != nil {
			return err
		}
		f.Values.Set(sf.Key, v)
	}
	return s.render(w, r, http.StatusOK, "admin_settings", settingsData{Fields: settingFields, Form: f})
}

// handleAdminSettingsSave validates every setting first and saves only
// when all are good, so a form with a mistake changes nothing.
func (s *Server) handleAdminSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	actor := userFrom(r.Context())
	f := newForm(nil)
	changed := map[string]string{}
	for _, sf := range settingFields {
		v := strings.TrimSpace(r.PostForm.Get(sf.Key))
		f.Values.Set(sf.Key, v)
		cur, err := s.store.Setting(r.Context(), sf.Key)
		if err != nil {
			return err
		}
		if cur != v {
			changed[sf.Key] = v
		}
	}
	for _, k := range settingOrder(changed) {
		err := s.store.SetSetting(r.Context(), actor, k, changed[k])
		if v, ok := review.AsValidation(err); ok {
			for field, msg := range v.Fields {
				if !isSettingKey(field) {
					field = k
				}
				f.Errors[field] = upperFirst(msg) + "."
			}
			continue
		}
		if err != nil {
			return err
		}
	}
	if len(f.Errors) > 0 {
		f.Message = "Some settings were not saved; the others were."
		return s.render(w, r, http.StatusUnprocessableEntity, "admin_settings", settingsData{Fields: settingFields, Form: f})
	}
	if len(changed) == 0 {
		s.flash(w, r, "Nothing changed.")
	} else {
		s.flash(w, r, "The settings were saved.")
	}
	s.redirect(w, r, "/admin/settings")
	return nil
}

func isSettingKey(k string) bool {
	for _, sf := range settingFields {
		if sf.Key == k {
			return true
		}
	}
	return false
}

func settingOrder(m map[string]string) []string {
	var out []string
	for _, sf := range settingFields {
		if _, ok := m[sf.Key]; ok {
			out = append(out, sf.Key)
		}
	}
	return out
}

// verdictsData is the verdict scale page: each step with its own form,
// and the form for a new step.
type verdictsData struct {
	Verdicts []review.Verdict
	// Editing is the id of the step whose form came back with errors.
	Editing int64
	Form    *formData
	New     *formData
	// Numbers are the ClaimReview numbers the form offers beside "no
	// number".
	Numbers []int
}

func (s *Server) renderVerdicts(w http.ResponseWriter, r *http.Request, status int, d verdictsData) error {
	vs, err := s.store.Verdicts(r.Context())
	if err != nil {
		return err
	}
	d.Verdicts = vs
	for n := review.MinRating; n <= review.MaxRating; n++ {
		d.Numbers = append(d.Numbers, n)
	}
	if d.Form == nil {
		d.Form = newForm(nil)
	}
	if d.New == nil {
		d.New = newForm(url.Values{"color": {"#57606a"}})
	}
	return s.render(w, r, status, "admin_verdicts", d)
}

// handleAdminVerdicts shows the verdict scale.
func (s *Server) handleAdminVerdicts(w http.ResponseWriter, r *http.Request) error {
	return s.renderVerdicts(w, r, http.StatusOK, verdictsData{})
}

// verdictFromForm reads a step of the scale; a rating that is not a whole
// number is a field error before the store sees it.
func verdictFromForm(r *http.Request, f *formData) review.Verdict {
	v := review.Verdict{
		Name:  strings.TrimSpace(r.PostForm.Get("name")),
		Color: strings.TrimSpace(r.PostForm.Get("color")),
	}
	f.Values.Set("name", v.Name)
	f.Values.Set("color", v.Color)
	f.Values.Set("rating", r.PostForm.Get("rating"))
	f.Values.Set("position", r.PostForm.Get("position"))
	// An empty number is "no number": a verdict outside the scale's
	// numeric part (Misleading, Unproven). 0 is not a way to say it any
	// more (it is stored as none, never as 0), so it is refused like any
	// number off the scale.
	if raw := strings.TrimSpace(r.PostForm.Get("rating")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n == review.NoRating {
			f.Errors["rating"] = fmt.Sprintf("The ClaimReview number is a whole number from %d to %d, or no number.", review.MinRating, review.MaxRating)
		}
		v.Rating = n
	}
	if p := strings.TrimSpace(r.PostForm.Get("position")); p != "" {
		if n, err := strconv.Atoi(p); err != nil {
			f.Errors["position"] = "The position is a whole number."
		} else {
			v.Position = n
		}
	}
	return v
}

// handleAdminVerdictAdd adds a step to the scale.
func (s *Server) handleAdminVerdictAdd(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(nil)
	if done, err := s.saveVerdictForm(w, r, f, 0, "%q was added to the verdict scale."); done || err != nil {
		return err
	}
	return s.renderVerdicts(w, r, http.StatusUnprocessableEntity, verdictsData{New: f})
}

// handleAdminVerdictSave changes a step of the scale.
func (s *Server) handleAdminVerdictSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := newForm(nil)
	if done, err := s.saveVerdictForm(w, r, f, id, "%q was saved."); done || err != nil {
		return err
	}
	return s.renderVerdicts(w, r, http.StatusUnprocessableEntity, verdictsData{Editing: id, Form: f})
}

// saveVerdictForm saves the posted step as verdict id (0: a new one). done
// means it was saved and the browser sent back to the scale with saidFmt
// naming it; otherwise f holds the messages for the form shown again.
func (s *Server) saveVerdictForm(w http.ResponseWriter, r *http.Request, f *formData, id int64, saidFmt string) (done bool, err error) {
	v := verdictFromForm(r, f)
	v.ID = id
	if len(f.Errors) > 0 {
		return false, nil
	}
	saved, err := s.store.SaveVerdict(r.Context(), userFrom(r.Context()), v)
	if vErr, ok := review.AsValidation(err); ok {
		f.fieldErrors(vErr, nil, "name", "rating", "color", "position")
		return false, nil
	} else if err != nil {
		return false, err
	}
	s.flash(w, r, fmt.Sprintf(saidFmt, saved.Name))
	s.redirect(w, r, "/admin/verdicts")
	return true, nil
}

// handleAdminVerdictDelete removes a step no claim uses.
func (s *Server) handleAdminVerdictDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = s.store.DeleteVerdict(r.Context(), userFrom(r.Context()), id)
	if errors.Is(err, review.ErrConflict) {
		s.flash(w, r, "Nothing changed: "+conflictMessage(err))
		s.redirect(w, r, "/admin/verdicts")
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(w, r, "The verdict was removed from the scale.")
	s.redirect(w, r, "/admin/verdicts")
	return nil
}
