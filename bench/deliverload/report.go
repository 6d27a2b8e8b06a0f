package main

import (
	"fmt"
	"io"

	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

// Report is one run's result. JSON names are stable (scripts read the -json line).
type Report struct {
	Tool          string                   `json:"tool"`
	Target        string                   `json:"target"`
	Note          string                   `json:"note,omitempty"`
	OfferedPerS   float64                  `json:"offered_events_per_s,omitempty"`
	Max           bool                     `json:"max,omitempty"`
	Entries       int                      `json:"entries"`
	Concurrency   int                      `json:"concurrency"`
	DetailBytes   int                      `json:"detail_bytes"`
	DurationS     float64                  `json:"duration_s"`
	Sent          int64                    `json:"sent"`
	PutFailed     int64                    `json:"put_failed"`
	PutErrors     int64                    `json:"put_errors"`
	FirstError    string                   `json:"first_error,omitempty"`
	SentPerS      float64                  `json:"sent_per_s"`
	Delivered     int64                    `json:"delivered"`
	DeliveredPerS float64                  `json:"delivered_per_s"`        // first arrivals within the send window / window
	SteadyPerS    float64                  `json:"delivered_steady_per_s"` // first arrivals in the window's second half / half
	OverallPerS   float64                  `json:"delivered_overall_per_s"`
	DrainS        float64                  `json:"drain_s"` // from the end of the window to the last arrival
	Missing       int64                    `json:"missing"`
	Duplicates    int64                    `json:"duplicates"`
	Foreign       int64                    `json:"foreign"`
	SinkRequests  int64                    `json:"sink_requests"`
	DrainErrors   int64                    `json:"drain_errors,omitempty"`
	CPU           benchkit.CPUUse          `json:"cpu"`                               // from the first send to the end of the drain
	ServerCPUUs   float64                  `json:"server_cpu_us_per_event,omitempty"` // per delivered event
	LoadAvg       string                   `json:"loadavg_1m"`                        // at the end of the run; >2 means other work shared the 2 cores
	EndToEnd      benchkit.Latency         `json:"e2e_latency"`
	LatencyFromS  float64                  `json:"e2e_latency_from_s,omitempty"` // events sent earlier in the window are not in EndToEnd
	PutLatency    benchkit.Latency         `json:"put_latency"`
	ScheduleLag   benchkit.Latency         `json:"schedule_lag"`
	Profile       *benchkit.ProfileSummary `json:"profile,omitempty"`

	reference bool         // -target reference: "sent" are posts to the sink, no server
	sample    *sinkRequest // the first arrival of event 0, for tests
}

func (d *delivery) report(s *sender, sentDone int64) *Report {
	secs := d.o.Duration.Seconds()
	r := &Report{
		Tool: "deliverload", Target: d.mode, Note: d.note, Max: d.o.Max, Entries: d.o.Entries,
		Concurrency: d.o.Concurrency, DetailBytes: d.o.DetailBytes, DurationS: secs,
		Sent: s.sent.Load(), PutFailed: s.failed.Load(), Delivered: d.rec.got.Load(),
		LoadAvg: benchkit.LoadAvg(), Duplicates: d.rec.dups.Load(), Foreign: d.rec.foreign.Load(), SinkRequests: d.sink.reqs.Load(),
		reference: d.direct != nil, sample: d.sink.sample.Load(),
	}
	if !d.o.Max {
		r.OfferedPerS = d.o.Rate
	}
	r.PutErrors, r.FirstError = s.errs.get()
	r.DrainErrors, _ = d.derrs.get()
	r.SentPerS = float64(r.Sent) / secs
	r.DeliveredPerS = float64(d.rec.arrivalsBetween(s.start, s.end)) / secs
	half := (s.end - s.start) / 2
	r.SteadyPerS = float64(d.rec.arrivalsBetween(s.start+half, s.end)) / (secs / 2)
	last := d.rec.last.Load()
	if last > s.start {
		r.OverallPerS = float64(r.Delivered) / (float64(last-s.start) / 1e9)
	}
	r.DrainS = max(0, float64(last-s.end)/1e9)
	r.Missing = max(0, r.Sent-r.Delivered)
	r.EndToEnd = benchkit.Summarize(d.latencies())
	r.LatencyFromS = d.o.LatencyFrom.Seconds()
	r.PutLatency = benchkit.Summarize(s.putLat)
	r.ScheduleLag = benchkit.Summarize(s.lag)
	return r
}

// latencies returns the end-to-end latency of every delivered event sent from the
// -latency-from mark on.
func (d *delivery) latencies() []int64 {
	out := make([]int64, 0, d.rec.got.Load())
	for i := int(min(d.latencyFromSeq.Load(), uint64(len(d.rec.lat)))); i < len(d.rec.lat); i++ {
		if v := d.rec.lat[i].Load(); v != 0 {
			out = append(out, v-1)
		}
	}
	return out
}

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) {
	load := "max rate"
	if !r.Max {
		load = "offered " + benchkit.Rate(r.OfferedPerS)
	}
	if r.Note != "" {
		fmt.Fprintln(w, r.Note)
	}
	rows := []benchkit.Row{
		benchkit.R("sent (accepted)", fmt.Sprintf("%d (%s)", r.Sent, benchkit.Rate(r.SentPerS))),
		benchkit.R(r.call()+" failures", fmt.Sprintf("%d entries, %d calls", r.PutFailed, r.PutErrors)),
		benchkit.R("delivered", fmt.Sprint(r.Delivered)),
		benchkit.R("delivered in window", benchkit.Rate(r.DeliveredPerS)),
		benchkit.R("delivered, 2nd half", benchkit.Rate(r.SteadyPerS)),
		benchkit.R("delivered overall", fmt.Sprintf("%s (drain %.2fs after window)", benchkit.Rate(r.OverallPerS), r.DrainS)),
		benchkit.R("missing / duplicates", fmt.Sprintf("%d / %d", r.Missing, r.Duplicates)),
		benchkit.R("sink requests", fmt.Sprint(r.SinkRequests)),
	}
	if r.FirstError != "" {
		rows = append(rows, benchkit.R("first error", r.FirstError))
	}
	e2e := "e2e latency"
	if r.LatencyFromS > 0 {
		e2e = fmt.Sprintf("e2e latency (sent ≥%gs)", r.LatencyFromS)
	}
	rows = append(rows, benchkit.LatencyRows(e2e, r.EndToEnd)...)
	rows = append(rows, benchkit.R(r.call()+" latency p50/p99", fmt.Sprintf("%.3f / %.3f ms", r.PutLatency.P50Ms, r.PutLatency.P99Ms)))
	if !r.Max {
		rows = append(rows, benchkit.R("send lag p99/max", fmt.Sprintf("%.3f / %.3f ms", r.ScheduleLag.P99Ms, r.ScheduleLag.MaxMs)))
	}
	if r.CPU.ServerS > 0 {
		rows = append(rows, benchkit.R("server CPU", fmt.Sprintf("%.2f s (%.1f µs/delivered event)", r.CPU.ServerS, r.ServerCPUUs)))
	}
	rows = append(rows, benchkit.R("tool CPU (load+sink)", fmt.Sprintf("%.2f s", r.CPU.ClientS)))
	rows = append(rows, benchkit.R("load average (1m)", r.LoadAvg))
	benchkit.PrintTable(w, fmt.Sprintf("deliverload: %s, %d entries/call, %d senders, %.1fs, target %s",
		load, r.Entries, r.Concurrency, r.DurationS, r.Target), rows)
	benchkit.PrintProfile(w, r.Profile, 15)
}

// call names what the senders sent: PutEvents calls, or posts to the sink (-target reference).
func (r *Report) call() string {
	if r.reference {
		return "post"
	}
	return "put"
}
