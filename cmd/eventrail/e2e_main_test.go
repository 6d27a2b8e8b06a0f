package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// binary is the eventrail executable the end-to-end tests start, built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "eventrail-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "eventrail")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building eventrail:", err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// proc is one running eventrail server process.
type proc struct {
	t        *testing.T
	cmd      *exec.Cmd
	Endpoint string // http://127.0.0.1:PORT
	DataDir  string
	exited   chan struct{}
}

// startServer starts `eventrail serve` on a free loopback port with dataDir and extra flags,
// and waits (with a deadline) until it prints its endpoint.
func startServer(t *testing.T, dataDir string, extra ...string) *proc {
	t.Helper()
	args := append([]string{"serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir}, extra...)
	cmd := exec.Command(binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logFile, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{t: t, cmd: cmd, DataDir: dataDir, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.Kill()
		if t.Failed() {
			b, _ := os.ReadFile(logFile.Name())
			t.Logf("server log:\n%s", tail(string(b), 4000))
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "listening on "); ok {
				found <- strings.Fields(rest)[0]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case p.Endpoint = <-found:
	case <-p.exited:
		b, _ := os.ReadFile(logFile.Name())
		t.Fatalf("eventrail exited before listening:\n%s", b)
	case <-time.After(60 * time.Second):
		t.Fatal("eventrail did not start within 60 s")
	}
	return p
}

// Kill ends the process with SIGKILL (a crash) and waits for it.
func (p *proc) Kill() {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-p.exited
}

// Stop ends the process with SIGTERM and waits (bounded) for a clean exit.
func (p *proc) Stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		p.t.Error("eventrail did not exit within 20 s of SIGTERM")
		p.Kill()
	}
}

func (p *proc) awsConfig() aws.Config {
	return aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
	}
}

// Events returns an EventBridge client pointed at the server.
func (p *proc) Events() *eventbridge.Client {
	return eventbridge.NewFromConfig(p.awsConfig(), func(o *eventbridge.Options) { o.BaseEndpoint = aws.String(p.Endpoint) })
}

// SQS returns an SQS client pointed at the server's built-in queues.
func (p *proc) SQS() *sqs.Client {
	return sqs.NewFromConfig(p.awsConfig(), func(o *sqs.Options) { o.BaseEndpoint = aws.String(p.Endpoint) })
}

// Logs returns a CloudWatch Logs client pointed at the server's built-in log groups.
func (p *proc) Logs() *cloudwatchlogs.Client {
	return cloudwatchlogs.NewFromConfig(p.awsConfig(), func(o *cloudwatchlogs.Options) { o.BaseEndpoint = aws.String(p.Endpoint) })
}

// eventually polls cond until it returns true or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
