package apidest

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/google/uuid"
)

// Defaults.
const (
	// DefaultRateLimit is AWS's InvocationRateLimitPerSecond when a destination sets none.
	DefaultRateLimit = 300
	// InvocationTimeout bounds one invocation, as AWS does.
	InvocationTimeout = 5 * time.Second
	// DefaultCacheTTL is how long the driver trusts a destination it read from the KV.
	DefaultCacheTTL = 2 * time.Second
	// authorizeTimeout bounds the background token fetch after a create or update.
	authorizeTimeout = 10 * time.Second
)

// Options configure a Service. KV is required.
type Options struct {
	// Account mints the ARNs (default eventrail.DefaultAccount).
	Account eventrail.Account
	// KV is the control bucket; connections and destinations live under the keys of the
	// root package's apidest_keys.go.
	KV eventrail.KV
	// Clock stamps times and decides token expiry (default the system clock).
	Clock eventrail.Clock
	// AllowHTTP accepts http:// invocation and authorization endpoints (self-hosting); AWS
	// requires https.
	AllowHTTP bool
	// HTTPClient makes the token requests, and its Transport (http.DefaultTransport when nil)
	// the invocations, which never follow redirects and are bounded by InvocationTimeout
	// (its Jar and Timeout are not used for them). Default: NewHTTPClient, and then
	// invocations of plain http:// endpoints that no proxy applies to go through a leaner
	// HTTP/1.1 client with the same limits and behaviour (lean.go).
	HTTPClient *http.Client
	// OnRateLimit is told every destination's invocation rate limit: at New for the stored
	// ones, and on every create, update and delete (perSecond 0: no limit, the destination
	// is gone). The server wires it to delivery.Engine.SetRateLimit.
	OnRateLimit func(apiDestinationArn string, perSecond float64)
	// DefaultRateLimit is the limit of destinations that set none: 0 means AWS's 300, a
	// negative value means unlimited (Describe then omits InvocationRateLimitPerSecond).
	DefaultRateLimit int
	// SecretKey, when set (16, 24 or 32 bytes), encrypts connection credentials at rest with
	// AES-GCM. Connections stored with a key cannot invoke their destinations on a server
	// started without it (Describe and List still work).
	SecretKey []byte
	// CacheTTL is how long the driver trusts what it read (default DefaultCacheTTL). Changes
	// made through this Service are seen at once; changes made by another process sharing
	// the KV within CacheTTL.
	CacheTTL time.Duration
}

// Service implements the connection and API-destination operations and owns the driver that
// invokes API destinations (Driver). It is safe for concurrent use. Close stops the background
// authorizations it started.
type Service struct {
	o      Options
	kv     eventrail.KV
	client *http.Client
	// rt is the client's transport: invocations call it directly, skipping http.Client's
	// redirect bookkeeping (which clones every request's headers).
	rt http.RoundTripper
	// lean invokes plain http:// endpoints without net/http (lean.go); nil when the caller
	// gave an HTTPClient, whose Transport then makes every invocation.
	lean   *leanClient
	drv    *Driver
	sealer cipher.AEAD

	bg     context.Context
	stop   context.CancelFunc
	wg     sync.WaitGroup
	closed sync.Once
}

// New returns a Service and reports the stored destinations' rate limits to OnRateLimit.
func New(o Options) (*Service, error) {
	if o.KV == nil {
		return nil, errors.New("apidest: Options.KV is required")
	}
	if o.Account.ID == "" {
		o.Account = eventrail.DefaultAccount
	}
	if o.Clock == nil {
		o.Clock = eventrail.SystemClock{}
	}
	if o.CacheTTL <= 0 {
		o.CacheTTL = DefaultCacheTTL
	}
	s := &Service{o: o, kv: o.KV, client: o.HTTPClient}
	var err error
	if s.sealer, err = newSealer(o.SecretKey); err != nil {
		return nil, err
	}
	if s.client == nil {
		s.client = NewHTTPClient()
		s.lean = newLeanClient()
	}
	if s.rt = s.client.Transport; s.rt == nil {
		s.rt = http.DefaultTransport
	}
	s.bg, s.stop = context.WithCancel(context.Background())
	s.drv = newDriver(s)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.announceRateLimits(ctx); err != nil {
		return nil, fmt.Errorf("apidest: reading API destinations: %w", err)
	}
	return s, nil
}

// Close cancels background authorizations and waits for them. Safe to call more than once.
func (s *Service) Close() error {
	s.closed.Do(func() {
		s.stop()
		s.wg.Wait()
		if s.lean != nil {
			s.lean.close()
		}
	})
	return nil
}

