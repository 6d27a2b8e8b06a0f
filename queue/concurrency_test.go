package queue

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// Concurrent senders and long-polling receivers: every message is received exactly once
// (the visibility timeout outlasts the test) and the queue ends empty.
func TestConcurrentSendReceiveDelete(t *testing.T) {
	e := newRealEnv(t)
	url := e.create("conc", map[string]string{"VisibilityTimeout": "300"})
	const senders, receivers, perSender = 4, 4, 250
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for i := range senders {
		wg.Go(func() {
			for j := range perSender {
				body := fmt.Sprintf("%d-%d", i, j)
				if _, err := e.svc.SendMessage(ctx, &SendMessageInput{QueueUrl: url, MessageBody: &body}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	var rg sync.WaitGroup
	for range receivers {
		rg.Go(func() {
			for ctx.Err() == nil {
				out, err := e.svc.ReceiveMessage(ctx, &ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10), WaitTimeSeconds: ptr(1)})
				if err != nil {
					return
				}
				for _, m := range out.Messages {
					mu.Lock()
					seen[m.Body]++
					done := len(seen) == senders*perSender
					mu.Unlock()
					if _, err := e.svc.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: m.ReceiptHandle}); err != nil {
						t.Error(err)
					}
					if done {
						cancel()
					}
				}
			}
		})
	}
	wg.Wait()
	rg.Wait()
	if len(seen) != senders*perSender {
		t.Fatalf("received %d distinct messages, want %d", len(seen), senders*perSender)
	}
	for body, n := range seen {
		if n != 1 {
			t.Fatalf("%s received %d times", body, n)
		}
	}
	if a := e.attrs(url); a["ApproximateNumberOfMessages"] != "0" || a["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Fatalf("left over: %v", a)
	}
}
