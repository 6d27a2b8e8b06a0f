package jstest

import (
	"context"
	"testing"

	"github.com/eventrail/eventrail/queue"
)

// BenchmarkJetStreamSendReceiveDelete is one message's life on the embedded JetStream store
// (every write fsynced): send, receive, delete — three durable writes.
func BenchmarkJetStreamSendReceiveDelete(b *testing.B) {
	ctx := context.Background()
	st, err := openStoreB(b)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	q, err := queue.Open(ctx, queue.Options{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	url, err := q.CreateQueue(ctx, &queue.CreateQueueInput{QueueName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	body := `{"detail":{"state":"terminated"}}`
	send := &queue.SendMessageInput{QueueUrl: url.QueueUrl, MessageBody: &body}
	recv := &queue.ReceiveMessageInput{QueueUrl: url.QueueUrl}
	for b.Loop() {
		if _, err := q.SendMessage(ctx, send); err != nil {
			b.Fatal(err)
		}
		out, err := q.ReceiveMessage(ctx, recv)
		if err != nil || len(out.Messages) != 1 {
			b.Fatal(out, err)
		}
		if _, err := q.DeleteMessage(ctx, &queue.DeleteMessageInput{QueueUrl: url.QueueUrl, ReceiptHandle: out.Messages[0].ReceiptHandle}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJetStreamSendParallel sends from 16 goroutines to one queue: the writes happen
// outside the queue's lock, so concurrent sends share the store's commits.
func BenchmarkJetStreamSendParallel(b *testing.B) {
	ctx := context.Background()
	st, err := openStoreB(b)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	q, err := queue.Open(ctx, queue.Options{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	url, err := q.CreateQueue(ctx, &queue.CreateQueueInput{QueueName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		body := `{"detail":{"state":"terminated"}}`
		send := &queue.SendMessageInput{QueueUrl: url.QueueUrl, MessageBody: &body}
		for pb.Next() {
			if _, err := q.SendMessage(ctx, send); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
