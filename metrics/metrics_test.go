package metrics

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func scrape(t *testing.T, r *Registry) *exposition {
	t.Helper()
	var b strings.Builder
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	e, err := parseExposition(b.String())
	if err != nil {
		t.Fatalf("unparsable exposition: %v\n%s", err, b.String())
	}
	return e
}

func TestCounterExposition(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("aws_events_Invocations", "Final outcomes.", "EventBusName", "RuleName")
	c.With("b", "r").Inc()
	c.With("b", "r").Add(2.5)
	c.With("a", "z").Add(7)
	var b strings.Builder
	r.WriteTo(&b)
	want := `# HELP aws_events_Invocations Final outcomes.
# TYPE aws_events_Invocations counter
aws_events_Invocations{EventBusName="a",RuleName="z"} 7
aws_events_Invocations{EventBusName="b",RuleName="r"} 3.5
`
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestCounterIgnoresInvalidAdds(t *testing.T) {
	var c Counter
	for _, v := range []float64{-1, math.NaN(), math.Inf(1), math.Inf(-1), 0} {
		c.Add(v)
	}
	c.Add(0.25)
	c.Add(1e300)
	if got := c.Value(); got != 1e300+0.25 {
		t.Fatalf("Value = %v", got)
	}
}

func TestGauge(t *testing.T) {
	r := NewRegistry()
	g := r.Gauge("queue_depth", "Depth.", "target")
	g.With("t1").Set(10)
	g.With("t1").Add(-3)
	g.With("t1").Dec()
	g.With("t2").Inc()
	e := scrape(t, r)
	if e.types["queue_depth"] != "gauge" {
		t.Fatalf("TYPE = %q", e.types["queue_depth"])
	}
	for target, want := range map[string]float64{"t1": 6, "t2": 1} {
		if v, ok := e.find("queue_depth", map[string]string{"target": target}); !ok || v != want {
			t.Errorf("queue_depth{target=%s} = %v, %v; want %v", target, v, ok, want)
		}
	}
}

func TestHistogramExposition(t *testing.T) {
	r := NewRegistry()
	h := r.Histogram("lat", "Latency.", []float64{10, 1, 5, 5, math.Inf(1)}, "RuleName")
	for _, v := range []float64{0.5, 1, 3, 7, 100, math.NaN()} {
		h.With("r").Observe(v)
	}
	var b strings.Builder
	r.WriteTo(&b)
	want := `# HELP lat Latency.
# TYPE lat histogram
lat_bucket{RuleName="r",le="1"} 2
lat_bucket{RuleName="r",le="5"} 3
lat_bucket{RuleName="r",le="10"} 4
lat_bucket{RuleName="r",le="+Inf"} 5
lat_sum{RuleName="r"} 111.5
lat_count{RuleName="r"} 5
`
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
	if h.With("r").Count() != 5 || h.With("r").Sum() != 111.5 {
		t.Fatalf("Count/Sum = %d/%v", h.With("r").Count(), h.With("r").Sum())
	}
}

func TestUnlabelledExposedAtZero(t *testing.T) {
	r := NewRegistry()
	r.Counter("calls", "Calls.")
	r.Counter("labelled", "Never used.", "x")
	e := scrape(t, r)
	if v, ok := e.find("calls", map[string]string{}); !ok || v != 0 {
		t.Fatalf("calls = %v, %v", v, ok)
	}
	if _, ok := e.types["labelled"]; ok {
		t.Fatal("a labelled family without series must be left out")
	}
}

func TestLabelEscaping(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c", "Help with \\ and\nnewline.", "v")
	odd := "quote\" back\\slash\nnewline ünï"
	c.With(odd).Inc()
	var b strings.Builder
	r.WriteTo(&b)
	if !strings.Contains(b.String(), `# HELP c Help with \\ and\nnewline.`) {
		t.Fatalf("help not escaped:\n%s", b.String())
	}
	e := scrape(t, r)
	if v, ok := e.find("c", map[string]string{"v": odd}); !ok || v != 1 {
		t.Fatalf("round trip of %q failed:\n%s", odd, b.String())
	}
}

func TestReRegistration(t *testing.T) {
	r := NewRegistry()
	a := r.Counter("x", "X.", "l")
	b := r.Counter("x", "X again.", "l")
	if a != b {
		t.Fatal("same name, kind and labels must return the same family")
	}
	if a.With("v") != b.With("v") {
		t.Fatal("With must return the cached series")
	}
	for name, f := range map[string]func(){
		"other kind":   func() { r.Gauge("x", "X.", "l") },
		"other labels": func() { r.Counter("x", "X.", "m") },
		"bad name":     func() { r.Counter("1x", "X.") },
		"bad label":    func() { r.Counter("y", "Y.", "le") },
		"wrong arity":  func() { a.With("v", "w") },
		"too many":     func() { r.Counter("z", "Z.", "a", "b", "c", "d", "e", "f", "g") },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("expected a panic")
				}
			}()
			f()
		})
	}
}

