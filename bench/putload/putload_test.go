package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

var binary string

func TestMain(m *testing.M) {
	os.Exit(benchkit.RunTests(m, &binary))
}

// TestPutLoadAgainstRealServer runs the tool for about a second in both modes and checks
// that the report is sane.
func TestPutLoadAgainstRealServer(t *testing.T) {
	for _, c := range []struct {
		name, client string
		rate         float64
	}{{"closed loop", "raw", 0}, {"fixed rate", "raw", 50}, {"net/http client", "nethttp", 0}} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var log bytes.Buffer
			rep, err := Run(ctx, Options{Binary: binary, Concurrency: 4, Entries: 10, Duration: time.Second,
				Warmup: 200 * time.Millisecond, DetailBytes: 1000, Rate: c.rate, Client: c.client}, &log)
			if err != nil {
				t.Fatalf("%v\n%s", err, log.String())
			}
			if rep.Errors != 0 || rep.FailedEntries != 0 {
				t.Fatalf("errors %d failed %d: %s", rep.Errors, rep.FailedEntries, rep.FirstError)
			}
			if rep.Events == 0 || rep.Events != rep.Calls*10 || rep.Latency.Count != int(rep.Calls) {
				t.Fatalf("events %d calls %d samples %d", rep.Events, rep.Calls, rep.Latency.Count)
			}
			if rep.Latency.P50Ms <= 0 || rep.Latency.P50Ms > rep.Latency.P99Ms || rep.Latency.P99Ms > rep.Latency.MaxMs {
				t.Fatalf("latency not ordered: %+v", rep.Latency)
			}
			if c.rate > 0 && rep.CallsPerS > c.rate*1.1 {
				t.Fatalf("%.0f calls/s exceeds the offered %.0f", rep.CallsPerS, c.rate)
			}
		})
	}
}

func TestCommandLinePrintsTableAndJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"-binary", binary, "-concurrency", "2", "-duration", "500ms", "-warmup", "0s", "-json"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var rep Report
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &rep); err != nil {
		t.Fatalf("last line is not the JSON report: %v\n%s", err, out.String())
	}
	if rep.Tool != "putload" || rep.Events == 0 || !strings.Contains(out.String(), "call latency p99.9") {
		t.Fatalf("report:\n%s", out.String())
	}
}

func TestFlagValidation(t *testing.T) {
	for _, args := range [][]string{
		{"-entries", "11"}, {"-duration", "121s"}, {"-client", "curl"}, {"-concurrency", "0"}, {"-rate", "-1"}, {"-nope"},
	} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
