package router

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

// discardLog is a Log whose Append only counts: it isolates the Ingester's own cost.
type discardLog struct {
	mu   sync.Mutex
	seq  uint64
	size int
}

func (l *discardLog) Append(_ context.Context, recs []eventrail.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range recs {
		l.seq++
		recs[i].Seq = l.seq
		l.size += len(recs[i].Data)
	}
	return nil
}

func (l *discardLog) Consume(context.Context, string, eventrail.ConsumeOptions, func(context.Context, eventrail.Delivery)) error {
	return errors.ErrUnsupported
}

func (l *discardLog) Read(context.Context, uint64, string, int) ([]eventrail.Record, error) {
	return nil, errors.ErrUnsupported
}

func (l *discardLog) Info(context.Context) (eventrail.LogInfo, error) {
	return eventrail.LogInfo{}, errors.ErrUnsupported
}

// BenchmarkIngest measures framing and group commit of 10-event calls with ~1 KB details from
// 32 concurrent callers (the putload shape), without storage costs.
func BenchmarkIngest(b *testing.B) {
	detail := make([]byte, 0, 1100)
	detail = append(detail, `{"state":"available","pad":"`...)
	for len(detail) < 1000 {
		detail = append(detail, "abcdefghij"...)
	}
	detail = append(detail, `"}`...)
	events := make([]eventrail.Event, 10)
	for i := range events {
		events[i] = eventrail.Event{ID: "6a7e8feb-b491-4cf7-a9f1-bf3703467718", Source: "aws.ec2",
			DetailType: "EC2 AMI State Change", Account: "123456789012", Region: "us-east-1",
			Time: time.Unix(1700000000, 0), Resources: []string{"arn:aws:ec2:us-east-1::image/ami-1"},
			Detail: detail, Bus: "default", IngestionTime: time.Unix(1700000000, 0)}
	}
	in := NewIngester(&discardLog{}, IngesterOptions{})
	defer in.Close()
	b.SetParallelism(16) // 32 callers on 2 cores
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := in.Ingest(context.Background(), events); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N*len(events))/b.Elapsed().Seconds(), "events/s")
}
