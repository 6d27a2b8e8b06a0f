package awsjson

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
	"unsafe"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/uuidtext"
)

// DefaultMaxBodyBytes is the request-body limit when Options.MaxBodyBytes is zero.
const DefaultMaxBodyBytes = 2 << 20

// Options configure NewHandler. The zero value of each field is a usable default.
type Options struct {
	Services []*Service
	REST     []RESTRoute // path-routed REST-JSON operations (Scheduler), tried after X-Amz-Target

	// Credentials maps access key id → secret access key. When non-empty every AWS request
	// must carry a valid SigV4 signature; when empty no authentication is required.
	Credentials map[string]string
	Region      string // required SigV4 scope region; "" accepts any region

	MaxBodyBytes int64 // request-body limit; 0 means DefaultMaxBodyBytes
	Clock        eventrail.Clock

	// OnRequest, if set, is called synchronously after each AWS call has been answered (not
	// for Fallback requests). The edge never reuses info or its Input/Output, so the hook may
	// keep them, but must not modify them. It should be quick: it runs on the request's
	// goroutine before the next request on the connection is read.
	OnRequest func(*RequestInfo)

	// Fallback serves requests that are not AWS calls (console, /metrics, health). Nil
	// answers them 404 UnknownOperationException.
	Fallback http.Handler
}

// handler is the http.Handler NewHandler returns. It is safe for concurrent use.
type handler struct {
	byPrefix  map[string]*Service
	bySigning map[string]*Service
	rest      []*restRoute
	auth      *verifier // nil: authentication off
	region    string
	maxBody   int64
	onRequest func(*RequestInfo)
	fallback  http.Handler
}

// NewHandler returns the single-port AWS edge (spec §12.7): requests with X-Amz-Target go to
// the JSON service whose TargetPrefix matches; then REST routes are tried; requests without a
// target whose SigV4 scope names a JSON service are that service's (and fail with
// UnknownOperationException); everything else goes to Fallback. It fails on a service without
// TargetPrefix or SigningName, a duplicate TargetPrefix, or an invalid REST pattern.
func NewHandler(o Options) (http.Handler, error) {
	h := &handler{
		byPrefix:  make(map[string]*Service),
		bySigning: make(map[string]*Service),
		region:    o.Region,
		maxBody:   o.MaxBodyBytes,
		onRequest: o.OnRequest,
		fallback:  o.Fallback,
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	for _, s := range o.Services {
		if s == nil || s.TargetPrefix == "" || s.SigningName == "" {
			return nil, errors.New("awsjson: every service needs a TargetPrefix and a SigningName")
		}
		if _, dup := h.byPrefix[s.TargetPrefix]; dup {
			return nil, fmt.Errorf("awsjson: duplicate service %q", s.TargetPrefix)
		}
		h.byPrefix[s.TargetPrefix] = s
		if _, ok := h.bySigning[s.SigningName]; !ok {
			h.bySigning[s.SigningName] = s
		}
	}
	for i := range o.REST {
		rr, err := compileRoute(o.REST[i])
		if err != nil {
			return nil, err
		}
		h.rest = append(h.rest, rr)
	}
	if len(o.Credentials) > 0 {
		clock := o.Clock
		if clock == nil {
			clock = eventrail.SystemClock{}
		}
		secrets := make(map[string]string, len(o.Credentials))
		for k, v := range o.Credentials {
			secrets[k] = v
		}
		h.auth = &verifier{secrets: secrets, region: o.Region, clock: clock}
	}
	return h, nil
}

// ServeHTTP routes one request (see NewHandler).
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		h.serveJSON(w, r, target, nil)
		return
	}
	if r.URL.RawQuery != "" {
		// A presigned URL carries its X-Amz-* headers, the target included, in the query.
		if target := r.URL.Query().Get("X-Amz-Target"); target != "" {
			h.serveJSON(w, r, target, nil)
			return
		}
	}
	if rr, params := h.matchREST(r); rr != nil {
		h.serveREST(w, r, rr, params)
		return
	}
	if !isQueryProtocol(r) {
		if s := h.bySigning[scopeService(r)]; s != nil {
			h.serveJSON(w, r, "", s)
			return
		}
	}
	if h.fallback != nil {
		h.fallback.ServeHTTP(w, r)
		return
	}
	w.Header()["x-amzn-RequestId"] = []string{newRequestID()}
	writeJSONError(w, "application/x-amz-json-1.1",
		errorReply{code: eventrail.CodeUnknownOperation, status: http.StatusNotFound}, "")
}

// isQueryProtocol reports a form-encoded AWS Query call (SNS, legacy SQS), which belongs to
// Fallback or a Query edge, not to a JSON service.
func isQueryProtocol(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/x-www-form-urlencoded" || r.URL.Query().Has("Action")
}

