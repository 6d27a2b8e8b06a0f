package sqsquery

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/awsjson"
	"github.com/eventrail/eventrail/queue"
)

// Options configure NewHandler. The zero value serves unauthenticated requests.
type Options struct {
	// Credentials maps access key id → secret access key. When non-empty every request must
	// carry a valid SigV4 signature for service "sqs" (awsjson's verification); when empty no
	// authentication is required. Pass the same map as awsjson.Options.Credentials.
	Credentials map[string]string
	Region      string          // required SigV4 scope region; "" accepts any
	Clock       eventrail.Clock // for the signature time window; default system clock

	MaxBodyBytes int64 // request-body limit; 0 means awsjson.DefaultMaxBodyBytes

	// OnRequest, if set, is called after each Query call has been answered, as
	// awsjson.Options.OnRequest is. Operation is the Query Action (empty when the request
	// failed before the action was known), Input the decoded queue.*Input, Output the XML
	// result value; ErrorCode is the error's eventrail code (the SQS JSON shape).
	OnRequest func(*awsjson.RequestInfo)
}

// handler serves Query requests. It is safe for concurrent use.
type handler struct {
	svc       *queue.Service
	edge      http.Handler // awsjson edge: SigV4, body limit, request id, then serveAuthorized
	onRequest func(*awsjson.RequestInfo)
	calls     sync.Map // request id → *callRecord, only while OnRequest is set
}

// callRecord is what serveAuthorized learned about a call, for the OnRequest hook.
type callRecord struct {
	action  string
	in, out any
}

// exchange carries the real response writer through the awsjson edge to serveAuthorized.
type exchange struct {
	w       http.ResponseWriter
	base    string // scheme://host the client used
	served  bool   // serveAuthorized ran (authentication passed)
	written bool   // a response was written to w
}

type exchangeKey struct{}

// NewHandler returns an http.Handler that answers SQS Query-protocol requests (any path; see
// IsQueryRequest for routing) by calling svc. Queue URLs in responses start with the scheme
// and Host the client used.
func NewHandler(svc *queue.Service, o Options) http.Handler {
	h := &handler{svc: svc, onRequest: o.OnRequest}
	var routes []awsjson.RESTRoute
	for _, method := range []string{http.MethodPost, http.MethodGet} {
		for _, pattern := range []string{"/", "/{Path+}"} {
			routes = append(routes, awsjson.RESTRoute{Method: method, Pattern: pattern, SigningName: "sqs", Handler: h.serveAuthorized})
		}
	}
	eo := awsjson.Options{REST: routes, Credentials: o.Credentials, Region: o.Region, Clock: o.Clock,
		MaxBodyBytes: o.MaxBodyBytes, Fallback: http.HandlerFunc(h.serveOther)}
	if o.OnRequest != nil {
		eo.OnRequest = h.report
	}
	edge, err := awsjson.NewHandler(eo)
	if err != nil {
		panic(fmt.Sprintf("sqsquery: %v", err)) // the routes above are valid; this is a bug
	}
	h.edge = edge
	return h
}

// ServeHTTP runs r through the awsjson edge, which authenticates it and calls
// serveAuthorized; when the edge answered by itself (authentication failure, body too
// large), its JSON error is rewritten as a Query ErrorResponse.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	x := &exchange{w: w, base: scheme + "://" + r.Host}
	ctx := context.WithValue(r.Context(), exchangeKey{}, x)
	if r.Host != "" {
		ctx = queue.WithBaseURL(ctx, x.base)
	}
	rec := newRecorder()
	h.edge.ServeHTTP(rec, r.WithContext(ctx))
	switch {
	case x.written:
	case x.served: // serveAuthorized panicked before writing; awsjson recovered it
		writeError(w, rec.requestID(), queryError{code: codeInternalError, message: msgInternalError, status: http.StatusInternalServerError})
	default:
		code, msg := rec.jsonError()
		writeError(w, rec.requestID(), fromAuthError(code, msg, rec.status))
	}
}

// serveOther answers requests that match no route (methods other than GET and POST). awsjson
// hands them over with its own writer, so the answer goes to the exchange's.
func (h *handler) serveOther(_ http.ResponseWriter, r *http.Request) {
	x := r.Context().Value(exchangeKey{}).(*exchange)
	x.served, x.written = true, true
	writeError(x.w, uuid.NewString(), queryError{code: codeInvalidAction,
		message: "The HTTP method " + r.Method + " is not valid for this endpoint.", status: http.StatusBadRequest})
}

// serveAuthorized runs one authenticated Query call and writes its XML answer to the real
// response writer. It returns the operation's error so that awsjson reports it to OnRequest;
// what awsjson then writes goes to the discarded recorder.
func (h *handler) serveAuthorized(ctx context.Context, req *awsjson.RESTRequest) (any, error) {
	x := ctx.Value(exchangeKey{}).(*exchange)
	x.served = true
	id := awsjson.RequestID(ctx)
	c, err := h.run(ctx, x, req)
	if h.onRequest != nil {
		h.calls.Store(id, c)
	}
	if err == nil && !writeResult(x.w, c.action, id, c.out) {
		err = fmt.Errorf("sqsquery: cannot encode the %s result", c.action)
	}
	if err != nil {
		writeError(x.w, id, fromError(err))
	}
	x.written = true
	return nil, err
}

// run decodes and performs the action of req.
func (h *handler) run(ctx context.Context, x *exchange, req *awsjson.RESTRequest) (*callRecord, error) {
	c := &callRecord{}
	f, err := parseForm(req.Query, req.Body)
	if err != nil {
		return c, err
	}
	c.action = f["Action"]
	if c.action == "" {
		return c, errMissingAction()
	}
	a, ok := actions[c.action]
	if !ok {
		return c, errInvalidAction(c.action)
	}
	if _, ok := f["QueueUrl"]; !ok && strings.Contains(req.Params["Path"], "/") {
		f["QueueUrl"] = x.base + "/" + req.Params["Path"] // a call sent to the queue's URL
	}
	if c.in, err = a.decode(f); err != nil {
		return c, err
	}
	c.out, err = a.call(ctx, h.svc, c.in)
	return c, err
}

// report passes a finished call to Options.OnRequest with the Query action, input and result
// filled in.
func (h *handler) report(info *awsjson.RequestInfo) {
	if v, ok := h.calls.LoadAndDelete(info.RequestID); ok {
		c := v.(*callRecord)
		info.Operation, info.Input, info.Output = c.action, c.in, c.out
	}
	h.onRequest(info)
}
