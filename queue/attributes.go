package queue

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// Queue attribute names.
const (
	attrAll                   = "All"
	attrVisibilityTimeout     = "VisibilityTimeout"
	attrDelaySeconds          = "DelaySeconds"
	attrMessageRetention      = "MessageRetentionPeriod"
	attrMaximumMessageSize    = "MaximumMessageSize"
	attrReceiveWaitTime       = "ReceiveMessageWaitTimeSeconds"
	attrRedrivePolicy         = "RedrivePolicy"
	attrRedriveAllowPolicy    = "RedriveAllowPolicy"
	attrPolicy                = "Policy"
	attrFifoQueue             = "FifoQueue"
	attrContentBasedDedup     = "ContentBasedDeduplication"
	attrDeduplicationScope    = "DeduplicationScope"
	attrFifoThroughputLimit   = "FifoThroughputLimit"
	attrKmsMasterKeyID        = "KmsMasterKeyId"
	attrKmsDataKeyReuse       = "KmsDataKeyReusePeriodSeconds"
	attrSqsManagedSse         = "SqsManagedSseEnabled"
	attrQueueArn              = "QueueArn"
	attrApproxMessages        = "ApproximateNumberOfMessages"
	attrApproxNotVisible      = "ApproximateNumberOfMessagesNotVisible"
	attrApproxDelayed         = "ApproximateNumberOfMessagesDelayed"
	attrCreatedTimestamp      = "CreatedTimestamp"
	attrLastModifiedTimestamp = "LastModifiedTimestamp"
)

// readOnlyAttrs are computed by the service and cannot be set.
var readOnlyAttrs = map[string]bool{
	attrQueueArn: true, attrApproxMessages: true, attrApproxNotVisible: true, attrApproxDelayed: true,
	attrCreatedTimestamp: true, attrLastModifiedTimestamp: true,
}

// intRanges are the integer attributes and their inclusive bounds (sqs model docs).
var intRanges = map[string][2]int{
	attrVisibilityTimeout:  {0, 43200},
	attrDelaySeconds:       {0, 900},
	attrMessageRetention:   {60, 1209600},
	attrMaximumMessageSize: {1024, 1048576},
	attrReceiveWaitTime:    {0, 20},
	attrKmsDataKeyReuse:    {60, 86400},
}

// standardDefaults are the attributes every new queue starts with.
var standardDefaults = map[string]string{
	attrVisibilityTimeout: "30", attrDelaySeconds: "0", attrMessageRetention: "345600",
	attrMaximumMessageSize: "1048576", attrReceiveWaitTime: "0", attrSqsManagedSse: "true",
}

// fifoDefaults are added for FIFO queues.
var fifoDefaults = map[string]string{
	attrFifoQueue: "true", attrContentBasedDedup: "false",
	attrDeduplicationScope: "queue", attrFifoThroughputLimit: "perQueue",
}

// config is a queue's attributes parsed for use.
type config struct {
	visibility   time.Duration
	delay        time.Duration
	retention    time.Duration
	maxSize      int
	waitSeconds  int
	redriveARN   string
	maxReceives  int
	contentDedup bool
}

// redrivePolicy is the JSON of the RedrivePolicy attribute.
type redrivePolicy struct {
	DeadLetterTargetArn string          `json:"deadLetterTargetArn"`
	MaxReceiveCount     json.RawMessage `json:"maxReceiveCount"`
}

// parseConfig reads validated attributes.
func parseConfig(a map[string]string) *config {
	num := func(name string) int { n, _ := strconv.Atoi(a[name]); return n }
	c := &config{
		visibility:   time.Duration(num(attrVisibilityTimeout)) * time.Second,
		delay:        time.Duration(num(attrDelaySeconds)) * time.Second,
		retention:    time.Duration(num(attrMessageRetention)) * time.Second,
		maxSize:      num(attrMaximumMessageSize),
		waitSeconds:  num(attrReceiveWaitTime),
		contentDedup: a[attrContentBasedDedup] == "true",
	}
	if rp, ok := parseRedrive(a[attrRedrivePolicy]); ok {
		c.redriveARN = rp.DeadLetterTargetArn
		c.maxReceives, _ = strconv.Atoi(strings.Trim(string(rp.MaxReceiveCount), `"`))
	}
	return c
}

func parseRedrive(s string) (redrivePolicy, bool) {
	var rp redrivePolicy
	if s == "" || json.Unmarshal([]byte(s), &rp) != nil {
		return rp, false
	}
	return rp, true
}

// validateAttributes checks attributes given to CreateQueue (creating true) or
// SetQueueAttributes for a queue of the given kind.
func validateAttributes(attrs map[string]string, fifo, creating bool) error {
	for _, name := range sortedKeys(attrs) {
		if err := validateAttribute(name, attrs[name], fifo, creating); err != nil {
			return err
		}
	}
	return nil
}

