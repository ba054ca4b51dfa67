// Package handler answers the api function's requests.
package handler

import (
	"fmt"
	"net/http"
)

// Hello greets the caller.
func Hello(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "hello %s\n", r.URL.Query().Get("name"))
}
