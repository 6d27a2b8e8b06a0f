package busdriver

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/delivery/drivertest"
)

// putEntry is a PutEvents request entry as it arrives on the wire.
type putEntry struct {
	Source, DetailType, Detail, EventBusName, TraceHeader string
	Resources                                             []string
	Time                                                  float64
}

// fakeEventBridge is a PutEvents endpoint on 127.0.0.1. Buses: ".../missing" →
// ResourceNotFoundException, ".../flaky" → HTTP 500, ".../slow" → no answer until the client
// gives up, ".../throttled-entry" → a throttled entry in a 200 answer; others are recorded.
type fakeEventBridge struct {
	srv     *httptest.Server
	mu      sync.Mutex
	entries map[string][]putEntry
	auth    []string
}

func newFakeEventBridge(t *testing.T) *fakeEventBridge {
	f := &fakeEventBridge{entries: map[string][]putEntry{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeEventBridge) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if r.Header.Get("X-Amz-Target") != "AWSEvents.PutEvents" {
		w.WriteHeader(400)
		w.Write([]byte(`{"__type":"UnknownOperationException"}`))
		return
	}
	var in struct{ Entries []putEntry }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Entries) != 1 {
		w.WriteHeader(400)
		w.Write([]byte(`{"__type":"SerializationException","message":"bad body"}`))
		return
	}
	e := in.Entries[0]
	switch {
	case strings.HasSuffix(e.EventBusName, "/missing"):
		w.WriteHeader(400)
		w.Write([]byte(`{"__type":"ResourceNotFoundException","message":"Event bus missing does not exist."}`))
	case strings.HasSuffix(e.EventBusName, "/flaky"):
		w.WriteHeader(500)
		w.Write([]byte(`{"__type":"InternalException","message":"try later"}`))
	case strings.HasSuffix(e.EventBusName, "/slow"):
		<-r.Context().Done()
	case strings.HasSuffix(e.EventBusName, "/throttled-entry"):
		w.Write([]byte(`{"FailedEntryCount":1,"Entries":[{"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"}]}`))
	default:
		f.mu.Lock()
		f.entries[e.EventBusName] = append(f.entries[e.EventBusName], e)
		f.auth = append(f.auth, r.Header.Get("Authorization"))
		f.mu.Unlock()
		w.Write([]byte(`{"FailedEntryCount":0,"Entries":[{"EventId":"remote-id"}]}`))
	}
}

const remoteAccount = "arn:aws:events:eu-west-1:222222222222:event-bus/"

func newRemoteDriver(t *testing.T, f *fakeEventBridge, buses ...string) *Driver {
	remotes := map[string]Remote{}
	for _, b := range buses {
		remotes[remoteAccount+b] = Remote{Endpoint: f.srv.URL, Region: "eu-west-1", AccessKeyID: "AKIDREMOTE", SecretAccessKey: "secret"}
	}
	d, err := New(Options{Account: account, Remotes: remotes})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRemoteConformance(t *testing.T) {
	f := newFakeEventBridge(t)
	d := newRemoteDriver(t, f, "target-a", "target-b", "missing", "flaky", "slow")
	buses := []string{"target-a", "target-b"}
	drivertest.RunDriverTests(t, drivertest.DriverHarness{
		Driver: d,
		NewTarget: func(t *testing.T) (string, func() []string) {
			arn := remoteAccount + buses[0]
			buses = buses[1:]
			return arn, func() []string {
				f.mu.Lock()
				defer f.mu.Unlock()
				var out []string
				for _, e := range f.entries[arn] {
					b, _ := json.Marshal(e)
					out = append(out, string(b))
				}
				return out
			}
		},
		Check: func(t *testing.T, h *eventrail.Handoff, got string) bool {
			var e putEntry
			want, err := decodeEnvelope(h.Event)
			if err != nil || json.Unmarshal([]byte(got), &e) != nil {
				return false
			}
			return e.Source == want.Source && e.DetailType == want.DetailType && e.Detail == string(want.Detail) &&
				int64(e.Time) == want.Time.Unix() && strings.Join(e.Resources, ",") == strings.Join(want.Resources, ",")
		},
		MissingTarget: func(*testing.T) string { return remoteAccount + "missing" },
		FailingTarget: func(*testing.T) string { return remoteAccount + "flaky" },
		SlowTarget:    func(*testing.T) string { return remoteAccount + "slow" },
	})
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.auth {
		if !strings.HasPrefix(a, "AWS4-HMAC-SHA256 Credential=AKIDREMOTE/") || !strings.Contains(a, "/eu-west-1/events/aws4_request") {
			t.Fatalf("request not SigV4-signed for eu-west-1/events: %q", a)
		}
	}
}

func TestRemoteEntryFailures(t *testing.T) {
	f := newFakeEventBridge(t)
	d := newRemoteDriver(t, f, "throttled-entry")
	var de *eventrail.DeliveryError
	err := d.Deliver(context.Background(), drivertest.Handoff("e1", remoteAccount+"throttled-entry"))
	if !errors.As(err, &de) || de.Code != CodeThrottling || !de.Retryable {
		t.Fatalf("err = %v, want retryable THROTTLING", err)
	}
	if e := classifyEntry("InvalidArgument", "bad detail"); e.(*eventrail.DeliveryError).Retryable {
		t.Fatal("an invalid entry must not be retried")
	}
}

func TestRemoteUnreachable(t *testing.T) {
	f := newFakeEventBridge(t)
	d := newRemoteDriver(t, f, "b")
	f.srv.Close() // connection refused from now on
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var de *eventrail.DeliveryError
	if err := d.Deliver(ctx, drivertest.Handoff("e1", remoteAccount+"b")); !errors.As(err, &de) || !de.Retryable {
		t.Fatalf("err = %v, want a retryable failure", err)
	}
}

func TestNewRejectsIncompleteRemote(t *testing.T) {
	if _, err := New(Options{Remotes: map[string]Remote{"arn": {Endpoint: "http://127.0.0.1:1"}}}); err == nil {
		t.Fatal("a remote without a region must be rejected")
	}
}
