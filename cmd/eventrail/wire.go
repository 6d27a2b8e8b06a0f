package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/apidest"
	"github.com/eventrail/eventrail/awsjson"
	"github.com/eventrail/eventrail/control"
	"github.com/eventrail/eventrail/delivery"
	"github.com/eventrail/eventrail/delivery/busdriver"
	"github.com/eventrail/eventrail/delivery/funcdriver"
	"github.com/eventrail/eventrail/logs"
	"github.com/eventrail/eventrail/metrics"
	"github.com/eventrail/eventrail/queue"
	"github.com/eventrail/eventrail/queue/sqsquery"
	"github.com/eventrail/eventrail/router"
	"github.com/eventrail/eventrail/scheduler"
	"github.com/eventrail/eventrail/schedulerapi"
)

// Names of the durable structures in the store.
const (
	busLogName     = "buslog"
	handoffLogName = "handoff"
	schedulerKV    = "scheduler"
)

// busLogRetention is how long the bus log keeps a record: events are routed within moments,
// and none older than 24 hours could still be delivered (EventBridge's largest
// MaximumEventAgeInSeconds), so a router that was down longer would drop them anyway. Limits
// retention is cheaper than a work queue here: acknowledging does not delete (and sync) a
// message per record. The log is also bounded in bytes (Config.BusLogMaxBytes).
const busLogRetention = 24 * time.Hour

// parts are the components wire builds, kept for the HTTP handler and the runners.
type parts struct {
	account  eventrail.Account
	registry *metrics.Registry
	metrics  *metrics.EventBridge
	control  *router.RevisionKV // remembers what it wrote, so routing sees rules put before an event
	busLog   eventrail.Log
	handoffs eventrail.Log
	ingester *router.Ingester
	queues   *queue.Service
	logs     *logs.Service
	engine   *delivery.Engine
	apidest  *apidest.Service
	schedAPI *schedulerapi.Service
}

// wire builds every component on the open store and registers what must run and close.
func (s *server) wire(ctx context.Context) error {
	p := &parts{
		account:  eventrail.Account{Partition: "aws", Region: s.cfg.Region, ID: s.cfg.AccountID},
		registry: metrics.NewRegistry(),
	}
	p.metrics = metrics.NewEventBridge(p.registry)
	if err := s.openStorage(ctx, p); err != nil {
		return err
	}
	if err := s.openServices(ctx, p); err != nil {
		return err
	}
	if err := s.openEngines(p); err != nil {
		return err
	}
	return s.openEdge(p)
}

func (s *server) openStorage(ctx context.Context, p *parts) error {
	kv, err := s.store.KV(ctx, eventrail.KVBucketControl)
	if err != nil {
		return err
	}
	p.control = router.NewRevisionKV(kv)
	if p.busLog, err = s.store.Log(ctx, busLogName, eventrail.LogOptions{MaxAge: busLogRetention, MaxBytes: s.cfg.BusLogMaxBytes}); err != nil {
		return err
	}
	if p.handoffs, err = s.store.Log(ctx, handoffLogName, eventrail.LogOptions{WorkQueue: true}); err != nil {
		return err
	}
	p.ingester = router.NewIngester(p.busLog, router.IngesterOptions{})
	s.closers = append(s.closers, p.ingester.Close)
	return nil
}

func (s *server) openServices(ctx context.Context, p *parts) error {
	var err error
	p.queues, err = queue.Open(ctx, queue.Options{Store: s.store, Account: p.account, Clock: s.clock})
	if err != nil {
		return fmt.Errorf("queues: %w", err)
	}
	s.closers = append(s.closers, p.queues.Close)
	p.logs, err = logs.Open(ctx, logs.Options{Store: s.store, Account: p.account, Clock: s.clock})
	if err != nil {
		return fmt.Errorf("logs: %w", err)
	}
	return nil
}

