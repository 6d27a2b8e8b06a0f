package jetstream

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
)

const crashDirEnv = "EVENTRAIL_CRASH_CHILD_DIR"

// TestCrashChild is the process TestCrashSafety kills: it appends records and puts KV keys,
// printing "ack <seq> <data>" / "put <key> <rev>" after each acknowledged write, until it is
// killed or a bound is reached. It does nothing in a normal test run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("helper process for TestCrashSafety")
	}
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	lg, err := s.Log(ctx, "events", eventrail.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	kv, err := s.KV(ctx, "control")
	if err != nil {
		t.Fatal(err)
	}
	out := bufio.NewWriter(os.Stdout)
	deadline := time.Now().Add(20 * time.Second)
	for i := 0; i < 100000 && time.Now().Before(deadline); i++ {
		batch := make([]eventrail.Record, 4)
		for j := range batch {
			batch[j] = eventrail.Record{Key: "bus.default", Data: []byte(fmt.Sprintf("r%d-%d", i, j))}
		}
		if err := lg.Append(ctx, batch); err != nil {
			t.Fatal(err)
		}
		for _, r := range batch {
			fmt.Fprintf(out, "ack %d %s\n", r.Seq, r.Data)
		}
		key := fmt.Sprintf("rule/b/r%d", i%50)
		rev, err := kv.Put(ctx, key, []byte(strconv.Itoa(i)))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(out, "put %s %d %d\n", key, rev, i)
		out.Flush()
	}
}

// TestCrashSafety kills (SIGKILL) a process in the middle of appending and checks that every
// write it reported as acknowledged is there when the data directory is opened again.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[uint64]string{}
	puts := map[string]string{} // key → last acknowledged value
	sc := bufio.NewScanner(stdout)
	timeout := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer timeout.Stop()
	for len(acked) < 2000 && sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 3 && f[0] == "ack":
			seq, _ := strconv.ParseUint(f[1], 10, 64)
			acked[seq] = f[2]
		case len(f) == 4 && f[0] == "put":
			puts[f[1]] = f[3]
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if len(acked) < 2000 {
		t.Fatalf("child acknowledged only %d records before it stopped", len(acked))
	}

	s := openTemp(t, dir)
	defer s.Close()
	verifyAcked(t, s, acked, puts)
}

// TestAbortWithoutDrain: closing the connection without draining and stopping the server (the
// in-process stand-in for a crash) keeps every acknowledged write.
func TestAbortWithoutDrain(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTemp(t, dir)
	lg, _ := s.Log(ctx, "events", eventrail.LogOptions{})
	kv, _ := s.KV(ctx, "control")
	acked := map[uint64]string{}
	puts := map[string]string{}
	for i := 0; i < 50; i++ {
		recs := []eventrail.Record{{Key: "bus.default", Data: []byte(fmt.Sprint("r", i))}}
		if err := lg.Append(ctx, recs); err != nil {
			t.Fatal(err)
		}
		acked[recs[0].Seq] = string(recs[0].Data)
		k := fmt.Sprint("k/", i%7)
		if _, err := kv.Put(ctx, k, []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
		puts[k] = fmt.Sprint(i)
	}
	s.abort()
	s = openTemp(t, dir)
	defer s.Close()
	verifyAcked(t, s, acked, puts)
}

func verifyAcked(t *testing.T, s *Store, acked map[uint64]string, puts map[string]string) {
	t.Helper()
	ctx := context.Background()
	lg, err := s.Log(ctx, "events", eventrail.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var max uint64
	for seq := range acked {
		max = maxU(max, seq)
	}
	got, err := lg.Read(ctx, 1, "", int(max)+100)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[uint64]string{}
	for _, r := range got {
		stored[r.Seq] = string(r.Data)
	}
	lost := 0
	for seq, data := range acked {
		if stored[seq] != data {
			lost++
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged records lost or changed", lost, len(acked))
	}
	kv, err := s.KV(ctx, "control")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range puts {
		e, err := kv.Get(ctx, k)
		if err != nil {
			t.Fatalf("acknowledged key %q: %v", k, err)
		}
		// A later put may have landed without being reported; it can only be newer.
		if n, _ := strconv.Atoi(string(e.Value)); n < atoi(v) {
			t.Fatalf("key %q = %s, acknowledged %s", k, e.Value, v)
		}
	}
	next := []eventrail.Record{{Key: "bus.default", Data: []byte("after")}}
	if err := lg.Append(ctx, next); err != nil || next[0].Seq <= max {
		t.Fatalf("Append after recovery: Seq %d (max acknowledged %d), %v", next[0].Seq, max, err)
	}
	t.Logf("verified %d records, %d keys", len(acked), len(puts))
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
