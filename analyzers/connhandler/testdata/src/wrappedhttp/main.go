package main

import (
	"database/sql"
	"net/http"
)

func logging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
	})
}

func auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		users, _ := sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(HTTP handler registered with http.Handle for "/" through main.auth\)`
		defer users.Close()
		next.ServeHTTP(w, r)
	})
}

func serve(w http.ResponseWriter, r *http.Request) {
	orders, _ := sql.Open("mysql", "dsn") // want `GO001: sql.Open creates a database/sql connection pool in request context \(HTTP handler registered with http.Handle for "/" through`
	defer orders.Close()
}

func main() {
	http.Handle("/", logging(auth(http.HandlerFunc(serve))))
	http.ListenAndServe(":9000", nil)
}