// openEngines builds the router, the delivery engine with its drivers, and the scheduler.
func (s *server) openEngines(p *parts) error {
	drivers, err := s.drivers(p)
	if err != nil {
		return err
	}
	p.engine, err = delivery.New(delivery.Options{
		Log: p.handoffs, Drivers: drivers, DLQ: p.queues.Sender(), Clock: s.clock, Metrics: p.metrics,
	})
	if err != nil {
		return err
	}
	p.apidest, err = apidest.New(apidest.Options{
		Account: p.account, KV: p.control, Clock: s.clock,
		AllowHTTP:   s.cfg.AllowHTTPDestinations == nil || *s.cfg.AllowHTTPDestinations,
		OnRateLimit: p.engine.SetRateLimit,
	})
	if err != nil {
		return fmt.Errorf("api destinations: %w", err)
	}
	s.closers = append(s.closers, p.apidest.Close)
	// The engine reads this same map, so the HTTP driver can join after the engine exists.
	drivers[delivery.ServiceAPIDestination] = p.apidest.Driver()
	rt, err := router.New(router.Options{
		Account: p.account, KV: p.control, BusLog: p.busLog, HandoffLog: p.handoffs, Hooks: routerHooks(p.metrics),
		WrittenRevision: p.control.Written, Dispatcher: p.engine,
	})
	if err != nil {
		return err
	}
	if s.cfg.NATSURL == "" && s.cfg.NATSListen == "" {
		// This process is the bus log's only reader: events go to delivery as they are stored.
		p.ingester.DispatchDirectly(rt)
	}
	schedState, err := s.store.KV(context.Background(), schedulerKV)
	if err != nil {
		return err
	}
	sched, err := scheduler.New(scheduler.Options{
		Control: p.control, State: schedState, Ingester: p.ingester, Clock: s.clock, Account: p.account,
	})
	if err != nil {
		return err
	}
	// Scheduled rules (package scheduler: tick/, anchor/) and EventBridge Scheduler (group/,
	// schedule/, slot/, fire/) share the "scheduler" bucket without overlapping keys.
	p.schedAPI, err = schedulerapi.New(schedulerapi.Options{Account: p.account, KV: schedState,
		HandoffLog: p.handoffs, Ingester: p.ingester, Clock: s.clock, MaxRecordBytes: s.store.MaxRecordBytes() - 64<<10})
	if err != nil {
		return err
	}
	s.runners = append(s.runners, rt.Run, p.engine.Run, sched.Run, p.schedAPI.Run)
	return nil
}

// drivers builds one driver per target service.
func (s *server) drivers(p *parts) (map[string]eventrail.Deliverer, error) {
	remotes := map[string]busdriver.Remote{}
	for arn, r := range s.cfg.RemoteBuses {
		remotes[arn] = busdriver.Remote{Endpoint: r.URL, Region: r.Region, AccessKeyID: r.AccessKeyID, SecretAccessKey: r.SecretAccessKey}
	}
	bus, err := busdriver.New(busdriver.Options{Account: p.account, Ingester: p.ingester, Buses: p.control, Remotes: remotes})
	if err != nil {
		return nil, err
	}
	fns := map[string]funcdriver.Function{}
	for name, f := range s.cfg.Functions {
		var env []string
		for k, v := range f.Env {
			env = append(env, k+"="+v)
		}
		fns[name] = funcdriver.Function{Command: f.Command[0], Args: f.Command[1:], Env: env, Timeout: time.Duration(f.Timeout)}
	}
	fn, err := funcdriver.New(funcdriver.Options{Account: p.account, Functions: fns})
	if err != nil {
		return nil, err
	}
	return map[string]eventrail.Deliverer{"sqs": p.queues, "logs": p.logs, "events": bus, "lambda": fn}, nil
}

// routerHooks records the routing metrics.
func routerHooks(m *metrics.EventBridge) router.Hooks {
	return router.Hooks{Matched: func(bus string, rules []string) {
		m.MatchedEvents.With(bus, "").Inc()
		for _, r := range rules {
			m.MatchedEvents.With(bus, r).Inc()
			m.TriggeredRules.With(bus, r).Inc()
		}
	}}
}

