package schedulerapi

import (
	"regexp"
	"strconv"

	"github.com/eventrail/eventrail"
)

// Model patterns (anchored as in the model).
const (
	namePattern        = `^[0-9a-zA-Z-_.]+$`
	clientTokenPattern = `^[a-zA-Z0-9-_]+$`
	roleArnPattern     = `^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@\/-]+$`
	dlqArnPattern      = `^arn:aws(-[a-z]+)?:sqs:[a-z0-9\-]+:\d{12}:[a-zA-Z0-9\-_]+$`
	kmsArnPattern      = `^arn:aws(-[a-z]+)?:kms:[a-z0-9\-]+:\d{12}:(key|alias)\/[0-9a-zA-Z-_]*$`
	groupArnPattern    = `^arn:aws(-[a-z]+)?:scheduler:[a-z0-9\-]+:\d{12}:schedule-group\/[0-9a-zA-Z-_.]+$`
	sourcePattern      = `^(?=[/\.\-_A-Za-z0-9]+)((?!aws\.).*)|(\$(\.[\w_-]+(\[(\d+|\*)\])*)*)$`
)

var (
	nameRE        = regexp.MustCompile(namePattern)
	clientTokenRE = regexp.MustCompile(clientTokenPattern)
	roleArnRE     = regexp.MustCompile(roleArnPattern)
	dlqArnRE      = regexp.MustCompile(dlqArnPattern)
	kmsArnRE      = regexp.MustCompile(kmsArnPattern)
	groupArnRE    = regexp.MustCompile(groupArnPattern)
	// sourcePathRE is the JSONPath alternative of the Source pattern; the other alternative
	// (Java look-aheads) is checked by hand in validSource.
	sourcePathRE = regexp.MustCompile(`^\$(\.[\w_-]+(\[(\d+|\*)\])*)*$`)
)

// checker wraps eventrail.Violations with the model's constraint kinds.
type checker struct{ eventrail.Violations }

func (c *checker) str(v *string, path string, required bool, min, max int) bool {
	if v == nil {
		if required {
			c.AddNull(path)
		}
		return false
	}
	n := len([]rune(*v))
	if min > 0 && n < min {
		c.MinLen(*v, path, min)
	}
	if max > 0 && n > max {
		c.MaxLen(*v, path, max)
	}
	return true
}

func (c *checker) pattern(v *string, path, pattern string, re *regexp.Regexp) {
	if v != nil && !re.MatchString(*v) {
		c.Add(*v, path, "Member must satisfy regular expression pattern: "+pattern)
	}
}

func (c *checker) enum(v *string, path string, allowed ...string) {
	if v != nil {
		c.Enum(*v, path, allowed...)
	}
}

func (c *checker) rangeInt(v *int, path string, min, max int) {
	if v == nil {
		return
	}
	if *v < min {
		c.Add(strconv.Itoa(*v), path, "Member must have value greater than or equal to "+strconv.Itoa(min))
	}
	if *v > max {
		c.Add(strconv.Itoa(*v), path, "Member must have value less than or equal to "+strconv.Itoa(max))
	}
}

func (c *checker) name(v *string, path string, required bool) {
	if c.str(v, path, required, 1, 64) {
		c.pattern(v, path, namePattern, nameRE)
	}
}

func (c *checker) clientToken(v *string) {
	if c.str(v, "clientToken", false, 1, 64) {
		c.pattern(v, "clientToken", clientTokenPattern, clientTokenRE)
	}
}

// validSource implements the model's Source pattern: a name of [/.\-_A-Za-z0-9] characters
// onwards not starting with "aws.", or a JSONPath.
func validSource(s string) bool {
	if sourcePathRE.MatchString(s) {
		return true
	}
	if s == "" {
		return false
	}
	c := s[0]
	first := c == '/' || c == '.' || c == '-' || c == '_' || ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9')
	return first && !(len(s) >= 4 && s[:4] == "aws.")
}

