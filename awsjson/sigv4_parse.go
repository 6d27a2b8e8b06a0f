package awsjson

import (
	"net/http"
	"strings"

	"github.com/eventrail/eventrail"
)

// sigAlgorithm is the only signing algorithm the edge verifies.
const sigAlgorithm = "AWS4-HMAC-SHA256"

// sigParams are the signature parameters of a request, from its Authorization header or,
// for presigned URLs, its query string.
type sigParams struct {
	algorithm     string
	credential    string // "<akid>/<yyyymmdd>/<region>/<service>/aws4_request", as sent
	signedHeaders string // "host;x-amz-date", as sent
	signature     string // lowercase hex, as sent
	presigned     bool
	expires       string // X-Amz-Expires of a presigned URL
}

// credentialScope is a parsed Credential value.
type credentialScope struct {
	accessKeyID, date, region, service, terminator string
}

// scope returns "<date>/<region>/<service>/<terminator>", the credential scope line of the
// string to sign.
func (c credentialScope) scope() string {
	return c.date + "/" + c.region + "/" + c.service + "/" + c.terminator
}

// isSigSeparator reports whether c separates Authorization parameters. AWS accepts commas,
// spaces or both between "Credential=…", "SignedHeaders=…" and "Signature=…".
func isSigSeparator(c rune) bool { return c == ',' || c == ' ' || c == '\t' }

// parseAuthorization parses an Authorization header value of the form
// "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…". hasDate tells whether the
// request carries X-Amz-Date or Date, whose absence AWS reports in the same message. Errors are
// IncompleteSignatureException with AWS's messages. It never panics, whatever h holds.
func parseAuthorization(h string, hasDate bool) (sigParams, *eventrail.Error) {
	var p sigParams
	trimmed := strings.TrimLeft(h, " \t")
	alg, rest, _ := strings.Cut(trimmed, " ")
	p.algorithm = alg
	if strings.HasPrefix(alg, "AWS4-") {
		for _, tok := range strings.FieldsFunc(rest, isSigSeparator) {
			k, v, ok := strings.Cut(tok, "=")
			if !ok {
				return p, eventrail.Errorf(eventrail.CodeIncompleteSignature,
					"'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", tok, h)
			}
			switch k {
			case "Credential":
				p.credential = v
			case "SignedHeaders":
				p.signedHeaders = v
			case "Signature":
				p.signature = v
			}
		}
	}
	if msg := missingParams(p, hasDate); msg != "" {
		return p, eventrail.Errorf(eventrail.CodeIncompleteSignature, "%sAuthorization=%s", msg, h)
	}
	return p, nil
}

// missingParams lists, in AWS's words and order, the parameters an Authorization header lacks.
func missingParams(p sigParams, hasDate bool) string {
	var b strings.Builder
	if p.credential == "" {
		b.WriteString("Authorization header requires 'Credential' parameter. ")
	}
	if p.signature == "" {
		b.WriteString("Authorization header requires 'Signature' parameter. ")
	}
	if p.signedHeaders == "" {
		b.WriteString("Authorization header requires 'SignedHeaders' parameter. ")
	}
	if !hasDate {
		b.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	return b.String()
}

// parseCredential splits a Credential value into its five elements (trailing slashes are
// ignored, as AWS does). Anything else is IncompleteSignatureException.
func parseCredential(cred string) (credentialScope, *eventrail.Error) {
	parts := strings.Split(strings.TrimRight(cred, "/"), "/")
	if len(parts) != 5 {
		return credentialScope{}, eventrail.Errorf(eventrail.CodeIncompleteSignature,
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", cred)
	}
	return credentialScope{accessKeyID: parts[0], date: parts[1], region: parts[2], service: parts[3], terminator: parts[4]}, nil
}

// scopeService returns the service element of a request's SigV4 credential scope (from the
// Authorization header or a presigned URL's X-Amz-Credential), or "" when there is none. It is
// used only to route requests that carry no X-Amz-Target.
func scopeService(r *http.Request) string {
	cs, _ := claimedCredential(r)
	return cs.service
}
