package queue

import (
	"testing"
)

func FuzzParseReceipt(f *testing.F) {
	f.Add(receipt{queue: "q", gen: "g", seq: 7, receives: 2}.encode(), "q")
	f.Add("garbage", "q")
	f.Add("", "")
	f.Add("ZXIxAHEAZwA3ADI=", "q")
	f.Fuzz(func(t *testing.T, h, queue string) {
		r, ok := parseReceipt(h, queue)
		if !ok {
			return
		}
		if r.queue != queue || r.receives < 1 {
			t.Fatalf("accepted %q for %q as %+v", h, queue, r)
		}
		if again, ok := parseReceipt(r.encode(), queue); !ok || again != r {
			t.Fatalf("round trip of %+v = %+v, %v", r, again, ok)
		}
	})
}

func FuzzParseQueueURL(f *testing.F) {
	for _, s := range []string{"http://localhost:4566/000000000000/q", "https://sqs.us-east-1.amazonaws.com/1/q.fifo",
		"q", "/", "", "http://[::1", "http://h/a/b/c", "%zz://x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		acct, name, ok := parseQueueURL(raw)
		if ok && name == "" {
			t.Fatalf("%q → ok with empty name (account %q)", raw, acct)
		}
	})
}

func FuzzValidateAttributes(f *testing.F) {
	f.Add("RedrivePolicy", `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:d","maxReceiveCount":"3"}`, false)
	f.Add("VisibilityTimeout", "30", true)
	f.Add("RedrivePolicy", `{"maxReceiveCount":1e3}`, false)
	f.Add("FifoQueue", "true", true)
	f.Fuzz(func(t *testing.T, name, value string, fifo bool) {
		if err := validateAttributes(map[string]string{name: value}, fifo, true); err == nil {
			parseConfig(map[string]string{name: value}) // must not panic on anything accepted
		}
	})
}
