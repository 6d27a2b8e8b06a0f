package benchkit

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

// Printer is a report that prints itself as a human-readable table.
type Printer interface{ Print(w io.Writer) }

// Command is the shell every load tool's main shares: flags parsed into an O and validated,
// a run cancelled by an interrupt, the printed report and, with -json, the report as one JSON
// line. All fields are required. A Command is immutable and safe for concurrent use.
type Command[O any, R Printer] struct {
	Name     string                                                   // tool name, prefixes errors ("putload")
	Flags    func(fs *flag.FlagSet, o *O)                             // registers the tool's flags into *o
	Validate func(o *O) error                                         // checks the parsed options
	Run      func(ctx context.Context, o O, log io.Writer) (R, error) // the measurement; progress to log
}

// ServerFlags registers -endpoint, -binary and -server-cpus: which server the tool loads.
func ServerFlags(fs *flag.FlagSet, endpoint, binary, serverCPUs *string) {
	fs.StringVar(endpoint, "endpoint", "", "eventrail endpoint (default: start a server from -binary)")
	fs.StringVar(binary, "binary", "", "eventrail binary to start (default: go build cmd/eventrail)")
	fs.StringVar(serverCPUs, "server-cpus", "", "run the started server under taskset -c CPUS (e.g. 1)")
}

// Main parses args, runs the tool and prints the report on stdout; it returns the exit status:
// 2 for bad flags (explained on stderr), 1 when Run fails, 0 otherwise.
func (c Command[O, R]) Main(args []string, stdout, stderr io.Writer) int {
	o, asJSON, err := c.Parse(args, stderr)
	if err != nil {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := c.Run(ctx, o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, c.Name+":", err)
		return 1
	}
	rep.Print(stdout)
	if asJSON {
		_ = WriteJSONLine(stdout, rep)
	}
	return 0
}

// Parse parses args into options and whether -json was given. The flag package reports its
// own errors (and -h) on stderr; a validation error is printed there as "name: err".
func (c Command[O, R]) Parse(args []string, stderr io.Writer) (O, bool, error) {
	var o O
	fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.Flags(fs, &o)
	asJSON := fs.Bool("json", false, "also print the report as one JSON line")
	err := fs.Parse(args)
	if err == nil {
		if err = c.Validate(&o); err != nil {
			fmt.Fprintln(stderr, c.Name+":", err)
		}
	}
	return o, *asJSON, err
}
