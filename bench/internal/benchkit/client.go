package benchkit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Client calls one eventrail endpoint over the AWS JSON protocols without signing (the server
// accepts unsigned requests from loopback). It keeps connections alive and reuses them; it is
// safe for concurrent use.
type Client struct {
	Endpoint string
	http     *http.Client
}

// NewClient returns a Client keeping up to conns idle connections to endpoint.
func NewClient(endpoint string, conns int) *Client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns * 2,
		MaxConnsPerHost:     0,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	return &Client{Endpoint: strings.TrimRight(endpoint, "/"), http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// APIError is a non-2xx answer of the server.
type APIError struct {
	Status int
	Type   string // the AWS error code (__type without its namespace)
	Body   string
}

func (e *APIError) Error() string { return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Type, e.Body) }

// Raw POSTs body to the operation target (e.g. "AWSEvents.PutEvents") with the content type of
// jsonVersion ("1.1" or "1.0") and returns the response body of a 2xx answer, or an *APIError.
func (c *Client) Raw(ctx context.Context, target, jsonVersion string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.Endpoint+"/", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-"+jsonVersion)
	req.Header.Set("X-Amz-Target", target)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, &APIError{Status: resp.StatusCode, Type: errorType(out), Body: string(out)}
	}
	return out, nil
}

// errorType extracts the AWS error code from an error body.
func errorType(body []byte) string {
	var e struct {
		Type string `json:"__type"`
	}
	_ = json.Unmarshal(body, &e)
	if i := strings.LastIndexByte(e.Type, '#'); i >= 0 {
		return e.Type[i+1:]
	}
	return e.Type
}

// Events calls the EventBridge operation op with in (marshalled) and decodes the answer into
// out (may be nil).
func (c *Client) Events(ctx context.Context, op string, in, out any) error {
	return c.call(ctx, "AWSEvents."+op, "1.1", in, out)
}

// SQS calls the SQS JSON 1.0 operation op.
func (c *Client) SQS(ctx context.Context, op string, in, out any) error {
	return c.call(ctx, "AmazonSQS."+op, "1.0", in, out)
}

func (c *Client) call(ctx context.Context, target, version string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	resp, err := c.Raw(ctx, target, version, body)
	if err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(resp, out); err != nil {
		return fmt.Errorf("%s: decoding %q: %w", target, resp, err)
	}
	return nil
}

// PutEventsResult is what CountFailed reads from a PutEvents answer.
type PutEventsResult struct {
	FailedEntryCount int
	Entries          []struct {
		EventId   string
		ErrorCode string
	}
}

// CountFailed returns FailedEntryCount of a PutEvents answer, taking a fast path for the usual
// all-succeeded answer, and the first failed entry's error code.
func CountFailed(resp []byte) (int, string, error) {
	if bytes.Contains(resp, []byte(`"FailedEntryCount":0,`)) || bytes.Contains(resp, []byte(`"FailedEntryCount":0}`)) {
		return 0, "", nil
	}
	var r PutEventsResult
	if err := json.Unmarshal(resp, &r); err != nil {
		return 0, "", fmt.Errorf("PutEvents answer %q: %w", resp, err)
	}
	code := ""
	for _, e := range r.Entries {
		if e.ErrorCode != "" {
			code = e.ErrorCode
			break
		}
	}
	return r.FailedEntryCount, code, nil
}
