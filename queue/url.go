package queue

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

type baseURLKey struct{}

// WithBaseURL returns a context whose queue URLs start with base ("http://host:port").
func WithBaseURL(ctx context.Context, base string) context.Context {
	return context.WithValue(ctx, baseURLKey{}, strings.TrimRight(base, "/"))
}

// BaseURLMiddleware stores the request's scheme and Host in its context (WithBaseURL), so that
// the queue URLs the service returns point at the address the client used.
func BaseURLMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		if r.Host != "" {
			r = r.WithContext(WithBaseURL(r.Context(), scheme+"://"+r.Host))
		}
		next.ServeHTTP(w, r)
	})
}

// queueURL returns the URL of the queue called name as seen by the request in ctx.
func (s *Service) queueURL(ctx context.Context, name string) string {
	base, _ := ctx.Value(baseURLKey{}).(string)
	if base == "" {
		base = s.baseURL
	}
	return base + "/" + s.acct.ID + "/" + name
}

// parseQueueURL extracts the account and queue name from a queue URL. Any scheme and host are
// accepted (ours, AWS's https://sqs.<region>.amazonaws.com/<acct>/<name>, LocalStack's);
// the path must end in /<account>/<name>, or be just /<name> (account empty).
func parseQueueURL(raw string) (account, name string, ok bool) {
	path := raw
	if strings.Contains(raw, "://") {
		u, err := url.Parse(raw)
		if err != nil {
			return "", "", false
		}
		path = u.Path
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch n := len(parts); {
	case n >= 2:
		account, name = parts[n-2], parts[n-1]
	case n == 1:
		name = parts[0]
	}
	if name == "" {
		return "", "", false
	}
	return account, name, true
}
