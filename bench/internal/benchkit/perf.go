package benchkit

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Profile is a `perf record` of a server process over a run's measured window. It needs the
// perf tool and permission to profile one's own processes (perf_event_paranoid ≤ 2).
type Profile struct {
	out  string
	done chan *ProfileSummary
}

// Cost is a share of the profiled CPU samples.
type Cost struct {
	Percent float64 `json:"pct"`
	Name    string  `json:"name"`
}

// ProfileSummary is what a Profile found: where the server's CPU time went.
type ProfileSummary struct {
	File      string `json:"file"`
	Error     string `json:"error,omitempty"`
	Self      []Cost `json:"self,omitempty"`      // functions by self time
	Inclusive []Cost `json:"inclusive,omitempty"` // functions by time including callees
	Packages  []Cost `json:"packages,omitempty"`  // self time summed per Go package
}

// StartProfile records pid with perf into out from after delay for dur, in the background.
func StartProfile(pid int, out string, delay, dur time.Duration, log io.Writer) *Profile {
	p := &Profile{out: out, done: make(chan *ProfileSummary, 1)}
	go func() {
		time.Sleep(delay)
		fmt.Fprintf(log, "perf: recording pid %d for %s into %s\n", pid, dur, out)
		p.done <- record(pid, out, dur)
	}()
	return p
}

// Wait returns the summary once the recording is over.
func (p *Profile) Wait() *ProfileSummary { return <-p.done }

func record(pid int, out string, dur time.Duration) *ProfileSummary {
	s := &ProfileSummary{File: out}
	ctx, cancel := context.WithTimeout(context.Background(), dur+60*time.Second)
	defer cancel()
	secs := strconv.FormatFloat(dur.Seconds(), 'f', 3, 64)
	cmd := exec.CommandContext(ctx, "perf", "record", "-F", "999", "-g", "-p", strconv.Itoa(pid), "-o", out, "--", "sleep", secs)
	if b, err := cmd.CombinedOutput(); err != nil {
		s.Error = fmt.Sprintf("perf record: %v: %s", err, tailString(string(b), 500))
		return s
	}
	var err error
	if s.Self, err = perfReport(ctx, out, "--no-children"); err != nil {
		s.Error = err.Error()
		return s
	}
	s.Inclusive, _ = perfReport(ctx, out, "--children")
	s.Packages = byPackage(s.Self)
	return s
}

// perfReport lists the symbols of a recording with their percentages.
func perfReport(ctx context.Context, file, mode string) ([]Cost, error) {
	cmd := exec.CommandContext(ctx, "perf", "report", "-i", file, "--stdio", mode, "--sort", "symbol", "-g", "none", "--percent-limit", "0.3")
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("perf report: %v", err)
	}
	var costs []Cost
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || !strings.HasSuffix(f[0], "%") || strings.HasPrefix(f[0], "#") {
			continue
		}
		pct, err := strconv.ParseFloat(strings.TrimSuffix(f[0], "%"), 64)
		if err != nil {
			continue
		}
		// "--children" lines have two percentages (children, self): keep the first.
		rest := f[1:]
		if strings.HasSuffix(rest[0], "%") {
			rest = rest[1:]
		}
		name := strings.TrimSuffix(strings.Join(rest, " "), " - -")
		costs = append(costs, Cost{Percent: pct, Name: name})
	}
	return costs, nil
}

// byPackage sums self costs per Go package ("[k]" kernel symbols under "kernel").
func byPackage(self []Cost) []Cost {
	sums := map[string]float64{}
	for _, c := range self {
		sums[packageOf(c.Name)] += c.Percent
	}
	out := make([]Cost, 0, len(sums))
	for k, v := range sums {
		out = append(out, Cost{Percent: v, Name: k})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Percent > out[j].Percent })
	return out
}

// packageOf maps "[.] github.com/x/y/z.(*T).M" to "github.com/x/y/z".
func packageOf(sym string) string {
	kind, name, _ := strings.Cut(sym, " ")
	if kind == "[k]" {
		return "kernel"
	}
	slash := strings.LastIndexByte(name, '/')
	if dot := strings.IndexByte(name[slash+1:], '.'); dot >= 0 {
		return name[:slash+1+dot]
	}
	return name
}

// PrintProfile writes the top n entries of each list of s.
func PrintProfile(w io.Writer, s *ProfileSummary, n int) {
	if s == nil {
		return
	}
	if s.Error != "" {
		fmt.Fprintln(w, "profile:", s.Error)
		return
	}
	fmt.Fprintf(w, "server CPU profile (%s; perf report -i %s for more)\n", s.File, s.File)
	for _, l := range []struct {
		title string
		c     []Cost
	}{{"by package (self)", s.Packages}, {"top functions (self)", s.Self}, {"top functions (inclusive)", s.Inclusive}} {
		fmt.Fprintln(w, " ", l.title)
		for i, c := range l.c {
			if i == n {
				break
			}
			fmt.Fprintf(w, "    %6.2f%%  %s\n", c.Percent, c.Name)
		}
	}
}

func tailString(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
