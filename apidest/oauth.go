package apidest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// refreshBefore is how long before its expiry a token is replaced (AWS: 60 s).
const refreshBefore = 60 * time.Second

// token is one OAuth access token and the invocation headers that carry it.
type token struct {
	value  string
	expiry time.Time // zero: the endpoint gave no lifetime
	hdr    http.Header
}

// fetch is one token request in flight; waiters block on done.
type fetch struct {
	done chan struct{}
	tok  *token
	err  error
}

// tokenSource caches one connection's token (for one version of its credentials) and makes
// sure concurrent invocations share a single fetch. Safe for concurrent use.
type tokenSource struct {
	s    *Service
	conn connection // the credentials as they were when the source was made
	base http.Header

	mu       sync.Mutex
	tok      *token
	inflight *fetch
	state    string // the connection state last written for this source
}

// tokenKey identifies a connection's credentials version: its ARN and a digest of its
// authorization settings (a description-only update keeps the cached token).
func tokenKey(c *connection) string {
	sum := sha256.Sum256(mustJSON(struct {
		T string
		A AuthParameters
	}{c.AuthorizationType, c.Auth}))
	return c.Arn + "|" + hex.EncodeToString(sum[:])
}

// tokenSourceFor returns the shared token source of c's current credentials.
func (d *Driver) tokenSourceFor(c *connection) *tokenSource {
	key := tokenKey(c)
	d.tokMu.Lock()
	defer d.tokMu.Unlock()
	if ts, ok := d.tokens[key]; ok {
		return ts
	}
	for k, ts := range d.tokens { // drop older versions of this connection
		if ts.conn.Arn == c.Arn {
			delete(d.tokens, k)
		}
	}
	base, _ := connectionHeaders(c)
	ts := &tokenSource{s: d.s, conn: *c, base: base, state: c.State}
	d.tokens[key] = ts
	return ts
}

