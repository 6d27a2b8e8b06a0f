package benchkit

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
)

type fakeOptions struct {
	Endpoint, Binary, CPUs string
	N                      int
}

type fakeReport struct{ N int }

func (r *fakeReport) Print(w io.Writer) { fmt.Fprintf(w, "n = %d\n", r.N) }

var fakeCommand = Command[fakeOptions, *fakeReport]{
	Name: "fakeload",
	Flags: func(fs *flag.FlagSet, o *fakeOptions) {
		ServerFlags(fs, &o.Endpoint, &o.Binary, &o.CPUs)
		fs.IntVar(&o.N, "n", 1, "a count")
	},
	Validate: func(o *fakeOptions) error {
		if o.N < 0 {
			return errors.New("-n must not be negative")
		}
		return nil
	},
	Run: func(_ context.Context, o fakeOptions, _ io.Writer) (*fakeReport, error) {
		if o.N == 13 {
			return nil, errors.New("unlucky")
		}
		return &fakeReport{N: o.N + len(o.Endpoint+o.Binary+o.CPUs)}, nil
	},
}

func TestCommandMain(t *testing.T) {
	for _, c := range []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"defaults", nil, 0, "n = 1\n", ""},
		{"server flags", []string{"-endpoint", "ab", "-binary", "c", "-server-cpus", "1", "-n", "2"}, 0, "n = 6\n", ""},
		{"json line", []string{"-n", "3", "-json"}, 0, "n = 3\n{\"N\":3}\n", ""},
		{"invalid", []string{"-n", "-1"}, 2, "", "fakeload: -n must not be negative\n"},
		{"unknown flag", []string{"-nope"}, 2, "", "flag provided but not defined: -nope"},
		{"run fails", []string{"-n", "13"}, 1, "", "fakeload: unlucky\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := fakeCommand.Main(c.args, &out, &errOut)
			if code != c.code || out.String() != c.stdout || !strings.HasPrefix(errOut.String(), c.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d, %q, %q…", code, out.String(), errOut.String(), c.code, c.stdout, c.stderr)
			}
		})
	}
}
