package busdriver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// DefaultMaxHops is how many bus-to-bus forwards one event may take.
const DefaultMaxHops = 5

// Error codes this driver reports besides the shared ones.
const (
	CodeLoopDetected = "LOOP_DETECTED"
	CodeNoResource   = "NO_RESOURCE"
	CodeInternal     = "INTERNAL_FAILURE"
	CodeTimeout      = "TIMEOUT"
	CodeThrottling   = "THROTTLING"
	CodeNoPermission = "NO_PERMISSIONS"
	CodeClientError  = "SDK_CLIENT_ERROR"
)

// Options configure a Driver.
type Options struct {
	// Account is this server's identity: bus ARNs in its partition, region and account are local.
	Account eventrail.Account
	// Ingester takes local forwards. Without it, local bus targets fail with NO_RESOURCE.
	Ingester eventrail.Ingester
	// Buses, when set, is the control-plane KV bucket: a local bus without a key
	// eventrail.BusKey(name) there fails permanently with NO_RESOURCE.
	Buses eventrail.KV
	// Remotes maps remote bus ARNs to the endpoints that serve them.
	Remotes map[string]Remote
	// MaxHops bounds bus-to-bus forwards of one event (default DefaultMaxHops).
	MaxHops int
	// Now stamps the ingestion time of local forwards (default time.Now).
	Now func() time.Time
}

// Driver is the event-bus target driver. Safe for concurrent use.
type Driver struct {
	o       Options
	remotes map[string]*remoteClient
}

var _ eventrail.Deliverer = (*Driver)(nil)

// New returns a Driver; it builds one PutEvents client per remote.
func New(o Options) (*Driver, error) {
	if o.MaxHops <= 0 {
		o.MaxHops = DefaultMaxHops
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	d := &Driver{o: o, remotes: map[string]*remoteClient{}}
	for arn, r := range o.Remotes {
		c, err := newRemoteClient(r)
		if err != nil {
			return nil, fmt.Errorf("busdriver: remote %s: %w", arn, err)
		}
		d.remotes[arn] = c
	}
	return d, nil
}

// Deliver forwards the hand-off's original event to the target bus.
func (d *Driver) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	if h.Hops >= d.o.MaxHops {
		return &eventrail.DeliveryError{Code: CodeLoopDetected,
			Message: fmt.Sprintf("Event %s was already forwarded between event buses %d times.", h.EventID, h.Hops)}
	}
	ev, err := decodeEnvelope(h.Event)
	if err != nil {
		return &eventrail.DeliveryError{Code: CodeClientError, Message: "unreadable event: " + err.Error()}
	}
	ev.TraceHeader = h.TraceHeader
	if rc, ok := d.remotes[h.Target.Arn]; ok {
		return rc.put(ctx, h.Target.Arn, ev)
	}
	bus, ok := d.localBus(h.Target.Arn)
	if !ok {
		return noResource(h.Target.Arn)
	}
	return d.ingestLocal(ctx, h, bus, ev)
}

// localBus returns the bus name of an ARN of this server's account and region.
func (d *Driver) localBus(arn string) (string, bool) {
	p, ok := eventrail.ParseARN(arn)
	a := d.o.Account
	if !ok || p.Service != "events" || p.Partition != a.Partition || p.Region != a.Region || p.Account != a.ID {
		return "", false
	}
	name, ok := strings.CutPrefix(p.Resource, "event-bus/")
	return name, ok && name != ""
}

func (d *Driver) ingestLocal(ctx context.Context, h *eventrail.Handoff, bus string, ev eventrail.Event) error {
	if d.o.Ingester == nil {
		return noResource(h.Target.Arn)
	}
	if d.o.Buses != nil {
		if _, err := d.o.Buses.Get(ctx, eventrail.BusKey(bus)); errors.Is(err, eventrail.ErrNotFound) {
			return noResource(h.Target.Arn)
		} else if err != nil {
			return classifyLocal(err)
		}
	}
	ev.Bus = bus
	ev.Account = d.o.Account.ID
	ev.Region = d.o.Account.Region
	ev.IngestionTime = d.o.Now().UTC()
	ev.Hops = h.Hops + 1
	return classifyLocal(d.o.Ingester.Ingest(ctx, []eventrail.Event{ev}))
}

func noResource(arn string) error {
	return &eventrail.DeliveryError{Code: CodeNoResource, Message: fmt.Sprintf("Event bus %s does not exist.", arn)}
}

// classifyLocal maps an Ingester error to a DeliveryError.
func classifyLocal(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return &eventrail.DeliveryError{Code: CodeTimeout, Message: err.Error(), Retryable: true}
	case eventrail.HasCode(err, eventrail.CodeResourceNotFound):
		return &eventrail.DeliveryError{Code: CodeNoResource, Message: err.Error()}
	}
	return &eventrail.DeliveryError{Code: CodeInternal, Message: err.Error(), Retryable: true}
}

// envelope is the JSON shape of an event envelope.
type envelope struct {
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       time.Time       `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
}

func decodeEnvelope(raw []byte) (eventrail.Event, error) {
	var e envelope
	if err := json.Unmarshal(raw, &e); err != nil {
		return eventrail.Event{}, err
	}
	if e.Resources == nil {
		e.Resources = []string{}
	}
	return eventrail.Event{ID: e.ID, DetailType: e.DetailType, Source: e.Source, Account: e.Account,
		Time: e.Time, Region: e.Region, Resources: e.Resources, Detail: e.Detail}, nil
}
