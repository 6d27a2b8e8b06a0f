package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestEchoAnswersOneIDPerEntry(t *testing.T) {
	rec := httptest.NewRecorder()
	echo(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"Entries":[{"Source":"a","Detail":"{}"},{"Source":"b"}]}`)))
	var got putEventsResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != 200 || len(got.Entries) != 2 || got.Entries[1].EventId != "1" {
		t.Fatalf("status %d body %s err %v", rec.Code, rec.Body.String(), err)
	}
	rec = httptest.NewRecorder()
	echo(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"Entries":`)))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("malformed body: status %d", rec.Code)
	}
}
