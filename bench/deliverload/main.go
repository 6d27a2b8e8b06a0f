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

// run parses args, runs the measurement and prints the report; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	o, asJSON, err := parseFlags(args, stderr)
	if err != nil {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := Run(ctx, o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "deliverload:", err)
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
	fs := flag.NewFlagSet("deliverload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Endpoint, "endpoint", "", "eventrail endpoint (default: start a server from -binary)")
	fs.StringVar(&o.Binary, "binary", "", "eventrail binary to start (default: go build cmd/eventrail)")
	fs.StringVar(&o.ServerCPUs, "server-cpus", "", "run the started server under taskset -c CPUS (e.g. 1)")
	fs.StringVar(&o.Target, "target", "http", "http: API destination to the sink; bus: remote event bus served by the sink; sqs: a queue this tool drains")
	fs.Float64Var(&o.Rate, "rate", 1000, "offered events/s")
	fs.BoolVar(&o.Max, "max", false, "send as fast as the server accepts (closed loop) instead of -rate")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "send window (at most 60s)")
	fs.IntVar(&o.Entries, "entries", 10, "events per PutEvents call (1..10)")
	fs.IntVar(&o.Concurrency, "concurrency", 0, "concurrent senders (0: 32 with -max, else max(64, calls/s ÷ 20))")
	fs.IntVar(&o.DetailBytes, "detail-bytes", 1000, "approximate size of each event's detail")
	fs.DurationVar(&o.DrainWait, "drain", 30*time.Second, "longest wait for deliveries after the window")
	fs.StringVar(&o.PerfOut, "perf", "", "record the started server with perf into this file during the window")
	asJSON := fs.Bool("json", false, "also print the report as one JSON line")
	err := fs.Parse(args)
	if err == nil {
		if err = o.validate(); err != nil {
			fmt.Fprintln(stderr, "deliverload:", err)
		}
	}
	return o, *asJSON, err
}
