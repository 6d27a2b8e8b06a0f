package control

import (
	"encoding/json"
	"testing"
)

// BenchmarkDecodePutEvents compares the fast decoder with encoding/json on a 10-entry body.
func BenchmarkDecodePutEvents(b *testing.B) {
	body := benchPutEventsBody(10, 1100, false)
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		loopCPU(b, func() {
			var in PutEventsInput
			if !in.DecodeAWSJSON(body) {
				b.Fatal("fast path refused the body")
			}
		})
	})
	b.Run("json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		loopCPU(b, func() {
			var in PutEventsInput
			if err := json.Unmarshal(body, &in); err != nil {
				b.Fatal(err)
			}
		})
	})
}
