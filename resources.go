package eventrail

import (
	"encoding/json"
	"time"
)

// DefaultBusName is the name of the event bus every account has and can never delete.
const DefaultBusName = "default"

// EventBus is an event bus as stored by the control plane. JSON field names are AWS's wire names.
type EventBus struct {
	Name             string            `json:"Name"`
	Arn              string            `json:"Arn"`
	Description      string            `json:"Description,omitempty"`
	KmsKeyIdentifier string            `json:"KmsKeyIdentifier,omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	LogConfig        json.RawMessage   `json:"LogConfig,omitempty"`
	Policy           string            `json:"Policy,omitempty"`
	CreationTime     time.Time         `json:"CreationTime"`
	LastModifiedTime time.Time         `json:"LastModifiedTime"`
}

// RuleState is the State of a rule.
type RuleState string

// The rule states of PutRule.
const (
	RuleEnabled              RuleState = "ENABLED"
	RuleDisabled             RuleState = "DISABLED"
	RuleEnabledAllMgmtEvents RuleState = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
)

// Enabled reports whether a rule in this state matches events and fires schedules.
func (s RuleState) Enabled() bool { return s == RuleEnabled || s == RuleEnabledAllMgmtEvents }

// Rule is a rule as stored by the control plane. JSON field names are AWS's wire names.
type Rule struct {
	Name               string    `json:"Name"`
	Arn                string    `json:"Arn"`
	EventBusName       string    `json:"EventBusName"`
	EventPattern       string    `json:"EventPattern,omitempty"`
	ScheduleExpression string    `json:"ScheduleExpression,omitempty"`
	State              RuleState `json:"State"`
	Description        string    `json:"Description,omitempty"`
	RoleArn            string    `json:"RoleArn,omitempty"`
	ManagedBy          string    `json:"ManagedBy,omitempty"`
	CreatedBy          string    `json:"CreatedBy,omitempty"`
	// CreationTime is when the rule was first created (rate() schedules count from the time a
	// rule was created or last enabled: see EnabledTime).
	CreationTime time.Time `json:"-"`
}

// Target is one target of a rule, with AWS's wire names. Parameters eventrail stores and echoes
// but does not act on (ECS, Kinesis, ...) are kept verbatim in the Raw* fields.
type Target struct {
	Id               string            `json:"Id"`
	Arn              string            `json:"Arn"`
	RoleArn          string            `json:"RoleArn,omitempty"`
	Input            *string           `json:"Input,omitempty"`
	InputPath        *string           `json:"InputPath,omitempty"`
	InputTransformer *InputTransformer `json:"InputTransformer,omitempty"`
	RetryPolicy      *RetryPolicy      `json:"RetryPolicy,omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	HttpParameters   *HttpParameters   `json:"HttpParameters,omitempty"`
	SqsParameters    *SqsParameters    `json:"SqsParameters,omitempty"`

	KinesisParameters           json.RawMessage `json:"KinesisParameters,omitempty"`
	RunCommandParameters        json.RawMessage `json:"RunCommandParameters,omitempty"`
	EcsParameters               json.RawMessage `json:"EcsParameters,omitempty"`
	BatchParameters             json.RawMessage `json:"BatchParameters,omitempty"`
	RedshiftDataParameters      json.RawMessage `json:"RedshiftDataParameters,omitempty"`
	SageMakerPipelineParameters json.RawMessage `json:"SageMakerPipelineParameters,omitempty"`
	AppSyncParameters           json.RawMessage `json:"AppSyncParameters,omitempty"`
}

// InputTransformer is a target's InputTransformer.
type InputTransformer struct {
	InputPathsMap map[string]string `json:"InputPathsMap,omitempty"`
	InputTemplate string            `json:"InputTemplate"`
}

// RetryPolicy is a target's RetryPolicy; nil fields take AWS's defaults
// (DefaultMaximumRetryAttempts, DefaultMaximumEventAge).
type RetryPolicy struct {
	MaximumRetryAttempts     *int `json:"MaximumRetryAttempts,omitempty"`
	MaximumEventAgeInSeconds *int `json:"MaximumEventAgeInSeconds,omitempty"`
}

// AWS's retry defaults and bounds (spec §5.4).
const (
	DefaultMaximumRetryAttempts = 185
	DefaultMaximumEventAge      = 24 * time.Hour
	MinMaximumEventAgeSeconds   = 60
	MaxMaximumEventAgeSeconds   = 86400
	MaxMaximumRetryAttempts     = 185
)

// Attempts returns the maximum number of retries, applying the default.
func (p *RetryPolicy) Attempts() int {
	if p == nil || p.MaximumRetryAttempts == nil {
		return DefaultMaximumRetryAttempts
	}
	return *p.MaximumRetryAttempts
}

// MaxAge returns the maximum event age, applying the default.
func (p *RetryPolicy) MaxAge() time.Duration {
	if p == nil || p.MaximumEventAgeInSeconds == nil {
		return DefaultMaximumEventAge
	}
	return time.Duration(*p.MaximumEventAgeInSeconds) * time.Second
}

// DeadLetterConfig names the queue that receives events a target could not take.
type DeadLetterConfig struct {
	Arn string `json:"Arn,omitempty"`
}

// HttpParameters are a target's HTTP path, header and query parameters (API destinations).
type HttpParameters struct {
	PathParameterValues   []string          `json:"PathParameterValues,omitempty"`
	HeaderParameters      map[string]string `json:"HeaderParameters,omitempty"`
	QueryStringParameters map[string]string `json:"QueryStringParameters,omitempty"`
}

// SqsParameters are a target's parameters for FIFO queues.
type SqsParameters struct {
	MessageGroupId string `json:"MessageGroupId,omitempty"`
}

// Tag is one resource tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}
