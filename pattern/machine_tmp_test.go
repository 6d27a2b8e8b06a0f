package pattern

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

var dts = []string{
	"EC2 Instance State-change Notification", "Object Created", "Order Placed", "Order Shipped",
	"Payment Authorized", "User Signed Up", "Build State Change", "Scheduled Event",
}
var sts = []string{"available", "pending", "running", "stopped", "terminated", "failed"}

func mixedAST(n int) []*Pattern {
	var out []*Pattern
	S := max(n/10, 1)
	for i := 0; i < S && len(out) < n; i++ {
		src := fmt.Sprintf("svc-%d", i)
		for k := 0; k < 10 && len(out) < n; k++ {
			switch {
			case k < 8:
				out = append(out, pat(cnd("source", mStr(src)), cnd("detail-type", mStr(dts[(i+k)%8])), cnd("detail.state", mStr(sts[k%6]))))
			case k == 8:
				out = append(out, pat(cnd("source", mStr(src)), cnd("detail.instance-id", mPrefix(fmt.Sprintf("i-0%x", i%16)))))
			default:
				out = append(out, pat(cnd("source", mStr(src)), cnd("detail-type", mStr(dts[i%8])), cnd("detail.state", mAB("terminated", "stopped"))))
			}
		}
	}
	return out
}

func BenchmarkTmpMixed(b *testing.B) {
	for _, n := range []int{10, 1000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			data, err := os.ReadFile(fmt.Sprintf("/tmp/rg/events-%d.jsonl", n))
			if err != nil {
				b.Skip(err)
			}
			events := tmpSplit(data)
			ps := mixedAST(n)
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			m := NewMachine()
			t0 := time.Now()
			for i, p := range ps {
				m.Add(fmt.Sprint("r", i), p)
			}
			el := time.Since(t0)
			runtime.GC()
			runtime.ReadMemStats(&m1)
			b.ReportMetric(float64(n)/el.Seconds(), "rules/s")
			b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/float64(n), "B/rule")
			dst := make([]string, 0, 64)
			b.ReportAllocs()
			b.ResetTimer()
			t1 := time.Now()
			var ru0, ru1 syscall.Rusage
			syscall.Getrusage(0, &ru0)
			tot := 0
			for i := 0; i < b.N; i++ {
				dst, _ = m.Match(events[i%len(events)], dst[:0])
				tot += len(dst)
			}
			b.ReportMetric(float64(b.N)/time.Since(t1).Seconds(), "events/s")
			syscall.Getrusage(0, &ru1)
			cpu := float64(ru1.Utime.Nano()-ru0.Utime.Nano()+ru1.Stime.Nano()-ru0.Stime.Nano()) / 1e9
			b.ReportMetric(float64(b.N)/cpu, "ev/cpu-s")
			b.ReportMetric(float64(tot)/float64(b.N), "m/ev")
		})
	}
}

func tmpSplit(data []byte) [][]byte {
	var out [][]byte
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(l) > 0 {
			out = append(out, l)
		}
	}
	return out
}
