package pattern

import (
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
		n += skipRun(msg)
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
