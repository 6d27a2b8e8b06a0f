package awsjson

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/eventrail/eventrail"
)

// Service is one AWS JSON-protocol service served by the edge: the X-Amz-Target prefix that
// selects it, the protocol version it answers with, the SigV4 signing name its clients use, and
// its operations.
//
// Build a Service with a composite literal, add operations with Register, RegisterAll or Handle,
// then pass it to NewHandler. A Service must not be modified after NewHandler has been called
// with it; from then on it is read-only and safe for concurrent use.
type Service struct {
	TargetPrefix string // "AWSEvents", "Logs_20140328", "AmazonSQS"
	JSONVersion  string // "1.1" or "1.0"; empty means "1.1"
	SigningName  string // SigV4 service name: "events", "logs", "sqs"

	// QueryCompatible, when non-nil, marks an awsQueryCompatible service (SQS): every error
	// response then carries "x-amzn-query-error: <legacy>;Sender" (";Receiver" for 5xx), where
	// legacy is QueryCompatible[code], or code itself when the map has no entry.
	QueryCompatible map[string]string

	// InternalErrorCode is the code sent for errors that are not *eventrail.Error and for
	// recovered panics. Empty means "InternalException" for TargetPrefix "AWSEvents" and
	// "InternalFailure" for every other service, as AWS does.
	InternalErrorCode string

	// TooLarge, if set, chooses the error for a request body over Options.MaxBodyBytes, so a
	// service can answer as AWS does (EventBridge PutEvents: ValidationException "Total size of
	// the entries in the request is over the limit."). Returning nil keeps the default 413
	// RequestEntityTooLargeException. It is called before the signature is checked (the body
	// was not read whole).
	TooLarge func(operation string) *eventrail.Error

	ops map[string]*operation
}

// operation is one registered API operation: a typed function wrapped once.
type operation struct {
	name string
	// call decodes body into a fresh input value, calls the typed function and returns the
	// input it decoded (for the OnRequest hook) and the output. A decoding failure is returned
	// as a *decodeError.
	call func(ctx context.Context, body []byte) (in, out any, err error)
}

// decodeError reports a request body that could not be decoded into the operation's input.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return "decode request: " + e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

var (
	ctxType = reflect.TypeFor[context.Context]()
	errType = reflect.TypeFor[error]()
)

// Register adds the operation name. fn must be a func(context.Context, *In) (*Out, error) for
// struct types In and Out; Register panics otherwise (a programming error caught at start-up).
// The function is inspected once here; each call then decodes the body into a new *In (an empty
// body means {}; unknown members are ignored), calls fn, and encodes *Out (nil encodes as {}).
// Registering a name twice replaces the earlier operation.
func (s *Service) Register(name string, fn any) {
	op, err := reflectOperation(name, fn)
	if err != nil {
		panic(fmt.Sprintf("awsjson: %s.%s: %v", s.TargetPrefix, name, err))
	}
	s.add(op)
}

// RegisterAll registers every operation of ops (name → function, as for Register).
func (s *Service) RegisterAll(ops map[string]any) {
	for name, fn := range ops {
		s.Register(name, fn)
	}
}

// Handle registers a typed operation without reflection; it is the fast path equivalent of
// s.Register(name, fn).
func Handle[In, Out any](s *Service, name string, fn func(context.Context, *In) (*Out, error)) {
	s.add(&operation{name: name, call: func(ctx context.Context, body []byte) (any, any, error) {
		in := new(In)
		if err := decodeBody(body, in); err != nil {
			return nil, nil, err
		}
		out, err := fn(ctx, in)
		if out == nil {
			return in, nil, err
		}
		return in, out, err
	}})
}

func (s *Service) add(op *operation) {
	if s.ops == nil {
		s.ops = make(map[string]*operation)
	}
	s.ops[op.name] = op
}

// internalCode returns the code this service uses for internal failures.
func (s *Service) internalCode() string {
	switch {
	case s.InternalErrorCode != "":
		return s.InternalErrorCode
	case s.TargetPrefix == "AWSEvents":
		return "InternalException"
	default:
		return "InternalFailure"
	}
}

// contentType returns the Content-Type of this service's responses.
func (s *Service) contentType() string {
	switch s.JSONVersion {
	case "", "1.1":
		return "application/x-amz-json-1.1"
	case "1.0":
		return "application/x-amz-json-1.0"
	}
	return "application/x-amz-json-" + s.JSONVersion
}

// reflectOperation checks fn's signature and wraps it.
func reflectOperation(name string, fn any) (*operation, error) {
	v := reflect.ValueOf(fn)
	t := v.Type()
	if t.Kind() != reflect.Func || v.IsNil() {
		return nil, errors.New("handler must be a non-nil func(context.Context, *In) (*Out, error)")
	}
	if t.NumIn() != 2 || t.NumOut() != 2 || t.IsVariadic() || t.In(0) != ctxType || t.Out(1) != errType ||
		!isStructPtr(t.In(1)) || !isStructPtr(t.Out(0)) {
		return nil, fmt.Errorf("handler has type %s, want func(context.Context, *In) (*Out, error) with struct In, Out", t)
	}
	inType := t.In(1).Elem()
	return &operation{name: name, call: func(ctx context.Context, body []byte) (any, any, error) {
		in := reflect.New(inType)
		inIface := in.Interface()
		if err := decodeBody(body, inIface); err != nil {
			return nil, nil, err
		}
		res := v.Call([]reflect.Value{reflect.ValueOf(ctx), in})
		var err error
		if e := res[1]; !e.IsNil() {
			err = e.Interface().(error)
		}
		if res[0].IsNil() {
			return inIface, nil, err
		}
		return inIface, res[0].Interface(), err
	}}, nil
}

func isStructPtr(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct
}
