package eventrail

import "strings"

// Account is the identity baked into every ARN eventrail mints: partition, region and account
// id (spec §3.7). The zero value is not useful; use DefaultAccount or fill every field.
type Account struct {
	Partition string // "aws"
	Region    string // e.g. "us-east-1"
	ID        string // 12 digits
}

// DefaultAccount is the identity a server uses when none is configured.
var DefaultAccount = Account{Partition: "aws", Region: "us-east-1", ID: "000000000000"}

// ARN returns "arn:<partition>:<service>:<region>:<account>:<resource>".
func (a Account) ARN(service, resource string) string {
	return "arn:" + a.Partition + ":" + service + ":" + a.Region + ":" + a.ID + ":" + resource
}

// BusARN returns the ARN of the event bus called name.
func (a Account) BusARN(name string) string { return a.ARN("events", "event-bus/"+name) }

// RuleARN returns the ARN of rule on bus: rule/<rule> on the default bus, rule/<bus>/<rule>
// elsewhere.
func (a Account) RuleARN(bus, rule string) string {
	if bus == "" || bus == DefaultBusName {
		return a.ARN("events", "rule/"+rule)
	}
	return a.ARN("events", "rule/"+bus+"/"+rule)
}

// ParsedARN is an ARN split into its six parts.
type ParsedARN struct {
	Partition, Service, Region, Account, Resource string
}

// ParseARN splits an ARN; ok is false when s is not of the form arn:p:s:r:a:resource.
func ParseARN(s string) (ParsedARN, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return ParsedARN{}, false
	}
	return ParsedARN{parts[1], parts[2], parts[3], parts[4], parts[5]}, true
}

// BusName resolves an EventBusName parameter, which may be a name or a bus ARN, to a name;
// empty means the default bus.
func BusName(nameOrARN string) string {
	if nameOrARN == "" {
		return DefaultBusName
	}
	if p, ok := ParseARN(nameOrARN); ok && p.Service == "events" {
		if name, found := strings.CutPrefix(p.Resource, "event-bus/"); found {
			return name
		}
	}
	return nameOrARN
}
