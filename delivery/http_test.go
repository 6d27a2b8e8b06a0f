package delivery

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
	"github.com/eventrail/eventrail/metrics"
)

// postDriver is a test-only driver that POSTs the payload to url and classifies the status:
// 2xx success, 429/5xx retryable, anything else permanent.
type postDriver struct {
	client *http.Client
	url    string
}

func (d *postDriver) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(h.Payload))
	if err != nil {
		return &eventrail.DeliveryError{Code: "SDK_CLIENT_ERROR", Message: err.Error()}
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return err // the engine classifies transport errors and timeouts
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		return nil
	case s == 429 || s >= 500:
		return &eventrail.DeliveryError{Code: fmt.Sprintf("HTTP_%d", s), Message: resp.Status, Retryable: true}
	default:
		return &eventrail.DeliveryError{Code: fmt.Sprintf("HTTP_%d", s), Message: resp.Status}
	}
}

// TestHTTPThroughput delivers hand-offs for several targets to a real HTTP server on
// 127.0.0.1 that fails every 10th first request with 503: each event arrives, none is lost.
func TestHTTPThroughput(t *testing.T) {
	var mu sync.Mutex
	got := map[string]int{}
	failed := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p struct{ ID string }
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		var n int
		fmt.Sscanf(p.ID, "e%d", &n)
		if n%10 == 0 && !failed[p.ID] {
			failed[p.ID] = true
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		got[p.ID]++
	}))
	defer srv.Close()
	transport := &http.Transport{MaxIdleConnsPerHost: 256}
	defer transport.CloseIdleConnections()
	drv := &postDriver{client: &http.Client{Transport: transport}, url: srv.URL}

	store := memstore.New()
	defer store.Close()
	lg, _ := store.Log(context.Background(), "handoffs", eventrail.LogOptions{WorkQueue: true})
	m := metrics.NewEventBridge(metrics.NewRegistry())
	e, err := New(Options{Log: lg, Drivers: map[string]eventrail.Deliverer{"sqs": drv}, Metrics: m,
		BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, MinBackoff: time.Millisecond,
		AttemptTimeout: time.Minute}) // no client-side timeouts, hence no duplicates, even on a loaded machine
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- e.Run(ctx) }()
	defer func() { cancel(); <-ran }()

	const targets, perTarget, perRecord = 4, 500, 10
	start := time.Now()
	for tg := 0; tg < targets; tg++ {
		for i := 0; i < perTarget; i += perRecord {
			var hs []eventrail.Handoff
			for j := i; j < i+perRecord; j++ {
				hs = append(hs, handoff(fmt.Sprintf("e%d", tg*perTarget+j), sqsARN))
			}
			data, _ := json.Marshal(hs)
			if err := lg.Append(ctx, []eventrail.Record{{Key: fmt.Sprintf("t.k%d", tg), Data: data}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	const total = targets * perTarget
	inv := m.Invocations.With("b", "r")
	deadline := time.Now().Add(60 * time.Second)
	for inv.Value() < total {
		if time.Now().After(deadline) {
			t.Fatalf("only %v of %d delivered in 60 s", inv.Value(), total)
		}
		time.Sleep(5 * time.Millisecond)
	}
	el := time.Since(start)
	t.Logf("%d hand-offs over HTTP in %v (%.0f/s)", total, el, total/el.Seconds())
	mu.Lock()
	defer mu.Unlock()
	if len(got) != total {
		t.Fatalf("server saw %d distinct events, want %d", len(got), total)
	}
	for id, n := range got {
		if n != 1 {
			t.Errorf("%s delivered %d times (no redelivery was due)", id, n)
		}
	}
	if r := m.RetryInvocationAttempts.With("b", "r").Value(); r != total/10 {
		t.Errorf("RetryInvocationAttempts = %v, want %d", r, total/10)
	}
}
