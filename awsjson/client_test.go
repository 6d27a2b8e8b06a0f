package awsjson

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/eventrail/eventrail"
)

func TestClient(t *testing.T) {
	rec := &recorder{}
	srv := newServer(t, Options{Credentials: map[string]string{testAKID: testSecret}, Region: "eu-west-1",
		Clock: eventrail.NewFakeClock(testEpoch), OnRequest: rec.record})
	c := &Client{Endpoint: srv.URL, TargetPrefix: "AWSEvents", SigningName: "events", Region: "eu-west-1",
		AccessKeyID: testAKID, SecretAccessKey: testSecret, Clock: eventrail.NewFakeClock(testEpoch)}
	ctx := context.Background()

	var out echoOut
	if err := c.Call(ctx, "Echo", &echoIn{Name: "n", Count: 2}, &out); err != nil {
		t.Fatal(err)
	}
	if out.Name != "n" || out.Count != 2 || !out.Signed || out.AccessKeyID != testAKID || out.Region != "eu-west-1" {
		t.Errorf("out = %+v", out)
	}
	if err := c.Call(ctx, "Nil", nil, nil); err != nil {
		t.Errorf("Nil: %v", err)
	}

	err := c.Call(ctx, "Fail", &echoIn{Code: "ResourceNotFoundException", Reason: "Event bus x does not exist."}, nil)
	var re *ResponseError
	if !errors.As(err, &re) || re.Status != 400 || re.RequestID != rec.last(t).RequestID ||
		!eventrail.HasCode(err, "ResourceNotFoundException") || re.Err.Message != "Event bus x does not exist." {
		t.Errorf("Fail: %v", err)
	}

	c.SessionToken = "token"
	if err := c.Call(ctx, "Echo", nil, &out); err != nil {
		t.Errorf("with session token: %v", err)
	}
	c.SecretAccessKey = "wrong"
	if err := c.Call(ctx, "Echo", nil, &out); !eventrail.HasCode(err, "InvalidSignatureException") {
		t.Errorf("wrong secret: %v", err)
	}
	unsigned := &Client{Endpoint: srv.URL, TargetPrefix: "AWSEvents"}
	if err := unsigned.Call(ctx, "Echo", nil, nil); !eventrail.HasCode(err, "MissingAuthenticationTokenException") {
		t.Errorf("unsigned: %v", err)
	}
}

func TestClientDecodesForeignErrorForms(t *testing.T) {
	cases := []struct {
		header, body, code, msg string
	}{
		{"", `{"__type":"com.amazonaws.events#ResourceNotFoundException","Message":"m"}`, "ResourceNotFoundException", "m"},
		{"ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.service/", `{"message":"slow"}`, "ThrottlingException", "slow"},
		{"", `{"code":"X","message":"y"}`, "X", "y"},
		{"", `not json`, "Bad Request", ""},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			if c.header != "" {
				w.Header().Set("X-Amzn-ErrorType", c.header)
			}
			w.WriteHeader(400)
			_, _ = w.Write([]byte(c.body))
		}))
		err := (&Client{Endpoint: srv.URL, TargetPrefix: "AWSEvents"}).Call(context.Background(), "Op", nil, nil)
		srv.Close()
		e, ok := eventrail.AsError(err)
		if !ok || e.Code != c.code || e.Message != c.msg {
			t.Errorf("%s %s: got %v", c.header, c.body, err)
		}
	}
}
