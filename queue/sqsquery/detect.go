package sqsquery

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// APIVersion is the SQS API version Query requests carry in "Version".
const APIVersion = "2012-11-05"

// peekLimit bounds how much of a body IsQueryRequest reads to find Action and Version
// (botocore writes them first).
const peekLimit = 64 << 10

// IsQueryRequest reports whether r is an SQS Query-protocol call: an "Action" parameter (in
// an application/x-www-form-urlencoded body, or in the URL) and, to tell SQS from SNS
// (spec §12.7), a SigV4 credential scoped to service "sqs", or "Version=2012-11-05", or a
// path of the form /<12-digit account>/<queue>. A request whose SigV4 scope names another
// service is never SQS's.
//
// To look at the body it reads at most 64 KiB of it and puts them back: r.Body still yields
// the whole body afterwards. It must be called before anything else reads r.Body, and not
// concurrently with such reads.
func IsQueryRequest(r *http.Request) bool {
	scope := scopeService(r)
	if scope != "" && scope != "sqs" {
		return false
	}
	params := r.URL.Query()
	if !params.Has("Action") && isForm(r) {
		params = peekForm(r)
	}
	if params.Get("Action") == "" {
		return false
	}
	return scope == "sqs" || params.Get("Version") == APIVersion || isQueueURLPath(r.URL.Path)
}

func isForm(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/x-www-form-urlencoded"
}

// peekForm reads the start of r's body, restores the body, and parses the complete
// parameters found in that start.
func peekForm(r *http.Request) url.Values {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	head, err := io.ReadAll(io.LimitReader(r.Body, peekLimit))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	if err != nil {
		return nil
	}
	if len(head) == peekLimit { // the last parameter may be cut short: drop it
		if i := bytes.LastIndexByte(head, '&'); i >= 0 {
			head = head[:i]
		}
	}
	vals := url.Values{}
	for pair := range strings.SplitSeq(string(head), "&") {
		k, v, _ := strings.Cut(pair, "=")
		if k == "Action" || k == "Version" {
			if dv, err := url.QueryUnescape(v); err == nil && !vals.Has(k) {
				vals.Set(k, dv)
			}
		}
	}
	return vals
}

// isQueueURLPath reports a path "/<12 digits>/<name>", the path of an SQS queue URL.
func isQueueURLPath(p string) bool {
	acct, name, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if !ok || len(acct) != 12 || name == "" || strings.Contains(name, "/") {
		return false
	}
	for _, c := range acct {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// scopeService returns the service element of r's SigV4 credential scope (Authorization
// header, or a presigned URL's X-Amz-Credential), or "".
func scopeService(r *http.Request) string {
	cred := ""
	if a := r.Header.Get("Authorization"); a != "" {
		if _, rest, ok := strings.Cut(a, "Credential="); ok {
			if i := strings.IndexAny(rest, ", \t"); i >= 0 {
				rest = rest[:i]
			}
			cred = rest
		}
	} else if r.URL.RawQuery != "" {
		cred = r.URL.Query().Get("X-Amz-Credential")
	}
	parts := strings.Split(strings.TrimRight(cred, "/"), "/")
	if len(parts) != 5 {
		return ""
	}
	return parts[3]
}