func validateAttribute(name, v string, fifo, creating bool) error {
	if bounds, ok := intRanges[name]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < bounds[0] || n > bounds[1] {
			return errAttributeValue(name)
		}
		return nil
	}
	switch name {
	case attrRedrivePolicy:
		return validateRedrive(v)
	case attrRedriveAllowPolicy, attrPolicy, attrKmsMasterKeyID:
		if name != attrKmsMasterKeyID && v != "" && !json.Valid([]byte(v)) {
			return errAttributeValue(name)
		}
		return nil
	case attrSqsManagedSse:
		return boolAttr(name, v)
	case attrFifoQueue:
		switch {
		case !creating && fifo:
			return eventrail.Errorf(CodeInvalidAttributeValue, "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.")
		case !creating:
			return errUnknownAttribute(name)
		}
		return boolAttr(name, v)
	case attrContentBasedDedup:
		if !fifo {
			return errUnknownAttribute(name)
		}
		return boolAttr(name, v)
	case attrDeduplicationScope, attrFifoThroughputLimit:
		if !fifo {
			return eventrail.Errorf(CodeInvalidAttributeName, "You can specify the %s only when FifoQueue is set to true.", name)
		}
		allowed := map[string]bool{"queue": true, "messageGroup": true}
		if name == attrFifoThroughputLimit {
			allowed = map[string]bool{"perQueue": true, "perMessageGroupId": true}
		}
		if !allowed[v] {
			return errAttributeValue(name)
		}
		return nil
	}
	return errUnknownAttribute(name)
}

func boolAttr(name, v string) error {
	if v != "true" && v != "false" {
		return errAttributeValue(name)
	}
	return nil
}

// maxReceiveRe is the accepted form of maxReceiveCount (a number or a numeric string).
var maxReceiveRe = regexp.MustCompile(`^"?-?[0-9]+"?$`)

func validateRedrive(v string) error {
	if v == "" {
		return nil
	}
	rp, ok := parseRedrive(v)
	if !ok {
		return errAttributeValue(attrRedrivePolicy)
	}
	if rp.DeadLetterTargetArn == "" {
		return errInvalidParam("Value %s for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map or deadLetterTargetArn is missing.", v)
	}
	raw := string(rp.MaxReceiveCount)
	n, err := strconv.Atoi(strings.Trim(raw, `"`))
	if !maxReceiveRe.MatchString(raw) || err != nil || n < 1 || n > 1000 {
		return errParamValue(v, attrRedrivePolicy, "Invalid value for maxReceiveCount: "+strings.Trim(raw, `"`)+", valid values are from 1 to 1000 both inclusive.")
	}
	if p, ok := eventrail.ParseARN(rp.DeadLetterTargetArn); !ok || p.Service != "sqs" {
		return errParamValue(v, attrRedrivePolicy, "Invalid value for deadLetterTargetArn.")
	}
	return nil
}

// queueAttributes renders the attributes named (or All) for GetQueueAttributes. Caller holds
// q.mu.
func (s *Service) queueAttributes(q *queue, names []string) (map[string]string, error) {
	want := map[string]bool{}
	all := false
	for _, n := range names {
		switch {
		case n == attrAll:
			all = true
		case readOnlyAttrs[n] || isSettable(n):
			want[n] = true
		default:
			return nil, errUnknownAttribute(n)
		}
	}
	if !all && len(want) == 0 {
		return nil, nil
	}
	now := s.clock.Now()
	visible, inFlight, delayed := q.counts(now)
	out := map[string]string{
		attrQueueArn:              q.arn,
		attrApproxMessages:        strconv.Itoa(visible),
		attrApproxNotVisible:      strconv.Itoa(inFlight),
		attrApproxDelayed:         strconv.Itoa(delayed),
		attrCreatedTimestamp:      strconv.FormatInt(q.rec.Created.Unix(), 10),
		attrLastModifiedTimestamp: strconv.FormatInt(q.rec.Modified.Unix(), 10),
	}
	for k, v := range q.rec.Attributes {
		out[k] = v
	}
	if all {
		return out, nil
	}
	for k := range out {
		if !want[k] {
			delete(out, k)
		}
	}
	return out, nil
}

// isSettable reports whether name is a queue attribute a client may set.
func isSettable(name string) bool {
	switch name {
	case attrRedrivePolicy, attrRedriveAllowPolicy, attrPolicy, attrFifoQueue, attrContentBasedDedup,
		attrDeduplicationScope, attrFifoThroughputLimit, attrKmsMasterKeyID, attrSqsManagedSse:
		return true
	}
	_, ok := intRanges[name]
	return ok
}
