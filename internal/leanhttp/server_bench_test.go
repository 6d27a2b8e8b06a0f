package leanhttp

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail/internal/cputime"
)

// BenchmarkServe compares the fast path with net/http serving the same handler: 32
// kept-alive connections, each sending a PutEvents-sized call (3 KB body) and waiting for
// the answer. The client is the same raw loop for both, so the difference per call is the
// server's; cpu-µs/call is the whole process's CPU time (client, server, runtime) per call.
//
//	go test -run XXX -bench Serve -benchtime 20000x -count 5 ./internal/leanhttp/
func BenchmarkServe(b *testing.B) {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Requestid", "0f2b1a6e-2c1d-4c8e-9f57-2b8f3a8c1d11")
		_, _ = io.WriteString(w, `{"FailedEntryCount":0,"Entries":[{"EventId":"0f2b1a6e-2c1d-4c8e-9f57-2b8f3a8c1d11"}]}`)
	})
	serve := map[string]func(net.Listener) (stop func()){
		"nethttp": func(ln net.Listener) func() {
			s := &http.Server{Handler: handler}
			go s.Serve(ln)
			return func() { s.Close() }
		},
		"lean": func(ln net.Listener) func() {
			s := &Server{Handler: handler, Fallback: &http.Server{Handler: handler}}
			go s.Serve(ln)
			return func() {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				s.Shutdown(ctx)
			}
		},
	}
	req := call("AWSEvents.PutEvents", `{"Entries":[`+strings.Repeat(`{"Source":"bench","DetailType":"t","Detail":"{\"a\":1}"},`, 60)+`{}]}`,
		"Content-Type: application/x-amz-json-1.1\r\nX-Amz-Date: 20261121T160000Z\r\nUser-Agent: bench\r\n")
	for _, name := range []string{"nethttp", "lean"} {
		b.Run(name, func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			stop := serve[name](ln)
			defer stop()
			const conns = 32
			calls := make(chan struct{}, b.N)
			for range b.N {
				calls <- struct{}{}
			}
			close(calls)
			b.ReportAllocs()
			cpu0 := cputime.Process()
			b.ResetTimer()
			var wg sync.WaitGroup
			for range conns {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, err := net.Dial("tcp", ln.Addr().String())
					if err != nil {
						b.Error(err)
						return
					}
					defer c.Close()
					br := bufio.NewReader(c)
					for range calls {
						if _, err := io.WriteString(c, req); err != nil {
							b.Error(err)
							return
						}
						resp, err := http.ReadResponse(br, nil)
						if err != nil {
							b.Error(err)
							return
						}
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			b.ReportMetric(float64(cputime.Process()-cpu0)/float64(time.Microsecond)/float64(b.N), "cpu-µs/call")
		})
	}
}
