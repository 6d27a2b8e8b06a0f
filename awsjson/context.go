package awsjson

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"time"
)

// Caller describes who made a request, as far as the edge knows.
type Caller struct {
	AccessKeyID string     // from the SigV4 credential; set even when auth is off and the request was signed
	RemoteAddr  netip.Addr // the TCP peer (proxies' X-Forwarded-For is not trusted)
	Loopback    bool       // RemoteAddr is a loopback address
	Signed      bool       // the SigV4 signature was verified
}

// RequestInfo describes one finished AWS API call; Options.OnRequest receives it.
type RequestInfo struct {
	Service      string // signing name: "events", "sqs", "logs", "scheduler"
	Operation    string // "PutRule"; empty when the operation could not be determined
	RequestID    string // the x-amzn-RequestId sent
	Caller       Caller
	Region       string // the SigV4 scope region, else Options.Region
	UserAgent    string
	Start        time.Time
	Duration     time.Duration
	Status       int    // HTTP status sent
	ErrorCode    string // AWS error type sent, "" on success
	ErrorMessage string
	Input        any // the decoded *In (nil if decoding failed or never happened)
	Output       any // the *Out returned (nil on error or when the operation returned nil)
}

// requestState is what the edge stores in a request's context.
type requestState struct {
	id     string
	caller Caller
	region string
}

type ctxKey struct{}

// stateContext is a context carrying a request's state under ctxKey{}, as
// context.WithValue(parent, ctxKey{}, st) would, but embeddable in the call (no allocation
// of its own).
type stateContext struct {
	context.Context
	st *requestState
}

func (c *stateContext) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return c.st
	}
	return c.Context.Value(key)
}

func stateFrom(ctx context.Context) *requestState {
	st, _ := ctx.Value(ctxKey{}).(*requestState)
	return st
}

// RequestID returns the x-amzn-RequestId of the request ctx belongs to, or "" outside a
// request served by this package.
func RequestID(ctx context.Context) string {
	if st := stateFrom(ctx); st != nil {
		return st.id
	}
	return ""
}

// CallerFromContext returns the caller of the request ctx belongs to (the zero Caller outside
// a request served by this package).
func CallerFromContext(ctx context.Context) Caller {
	if st := stateFrom(ctx); st != nil {
		return st.caller
	}
	return Caller{}
}

// RegionFromContext returns the region the request was signed for (its SigV4 credential
// scope), or Options.Region when the request was not signed.
func RegionFromContext(ctx context.Context) string {
	if st := stateFrom(ctx); st != nil {
		return st.region
	}
	return ""
}

// IsLoopbackAddr reports whether addr — an IP ("127.0.0.1", "::1"), a host:port
// ("127.0.0.1:4010", "[::1]:80") or the name "localhost" with or without a port — denotes the
// loopback interface. It never resolves names: any other host name, and an empty host
// (":4010", which listens on every interface), is not loopback.
func IsLoopbackAddr(addr string) bool {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// callerAddr parses an http.Request.RemoteAddr.
func callerAddr(remote string) (netip.Addr, bool) {
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		a, err := netip.ParseAddr(remote)
		if err != nil {
			return netip.Addr{}, false
		}
		return a.Unmap(), a.Unmap().IsLoopback()
	}
	a := ap.Addr().Unmap()
	return a, a.IsLoopback()
}
