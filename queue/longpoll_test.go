package queue

import (
	"context"
	"testing"
	"time"
)

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

type receiveResult struct {
	out *ReceiveMessageOutput
	err error
	at  time.Time
}

func (e *env) receiveAsync(ctx context.Context, in *ReceiveMessageInput) <-chan receiveResult {
	ch := make(chan receiveResult, 1)
	go func() {
		out, err := e.svc.ReceiveMessage(ctx, in)
		ch <- receiveResult{out, err, time.Now()}
	}()
	return ch
}

func (e *env) blocked(n int64) func() bool {
	return func() bool { return e.svc.waiting.Load() == n }
}

func await(t *testing.T, ch <-chan receiveResult) receiveResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("ReceiveMessage did not return")
		return receiveResult{}
	}
}

// A long poll returns as soon as a message arrives: the latency bound is generous for a
// shared, noisy machine but far below the 20 s wait.
func TestLongPollWakesOnSend(t *testing.T) {
	e := newRealEnv(t)
	url := e.create("lp", nil)
	ch := e.receiveAsync(context.Background(), &ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: ptr(20)})
	waitFor(t, "receiver to block", e.blocked(1))
	sentAt := time.Now()
	e.send(url, "wake")
	r := await(t, ch)
	if r.err != nil || len(r.out.Messages) != 1 || r.out.Messages[0].Body != "wake" {
		t.Fatalf("result = %+v %v", r.out, r.err)
	}
	if lat := r.at.Sub(sentAt); lat > 250*time.Millisecond {
		t.Fatalf("wake-up latency %v", lat)
	}
}

func TestLongPollQueueDefaultWait(t *testing.T) {
	e := newEnv(t)
	url := e.create("lpd", map[string]string{"ReceiveMessageWaitTimeSeconds": "5"})
	ch := e.receiveAsync(context.Background(), &ReceiveMessageInput{QueueUrl: url})
	waitFor(t, "receiver to block", e.blocked(1))
	e.clock.Advance(5 * time.Second)
	if r := await(t, ch); r.err != nil || len(r.out.Messages) != 0 {
		t.Fatalf("result = %+v %v", r.out, r.err)
	}
	// WaitTimeSeconds 0 overrides the queue default: a short poll.
	out, err := e.svc.ReceiveMessage(context.Background(), &ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: ptr(0)})
	if err != nil || len(out.Messages) != 0 {
		t.Fatalf("short poll = %+v %v", out, err)
	}
}

func TestLongPollWakesOnVisibilityExpiry(t *testing.T) {
	e := newEnv(t)
	url := e.create("lpv", nil)
	e.send(url, "again")
	e.receive(&ReceiveMessageInput{QueueUrl: url, VisibilityTimeout: ptr(3)})
	ch := e.receiveAsync(context.Background(), &ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: ptr(20)})
	waitFor(t, "receiver to block", e.blocked(1))
	e.clock.Advance(3 * time.Second)
	r := await(t, ch)
	if r.err != nil || len(r.out.Messages) != 1 || r.out.Messages[0].Body != "again" {
		t.Fatalf("result = %+v %v", r.out, r.err)
	}
}

func TestLongPollEndsOnCloseDeleteAndCancel(t *testing.T) {
	e := newEnv(t)
	url := e.create("lpc", nil)
	ctx, cancel := context.WithCancel(context.Background())
	ch := e.receiveAsync(ctx, &ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: ptr(20)})
	waitFor(t, "receiver to block", e.blocked(1))
	cancel()
	if r := await(t, ch); r.err != context.Canceled {
		t.Fatalf("cancel: %+v %v", r.out, r.err)
	}
	ch = e.receiveAsync(context.Background(), &ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: ptr(20)})
	waitFor(t, "receiver to block", e.blocked(1))
	if _, err := e.svc.DeleteQueue(context.Background(), &QueueUrlInput{QueueUrl: url}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, await(t, ch).err, CodeQueueDoesNotExist, "")
	url = e.create("lpc2", nil)
	ch = e.receiveAsync(context.Background(), &ReceiveMessageInput{QueueUrl: url, WaitTimeSeconds: ptr(20)})
	waitFor(t, "receiver to block", e.blocked(1))
	e.svc.Close()
	if r := await(t, ch); r.err != nil || len(r.out.Messages) != 0 {
		t.Fatalf("close: %+v %v", r.out, r.err)
	}
}
