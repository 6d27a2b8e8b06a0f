package eventrail

import "time"

// StoredRule is the value the control plane keeps at RuleKey: the Rule plus the times the
// scheduler needs. Its JSON is a Rule's with two more members, so readers that only need the
// Rule may decode the value into a Rule.
type StoredRule struct {
	Rule
	// CreationTime is when the rule was first created (JSON "CreationTime").
	CreationTime time.Time `json:"CreationTime"`
	// EnabledTime is when the rule was created, last went from disabled to enabled, or last
	// had its ScheduleExpression changed (JSON "EnabledTime"); rate() schedules count from it.
	EnabledTime time.Time `json:"EnabledTime"`
}
