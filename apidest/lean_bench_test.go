package apidest

import (
	"net/http"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDriverClient compares the two invocation paths in one run: the lean client (the
// default Service) and net/http's Transport (a Service given NewHTTPClient explicitly), to the
// same keep-alive sink, 64 invocations in flight. cpu-µs/op counts the whole process, sink
// included.
func BenchmarkDriverClient(b *testing.B) {
	srv := sink(b)
	for _, bc := range []struct {
		name   string
		client func() *http.Client
	}{
		{"lean", func() *http.Client { return nil }},
		{"nethttp", NewHTTPClient},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e := newEnv(b, func(o *Options) { o.HTTPClient = bc.client() })
			arn := e.dest(b, "d", e.basicConn(b, "c", nil), "POST", srv.URL+"/in")
			h := handoff(arn, benchPayload, nil)
			drv := e.s.Driver()
			if err := drv.Deliver(ctx, h); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetParallelism(32)
			cpu := cpuTime()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := drv.Deliver(ctx, h); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}
