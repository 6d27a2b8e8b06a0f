package enginetest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/cputime"
)

// BenchmarkDispatchAPIDestination measures the router's in-memory delivery path end to end:
// Engine.Dispatch → lane → attempt → apidest driver → lean HTTP exchange with a keep-alive sink
// on 127.0.0.1. b.N hand-offs, perCall per Dispatch, at most 64 calls in flight, one target; no
// rate limit is fed to the engine (the destination's limit would pace the benchmark). Allocations
// and cpu-µs/op count the whole process, sink included: sink=raw is a minimal keep-alive HTTP/1.1
// responder, so that the figures are mostly eventrail's; sink=nethttp is net/http's server.
func BenchmarkDispatchAPIDestination(b *testing.B) {
	for _, sinkKind := range []string{"raw", "nethttp"} {
		for _, perCall := range []int{1, 10} {
			b.Run(fmt.Sprintf("sink=%s/perCall=%d", sinkKind, perCall), func(b *testing.B) {
				url := rawSink(b)
				if sinkKind == "nethttp" {
					srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						_, _ = io.Copy(io.Discard, r.Body)
					}))
					b.Cleanup(srv.Close)
					url = srv.URL
				}
				benchDispatch(b, url, perCall)
			})
		}
	}
}

// rawSink serves keep-alive HTTP/1.1 on 127.0.0.1 until b ends: it reads each request's head
// and Content-Length body and answers 200 with an empty body. It returns the sink's base URL.
func rawSink(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	b.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() { defer wg.Done(); serveRaw(c) }()
		}
	}()
	return "http://" + ln.Addr().String()
}

// serveRaw answers the requests on c until it fails or closes.
func serveRaw(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	ok := []byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
	for {
		n := 0
		for {
			line, err := br.ReadSlice('\n')
			if err != nil {
				return
			}
			if len(line) <= 2 {
				break // the blank line ending the head
			}
			if name, v, found := bytes.Cut(line, []byte(":")); found && bytes.EqualFold(name, []byte("Content-Length")) {
				n, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
			}
		}
		if _, err := br.Discard(n); err != nil {
			return
		}
		if _, err := c.Write(ok); err != nil {
			return
		}
	}
}

func benchDispatch(b *testing.B, url string, perCall int) {
	s := startStack(b, false) // the destination's rate limit would pace the benchmark
	eng, m, runCtx := s.engine, s.m, s.ctx
	arn := s.destination(b, url+"/in", 300)

	payload := []byte(`{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"Order Placed","source":"com.example.orders","account":"111111111111","time":"2026-11-21T09:00:00Z","region":"us-east-1","resources":[],"detail":{"id":"o-42","total":129.5,"items":[{"sku":"A-1","qty":2}]}}`)
	handoffs := func() []eventrail.Handoff {
		hs := make([]eventrail.Handoff, perCall)
		for i := range hs {
			hs[i] = eventrail.Handoff{EventID: "e", Bus: "b", RuleName: "r", Payload: payload, Event: payload,
				Target: eventrail.Target{Id: "t", Arn: arn}}
		}
		return hs
	}
	done := make(chan error, 1024)
	run := func(n int) {
		sent, calls := 0, 0
		for i := 0; sent < n; i++ {
			eng.Dispatch(runCtx, "t.k", fmt.Sprintf("%d.t.k", i), handoffs(), func(err error) { done <- err })
			sent += perCall
			calls++
			if calls >= 64 {
				if err := <-done; err != nil {
					b.Fatal(err)
				}
				calls--
			}
		}
		for ; calls > 0; calls-- {
			if err := <-done; err != nil {
				b.Fatal(err)
			}
		}
	}
	rounded := func(n int) float64 { return float64((n + perCall - 1) / perCall * perCall) }
	run(256) // connections and lanes warm
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Process()
	run(b.N)
	want := rounded(256) + rounded(b.N)
	deadline := time.Now().Add(30 * time.Second)
	for m.Invocations.Total() < want { // parked hand-offs are final for done before delivery
		if time.Now().After(deadline) {
			b.Fatalf("%v of %v invocations", m.Invocations.Total(), want)
		}
		time.Sleep(100 * time.Microsecond)
	}
	b.StopTimer()
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(time.Microsecond)/float64(b.N), "cpu-µs/op")
	if f := m.FailedInvocations.Total(); f > 0 {
		b.Fatalf("%v failed invocations", f)
	}
}
