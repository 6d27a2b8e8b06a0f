package control

import (
	"context"
	"strconv"
	"testing"

	"github.com/eventrail/eventrail"
)

type discardIngester struct{}

func (discardIngester) Ingest(context.Context, []eventrail.Event) error { return nil }

// BenchmarkPutEvents measures PutEvents' own work (validation, event building, bus lookup)
// for a 10-entry request on the default and on a custom bus, with an ingester that discards.
func BenchmarkPutEvents(b *testing.B) {
	for _, bus := range []string{"default", "custom"} {
		b.Run(bus, func(b *testing.B) {
			e := newEnv(b, func(o *Options) { o.Ingester = discardIngester{} })
			if bus != "default" {
				e.bus(b, bus)
			}
			in := &PutEventsInput{}
			for i := range 10 {
				in.Entries = append(in.Entries, PutEventsEntry{Source: "bench.source", DetailType: "Bench " + strconv.Itoa(i),
					Detail: `{"order": {"id": "o-123", "amount": 12.50, "items": [1, 2, 3], "customer": {"tier": "gold"}}}`, EventBusName: bus})
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := e.s.PutEvents(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPutTargets measures a PutTargets upsert of one target (KV read-modify-write).
func BenchmarkPutTargets(b *testing.B) {
	e := newEnv(b)
	e.rule(b, "default", "r")
	in := &PutTargetsInput{Rule: "r", Targets: []eventrail.Target{{Id: "t", Arn: queueArn, InputPath: ptr("$.detail")}}}
	b.ReportAllocs()
	for range b.N {
		if _, err := e.s.PutTargets(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
