package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/eventrail/eventrail/pattern"
)

// errNoMatch makes `eventrail test-pattern` exit with status 1 when the event does not match.
var errNoMatch = errors.New("no match")

// testPatternCommand tests a pattern against an event and prints the explanation.
func testPatternCommand(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("test-pattern", flag.ContinueOnError)
	patternPath := fs.String("pattern", "", "file with the event pattern (- for stdin)")
	eventPath := fs.String("event", "", "file with the event (- for stdin)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *patternPath == "" || *eventPath == "" {
		return errors.New("test-pattern needs -pattern FILE and -event FILE")
	}
	src, err := readInput(*patternPath, stdin)
	if err != nil {
		return err
	}
	event, err := readInput(*eventPath, stdin)
	if err != nil {
		return err
	}
	p, err := pattern.Parse(string(src))
	if err != nil {
		return err
	}
	ex, err := pattern.Explain(p, event)
	if err != nil {
		return fmt.Errorf("event: %w", err)
	}
	fmt.Fprintln(stdout, ex.String())
	if !ex.Matched {
		return errNoMatch
	}
	return nil
}

func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(path)
}
