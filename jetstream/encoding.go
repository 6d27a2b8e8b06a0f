package jetstream

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
)

// Record compression. A record of at least compressMinBytes is stored as one S2 block when
// that saves at least an eighth of its size, under the header Er-Enc: s2; every read path
// (consumers, Read) decodes it, so users of eventrail.Log never see the encoding. Events are
// JSON with repeated keys and values, so bus-log records shrink several-fold: fewer bytes per
// synced write and in the store. Records written before (no header) read as they are.
const (
	encodingHeader   = "Er-Enc"
	encodingS2       = "s2"
	compressMinBytes = 4 << 10
)

// s2Buffers recycles compression output: the client copies a message into its own buffer
// while publishing, so the block is free again once PublishMsgAsync returns.
var s2Buffers = sync.Pool{New: func() any { return new([]byte) }}

// compressed returns data as an S2 block in a pooled buffer (give it back with
// releaseCompressed), or nil when data is small or does not compress well enough.
func compressed(data []byte) *[]byte {
	if len(data) < compressMinBytes {
		return nil
	}
	p := s2Buffers.Get().(*[]byte)
	if n := s2.MaxEncodedLen(len(data)); cap(*p) < n {
		*p = make([]byte, n)
	}
	out := s2.Encode((*p)[:cap(*p)], data)
	if len(out) > len(data)-len(data)/8 {
		s2Buffers.Put(p)
		return nil
	}
	*p = out
	return p
}

func releaseCompressed(p *[]byte) {
	if p != nil && cap(*p) <= 4<<20 {
		s2Buffers.Put(p)
	}
}

// storedData returns a stored message's record data, decoding it when its header says it is
// compressed. The result is a new buffer for a compressed message, else data itself.
func storedData(data []byte, h nats.Header) ([]byte, error) {
	if h == nil {
		return data, nil
	}
	switch enc := h.Get(encodingHeader); enc {
	case "":
		return data, nil
	case encodingS2:
		out, err := s2.Decode(nil, data)
		if err != nil {
			return nil, fmt.Errorf("jetstream: stored record does not decode: %w", err)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("jetstream: stored record has unknown encoding %q", enc)
	}
}
