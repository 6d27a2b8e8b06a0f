package awsjson

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/eventrail/eventrail"
)

// RESTRoute is one operation of a REST-JSON service (EventBridge Scheduler, Lambda), routed by
// method and path rather than X-Amz-Target.
type RESTRoute struct {
	Method      string // "POST"
	Pattern     string // "/schedules/{Name}"; a final "{Name+}" segment takes the rest of the path
	SigningName string // SigV4 service: "scheduler"
	Operation   string // "CreateSchedule", reported to OnRequest and in logs

	// Handler runs the operation. Its result is sent as JSON with SuccessStatus (200 when 0);
	// nil sends {}. Errors map as for JSON services, but with the REST-JSON wire form:
	// X-Amzn-ErrorType header, body {"Message": "..."}, and status Status[code] when present,
	// else eventrail.StatusOf(code).
	Handler       func(ctx context.Context, req *RESTRequest) (any, error)
	SuccessStatus int
	Status        map[string]int
}

// RESTRequest is a REST-JSON call as its handler sees it.
type RESTRequest struct {
	Params map[string]string // path parameters, percent-decoded ("Name" → "my-schedule")
	Query  url.Values
	Header http.Header
	Body   []byte // the whole body (already read within MaxBodyBytes)
}

// Decode decodes the JSON body into v (an empty body is {}); failures make the call answer
// SerializationException.
func (r *RESTRequest) Decode(v any) error { return decodeBody(r.Body, v) }

// restRoute is a compiled RESTRoute.
type restRoute struct {
	RESTRoute
	segments []string // literal segments, or "{Name}" / "{Name+}"
}

func compileRoute(r RESTRoute) (*restRoute, error) {
	if r.Method == "" || !strings.HasPrefix(r.Pattern, "/") || r.Handler == nil || r.SigningName == "" {
		return nil, fmt.Errorf("awsjson: REST route %q %q needs a method, a /pattern, a signing name and a handler", r.Method, r.Pattern)
	}
	segs := strings.Split(strings.TrimPrefix(r.Pattern, "/"), "/")
	for i, s := range segs {
		if strings.HasSuffix(s, "+}") && i != len(segs)-1 {
			return nil, fmt.Errorf("awsjson: REST pattern %q: a greedy segment must be last", r.Pattern)
		}
	}
	return &restRoute{RESTRoute: r, segments: segs}, nil
}

// match reports whether the raw (percent-encoded) path fits the pattern and returns the
// decoded path parameters.
func (rr *restRoute) match(raw string) (map[string]string, bool) {
	parts := strings.Split(strings.TrimPrefix(raw, "/"), "/")
	var params map[string]string
	for i, seg := range rr.segments {
		name, isParam := strings.CutPrefix(seg, "{")
		if !isParam {
			if i >= len(parts) || parts[i] != seg {
				return nil, false
			}
			continue
		}
		name = strings.TrimSuffix(name, "}")
		val := ""
		if greedy := strings.HasSuffix(name, "+"); greedy {
			name = strings.TrimSuffix(name, "+")
			if i >= len(parts) {
				return nil, false
			}
			val = strings.Join(parts[i:], "/")
			parts = parts[:i+1]
		} else if i < len(parts) {
			val = parts[i]
		}
		dec, err := url.PathUnescape(val)
		if err != nil || dec == "" {
			return nil, false
		}
		if params == nil {
			params = make(map[string]string, 2)
		}
		params[name] = dec
	}
	return params, len(parts) == len(rr.segments)
}

// matchREST finds the route for r, if any.
func (h *handler) matchREST(r *http.Request) (*restRoute, map[string]string) {
	if len(h.rest) == 0 {
		return nil, nil
	}
	raw := rawPath(r)
	for _, rr := range h.rest {
		if rr.Method != r.Method {
			continue
		}
		if params, ok := rr.match(raw); ok {
			return rr, params
		}
	}
	return nil, nil
}

// serveREST answers one REST-JSON call.
func (h *handler) serveREST(w http.ResponseWriter, r *http.Request, rr *restRoute, params map[string]string) {
	c := h.newCall(w, r, rr.SigningName, rr.Operation)
	fail := func(e errorReply) {
		w.Header()["X-Amzn-ErrorType"] = []string{e.code}
		writeJSON(w, e.status, "application/json", struct {
			Message string `json:"Message"`
		}{e.message})
		h.finish(c, e.status, &e)
	}
	body, _, e := h.readBody(r) // not released: the REST handler may keep it
	if e == nil {
		e = h.authenticate(c, r, body, rr.SigningName)
	}
	if e != nil {
		fail(*e)
		return
	}
	req := &RESTRequest{Params: params, Query: r.URL.Query(), Header: r.Header, Body: body}
	ctx := c.context(r.Context())
	_, out, err := invoke(ctx, &operation{name: rr.Operation, call: func(ctx context.Context, _ []byte) (any, any, error) {
		out, err := rr.Handler(ctx, req)
		return nil, out, err
	}}, body)
	if err != nil {
		fail(h.classifyREST(ctx, rr, err))
		return
	}
	status := rr.SuccessStatus
	if status == 0 {
		status = http.StatusOK
	}
	if !writeJSON(w, status, "application/json", out) {
		fail(errorReply{code: "InternalServerException", message: internalFailureMessage, status: http.StatusInternalServerError})
		return
	}
	c.info.Output = out
	h.finish(c, status, nil)
}

// classifyREST maps a REST handler's error to its reply.
func (h *handler) classifyREST(ctx context.Context, rr *restRoute, err error) errorReply {
	var de *decodeError
	if errors.As(err, &de) {
		return errorReply{code: eventrail.CodeSerialization, message: serializationMessage(de.err), status: http.StatusBadRequest}
	}
	if e, ok := eventrail.AsError(err); ok {
		status, ok := rr.Status[e.Code]
		if !ok {
			status = e.HTTPStatus()
		}
		return errorReply{code: e.Code, message: e.Message, status: status}
	}
	if !errors.Is(err, errPanic) {
		slog.Error("awsjson: internal error", "service", rr.SigningName, "operation", rr.Operation,
			"requestId", RequestID(ctx), "err", err)
	}
	return errorReply{code: "InternalServerException", message: internalFailureMessage, status: http.StatusInternalServerError}
}
