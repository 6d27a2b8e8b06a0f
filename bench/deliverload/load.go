package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

// sender offers PutEvents load (or, with direct, envelopes posted straight to the sink): at a
// fixed rate of events/s (rate > 0) or closed loop as fast as the server answers (rate 0).
// Every event is tagged with its seq and send time.
type sender struct {
	c           *benchkit.Client
	rec         *recorder
	runID       string
	entries     int
	rate        float64 // events/s; 0: closed loop
	concurrency int
	tmpl        []benchkit.Entry
	maxEvents   uint64
	direct      *directPoster // -target reference: one envelope per request to the sink, no PutEvents

	start, end int64        // the send window, ns since rec.base
	nextCall   atomic.Int64 // rate mode: the next scheduled call
	nextSeq    atomic.Uint64

	sent, failed atomic.Int64 // events accepted; entries or calls that failed
	errs         errCounter
	mu           sync.Mutex
	putLat, lag  []int64 // per call: PutEvents latency; how late the call started (rate mode)
}

// run sends until the window ends and waits for the last answers.
func (s *sender) run(ctx context.Context) {
	var wg sync.WaitGroup
	for range s.concurrency {
		wg.Add(1)
		go func() { defer wg.Done(); s.worker(ctx) }()
	}
	wg.Wait()
}

func (s *sender) worker(ctx context.Context) {
	var putLat, lag []int64
	var buf, scratch []byte
	entries := make([][]byte, s.entries)
	for ctx.Err() == nil {
		late, ok := s.slot(ctx)
		if !ok {
			break
		}
		seq := s.nextSeq.Add(uint64(s.entries)) - uint64(s.entries)
		if seq+uint64(s.entries) > s.maxEvents {
			break
		}
		begin := s.rec.now()
		var err error
		if s.direct != nil {
			buf, scratch, err = s.postDirect(ctx, buf, scratch, seq, begin)
		} else {
			buf = s.body(buf[:0], entries, seq, begin)
			err = s.put(ctx, buf)
		}
		if err != nil {
			s.errs.add(err)
		}
		putLat = append(putLat, s.rec.now()-begin)
		lag = append(lag, late)
	}
	s.mu.Lock()
	s.putLat = append(s.putLat, putLat...)
	s.lag = append(s.lag, lag...)
	s.mu.Unlock()
}

// slot waits for the next scheduled call (rate mode) and says how late it starts.
func (s *sender) slot(ctx context.Context) (late int64, ok bool) {
	now := s.rec.now()
	if s.rate == 0 {
		return 0, now < s.end
	}
	n := s.nextCall.Add(1) - 1
	at := s.start + int64(float64(n)*float64(s.entries)/s.rate*1e9)
	if at >= s.end {
		return 0, false
	}
	if d := time.Duration(at - now); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return 0, false
		}
	}
	return max(0, s.rec.now()-at), true
}

// body encodes one PutEvents call of events seq.. stamped with sentNs.
func (s *sender) body(buf []byte, scratch [][]byte, seq uint64, sentNs int64) []byte {
	for i := range scratch {
		q := seq + uint64(i)
		scratch[i] = s.tmpl[q%uint64(len(s.tmpl))].AppendTagged(scratch[i][:0], s.runID, q, sentNs)
	}
	return benchkit.PutEventsBody(buf, scratch...)
}

func (s *sender) put(ctx context.Context, body []byte) error {
	resp, err := s.c.Raw(ctx, "AWSEvents.PutEvents", "1.1", body)
	if err != nil {
		s.failed.Add(int64(s.entries))
		return err
	}
	n, code, err := benchkit.CountFailed(resp)
	if err != nil {
		s.failed.Add(int64(s.entries))
		return err
	}
	s.sent.Add(int64(s.entries - n))
	if n > 0 {
		s.failed.Add(int64(n))
		return &failedEntries{n: n, code: code}
	}
	return nil
}

// postDirect sends event seq straight to the sink (s.entries is 1) and counts it.
func (s *sender) postDirect(ctx context.Context, buf, scratch []byte, seq uint64, sentNs int64) ([]byte, []byte, error) {
	buf, scratch, err := s.direct.post(ctx, buf, scratch, seq, sentNs)
	if err != nil {
		s.failed.Add(1)
	} else {
		s.sent.Add(1)
	}
	return buf, scratch, err
}

type failedEntries struct {
	n    int
	code string
}

func (f *failedEntries) Error() string { return "PutEvents entries failed: " + f.code }
