package cputime

import (
	"testing"
	"time"
)

func TestProcessGrowsWithWork(t *testing.T) {
	start := Process()
	deadline := time.Now().Add(5 * time.Second)
	x := 0
	for Process()-start < 10*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("5 s of busy work counted as %v of CPU time", Process()-start)
		}
		for i := 0; i < 1e5; i++ {
			x += i
		}
	}
	_ = x
}
