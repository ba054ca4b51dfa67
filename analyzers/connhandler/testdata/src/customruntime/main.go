package main

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func initialize(w http.ResponseWriter, r *http.Request) {
	db, _ = sql.Open("mysql", "dsn")
}

func invoke(w http.ResponseWriter, r *http.Request) {
	conn, err := sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(HTTP handler registered with http.ServeMux.HandleFunc for "/invoke"\).*create it once in custom runtime /initialize route`
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	_ = conn
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /initialize", initialize)
	mux.HandleFunc("/invoke", invoke)
	mux.Handle("/other", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = sql.Open("mysql", "dsn") // want `GO001: sql.Open`
	}))
	_ = http.ListenAndServe("0.0.0.0:9000", mux)
}
