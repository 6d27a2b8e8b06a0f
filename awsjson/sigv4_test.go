package awsjson

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/eventrail/eventrail"
)

const (
	testAKID   = "AKIDEXAMPLE"
	testSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// signedCall describes a request to build and sign with aws-sdk-go-v2's signer.
type signedCall struct {
	method, path, target, body string
	headers                    [][2]string // added (Header.Add) before signing
	service, region            string
	at                         time.Time
	akid, secret, token        string
	payloadHash                string // "" = SHA-256 of body
	after                      func(*http.Request)
}

func (c signedCall) build(t *testing.T, base string) *http.Request {
	t.Helper()
	if c.method == "" {
		c.method = http.MethodPost
	}
	if c.path == "" {
		c.path = "/"
	}
	if c.service == "" {
		c.service = "events"
	}
	if c.region == "" {
		c.region = "us-east-1"
	}
	if c.at.IsZero() {
		c.at = testEpoch
	}
	if c.akid == "" {
		c.akid, c.secret = testAKID, testSecret
	}
	req, err := http.NewRequest(c.method, base+c.path, bytes.NewBufferString(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	if c.target != "" {
		req.Header.Set("X-Amz-Target", c.target)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	}
	for _, h := range c.headers {
		req.Header.Add(h[0], h[1])
	}
	hash := c.payloadHash
	if hash == "" {
		hash = sha256Hex([]byte(c.body))
	}
	creds := aws.Credentials{AccessKeyID: c.akid, SecretAccessKey: c.secret, SessionToken: c.token}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hash, c.service, c.region, c.at); err != nil {
		t.Fatal(err)
	}
	if c.after != nil {
		c.after(req)
	}
	return req
}

func authServer(t *testing.T, region string) (*recorder, string) {
	rec := &recorder{}
	srv := newServer(t, Options{
		Credentials: map[string]string{testAKID: testSecret, "AKIDOTHER": "other-secret"},
		Region:      region,
		Clock:       eventrail.NewFakeClock(testEpoch),
		REST:        schedulerRoutes(),
		OnRequest:   rec.record,
	})
	return rec, srv.URL
}

func TestSigV4Accepts(t *testing.T) {
	rec, base := authServer(t, "us-east-1")
	arnPath := "/tags/arn%3Aaws%3Ascheduler%3Aus-east-1%3A111111111111%3Aschedule%2Fdefault%2Fnightly"
	cases := []struct {
		name string
		call signedCall
	}{
		{"json call", signedCall{target: "AWSEvents.Echo", body: `{"Name":"x"}`}},
		{"empty body", signedCall{target: "AWSEvents.Echo"}},
		{"sqs scope", signedCall{target: "AmazonSQS.Echo", body: `{}`, service: "sqs"}},
		{"second key", signedCall{target: "AWSEvents.Echo", body: `{}`, akid: "AKIDOTHER", secret: "other-secret"}},
		{"session token", signedCall{target: "AWSEvents.Echo", body: `{}`, token: "FQoGZXIvYXdzEJr//////////wEaDM"}},
		{"rest path with ARN", signedCall{method: "GET", path: arnPath, service: "scheduler"}},
		{"rest query with spaces and unicode", signedCall{method: "GET", service: "scheduler",
			path: "/schedules/n%C3%A4me?groupName=my%20group&NamePrefix=%C3%A9t%C3%A9%2F%2B&b=2&a=1&a=0&empty="}},
		{"rest body", signedCall{method: "POST", path: "/schedules/nightly", service: "scheduler", body: `{"ScheduleExpression":"rate(1 hour)"}`}},
		{"multiple header values", signedCall{target: "AWSEvents.Echo", body: `{}`, headers: [][2]string{
			{"X-Custom", "a"}, {"X-Custom", "  b    c  "}, {"X-Other", "tab\there"}}}},
		{"unsigned payload", signedCall{target: "AWSEvents.Echo", body: `{"Name":"u"}`, payloadHash: "UNSIGNED-PAYLOAD",
			headers: [][2]string{{"X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"}}}},
		{"explicit content sha256", signedCall{target: "AWSEvents.Echo", body: `{"Name":"s"}`,
			headers: [][2]string{{"X-Amz-Content-Sha256", sha256Hex([]byte(`{"Name":"s"}`))}}}},
		{"15 minutes old", signedCall{target: "AWSEvents.Echo", body: `{}`, at: testEpoch.Add(-15 * time.Minute)}},
		{"15 minutes ahead", signedCall{target: "AWSEvents.Echo", body: `{}`, at: testEpoch.Add(15 * time.Minute)}},
		{"botocore path normalisation", signedCall{target: "AWSEvents.Echo", body: `{}`,
			after: func(r *http.Request) { r.URL.Path = "/./" }}},
		{"day boundary", signedCall{target: "AWSEvents.Echo", body: `{}`, at: time.Date(2026, 11, 21, 0, 0, 1, 0, time.UTC)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "day boundary" {
				_, b := authServerAt(t, time.Date(2026, 11, 20, 23, 59, 0, 0, time.UTC))
				base = b
			}
			rp := do(t, c.call.build(t, base))
			if rp.status/100 != 2 {
				t.Fatalf("status %d: %s", rp.status, rp.body)
			}
			if c.name == "day boundary" {
				return
			}
			info := rec.last(t)
			wantKey := c.call.akid
			if wantKey == "" {
				wantKey = testAKID
			}
			if !info.Caller.Signed || info.Caller.AccessKeyID != wantKey || info.Region != "us-east-1" {
				t.Errorf("caller = %+v region %q", info.Caller, info.Region)
			}
		})
	}
}

func authServerAt(t *testing.T, now time.Time) (*recorder, string) {
	rec := &recorder{}
	srv := newServer(t, Options{Credentials: map[string]string{testAKID: testSecret}, Clock: eventrail.NewFakeClock(now), OnRequest: rec.record})
	return rec, srv.URL
}

func TestSigV4Rejects(t *testing.T) {
	_, base := authServer(t, "us-east-1")
	echo := func(mod func(*signedCall)) signedCall {
		c := signedCall{target: "AWSEvents.Echo", body: `{"Name":"x"}`}
		if mod != nil {
			mod(&c)
		}
		return c
	}
	setAuth := func(v string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", v) }
	}
	const scope = "AKIDEXAMPLE/20261121/us-east-1/events/aws4_request"
	cases := []struct {
		name          string
		call          signedCall
		code, message string
	}{
		{"no authorization", echo(func(c *signedCall) { c.after = func(r *http.Request) { r.Header.Del("Authorization") } }),
			"MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"wrong secret", echo(func(c *signedCall) { c.secret = "nope"; c.akid = testAKID }),
			"InvalidSignatureException", msgSignatureMismatch},
		{"unknown key", echo(func(c *signedCall) { c.akid, c.secret = "AKIDUNKNOWN", "x" }),
			"UnrecognizedClientException", "The security token included in the request is invalid."},
		{"wrong service", echo(func(c *signedCall) { c.service = "sqs" }),
			"InvalidSignatureException", "Credential should be scoped to correct service: 'events'. "},
		{"wrong region", echo(func(c *signedCall) { c.region = "eu-west-1" }),
			"InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'. "},
		{"expired", echo(func(c *signedCall) { c.at = testEpoch.Add(-20 * time.Minute) }),
			"InvalidSignatureException", "Signature expired: 20261121T091000Z is now earlier than 20261121T091500Z (20261121T093000Z - 15 min.)"},
		{"future", echo(func(c *signedCall) { c.at = testEpoch.Add(20 * time.Minute) }),
			"InvalidSignatureException", "Signature not yet current: 20261121T095000Z is still later than 20261121T094500Z (20261121T093000Z + 15 min.)"},
		{"tampered target", echo(func(c *signedCall) {
			c.after = func(r *http.Request) { r.Header.Set("X-Amz-Target", "AWSEvents.FastEcho") }
		}), "InvalidSignatureException", msgSignatureMismatch},
		{"tampered query", signedCall{method: "GET", path: "/schedules/x?groupName=a", service: "scheduler",
			after: func(r *http.Request) { r.URL.RawQuery = "groupName=b" }}, "InvalidSignatureException", msgSignatureMismatch},
		{"tampered path", signedCall{method: "GET", path: "/schedules/x", service: "scheduler",
			after: func(r *http.Request) { r.URL.Path = "/schedules/y" }}, "InvalidSignatureException", msgSignatureMismatch},
		{"content sha256 mismatch", echo(func(c *signedCall) {
			c.headers = [][2]string{{"X-Amz-Content-Sha256", sha256Hex([]byte("other"))}}
			c.payloadHash = sha256Hex([]byte("other"))
		}), "InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed."},
		{"missing signature and signed headers", echo(func(c *signedCall) {
			c.after = setAuth("AWS4-HMAC-SHA256 Credential=" + scope)
		}), "IncompleteSignatureException", "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=" + scope},
		{"missing date", echo(func(c *signedCall) { c.after = func(r *http.Request) { r.Header.Del("X-Amz-Date") } }),
			"IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=*"},
		{"bearer token", echo(func(c *signedCall) { c.after = setAuth("Bearer abc") }),
			"IncompleteSignatureException", "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer abc"},
		{"missing equal sign", echo(func(c *signedCall) {
			c.after = setAuth("AWS4-HMAC-SHA256 Credential= " + scope + ", SignedHeaders=host;x-amz-date, Signature=abc")
		}), "IncompleteSignatureException", "'" + scope + "' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential= " + scope + ", SignedHeaders=host;x-amz-date, Signature=abc'."},
		{"bad date format", echo(func(c *signedCall) {
			c.after = func(r *http.Request) { r.Header.Set("X-Amz-Date", "2026-11-21T09:30:00Z") }
		}), "IncompleteSignatureException", "Date must be in ISO-8601 'basic format'. Got '2026-11-21T09:30:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"},
		{"host not signed", echo(func(c *signedCall) {
			c.after = setAuth("AWS4-HMAC-SHA256 Credential=" + scope + ", SignedHeaders=x-amz-date, Signature=abc")
		}), "InvalidSignatureException", msgHostNotSigned},
		{"sigv4a", echo(func(c *signedCall) {
			c.after = setAuth("AWS4-ECDSA-P256-SHA256 Credential=" + scope + ", SignedHeaders=host;x-amz-date, Signature=abc")
		}), "IncompleteSignatureException", "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). "},
		{"four credential parts", echo(func(c *signedCall) {
			c.after = setAuth("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/events, SignedHeaders=host;x-amz-date, Signature=abc")
		}), "IncompleteSignatureException", "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20261121/us-east-1/events'"},
		{"every scope element wrong", echo(func(c *signedCall) {
			c.after = setAuth("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261120/mars-1/sns/aws5_request, SignedHeaders=host;x-amz-date, Signature=abc")
		}), "InvalidSignatureException", "Credential should be scoped to a valid region, not 'mars-1'. Credential should be scoped to correct service: 'events'. " +
			"Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261120' != '20261121', from '20261121T093000Z'. "},
		{"expiry checked before scope", echo(func(c *signedCall) {
			c.at = testEpoch.Add(-time.Hour)
			c.after = func(r *http.Request) {
				r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/events/", "/cassandra/", 1))
			}
		}), "InvalidSignatureException", "Signature expired: 20261121T083000Z is now earlier than 20261121T091500Z (20261121T093000Z - 15 min.)"},
		{"old Date header", echo(func(c *signedCall) {
			c.after = func(r *http.Request) {
				r.Header.Del("X-Amz-Date")
				r.Header.Set("Date", testEpoch.Add(-time.Hour).Format(http.TimeFormat))
			}
		}), "InvalidSignatureException", "Signature expired: 20261121T083000Z is now earlier than 20261121T091500Z (20261121T093000Z - 15 min.)"},
		{"rest wrong service", signedCall{method: "GET", path: "/schedules/x", service: "events"},
			"InvalidSignatureException", "Credential should be scoped to correct service: 'scheduler'. "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rp := do(t, c.call.build(t, base))
			if rp.status != 400 {
				t.Errorf("status %d, want 400", rp.status)
			}
			code := rp.header.Get("X-Amzn-ErrorType")
			msg, _ := rp.json["message"].(string)
			if m, ok := rp.json["Message"].(string); ok {
				msg = m // REST-JSON body
			}
			if code != c.code {
				t.Errorf("code = %q, want %q (body %s)", code, c.code, rp.body)
			}
			if want, ok := strings.CutSuffix(c.message, "*"); ok {
				if !strings.HasPrefix(msg, want) {
					t.Errorf("message = %q, want prefix %q", msg, want)
				}
			} else if msg != c.message {
				t.Errorf("message = %q\nwant      %q", msg, c.message)
			}
		})
	}
}

func TestSigV4Presigned(t *testing.T) {
	_, base := authServer(t, "")
	presign := func(at time.Time, expires string) *http.Request {
		req, _ := http.NewRequest(http.MethodPost, base+"/?X-Amz-Expires="+expires, strings.NewReader(`{"Name":"p"}`))
		req.Header.Set("X-Amz-Target", "AWSEvents.Echo")
		u, signed, err := v4.NewSigner().PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: testAKID, SecretAccessKey: testSecret},
			req, "UNSIGNED-PAYLOAD", "events", "ap-south-1", at)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(`{"Name":"p"}`))
		for k, v := range signed {
			if k != "Host" {
				out.Header[k] = v
			}
		}
		return out
	}
	rp := do(t, presign(testEpoch.Add(-time.Minute), "300"))
	if rp.status != 200 || rp.json["Name"] != "p" || rp.json["Signed"] != true || rp.json["Region"] != "ap-south-1" {
		t.Fatalf("presigned: %d %s", rp.status, rp.body)
	}
	rp = do(t, presign(testEpoch.Add(-10*time.Minute), "300"))
	if rp.status != 400 || !strings.HasPrefix(rp.json["message"].(string), "Signature expired: 20261121T092000Z") {
		t.Errorf("expired presigned: %d %s", rp.status, rp.body)
	}
	req := presign(testEpoch, "300")
	req.URL.RawQuery = strings.Replace(req.URL.RawQuery, "X-Amz-Signature=", "X-Amz-Signature=0", 1)
	checkError(t, do(t, req), 400, "InvalidSignatureException", msgSignatureMismatch)
	req = presign(testEpoch, "300")
	q := req.URL.Query()
	q.Del("X-Amz-Credential")
	req.URL.RawQuery = q.Encode()
	checkError(t, do(t, req), 400, "IncompleteSignatureException",
		"AWS query-string parameters must include 'X-Amz-Credential'. Re-examine the query-string parameters.")
}

func TestAuthOffRecordsClaimedKey(t *testing.T) {
	rec := &recorder{}
	srv := newServer(t, Options{OnRequest: rec.record, Region: "us-east-1"})
	rp := do(t, signedCall{target: "AWSEvents.Echo", body: `{}`, region: "eu-central-1", secret: "whatever", akid: "AKIDCLAIM"}.build(t, srv.URL))
	if rp.status != 200 || rp.json["AccessKeyId"] != "AKIDCLAIM" || rp.json["Signed"] != false || rp.json["Region"] != "eu-central-1" {
		t.Errorf("auth off: %d %s", rp.status, rp.body)
	}
	if info := rec.last(t); info.Caller.Signed || info.Caller.AccessKeyID != "AKIDCLAIM" {
		t.Errorf("caller %+v", info.Caller)
	}
}
