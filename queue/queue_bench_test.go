package queue

import (
	"context"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

func benchService(b *testing.B) (*Service, string) {
	b.Helper()
	st := memstore.New()
	s, err := Open(context.Background(), Options{Store: st, Clock: eventrail.SystemClock{}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close(); st.Close() })
	out, err := s.CreateQueue(context.Background(), &CreateQueueInput{QueueName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	return s, out.QueueUrl
}

const benchBody = `{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"111122223333","time":"2017-12-22T18:43:48Z","region":"us-west-1","resources":["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],"detail":{"instance-id":"i-1234567890abcdef0","state":"terminated"}}`

func BenchmarkSendMessage(b *testing.B) {
	s, url := benchService(b)
	ctx := context.Background()
	body := benchBody
	in := &SendMessageInput{QueueUrl: url, MessageBody: &body}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.SendMessage(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSendReceiveDelete is one message's whole life: send, receive, delete.
func BenchmarkSendReceiveDelete(b *testing.B) {
	s, url := benchService(b)
	ctx := context.Background()
	body := benchBody
	send := &SendMessageInput{QueueUrl: url, MessageBody: &body}
	recv := &ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(1)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.SendMessage(ctx, send); err != nil {
			b.Fatal(err)
		}
		out, err := s.ReceiveMessage(ctx, recv)
		if err != nil || len(out.Messages) != 1 {
			b.Fatal(out, err)
		}
		if _, err := s.DeleteMessage(ctx, &DeleteMessageInput{QueueUrl: url, ReceiptHandle: out.Messages[0].ReceiptHandle}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiveWithBacklog receives (and re-hides) from a queue holding 10,000 messages,
// most of them in flight: the heap keeps a receive independent of the backlog.
func BenchmarkReceiveWithBacklog(b *testing.B) {
	s, url := benchService(b)
	ctx := context.Background()
	body := benchBody
	for range 10000 {
		if _, err := s.SendMessage(ctx, &SendMessageInput{QueueUrl: url, MessageBody: &body}); err != nil {
			b.Fatal(err)
		}
	}
	recv := &ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: ptr(10), VisibilityTimeout: ptr(0)}
	b.ReportAllocs()
	for b.Loop() {
		if out, err := s.ReceiveMessage(ctx, recv); err != nil || len(out.Messages) != 10 {
			b.Fatal(out, err)
		}
	}
}
