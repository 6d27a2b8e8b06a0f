package schedulerapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"
	_ "time/tzdata" // ScheduleExpressionTimezone needs the IANA database on every host

	"github.com/eventrail/eventrail"
)

// KV key prefixes of the scheduler bucket.
const (
	groupPrefix    = "group/"
	schedulePrefix = "schedule/"
	firePrefix     = "fire/"
)

// Defaults of Options.
const (
	DefaultCatchUpWindow = 24 * time.Hour
	DefaultRetryDelay    = 5 * time.Second
	DefaultWorkers       = 4
	// DefaultMaxRecordBytes bounds a hand-off record: under NATS's default 1 MiB payload.
	DefaultMaxRecordBytes = 1<<20 - 64<<10
	// DefaultValueCacheBytes bounds the stored schedules the runner keeps in memory.
	DefaultValueCacheBytes = 64 << 20
)

// Options configure a Service. KV is required; HandoffLog is required for firing to any target
// other than an event bus.
type Options struct {
	// Account mints ARNs (default eventrail.DefaultAccount).
	Account eventrail.Account
	// KV is the scheduler's bucket ("scheduler"): groups, schedules and occurrence claims.
	// Share it between the processes that must not fire an occurrence twice.
	KV eventrail.KV
	// HandoffLog is the delivery engine's hand-off log (delivery.Options.Log).
	HandoffLog eventrail.Log
	// Ingester takes event-bus targets when HandoffLog is nil.
	Ingester eventrail.Ingester
	// Clock drives the API's timestamps and the runner (default eventrail.SystemClock).
	Clock eventrail.Clock
	// Logger receives the runner's warnings (default slog.Default()).
	Logger *slog.Logger

	// CatchUpWindow bounds how far back, at start, the one missed occurrence of a recurring
	// schedule may lie (default 24 h). One-time schedules always fire once, however late.
	CatchUpWindow time.Duration
	// RetryDelay is the wait before retrying a failed store write or append (default 5 s).
	RetryDelay time.Duration
	// Workers is how many batches of due occurrences are fired concurrently (default 4). A
	// batch is all the occurrences due in one second that are queued (up to 2,048 per slot
	// part): three synced store writes plus one per hand-off record fire the whole batch.
	Workers int
	// ClaimLease is how long a slot part may stay pending before another runner takes it
	// over (default DefaultClaimLease, 30 s; keep it under the hand-off log's dedup window).
	ClaimLease time.Duration
	// MaxRecordBytes bounds the data of one hand-off record (default DefaultMaxRecordBytes;
	// the embedded JetStream store takes more: jetstream.Store.MaxRecordBytes). Fewer, larger
	// records mean fewer synced writes per burst of occurrences.
	MaxRecordBytes int
	// ValueCacheBytes bounds the memory of what the runner keeps of each pending schedule's
	// target so that firing does not read it back (default DefaultValueCacheBytes, 64 MiB:
	// over 100,000 schedules of typical size). Schedules beyond it are read from the store
	// shortly before they fire (prefetch.go). Negative: keep none.
	ValueCacheBytes int64

	// rand returns a number in [0, 1); tests replace it. Only used for Uids.
	newUID func() string
}

// Service is the Scheduler API and runner. Create it with New; serve Routes; call Run once.
// Safe for concurrent use.
type Service struct {
	o     Options
	owner string // identifies this process's claims

	defaultOnce sync.Mutex
	defaultOK   bool

	rt *runner
}

// New checks o, applies defaults and returns a Service.
func New(o Options) (*Service, error) {
	if o.KV == nil {
		return nil, errors.New("schedulerapi: Options.KV is required")
	}
	if o.Account.ID == "" {
		o.Account = eventrail.DefaultAccount
	}
	if o.Clock == nil {
		o.Clock = eventrail.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	setDefault(&o.CatchUpWindow, DefaultCatchUpWindow)
	setDefault(&o.RetryDelay, DefaultRetryDelay)
	setDefault(&o.ClaimLease, DefaultClaimLease)
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if o.ValueCacheBytes == 0 {
		o.ValueCacheBytes = DefaultValueCacheBytes
	}
	if o.Workers <= 0 {
		o.Workers = DefaultWorkers
	}
	if o.newUID == nil {
		o.newUID = randomHex
	}
	s := &Service{o: o, owner: randomHex()}
	s.rt = newRunner(s)
	return s, nil
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d <= 0 {
		*d = v
	}
}

func randomHex() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (s *Service) now() time.Time { return s.o.Clock.Now().UTC() }

func (s *Service) scheduleARN(group, name string) string {
	return s.o.Account.ARN("scheduler", "schedule/"+group+"/"+name)
}

func (s *Service) groupARN(name string) string {
	return s.o.Account.ARN("scheduler", "schedule-group/"+name)
}

func scheduleKey(group, name string) string { return schedulePrefix + group + "/" + name }

func groupKey(name string) string { return groupPrefix + name }

// ensureDefaultGroup creates the "default" group once per process if it is missing.
func (s *Service) ensureDefaultGroup(ctx context.Context) error {
	s.defaultOnce.Lock()
	defer s.defaultOnce.Unlock()
	if s.defaultOK {
		return nil
	}
	now := s.now()
	g := storedGroup{Arn: s.groupARN(DefaultGroup), Name: DefaultGroup, State: "ACTIVE"}
	g.CreationDate.Time, g.LastModificationDate.Time = now, now
	b, _ := json.Marshal(g)
	if _, err := s.o.KV.Create(ctx, groupKey(DefaultGroup), b); err != nil && !errors.Is(err, eventrail.ErrExists) {
		return err
	}
	s.defaultOK = true
	return nil
}

// getGroup loads a group, or returns errGroupNotFound.
func (s *Service) getGroup(ctx context.Context, name string) (*storedGroup, uint64, error) {
	if err := s.ensureDefaultGroup(ctx); err != nil {
		return nil, 0, err
	}
	e, err := s.o.KV.Get(ctx, groupKey(name))
	if errors.Is(err, eventrail.ErrNotFound) {
		return nil, 0, errGroupNotFound(name)
	}
	if err != nil {
		return nil, 0, err
	}
	var g storedGroup
	if err := json.Unmarshal(e.Value, &g); err != nil {
		return nil, 0, err
	}
	return &g, e.Revision, nil
}

// getSchedule loads a schedule, or returns errScheduleNotFound.
func (s *Service) getSchedule(ctx context.Context, group, name string) (*storedSchedule, uint64, error) {
	e, err := s.o.KV.Get(ctx, scheduleKey(group, name))
	if errors.Is(err, eventrail.ErrNotFound) {
		return nil, 0, errScheduleNotFound(name)
	}
	if err != nil {
		return nil, 0, err
	}
	var sc storedSchedule
	if err := json.Unmarshal(e.Value, &sc); err != nil {
		return nil, 0, err
	}
	return &sc, e.Revision, nil
}

// deleteSchedule removes a schedule and its occurrence claims.
func (s *Service) deleteSchedule(ctx context.Context, key, uid string) error {
	if err := s.o.KV.Delete(ctx, key); err != nil {
		return err
	}
	if uid == "" {
		return nil
	}
	claims, err := s.o.KV.List(ctx, firePrefix+uid+"/")
	if err != nil {
		return nil // claims of a deleted incarnation are never read again
	}
	for _, c := range claims {
		_ = s.o.KV.Delete(ctx, c.Key)
	}
	return nil
}
