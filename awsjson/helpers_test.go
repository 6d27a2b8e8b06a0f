package awsjson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// The toy service every test drives: echo, error, failure and panic operations.

type echoIn struct {
	Name   string   `json:"Name,omitempty"`
	Count  int      `json:"Count,omitempty"`
	Tags   []string `json:"Tags,omitempty"`
	Code   string   `json:"Code,omitempty"` // for Fail: the error code to return
	Reason string   `json:"Reason,omitempty"`
}

type echoOut struct {
	Name        string   `json:"Name,omitempty"`
	Count       int      `json:"Count,omitempty"`
	Tags        []string `json:"Tags,omitempty"`
	RequestID   string   `json:"RequestId"`
	AccessKeyID string   `json:"AccessKeyId,omitempty"`
	Signed      bool     `json:"Signed"`
	Loopback    bool     `json:"Loopback"`
	Region      string   `json:"Region,omitempty"`
	HTML        string   `json:"Html,omitempty"`
}

type emptyIn struct{}
type emptyOut struct{}

type badOut struct {
	C chan int `json:"C"`
}

func echoOp(ctx context.Context, in *echoIn) (*echoOut, error) {
	c := CallerFromContext(ctx)
	return &echoOut{Name: in.Name, Count: in.Count, Tags: in.Tags, RequestID: RequestID(ctx),
		AccessKeyID: c.AccessKeyID, Signed: c.Signed, Loopback: c.Loopback, Region: RegionFromContext(ctx)}, nil
}

func failOp(_ context.Context, in *echoIn) (*emptyOut, error) {
	return nil, eventrail.Errorf(in.Code, "%s", in.Reason)
}

func boomOp(context.Context, *emptyIn) (*emptyOut, error) {
	return nil, errors.New("disk on fire: /var/lib/secret-path")
}

func panicOp(context.Context, *emptyIn) (*emptyOut, error) { panic("handler bug") }

func nilOp(context.Context, *emptyIn) (*emptyOut, error) { return nil, nil }

func htmlOp(context.Context, *emptyIn) (*echoOut, error) {
	return &echoOut{HTML: "<a&b>"}, nil
}

func badOutOp(context.Context, *emptyIn) (*badOut, error) { return &badOut{C: make(chan int)}, nil }

// toyServices returns an EventBridge-like JSON 1.1 service and an SQS-like JSON 1.0,
// query-compatible service with the same operations.
func toyServices() (*Service, *Service) {
	events := &Service{TargetPrefix: "AWSEvents", JSONVersion: "1.1", SigningName: "events"}
	events.RegisterAll(map[string]any{"Echo": echoOp, "Fail": failOp, "Boom": boomOp, "Panic": panicOp,
		"Nil": nilOp, "Html": htmlOp, "BadOut": badOutOp})
	Handle(events, "FastEcho", echoOp)
	sqs := &Service{TargetPrefix: "AmazonSQS", JSONVersion: "1.0", SigningName: "sqs",
		QueryCompatible: map[string]string{"QueueDoesNotExist": "AWS.SimpleQueueService.NonExistentQueue"}}
	sqs.RegisterAll(map[string]any{"Echo": echoOp, "Fail": failOp, "Boom": boomOp})
	return events, sqs
}

// recorder collects OnRequest reports.
type recorder struct {
	mu    sync.Mutex
	infos []RequestInfo
}

func (r *recorder) record(i *RequestInfo) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.infos = append(r.infos, *i)
}

func (r *recorder) last(t *testing.T) RequestInfo {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.infos) == 0 {
		t.Fatal("OnRequest was not called")
	}
	return r.infos[len(r.infos)-1]
}

// newServer starts an httptest server on 127.0.0.1 running the edge with o (toy services
// added when o.Services is empty).
func newServer(t testing.TB, o Options) *httptest.Server {
	t.Helper()
	if len(o.Services) == 0 {
		ev, sq := toyServices()
		o.Services = []*Service{ev, sq}
	}
	h, err := NewHandler(o)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// reply is a decoded HTTP response.
type reply struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

func do(t testing.TB, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	rp := reply{status: resp.StatusCode, header: resp.Header, body: body}
	_ = json.Unmarshal(body, &rp.json)
	return rp
}

// post sends an unsigned JSON-protocol call.
func post(t testing.TB, url, target, body string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	return do(t, req)
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// checkError asserts an AWS JSON error reply.
func checkError(t *testing.T, rp reply, status int, code, message string) {
	t.Helper()
	if rp.status != status {
		t.Errorf("status = %d, want %d (body %s)", rp.status, status, rp.body)
	}
	if got := rp.json["__type"]; got != code {
		t.Errorf("__type = %v, want %s (body %s)", got, code, rp.body)
	}
	gotMsg, _ := rp.json["message"].(string)
	if gotMsg != message {
		t.Errorf("message = %q, want %q", gotMsg, message)
	}
	if got := rp.header.Get("X-Amzn-ErrorType"); got != code {
		t.Errorf("X-Amzn-ErrorType = %q, want %q", got, code)
	}
	if !uuidRE.MatchString(rp.header.Get("X-Amzn-RequestId")) {
		t.Errorf("x-amzn-RequestId = %q, not a uuid", rp.header.Get("X-Amzn-RequestId"))
	}
}

// testLog captures what the package logs (slog's default logger) during the tests.
var testLog lockedBuffer

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(&testLog, nil)))
	os.Exit(m.Run())
}

var testEpoch = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)
