package benchkit

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Server is one `eventrail serve` process started by StartServer. Its methods are not safe for
// concurrent use.
type Server struct {
	Endpoint string // http://127.0.0.1:PORT
	PID      int
	DataDir  string
	LogPath  string // the server's stderr

	cmd    *exec.Cmd
	exited chan struct{}
	tmp    string // removed by Stop when StartServer created it
}

// ServerOptions say how to start a server.
type ServerOptions struct {
	// Binary is the eventrail executable; BuildServer makes one.
	Binary string
	// DataDir is the store directory; empty means a fresh temporary one, removed by Stop.
	DataDir string
	// Config, when not nil, is written as the server's JSON config file (--config).
	Config map[string]any
	// Args are extra `serve` flags.
	Args []string
	// Taskset, when set, runs the server under `taskset -c Taskset` (e.g. "1").
	Taskset string
	// StartTimeout bounds the wait for the "listening on" banner (default 60 s).
	StartTimeout time.Duration
}

// StartServer starts `eventrail serve --listen 127.0.0.1:0` and waits until it prints its
// endpoint. The caller must call Stop.
func StartServer(o ServerOptions) (*Server, error) {
	tmp, err := os.MkdirTemp("", "eventrail-bench")
	if err != nil {
		return nil, err
	}
	s := &Server{DataDir: o.DataDir, LogPath: filepath.Join(tmp, "server.log"), exited: make(chan struct{}), tmp: tmp}
	if s.DataDir == "" {
		s.DataDir = filepath.Join(tmp, "data")
	}
	args := []string{"serve", "--listen", "127.0.0.1:0", "--data-dir", s.DataDir}
	if o.Config != nil {
		path := filepath.Join(tmp, "config.json")
		if err := writeJSONFile(path, o.Config); err != nil {
			os.RemoveAll(tmp)
			return nil, err
		}
		args = append(args, "--config", path)
	}
	args = append(args, o.Args...)
	name := o.Binary
	if o.Taskset != "" {
		args = append([]string{"-c", o.Taskset, o.Binary}, args...)
		name = "taskset"
	}
	if err := s.start(name, args, o.StartTimeout); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return s, nil
}

func (s *Server) start(name string, args []string, timeout time.Duration) error {
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	logFile, err := os.Create(s.LogPath)
	if err != nil {
		return err
	}
	defer logFile.Close()
	s.cmd = exec.Command(name, args...)
	s.cmd.Stderr = logFile
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.PID = s.cmd.Process.Pid
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	found := make(chan string, 1)
	go scanEndpoint(stdout, found)
	select {
	case s.Endpoint = <-found:
		return nil
	case <-s.exited:
		return fmt.Errorf("eventrail exited before listening:\n%s", tailFile(s.LogPath, 4000))
	case <-time.After(timeout):
		s.kill()
		return fmt.Errorf("eventrail did not print its endpoint within %s", timeout)
	}
}

// scanEndpoint sends the URL after "listening on " to found, then drains r.
func scanEndpoint(r io.Reader, found chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if _, rest, ok := strings.Cut(sc.Text(), "listening on "); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				found <- f[0]
			}
		}
	}
	_, _ = io.Copy(io.Discard, r)
}

// Stop ends the server with SIGTERM (SIGKILL after 20 s) and removes what StartServer created.
func (s *Server) Stop() error {
	defer os.RemoveAll(s.tmp)
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		return nil
	case <-time.After(20 * time.Second):
		s.kill()
		return errors.New("eventrail did not exit within 20 s of SIGTERM; killed")
	}
}

func (s *Server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// LogTail returns the last n bytes of the server's stderr.
func (s *Server) LogTail(n int) string { return tailFile(s.LogPath, n) }

func tailFile(path string, n int) string {
	b, _ := os.ReadFile(path)
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// BuildServer builds cmd/eventrail into dir and returns the binary's path. It must run inside
// the eventrail module (go build resolves the package by import path).
func BuildServer(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "eventrail")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/eventrail/eventrail/cmd/eventrail")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build cmd/eventrail: %v\n%s", err, out)
	}
	return bin, nil
}

// TestBinary returns the eventrail binary tests should start: $EVENTRAIL_BINARY when set,
// else one built into a temporary directory that cleanup removes.
func TestBinary() (bin string, cleanup func(), err error) {
	if b := os.Getenv("EVENTRAIL_BINARY"); b != "" {
		return b, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "eventrail-bench-test")
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin, err = BuildServer(ctx, dir)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return bin, func() { os.RemoveAll(dir) }, nil
}

// RunTests is the TestMain of the load tools' tests: it sets *binary to TestBinary's server,
// runs m (a *testing.M) and removes the built binary. It returns the exit status for os.Exit:
// m's, or 2 (with the reason on stderr) when no binary could be built.
func RunTests(m interface{ Run() int }, binary *string) int {
	bin, cleanup, err := TestBinary()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	*binary = bin
	code := m.Run()
	cleanup()
	return code
}
