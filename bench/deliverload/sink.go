package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// recorder keeps, per event sequence number, its end-to-end latency (first arrival only), and
// a timeline of arrivals. It is safe for concurrent use.
type recorder struct {
	base    time.Time      // origin of the bench_sent_ns clock (monotonic, this process)
	run     string         // events of other runs are counted as foreign
	lat     []atomic.Int64 // latency ns + 1 of each seq's first arrival; 0: not arrived
	buckets []atomic.Int64 // arrivals per bucketWidth since base
	got     atomic.Int64   // distinct events arrived
	dups    atomic.Int64
	foreign atomic.Int64 // bodies that are not events of this run or have unknown seqs
	last    atomic.Int64 // ns since base of the latest arrival
}

const bucketWidth = 100 * time.Millisecond

func newRecorder(run string, base time.Time, maxEvents int, span time.Duration) *recorder {
	return &recorder{base: base, run: run, lat: make([]atomic.Int64, maxEvents),
		buckets: make([]atomic.Int64, int(span/bucketWidth)+1)}
}

// now returns the bench clock: ns since base.
func (r *recorder) now() int64 { return int64(time.Since(r.base)) }

// arrived records one event body received at ns since base. It returns the event's seq and
// whether the body is an event of this run (first arrival or duplicate).
func (r *recorder) arrived(body []byte, at int64) (uint64, bool) {
	run, seq, sent, ok := benchFields(body)
	if !ok || run != r.run || seq >= uint64(len(r.lat)) {
		r.foreign.Add(1)
		return 0, false
	}
	if !r.lat[seq].CompareAndSwap(0, at-sent+1) {
		r.dups.Add(1)
		return seq, true
	}
	r.got.Add(1)
	if b := at / int64(bucketWidth); b < int64(len(r.buckets)) {
		r.buckets[b].Add(1)
	}
	for {
		l := r.last.Load()
		if at <= l || r.last.CompareAndSwap(l, at) {
			break
		}
	}
	return seq, true
}

// arrivalsBetween counts first arrivals in [from, to) (ns since base, bucket resolution).
func (r *recorder) arrivalsBetween(from, to int64) int64 {
	var n int64
	for b := from / int64(bucketWidth); b < to/int64(bucketWidth) && b < int64(len(r.buckets)); b++ {
		n += r.buckets[b].Load()
	}
	return n
}

// benchFields finds "bench_run", "bench_seq" and "bench_sent_ns" in an event body without
// decoding all of it (they are the detail's first fields, and field names are unique).
func benchFields(body []byte) (run string, seq uint64, sent int64, ok bool) {
	run, ok1 := stringAfter(body, `"bench_run":"`)
	s, ok2 := numberAfter(body, `"bench_seq":`)
	t, ok3 := numberAfter(body, `"bench_sent_ns":`)
	if !ok1 || !ok2 || !ok3 {
		return "", 0, 0, false
	}
	seq, err1 := strconv.ParseUint(s, 10, 64)
	sent, err2 := strconv.ParseInt(t, 10, 64)
	return run, seq, sent, err1 == nil && err2 == nil
}

func stringAfter(b []byte, key string) (string, bool) {
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return "", false
	}
	rest := b[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return string(rest[:j]), true
}

func numberAfter(b []byte, key string) (string, bool) {
	i := bytes.Index(b, []byte(key))
	if i < 0 {
		return "", false
	}
	rest := b[i+len(key):]
	j := 0
	for j < len(rest) && (rest[j] >= '0' && rest[j] <= '9' || rest[j] == '-') {
		j++
	}
	return string(rest[:j]), j > 0
}

// sink is the HTTP target: it answers 200 to every POST and records the events.
type sink struct {
	rec    *recorder
	srv    *http.Server
	URL    string
	reqs   atomic.Int64
	sample atomic.Pointer[sinkRequest] // the first request carrying event 0 alone
}

// sinkRequest is a request as the sink received it. Read-only once stored.
type sinkRequest struct {
	Header http.Header
	Body   []byte
}

// startSink listens on a free 127.0.0.1 port. Close stops it.
func startSink(rec *recorder) (*sink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &sink{rec: rec, URL: "http://" + ln.Addr().String()}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }() // returns http.ErrServerClosed after Close
	return s, nil
}

func (s *sink) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	at := s.rec.now()
	s.reqs.Add(1)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if r.Header.Get("X-Amz-Target") == "AWSEvents.PutEvents" {
		s.putEvents(w, body, at)
		return
	}
	if seq, ok := s.rec.arrived(body, at); ok && seq == 0 && s.sample.Load() == nil {
		s.sample.CompareAndSwap(nil, &sinkRequest{Header: r.Header.Clone(), Body: body})
	}
	w.WriteHeader(http.StatusOK)
}

// putEvents answers a PutEvents call of a remote-bus target: every entry's detail is an
// arrival, and every entry succeeds.
func (s *sink) putEvents(w http.ResponseWriter, body []byte, at int64) {
	var in struct{ Entries []struct{ Detail string } }
	if err := json.Unmarshal(body, &in); err != nil {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"__type":"ValidationException","message":"sink: unreadable PutEvents body"}`)
		return
	}
	var out bytes.Buffer
	out.WriteString(`{"FailedEntryCount":0,"Entries":[`)
	for i, e := range in.Entries {
		s.rec.arrived([]byte(e.Detail), at)
		if i > 0 {
			out.WriteByte(',')
		}
		fmt.Fprintf(&out, `{"EventId":"sink-%d-%d"}`, at, i)
	}
	out.WriteString("]}")
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_, _ = w.Write(out.Bytes())
}

func (s *sink) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
