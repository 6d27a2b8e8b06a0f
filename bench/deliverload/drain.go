package main

import (
	"context"
	"strconv"
	"sync"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

// drainQueue receives and deletes messages of queue url with n concurrent pollers until ctx is
// done, recording each message body's arrival (receive time) in rec. Errors are counted in
// errs, not fatal: a drainer must keep draining.
func drainQueue(ctx context.Context, c *benchkit.Client, url string, rec *recorder, n int, errs *errCounter) *sync.WaitGroup {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if err := receiveOnce(ctx, c, url, rec); err != nil && ctx.Err() == nil {
					errs.add(err)
				}
			}
		}()
	}
	return &wg
}

// receiveOnce long-polls (1 s) for up to 10 messages, records and deletes them.
func receiveOnce(ctx context.Context, c *benchkit.Client, url string, rec *recorder) error {
	var out struct {
		Messages []struct{ Body, ReceiptHandle string }
	}
	err := c.SQS(ctx, "ReceiveMessage", map[string]any{"QueueUrl": url, "MaxNumberOfMessages": 10, "WaitTimeSeconds": 1}, &out)
	if err != nil || len(out.Messages) == 0 {
		return err
	}
	at := rec.now()
	entries := make([]map[string]string, len(out.Messages))
	for i, m := range out.Messages {
		rec.arrived([]byte(m.Body), at)
		entries[i] = map[string]string{"Id": strconv.Itoa(i), "ReceiptHandle": m.ReceiptHandle}
	}
	return c.SQS(context.WithoutCancel(ctx), "DeleteMessageBatch", map[string]any{"QueueUrl": url, "Entries": entries}, nil)
}

// errCounter counts errors and keeps the first. Safe for concurrent use.
type errCounter struct {
	mu    sync.Mutex
	n     int64
	first string
}

func (e *errCounter) add(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	if e.first == "" {
		e.first = err.Error()
	}
}

func (e *errCounter) get() (int64, string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.n, e.first
}

// queuePollers is how many ReceiveMessage loops drain the fallback queue.
const queuePollers = 16
