package main

import (
	"flag"
	"io"
	"os"
	"time"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is deliverload on the shared load-tool shell (flags, interrupt, report, -json).
var command = benchkit.Command[Options, *Report]{
	Name: "deliverload", Flags: defineFlags, Validate: (*Options).validate, Run: Run,
}

// run parses args, runs the measurement and prints the report; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return command.Main(args, stdout, stderr)
}

// defineFlags registers deliverload's flags into o.
func defineFlags(fs *flag.FlagSet, o *Options) {
	benchkit.ServerFlags(fs, &o.Endpoint, &o.Binary, &o.ServerCPUs)
	fs.StringVar(&o.Target, "target", "http", "http: API destination to the sink; bus: remote event bus served by the sink; sqs: a queue this tool drains")
	fs.Float64Var(&o.Rate, "rate", 1000, "offered events/s")
	fs.BoolVar(&o.Max, "max", false, "send as fast as the server accepts (closed loop) instead of -rate")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "send window (at most 60s)")
	fs.IntVar(&o.Entries, "entries", 10, "events per PutEvents call (1..10)")
	fs.IntVar(&o.Concurrency, "concurrency", 0, "concurrent senders (0: 32 with -max, else max(64, calls/s ÷ 20))")
	fs.IntVar(&o.DetailBytes, "detail-bytes", 1000, "approximate size of each event's detail")
	fs.DurationVar(&o.DrainWait, "drain", 30*time.Second, "longest wait for deliveries after the window")
	fs.DurationVar(&o.LatencyFrom, "latency-from", 0, "count in the e2e latency only events sent this long after the window opened (a warm-up; delivered, missing and duplicate counts are unchanged)")
	fs.StringVar(&o.PerfOut, "perf", "", "record the started server with perf into this file during the window")
}
