package awsjson

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/eventrail/eventrail"
)

type smallIn struct {
	Name string `json:"Name"`
}

type smallOut struct {
	Arn string `json:"Arn"`
}

func smallOp(_ context.Context, in *smallIn) (*smallOut, error) {
	return &smallOut{Arn: "arn:aws:events:us-east-1:111111111111:event-bus/" + in.Name}, nil
}

// discardWriter is a minimal ResponseWriter so the benchmark measures the edge, not a recorder.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// benchDispatch measures one small call through ServeHTTP (no network): routing, body read,
// optional SigV4 verification, JSON decode, call, JSON encode, headers.
func benchDispatch(b *testing.B, target string, signed bool) {
	svc := &Service{TargetPrefix: "AWSEvents", SigningName: "events"}
	svc.Register("Small", smallOp)
	Handle(svc, "SmallFast", smallOp)
	o := Options{Services: []*Service{svc}}
	if signed {
		o.Credentials = map[string]string{testAKID: testSecret}
		o.Clock = eventrail.NewFakeClock(testEpoch)
	}
	h, err := NewHandler(o)
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"Name":"orders"}`)
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:4010/", bytes.NewReader(body))
	req.Header.Set("X-Amz-Target", target)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	if signed {
		err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: testAKID, SecretAccessKey: testSecret},
			req, sha256Hex(body), "events", "us-east-1", testEpoch)
		if err != nil {
			b.Fatal(err)
		}
	}
	rd := bytes.NewReader(body)
	req.Body = io.NopCloser(rd)
	w := &discardWriter{h: make(http.Header, 4)}
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(body)
		clear(w.h)
		h.ServeHTTP(w, req)
	}
	if w.h.Get("Content-Type") != "application/x-amz-json-1.1" || w.h.Get("X-Amzn-ErrorType") != "" {
		b.Fatalf("call failed: %v", w.h)
	}
}

func BenchmarkDispatchReflect(b *testing.B)       { benchDispatch(b, "AWSEvents.Small", false) }
func BenchmarkDispatchGeneric(b *testing.B)       { benchDispatch(b, "AWSEvents.SmallFast", false) }
func BenchmarkDispatchSignedGeneric(b *testing.B) { benchDispatch(b, "AWSEvents.SmallFast", true) }
