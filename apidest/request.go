package apidest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/eventrail/eventrail"
)

// newBody returns a request body over a payload slice. It is an io.NopCloser over a
// *bytes.Reader on purpose: net/http recognises that pair as an in-memory body, so it writes
// the headers and a body that fits the connection's write buffer in one write syscall, where
// any other body type makes it flush the headers first and copy the body in a second write.
func newBody(p []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(p)) }

// request builds the invocation of t for h, carrying headers hdr (the connection's, with the
// OAuth token when there is one). Without target HttpParameters, '*' path segments or body
// parameters it copies the template and parses nothing.
func (t *target) request(ctx context.Context, h *eventrail.Handoff, hdr http.Header) *http.Request {
	req := t.tmpl.WithContext(ctx)
	req.Header = hdr
	body := h.Payload
	hp := h.Target.HttpParameters
	if hp != nil && (len(hp.HeaderParameters) > 0 || len(hp.QueryStringParameters) > 0) || t.hasStar {
		ev := &lazyEvent{raw: h.Event}
		req.URL = t.url(hp, ev)
		req.Header = t.mergeHeaders(hdr, hp, ev)
	}
	if len(t.bodyExtra) > 0 {
		body = mergeBody(body, t.bodyExtra)
	}
	req.Body = newBody(body)
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return newBody(body), nil }
	if len(body) == 0 {
		req.Body, req.GetBody = http.NoBody, nil
	}
	return req
}

// url returns the endpoint with path parameters filled and target query parameters added
// (the connection's win on conflicts).
func (t *target) url(hp *eventrail.HttpParameters, ev *lazyEvent) *url.URL {
	u := *t.base
	if t.hasStar {
		var vals []string
		if hp != nil {
			vals = hp.PathParameterValues
		}
		raw := strings.Split(t.base.EscapedPath(), "*")
		var esc, dec strings.Builder
		for i, part := range raw {
			p, _ := url.PathUnescape(part)
			esc.WriteString(part)
			dec.WriteString(p)
			if i == len(raw)-1 {
				break
			}
			if i < len(vals) {
				v := ev.resolve(vals[i])
				esc.WriteString(url.PathEscape(v))
				dec.WriteString(v)
			} else {
				esc.WriteByte('*')
				dec.WriteByte('*')
			}
		}
		u.Path, u.RawPath = dec.String(), esc.String()
	}
	if hp != nil && len(hp.QueryStringParameters) > 0 {
		q := t.base.Query()
		for k, v := range hp.QueryStringParameters {
			if !t.ownedQry[k] {
				q.Set(k, ev.resolve(v))
			}
		}
		u.RawQuery = q.Encode()
	}
	return &u
}

// mergeHeaders adds the target's header parameters to hdr, except those the connection sets
// and the fixed ones.
func (t *target) mergeHeaders(hdr http.Header, hp *eventrail.HttpParameters, ev *lazyEvent) http.Header {
	if hp == nil || len(hp.HeaderParameters) == 0 {
		return hdr
	}
	out := hdr.Clone()
	for k, v := range hp.HeaderParameters {
		ck := http.CanonicalHeaderKey(k)
		if t.ownedHdr[ck] || fixedHeaders[ck] {
			continue
		}
		if validHeaderName(ck) {
			out[ck] = []string{headerValue(ev.resolve(v))}
		}
	}
	return out
}

// lazyEvent resolves dynamic values against the original event, reading only what they name.
type lazyEvent struct {
	raw []byte
}

// resolve returns s, or for a whole value of the form "$.a.b" the value at that path of the
// event: strings as they are, other JSON values as compact JSON, missing paths and null as "".
func (e *lazyEvent) resolve(s string) string {
	if !strings.HasPrefix(s, "$.") {
		return s
	}
	raw, ok := lookup(e.raw, s[2:])
	if !ok {
		return ""
	}
	return render(raw)
}

// mergeBody adds the connection's body parameters to a JSON object payload, replacing members
// of the same name (connection values win) and keeping the payload's member order. Other
// payloads are sent as they are.
func mergeBody(payload []byte, extra []Parameter) []byte {
	dec := json.NewDecoder(bytes.NewReader(payload))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return payload
	}
	override := make(map[string]string, len(extra))
	for _, p := range extra {
		override[p.Key] = p.Value
	}
	out := []byte{'{'}
	n := 0
	for dec.More() {
		k, err := dec.Token()
		key, ok := k.(string)
		var raw json.RawMessage
		if err != nil || !ok || dec.Decode(&raw) != nil {
			return payload
		}
		if _, replaced := override[key]; replaced {
			continue
		}
		out = appendMember(out, &n, key, raw)
	}
	for _, p := range extra {
		if v, ok := override[p.Key]; ok {
			out = appendMember(out, &n, p.Key, eventrail.AppendJSONString(nil, v))
			delete(override, p.Key)
		}
	}
	return append(out, '}')
}

func appendMember(out []byte, n *int, key string, raw []byte) []byte {
	if *n > 0 {
		out = append(out, ',')
	}
	*n++
	out = eventrail.AppendJSONString(out, key)
	out = append(out, ':')
	return append(out, raw...)
}

// validHeaderName reports whether k is an RFC 9110 token (target parameters are not validated
// when targets are put; a bad name is left out rather than failing every attempt).
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// headerValue replaces the control characters a header value may not hold (a dynamic value
// may bring newlines) with spaces.
func headerValue(v string) string {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return strings.Map(func(r rune) rune {
				if (r < ' ' && r != '\t') || r == 0x7f {
					return ' '
				}
				return r
			}, v)
		}
	}
	return v
}
