package eventrail

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is an error that the API reports to the client: an AWS error type (Code) and its
// message. Every edge maps errors to the wire through this type alone; any other error reaching
// an edge is an internal failure (HTTP 500, InternalException / InternalFailure).
type Error struct {
	Code    string // AWS error type, e.g. "ResourceNotFoundException"
	Message string // the message AWS would send
}

// Error returns "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// HTTPStatus returns the status an AWS JSON service answers this error with.
func (e *Error) HTTPStatus() int { return StatusOf(e.Code) }

// Errorf returns an *Error with the given AWS error type and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// AsError returns the *Error in err's chain, if there is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// HasCode reports whether err is an *Error with the given code.
func HasCode(err error, code string) bool {
	e, ok := AsError(err)
	return ok && e.Code == code
}

// The AWS error types eventrail answers with. The EventBridge set is from the API model
// (spec §1); ValidationException is returned by AWS although unmodelled; the rest are the
// protocol-level errors every AWS JSON service shares (spec §12.3).
const (
	CodeAccessDenied               = "AccessDeniedException"
	CodeConcurrentModification     = "ConcurrentModificationException"
	CodeIllegalStatus              = "IllegalStatusException"
	CodeInternal                   = "InternalException"
	CodeInvalidEventPattern        = "InvalidEventPatternException"
	CodeInvalidState               = "InvalidStateException"
	CodeLimitExceeded              = "LimitExceededException"
	CodeManagedRule                = "ManagedRuleException"
	CodeOperationDisabled          = "OperationDisabledException"
	CodePolicyLengthExceeded       = "PolicyLengthExceededException"
	CodeResourceAlreadyExists      = "ResourceAlreadyExistsException"
	CodeResourceNotFound           = "ResourceNotFoundException"
	CodeThrottling                 = "ThrottlingException"
	CodeValidation                 = "ValidationException"
	CodeUnknownOperation           = "UnknownOperationException"
	CodeSerialization              = "SerializationException"
	CodeUnrecognizedClient         = "UnrecognizedClientException"
	CodeInvalidSignature           = "InvalidSignatureException"
	CodeMissingAuthenticationToken = "MissingAuthenticationTokenException"
	CodeIncompleteSignature        = "IncompleteSignatureException"
	CodeExpiredToken               = "ExpiredTokenException"
	CodeRequestEntityTooLarge      = "RequestEntityTooLargeException"
	CodeServiceUnavailable         = "ServiceUnavailableException"
)

// statusByCode holds the codes whose HTTP status is not 400. Everything else is a client fault.
var statusByCode = map[string]int{
	CodeInternal:              http.StatusInternalServerError,
	"InternalFailure":         http.StatusInternalServerError,
	"InternalServerException": http.StatusInternalServerError,
	CodeServiceUnavailable:    http.StatusServiceUnavailable,
	CodeRequestEntityTooLarge: http.StatusRequestEntityTooLarge,
}

// StatusOf returns the HTTP status for an AWS error code: 400 for client faults, 500 for
// internal failures, as AWS JSON services answer.
func StatusOf(code string) int {
	if s, ok := statusByCode[code]; ok {
		return s
	}
	return http.StatusBadRequest
}

// RegisterStatus records a non-400 HTTP status for an error code. It is meant for package
// initialisation by the services that share this catalogue (queues, logs, scheduler) and is not
// safe for concurrent use with StatusOf.
func RegisterStatus(code string, status int) { statusByCode[code] = status }

// Common EventBridge errors with AWS's exact messages (spec Appendix A).

// ErrBusNotFound is "Event bus <name> does not exist."
func ErrBusNotFound(name string) *Error {
	return Errorf(CodeResourceNotFound, "Event bus %s does not exist.", name)
}

// ErrRuleNotFound is "Rule <rule> does not exist on EventBus <bus>."
func ErrRuleNotFound(rule, bus string) *Error {
	return Errorf(CodeResourceNotFound, "Rule %s does not exist on EventBus %s.", rule, bus)
}

// ErrLimitExceeded is AWS's generic limit error.
func ErrLimitExceeded() *Error {
	return Errorf(CodeLimitExceeded, "The requested resource exceeds the maximum number allowed.")
}

// Violations collects model-validation failures and renders them as AWS does (spec §12.4):
// "1 validation error detected: Value 'v' at 'path' failed to satisfy constraint: c" and, for
// several, "N validation errors detected: e1; e2".
//
// The zero value is ready to use. A Violations is not safe for concurrent use.
type Violations struct{ items []string }

// Add records that value at path failed constraint.
func (v *Violations) Add(value, path, constraint string) {
	v.items = append(v.items, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: %s", value, path, constraint))
}

// AddNull records a required member that is missing.
func (v *Violations) AddNull(path string) {
	v.items = append(v.items, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", path))
}

// MaxLen checks len(s) <= n ("Member must have length less than or equal to n").
func (v *Violations) MaxLen(s, path string, n int) {
	if len([]rune(s)) > n {
		v.Add(s, path, fmt.Sprintf("Member must have length less than or equal to %d", n))
	}
}

// MinLen checks len(s) >= n ("Member must have length greater than or equal to n").
func (v *Violations) MinLen(s, path string, n int) {
	if len([]rune(s)) < n {
		v.Add(s, path, fmt.Sprintf("Member must have length greater than or equal to %d", n))
	}
}

// Enum checks that s is one of allowed ("Member must satisfy enum value set: [a, b]").
func (v *Violations) Enum(s, path string, allowed ...string) {
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	v.Add(s, path, "Member must satisfy enum value set: ["+strings.Join(allowed, ", ")+"]")
}

// Len returns the number of violations recorded.
func (v *Violations) Len() int { return len(v.items) }

// Err returns nil when nothing was recorded, else a ValidationException in AWS's format.
func (v *Violations) Err() error {
	switch n := len(v.items); n {
	case 0:
		return nil
	case 1:
		return Errorf(CodeValidation, "1 validation error detected: %s", v.items[0])
	default:
		return Errorf(CodeValidation, "%d validation errors detected: %s", n, strings.Join(v.items, "; "))
	}
}
