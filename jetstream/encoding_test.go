package jetstream

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
)

// jsonRecord is data shaped like a bus-log record: repetitive JSON of about n bytes.
func jsonRecord(n int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `{"version":"0","id":"%08d","detail-type":"EC2 AMI State Change","source":"aws.ec2","detail":{"State":"available"}}`, i)
	}
	return b.Bytes()
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRecordsRoundTripWhateverTheirEncoding: large compressible records are stored compressed
// (fewer stream bytes than their data) and read back identically by Read and by consumers;
// small and incompressible ones are stored as they are.
func TestRecordsRoundTripWhateverTheirEncoding(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, t.TempDir())
	defer s.Close()
	lg, err := s.Log(ctx, "enc", eventrail.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]byte{jsonRecord(256 << 10), []byte(`{"small":true}`), randomBytes(t, 64<<10), jsonRecord(compressMinBytes)}
	recs := make([]eventrail.Record, len(want))
	raw := 0
	for i, d := range want {
		recs[i] = eventrail.Record{Key: "k", Data: bytes.Clone(d)}
		raw += len(d)
	}
	if err := lg.Append(ctx, recs); err != nil {
		t.Fatal(err)
	}
	info, err := lg.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Bytes >= uint64(raw-200<<10) {
		t.Errorf("stream holds %d bytes for %d bytes of records: the JSON records were not compressed", info.Bytes, raw)
	}
	got, err := lg.Read(ctx, 0, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("Read %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if !bytes.Equal(got[i].Data, want[i]) {
			t.Errorf("Read record %d: %d bytes differ from the %d appended", i, len(got[i].Data), len(want[i]))
		}
	}
	consumed := make(chan []byte, len(want))
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	go func() {
		_ = lg.Consume(cctx, "c", eventrail.ConsumeOptions{}, func(_ context.Context, d eventrail.Delivery) {
			consumed <- d.Record().Data
			_ = d.Ack()
		})
	}()
	for i := range want {
		select {
		case d := <-consumed:
			if !bytes.Equal(d, want[i]) {
				t.Errorf("consumed record %d: %d bytes differ from the %d appended", i, len(d), len(want[i]))
			}
		case <-cctx.Done():
			t.Fatalf("consumed %d of %d records", i, len(want))
		}
	}
}

func TestStoredDataRejectsBadEncodings(t *testing.T) {
	block := s2.Encode(nil, jsonRecord(8<<10))
	for name, c := range map[string]struct {
		data []byte
		h    nats.Header
		ok   bool
	}{
		"plain, no header":  {[]byte("x"), nil, true},
		"plain, other keys": {[]byte("x"), nats.Header{"Nats-Msg-Id": {"a"}}, true},
		"s2 block":          {block, nats.Header{encodingHeader: {encodingS2}}, true},
		"corrupt s2 block":  {block[:len(block)/2], nats.Header{encodingHeader: {encodingS2}}, false},
		"unknown encoding":  {[]byte("x"), nats.Header{encodingHeader: {"zstd"}}, false},
	} {
		_, err := storedData(c.data, c.h)
		if (err == nil) != c.ok {
			t.Errorf("%s: err %v, want ok=%v", name, err, c.ok)
		}
	}
}

func TestCompressedSkipsWhatDoesNotShrink(t *testing.T) {
	if compressed(jsonRecord(compressMinBytes)[:compressMinBytes-1]) != nil {
		t.Error("compressed a record below the minimum size")
	}
	if compressed(randomBytes(t, 32<<10)) != nil {
		t.Error("compressed random bytes")
	}
	p := compressed(jsonRecord(64 << 10))
	if p == nil {
		t.Fatal("did not compress repetitive JSON")
	}
	if out, err := s2.Decode(nil, *p); err != nil || !bytes.Equal(out, jsonRecord(64<<10)) {
		t.Fatalf("block does not decode to the record: %v", err)
	}
	releaseCompressed(p)
}

func FuzzStoredData(f *testing.F) {
	f.Add(s2.Encode(nil, jsonRecord(5<<10)))
	f.Add([]byte{0xff, 0xff, 0xff, 0x0f, 1})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := storedData(data, nats.Header{encodingHeader: {encodingS2}})
		if err == nil {
			if again, err := s2.Decode(nil, data); err != nil || !bytes.Equal(again, out) {
				t.Fatalf("storedData accepted a block s2 rejects or decoded it differently")
			}
		}
	})
}