// call is one AWS call in flight: what the edge knows so far and will report to OnRequest.
// It also holds, so that they cost no allocation of their own, the request id's text, the
// x-amzn-RequestId header's value and the context the operation runs with.
type call struct {
	info     RequestInfo
	state    requestState
	idText   [uuidtext.Size]byte // state.id's bytes, never written after newCall
	idHeader [1]string
	ctx      stateContext
}

// newCall starts the bookkeeping of an AWS call and sets x-amzn-RequestId on w.
func (h *handler) newCall(w http.ResponseWriter, r *http.Request, service, op string) *call {
	c := &call{}
	c.info = RequestInfo{Service: service, Operation: op, Start: time.Now(), UserAgent: r.Header.Get("User-Agent"), Region: h.region}
	c.state.id = unsafe.String(&c.idText[0], len(uuidtext.AppendV4(c.idText[:0], 1)))
	c.state.region = h.region
	c.state.caller.RemoteAddr, c.state.caller.Loopback = callerAddr(r.RemoteAddr)
	c.idHeader[0] = c.state.id
	w.Header()["x-amzn-RequestId"] = c.idHeader[:]
	return c
}

// context returns parent carrying c's request state (see stateFrom).
func (c *call) context(parent context.Context) context.Context {
	c.ctx = stateContext{Context: parent, st: &c.state}
	return &c.ctx
}

// finish records the outcome and calls the OnRequest hook.
func (h *handler) finish(c *call, status int, e *errorReply) {
	if h.onRequest == nil {
		return
	}
	c.info.RequestID = c.state.id
	c.info.Caller = c.state.caller
	c.info.Region = c.state.region
	c.info.Status = status
	if e != nil {
		c.info.ErrorCode, c.info.ErrorMessage = e.code, e.message
	}
	c.info.Duration = time.Since(c.info.Start)
	h.onRequest(&c.info)
}

// readBody reads the whole request body within the size limit. box, when not nil, is the
// pool box of body's buffer (see readAllSized and releaseBody).
func (h *handler) readBody(r *http.Request) (body []byte, box *[]byte, e *errorReply) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil, nil
	}
	if r.ContentLength > h.maxBody {
		return nil, nil, tooLarge(h.maxBody)
	}
	body, box, err := readAllSized(r.Body, r.ContentLength, h.maxBody)
	if err != nil {
		return nil, nil, &errorReply{code: eventrail.CodeSerialization, message: "Unable to read the request body.", status: http.StatusBadRequest}
	}
	if int64(len(body)) > h.maxBody {
		return nil, nil, tooLarge(h.maxBody)
	}
	return body, box, nil
}

func tooLarge(limit int64) *errorReply {
	return &errorReply{code: eventrail.CodeRequestEntityTooLarge,
		message: fmt.Sprintf("Request must be smaller than %d bytes.", limit), status: http.StatusRequestEntityTooLarge}
}

// authenticate verifies the signature when auth is on; with auth off it records the access
// key the request claims (unverified). It fills the caller and region of c.
func (h *handler) authenticate(c *call, r *http.Request, body []byte, signingName string) *errorReply {
	if h.auth == nil {
		if cs, ok := claimedCredential(r); ok {
			c.state.caller.AccessKeyID = cs.accessKeyID
			if cs.region != "" {
				c.state.region = cs.region
			}
		}
		return nil
	}
	res, e := h.auth.verify(r, body, signingName)
	if e != nil {
		er := replyFor(e)
		return &er
	}
	c.state.caller.AccessKeyID, c.state.caller.Signed = res.accessKeyID, true
	c.state.region = res.region
	return nil
}

// claimedCredential returns the SigV4 credential r claims (unverified), if it has one.
func claimedCredential(r *http.Request) (credentialScope, bool) {
	cred := ""
	if a := r.Header.Get("Authorization"); a != "" {
		_, rest, _ := strings.Cut(strings.TrimSpace(a), " ")
		for _, tok := range strings.FieldsFunc(rest, isSigSeparator) {
			if v, ok := strings.CutPrefix(tok, "Credential="); ok {
				cred = v
			}
		}
	} else if r.URL.RawQuery != "" {
		cred = r.URL.Query().Get("X-Amz-Credential")
	}
	if cred == "" {
		return credentialScope{}, false
	}
	parts := strings.Split(strings.TrimRight(cred, "/"), "/")
	if len(parts) != 5 {
		return credentialScope{}, false
	}
	return credentialScope{accessKeyID: parts[0], date: parts[1], region: parts[2], service: parts[3], terminator: parts[4]}, true
}

// splitTarget splits "Prefix.Operation" at its last dot (CloudTrail's prefix has dots).
func splitTarget(target string) (prefix, op string) {
	i := strings.LastIndexByte(target, '.')
	if i < 0 {
		return target, ""
	}
	return target[:i], target[i+1:]
}
