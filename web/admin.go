package web

import (
	"net/http"

	"claimdesk/review"
)

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) error { return review.ErrNotFound }
func (s *Server) handleAdminUsers(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminUserAdd(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminUserRole(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminUserDisable(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminUserEnable(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminUserPassword(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminSettings(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminSettingsSave(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminVerdicts(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminVerdictAdd(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminVerdictSave(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAdminVerdictDelete(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
