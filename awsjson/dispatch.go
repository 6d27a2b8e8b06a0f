package awsjson

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/eventrail/eventrail"
)

// errPanic stands for a recovered handler panic; it is answered as an internal failure.
var errPanic = errors.New("awsjson: handler panicked")

// serveJSON answers one AWS JSON-protocol call. target is the X-Amz-Target header; when it is
// empty, svc is the service chosen from the SigV4 scope and the call has no operation.
func (h *handler) serveJSON(w http.ResponseWriter, r *http.Request, target string, svc *Service) {
	prefix, opName := splitTarget(target)
	if svc == nil {
		svc = h.byPrefix[prefix]
	}
	contentType := "application/x-amz-json-1.1"
	signing := ""
	if svc != nil {
		contentType, signing = svc.contentType(), svc.SigningName
	}
	c := h.newCall(w, r, signing, opName)
	fail := func(e errorReply) {
		writeJSONError(w, contentType, e, legacyCode(svc, e.code))
		h.finish(c, e.status, &e)
	}
	if r.Method != http.MethodPost {
		fail(errorReply{code: eventrail.CodeUnknownOperation, status: http.StatusNotFound})
		return
	}
	var op *operation
	if svc != nil && target != "" && prefix == svc.TargetPrefix {
		op = svc.ops[opName]
	}
	if op == nil {
		fail(errorReply{code: eventrail.CodeUnknownOperation, status: http.StatusBadRequest})
		return
	}
	body, box, e := h.readBody(r)
	// Decoded inputs never share the body's memory (encoding/json copies, FastDecoder must
	// not retain it), so its buffer can be reused once the call is answered.
	defer releaseBody(body, box)
	if e != nil && e.code == eventrail.CodeRequestEntityTooLarge && svc.TooLarge != nil {
		if custom := svc.TooLarge(opName); custom != nil {
			er := replyFor(custom)
			e = &er
		}
	}
	if e == nil {
		e = h.authenticate(c, r, body, svc.SigningName)
	}
	if e != nil {
		fail(*e)
		return
	}
	ctx := c.context(r.Context())
	in, out, err := invoke(ctx, op, body)
	c.info.Input = in
	if err != nil {
		fail(h.classify(ctx, svc, opName, err))
		return
	}
	if !writeJSON(w, http.StatusOK, contentType, out) {
		slog.Error("awsjson: cannot encode response", "service", svc.TargetPrefix, "operation", opName, "requestId", c.state.id)
		fail(errorReply{code: svc.internalCode(), message: internalFailureMessage, status: http.StatusInternalServerError})
		return
	}
	c.info.Output = out
	h.finish(c, http.StatusOK, nil)
}

// invoke calls op, turning a panic into errPanic (logged with its stack).
func invoke(ctx context.Context, op *operation, body []byte) (in, out any, err error) {
	defer func() {
		if p := recover(); p != nil {
			slog.Error("awsjson: panic in operation", "operation", op.name, "requestId", RequestID(ctx),
				"panic", p, "stack", string(debug.Stack()))
			in, out, err = nil, nil, errPanic
		}
	}()
	return op.call(ctx, body)
}

// classify maps an operation's error to the reply AWS would send: *eventrail.Error as it
// says, body-decoding failures as SerializationException, anything else as an internal
// failure with a generic message (the error itself is logged, never sent).
func (h *handler) classify(ctx context.Context, svc *Service, opName string, err error) errorReply {
	var de *decodeError
	if errors.As(err, &de) {
		return errorReply{code: eventrail.CodeSerialization, message: serializationMessage(de.err), status: http.StatusBadRequest}
	}
	if e, ok := eventrail.AsError(err); ok {
		return replyFor(e)
	}
	if !errors.Is(err, errPanic) {
		slog.Error("awsjson: internal error", "service", svc.TargetPrefix, "operation", opName,
			"requestId", RequestID(ctx), "err", err)
	}
	return errorReply{code: svc.internalCode(), message: internalFailureMessage, status: http.StatusInternalServerError}
}

// serializationMessage renders a JSON decoding failure the way AWS's JSON services word the
// common cases; syntax errors carry no message, as on AWS.
func serializationMessage(err error) string {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return ""
	}
	switch te.Value {
	case "object":
		return "Start of structure or map found where not expected."
	case "array":
		return "Start of list found where not expected"
	case "string":
		return "STRING_VALUE can not be converted to " + javaTypeName(te)
	case "number":
		return "NUMBER_VALUE can not be converted to " + javaTypeName(te)
	case "bool":
		return "BOOLEAN_VALUE can not be converted to " + javaTypeName(te)
	}
	return ""
}

// javaTypeName names the Go target type the way AWS's (Java) messages name theirs.
func javaTypeName(te *json.UnmarshalTypeError) string {
	if te.Type == nil {
		return "a value"
	}
	switch te.Type.Kind().String() {
	case "string":
		return "a String"
	case "bool":
		return "a Boolean"
	case "int", "int8", "int16", "int32", "uint", "uint8", "uint16", "uint32":
		return "an Integer"
	case "int64", "uint64":
		return "a Long"
	case "float32", "float64":
		return "a Double"
	case "slice", "array":
		return "a List"
	case "map", "struct":
		return "a Structure"
	}
	return "a " + te.Type.String()
}

// legacyCode returns the x-amzn-query-error code for a query-compatible service ("" for
// others).
func legacyCode(svc *Service, code string) string {
	if svc == nil || svc.QueryCompatible == nil {
		return ""
	}
	if l, ok := svc.QueryCompatible[code]; ok {
		return l
	}
	return code
}
