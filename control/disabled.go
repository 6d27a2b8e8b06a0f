package control

import (
	"context"

	"github.com/eventrail/eventrail"
)

// disabledOperations are EventBridge operations with no self-hosted meaning (spec §1.7, §1.8):
// global endpoints (Route 53 failover between regions) and SaaS partner event sources. They
// answer OperationDisabledException, so tools see a clear refusal instead of an unknown
// operation.
var disabledOperations = []string{
	"CreateEndpoint", "DeleteEndpoint", "DescribeEndpoint", "ListEndpoints", "UpdateEndpoint",
	"ActivateEventSource", "DeactivateEventSource", "CreatePartnerEventSource",
	"DeletePartnerEventSource", "DescribeEventSource", "DescribePartnerEventSource",
	"ListEventSources", "ListPartnerEventSourceAccounts", "ListPartnerEventSources", "PutPartnerEvents",
}

// disabledInput accepts any request body; the members are not read.
type disabledInput struct{}

// disabledOutput is never sent.
type disabledOutput struct{}

// DisabledOperations returns a handler per unsupported operation, each answering
// OperationDisabledException with the operation's name.
func DisabledOperations() map[string]any {
	ops := make(map[string]any, len(disabledOperations))
	for _, name := range disabledOperations {
		ops[name] = func(context.Context, *disabledInput) (*disabledOutput, error) {
			return nil, eventrail.Errorf(eventrail.CodeOperationDisabled,
				"%s is not available in eventrail: global endpoints and partner event sources have no self-hosted equivalent.", name)
		}
	}
	return ops
}
