package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses args, runs the load and prints the report; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	o, asJSON, err := parseFlags(args, stderr)
	if err != nil {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := Run(ctx, o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "putload:", err)
		return 1
	}
	rep.Print(stdout)
	if asJSON {
		_ = benchkit.WriteJSONLine(stdout, rep)
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (Options, bool, error) {
	var o Options
	fs := flag.NewFlagSet("putload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Endpoint, "endpoint", "", "eventrail endpoint (default: start a server from -binary)")
	fs.StringVar(&o.Binary, "binary", "", "eventrail binary to start (default: go build cmd/eventrail)")
	fs.StringVar(&o.ServerCPUs, "server-cpus", "", "run the started server under taskset -c CPUS (e.g. 1)")
	fs.IntVar(&o.Concurrency, "concurrency", 32, "concurrent callers")
	fs.IntVar(&o.Entries, "entries", 10, "entries per PutEvents call (1..10)")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "measured duration (at most 120s)")
	fs.DurationVar(&o.Warmup, "warmup", time.Second, "unmeasured load before the measured duration")
	fs.IntVar(&o.DetailBytes, "detail-bytes", 1000, "approximate size of each event's detail")
	fs.Float64Var(&o.Rate, "rate", 0, "fixed offered rate in calls/s (0: closed loop, as fast as answered)")
	fs.StringVar(&o.Bus, "bus", "", "event bus name (default: the default bus)")
	fs.StringVar(&o.PerfOut, "perf", "", "record the started server with perf into this file during the measured window")
	asJSON := fs.Bool("json", false, "also print the report as one JSON line")
	err := fs.Parse(args)
	if err == nil {
		err = o.validate()
		if err != nil {
			fmt.Fprintln(stderr, "putload:", err)
		}
	}
	return o, *asJSON, err
}
