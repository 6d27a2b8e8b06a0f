package router

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/eventrail/eventrail"
)

// entry is one event as stored in a bus-log record: the envelope plus the bookkeeping the
// envelope does not carry.
type entry struct {
	Bus           string
	Rule          string
	FilterRules   []string
	TraceHeader   string
	IngestionTime time.Time
	Hops          int
	Envelope      []byte // aliases the record's data after decoding
}

const frameVersion = 1

var errBadFrame = errors.New("router: malformed bus-log record")

// appendFrame encodes e after dst: version, fields as length-prefixed byte strings and varints.
func appendFrame(dst []byte, e *eventrail.Event) []byte {
	dst = append(dst, frameVersion)
	dst = appendString(dst, e.Bus)
	dst = appendString(dst, e.Rule)
	dst = binary.AppendUvarint(dst, uint64(len(e.FilterRules)))
	for _, r := range e.FilterRules {
		dst = appendString(dst, r)
	}
	dst = appendString(dst, e.TraceHeader)
	dst = binary.AppendVarint(dst, unixNano(e.IngestionTime))
	dst = binary.AppendUvarint(dst, uint64(e.Hops))
	lenAt := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = e.AppendEnvelope(dst)
	binary.BigEndian.PutUint32(dst[lenAt:], uint32(len(dst)-lenAt-4))
	return dst
}

// unixNano encodes t; the zero time is 0 (its UnixNano is undefined).
func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromUnixNano(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// decodeFrames calls fn for every entry in data. The entry's Envelope aliases data.
func decodeFrames(data []byte, fn func(*entry) error) error {
	var e entry
	for len(data) > 0 {
		rest, err := decodeFrame(data, &e)
		if err != nil {
			return err
		}
		if err := fn(&e); err != nil {
			return err
		}
		data = rest
	}
	return nil
}

func decodeFrame(data []byte, e *entry) ([]byte, error) {
	if data[0] != frameVersion {
		return nil, errBadFrame
	}
	r := reader{buf: data[1:]}
	e.Bus = r.string()
	e.Rule = r.string()
	e.FilterRules = e.FilterRules[:0]
	for n := r.uvarint(); n > 0 && r.err == nil; n-- {
		e.FilterRules = append(e.FilterRules, r.string())
	}
	e.TraceHeader = r.string()
	e.IngestionTime = fromUnixNano(r.varint())
	e.Hops = int(r.uvarint())
	n := int(r.u32())
	e.Envelope = r.bytes(n)
	return r.buf, r.err
}

// reader decodes the frame primitives; the first failure sticks in err.
type reader struct {
	buf []byte
	err error
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.buf)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *reader) u32() uint32 {
	if len(r.buf) < 4 {
		r.fail()
		return 0
	}
	v := binary.BigEndian.Uint32(r.buf)
	r.buf = r.buf[4:]
	return v
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.buf) {
		r.fail()
		return nil
	}
	b := r.buf[:n:n]
	r.buf = r.buf[n:]
	return b
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.buf)) {
		r.fail()
		return ""
	}
	return string(r.bytes(int(n)))
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errBadFrame
	}
	r.buf = nil
}
