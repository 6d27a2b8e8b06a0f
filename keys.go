package eventrail

// The control plane's KV layout. The control package writes these keys; the router, the
// scheduler and the console watch them. Values are JSON of the named root types.
const (
	// KVBucketControl is the KV bucket holding the control-plane state.
	KVBucketControl = "control"
	// KeyBusPrefix + bus name → EventBus.
	KeyBusPrefix = "bus/"
	// KeyRulePrefix + bus + "/" + rule → Rule.
	KeyRulePrefix = "rule/"
	// KeyTargetsPrefix + bus + "/" + rule → []Target (all targets of a rule in one value).
	KeyTargetsPrefix = "targets/"
	// KeyTagsPrefix + resource ARN → []Tag.
	KeyTagsPrefix = "tags/"
)

// BusKey returns the KV key of a bus.
func BusKey(bus string) string { return KeyBusPrefix + bus }

// RuleKey returns the KV key of a rule.
func RuleKey(bus, rule string) string { return KeyRulePrefix + bus + "/" + rule }

// TargetsKey returns the KV key of a rule's targets.
func TargetsKey(bus, rule string) string { return KeyTargetsPrefix + bus + "/" + rule }

// TagsKey returns the KV key of a resource's tags.
func TagsKey(arn string) string { return KeyTagsPrefix + arn }
