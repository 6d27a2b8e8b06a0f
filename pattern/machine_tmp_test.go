package pattern

import (
	"time"
	"runtime"
	"runtime/pprof"
	"fmt"
	"os"
	"bytes"
	"testing"
)

func BenchmarkTmpFlatten(b *testing.B) {
	data, _ := os.ReadFile("/tmp/rg/events-10.jsonl")
	ev := bytes.SplitN(data, []byte("\n"), 2)[0]
	b.SetBytes(int64(len(ev)))
	root := &pathNode{field: -1}
	s := new(scratch)
	for i := 0; i < b.N; i++ {
		s.reset(0, 0, 0)
		if err := s.flatten(ev, root); err != nil { b.Fatal(err) }
	}
}

func BenchmarkTmpSkipRun(b *testing.B) {
	data, _ := os.ReadFile("/tmp/rg/events-10.jsonl")
	ev := bytes.SplitN(data, []byte("\n"), 2)[0]
	i := bytes.Index(ev, []byte(`"message":"`)) + 11
	msg := ev[i:]
	b.SetBytes(int64(bytes.IndexByte(msg, '"')))
	n := 0
	for i := 0; i < b.N; i++ {
		n += bytes.IndexByte(msg, 0)
	}
	_ = n
}

func BenchmarkTmpIndexByte(b *testing.B) {
	data, _ := os.ReadFile("/tmp/rg/events-10.jsonl")
	ev := bytes.SplitN(data, []byte("\n"), 2)[0]
	i := bytes.Index(ev, []byte(`"message":"`)) + 11
	msg := ev[i:]
	b.SetBytes(int64(bytes.IndexByte(msg, '"')))
	n := 0
	for i := 0; i < b.N; i++ {
		n += bytes.IndexByte(msg, '"')
	}
	_ = n
}

func BenchmarkTmpLoop(b *testing.B) {
	data, _ := os.ReadFile("/tmp/rg/events-10.jsonl")
	ev := bytes.SplitN(data, []byte("\n"), 2)[0]
	i := bytes.Index(ev, []byte(`"message":"`)) + 11
	msg := ev[i:]
	b.SetBytes(int64(bytes.IndexByte(msg, '"')))
	n := 0
	for i := 0; i < b.N; i++ {
		for j, c := range msg { if c == '"' { n += j; break } }
	}
	_ = n
}

func TestTmpSkip(t *testing.T) {
	data, _ := os.ReadFile("/tmp/rg/events-10.jsonl")
	ev := bytes.SplitN(data, []byte("\n"), 2)[0]
	i := bytes.Index(ev, []byte(`"message":"`)) + 11
	msg := ev[i:]
	t.Log(bytes.IndexByte(msg, '"'), len(msg))
}

func fusedRun(b []byte) int {
	n := 0
	for n+16 <= len(b) {
		x := leU64(b[n:])
		y := leU64(b[n+8:])
		if sp(x)|sp(y) != 0 {
			break
		}
		n += 16
	}
	for ; n < len(b); n++ {
		if c := b[n]; c == '"' || c == '\\' || c < 0x20 {
			break
		}
	}
	return n
}
func leU64(b []byte) uint64 { _ = b[7]; return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 | uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56 }
func sp(x uint64) uint64 {
	return ((x - lsb8*0x20) | ((x ^ lsb8*'"') - lsb8) | ((x ^ lsb8*'\\') - lsb8)) &^ x & msb8
}

func BenchmarkTmpVariants(b *testing.B) {
	data, _ := os.ReadFile("/tmp/rg/events-10.jsonl")
	ev := bytes.SplitN(data, []byte("\n"), 2)[0]
	i := bytes.Index(ev, []byte(`"message":"`)) + 11
	for _, sz := range []int{8, 30, 405} {
		msg := append([]byte{}, ev[i:i+sz]...)
		msg = append(msg, '"')
		b.Run(fmt.Sprint("fused", sz), func(b *testing.B) { n := 0; for i := 0; i < b.N; i++ { n += fusedRun(msg) }; _ = n })
		
	}
}

func TestTmpHeap(t *testing.T) {
	rules, _ := rulegenWorkload(t, "mixed", 100000)
	c := compileRules(t, "heap", rules)
	f, _ := os.Create("/tmp/heap.out")
	runtime.GC()
	pprof.WriteHeapProfile(f)
	f.Close()
	t.Log(c.bytesPerRul)
	runtime.KeepAlive(c)
}

func TestTmpOpsShape(t *testing.T) {
	_, events := rulegenWorkload(t, "mixed", 10000)
	rules := opsRules(10000)
	c := compileRules(t, "ops-shape", rules)
	core := c.m.cores[0]
	var walk func(s *state, depth int)
	maxSlow, maxFields := 0, 0
	walk = func(s *state, depth int) {
		if len(s.fields) > maxFields { maxFields = len(s.fields) }
		for _, ft := range s.fields {
			if ft.more != nil && len(ft.more.slow) > maxSlow { maxSlow = len(ft.more.slow); t.Logf("slow %d at depth %d field %s", maxSlow, depth, pathOf(core, ft.field)) }
			if ft.more != nil && len(ft.more.any) > 100 { t.Logf("any %d at depth %d", len(ft.more.any), depth) }
			var kids []*state
			kids = append(kids, ft.edges.small...)
			for _, k := range ft.edges.big { kids = append(kids, k) }
			for _, k := range kids { walk(k, depth+1) }
		}
	}
	walk(core.start, 0)
	t.Log(maxSlow, maxFields, len(core.start.fields))
	for _, ft := range core.start.fields { t.Logf("start field %s edges %d", pathOf(core, ft.field), ft.edges.len()) }
	_ = events
}

func pathOf(c *core, f int32) string {
	var find func(n *pathNode, p string) string
	find = func(n *pathNode, p string) string {
		if n.field == f { return p }
		for _, k := range n.few { if r := find(k.node, p+"."+k.name); r != "" { return r } }
		for name, k := range n.many { if r := find(k, p+"."+name); r != "" { return r } }
		return ""
	}
	return find(&c.paths.root, "")
}

func TestTmpOpsCount(t *testing.T) {
	_, events := rulegenWorkload(t, "mixed", 10000)
	c := compileRules(t, "ops-shape", opsRules(10000))
	dbgVisits, dbgFollow = 0, 0
	for _, e := range events[:1000] { c.m.Match(e, nil) }
	t.Log(dbgVisits/1000, dbgFollow/1000)
}

func TestTmpOpsTime(t *testing.T) {
	_, events := rulegenWorkload(t, "mixed", 10000)
	c := compileRules(t, "ops-shape", opsRules(10000))
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	t0 := time.Now()
	var dst []string
	for i := 0; i < 200000; i++ { dst, _ = c.m.Match(events[i%len(events)], dst[:0]) }
	el := time.Since(t0)
	runtime.ReadMemStats(&ms1)
	t.Log(el/200000, ms1.NumGC-ms0.NumGC, ms1.TotalAlloc-ms0.TotalAlloc, c.m.cores[0].nStates)
}
