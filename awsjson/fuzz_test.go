package awsjson

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/eventrail/eventrail"
)

// FuzzSigV4Parse feeds arbitrary Authorization headers (and dates) to the parser and to the
// whole verifier: neither may panic, and every failure must be one of the SigV4 error types.
func FuzzSigV4Parse(f *testing.F) {
	for _, s := range []string{
		"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/events/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
		"AWS4-HMAC-SHA256 Credential=a/b/c/d/e,SignedHeaders=host,Signature=00",
		"AWS4-HMAC-SHA256 Credential= a/b, Signature",
		"AWS4-ECDSA-P256-SHA256 Credential=a/b/c/d/e SignedHeaders=host Signature=1",
		"Bearer x", "", " ", "AWS4-", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ,,,, = =", "AWS4-X Credential=////////",
		"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/events/aws4_request/, SignedHeaders=;;, Signature=\x00",
	} {
		f.Add(s, "20261121T093000Z")
	}
	f.Add("AWS4-HMAC-SHA256 Credential=k/20261121/r/events/aws4_request, SignedHeaders=host, Signature=0", "Sat, 21 Nov 2026 09:30:00 GMT")
	f.Add("AWS4-HMAC-SHA256 Credential=k/2/r/s/t, SignedHeaders=host, Signature=0", "not a date")
	v := &verifier{secrets: map[string]string{"k": "s", "AKIDEXAMPLE": "x"}, clock: eventrail.NewFakeClock(testEpoch)}
	f.Fuzz(func(t *testing.T, auth, date string) {
		p, e := parseAuthorization(auth, date != "")
		if e == nil && (p.credential == "" || p.signature == "" || p.signedHeaders == "") {
			t.Fatalf("accepted %q without all parameters: %+v", auth, p)
		}
		if e != nil && e.Code != eventrail.CodeIncompleteSignature {
			t.Fatalf("parse error code %s", e.Code)
		}
		_, _ = parseCredential(p.credential)

		r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1/", strings.NewReader("{}"))
		if !validHeaderValue(auth) || !validHeaderValue(date) {
			return
		}
		r.Header.Set("Authorization", auth)
		r.Header.Set("X-Amz-Date", date)
		_ = scopeService(r)
		_, e = v.verify(r, []byte("{}"), "events")
		switch {
		case e == nil:
			t.Fatalf("verified a fuzzed signature: %q", auth)
		case e.Code != eventrail.CodeIncompleteSignature && e.Code != eventrail.CodeInvalidSignature &&
			e.Code != eventrail.CodeUnrecognizedClient && e.Code != eventrail.CodeMissingAuthenticationToken:
			t.Fatalf("unexpected code %s for %q", e.Code, auth)
		}
	})
}

func validHeaderValue(s string) bool {
	return !strings.ContainsAny(s, "\r\n\x00")
}

// FuzzCanonicalQuery checks that the canonical query never panics and is a fixed point: the
// canonical form of a canonical query is itself.
func FuzzCanonicalQuery(f *testing.F) {
	for _, s := range []string{"", "a=1", "b=2&a=1", "q=a+b&q=%c3%a9", "x=%zz", "k", "&&=&", "p=a/b&p=a-b", "s=1;2", "%E2%9C%93=%20"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var once, twice strings.Builder
		canonicalQuery(&once, raw, "")
		canonicalQuery(&twice, once.String(), "")
		if once.String() != twice.String() {
			t.Fatalf("not a fixed point: %q → %q → %q", raw, once.String(), twice.String())
		}
	})
}

// FuzzRESTMatch checks that path matching never panics and that a match yields every
// parameter of the pattern.
func FuzzRESTMatch(f *testing.F) {
	for _, s := range []string{"/schedules/x", "/tags/arn%3Aaws", "/files/a/b/c", "/", "//", "/schedules/%zz", "/files/"} {
		f.Add(s)
	}
	var routes []*restRoute
	for _, r := range schedulerRoutes() {
		rr, err := compileRoute(r)
		if err != nil {
			f.Fatal(err)
		}
		routes = append(routes, rr)
	}
	f.Fuzz(func(t *testing.T, path string) {
		for _, rr := range routes {
			params, ok := rr.match(path)
			if !ok {
				continue
			}
			for _, seg := range rr.segments {
				if name, isParam := strings.CutPrefix(seg, "{"); isParam {
					name = strings.TrimSuffix(strings.TrimSuffix(name, "}"), "+")
					if params[name] == "" {
						t.Fatalf("%q matched %q without parameter %s", path, rr.Pattern, name)
					}
				}
			}
		}
	})
}
