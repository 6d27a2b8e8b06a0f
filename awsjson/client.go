package awsjson

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// Client calls operations of one AWS JSON-protocol service (the eventrail CLI, smoke tests,
// internal callers). It signs with SigV4 when AccessKeyID is set. A Client is safe for
// concurrent use once configured; its fields must not change while calls are in flight.
type Client struct {
	Endpoint     string // "http://127.0.0.1:4010"
	TargetPrefix string // "AWSEvents"
	JSONVersion  string // "1.1" (default) or "1.0"
	SigningName  string // "events"
	Region       string // signing region; "" means "us-east-1"

	AccessKeyID, SecretAccessKey, SessionToken string // empty AccessKeyID sends unsigned calls

	HTTPClient *http.Client    // nil means http.DefaultClient
	Clock      eventrail.Clock // signing time; nil means the system clock
}

// ResponseError is an AWS error answer: the HTTP status, the request id, and the error as an
// *eventrail.Error (errors.As / eventrail.AsError find it).
type ResponseError struct {
	Status    int
	RequestID string
	Err       *eventrail.Error
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("%s (HTTP %d, request id %s)", e.Err.Error(), e.Status, e.RequestID)
}

// Unwrap returns the *eventrail.Error.
func (e *ResponseError) Unwrap() error { return e.Err }

// Call invokes operation op with in (encoded as JSON; nil sends {}) and decodes the answer into
// out (may be nil). An AWS error answer is a *ResponseError; transport and decoding failures are
// returned as they are.
func (c *Client) Call(ctx context.Context, op string, in, out any) error {
	body := []byte("{}")
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("awsjson: encode %s input: %w", op, err)
		}
		body = b
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.Endpoint, "/")+"/", bytes.NewReader(body))
	if err != nil {
		return err
	}
	version := c.JSONVersion
	if version == "" {
		version = "1.1"
	}
	req.Header.Set("Content-Type", "application/x-amz-json-"+version)
	req.Header.Set("X-Amz-Target", c.TargetPrefix+"."+op)
	if c.AccessKeyID != "" {
		c.sign(req, body)
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return decodeErrorResponse(resp, data)
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("awsjson: decode %s output: %w", op, err)
	}
	return nil
}

// sign adds X-Amz-Date, the session token and a SigV4 Authorization header to req.
func (c *Client) sign(req *http.Request, body []byte) {
	now := time.Now()
	if c.Clock != nil {
		now = c.Clock.Now()
	}
	region := c.Region
	if region == "" {
		region = "us-east-1"
	}
	stamp := now.UTC().Format(amzDateLayout)
	req.Host = req.URL.Host
	req.Header.Set("X-Amz-Date", stamp)
	signed := "content-type;host;x-amz-date;x-amz-target"
	if c.SessionToken != "" {
		req.Header.Set("X-Amz-Security-Token", c.SessionToken)
		signed = "content-type;host;x-amz-date;x-amz-security-token;x-amz-target"
	}
	cs := credentialScope{accessKeyID: c.AccessKeyID, date: stamp[:8], region: region, service: c.SigningName, terminator: "aws4_request"}
	k := hmacSHA256([]byte("AWS4"+c.SecretAccessKey), cs.date)
	k = hmacSHA256(k, cs.region)
	k = hmacSHA256(k, cs.service)
	k = hmacSHA256(k, cs.terminator)
	sig := signature(k, stamp, cs.scope(), canonicalRequest(req, signed, bodyHash(body), canonicalOptions{}))
	req.Header.Set("Authorization", sigAlgorithm+" Credential="+c.AccessKeyID+"/"+cs.scope()+", SignedHeaders="+signed+", Signature="+sig)
}

// decodeErrorResponse reads an AWS JSON error answer the way the SDKs do: the code from
// X-Amzn-ErrorType, else the body's __type or code, without any "namespace#" prefix or
// ":suffix"; the message from message or Message.
func decodeErrorResponse(resp *http.Response, data []byte) error {
	var body struct {
		Type     string `json:"__type"`
		Code     string `json:"code"`
		Message  string `json:"message"`
		MessageU string `json:"Message"`
	}
	_ = json.Unmarshal(data, &body)
	code := resp.Header.Get("X-Amzn-ErrorType")
	for _, c := range []string{body.Type, body.Code} {
		if code == "" {
			code = c
		}
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	code, _, _ = strings.Cut(code, ":")
	if code == "" {
		code = http.StatusText(resp.StatusCode)
	}
	msg := body.Message
	if msg == "" {
		msg = body.MessageU
	}
	return &ResponseError{Status: resp.StatusCode, RequestID: resp.Header.Get("X-Amzn-RequestId"),
		Err: &eventrail.Error{Code: code, Message: msg}}
}
