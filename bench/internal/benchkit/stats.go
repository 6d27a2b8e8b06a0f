package benchkit

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Latency summarises a set of durations with exact percentiles (nearest rank). Values are in
// milliseconds so that the JSON line reads directly.
type Latency struct {
	Count  int     `json:"count"`
	MeanMs float64 `json:"mean_ms"`
	P50Ms  float64 `json:"p50_ms"`
	P90Ms  float64 `json:"p90_ms"`
	P99Ms  float64 `json:"p99_ms"`
	P999Ms float64 `json:"p999_ms"`
	MaxMs  float64 `json:"max_ms"`
}

// Summarize sorts ns (nanoseconds, modified in place) and returns its summary.
func Summarize(ns []int64) Latency {
	if len(ns) == 0 {
		return Latency{}
	}
	slices.Sort(ns)
	var sum float64
	for _, v := range ns {
		sum += float64(v)
	}
	rank := func(p float64) float64 {
		i := int(p*float64(len(ns))+0.999999) - 1
		i = max(0, min(i, len(ns)-1))
		return ms(ns[i])
	}
	return Latency{
		Count: len(ns), MeanMs: sum / float64(len(ns)) / 1e6,
		P50Ms: rank(0.50), P90Ms: rank(0.90), P99Ms: rank(0.99), P999Ms: rank(0.999), MaxMs: ms(ns[len(ns)-1]),
	}
}

func ms(ns int64) float64 { return float64(ns) / float64(time.Millisecond) }

// Row is one line of a printed report.
type Row struct{ Name, Value string }

// PrintTable writes rows as an aligned two-column table.
func PrintTable(w io.Writer, title string, rows []Row) {
	fmt.Fprintln(w, title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(tw, "  %s\t%s\n", r.Name, r.Value)
	}
	tw.Flush()
}

// LatencyRows renders l as table rows prefixed by name.
func LatencyRows(name string, l Latency) []Row {
	f := func(v float64) string { return fmt.Sprintf("%.3f ms", v) }
	return []Row{
		{name + " p50", f(l.P50Ms)}, {name + " p90", f(l.P90Ms)}, {name + " p99", f(l.P99Ms)},
		{name + " p99.9", f(l.P999Ms)}, {name + " max", f(l.MaxMs)}, {name + " mean", f(l.MeanMs)},
	}
}

// WriteJSONLine writes v as one line of JSON.
func WriteJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, string(b))
	return err
}

// Rate formats a per-second rate with thousands separators.
func Rate(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[0] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + "/s"
}

// R makes a Row.
func R(name, value string) Row { return Row{Name: name, Value: value} }
