package delivery

import (
	"errors"
	"log/slog"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/metrics"
)

// Defaults of Options.
const (
	DefaultPerTargetConcurrency = 64
	DefaultAttemptTimeout       = 5 * time.Second
	DefaultBaseBackoff          = time.Second
	DefaultMaxBackoff           = 15 * time.Minute
	DefaultMinBackoff           = 100 * time.Millisecond
	DefaultAckWait              = 30 * time.Second
	DefaultMaxInFlight          = 10000
	DefaultRetryMaxInFlight     = 100000
	DefaultConsumerConcurrency  = 4
	DefaultDLQMaxTries          = 10
	DefaultConsumerName         = "delivery"
	DefaultLaneBacklog          = 5000
	DefaultSpillDelay           = 10 * time.Second
	DefaultDirectBacklog        = 2000
	DefaultDirectWait           = 500 * time.Millisecond
)

// Options configure an Engine. Only Log is required.
type Options struct {
	// Log is the hand-off log: the router appends "t.<targetKey>" records there; the engine
	// appends its retry records ("r.<targetKey>") to it too.
	Log eventrail.Log
	// Drivers maps an ARN service ("sqs", "sns", "logs", "lambda", "events",
	// "api-destination") to the driver that serves it; see ServiceOf.
	Drivers map[string]eventrail.Deliverer
	// DLQ writes dead-letter messages; nil means a target's DeadLetterConfig cannot be honoured
	// and such hand-offs are dropped and counted as if no queue were configured.
	DLQ eventrail.QueueSender
	// Clock schedules retries and rate limits (default eventrail.SystemClock).
	Clock eventrail.Clock
	// Metrics receives the AWS/Events metrics (default: a private registry).
	Metrics *metrics.EventBridge
	// Logger receives warnings about dropped hand-offs (default slog.Default()).
	Logger *slog.Logger

	// PerTargetConcurrency bounds the attempts in flight per target (default 64).
	PerTargetConcurrency int
	// AttemptTimeout bounds one driver call (default 5 s, the API destination limit).
	AttemptTimeout time.Duration
	// BaseBackoff, MaxBackoff and MinBackoff shape the retry delay (package doc); defaults
	// 1 s, 15 min and 100 ms. A negative MinBackoff means no floor.
	BaseBackoff, MaxBackoff, MinBackoff time.Duration
	// DLQMaxTries is how many times writing one dead-letter message is tried before the
	// hand-off is dropped and counted in FailedInvocations (default 10). A queue that does not
	// exist (eventrail.ErrNotFound) is not tried again.
	DLQMaxTries int
	// LaneBacklog is how many hand-offs one target may have queued in memory (default 5000).
	// Beyond it, new hand-offs for that target are parked as retry records due SpillDelay later
	// (default 10 s) and count ThrottledRules, so that a target that cannot keep up never
	// fills the hand-off consumer's MaxInFlight and holds up other targets.
	LaneBacklog int
	SpillDelay  time.Duration
	// DirectBacklog, BacklogWait, ParkHold and DirectWait bound Dispatch's in-memory path. A
	// Dispatch that would take a target's lane over DirectBacklog queued hand-offs (default
	// DefaultDirectBacklog, 2000) waits up to BacklogWait (default DefaultBacklogWait, 250 ms)
	// for it to drain (back-pressure on the router); if it does not, the hand-offs are parked
	// in the hand-off log, and so are all that follow for ParkHold (default DefaultParkHold,
	// 1 s) while the lane is still that deep. Hand-offs not final DirectWait after Dispatch
	// (default DefaultDirectWait, 500 ms) are parked then.
	DirectBacklog         int
	BacklogWait, ParkHold time.Duration
	DirectWait            time.Duration
	// RateLimits are initial per-ARN invocation rate limits (per second); see SetRateLimit.
	RateLimits map[string]float64

	// ConsumerName names the durable consumers: ConsumerName for hand-offs and
	// ConsumerName+"-retry" for retry records (default "delivery").
	ConsumerName string
	// AckWait is the consumers' ack deadline (default 30 s); records held in memory longer are
	// kept alive with InProgress.
	AckWait time.Duration
	// MaxInFlight bounds unacknowledged hand-off records (default 10000) and RetryMaxInFlight
	// unacknowledged retry records, including those waiting for their retry time (default
	// 100000).
	MaxInFlight, RetryMaxInFlight int
	// ConsumerConcurrency is how many records are decoded at once per consumer (default 4).
	ConsumerConcurrency int

	// rand returns a number in [0, 1) for jitter (tests replace it).
	rand func() float64
}

func (o *Options) applyDefaults() error {
	if o.Log == nil {
		return errors.New("delivery: Options.Log is required")
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.PerTargetConcurrency, DefaultPerTargetConcurrency)
	def(&o.DLQMaxTries, DefaultDLQMaxTries)
	def(&o.MaxInFlight, DefaultMaxInFlight)
	def(&o.RetryMaxInFlight, DefaultRetryMaxInFlight)
	def(&o.ConsumerConcurrency, DefaultConsumerConcurrency)
	def(&o.LaneBacklog, DefaultLaneBacklog)
	def(&o.DirectBacklog, DefaultDirectBacklog)
	defDur(&o.DirectWait, DefaultDirectWait)
	defDur(&o.BacklogWait, DefaultBacklogWait)
	defDur(&o.ParkHold, DefaultParkHold)
	defDur(&o.SpillDelay, DefaultSpillDelay)
	defDur(&o.AttemptTimeout, DefaultAttemptTimeout)
	defDur(&o.BaseBackoff, DefaultBaseBackoff)
	defDur(&o.MaxBackoff, DefaultMaxBackoff)
	defDur(&o.AckWait, DefaultAckWait)
	if o.MinBackoff < 0 {
		o.MinBackoff = 0
	} else if o.MinBackoff == 0 {
		o.MinBackoff = DefaultMinBackoff
	}
	if o.Clock == nil {
		o.Clock = eventrail.SystemClock{}
	}
	if o.Metrics == nil {
		o.Metrics = metrics.NewEventBridge(metrics.NewRegistry())
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.ConsumerName == "" {
		o.ConsumerName = DefaultConsumerName
	}
	return nil
}