// checkScheduleInput records the model violations of a Create/UpdateSchedule call.
func checkScheduleInput(c *checker, name string, in *scheduleInput) {
	c.enum(in.ActionAfterCompletion, "actionAfterCompletion", ActionNone, ActionDelete)
	c.clientToken(in.ClientToken)
	c.str(in.Description, "description", false, 0, 512)
	if in.FlexibleTimeWindow == nil {
		c.AddNull("flexibleTimeWindow")
	} else {
		w := in.FlexibleTimeWindow
		c.rangeInt(w.MaximumWindowInMinutes, "flexibleTimeWindow.maximumWindowInMinutes", 1, 1440)
		if w.Mode == "" {
			c.AddNull("flexibleTimeWindow.mode")
		} else {
			c.Enum(w.Mode, "flexibleTimeWindow.mode", ModeOff, ModeFlexible)
		}
	}
	c.name(in.GroupName, "groupName", false)
	if c.str(in.KmsKeyArn, "kmsKeyArn", false, 1, 2048) {
		c.pattern(in.KmsKeyArn, "kmsKeyArn", kmsArnPattern, kmsArnRE)
	}
	c.name(&name, "name", true)
	c.str(in.ScheduleExpression, "scheduleExpression", true, 1, 256)
	c.str(in.ScheduleExpressionTimezone, "scheduleExpressionTimezone", false, 1, 50)
	c.enum(in.State, "state", StateEnabled, StateDisabled)
	if in.Target == nil {
		c.AddNull("target")
		return
	}
	checkTarget(c, in.Target)
}

func checkTarget(c *checker, t *Target) {
	c.str(t.Arn, "target.arn", true, 1, 1600)
	if d := t.DeadLetterConfig; d != nil && c.str(d.Arn, "target.deadLetterConfig.arn", false, 1, 1600) {
		c.pattern(d.Arn, "target.deadLetterConfig.arn", dlqArnPattern, dlqArnRE)
	}
	if p := t.EventBridgeParameters; p != nil {
		c.str(p.DetailType, "target.eventBridgeParameters.detailType", true, 1, 128)
		if c.str(p.Source, "target.eventBridgeParameters.source", true, 1, 256) && !validSource(*p.Source) {
			c.Add(*p.Source, "target.eventBridgeParameters.source", "Member must satisfy regular expression pattern: "+sourcePattern)
		}
	}
	c.str(t.Input, "target.input", false, 1, 0)
	if p := t.KinesisParameters; p != nil {
		c.str(p.PartitionKey, "target.kinesisParameters.partitionKey", true, 1, 256)
	}
	if p := t.RetryPolicy; p != nil {
		c.rangeInt(p.MaximumEventAgeInSeconds, "target.retryPolicy.maximumEventAgeInSeconds", 60, 86400)
		c.rangeInt(p.MaximumRetryAttempts, "target.retryPolicy.maximumRetryAttempts", 0, 185)
	}
	if c.str(t.RoleArn, "target.roleArn", true, 1, 1600) {
		c.pattern(t.RoleArn, "target.roleArn", roleArnPattern, roleArnRE)
	}
	if p := t.SqsParameters; p != nil {
		c.str(p.MessageGroupId, "target.sqsParameters.messageGroupId", false, 1, 128)
	}
}

// checkTags records the model violations of a tag list at path ("tags").
func checkTags(c *checker, tags []Tag, path string) {
	if len(tags) > 200 {
		c.Add("["+strconv.Itoa(len(tags))+" tags]", path, "Member must have length less than or equal to 200")
	}
	for i, t := range tags {
		p := path + "." + strconv.Itoa(i+1) + ".member"
		c.str(t.Key, p+".key", true, 1, 128)
		c.str(t.Value, p+".value", true, 1, 256)
	}
}

// checkGroupArn records the violations of a TagResourceArn.
func checkGroupArn(c *checker, arn string) {
	if c.str(&arn, "resourceArn", true, 1, 1011) {
		c.pattern(&arn, "resourceArn", groupArnPattern, groupArnRE)
	}
}
