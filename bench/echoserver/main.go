// Command echoserver is the reference point for bench/putload: a bare Go HTTP server that
// decodes a PutEvents body with encoding/json and answers with one EventId per entry, storing
// nothing. What putload measures against it is the most this machine's HTTP and JSON stack can
// carry with the same client and workload; eventrail's figures are read against it.
//
//	go run ./bench/echoserver -listen 127.0.0.1:4999 &
//	go run ./bench/putload -endpoint http://127.0.0.1:4999 -duration 6s
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"strconv"
)

type putEventsRequest struct {
	Entries []struct {
		Source, DetailType, Detail, EventBusName, TraceHeader string
		Resources                                             []string
	}
}

type putEventsResponse struct {
	FailedEntryCount int
	Entries          []resultEntry
}

type resultEntry struct{ EventId string }

func main() {
	listen := flag.String("listen", "127.0.0.1:4999", "address to serve on")
	flag.Parse()
	log.Fatal(http.ListenAndServe(*listen, http.HandlerFunc(echo)))
}

// echo answers a PutEvents-shaped body: 400 if it is not JSON, else an id per entry.
func echo(w http.ResponseWriter, r *http.Request) {
	var req putEventsRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, fmt.Sprintf(`{"__type":"SerializationException","message":%q}`, err.Error()), http.StatusBadRequest)
		return
	}
	resp := putEventsResponse{Entries: make([]resultEntry, len(req.Entries))}
	for i := range resp.Entries {
		resp.Entries[i].EventId = strconv.Itoa(i)
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(resp)
}
