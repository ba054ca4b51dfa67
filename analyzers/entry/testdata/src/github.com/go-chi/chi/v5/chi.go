// Package chi is a stub of go-chi/chi v5.
package chi

import "net/http"

type Router interface {
	Get(pattern string, h http.HandlerFunc)
	Post(pattern string, h http.HandlerFunc)
}

type Mux struct{}

func NewRouter() *Mux { return &Mux{} }

func (mx *Mux) Get(pattern string, h http.HandlerFunc)  {}
func (mx *Mux) Post(pattern string, h http.HandlerFunc) {}

func (mx *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {}
