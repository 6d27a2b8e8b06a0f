package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/eventrail/eventrail"
)

// retryRecord is the Data of an "r.<targetKey>" record: one hand-off waiting for its next step.
type retryRecord struct {
	Handoff   eventrail.Handoff `json:"h"`
	Retries   int               `json:"n"`  // retries performed before the step this record asks for
	NotBefore time.Time         `json:"nb"` // the step may not start earlier
	DLQ       *dlqState         `json:"dlq,omitempty"`
}

// dlqState is a hand-off whose delivery is over and that is to be dead-lettered.
type dlqState struct {
	Code      string `json:"code"`
	Message   string `json:"msg"`
	Condition string `json:"cond,omitempty"` // EXHAUSTED_RETRY_CONDITION; empty when not retryable
	Retries   int    `json:"n"`              // RETRY_ATTEMPTS
	Tries     int    `json:"tries"`          // dead-letter writes that failed so far
}

// backoff returns the delay before retry n (n >= 1): exponential with full jitter, plus the
// floor MinBackoff (package doc).
func (e *Engine) backoff(n int) time.Duration {
	ceil := e.o.MaxBackoff
	if n-1 < 40 {
		if exp := e.o.BaseBackoff << (n - 1); exp > 0 && exp < ceil {
			ceil = exp
		}
	}
	return e.o.MinBackoff + time.Duration(e.o.rand()*float64(ceil))
}

// scheduleRetry makes the job's next step durable as a retry record due at next: a delivery
// retry (dlq nil: the retry count advances) or another dead-letter write (dlq set).
func (e *Engine) scheduleRetry(ctx context.Context, j *job, next time.Time, dlq *dlqState) {
	rr := retryRecord{Handoff: *j.h, Retries: j.retries, NotBefore: next, DLQ: dlq}
	if dlq == nil {
		rr.Retries++
	}
	e.storeSteps(ctx, []*job{j}, []retryRecord{rr})
}

// storeSteps appends one retry record per job (group-committed with other callers), then counts
// each job final in its batch. If the records cannot be appended, the steps continue from
// memory (the batches stay unacknowledged, so a crash still loses nothing).
func (e *Engine) storeSteps(ctx context.Context, jobs []*job, rrs []retryRecord) {
	recs := make([]eventrail.Record, len(jobs))
	var err error
	for i, j := range jobs {
		var data []byte
		if data, err = json.Marshal(rrs[i]); err != nil {
			break
		}
		recs[i] = eventrail.Record{Key: RetryKeyPrefix + j.laneKey, ID: retryID(j, rrs[i]), Data: data}
	}
	if err == nil {
		appendCtx, cancel := context.WithTimeout(ctx, e.o.AttemptTimeout)
		err = e.appender.append(appendCtx, recs)
		cancel()
		if err == nil {
			for _, j := range jobs {
				e.done(j)
			}
			return
		}
	}
	if e.runCtx.Err() != nil {
		return
	}
	e.o.Logger.Warn("delivery: cannot store retry records; retrying from memory", "records", len(jobs), "err", err)
	for i, j := range jobs {
		e.retryInMemory(j, rrs[i])
	}
}

// retryInMemory runs the step described by rr at rr.NotBefore, without leaving memory.
func (e *Engine) retryInMemory(j *job, rr retryRecord) {
	next := *j
	next.retries, next.dlq = rr.Retries, rr.DLQ
	e.o.Clock.AfterFunc(rr.NotBefore.Sub(e.o.Clock.Now()), func() {
		if e.runCtx.Err() == nil {
			e.lane(j.laneKey).push(&next)
		}
	})
}

// spill defers hand-offs of a target whose queue is full: they become retry records due after
// SpillDelay (their retry count unchanged) and count ThrottledRules. Called from a consumer
// handler; the append happens in its own goroutine so the handler is not held up.
func (e *Engine) spill(jobs []*job) {
	if !e.track() {
		return // shutting down: the record stays unacknowledged
	}
	go func() {
		defer e.jobs.Done()
		next := e.o.Clock.Now().Add(e.o.SpillDelay)
		rrs := make([]retryRecord, len(jobs))
		for i, j := range jobs {
			e.o.Metrics.ThrottledRules.With(j.h.Bus, j.h.RuleName).Inc()
			rrs[i] = retryRecord{Handoff: *j.h, Retries: j.retries, NotBefore: next}
		}
		e.storeSteps(e.runCtx, jobs, rrs)
	}()
}

// retryID deduplicates retry records: the same step of the same hand-off always gets the same ID,
// so re-processing a redelivered record does not schedule the step twice.
func retryID(j *job, rr retryRecord) string {
	tries := 0
	if rr.DLQ != nil {
		tries = rr.DLQ.Tries + 1
	}
	return fmt.Sprintf("r.%s.%s.%d.%d", j.laneKey, j.h.EventID, rr.Retries, tries)
}
