package awsjson

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// maxPresignExpiry is the longest X-Amz-Expires SigV4 allows (7 days).
const maxPresignExpiry = 7 * 24 * time.Hour

// parsePresigned reads the SigV4 query parameters of a presigned URL (spec §12.5 step 9).
// Missing parameters are IncompleteSignatureException listing each one, as AWS does.
func parsePresigned(q url.Values) (sigParams, string, *eventrail.Error) {
	p := sigParams{
		presigned:     true,
		algorithm:     q.Get("X-Amz-Algorithm"),
		credential:    q.Get("X-Amz-Credential"),
		signedHeaders: q.Get("X-Amz-SignedHeaders"),
		signature:     q.Get("X-Amz-Signature"),
		expires:       q.Get("X-Amz-Expires"),
	}
	date := q.Get("X-Amz-Date")
	var b strings.Builder
	for _, m := range []struct{ name, val string }{
		{"X-Amz-Algorithm", p.algorithm}, {"X-Amz-Credential", p.credential},
		{"X-Amz-Signature", p.signature}, {"X-Amz-SignedHeaders", p.signedHeaders}, {"X-Amz-Date", date},
	} {
		if m.val == "" {
			b.WriteString("AWS query-string parameters must include '" + m.name + "'. ")
		}
	}
	if b.Len() > 0 {
		b.WriteString("Re-examine the query-string parameters.")
		return p, date, eventrail.Errorf(eventrail.CodeIncompleteSignature, "%s", b.String())
	}
	return p, date, nil
}

// checkExpires applies a presigned URL's X-Amz-Expires (seconds, at most 7 days; absent means
// the ordinary 15-minute window).
func checkExpires(ts, now time.Time, expires string) *eventrail.Error {
	d := maxClockSkew
	if expires != "" {
		n, err := strconv.ParseInt(expires, 10, 64)
		if err != nil || n < 0 {
			return eventrail.Errorf(eventrail.CodeIncompleteSignature,
				"X-Amz-Expires should be a number, got '%s'", expires)
		}
		if n > int64(maxPresignExpiry/time.Second) {
			return eventrail.Errorf(eventrail.CodeIncompleteSignature,
				"X-Amz-Expires must be less than a week (in seconds) that is 604800")
		}
		d = time.Duration(n) * time.Second
	}
	if now.After(ts.Add(d)) {
		return eventrail.Errorf(eventrail.CodeInvalidSignature, "Signature expired: %s is now earlier than %s (%s - %d sec.)",
			ts.Format(amzDateLayout), now.Add(-d).Format(amzDateLayout), now.Format(amzDateLayout), int64(d/time.Second))
	}
	return nil
}
