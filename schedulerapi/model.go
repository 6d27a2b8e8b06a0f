package schedulerapi

import (
	"encoding/json"

	"github.com/eventrail/eventrail/awsjson"
)

// Enumerations of the Scheduler model.
const (
	StateEnabled  = "ENABLED"
	StateDisabled = "DISABLED"

	ModeOff      = "OFF"
	ModeFlexible = "FLEXIBLE"

	ActionNone   = "NONE"
	ActionDelete = "DELETE"

	DefaultGroup    = "default"
	DefaultTimezone = "UTC"
)

// FlexibleTimeWindow is the model's FlexibleTimeWindow.
type FlexibleTimeWindow struct {
	Mode                   string `json:"Mode,omitempty"`
	MaximumWindowInMinutes *int   `json:"MaximumWindowInMinutes,omitempty"`
}

// RetryPolicy is the model's RetryPolicy.
type RetryPolicy struct {
	MaximumEventAgeInSeconds *int `json:"MaximumEventAgeInSeconds,omitempty"`
	MaximumRetryAttempts     *int `json:"MaximumRetryAttempts,omitempty"`
}

// DeadLetterConfig is the model's DeadLetterConfig.
type DeadLetterConfig struct {
	Arn *string `json:"Arn,omitempty"`
}

// EventBridgeParameters is the templated PutEvents target's parameters.
type EventBridgeParameters struct {
	DetailType *string `json:"DetailType,omitempty"`
	Source     *string `json:"Source,omitempty"`
}

// SqsParameters is the templated SendMessage target's parameters.
type SqsParameters struct {
	MessageGroupId *string `json:"MessageGroupId,omitempty"`
}

// KinesisParameters is the templated PutRecord target's parameters (stored and echoed).
type KinesisParameters struct {
	PartitionKey *string `json:"PartitionKey,omitempty"`
}

// Target is the model's Target. ECS and SageMaker parameters are stored and echoed verbatim.
type Target struct {
	Arn                         *string                `json:"Arn,omitempty"`
	RoleArn                     *string                `json:"RoleArn,omitempty"`
	Input                       *string                `json:"Input,omitempty"`
	RetryPolicy                 *RetryPolicy           `json:"RetryPolicy,omitempty"`
	DeadLetterConfig            *DeadLetterConfig      `json:"DeadLetterConfig,omitempty"`
	EventBridgeParameters       *EventBridgeParameters `json:"EventBridgeParameters,omitempty"`
	SqsParameters               *SqsParameters         `json:"SqsParameters,omitempty"`
	KinesisParameters           *KinesisParameters     `json:"KinesisParameters,omitempty"`
	EcsParameters               json.RawMessage        `json:"EcsParameters,omitempty"`
	SageMakerPipelineParameters json.RawMessage        `json:"SageMakerPipelineParameters,omitempty"`
}

// scheduleInput is the body of CreateSchedule and UpdateSchedule.
type scheduleInput struct {
	ActionAfterCompletion      *string             `json:"ActionAfterCompletion"`
	ClientToken                *string             `json:"ClientToken"`
	Description                *string             `json:"Description"`
	EndDate                    *awsjson.Timestamp  `json:"EndDate"`
	FlexibleTimeWindow         *FlexibleTimeWindow `json:"FlexibleTimeWindow"`
	GroupName                  *string             `json:"GroupName"`
	KmsKeyArn                  *string             `json:"KmsKeyArn"`
	ScheduleExpression         *string             `json:"ScheduleExpression"`
	ScheduleExpressionTimezone *string             `json:"ScheduleExpressionTimezone"`
	StartDate                  *awsjson.Timestamp  `json:"StartDate"`
	State                      *string             `json:"State"`
	Target                     *Target             `json:"Target"`
}

// Schedule is a schedule as stored (KV value) and as GetSchedule returns it. The fields
// tagged "-" on the wire are internal: they are kept in the stored JSON under their own names
// through storedSchedule.
type Schedule struct {
	ActionAfterCompletion      string             `json:"ActionAfterCompletion"`
	Arn                        string             `json:"Arn"`
	CreationDate               awsjson.Timestamp  `json:"CreationDate"`
	Description                string             `json:"Description,omitempty"`
	EndDate                    *awsjson.Timestamp `json:"EndDate,omitempty"`
	FlexibleTimeWindow         FlexibleTimeWindow `json:"FlexibleTimeWindow"`
	GroupName                  string             `json:"GroupName"`
	KmsKeyArn                  string             `json:"KmsKeyArn,omitempty"`
	LastModificationDate       awsjson.Timestamp  `json:"LastModificationDate"`
	Name                       string             `json:"Name"`
	ScheduleExpression         string             `json:"ScheduleExpression"`
	ScheduleExpressionTimezone string             `json:"ScheduleExpressionTimezone"`
	StartDate                  *awsjson.Timestamp `json:"StartDate,omitempty"`
	State                      string             `json:"State"`
	Target                     Target             `json:"Target"`
}

// storedSchedule is the KV value of a schedule: the wire shape plus bookkeeping.
type storedSchedule struct {
	Schedule
	// Uid identifies this incarnation of the schedule (a re-created schedule of the same name
	// gets a new one), so occurrence claims never collide across incarnations.
	Uid string `json:"_uid"`
	// Anchor is when a rate() without StartDate starts counting: creation, or the last update
	// that changed the expression, time zone, dates or state.
	Anchor awsjson.Timestamp `json:"_anchor"`
	// ClientToken is the idempotency token of the call that created the schedule.
	ClientToken string `json:"_token,omitempty"`
}

// Tag is one schedule-group tag.
type Tag struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

// storedGroup is the KV value of a schedule group.
type storedGroup struct {
	Arn                  string            `json:"Arn"`
	CreationDate         awsjson.Timestamp `json:"CreationDate"`
	LastModificationDate awsjson.Timestamp `json:"LastModificationDate"`
	Name                 string            `json:"Name"`
	State                string            `json:"State"`
	Tags                 []Tag             `json:"_tags,omitempty"`
	ClientToken          string            `json:"_token,omitempty"`
}

// groupSummary is a schedule group on the wire.
type groupSummary struct {
	Arn                  string            `json:"Arn"`
	CreationDate         awsjson.Timestamp `json:"CreationDate"`
	LastModificationDate awsjson.Timestamp `json:"LastModificationDate"`
	Name                 string            `json:"Name"`
	State                string            `json:"State"`
}

func (g *storedGroup) summary() groupSummary {
	return groupSummary{Arn: g.Arn, CreationDate: g.CreationDate, LastModificationDate: g.LastModificationDate, Name: g.Name, State: g.State}
}

// scheduleSummary is one entry of ListSchedules.
type scheduleSummary struct {
	Arn                  string            `json:"Arn"`
	CreationDate         awsjson.Timestamp `json:"CreationDate"`
	GroupName            string            `json:"GroupName"`
	LastModificationDate awsjson.Timestamp `json:"LastModificationDate"`
	Name                 string            `json:"Name"`
	State                string            `json:"State"`
	Target               struct {
		Arn string `json:"Arn"`
	} `json:"Target"`
}

func (s *Schedule) summary() scheduleSummary {
	out := scheduleSummary{Arn: s.Arn, CreationDate: s.CreationDate, GroupName: s.GroupName,
		LastModificationDate: s.LastModificationDate, Name: s.Name, State: s.State}
	if s.Target.Arn != nil {
		out.Target.Arn = *s.Target.Arn
	}
	return out
}
