package control

import (
	"sort"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/transform"
)

// checkTarget records the model violations of one Target at path ("targets.N.member").
func checkTarget(v *eventrail.Violations, t *eventrail.Target, path string) {
	requireStr(v, t.Id, path+".id", shapeRuleName)
	requireStr(v, t.Arn, path+".arn", shapeArn)
	checkStr(v, t.RoleArn, path+".roleArn", shapeArn)
	transform.ValidateModel(t, path, v)
	if p := t.SqsParameters; p != nil {
		v.MaxLen(p.MessageGroupId, path+".sqsParameters.messageGroupId", 100)
	}
	if p := t.RetryPolicy; p != nil {
		checkRange(v, p.MaximumRetryAttempts, path+".retryPolicy.maximumRetryAttempts", 0, eventrail.MaxMaximumRetryAttempts)
		checkRange(v, p.MaximumEventAgeInSeconds, path+".retryPolicy.maximumEventAgeInSeconds",
			eventrail.MinMaximumEventAgeSeconds, eventrail.MaxMaximumEventAgeSeconds)
	}
	checkDLQ(v, t.DeadLetterConfig, path+".deadLetterConfig")
	if p := t.HttpParameters; p != nil {
		checkHTTPParameters(v, p, path+".httpParameters")
	}
}

// checkHTTPParameters validates the header and query maps' sizes and the path values.
func checkHTTPParameters(v *eventrail.Violations, p *eventrail.HttpParameters, path string) {
	for i, s := range p.PathParameterValues {
		if strings.TrimSpace(s) == "" {
			v.Add(s, member(path+".pathParameterValues", i), `Member must satisfy regular expression pattern: ^(?!\s*$).+`)
		}
	}
	for k, val := range p.HeaderParameters {
		if len(k) > 512 || len(val) > 512 {
			v.Add(renderMap(p.HeaderParameters), path+".headerParameters",
				"Map keys and values must have length less than or equal to 512")
			break
		}
	}
	for k, val := range p.QueryStringParameters {
		if len(k) > 512 || len(val) > 512 {
			v.Add(renderMap(p.QueryStringParameters), path+".queryStringParameters",
				"Map keys and values must have length less than or equal to 512")
			break
		}
	}
}

// renderMap prints a map as Java's Map.toString does ({k=v, ...}), keys sorted.
func renderMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k + "=" + m[k])
	}
	b.WriteByte('}')
	return b.String()
}
