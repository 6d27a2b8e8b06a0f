package awsjson

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eventrail/eventrail"
)

const (
	amzDateLayout   = "20060102T150405Z"
	maxClockSkew    = 15 * time.Minute
	unsignedPayload = "UNSIGNED-PAYLOAD"
	emptySHA256     = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	maxCachedKeys   = 4096
)

// AWS's messages for authentication failures (spec §12.3).
const (
	msgMissingToken      = "Missing Authentication Token"
	msgUnrecognized      = "The security token included in the request is invalid."
	msgSignatureMismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgHostNotSigned     = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
)

// verifier checks SigV4 signatures against a fixed set of credentials. It is safe for
// concurrent use.
type verifier struct {
	secrets map[string]string // access key id → secret access key
	region  string            // required scope region; "" accepts any
	clock   eventrail.Clock
	keys    sync.Map // "<akid>/<scope>" → []byte signing key
	nkeys   atomic.Int64
}

// authResult is what a verified (or, with auth off, merely parsed) signature tells about the
// caller.
type authResult struct {
	accessKeyID string
	region      string
	signed      bool
}

// verify checks that r (whose complete body is body) carries a valid SigV4 signature for the
// service signingName, in the order AWS checks: presence, syntax, date format, clock skew,
// signed host, algorithm, credential shape, credential scope, access key, signature.
func (v *verifier) verify(r *http.Request, body []byte, signingName string) (authResult, *eventrail.Error) {
	auth := r.Header.Get("Authorization")
	var p sigParams
	var amzDate string
	var e *eventrail.Error
	switch {
	case auth != "":
		amzDate = r.Header.Get("X-Amz-Date")
		if amzDate == "" {
			amzDate = r.Header.Get("Date")
		}
		p, e = parseAuthorization(auth, amzDate != "")
	case r.URL.Query().Has("X-Amz-Algorithm") || r.URL.Query().Has("X-Amz-Credential"):
		p, amzDate, e = parsePresigned(r.URL.Query())
	default:
		return authResult{}, eventrail.Errorf(eventrail.CodeMissingAuthenticationToken, msgMissingToken)
	}
	if e != nil {
		return authResult{}, e
	}
	ts, e := v.checkTime(r, amzDate, p)
	if e != nil {
		return authResult{}, e
	}
	cs, secret, e := v.checkCredential(p, ts, signingName)
	if e != nil {
		return authResult{}, e
	}
	stamp := ts.Format(amzDateLayout)
	key := v.signingKey(cs, secret)
	for _, payload := range payloadHashes(r, body, p.presigned) {
		if payload.mismatch {
			return authResult{}, eventrail.Errorf(eventrail.CodeInvalidSignature,
				"The provided 'x-amz-content-sha256' header does not match what was computed.")
		}
		if v.signatureMatches(r, p, payload.hash, stamp, cs, key) {
			return authResult{accessKeyID: cs.accessKeyID, region: cs.region, signed: true}, nil
		}
	}
	if slog.Default().Enabled(r.Context(), slog.LevelDebug) {
		slog.Debug("awsjson: signature mismatch", "accessKeyId", cs.accessKeyID,
			"canonicalRequest", canonicalRequest(r, p.signedHeaders, payloadHashes(r, body, p.presigned)[0].hash, canonicalOptions{}))
	}
	return authResult{}, eventrail.Errorf(eventrail.CodeInvalidSignature, msgSignatureMismatch)
}

// checkTime parses the request timestamp and applies the ±15 minute window (and, for
// presigned URLs, X-Amz-Expires).
func (v *verifier) checkTime(r *http.Request, amzDate string, p sigParams) (time.Time, *eventrail.Error) {
	ts, err := time.Parse(amzDateLayout, amzDate)
	if err != nil && !p.presigned && r.Header.Get("X-Amz-Date") == "" {
		ts, err = http.ParseTime(amzDate)
	}
	if err != nil {
		return time.Time{}, eventrail.Errorf(eventrail.CodeIncompleteSignature,
			"Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", amzDate)
	}
	ts = ts.UTC()
	now := v.clock.Now().UTC()
	if earliest := now.Add(-maxClockSkew); ts.Before(earliest) && !p.presigned {
		return ts, eventrail.Errorf(eventrail.CodeInvalidSignature, "Signature expired: %s is now earlier than %s (%s - 15 min.)",
			ts.Format(amzDateLayout), earliest.Format(amzDateLayout), now.Format(amzDateLayout))
	}
	if latest := now.Add(maxClockSkew); ts.After(latest) {
		return ts, eventrail.Errorf(eventrail.CodeInvalidSignature, "Signature not yet current: %s is still later than %s (%s + 15 min.)",
			ts.Format(amzDateLayout), latest.Format(amzDateLayout), now.Format(amzDateLayout))
	}
	if p.presigned {
		if e := checkExpires(ts, now, p.expires); e != nil {
			return ts, e
		}
	}
	if !signsHost(p.signedHeaders) {
		return ts, eventrail.Errorf(eventrail.CodeInvalidSignature, msgHostNotSigned)
	}
	return ts, nil
}

