package sqsquery

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/eventrail/eventrail/memstore"
	"github.com/eventrail/eventrail/queue"
)

// benchHandler returns a handler over a memstore queue service with queue "bench".
func benchHandler(b *testing.B) (http.Handler, string) {
	b.Helper()
	store := memstore.New()
	svc, err := queue.Open(context.Background(), queue.Options{Store: store})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close(); store.Close() })
	h := NewHandler(svc, Options{})
	out, err := svc.CreateQueue(context.Background(), &queue.CreateQueueInput{QueueName: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	return h, out.QueueUrl
}

func serve(b *testing.B, h http.Handler, body string) {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("HTTP %d %s", w.Code, w.Body)
	}
}

// BenchmarkSendReceiveDelete measures one SendMessage (with two attributes), ReceiveMessage
// (All) and DeleteMessage round through the Query edge, in process.
func BenchmarkSendReceiveDelete(b *testing.B) {
	h, url := benchHandler(b)
	q := "&QueueUrl=" + enc(url)
	send := v + "Action=SendMessage" + q + "&MessageBody=" + enc(`{"order":42,"items":["a","b"]}`) +
		"&MessageAttribute.1.Name=kind&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=order" +
		"&MessageAttribute.2.Name=n&MessageAttribute.2.Value.DataType=Number&MessageAttribute.2.Value.StringValue=7"
	recv := v + "Action=ReceiveMessage" + q + "&AttributeName.1=All&MessageAttributeName.1=All"
	b.ReportAllocs()
	for b.Loop() {
		serve(b, h, send)
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(recv))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		m := reReceipt.FindStringSubmatch(w.Body.String())
		if m == nil {
			b.Fatalf("no message: %s", w.Body)
		}
		serve(b, h, v+"Action=DeleteMessage"+q+"&ReceiptHandle="+enc(m[1]))
	}
}

// BenchmarkDecodeSendMessageBatch measures parsing and decoding a 10-entry batch body.
func BenchmarkDecodeSendMessageBatch(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(v + "Action=SendMessageBatch&QueueUrl=x")
	for i := 1; i <= 10; i++ {
		p := "&SendMessageBatchRequestEntry." + string(rune('0'+i%10)) + "."
		if i == 10 {
			p = "&SendMessageBatchRequestEntry.10."
		}
		sb.WriteString(p + "Id=e" + p + "MessageBody=hello" + p + "MessageAttribute.1.Name=k" +
			p + "MessageAttribute.1.Value.DataType=String" + p + "MessageAttribute.1.Value.StringValue=v")
	}
	body := []byte(sb.String())
	b.ReportAllocs()
	for b.Loop() {
		f, err := parseForm(nil, body)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := decodeSendMessageBatch(f); err != nil {
			b.Fatal(err)
		}
	}
}
