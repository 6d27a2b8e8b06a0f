package logs

import (
	"github.com/eventrail/eventrail"
)

// CloudWatch Logs error codes.
const (
	CodeResourceNotFound      = eventrail.CodeResourceNotFound
	CodeResourceAlreadyExists = eventrail.CodeResourceAlreadyExists
	CodeInvalidParameter      = "InvalidParameterException"
	CodeValidation            = eventrail.CodeValidation
)

func errGroupNotFound() error {
	return eventrail.Errorf(CodeResourceNotFound, "The specified log group does not exist.")
}

func errStreamNotFound() error {
	return eventrail.Errorf(CodeResourceNotFound, "The specified log stream does not exist.")
}

func errInvalid(format string, args ...any) error {
	return eventrail.Errorf(CodeInvalidParameter, format, args...)
}

func errBadToken() error { return errInvalid("The specified nextToken is invalid.") }

// asInvalidParameter turns the ValidationException of a Violations into the
// InvalidParameterException CloudWatch Logs answers model violations with.
func asInvalidParameter(v *eventrail.Violations) error {
	err := v.Err()
	if ae, ok := eventrail.AsError(err); ok {
		return eventrail.Errorf(CodeInvalidParameter, "%s", ae.Message)
	}
	return err
}
