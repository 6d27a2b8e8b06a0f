package awsjson

import (
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
)

// canonicalOptions selects between the two readings of a request that real SigV4 signers
// disagree on. The first reading mirrors aws-sdk-go-v2 (path as sent; only runs of spaces in
// header values collapse); the alternative mirrors botocore (dot segments removed and
// duplicate slashes collapsed; every whitespace run collapses). A request verifies if either
// reading matches.
type canonicalOptions struct {
	normalizePath bool
	foldAllSpace  bool
	skipQueryKey  string // "X-Amz-Signature" for presigned URLs
}

// canonicalRequest builds the SigV4 canonical request of r (spec §12.5 step 5).
func canonicalRequest(r *http.Request, signedHeaders, payloadHash string, o canonicalOptions) string {
	var b strings.Builder
	b.Grow(256)
	b.WriteString(r.Method)
	b.WriteByte('\n')
	p := rawPath(r)
	if o.normalizePath {
		p = normalizePath(p)
	}
	escapePath(&b, p)
	b.WriteByte('\n')
	canonicalQuery(&b, r.URL.RawQuery, o.skipQueryKey)
	b.WriteByte('\n')
	for _, name := range strings.Split(signedHeaders, ";") {
		b.WriteString(name)
		b.WriteByte(':')
		for i, v := range headerValues(r, name) {
			if i > 0 {
				b.WriteByte(',')
			}
			if o.foldAllSpace {
				b.WriteString(strings.Join(strings.Fields(v), " "))
			} else {
				b.WriteString(strings.TrimSpace(collapseSpaces(v)))
			}
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(signedHeaders)
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String()
}

// rawPath returns the request path exactly as the client sent it (still percent-encoded).
func rawPath(r *http.Request) string {
	uri := r.RequestURI
	if uri == "" || uri[0] != '/' {
		p := r.URL.EscapedPath()
		if p == "" {
			return "/"
		}
		return p
	}
	if i := strings.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	return uri
}

// normalizePath removes dot segments and collapses consecutive slashes, keeping a trailing
// slash, as botocore does before signing.
func normalizePath(p string) string {
	if p == "" {
		return "/"
	}
	n := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && n != "/" {
		n += "/"
	}
	return n
}

// escapePath percent-encodes every byte of p except the unreserved characters and '/': the
// second encoding SigV4 applies to non-S3 paths ('%' itself becomes "%25").
func escapePath(b *strings.Builder, p string) {
	const hexdig = "0123456789ABCDEF"
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isUnreserved(c) || c == '/' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexdig[c>>4])
		b.WriteByte(hexdig[c&15])
	}
}

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// queryEscape encodes s with RFC 3986 rules: everything but unreserved characters becomes
// %XX with upper-case hex (a space is "%20").
func queryEscape(s string) string {
	var b strings.Builder
	escapePath(&b, s)
	out := b.String()
	// escapePath keeps '/', which a query component must encode.
	return strings.ReplaceAll(out, "/", "%2F")
}

// canonicalQuery writes the canonical query string of raw: each pair decoded as Go's
// url.ParseQuery does (pairs it rejects are skipped, '+' is a space), re-encoded with
// queryEscape, sorted by encoded key then encoded value, and joined with '&'.
func canonicalQuery(b *strings.Builder, raw, skipKey string) {
	if raw == "" {
		return
	}
	type pair struct{ k, v string }
	var pairs []pair
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" || strings.Contains(part, ";") {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || (skipKey != "" && k == skipKey) {
			continue
		}
		pairs = append(pairs, pair{queryEscape(k), queryEscape(v)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
}

// headerValues returns every received value of the header name (case-insensitive). Go's
// server moves Host into r.Host and may hold Content-Length only in r.ContentLength.
func headerValues(r *http.Request, name string) []string {
	if strings.EqualFold(name, "host") {
		return []string{r.Host}
	}
	vs := r.Header.Values(name)
	if len(vs) == 0 && strings.EqualFold(name, "content-length") && r.ContentLength >= 0 && r.Body != nil && r.Body != http.NoBody {
		return []string{strconv.FormatInt(r.ContentLength, 10)}
	}
	return vs
}

// collapseSpaces replaces each run of spaces in s by one space.
func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' && prevSpace {
			continue
		}
		prevSpace = c == ' '
		b.WriteByte(c)
	}
	return b.String()
}
