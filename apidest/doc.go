// Package apidest is eventrail's EventBridge connections and API destinations: the eleven
// control-plane operations (CreateConnection … DeleteApiDestination, spec §1.6 and §8) and the
// HTTP driver that invokes API destinations (Driver).
//
// # Control plane
//
// Every operation is a method of *Service with the shape
//
//	func (s *Service) Op(ctx context.Context, in *OpInput) (*OpOutput, error)
//
// whose structs carry AWS's wire member names; Operations lists them for the JSON 1.1 edge.
// Connections and destinations are stored in the control KV bucket under "connection/<name>"
// and "apidest/<name>" (root apidest_keys.go), secrets included; Describe and List never return
// a Password, ClientSecret, ApiKeyValue or a parameter value flagged IsValueSecret. BASIC and
// API_KEY connections are AUTHORIZED on creation; OAuth connections are AUTHORIZING until a
// background token fetch makes them AUTHORIZED (or DEAUTHORIZED when the endpoint refuses).
// DeauthorizeConnection wipes the credentials. A destination is ACTIVE while its connection is
// AUTHORIZED. Invocation rate limits are reported through Options.OnRateLimit (default 300/s,
// AWS's, when a destination sets none; Options.DefaultRateLimit changes that). Deleting a
// resource also deletes its tags; ResolveTaggable serves the tagging operations.
//
// # Driver
//
// Driver.Deliver makes one HTTP request per hand-off: the destination's method and endpoint
// ('*' path segments filled from the target's PathParameterValues), the target's header and
// query parameters merged with the connection's (the connection wins), dynamic "$.detail.x"
// values read from the original event, the payload as body (connection body parameters merged
// into JSON objects), EventBridge's fixed headers and the connection's credentials. OAuth
// tokens are fetched from the AuthorizationEndpoint (client credentials as HTTP Basic, body
// parameters form-encoded, grant_type=client_credentials unless set), shared
// by concurrent invocations, renewed 60 s before expiry and after a 401/407 from the target.
// A request may take at most 5 s. Answers are classified as §5.4 says for API destinations:
// 2xx success; 429 and 5xx retryable (Retry-After honoured); 1xx, 3xx and other 4xx permanent;
// network errors retryable. The driver never retries; the delivery engine does. Unlike AWS it
// does not send "Connection: close": connections are kept alive and reused. The delivery
// engine calls DeliverBefore (delivery.DeadlineDeliverer), which takes the attempt's deadline
// as a value: a cached destination without OAuth is then invoked with no context of its own,
// the deadline set on the connection and one cancellation hook shared by every invocation under
// the engine's run context (lean_cancel.go).
//
// Compiled destinations are cached for Options.CacheTTL; changes made through the Service are
// seen at once. The common case — no target HTTP parameters — copies a prepared request and
// parses nothing.
package apidest
