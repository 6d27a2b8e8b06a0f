package funcdriver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// Defaults and error codes.
const (
	DefaultTimeout    = 30 * time.Second
	DefaultStderrTail = 1024

	CodeFunctionError = "FUNCTION_ERROR"
	CodeTimeout       = "TIMEOUT"
	CodeNoResource    = "NO_RESOURCE"
)

// Function is one configured function.
type Function struct {
	Command string   // executable path (or name looked up in PATH)
	Args    []string // arguments after the command
	Env     []string // "KEY=value" entries added to the environment
	// CleanEnv starts the process with only Env and the EVENTRAIL_* variables instead of the
	// server's environment plus Env.
	CleanEnv bool
	Dir      string        // working directory (default: the server's)
	Timeout  time.Duration // per invocation (default DefaultTimeout)
	// MaxConcurrency bounds the processes running at once for this function (0: unbounded).
	// Invocations over the bound wait, within their deadline.
	MaxConcurrency int
}

// Options configure a Driver.
type Options struct {
	// Account, when set (non-empty ID), restricts function ARNs to this account and region.
	Account eventrail.Account
	// Functions maps function names to their configuration.
	Functions map[string]Function
	// StderrTail is how many trailing bytes of standard error become the error message
	// (default DefaultStderrTail).
	StderrTail int
}

// Driver runs configured functions. Safe for concurrent use.
type Driver struct {
	o     Options
	slots map[string]chan struct{}
}

var _ eventrail.Deliverer = (*Driver)(nil)

// New returns a Driver. It fails if a function has no Command.
func New(o Options) (*Driver, error) {
	if o.StderrTail <= 0 {
		o.StderrTail = DefaultStderrTail
	}
	d := &Driver{o: o, slots: map[string]chan struct{}{}}
	for name, f := range o.Functions {
		if f.Command == "" {
			return nil, fmt.Errorf("funcdriver: function %q has no command", name)
		}
		if f.MaxConcurrency > 0 {
			d.slots[name] = make(chan struct{}, f.MaxConcurrency)
		}
	}
	return d, nil
}

// FunctionName returns the function name of a Lambda function ARN (qualifier dropped).
func FunctionName(arn string) (string, bool) {
	p, ok := eventrail.ParseARN(arn)
	if !ok || p.Service != "lambda" {
		return "", false
	}
	rest, ok := strings.CutPrefix(p.Resource, "function:")
	if !ok {
		return "", false
	}
	name, _, _ := strings.Cut(rest, ":")
	return name, name != ""
}

// Deliver runs the function named by the target ARN with the payload on standard input.
func (d *Driver) Deliver(ctx context.Context, h *eventrail.Handoff) error {
	name, f, err := d.lookup(h.Target.Arn)
	if err != nil {
		return err
	}
	if slots := d.slots[name]; slots != nil {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		case <-ctx.Done():
			return timeout(name, ctx.Err())
		}
	}
	timeoutAfter := f.Timeout
	if timeoutAfter <= 0 {
		timeoutAfter = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeoutAfter)
	defer cancel()
	return d.run(ctx, name, f, h)
}

// AttemptTimeout tells the delivery engine how long one invocation of the target may take: the
// function's Timeout plus a second, so the driver's own timeout fires first and reports TIMEOUT.
func (d *Driver) AttemptTimeout(h *eventrail.Handoff) time.Duration {
	_, f, err := d.lookup(h.Target.Arn)
	if err != nil {
		return 0
	}
	if f.Timeout <= 0 {
		return DefaultTimeout + time.Second
	}
	return f.Timeout + time.Second
}

func (d *Driver) lookup(arn string) (string, Function, error) {
	name, ok := FunctionName(arn)
	if ok && d.o.Account.ID != "" {
		p, _ := eventrail.ParseARN(arn)
		ok = p.Account == d.o.Account.ID && p.Region == d.o.Account.Region
	}
	f, found := d.o.Functions[name]
	if !ok || !found {
		return "", Function{}, &eventrail.DeliveryError{Code: CodeNoResource,
			Message: fmt.Sprintf("Function not found: %s", arn)}
	}
	return name, f, nil
}

func (d *Driver) run(ctx context.Context, name string, f Function, h *eventrail.Handoff) error {
	cmd := exec.CommandContext(ctx, f.Command, f.Args...)
	cmd.Dir = f.Dir
	cmd.Stdin = bytes.NewReader(h.Payload)
	cmd.Stdout = io.Discard
	stderr := &tailBuffer{max: d.o.StderrTail}
	cmd.Stderr = stderr
	cmd.Env = environment(name, f, h)
	cmd.WaitDelay = time.Second // do not hang on pipes held open by grandchildren
	err := cmd.Run()
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return timeout(name, ctx.Err())
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = fmt.Sprintf("function %s exited with %s", name, exit.ProcessState)
		}
		return &eventrail.DeliveryError{Code: CodeFunctionError, Message: msg, Retryable: true}
	}
	if errors.Is(err, exec.ErrWaitDelay) {
		return nil // the function exited 0; only a leftover child kept its output open
	}
	return &eventrail.DeliveryError{Code: CodeNoResource, Message: fmt.Sprintf("function %s cannot be started: %v", name, err)}
}

func timeout(name string, err error) error {
	return &eventrail.DeliveryError{Code: CodeTimeout, Retryable: true,
		Message: fmt.Sprintf("function %s did not finish in time: %v", name, err)}
}

func environment(name string, f Function, h *eventrail.Handoff) []string {
	var env []string
	if !f.CleanEnv {
		env = os.Environ()
	}
	env = append(env, f.Env...)
	return append(env,
		"AWS_LAMBDA_FUNCTION_NAME="+name,
		"EVENTRAIL_EVENT_ID="+h.EventID,
		"EVENTRAIL_RULE_ARN="+h.RuleArn,
		"EVENTRAIL_TARGET_ID="+h.Target.Id,
	)
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }
