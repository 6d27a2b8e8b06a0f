package funcdriver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/delivery/drivertest"
)

// TestMain lets the test binary act as the function: with FUNCDRIVER_HELPER set it behaves as
// that mode says and exits instead of running tests.
func TestMain(m *testing.M) {
	switch os.Getenv("FUNCDRIVER_HELPER") {
	case "":
		os.Exit(m.Run())
	case "record": // store stdin as $OUT_DIR/<event id>-<pid>
		in, _ := io.ReadAll(os.Stdin)
		name := fmt.Sprintf("%s-%d", os.Getenv("EVENTRAIL_EVENT_ID"), os.Getpid())
		if err := os.WriteFile(filepath.Join(os.Getenv("OUT_DIR"), name), in, 0o600); err != nil {
			os.Exit(2)
		}
		os.Exit(0)
	case "fail":
		for i := 0; i < 500; i++ {
			fmt.Fprintf(os.Stderr, "noise line %d\n", i)
		}
		fmt.Fprint(os.Stderr, "final reason: database unreachable\n")
		os.Exit(3)
	case "sleep":
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(4)
}

var account = eventrail.Account{Partition: "aws", Region: "us-east-1", ID: "000000000000"}

func fnARN(name string) string { return account.ARN("lambda", "function:"+name) }

func helper(mode string, env ...string) Function {
	return Function{Command: os.Args[0], Env: append([]string{"FUNCDRIVER_HELPER=" + mode}, env...)}
}

// newDriver configures "failing", "slow" (timeout 1 min, so the caller's deadline governs),
// "short" (timeout 200 ms) and a recording function per entry of out.
func newDriver(t *testing.T, out map[string]string) *Driver {
	fns := map[string]Function{
		"failing":        helper("fail"),
		"slow":           helper("sleep"),
		"missing-binary": {Command: filepath.Join(t.TempDir(), "does-not-exist")},
	}
	short := helper("sleep")
	short.Timeout = 200 * time.Millisecond
	fns["short"] = short
	single := helper("sleep")
	single.MaxConcurrency = 1
	fns["single"] = single
	for name, dir := range out {
		fns[name] = helper("record", "OUT_DIR="+dir)
	}
	d, err := New(Options{Account: account, Functions: fns, StderrTail: 100})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func readDir(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func TestConformance(t *testing.T) {
	dirs := map[string]string{"recorder-1": t.TempDir(), "recorder-2": t.TempDir()}
	d := newDriver(t, dirs)
	next := []string{"recorder-1", "recorder-2"}
	drivertest.RunDriverTests(t, drivertest.DriverHarness{
		Driver: d,
		NewTarget: func(t *testing.T) (string, func() []string) {
			name := next[0]
			next = next[1:]
			return fnARN(name) + ":$LATEST", func() []string { return readDir(t, dirs[name]) }
		},
		MissingTarget: func(*testing.T) string { return fnARN("not-configured") },
		FailingTarget: func(*testing.T) string { return fnARN("failing") },
		SlowTarget:    func(*testing.T) string { return fnARN("slow") },
		Concurrency:   4,
	})
}

func deliveryError(t *testing.T, err error) *eventrail.DeliveryError {
	t.Helper()
	var de *eventrail.DeliveryError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a DeliveryError", err)
	}
	return de
}

func TestStderrTailIsTheMessage(t *testing.T) {
	d := newDriver(t, nil)
	de := deliveryError(t, d.Deliver(context.Background(), drivertest.Handoff("e1", fnARN("failing"))))
	if de.Code != CodeFunctionError || !de.Retryable {
		t.Fatalf("got %+v", de)
	}
	if len(de.Message) > 100 || !strings.HasSuffix(de.Message, "final reason: database unreachable") {
		t.Fatalf("message = %q, want the last ≤100 bytes of stderr", de.Message)
	}
}

func TestFunctionTimeout(t *testing.T) {
	d := newDriver(t, nil)
	start := time.Now()
	de := deliveryError(t, d.Deliver(context.Background(), drivertest.Handoff("e1", fnARN("short"))))
	if de.Code != CodeTimeout || !de.Retryable {
		t.Fatalf("got %+v", de)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("a 200 ms function timeout took %v", el)
	}
}

func TestMaxConcurrencyWaitsWithinDeadline(t *testing.T) {
	d := newDriver(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := make(chan error, 1)
	go func() { first <- d.Deliver(ctx, drivertest.Handoff("e1", fnARN("single"))) }()
	// The slot is taken as soon as the first call starts; wait until it is.
	deadline := time.Now().Add(5 * time.Second)
	for len(d.slots["single"]) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("first invocation never started")
		}
		time.Sleep(time.Millisecond)
	}
	short, cancelShort := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancelShort()
	de := deliveryError(t, d.Deliver(short, drivertest.Handoff("e2", fnARN("single"))))
	if de.Code != CodeTimeout || !de.Retryable {
		t.Fatalf("waiting for a slot past the deadline: got %+v", de)
	}
	cancel()
	<-first
}

func TestNoResource(t *testing.T) {
	d := newDriver(t, map[string]string{"ok": t.TempDir()})
	for _, arn := range []string{
		fnARN("not-configured"),
		fnARN("missing-binary"),
		"arn:aws:lambda:eu-west-1:000000000000:function:ok", // other region
		"arn:aws:lambda:us-east-1:111111111111:function:ok", // other account
		"arn:aws:sqs:us-east-1:000000000000:ok",
	} {
		de := deliveryError(t, d.Deliver(context.Background(), drivertest.Handoff("e1", arn)))
		if de.Code != CodeNoResource || de.Retryable {
			t.Errorf("%s: got %+v, want permanent NO_RESOURCE", arn, de)
		}
	}
}

func TestEnvironment(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, map[string]string{"rec": dir})
	if err := d.Deliver(context.Background(), drivertest.Handoff("event-42", fnARN("rec"))); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "event-42-") {
		t.Fatalf("EVENTRAIL_EVENT_ID not passed: files %v", entries)
	}
}

