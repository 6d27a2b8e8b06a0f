package apidest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// target is an API destination compiled for invocation: everything that does not depend on
// the hand-off, computed once per cache period. Read-only once built.
type target struct {
	arn     string
	name    string
	loaded  time.Time
	missing *eventrail.DeliveryError // set when the destination cannot be invoked

	method    string
	base      *url.URL // the endpoint with the connection's query parameters merged in
	hasStar   bool     // the path has '*' segments filled from PathParameterValues
	headers   http.Header
	ownedHdr  map[string]bool // header names the connection sets (targets may not override)
	ownedQry  map[string]bool // query keys the connection sets
	bodyExtra []Parameter     // connection body parameters merged into JSON object payloads
	oauth     *tokenSource
	tmpl      *http.Request // method, base URL and headers: copied per invocation
}

// load reads a destination and its connection from the KV and compiles them.
func (d *Driver) load(ctx context.Context, arn string) (*target, error) {
	t := &target{arn: arn, loaded: time.Now()}
	name, ok := nameInARN(arn, "api-destination")
	t.name = name
	if !ok {
		t.missing = noResource("Target ARN %s is not a valid api-destination ARN.", arn)
		return t, nil
	}
	var dest destination
	_, found, err := d.s.getJSON(ctx, eventrail.APIDestinationKey(name), &dest)
	if err != nil {
		return nil, err
	}
	if !found || dest.Arn != arn {
		t.missing = noResource("An api-destination '%s' does not exist.", name)
		return t, nil
	}
	connName, _ := nameInARN(dest.ConnectionArn, "connection")
	conn, _, err := d.s.getConnection(ctx, connName, "describe")
	found = err == nil
	if err != nil && !eventrail.HasCode(err, eventrail.CodeResourceNotFound) {
		return nil, err
	}
	if !found || conn.Arn != dest.ConnectionArn {
		t.missing = noResource("Connection '%s' of api-destination '%s' does not exist.", connName, name)
		return t, nil
	}
	if conn.keyless {
		t.missing = &eventrail.DeliveryError{Code: "NO_PERMISSIONS", Message: "Connection '" + connName + "': " + errNoKey.Error()}
		return t, nil
	}
	if conn.Wiped {
		t.missing = &eventrail.DeliveryError{Code: "NO_PERMISSIONS",
			Message: "Connection '" + connName + "' is deauthorized: its credentials were removed."}
		return t, nil
	}
	return t, t.compile(d, &dest, &conn)
}

// compile fills the invocation template from dest and conn.
func (t *target) compile(d *Driver, dest *destination, conn *connection) error {
	u, err := url.Parse(dest.InvocationEndpoint)
	if err != nil {
		t.missing = noResource("InvocationEndpoint of api-destination '%s' is not a URL.", dest.Name)
		return nil
	}
	t.method = dest.HttpMethod
	t.hasStar = strings.Contains(u.EscapedPath(), "*")
	t.ownedQry = map[string]bool{}
	if p := conn.Auth.InvocationHttpParameters; p != nil && len(p.QueryStringParameters) > 0 {
		q := u.Query()
		for _, x := range p.QueryStringParameters {
			q.Set(x.Key, x.Value)
			t.ownedQry[x.Key] = true
		}
		u.RawQuery = q.Encode()
	}
	if p := conn.Auth.InvocationHttpParameters; p != nil {
		t.bodyExtra = p.BodyParameters
	}
	t.base = u
	t.headers, t.ownedHdr = connectionHeaders(conn)
	if conn.AuthorizationType == AuthOAuth {
		t.oauth = d.tokenSourceFor(conn)
	}
	t.tmpl, err = http.NewRequestWithContext(context.Background(), t.method, u.String(), nil)
	if err != nil {
		t.missing = noResource("InvocationEndpoint of api-destination '%s' is not valid: %v", dest.Name, err)
	}
	return nil
}

// noResource is a permanent NO_RESOURCE failure.
func noResource(format string, args ...any) *eventrail.DeliveryError {
	return &eventrail.DeliveryError{Code: "NO_RESOURCE", Message: fmt.Sprintf(format, args...)}
}
