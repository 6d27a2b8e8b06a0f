package apidest

import (
	"net/http"
	"testing"
	"time"

	"github.com/eventrail/eventrail/internal/cputime"
)

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
			cpu := cputime.Process()
			deliverParallel(b, e.s.Driver(), handoff(arn, benchPayload, nil))
			b.ReportMetric(float64(cputime.Process()-cpu)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
		})
	}
}
