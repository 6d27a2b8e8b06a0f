package queue

import (
	"net/http"

	"github.com/eventrail/eventrail"
)

// The SQS JSON error shapes (the "__type" the edge sends, without the "com.amazonaws.sqs#"
// namespace).
const (
	CodeQueueDoesNotExist            = "QueueDoesNotExist"
	CodeQueueNameExists              = "QueueNameExists"
	CodeQueueDeletedRecently         = "QueueDeletedRecently"
	CodeInvalidParameterValue        = "InvalidParameterValueException"
	CodeMissingParameter             = "MissingRequiredParameterException"
	CodeInvalidAttributeName         = "InvalidAttributeName"
	CodeInvalidAttributeValue        = "InvalidAttributeValue"
	CodeInvalidAddress               = "InvalidAddress"
	CodeReceiptHandleIsInvalid       = "ReceiptHandleIsInvalid"
	CodeMessageNotInflight           = "MessageNotInflight"
	CodePurgeQueueInProgress         = "PurgeQueueInProgress"
	CodeEmptyBatchRequest            = "EmptyBatchRequest"
	CodeTooManyEntriesInBatchRequest = "TooManyEntriesInBatchRequest"
	CodeBatchEntryIdsNotDistinct     = "BatchEntryIdsNotDistinct"
	CodeInvalidBatchEntryId          = "InvalidBatchEntryId"
	CodeBatchRequestTooLong          = "BatchRequestTooLong"
	CodeInvalidMessageContents       = "InvalidMessageContents"
	CodeUnsupportedOperation         = "UnsupportedOperation"
)

// queryCodes maps each JSON shape to the legacy Query error code AWS puts in the
// x-amzn-query-error header (spec §11.2). Shapes mapped to themselves are listed too, so the
// edge can send the header for every SQS error.
var queryCodes = map[string]string{
	CodeQueueDoesNotExist:            "AWS.SimpleQueueService.NonExistentQueue",
	CodeQueueNameExists:              "QueueAlreadyExists",
	CodeQueueDeletedRecently:         "AWS.SimpleQueueService.QueueDeletedRecently",
	CodeInvalidParameterValue:        "InvalidParameterValue",
	CodeMissingParameter:             "MissingParameter",
	CodeInvalidAttributeName:         "InvalidAttributeName",
	CodeInvalidAttributeValue:        "InvalidAttributeValue",
	CodeInvalidAddress:               "InvalidAddress",
	CodeReceiptHandleIsInvalid:       "ReceiptHandleIsInvalid",
	CodeMessageNotInflight:           "AWS.SimpleQueueService.MessageNotInflight",
	CodePurgeQueueInProgress:         "AWS.SimpleQueueService.PurgeQueueInProgress",
	CodeEmptyBatchRequest:            "AWS.SimpleQueueService.EmptyBatchRequest",
	CodeTooManyEntriesInBatchRequest: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
	CodeBatchEntryIdsNotDistinct:     "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
	CodeInvalidBatchEntryId:          "AWS.SimpleQueueService.InvalidBatchEntryId",
	CodeBatchRequestTooLong:          "AWS.SimpleQueueService.BatchRequestTooLong",
	CodeInvalidMessageContents:       "InvalidMessageContents",
	CodeUnsupportedOperation:         "AWS.SimpleQueueService.UnsupportedOperation",
	eventrail.CodeAccessDenied:       "AccessDenied",
}

// QueryCompatibleCodes returns a fresh map from SQS JSON error shape to the legacy Query error
// code. The edge answers an SQS error with header "x-amzn-query-error: <legacy>;Sender" (or
// ";Receiver" for 5xx statuses).
func QueryCompatibleCodes() map[string]string {
	m := make(map[string]string, len(queryCodes))
	for k, v := range queryCodes {
		m[k] = v
	}
	return m
}

func init() {
	// AWS answers PurgeQueueInProgress with 403 (recorded in LocalStack's AWS snapshots).
	eventrail.RegisterStatus(CodePurgeQueueInProgress, http.StatusForbidden)
}

func errQueueDoesNotExist() error {
	return eventrail.Errorf(CodeQueueDoesNotExist, "The specified queue does not exist.")
}

func errInvalidParam(format string, args ...any) error {
	return eventrail.Errorf(CodeInvalidParameterValue, format, args...)
}

// errParamValue is "Value <v> for parameter <p> is invalid. Reason: <reason>".
func errParamValue(value any, param, reason string) error {
	return errInvalidParam("Value %v for parameter %s is invalid. Reason: %s", value, param, reason)
}

func errMissing(param string) error {
	return eventrail.Errorf(CodeMissingParameter, "The request must contain the parameter %s.", param)
}

func errUnknownAttribute(name string) error {
	return eventrail.Errorf(CodeInvalidAttributeName, "Unknown Attribute %s.", name)
}

func errAttributeValue(name string) error {
	return eventrail.Errorf(CodeInvalidAttributeValue, "Invalid value for the parameter %s.", name)
}

func errReceiptHandle(h string) error {
	return eventrail.Errorf(CodeReceiptHandleIsInvalid, "The input receipt handle \"%s\" is not a valid receipt handle.", h)
}
