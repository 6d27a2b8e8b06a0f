package logs

import (
	"context"
	"fmt"
	"testing"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/memstore"
)

func benchService(b *testing.B) *Service {
	b.Helper()
	st := memstore.New()
	b.Cleanup(func() { st.Close() })
	s, err := Open(context.Background(), Options{Store: st, Clock: eventrail.NewFakeClock(t0)})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateLogGroup(context.Background(), &CreateLogGroupInput{LogGroupName: "/bench"}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateLogStream(context.Background(), &CreateLogStreamInput{LogGroupName: "/bench", LogStreamName: "s"}); err != nil {
		b.Fatal(err)
	}
	return s
}

func benchEvents(n int, base int64) []InputLogEvent {
	evs := make([]InputLogEvent, n)
	for i := range evs {
		ts, msg := base+int64(i), fmt.Sprintf(`{"level":"%s","code":%d,"msg":"request served"}`, []string{"INFO", "ERROR"}[i%2], 200+i%300)
		evs[i] = InputLogEvent{Timestamp: &ts, Message: &msg}
	}
	return evs
}

// BenchmarkPutLogEvents stores 10-event batches, each later than the one before.
func BenchmarkPutLogEvents(b *testing.B) {
	s := benchService(b)
	evs := benchEvents(10, t0.UnixMilli()-3600000)
	in := &PutLogEventsInput{LogGroupName: "/bench", LogStreamName: "s", LogEvents: evs}
	b.ReportAllocs()
	for b.Loop() {
		for i := range evs {
			*evs[i].Timestamp += 10
		}
		if _, err := s.PutLogEvents(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilterJSONPattern searches 10,000 events with a JSON pattern.
func BenchmarkFilterJSONPattern(b *testing.B) {
	s := benchService(b)
	for i := range 10 {
		in := &PutLogEventsInput{LogGroupName: "/bench", LogStreamName: "s", LogEvents: benchEvents(1000, t0.UnixMilli()+int64(i*1000))}
		if _, err := s.PutLogEvents(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
	in := &FilterLogEventsInput{LogGroupName: "/bench", FilterPattern: `{ $.level = "ERROR" && $.code >= 450 }`}
	b.ReportAllocs()
	for b.Loop() {
		out, err := s.FilterLogEvents(context.Background(), in)
		if err != nil || len(out.Events) == 0 {
			b.Fatal(out, err)
		}
	}
}

// BenchmarkDeliver is the logs target driver: one stream per event, one event each.
func BenchmarkDeliver(b *testing.B) {
	s := benchService(b)
	h := logHandoff(s.groupARN("/bench"), "", `{"detail":{"a":1}}`)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		h.EventID = fmt.Sprint("ev-", i)
		if err := s.Deliver(context.Background(), h); err != nil {
			b.Fatal(err)
		}
	}
}