// get returns a token valid for at least refreshBefore, fetching one if needed; fresh reports
// that this call's fetch produced it. Waiting honours ctx.
func (ts *tokenSource) get(ctx context.Context) (tok *token, fresh bool, err error) {
	now := ts.s.o.Clock.Now()
	ts.mu.Lock()
	if t := ts.validLocked(now); t != nil {
		ts.mu.Unlock()
		return t, false, nil
	}
	f := ts.inflight
	leader := f == nil
	if leader {
		f = &fetch{done: make(chan struct{})}
		ts.inflight = f
	}
	ts.mu.Unlock()
	if leader {
		f.tok, f.err = ts.fetch(ctx)
		ts.mu.Lock()
		ts.inflight = nil
		if f.err == nil {
			ts.tok = f.tok
		}
		ts.mu.Unlock()
		close(f.done)
		ts.recordState(f.err)
		return f.tok, true, f.err
	}
	select {
	case <-f.done:
		return f.tok, true, f.err
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}

// cached returns the cached token if it is valid for at least refreshBefore, else nil (get
// would then fetch one).
func (ts *tokenSource) cached() *token {
	now := ts.s.o.Clock.Now()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.validLocked(now)
}

// validLocked returns the cached token if it is valid at now for at least refreshBefore, else
// nil. Caller holds ts.mu.
func (ts *tokenSource) validLocked(now time.Time) *token {
	if t := ts.tok; t != nil && (t.expiry.IsZero() || now.Add(refreshBefore).Before(t.expiry)) {
		return t
	}
	return nil
}

// drop forgets t if it is still the cached token (the target answered 401 or 407).
func (ts *tokenSource) drop(t *token) {
	ts.mu.Lock()
	if ts.tok == t {
		ts.tok = nil
	}
	ts.mu.Unlock()
}

// tokenError is a failed token request; status is the endpoint's HTTP status (0: none).
type tokenError struct {
	status int
	msg    string
}

func (e *tokenError) Error() string { return e.msg }

// fetch requests a token from the authorization endpoint: the configured method, the
// OAuthHttpParameters (body parameters form-encoded, or in the query for GET, with
// grant_type=client_credentials added when absent), and the client credentials as HTTP Basic.
func (ts *tokenSource) fetch(ctx context.Context) (*token, error) {
	req, err := ts.tokenRequest(ctx)
	if err != nil {
		return nil, &tokenError{msg: "invalid authorization endpoint: " + err.Error()}
	}
	resp, err := ts.s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &tokenError{status: resp.StatusCode, msg: fmt.Sprintf("authorization endpoint answered %s", resp.Status)}
	}
	var tr struct {
		AccessToken string          `json:"access_token"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return nil, &tokenError{status: resp.StatusCode, msg: "authorization endpoint returned no access_token"}
	}
	t := &token{value: tr.AccessToken, hdr: withBearer(ts.base, tr.AccessToken)}
	if secs := parseExpiresIn(tr.ExpiresIn); secs > 0 {
		t.expiry = ts.s.o.Clock.Now().Add(time.Duration(secs * float64(time.Second)))
	}
	return t, nil
}

// parseExpiresIn reads expires_in as a number or a numeric string.
func parseExpiresIn(raw json.RawMessage) float64 {
	var f float64
	if json.Unmarshal(raw, &f) == nil {
		return f
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		fmt.Sscanf(s, "%g", &f)
	}
	return f
}

func (ts *tokenSource) tokenRequest(ctx context.Context) (*http.Request, error) {
	o := ts.conn.Auth.OAuthParameters
	u, err := url.Parse(o.AuthorizationEndpoint)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	form := url.Values{}
	var hdr []Parameter
	if p := o.OAuthHttpParameters; p != nil {
		for _, x := range p.QueryStringParameters {
			q.Set(x.Key, x.Value)
		}
		for _, x := range p.BodyParameters {
			form.Set(x.Key, x.Value)
		}
		hdr = p.HeaderParameters
	}
	if !form.Has("grant_type") {
		form.Set("grant_type", "client_credentials")
	}
	var body io.Reader
	if o.HttpMethod == http.MethodGet {
		for k, v := range form {
			q[k] = v
		}
	} else {
		body = strings.NewReader(form.Encode())
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, o.HttpMethod, u.String(), body)
	if err != nil {
		return nil, err
	}
	for _, x := range hdr {
		req.Header.Set(x.Key, x.Value)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	cp := o.ClientParameters
	req.SetBasicAuth(cp.ClientID, cp.ClientSecret)
	return req, nil
}

// recordState moves the connection to AUTHORIZED after a successful fetch, or DEAUTHORIZED
// after one the endpoint refused (an answer other than 2xx, 429 or 5xx), when that changes its
// state.
func (ts *tokenSource) recordState(fetchErr error) {
	state, reason := StateAuthorized, ""
	if fetchErr != nil {
		te, ok := fetchErr.(*tokenError)
		if !ok || te.status == http.StatusTooManyRequests || te.status >= 500 {
			return // network trouble or an overloaded endpoint says nothing about the credentials
		}
		state, reason = StateDeauthorized, fetchErr.Error()
	}
	ts.mu.Lock()
	same := ts.state == state
	ts.state = state
	ts.mu.Unlock()
	if same {
		return
	}
	ctx, cancel := context.WithTimeout(ts.s.bg, 10*time.Second)
	defer cancel()
	_ = ts.s.setConnectionState(ctx, &ts.conn, state, reason)
}

// setConnectionState records an authorization outcome for the credentials version of c; a
// connection changed or deleted since is left alone.
func (s *Service) setConnectionState(ctx context.Context, c *connection, state, reason string) error {
	err := s.mutateConnection(ctx, c.Name, "update", func(cur *connection) error {
		if tokenKey(cur) != tokenKey(c) || cur.Wiped {
			return errStale
		}
		cur.State, cur.StateReason = state, reason
		if state == StateAuthorized {
			cur.LastAuthorizedTime = s.now()
		}
		return nil
	})
	if err == errStale || eventrail.HasCode(err, eventrail.CodeResourceNotFound) {
		return nil
	}
	s.drv.invalidate()
	return err
}

var errStale = &eventrail.Error{Code: "Stale", Message: "the connection changed"}

// authorizeLater starts the background token fetch of an OAuth connection that is
// AUTHORIZING; Close stops it.
func (s *Service) authorizeLater(c connection) {
	if c.AuthorizationType != AuthOAuth || c.Wiped || c.State != StateAuthorizing {
		return
	}
	ts := s.drv.tokenSourceFor(&c)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ctx, cancel := context.WithTimeout(s.bg, authorizeTimeout)
		defer cancel()
		ts.mu.Lock()
		ts.state = c.State
		ts.mu.Unlock()
		if _, fresh, err := ts.get(ctx); err == nil && !fresh {
			ts.recordState(nil) // a token of these credentials was already cached
		}
	}()
}