func TestNewRejectsEmptyCommand(t *testing.T) {
	if _, err := New(Options{Functions: map[string]Function{"f": {}}}); err == nil {
		t.Fatal("a function without a command must be rejected")
	}
}

func TestFunctionName(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:lambda:us-east-1:1:function:f":         "f",
		"arn:aws:lambda:us-east-1:1:function:f:$LATEST": "f",
		"arn:aws:lambda:us-east-1:1:function:f:prod":    "f",
		"arn:aws:lambda:us-east-1:1:function:":          "",
		"arn:aws:lambda:us-east-1:1:layer:l:1":          "",
		"arn:aws:sqs:us-east-1:1:function:f":            "",
		"function:f":                                    "",
	} {
		got, ok := FunctionName(arn)
		if got != want || ok != (want != "") {
			t.Errorf("FunctionName(%q) = %q, %v; want %q", arn, got, ok, want)
		}
	}
}

func FuzzFunctionName(f *testing.F) {
	for _, s := range []string{"arn:aws:lambda:us-east-1:1:function:f:q", "arn:aws:lambda:::::", "arn:aws:lambda:r:a:function::x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arn string) {
		name, ok := FunctionName(arn)
		if ok && (name == "" || strings.Contains(name, ":")) {
			t.Fatalf("FunctionName(%q) = %q", arn, name)
		}
		if !ok && name != "" {
			t.Fatalf("FunctionName(%q) returned a name with ok=false", arn)
		}
	})
}

func TestAttemptTimeoutHint(t *testing.T) {
	d := newDriver(t, map[string]string{"rec": t.TempDir()})
	for arn, want := range map[string]time.Duration{
		fnARN("short"):          200*time.Millisecond + time.Second,
		fnARN("rec"):            DefaultTimeout + time.Second,
		fnARN("not-configured"): 0,
	} {
		if got := d.AttemptTimeout(drivertest.Handoff("e", arn)); got != want {
			t.Errorf("AttemptTimeout(%s) = %v, want %v", arn, got, want)
		}
	}
}