// openEdge builds the control plane and the HTTP handler that serves every API.
func (s *server) openEdge(p *parts) error {
	ctrl, err := control.New(control.Options{
		Account: p.account, KV: p.control, Ingester: p.ingester, Clock: s.clock,
		MaxPutEventsBytes: s.cfg.MaxPutEventsBytes, MaxPatternLength: s.cfg.MaxPatternLength,
		AllowAWSSources: s.allowAWSSources,
		ResolveTaggable: func(ctx context.Context, arn string) (string, error) {
			if r, handled, err := p.apidest.ResolveTaggable(ctx, arn); handled {
				return r, err
			}
			return arn, nil
		},
	})
	if err != nil {
		return err
	}
	events := &awsjson.Service{TargetPrefix: "AWSEvents", JSONVersion: "1.1", SigningName: "events"}
	events.RegisterAll(ctrl.Operations())
	events.RegisterAll(p.apidest.Operations())
	events.RegisterAll(control.DisabledOperations())
	awsjson.Handle(events, "PutEvents", ctrl.PutEvents) // the hot path: typed, without reflection
	sqs := &awsjson.Service{TargetPrefix: "AmazonSQS", JSONVersion: "1.0", SigningName: "sqs", QueryCompatible: queue.QueryCompatibleCodes()}
	sqs.RegisterAll(p.queues.Operations())
	cwlogs := &awsjson.Service{TargetPrefix: "Logs_20140328", JSONVersion: "1.1", SigningName: "logs"}
	cwlogs.RegisterAll(p.logs.Operations())
	h, err := awsjson.NewHandler(awsjson.Options{
		Services:    []*awsjson.Service{events, sqs, cwlogs},
		REST:        p.schedAPI.Routes(),
		Credentials: s.cfg.Credentials,
		Clock:       s.clock,
		OnRequest:   putEventsMetrics(p.metrics),
		Fallback:    s.fallback(p),
	})
	if err != nil {
		return err
	}
	s.handler = queue.BaseURLMiddleware(h)
	return nil
}

// allowAWSSources decides who may put events whose source starts with "aws.".
func (s *server) allowAWSSources(ctx context.Context) bool {
	switch s.cfg.AllowAWSSources {
	case "always":
		return true
	case "never":
		return false
	default:
		return awsjson.CallerFromContext(ctx).Loopback
	}
}

// fallback serves what is not an AWS JSON call: SQS's Query protocol (older CLIs), metrics,
// health, and the test clock.
func (s *server) fallback(p *parts) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", p.registry)
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	if fc, ok := s.clock.(*eventrail.FakeClock); ok {
		mux.Handle("/_eventrail/test/clock", testClockHandler(fc))
	}
	sqsQuery := sqsquery.NewHandler(p.queues, sqsquery.Options{Credentials: s.cfg.Credentials, Clock: s.clock})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sqsquery.IsQueryRequest(r) {
			sqsQuery.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// putEventsMetrics records the PutEvents family of metrics from each API call.
func putEventsMetrics(m *metrics.EventBridge) func(*awsjson.RequestInfo) {
	return func(ri *awsjson.RequestInfo) {
		if ri.Service != "events" || ri.Operation != "PutEvents" {
			return
		}
		m.PutEventsApproximateCallCount.With().Inc()
		m.PutEventsLatency.With().Observe(float64(ri.Duration) / float64(time.Millisecond))
		switch {
		case ri.ErrorCode == eventrail.CodeThrottling:
			m.PutEventsApproximateThrottledCount.With().Inc()
		case ri.ErrorCode != "":
			m.PutEventsApproximateFailedCount.With().Inc()
		default:
			m.PutEventsApproximateSuccessCount.With().Inc()
		}
		if out, ok := ri.Output.(*control.PutEventsOutput); ok {
			m.PutEventsEntriesCount.With().Add(float64(len(out.Entries)))
			m.PutEventsFailedEntriesCount.With().Add(float64(out.FailedEntryCount))
		}
	}
}
