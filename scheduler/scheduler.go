package scheduler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/schedule"
)

// Options configure a Scheduler. Control, State and Ingester are required.
type Options struct {
	// Control is the control-plane bucket (eventrail.KVBucketControl); rules are watched there.
	Control eventrail.KV
	// State holds the scheduler's tick and anchor records; share it between the processes that
	// must not fire a tick twice. It should not be the Control bucket.
	State eventrail.KV
	// Ingester receives the scheduled events.
	Ingester eventrail.Ingester
	// Clock drives timers; default eventrail.SystemClock{}.
	Clock eventrail.Clock
	// Account mints rule ARNs and the events' account and region; default
	// eventrail.DefaultAccount.
	Account eventrail.Account
	// CatchUpWindow bounds how far back the one catch-up tick at start may lie; default 24h.
	CatchUpWindow time.Duration
	// ClaimLease is how long a claimed, unfinished tick belongs to its claimer before another
	// scheduler may take it over; default 1 minute.
	ClaimLease time.Duration
	// RetryDelay is the wait before retrying a failed ingest or store write; default 5 s.
	RetryDelay time.Duration
	// TickRetention is how long tick records are kept (the latest of each rule always is);
	// default 24h. It must exceed the clock skew between schedulers.
	TickRetention time.Duration
	// Logf reports failures that the scheduler retries or skips; default: discard.
	Logf func(format string, args ...any)
}

func (o *Options) withDefaults() {
	if o.Clock == nil {
		o.Clock = eventrail.SystemClock{}
	}
	if o.Account.ID == "" {
		o.Account = eventrail.DefaultAccount
	}
	setDefault(&o.CatchUpWindow, 24*time.Hour)
	setDefault(&o.ClaimLease, time.Minute)
	setDefault(&o.RetryDelay, 5*time.Second)
	setDefault(&o.TickRetention, 24*time.Hour)
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d <= 0 {
		*d = v
	}
}

// Scheduler fires the ticks of scheduled rules. Create it with New and start it with Run.
// Its methods are safe for concurrent use.
type Scheduler struct {
	opts   Options
	owner  string // identifies this scheduler's claims
	prefix string // KV prefix of the rules it watches

	mu       sync.Mutex
	ctx      context.Context
	rules    map[string]*entry // by rule name
	stopped  bool
	inflight sync.WaitGroup
}

// storedRule is the rule value the control plane writes: the root Rule plus "EnabledTime"
// (when the rule was created, last enabled or its schedule last changed), which anchors rate().
type storedRule struct {
	eventrail.Rule
	EnabledTime time.Time `json:"EnabledTime"`
}

// entry is one scheduled rule being timed.
type entry struct {
	rule      storedRule
	anchor    time.Time // rate() counts from here; also bounds catch-up
	sched     schedule.Schedule
	gen       uint64 // changes whenever the schedule is replaced; stale timers check it
	timer     eventrail.Timer
	next      time.Time
	lastPrune time.Time
}

// New checks opts and returns a Scheduler.
func New(opts Options) (*Scheduler, error) {
	if opts.Control == nil || opts.State == nil || opts.Ingester == nil {
		return nil, errors.New("scheduler: Control, State and Ingester are required")
	}
	opts.withDefaults()
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	return &Scheduler{
		opts:   opts,
		owner:  hex.EncodeToString(id[:]),
		prefix: eventrail.KeyRulePrefix + eventrail.DefaultBusName + "/",
		rules:  map[string]*entry{},
	}, nil
}

// Run watches the rules and fires their ticks until ctx is done; it then stops every timer,
// waits for ticks in progress and returns nil. It returns an error when the watch cannot be
// started or ends on its own. Run must be called at most once.
func (s *Scheduler) Run(ctx context.Context) error {
	ch, err := s.opts.Control.Watch(ctx, s.prefix)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
	defer s.stop()
	initial := true
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-ch:
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return errors.New("scheduler: the rule watch ended")
			}
			if e.Key == "" && !e.Deleted {
				initial = false
				s.startAll(ctx)
				continue
			}
			s.apply(ctx, e, !initial)
		}
	}
}

// stop cancels every timer and waits for ticks being fired.
func (s *Scheduler) stop() {
	s.mu.Lock()
	s.stopped = true
	for name, e := range s.rules {
		if e.timer != nil {
			e.timer.Stop()
		}
		delete(s.rules, name)
	}
	s.mu.Unlock()
	s.inflight.Wait()
}

// apply handles one rule change. live is false while the initial state is being read: timers
// are then armed by startAll, after catch-up.
func (s *Scheduler) apply(ctx context.Context, e eventrail.KVEntry, live bool) {
	name := strings.TrimPrefix(e.Key, s.prefix)
	if name == "" || strings.Contains(name, "/") {
		return
	}
	var r storedRule
	if !e.Deleted {
		if err := json.Unmarshal(e.Value, &r); err != nil {
			s.opts.Logf("scheduler: rule %s: unreadable value: %v", name, err)
			return
		}
	}
	if e.Deleted || r.ScheduleExpression == "" || !r.State.Enabled() {
		s.remove(ctx, name, e.Revision)
		return
	}
	r.Name = name
	s.upsert(ctx, r, e.Revision, live)
}

// Scheduled returns the next fire time of every rule being timed, by rule name (for tests,
// metrics and the console).
func (s *Scheduler) Scheduled() map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]time.Time, len(s.rules))
	for name, e := range s.rules {
		out[name] = e.next
	}
	return out
}
