package schedulerapi

import (
	"testing"

	"github.com/eventrail/eventrail"
)

// TestExpressionErrors: the invalid expressions AWS answered with "Invalid Schedule Expression
// <expr>." (recorded in LocalStack's AWS-validated scheduler snapshot), and valid ones
// including AWS-accepted forms rules reject.
func TestExpressionErrors(t *testing.T) {
	invalid := []string{"cron(0 1 * * * *)", "cron(7 20 * * NOT *)", "cron(INVALID)", "cron(0 dummy ? * MON-FRI *)",
		"cron(71 8 1 * ? *)", "cron()", "rate(10 seconds)", "rate(10 years)", "rate()", "rate(10)", "rate(10 minutess)",
		"rate(foo minutes)", "rate(-10 minutes)", "rate( 10 minutes )", " rate(10 minutes)", "at(2021-12-31T23:59:59Z)",
		"at(2021-12-31)", "rate(0 minutes)", "at(2030-02-30T10:00:00)"}
	for _, expr := range invalid {
		_, _, err := parseExpression(expr, "")
		e, ok := eventrail.AsError(err)
		if !ok || e.Code != eventrail.CodeValidation || e.Message != "Invalid Schedule Expression "+expr+"." {
			t.Errorf("%q: %v", expr, err)
		}
	}
	valid := []string{"rate(1 minute)", "rate(2 minute)", "rate(1 hours)", "rate(7 days)", "cron(0 2 ? * SAT *)",
		"cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)", "cron(1-31/30 1-1 ? * 1,7 *)", "at(2025-01-31T15:59:42)", "at(2026-03-08T02:30:00)"}
	for _, expr := range valid {
		if _, _, err := parseExpression(expr, "America/New_York"); err != nil {
			t.Errorf("%q: %v", expr, err)
		}
	}
	for _, tz := range []string{"Local", "utc ", "Nowhere/City", "../etc/passwd"} {
		if _, _, err := parseExpression("rate(1 hour)", tz); !eventrail.HasCode(err, eventrail.CodeValidation) {
			t.Errorf("time zone %q accepted", tz)
		}
	}
}
