// Command eventrail is a self-hosted event bus that speaks Amazon EventBridge's API.
//
//	eventrail serve [flags]      run the server (embedded NATS JetStream by default)
//	eventrail test-pattern ...   test an event pattern against an event, and say why
//	eventrail version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the process exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch args[0] {
	case "serve":
		err = serveCommand(ctx, args[1:], stdout, stderr)
	case "test-pattern":
		err = testPatternCommand(args[1:], stdin, stdout)
	case "version":
		fmt.Fprintln(stdout, "eventrail", version)
	case "help", "-h", "--help":
		usage(stdout)
	default:
		fmt.Fprintf(stderr, "eventrail: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errNoMatch):
		return 1
	default:
		fmt.Fprintln(stderr, "eventrail:", err)
		return 2
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: eventrail <command> [flags]

commands:
  serve          run the EventBridge-compatible server (eventrail serve -h for flags)
  test-pattern   test an event pattern against an event and explain the result
                 (eventrail test-pattern -pattern P.json -event E.json)
  version        print the version
`)
}
