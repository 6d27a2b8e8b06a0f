package main

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

var binary string

func TestMain(m *testing.M) {
	os.Exit(benchkit.RunTests(m, &binary))
}

// TestDeliverLoadAgainstRealServer offers 200 events/s for a second through each target kind
// and checks that every event arrives once with sane latencies.
func TestDeliverLoadAgainstRealServer(t *testing.T) {
	for _, target := range []string{"http", "bus", "sqs"} {
		t.Run(target, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var log bytes.Buffer
			rep, err := Run(ctx, Options{Binary: binary, Target: target, Rate: 200, Duration: time.Second,
				Entries: 5, DetailBytes: 500, DrainWait: 60 * time.Second}, &log)
			if err != nil {
				t.Fatalf("%v\n%s", err, log.String())
			}
			if rep.Note != "" {
				t.Log(rep.Note)
			}
			if rep.PutErrors != 0 || rep.PutFailed != 0 {
				t.Fatalf("put errors %d failed %d: %s", rep.PutErrors, rep.PutFailed, rep.FirstError)
			}
			if rep.Sent < 150 || rep.Delivered != rep.Sent || rep.Missing != 0 || rep.Duplicates != 0 || rep.Foreign != 0 {
				t.Fatalf("sent %d delivered %d missing %d dups %d foreign %d", rep.Sent, rep.Delivered, rep.Missing, rep.Duplicates, rep.Foreign)
			}
			l := rep.EndToEnd
			if l.Count != int(rep.Delivered) || l.P50Ms <= 0 || l.P50Ms > l.P99Ms || l.P99Ms > l.MaxMs {
				t.Fatalf("e2e latency: %+v", l)
			}
		})
	}
}

func TestFlagValidation(t *testing.T) {
	for _, args := range [][]string{
		{"-rate", "0"}, {"-duration", "61s"}, {"-target", "lambda"}, {"-target", ""}, {"-entries", "0"}, {"-nope"},
		{"-latency-from", "-1s"}, {"-duration", "5s", "-latency-from", "5s"},
	} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
