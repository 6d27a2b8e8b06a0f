package main

import (
	"fmt"
	"io"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

// Report is one run's result. JSON names are stable (scripts read the -json line).
type Report struct {
	Tool          string                   `json:"tool"`
	Concurrency   int                      `json:"concurrency"`
	Entries       int                      `json:"entries"`
	DetailBytes   int                      `json:"detail_bytes"`
	OfferedRate   float64                  `json:"offered_calls_per_s,omitempty"`
	DurationS     float64                  `json:"duration_s"`
	Calls         int64                    `json:"calls"`
	Events        int64                    `json:"events"`
	CallsPerS     float64                  `json:"calls_per_s"`
	EventsPerS    float64                  `json:"events_per_s"`
	Errors        int64                    `json:"errors"`
	FailedEntries int64                    `json:"failed_entries"`
	FirstError    string                   `json:"first_error,omitempty"`
	CPU           benchkit.CPUUse          `json:"cpu"`
	ServerCPUUs   float64                  `json:"server_cpu_us_per_event,omitempty"` // server CPU time per event
	LoadAvg       string                   `json:"loadavg_1m"`                        // at the end of the run; >2 means other work shared the 2 cores
	Latency       benchkit.Latency         `json:"latency"`
	Profile       *benchkit.ProfileSummary `json:"profile,omitempty"`
}

func (l *loop) report() *Report {
	secs := l.o.Duration.Seconds()
	events := l.calls*int64(l.o.Entries) - l.failed
	r := &Report{
		Tool: "putload", Concurrency: l.o.Concurrency, Entries: l.o.Entries, DetailBytes: l.o.DetailBytes,
		OfferedRate: l.o.Rate, DurationS: secs, Calls: l.calls, Events: events,
		CallsPerS: float64(l.calls) / secs, EventsPerS: float64(events) / secs,
		Errors: l.errs, FailedEntries: l.failed, FirstError: l.firstErr,
		Latency: benchkit.Summarize(l.lat), LoadAvg: benchkit.LoadAvg(), CPU: l.cpu,
	}
	if events > 0 {
		r.ServerCPUUs = l.cpu.ServerS * 1e6 / float64(events)
	}
	return r
}

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) {
	mode := "closed loop"
	if r.OfferedRate > 0 {
		mode = fmt.Sprintf("offered %s calls (latency from scheduled start)", benchkit.Rate(r.OfferedRate))
	}
	rows := []benchkit.Row{
		benchkit.R("events", benchkit.Rate(r.EventsPerS)),
		benchkit.R("calls", benchkit.Rate(r.CallsPerS)),
		benchkit.R("events total", fmt.Sprint(r.Events)),
		benchkit.R("errors (calls)", fmt.Sprint(r.Errors)),
		benchkit.R("failed entries", fmt.Sprint(r.FailedEntries)),
	}
	if r.FirstError != "" {
		rows = append(rows, benchkit.Row{Name: "first error", Value: r.FirstError})
	}
	rows = append(rows, benchkit.LatencyRows("call latency", r.Latency)...)
	rows = append(rows, benchkit.R("server CPU", fmt.Sprintf("%.2f s (%.2f cores, %.1f µs/event)", r.CPU.ServerS, r.CPU.ServerS/r.DurationS, r.ServerCPUUs)))
	rows = append(rows, benchkit.R("client CPU", fmt.Sprintf("%.2f s (%.2f cores)", r.CPU.ClientS, r.CPU.ClientS/r.DurationS)))
	rows = append(rows, benchkit.R("load average (1m)", r.LoadAvg))
	benchkit.PrintTable(w, fmt.Sprintf("putload: %d callers, %d entries/call, ~%d B detail, %.1fs, %s",
		r.Concurrency, r.Entries, r.DetailBytes, r.DurationS, mode), rows)
	benchkit.PrintProfile(w, r.Profile, 15)
}
