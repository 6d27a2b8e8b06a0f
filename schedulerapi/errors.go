package schedulerapi

import (
	"net/http"

	"github.com/eventrail/eventrail"
)

// Error codes of the Scheduler model besides eventrail's shared ones.
const (
	CodeConflict             = "ConflictException"
	CodeServiceQuotaExceeded = "ServiceQuotaExceededException"
	CodeInternalServer       = "InternalServerException"
)

// statusByCode is every route's error status map: the model's httpStatusCode of each error.
var statusByCode = map[string]int{
	eventrail.CodeValidation:       http.StatusBadRequest,
	eventrail.CodeResourceNotFound: http.StatusNotFound,
	CodeConflict:                   http.StatusConflict,
	CodeServiceQuotaExceeded:       http.StatusPaymentRequired,
	eventrail.CodeThrottling:       http.StatusTooManyRequests,
	CodeInternalServer:             http.StatusInternalServerError,
}

func validation(format string, args ...any) *eventrail.Error {
	return eventrail.Errorf(eventrail.CodeValidation, format, args...)
}

func errScheduleNotFound(name string) *eventrail.Error {
	return eventrail.Errorf(eventrail.CodeResourceNotFound, "Schedule %s does not exist.", name)
}

func errGroupNotFound(name string) *eventrail.Error {
	return eventrail.Errorf(eventrail.CodeResourceNotFound, "Schedule group %s does not exist.", name)
}

func errScheduleExists(name string) *eventrail.Error {
	return eventrail.Errorf(CodeConflict, "Schedule %s already exists.", name)
}

func errGroupExists(name string) *eventrail.Error {
	return eventrail.Errorf(CodeConflict, "Schedule group %s already exists.", name)
}

func errDefaultGroup() *eventrail.Error {
	return validation("This operation cannot be performed on schedule group %s.", DefaultGroup)
}

func errInvalidExpression(expr string) *eventrail.Error {
	return validation("Invalid Schedule Expression %s.", expr)
}

func errInvalidTimezone(tz string) *eventrail.Error {
	return validation("Invalid Schedule Expression Timezone %s.", tz)
}

func errGroupQuota() *eventrail.Error {
	return eventrail.Errorf(CodeServiceQuotaExceeded, "Limit of %d schedule groups per account reached.", MaxGroups)
}

// MaxGroups is the service quota on schedule groups per account (AWS: 500).
const MaxGroups = 500
