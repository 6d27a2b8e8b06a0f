package sqsquery

import (
	"net/http"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/queue"
)

// Query-protocol error codes this package produces itself (AWS "Common Errors").
const (
	codeInvalidAction        = "InvalidAction"
	codeMissingAction        = "MissingAction"
	codeMalformedQueryString = "MalformedQueryString"
	codeInternalError        = "InternalError"
)

// msgInternalError is SQS's text for a server-side failure.
const msgInternalError = "We encountered an internal error. Please try again."

// Messages that differ between SQS's JSON and Query protocols: the Query protocol still says
// "for this wsdl version".
var queryMessages = map[string]string{
	"The specified queue does not exist.": "The specified queue does not exist for this wsdl version.",
}

// legacyCodes maps SQS JSON error shapes to legacy Query codes (queue.QueryCompatibleCodes).
var legacyCodes = queue.QueryCompatibleCodes()

// authCodes maps awsjson's JSON authentication errors to the Query protocol's codes and
// statuses (spec §12.3).
var authCodes = map[string]struct {
	code   string
	status int
}{
	eventrail.CodeUnrecognizedClient:         {"InvalidClientTokenId", http.StatusForbidden},
	eventrail.CodeInvalidSignature:           {"SignatureDoesNotMatch", http.StatusForbidden},
	eventrail.CodeMissingAuthenticationToken: {"MissingAuthenticationToken", http.StatusForbidden},
	eventrail.CodeIncompleteSignature:        {"IncompleteSignature", http.StatusBadRequest},
	eventrail.CodeExpiredToken:               {"ExpiredToken", http.StatusForbidden},
	eventrail.CodeRequestEntityTooLarge:      {"RequestEntityTooLarge", http.StatusRequestEntityTooLarge},
	eventrail.CodeSerialization:              {codeMalformedQueryString, http.StatusBadRequest},
}

// queryError is an error about to be sent as an ErrorResponse.
type queryError struct {
	code, message string
	status        int
}

// fault is the ErrorResponse Type: Receiver for server faults, Sender otherwise.
func (e queryError) fault() string {
	if e.status >= 500 {
		return "Receiver"
	}
	return "Sender"
}

// legacyCode returns the Query code for an SQS JSON error shape (itself when unmapped).
func legacyCode(code string) string {
	if l, ok := legacyCodes[code]; ok {
		return l
	}
	return code
}

// fromError maps an operation's error: *eventrail.Error keeps its status and gets its legacy
// code; anything else is a 500 InternalError whose details are not sent.
func fromError(err error) queryError {
	e, ok := eventrail.AsError(err)
	if !ok {
		return queryError{code: codeInternalError, message: msgInternalError, status: http.StatusInternalServerError}
	}
	msg := e.Message
	if m, ok := queryMessages[msg]; ok {
		msg = m
	}
	status := e.HTTPStatus()
	if e.Code == eventrail.CodeAccessDenied {
		status = http.StatusForbidden
	}
	if status >= 500 {
		return queryError{code: codeInternalError, message: msgInternalError, status: status}
	}
	return queryError{code: legacyCode(e.Code), message: msg, status: status}
}

// fromAuthError maps an error awsjson answered before the operation ran (authentication, body
// size) to its Query form. Expired or premature signatures are RequestExpired, as Query
// services report them.
func fromAuthError(code, message string, status int) queryError {
	if code == eventrail.CodeInvalidSignature &&
		(strings.HasPrefix(message, "Signature expired") || strings.HasPrefix(message, "Signature not yet current")) {
		return queryError{code: "RequestExpired", message: message, status: http.StatusBadRequest}
	}
	if m, ok := authCodes[code]; ok {
		return queryError{code: m.code, message: message, status: m.status}
	}
	if code == "" || status >= 500 || status < 400 {
		return queryError{code: codeInternalError, message: msgInternalError, status: http.StatusInternalServerError}
	}
	return queryError{code: strings.TrimSuffix(code, "Exception"), message: message, status: status}
}

func errMissingAction() error {
	return eventrail.Errorf(codeMissingAction, "The request must contain the parameter Action.")
}

func errInvalidAction(action string) error {
	return eventrail.Errorf(codeInvalidAction, "The action %s is not valid for this endpoint.", action)
}