func TestConcurrentRecording(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c", "C.", "k")
	g := r.Gauge("g", "G.")
	h := r.Histogram("h", "H.", []float64{1}, "k")
	const workers, each = 8, 2000
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				k := []string{"a", "b", "c"}[i%3]
				c.With(k).Inc()
				c.With(k).Add(0.5)
				g.With().Add(1)
				h.With(k).Observe(float64(i % 2))
			}
		}()
	}
	scrapes := make(chan struct{})
	go func() { // scrape while recording: must never fail to parse
		defer close(scrapes)
		for i := 0; i < 20; i++ {
			scrape(t, r)
		}
	}()
	wg.Wait()
	<-scrapes
	if got := c.Total(); got != workers*each*1.5 {
		t.Fatalf("counter total = %v", got)
	}
	if got := g.With().Value(); got != workers*each {
		t.Fatalf("gauge = %v", got)
	}
	var n uint64
	for _, k := range []string{"a", "b", "c"} {
		n += h.With(k).Count()
	}
	if n != workers*each {
		t.Fatalf("histogram count = %d", n)
	}
}

func TestWithDoesNotAllocate(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c", "C.", "EventBusName", "RuleName")
	h := r.Histogram("h", "H.", LatencyBuckets, "EventBusName", "RuleName")
	c.With("bus", "rule").Inc()
	h.With("bus", "rule").Observe(1)
	allocs := testing.AllocsPerRun(1000, func() {
		c.With("bus", "rule").Inc()
		h.With("bus", "rule").Observe(12)
	})
	if allocs != 0 {
		t.Fatalf("hot path allocates %v times", allocs)
	}
}

func TestServeHTTP(t *testing.T) {
	r := NewRegistry()
	eb := NewEventBridge(r)
	eb.Invocations.With("b", "r").Inc()
	srv := httptest.NewServer(r)
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != ContentType {
		t.Fatalf("Content-Type = %q", ct)
	}
	post, err := http.Post(srv.URL, "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST status = %d", post.StatusCode)
	}
}

func TestEventBridgeCatalogue(t *testing.T) {
	r := NewRegistry()
	a, b := NewEventBridge(r), NewEventBridge(r)
	if a.Invocations != b.Invocations || a.PutEventsLatency != b.PutEventsLatency {
		t.Fatal("a second NewEventBridge on the same registry must share the families")
	}
	a.Invocations.With("b", "r").Inc()
	b.Invocations.With("b", "r").Inc()
	a.IngestionToInvocationStartLatency.With("b", "r").Observe(42)
	a.PutEventsLatency.With().Observe(3)
	e := scrape(t, r)
	if v, ok := e.find("aws_events_Invocations", map[string]string{"EventBusName": "b", "RuleName": "r"}); !ok || v != 2 {
		t.Fatalf("aws_events_Invocations = %v, %v", v, ok)
	}
	if v, ok := e.find("aws_events_IngestionToInvocationStartLatency_bucket", map[string]string{"EventBusName": "b", "RuleName": "r", "le": "50"}); !ok || v != 1 {
		t.Fatalf("latency bucket le=50 = %v, %v", v, ok)
	}
	for _, name := range []string{"MatchedEvents", "TriggeredRules", "Invocations", "FailedInvocations",
		"InvocationAttempts", "SuccessfulInvocationAttempts", "RetryInvocationAttempts", "ThrottledRules",
		"DeadLetterInvocations", "InvocationsSentToDlq", "InvocationsFailedToBeSentToDlq"} {
		if _, ok := r.families[Prefix+name]; !ok {
			t.Errorf("%s%s not registered", Prefix, name)
		}
	}
	for _, name := range []string{"PutEventsApproximateCallCount", "PutEventsEntriesCount", "InvocationsCreated"} {
		if v, ok := e.find(Prefix+name, map[string]string{}); !ok || v != 0 {
			t.Errorf("%s%s = %v, %v; want an exposed 0", Prefix, name, v, ok)
		}
	}
}
