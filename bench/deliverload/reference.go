package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/bench/internal/benchkit"
)

// The envelope fields eventrail fills in for a server started with its defaults
// (cmd/eventrail: account 000000000000, us-east-1).
const (
	referenceAccount = "000000000000"
	referenceRegion  = "us-east-1"
)

// referenceHeaders are the headers eventrail's API destination sends to the sink: the fixed
// invocation headers (apidest/headers.go) and the API_KEY credential createHTTPTarget sets up.
// net/http adds Host and Content-Length, as it does for eventrail.
func referenceHeaders() http.Header {
	return http.Header{
		"User-Agent":      {"Amazon/EventBridge/ApiDestinations"},
		"Range":           {"bytes=0-1048575"},
		"Accept-Encoding": {"gzip,deflate"},
		"Content-Type":    {"application/json; charset=utf-8"},
		"X-Api-Key":       {"bench"},
	}
}

// envelopeTemplate is one event as eventrail delivers it, without its id and time, and with
// its detail split after the opening brace so the bench fields can go first, as the PutEvents
// entries of the other targets carry them. Read-only once built.
type envelopeTemplate struct {
	event      eventrail.Event // Detail unset
	detailRest []byte          // the detail after its '{'
}

// newEnvelopeTemplate decodes PutEvents entry i (as the senders of the other targets build it)
// into the event eventrail would make of it.
func newEnvelopeTemplate(i, detailBytes int) (envelopeTemplate, error) {
	var in struct {
		Source, DetailType, Detail string
		Resources                  []string
	}
	if err := json.Unmarshal(benchkit.NewAMIEntry(i, detailBytes, "").Append(nil), &in); err != nil {
		return envelopeTemplate{}, fmt.Errorf("reference: entry %d: %w", i, err)
	}
	if len(in.Detail) < 2 || in.Detail[0] != '{' {
		return envelopeTemplate{}, fmt.Errorf("reference: entry %d: detail %.20q is not an object", i, in.Detail)
	}
	return envelopeTemplate{
		event: eventrail.Event{DetailType: in.DetailType, Source: in.Source, Account: referenceAccount,
			Region: referenceRegion, Resources: in.Resources},
		detailRest: []byte(in.Detail[1:]),
	}, nil
}

// appendEnvelope appends the envelope of event seq of run, sent at sentNs (bench clock) and
// stamped with now, to dst, using scratch for the detail; it returns both buffers for reuse.
func (t *envelopeTemplate) appendEnvelope(dst, scratch []byte, run string, seq uint64, sentNs int64, now time.Time) ([]byte, []byte) {
	d := append(scratch[:0], `{"bench_run":"`...)
	d = append(d, run...)
	d = append(d, `","bench_seq":`...)
	d = strconv.AppendUint(d, seq, 10)
	d = append(d, `,"bench_sent_ns":`...)
	d = strconv.AppendInt(d, sentNs, 10)
	if t.detailRest[0] != '}' {
		d = append(d, ',')
	}
	d = append(d, t.detailRest...)
	ev := t.event
	ev.ID = referenceID(run, seq)
	ev.Time = now
	ev.Detail = d
	return ev.AppendEnvelope(dst), d
}

// referenceID is a UUID-shaped id unique to (run, seq): the same length as eventrail's random
// ids, without the cost of drawing random bytes per event in the tool.
func referenceID(run string, seq uint64) string {
	r := (run + "00000000")[:8]
	return fmt.Sprintf("%s-%04x-4%03x-8%03x-%012x", r, seq>>48&0xffff, seq>>36&0xfff, seq>>24&0xfff, seq&0xffffffffffff)
}

// directPoster is -target reference: it POSTs each event's envelope straight to the sink with
// a plain keep-alive net/http client, one event per request, as eventrail's API destination
// would deliver it. Safe for concurrent use.
type directPoster struct {
	url    string
	run    string
	header http.Header // shared by all requests, never modified
	tmpl   []envelopeTemplate
	client *http.Client
}

// newDirectPoster prepares templates of the events the senders of the other targets offer and
// a client keeping up to conns idle connections to the sink. Call close when done.
func newDirectPoster(sinkURL, run string, detailBytes, conns int) (*directPoster, error) {
	p := &directPoster{url: sinkURL + "/events", run: run, header: referenceHeaders()}
	for i := range 64 {
		t, err := newEnvelopeTemplate(i, detailBytes)
		if err != nil {
			return nil, err
		}
		p.tmpl = append(p.tmpl, t)
	}
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	p.client = &http.Client{Transport: tr, Timeout: 30 * time.Second}
	return p, nil
}

// post sends event seq, stamped sentNs, in one request; buf and scratch are encoding buffers
// returned for reuse (buf must not be reused before post returns). A non-2xx answer is an error.
func (p *directPoster) post(ctx context.Context, buf, scratch []byte, seq uint64, sentNs int64) ([]byte, []byte, error) {
	t := &p.tmpl[seq%uint64(len(p.tmpl))]
	buf, scratch = t.appendEnvelope(buf[:0], scratch, p.run, seq, sentNs, time.Now())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(buf))
	if err != nil {
		return buf, scratch, err
	}
	req.Header = p.header
	resp, err := p.client.Do(req)
	if err != nil {
		return buf, scratch, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode/100 != 2 {
		err = fmt.Errorf("sink answered HTTP %d", resp.StatusCode)
	}
	return buf, scratch, err
}

func (p *directPoster) close() { p.client.CloseIdleConnections() }

// runReference measures the machine's own ceiling for the sink: no server, the senders post
// envelopes to the sink directly. The sink, recorder and report are those of the other targets.
func runReference(ctx context.Context, o Options, rec *recorder, sk *sink, run string, log io.Writer) (*Report, error) {
	p, err := newDirectPoster(sk.URL, run, o.DetailBytes, o.Concurrency+16)
	if err != nil {
		return nil, err
	}
	defer p.close()
	d := &delivery{o: o, rec: rec, sink: sk, run: run, log: log, direct: p,
		mode: "reference (no server: net/http client posts envelopes to sink " + sk.URL + ")"}
	return d.measure(ctx), nil
}
