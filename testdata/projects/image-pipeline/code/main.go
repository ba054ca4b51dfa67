// Command image-resize is the image pipeline's function, run by the Function
// Compute custom runtime: FC posts each OSS event to /invoke. For every
// uploaded object it writes three sizes in two formats to the renditions
// bucket (mounted at OUTPUT_DIR) and records them in MySQL.
package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"path"

	_ "github.com/go-sql-driver/mysql"
)

// ossEvent is the part of an OSS trigger event the function reads.
type ossEvent struct {
	Events []struct {
		EventName string `json:"eventName"`
		OSS       struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key  string `json:"key"`
				Size int64  `json:"size"`
			} `json:"object"`
		} `json:"oss"`
	} `json:"events"`
}

func main() {
	http.HandleFunc("/invoke", handleInvoke)
	port := os.Getenv("FC_SERVER_PORT")
	if port == "" {
		port = "9000"
	}
	log.Fatal(http.ListenAndServe(":"+port, nil))
}

func handleInvoke(w http.ResponseWriter, r *http.Request) {
	var ev ossEvent
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		http.Error(w, "bad OSS event: "+err.Error(), http.StatusBadRequest)
		return
	}
	// One pool per invocation: every concurrent request opens its own
	// connections to the database.
	db, err := sql.Open("mysql", os.Getenv("DB_DSN"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer db.Close()

	uploads, out := os.Getenv("UPLOAD_DIR"), os.Getenv("OUTPUT_DIR")
	for _, e := range ev.Events {
		key := e.OSS.Object.Key
		written, err := renderAll(path.Join(uploads, key), out, key)
		if err != nil {
			http.Error(w, fmt.Sprintf("%s: %v", key, err), http.StatusInternalServerError)
			return
		}
		for _, rd := range written {
			if _, err := db.ExecContext(r.Context(),
				"INSERT INTO renditions (source_key, rendition_key, width, height, format, bytes) VALUES (?, ?, ?, ?, ?, ?)",
				key, rd.Key, rd.Width, rd.Height, rd.Format, rd.Bytes); err != nil {
				http.Error(w, fmt.Sprintf("record %s: %v", rd.Key, err), http.StatusInternalServerError)
				return
			}
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
