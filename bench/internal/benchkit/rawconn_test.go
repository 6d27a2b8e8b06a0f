package benchkit

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestRawConnFraming posts through RawConn to a net/http server answering with each framing
// the raw client must read: Content-Length, chunked, Connection: close, and an error status.
func TestRawConnFraming(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("X-Amz-Target") != "AWSEvents.PutEvents" || r.Header.Get("Content-Type") != "application/x-amz-json-1.1" {
			http.Error(w, "bad headers", http.StatusBadRequest)
			return
		}
		switch string(body) {
		case "chunked":
			w.Write([]byte("part one,"))
			w.(http.Flusher).Flush()
			w.Write([]byte("part two"))
		case "close":
			w.Header().Set("Connection", "close")
			w.Write([]byte("closing"))
		case "error":
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"__type":"ValidationException","message":"no"}`))
		default:
			w.Write([]byte("echo:" + string(body)))
		}
	}))
	defer srv.Close()
	rc, err := NewRawConn(srv.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	for _, c := range []struct{ body, want, errType string }{
		{"hello", "echo:hello", ""},
		{"chunked", "part one,part two", ""},
		{"close", "closing", ""},
		{"again", "echo:again", ""}, // redials after the server closed
		{"error", "", "ValidationException"},
		{strings.Repeat("x", 100_000), "echo:" + strings.Repeat("x", 100_000), ""},
	} {
		got, err := rc.Post("AWSEvents.PutEvents", "1.1", []byte(c.body))
		if c.errType != "" {
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Type != c.errType || apiErr.Status != http.StatusBadRequest {
				t.Fatalf("%.20s: err %v, want %s", c.body, err, c.errType)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Fatalf("%.20s: got %.40q, %v; want %.40q", c.body, got, err, c.want)
		}
	}
}

func TestNewRawConnRejectsNonHTTP(t *testing.T) {
	for _, ep := range []string{"https://127.0.0.1:1", "127.0.0.1:1", "http://"} {
		if _, err := NewRawConn(ep, time.Second); err == nil {
			t.Errorf("%q accepted", ep)
		}
	}
}
