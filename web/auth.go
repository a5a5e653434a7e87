package web

import (
	"net/http"

	"claimdesk/review"
)

func (s *Server) handleSetupForm(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) error { return review.ErrNotFound }
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error { return review.ErrNotFound }
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
