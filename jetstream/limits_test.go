package jetstream

import (
	"bytes"
	"context"
	"testing"

	"github.com/eventrail/eventrail"
)

// TestLargeRecords: the embedded server takes records of several MiB (group commit), and a
// record over the limit fails cleanly without storing anything.
func TestLargeRecords(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, t.TempDir())
	defer s.Close()
	if max := s.MaxRecordBytes(); max < 4<<20 {
		t.Fatalf("MaxRecordBytes = %d, want several MiB", max)
	}
	lg, _ := s.Log(ctx, "events", eventrail.LogOptions{})
	big := bytes.Repeat([]byte("x"), 4<<20)
	if err := lg.Append(ctx, []eventrail.Record{{Key: "k", Data: big}}); err != nil {
		t.Fatalf("4 MiB record: %v", err)
	}
	tooBig := make([]byte, s.MaxRecordBytes()+1)
	if err := lg.Append(ctx, []eventrail.Record{{Key: "k", Data: tooBig}}); err == nil {
		t.Fatal("oversized record accepted")
	}
	got, err := lg.Read(ctx, 1, "", 10)
	if err != nil || len(got) != 1 || !bytes.Equal(got[0].Data, big) {
		t.Fatalf("Read: %d records, %v", len(got), err)
	}
}
