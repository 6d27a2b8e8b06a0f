package control

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
)

// Options configure a Service. Account, KV and Ingester are required; the rest have AWS's
// defaults.
type Options struct {
	// Account mints every ARN and is the events' "account" and "region".
	Account eventrail.Account
	// KV is the control bucket (eventrail.KVBucketControl), laid out as keys.go describes.
	KV eventrail.KV
	// Ingester receives the accepted PutEvents entries.
	Ingester eventrail.Ingester
	// Clock stamps creation times and event ingestion times (default: the system clock).
	Clock eventrail.Clock

	// MaxPutEventsBytes bounds the §2.5 size of one PutEvents request (default 1048576;
	// AWS's historical value is 262144).
	MaxPutEventsBytes int
	// MaxPatternLength is the event-pattern size quota (default 2048; at most 4096, the
	// model's hard limit).
	MaxPatternLength int
	// MaxRulesPerBus (default 300), MaxTargetsPerRule (default 5), MaxBuses (default 100,
	// the default bus included), MaxTagsPerResource (default 50) and MaxPolicyLength
	// (default 10240) are AWS's quotas.
	MaxRulesPerBus     int
	MaxTargetsPerRule  int
	MaxBuses           int
	MaxTagsPerResource int
	MaxPolicyLength    int

	// AllowAWSSources reports whether the caller may put entries whose Source starts with
	// "aws."; nil means never (such entries fail with NotAuthorizedForSourceException).
	AllowAWSSources func(ctx context.Context) bool
	// ValidateTarget, when set, checks a target's ARN and parameters for the delivery side.
	// A returned *eventrail.Error fails the whole PutTargets call with that error.
	ValidateTarget func(t *eventrail.Target) error
	// ResolveTaggable, when set, resolves the ARN of an events resource that is neither a bus
	// nor a rule (archive, connection, API destination, ...) for the tagging operations: it
	// returns the ARN tags are kept under, or the resource's *eventrail.Error (e.g. its
	// ResourceNotFoundException). Nil accepts every such well-formed ARN as is.
	ResolveTaggable func(ctx context.Context, arn string) (string, error)
}

// Default quotas.
const (
	DefaultMaxPutEventsBytes  = 1048576
	CompatMaxPutEventsBytes   = 262144
	DefaultMaxPatternLength   = 2048
	HardMaxPatternLength      = 4096
	DefaultMaxRulesPerBus     = 300
	DefaultMaxTargetsPerRule  = 5
	DefaultMaxBuses           = 100
	DefaultMaxTagsPerResource = 50
	DefaultMaxPolicyLength    = 10240
)

// Service implements the EventBridge control plane. It is safe for concurrent use.
type Service struct {
	o  Options
	kv eventrail.KV

	// busSeen caches bus names recently seen to exist (name → time.Time), so PutEvents does
	// not read the KV for every entry. Only positive answers are cached.
	busSeen sync.Map
}

// busSeenTTL is how long a positive bus-existence answer is trusted by PutEvents.
const busSeenTTL = 2 * time.Second

// New returns a Service and makes sure the default event bus exists.
func New(o Options) (*Service, error) {
	if o.KV == nil {
		return nil, errors.New("control: Options.KV is required")
	}
	if o.Ingester == nil {
		return nil, errors.New("control: Options.Ingester is required")
	}
	if o.Account.ID == "" {
		o.Account = eventrail.DefaultAccount
	}
	if o.Clock == nil {
		o.Clock = eventrail.SystemClock{}
	}
	setDefault(&o.MaxPutEventsBytes, DefaultMaxPutEventsBytes)
	setDefault(&o.MaxPatternLength, DefaultMaxPatternLength)
	if o.MaxPatternLength > HardMaxPatternLength {
		o.MaxPatternLength = HardMaxPatternLength
	}
	setDefault(&o.MaxRulesPerBus, DefaultMaxRulesPerBus)
	setDefault(&o.MaxTargetsPerRule, DefaultMaxTargetsPerRule)
	setDefault(&o.MaxBuses, DefaultMaxBuses)
	setDefault(&o.MaxTagsPerResource, DefaultMaxTagsPerResource)
	setDefault(&o.MaxPolicyLength, DefaultMaxPolicyLength)
	s := &Service{o: o, kv: o.KV}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.ensureDefaultBus(ctx); err != nil {
		return nil, fmt.Errorf("control: creating the default bus: %w", err)
	}
	return s, nil
}

func setDefault(p *int, v int) {
	if *p <= 0 {
		*p = v
	}
}

// ensureDefaultBus creates the default bus record if it is missing.
func (s *Service) ensureDefaultBus(ctx context.Context) error {
	now := s.now()
	bus := eventrail.EventBus{
		Name:             eventrail.DefaultBusName,
		Arn:              s.o.Account.BusARN(eventrail.DefaultBusName),
		CreationTime:     now,
		LastModifiedTime: now,
	}
	_, err := s.kv.Create(ctx, eventrail.BusKey(bus.Name), mustJSON(bus))
	if errors.Is(err, eventrail.ErrExists) {
		return nil
	}
	return err
}

// now returns the clock's time truncated to milliseconds (what the wire can carry).
func (s *Service) now() time.Time { return s.o.Clock.Now().UTC().Truncate(time.Millisecond) }

// Operations returns every operation this service implements, keyed by AWS operation name;
// each value is a method value of type func(context.Context, *XInput) (*XOutput, error).
func (s *Service) Operations() map[string]any {
	return map[string]any{
		"CreateEventBus":        s.CreateEventBus,
		"DeleteEventBus":        s.DeleteEventBus,
		"DescribeEventBus":      s.DescribeEventBus,
		"ListEventBuses":        s.ListEventBuses,
		"UpdateEventBus":        s.UpdateEventBus,
		"PutRule":               s.PutRule,
		"DeleteRule":            s.DeleteRule,
		"DescribeRule":          s.DescribeRule,
		"ListRules":             s.ListRules,
		"EnableRule":            s.EnableRule,
		"DisableRule":           s.DisableRule,
		"ListRuleNamesByTarget": s.ListRuleNamesByTarget,
		"PutTargets":            s.PutTargets,
		"RemoveTargets":         s.RemoveTargets,
		"ListTargetsByRule":     s.ListTargetsByRule,
		"PutEvents":             s.PutEvents,
		"TestEventPattern":      s.TestEventPattern,
		"TagResource":           s.TagResource,
		"UntagResource":         s.UntagResource,
		"ListTagsForResource":   s.ListTagsForResource,
		"PutPermission":         s.PutPermission,
		"RemovePermission":      s.RemovePermission,
	}
}
