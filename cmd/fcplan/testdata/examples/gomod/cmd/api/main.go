// Command api is the HTTP function the vet examples of fcplan --help check
// (./cmd/... and ./internal/handler).
package main

import (
	"log"
	"net/http"
	"os"

	"example.com/api/internal/handler"
)

func main() {
	port := os.Getenv("FC_SERVER_PORT")
	if port == "" {
		port = "9000"
	}
	http.HandleFunc("/", handler.Hello)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}