// Driver returns the eventrail.Deliverer for API-destination targets (the delivery engine's
// "api-destination" driver).
func (s *Service) Driver() *Driver { return s.drv }

// Operations returns every operation of this service keyed by AWS operation name; each value
// is a func(context.Context, *XInput) (*XOutput, error).
func (s *Service) Operations() map[string]any {
	return map[string]any{
		"CreateConnection":       s.CreateConnection,
		"DescribeConnection":     s.DescribeConnection,
		"ListConnections":        s.ListConnections,
		"UpdateConnection":       s.UpdateConnection,
		"DeleteConnection":       s.DeleteConnection,
		"DeauthorizeConnection":  s.DeauthorizeConnection,
		"CreateApiDestination":   s.CreateApiDestination,
		"DescribeApiDestination": s.DescribeApiDestination,
		"ListApiDestinations":    s.ListApiDestinations,
		"UpdateApiDestination":   s.UpdateApiDestination,
		"DeleteApiDestination":   s.DeleteApiDestination,
	}
}

// writeBufferSize is the per-connection write buffer of NewHTTPClient: an invocation whose
// request line, headers and payload fit in it leaves in one write syscall (net/http's default
// of 4 KiB splits events of more than about 3.5 KB into two or more).
const writeBufferSize = 16 << 10

// NewHTTPClient returns the default invocation client: keep-alive connections (up to 512 idle
// per host), 5 s dial and TLS handshake limits, no transparent decompression, no redirects.
func NewHTTPClient() *http.Client {
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: InvocationTimeout, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          2048,
		MaxIdleConnsPerHost:   512,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   InvocationTimeout,
		ExpectContinueTimeout: time.Second,
		DisableCompression:    true,
		WriteBufferSize:       writeBufferSize,
	}
	return &http.Client{
		Transport:     t,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// do sends one invocation straight to the transport (no redirects are followed).
func (s *Service) do(req *http.Request) (*http.Response, error) { return s.rt.RoundTrip(req) }

// now is the clock's time in UTC, truncated to milliseconds (what the wire carries).
func (s *Service) now() time.Time { return s.o.Clock.Now().UTC().Truncate(time.Millisecond) }

// rateOf returns the effective limit of d (0: unlimited).
func (s *Service) rateOf(d *destination) int {
	switch {
	case d.RateLimit > 0:
		return d.RateLimit
	case s.o.DefaultRateLimit < 0:
		return 0
	case s.o.DefaultRateLimit > 0:
		return s.o.DefaultRateLimit
	}
	return DefaultRateLimit
}

// announce tells OnRateLimit about one destination's limit.
func (s *Service) announce(arn string, perSecond int) {
	if s.o.OnRateLimit != nil {
		s.o.OnRateLimit(arn, float64(perSecond))
	}
}

func (s *Service) announceRateLimits(ctx context.Context) error {
	entries, err := s.kv.List(ctx, eventrail.KeyAPIDestinationPrefix)
	if err != nil {
		return err
	}
	for _, e := range entries {
		var d destination
		if json.Unmarshal(e.Value, &d) == nil {
			s.announce(d.Arn, s.rateOf(&d))
		}
	}
	return nil
}

// connectionARN mints the ARN of a new connection.
func (s *Service) connectionARN(name string) string {
	return s.o.Account.ARN("events", "connection/"+name+"/"+uuid.NewString())
}

// destinationARN mints the ARN of a new API destination.
func (s *Service) destinationARN(name string) string {
	return s.o.Account.ARN("events", "api-destination/"+name+"/"+uuid.NewString())
}

// secretARN mints the synthetic Secrets Manager ARN AWS shows for a connection's credentials.
func (s *Service) secretARN(name string) string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return s.o.Account.ARN("secretsmanager", "secret:events!connection/"+name+"/"+uuid.NewString()+"-"+string(b))
}

// nameInARN returns the <name> of an events ARN whose resource is kind/<name>/<id>.
func nameInARN(arn, kind string) (string, bool) {
	p, ok := eventrail.ParseARN(arn)
	if !ok || p.Service != "events" {
		return "", false
	}
	rest, ok := cutPrefix(p.Resource, kind+"/")
	if !ok {
		return "", false
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' {
			return rest[:i], i > 0
		}
	}
	return "", false
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || s[:len(prefix)] != prefix {
		return s, false
	}
	return s[len(prefix):], true
}
