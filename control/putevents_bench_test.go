package control

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/eventrail/eventrail/awsjson"
)

// benchDetail returns a ~size-byte Detail object shaped like an EC2 notification, compact or
// (spaced) with the whitespace Python's json.dumps puts after ',' and ':'.
func benchDetail(i, size int, spaced bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"ImageId":"ami-%08x","State":"available","ErrorMessage":"","Region":"us-east-1","Tags":[`, i)
	for j := 0; b.Len() < size-40; j++ {
		if j > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"Key":"tag-%d","Value":"value \u00e9 %d","Count":%d,"Ratio":%d.25}`, j, j*7, j, j)
	}
	b.WriteString(`],"Ok":true,"Next":null}`)
	d := b.String()
	if spaced {
		d = strings.NewReplacer(`,"`, `, "`, `":`, `": `).Replace(d)
	}
	return d
}

// benchPutEventsBody returns a PutEvents request body of n entries with ~detailBytes of Detail
// each, JSON-encoded as the AWS SDKs send it.
func benchPutEventsBody(n, detailBytes int, spaced bool) []byte {
	var b bytes.Buffer
	b.WriteString(`{"Entries":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"Source":"aws.ec2","DetailType":"EC2 AMI State Change","Resources":["arn:aws:ec2:us-east-1::image/ami-%08x"],"Detail":%s}`,
			i, quoteJSON(benchDetail(i, detailBytes, spaced)))
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// quoteJSON renders s as a JSON string the way encoding/json does.
func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func allowAll(context.Context) bool { return true }

// discardResponse is a minimal ResponseWriter, so the benchmark measures the edge and PutEvents.
type discardResponse struct {
	h      http.Header
	status int
	n      int
}

func (w *discardResponse) Header() http.Header         { return w.h }
func (w *discardResponse) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }
func (w *discardResponse) WriteHeader(s int)           { w.status = s }

// BenchmarkPutEventsRequest measures a whole 10-entry (~12 KB) PutEvents call through the AWS
// JSON edge, without network: body read, decode, validation, event building, ingest (discarded)
// and the response.
func BenchmarkPutEventsRequest(b *testing.B) {
	for _, spaced := range []bool{false, true} {
		b.Run(fmt.Sprintf("spaced=%v", spaced), func(b *testing.B) {
			e := newEnv(b, func(o *Options) { o.Ingester = discardIngester{}; o.AllowAWSSources = allowAll })
			svc := &awsjson.Service{TargetPrefix: "AWSEvents", JSONVersion: "1.1", SigningName: "events"}
			svc.RegisterAll(e.s.Operations())
			h, err := awsjson.NewHandler(awsjson.Options{Services: []*awsjson.Service{svc}})
			if err != nil {
				b.Fatal(err)
			}
			body := benchPutEventsBody(10, 1100, spaced)
			rd := bytes.NewReader(body)
			req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:4010/", rd)
			req.Header.Set("X-Amz-Target", "AWSEvents.PutEvents")
			req.Header.Set("Content-Type", "application/x-amz-json-1.1")
			req.Body = io.NopCloser(rd)
			w := &discardResponse{h: make(http.Header, 4)}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			loopCPU(b, func() {
				rd.Reset(body)
				clear(w.h)
				w.n = 0
				h.ServeHTTP(w, req)
			})
			if w.status != http.StatusOK || w.n < 400 {
				b.Fatalf("call failed: status %d, %d bytes, %v", w.status, w.n, w.h)
			}
		})
	}
}

// BenchmarkCompactDetail measures AppendCompactDetail on a ~1.1 KB detail, compact and spaced.
func BenchmarkCompactDetail(b *testing.B) {
	for _, spaced := range []bool{false, true} {
		b.Run(fmt.Sprintf("spaced=%v", spaced), func(b *testing.B) {
			d := benchDetail(1, 1100, spaced)
			buf := make([]byte, 0, len(d))
			b.SetBytes(int64(len(d)))
			loopCPU(b, func() {
				if _, ok := AppendCompactDetail(buf[:0], d); !ok {
					b.Fatal("rejected")
				}
			})
		})
	}
}

// BenchmarkAppendPutEventsOutput measures the rendering of a 10-entry PutEvents response.
func BenchmarkAppendPutEventsOutput(b *testing.B) {
	out, ids := newPutEventsOutput(10)
	for i := range out.Entries {
		out.Entries[i].EventId = eventID(ids, i)
	}
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := out.AppendAWSJSON(buf[:0]); !ok {
			b.Fatal("refused")
		}
	}
}