func signsHost(signedHeaders string) bool {
	for h := range strings.SplitSeq(signedHeaders, ";") {
		if strings.EqualFold(h, "host") {
			return true
		}
	}
	return false
}

// checkCredential checks the algorithm, the credential's shape and scope, and the access key.
func (v *verifier) checkCredential(p sigParams, ts time.Time, signingName string) (credentialScope, string, *eventrail.Error) {
	if p.algorithm != sigAlgorithm {
		return credentialScope{}, "", eventrail.Errorf(eventrail.CodeIncompleteSignature,
			"Unsupported AWS 'algorithm': '%s' (only AWS4-HMAC-SHA256 for now). ", p.algorithm)
	}
	cs, e := parseCredential(p.credential)
	if e != nil {
		return cs, "", e
	}
	var msg strings.Builder
	if cs.region == "" || (v.region != "" && cs.region != v.region) {
		msg.WriteString("Credential should be scoped to a valid region, not '" + cs.region + "'. ")
	}
	if cs.service != signingName {
		msg.WriteString("Credential should be scoped to correct service: '" + signingName + "'. ")
	}
	if cs.terminator != "aws4_request" {
		msg.WriteString("Credential should be scoped with a valid terminator: 'aws4_request', not '" + cs.terminator + "'. ")
	}
	if day := ts.Format("20060102"); cs.date != day {
		msg.WriteString("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
			cs.date + "' != '" + day + "', from '" + ts.Format(amzDateLayout) + "'. ")
	}
	if msg.Len() > 0 {
		return cs, "", eventrail.Errorf(eventrail.CodeInvalidSignature, "%s", msg.String())
	}
	secret, ok := v.secrets[cs.accessKeyID]
	if !ok {
		return cs, "", eventrail.Errorf(eventrail.CodeUnrecognizedClient, msgUnrecognized)
	}
	return cs, secret, nil
}

// signatureMatches computes the expected signature under each canonical reading of r and
// compares it with the one sent, in constant time.
func (v *verifier) signatureMatches(r *http.Request, p sigParams, payloadHash, stamp string, cs credentialScope, key []byte) bool {
	opts := canonicalOptions{}
	if p.presigned {
		opts.skipQueryKey = "X-Amz-Signature"
	}
	first := canonicalRequest(r, p.signedHeaders, payloadHash, opts)
	if hmac.Equal([]byte(signature(key, stamp, cs.scope(), first)), []byte(p.signature)) {
		return true
	}
	opts.normalizePath, opts.foldAllSpace = true, true
	alt := canonicalRequest(r, p.signedHeaders, payloadHash, opts)
	return alt != first && hmac.Equal([]byte(signature(key, stamp, cs.scope(), alt)), []byte(p.signature))
}

// signature returns hex(HMAC(key, stringToSign)) for the canonical request.
func signature(key []byte, stamp, scope, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	sts := sigAlgorithm + "\n" + stamp + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	return hex.EncodeToString(hmacSHA256(key, sts))
}

// signingKey returns kSigning for the credential scope, from the cache when possible.
func (v *verifier) signingKey(cs credentialScope, secret string) []byte {
	id := cs.accessKeyID + "/" + cs.scope()
	if k, ok := v.keys.Load(id); ok {
		return k.([]byte)
	}
	k := hmacSHA256([]byte("AWS4"+secret), cs.date)
	k = hmacSHA256(k, cs.region)
	k = hmacSHA256(k, cs.service)
	k = hmacSHA256(k, cs.terminator)
	if v.nkeys.Add(1) > maxCachedKeys {
		v.keys.Clear()
		v.nkeys.Store(1)
	}
	v.keys.Store(id, k)
	return k
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// payloadCandidate is one payload hash to try in the canonical request.
type payloadCandidate struct {
	hash     string
	mismatch bool // X-Amz-Content-Sha256 names a hash the body does not have
}

// payloadHashes returns the payload hashes to try: X-Amz-Content-Sha256 when sent (checked
// against the body unless UNSIGNED-PAYLOAD), else the body's SHA-256 — and, for presigned URLs,
// also UNSIGNED-PAYLOAD, which presigners commonly use.
func payloadHashes(r *http.Request, body []byte, presigned bool) []payloadCandidate {
	if h := r.Header.Get("X-Amz-Content-Sha256"); h != "" {
		if h == unsignedPayload || strings.HasPrefix(h, "STREAMING-") {
			return []payloadCandidate{{hash: h}}
		}
		return []payloadCandidate{{hash: h, mismatch: !strings.EqualFold(h, bodyHash(body))}}
	}
	if presigned {
		return []payloadCandidate{{hash: unsignedPayload}, {hash: bodyHash(body)}}
	}
	return []payloadCandidate{{hash: bodyHash(body)}}
}

func bodyHash(body []byte) string {
	if len(body) == 0 {
		return emptySHA256
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
