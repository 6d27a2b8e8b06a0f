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

// command is putload on the shared load-tool shell (flags, interrupt, report, -json).
var command = benchkit.Command[Options, *Report]{
	Name: "putload", Flags: defineFlags, Validate: (*Options).validate, Run: Run,
}

// run parses args, runs the load and prints the report; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return command.Main(args, stdout, stderr)
}

// defineFlags registers putload's flags into o.
func defineFlags(fs *flag.FlagSet, o *Options) {
	benchkit.ServerFlags(fs, &o.Endpoint, &o.Binary, &o.ServerCPUs)
	fs.IntVar(&o.Concurrency, "concurrency", 32, "concurrent callers")
	fs.IntVar(&o.Entries, "entries", 10, "entries per PutEvents call (1..10)")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "measured duration (at most 120s)")
	fs.DurationVar(&o.Warmup, "warmup", time.Second, "unmeasured load before the measured duration")
	fs.IntVar(&o.DetailBytes, "detail-bytes", 1000, "approximate size of each event's detail")
	fs.Float64Var(&o.Rate, "rate", 0, "fixed offered rate in calls/s (0: closed loop, as fast as answered)")
	fs.StringVar(&o.Bus, "bus", "", "event bus name (default: the default bus)")
	fs.StringVar(&o.Client, "client", "raw", `HTTP client: "raw" (lean hand-written HTTP/1.1 keep-alive, like wrk) or "nethttp" (Go's net/http)`)
	fs.StringVar(&o.PerfOut, "perf", "", "record the started server with perf into this file during the measured window")
}
