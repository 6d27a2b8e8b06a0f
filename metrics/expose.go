package metrics

import (
	"bytes"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
)

// ContentType is the media type of the text exposition format this package writes.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// ServeHTTP writes every family with at least one series in the text exposition format 0.0.4,
// families ordered by name and series by label values.
func (r *Registry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", ContentType)
	if req.Method == http.MethodHead {
		return
	}
	_, _ = r.WriteTo(w)
}

// WriteTo writes the exposition text to out.
func (r *Registry) WriteTo(out io.Writer) (int64, error) {
	var w expoWriter
	for _, f := range r.sortedFamilies() {
		name, help, kind, _ := f.header()
		mark := w.buf.Len()
		w.buf.WriteString("# HELP " + name + " " + escapeHelp(help) + "\n")
		w.buf.WriteString("# TYPE " + name + " " + kind + "\n")
		w.samples = 0
		f.write(&w)
		if w.samples == 0 {
			w.buf.Truncate(mark) // no series yet: leave the family out
		}
	}
	return w.buf.WriteTo(out)
}

// expoWriter accumulates exposition lines.
type expoWriter struct {
	buf     bytes.Buffer
	samples int
}

// sample writes one line: name+suffix{labels..., extraName="extraValue"} value.
func (w *expoWriter) sample(name, suffix string, labels, values []string, extraName, extraValue string, v float64) {
	w.samples++
	b := &w.buf
	b.WriteString(name)
	b.WriteString(suffix)
	if len(labels) > 0 || extraName != "" {
		b.WriteByte('{')
		for i, l := range labels {
			if i > 0 {
				b.WriteByte(',')
			}
			writeLabel(b, l, values[i])
		}
		if extraName != "" {
			if len(labels) > 0 {
				b.WriteByte(',')
			}
			writeLabel(b, extraName, extraValue)
		}
		b.WriteByte('}')
	}
	b.WriteByte(' ')
	b.WriteString(formatFloat(v))
	b.WriteByte('\n')
}

func writeLabel(b *bytes.Buffer, name, value string) {
	b.WriteString(name)
	b.WriteString(`="`)
	b.WriteString(labelEscaper.Replace(value))
	b.WriteByte('"')
}

var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

func escapeHelp(s string) string { return helpEscaper.Replace(s) }

// formatFloat renders v as the exposition format expects (+Inf, -Inf, NaN, shortest decimal).
func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
