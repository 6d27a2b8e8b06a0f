package apidest

import (
	"encoding/base64"
	"net/http"
)

// The headers EventBridge sends on every invocation (spec §8.3). Connection: close is not
// sent: eventrail keeps connections alive, which is what makes high rates possible.
const (
	userAgent      = "Amazon/EventBridge/ApiDestinations"
	contentType    = "application/json; charset=utf-8"
	rangeHeader    = "bytes=0-1048575"
	acceptEncoding = "gzip,deflate"
)

// fixedHeaders may not be changed by connection or target parameters.
var fixedHeaders = map[string]bool{
	"User-Agent": true, "Range": true, "Accept-Encoding": true, "Authorization": true,
	"Content-Length": true, "Host": true, "Connection": true, "Transfer-Encoding": true,
}

// connectionHeaders returns the headers every invocation through c carries, before any target
// parameter: the connection's InvocationHttpParameters headers, the fixed headers (Content-Type
// only when the connection sets none) and the BASIC or API_KEY credentials. The returned map is
// shared by concurrent requests and must not be modified. It also returns the set of header
// names the connection sets, which target parameters may not override.
func connectionHeaders(c *connection) (http.Header, map[string]bool) {
	h := http.Header{}
	owned := map[string]bool{}
	if p := c.Auth.InvocationHttpParameters; p != nil {
		for _, q := range p.HeaderParameters {
			k := http.CanonicalHeaderKey(q.Key)
			if fixedHeaders[k] {
				continue
			}
			h[k] = []string{q.Value}
			owned[k] = true
		}
	}
	h["User-Agent"] = []string{userAgent}
	h["Range"] = []string{rangeHeader}
	h["Accept-Encoding"] = []string{acceptEncoding}
	if _, ok := h["Content-Type"]; !ok {
		h["Content-Type"] = []string{contentType}
	}
	if c.Wiped {
		return h, owned
	}
	switch c.AuthorizationType {
	case AuthBasic:
		if b := c.Auth.BasicAuthParameters; b != nil {
			h["Authorization"] = []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(b.Username+":"+b.Password))}
		}
	case AuthAPIKey:
		if k := c.Auth.ApiKeyAuthParameters; k != nil && k.ApiKeyName != "" {
			ck := http.CanonicalHeaderKey(k.ApiKeyName)
			h[ck] = []string{k.ApiKeyValue}
			owned[ck] = true
		}
	}
	return h, owned
}

// withBearer returns a copy of h that carries an OAuth access token.
func withBearer(h http.Header, token string) http.Header {
	out := h.Clone()
	out["Authorization"] = []string{"Bearer " + token}
	return out
}
