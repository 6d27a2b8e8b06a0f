package schedulerapi

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/eventrail/eventrail"
)

// universalPrefix starts the ARN of a universal target: "arn:aws:scheduler:::aws-sdk:<service>:<apiAction>".
const universalPrefix = ":scheduler:::aws-sdk:"

// resolveUniversal maps the universal targets eventrail can serve with its own services onto
// the templated form: sqs:sendMessage ({"QueueUrl", "MessageBody", "MessageGroupId"}) and
// lambda:invoke ({"FunctionName", "Payload"}). It returns the target ARN and payload to hand
// over, and ok false for any other universal target or an Input it cannot read (those are
// handed over unchanged and end as NO_RESOURCE in the delivery engine).
func (s *Service) resolveUniversal(arn, input string) (target eventrail.Target, payload string, ok bool) {
	i := strings.Index(arn, universalPrefix)
	if !strings.HasPrefix(arn, "arn:") || i < 0 {
		return eventrail.Target{}, "", false
	}
	switch strings.ToLower(arn[i+len(universalPrefix):]) {
	case "sqs:sendmessage":
		var in struct{ QueueUrl, MessageBody, MessageGroupId string }
		if json.Unmarshal([]byte(input), &in) != nil || in.MessageBody == "" {
			return eventrail.Target{}, "", false
		}
		queueARN, ok := s.queueARN(in.QueueUrl)
		if !ok {
			return eventrail.Target{}, "", false
		}
		t := eventrail.Target{Arn: queueARN}
		if in.MessageGroupId != "" {
			t.SqsParameters = &eventrail.SqsParameters{MessageGroupId: in.MessageGroupId}
		}
		return t, in.MessageBody, true
	case "lambda:invoke":
		var in struct {
			FunctionName string
			Payload      json.RawMessage
		}
		if json.Unmarshal([]byte(input), &in) != nil || in.FunctionName == "" {
			return eventrail.Target{}, "", false
		}
		fn := in.FunctionName
		if p, isARN := eventrail.ParseARN(fn); isARN && p.Service != "lambda" {
			return eventrail.Target{}, "", false
		} else if !isARN {
			if strings.Contains(fn, ":") {
				return eventrail.Target{}, "", false // partial ARNs are not supported
			}
			fn = s.o.Account.ARN("lambda", "function:"+fn)
		}
		payload := string(in.Payload)
		var str string
		if json.Unmarshal(in.Payload, &str) == nil {
			payload = str // the SDK form: Payload as a JSON string
		}
		if payload == "" {
			payload = defaultPayload
		}
		return eventrail.Target{Arn: fn}, payload, true
	}
	return eventrail.Target{}, "", false
}

// queueARN turns a queue URL (".../<account>/<name>") into this server's queue ARN.
func (s *Service) queueARN(queueURL string) (string, bool) {
	u, err := url.Parse(queueURL)
	if err != nil {
		return "", false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", false
	}
	a := s.o.Account
	return "arn:" + a.Partition + ":sqs:" + a.Region + ":" + parts[0] + ":" + parts[1], true
}
