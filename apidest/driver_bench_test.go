package apidest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// sink is a local HTTP server that reads and discards every body.
func sink(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

const benchPayload = `{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Order Placed","source":"com.example.orders","account":"111111111111","time":"2026-11-21T09:00:00Z","region":"us-east-1","resources":[],"detail":{"id":"o-42","total":129.5,"items":[{"sku":"A-1","qty":2}]}}`

// deliverParallel delivers h once (connections warm), then b.N times from 64 goroutines (32 per
// CPU), and reports req/s; the timer covers only the parallel part.
func deliverParallel(b *testing.B, drv *Driver, h *eventrail.Handoff) {
	if err := drv.Deliver(ctx, h); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetParallelism(32)
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
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkDeliver measures Deliver to a keep-alive sink on 127.0.0.1 (client and server share
// the machine), 64 invocations in flight.
func BenchmarkDeliver(b *testing.B) {
	srv := sink(b)
	for _, bc := range []struct {
		name string
		hp   *eventrail.HttpParameters
		path string
	}{
		{"plain", nil, "/in"},
		{"params", &eventrail.HttpParameters{PathParameterValues: []string{"$.detail.id"},
			HeaderParameters:      map[string]string{"X-Order": "$.detail.id", "X-Static": "s"},
			QueryStringParameters: map[string]string{"src": "bench"}}, "/orders/*"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e := newEnv(b)
			arn := e.dest(b, "d", e.basicConn(b, "c", nil), "POST", srv.URL+bc.path)
			deliverParallel(b, e.s.Driver(), handoff(arn, benchPayload, bc.hp))
		})
	}
}

// BenchmarkBaselinePost is the floor: a bare http.Client POST of the same payload to the same
// sink, for comparing the driver's overhead in one run.
func BenchmarkBaselinePost(b *testing.B) {
	srv := sink(b)
	client := NewHTTPClient()
	payload := []byte(benchPayload)
	b.ReportAllocs()
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/in", bytes.NewReader(payload))
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// cannedOK is a transport that answers every request 200 without a network: it isolates the
// driver's own cost from net/http's and the server's.
type cannedOK struct{}

func (cannedOK) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Body: http.NoBody, Header: http.Header{}, Request: r}, nil
}

// BenchmarkDriverOverhead measures Deliver alone (no network): request building, lookup and
// classification, with a caller context that already has a deadline as the engine's has.
func BenchmarkDriverOverhead(b *testing.B) {
	for _, bc := range []struct {
		name string
		hp   *eventrail.HttpParameters
		path string
	}{
		{"plain", nil, "/in"},
		{"params", &eventrail.HttpParameters{PathParameterValues: []string{"$.detail.id"},
			HeaderParameters:      map[string]string{"X-Order": "$.detail.id", "X-Static": "s"},
			QueryStringParameters: map[string]string{"src": "bench"}}, "/orders/*"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e := newEnv(b, func(o *Options) { o.HTTPClient = &http.Client{Transport: cannedOK{}} })
			arn := e.dest(b, "d", e.basicConn(b, "c", nil), "POST", "http://127.0.0.1:9/"+bc.path)
			h := handoff(arn, benchPayload, bc.hp)
			drv := e.s.Driver()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				c, cancel := context.WithTimeout(ctx, 5*time.Second)
				if err := drv.Deliver(c, h); err != nil {
					b.Fatal(err)
				}
				cancel()
			}
		})
	}
}
