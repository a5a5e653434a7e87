package web

import (
	"net/http"

	"claimdesk/review"
)

func (s *Server) handleAPIArticleCreate(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAPIArticles(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAPIArticleShow(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAPIArticleClaims(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAPIClaimShow(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAPIClaimUpdate(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
func (s *Server) handleAPIEvidenceCreate(w http.ResponseWriter, r *http.Request) error {
	return review.ErrNotFound
}
