package sqsquery

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestIsQueryRequest(t *testing.T) {
	const form = "application/x-www-form-urlencoded; charset=utf-8"
	sqsAuth := "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00"
	snsAuth := strings.Replace(sqsAuth, "/sqs/", "/sns/", 1)
	tests := []struct {
		name, method, target, ctype, auth, body string
		want                                    bool
	}{
		{"form with SQS version", "POST", "/", form, "", "Action=ListQueues&Version=2012-11-05", true},
		{"form scoped to sqs", "POST", "/", form, sqsAuth, "Action=ListQueues", true},
		{"queue URL path", "POST", "/000000000000/q1", form, "", "Action=ReceiveMessage", true},
		{"SNS version", "POST", "/", form, "", "Action=Publish&Version=2010-03-31", false},
		{"scoped to sns", "POST", "/", form, snsAuth, "Action=ListQueues&Version=2012-11-05", false},
		{"no action", "POST", "/", form, "", "Version=2012-11-05", false},
		{"JSON body", "POST", "/", "application/x-amz-json-1.0", "", `{"Action":"x"}`, false},
		{"GET with query", "GET", "/?Action=ListQueues&Version=2012-11-05", "", "", "", true},
		{"GET console", "GET", "/console/", "", "", "", false},
		{"action late in a long body", "POST", "/", form, "", "Version=2012-11-05&Pad=" + strings.Repeat("x", peekLimit) + "&Action=ListQueues", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.ctype != "" {
				r.Header.Set("Content-Type", tc.ctype)
			}
			if tc.auth != "" {
				r.Header.Set("Authorization", tc.auth)
			}
			if got := IsQueryRequest(r); got != tc.want {
				t.Fatalf("IsQueryRequest = %v, want %v", got, tc.want)
			}
			rest, err := io.ReadAll(r.Body)
			if err != nil || string(rest) != tc.body {
				t.Fatalf("body after IsQueryRequest: %d bytes (err %v), want the %d sent", len(rest), err, len(tc.body))
			}
		})
	}
}

// TestRoutedByIsQueryRequest mounts the handler the way cmd/eventrail does: behind a router
// that asks IsQueryRequest first, with the body consumed only afterwards.
func TestRoutedByIsQueryRequest(t *testing.T) {
	e := newEnv(t, nil, Options{})
	h := NewHandler(e.svc, Options{})
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if IsQueryRequest(r) {
			h.ServeHTTP(w, r)
			return
		}
		http.NotFound(w, r)
	})
	r := httptest.NewRequest("POST", "/", strings.NewReader("Action=CreateQueue&Version=2012-11-05&QueueName=routed"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "/000000000000/routed</QueueUrl>") {
		t.Fatalf("HTTP %d %s", w.Code, w.Body)
	}
}
