package transform

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/eventrail/eventrail"
)

// Context gives the values of the <aws.events.*> variables for one invocation. RuleName and
// RuleArn are rendered as given; EventBusName and Account are carried for callers and future
// variables (no variable reads them today).
type Context struct {
	RuleName, RuleArn, EventBusName, Account string
	// IngestionTime is when the bus accepted the event; when zero, the envelope's "time" is
	// used instead.
	IngestionTime time.Time
}

// ErrDrop is returned by Apply when AWS would silently drop the invocation rather than deliver
// a payload: a quoted placeholder whose value (an object or array, or a string with quotes)
// makes the rendered JSON template invalid, or an InputPath that selects nothing. The router
// counts such invocations as failed and neither retries nor dead-letters them.
var ErrDrop = errors.New("transform: invocation dropped")

// ErrPathNotFound is returned by Apply when the target's InputPath selects nothing in the
// event. errors.Is(ErrPathNotFound, ErrDrop) holds.
var ErrPathNotFound = fmt.Errorf("%w: InputPath selects nothing in the event", ErrDrop)

// ErrInvalidJSON is returned by Apply when a JSON template rendered to invalid JSON.
// errors.Is(ErrInvalidJSON, ErrDrop) holds.
var ErrInvalidJSON = fmt.Errorf("%w: the rendered InputTemplate is not valid JSON", ErrDrop)

// kind says which of Input, InputPath or InputTransformer a target uses.
type kind uint8

const (
	kindNone kind = iota
	kindInput
	kindInputPath
	kindTransformer
)

// Transformer turns an event envelope into the payload one target receives. It is immutable
// after Compile and safe for concurrent use by any number of goroutines.
type Transformer struct {
	kind  kind
	input []byte
	path  *Path // InputPath; nil when it does not parse (then nothing is ever selected)
	tmpl  template
	vars  []variable
}

// Compile validates a target's Input / InputPath / InputTransformer exactly as PutTargets
// does for the first target of a request and returns a reusable Transformer. Errors are
// *eventrail.Error with AWS's type and message. See CompileAt for other positions.
func Compile(t *eventrail.Target) (*Transformer, error) { return CompileAt(t, 1) }

// CompileAt is Compile for the target at 1-based position pos of a PutTargets request; pos
// only appears in model-validation messages ("targets.<pos>.member.inputPath").
func CompileAt(t *eventrail.Target, pos int) (*Transformer, error) {
	var v eventrail.Violations
	ValidateModel(t, fmt.Sprintf("targets.%d.member", pos), &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := validateChoice(t); err != nil {
		return nil, err
	}
	switch {
	case t.Input != nil:
		return compileInput(t)
	case t.InputPath != nil:
		p, _ := ParsePath(*t.InputPath)
		return &Transformer{kind: kindInputPath, path: p}, nil
	case t.InputTransformer != nil:
		return compileTransformer(t)
	}
	return &Transformer{kind: kindNone}, nil
}

// compileInput checks that a constant Input is JSON text.
func compileInput(t *eventrail.Target) (*Transformer, error) {
	in := []byte(*t.Input)
	if err := checkJSON(in); err != nil {
		return nil, eventrail.Errorf(eventrail.CodeValidation,
			"JSON syntax error in input for target %s: %s", t.Id, jacksonLocation(*t.Input, err))
	}
	return &Transformer{kind: kindInput, input: in}, nil
}

// checkJSON is json.Valid with the offset of the first error.
func checkJSON(b []byte) error {
	if json.Valid(b) {
		return nil
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	return errors.New("invalid JSON")
}

// Apply returns the payload for one event envelope (as produced by eventrail.Event.Envelope).
// The result may share memory with envelope or with the Transformer: callers must not modify
// it. It returns an error wrapping ErrDrop when AWS would not deliver anything.
func (t *Transformer) Apply(envelope []byte, c Context) ([]byte, error) {
	switch t.kind {
	case kindInput:
		return t.input, nil
	case kindInputPath:
		if t.path == nil {
			return nil, ErrPathNotFound
		}
		v, ok := t.path.Select(envelope)
		if !ok {
			return nil, ErrPathNotFound
		}
		return v, nil
	case kindTransformer:
		return t.render(envelope, c)
	}
	return envelope, nil
}

// UsesEvent reports whether Apply reads the envelope at all (false for a constant Input).
func (t *Transformer) UsesEvent() bool { return t.kind != kindInput }
