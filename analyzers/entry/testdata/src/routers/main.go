package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/labstack/echo/v4"
)

func list(c echo.Context) error { return c.String(200, "ok") } // want `node request\(HTTP handler registered with echo.Echo.GET for "/items"\)`

func initialize(c echo.Context) error { return nil } // want `node init\(custom runtime /initialize route\)`

func get(w http.ResponseWriter, r *http.Request) {} // want `node request\(HTTP handler registered with chi.Mux.Get for "/a"\)`

func post(w http.ResponseWriter, r *http.Request) {} // want `node request\(HTTP handler registered with chi.Router.Post for "/b"\)`

func register(r chi.Router) { // want `node init\(main\(\)\)`
	r.Post("/b", post)
}

func main() { // want `node init\(main\(\)\)`
	e := echo.New()
	e.GET("/items", list)
	e.POST("/initialize", initialize)
	m := chi.NewRouter()
	m.Get("/a", get)
	register(m)
	go http.ListenAndServe(":9000", m)
	_ = e.Start(":9001")
}
