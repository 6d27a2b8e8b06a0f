package delivery

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"reflect"
	"time"

	"github.com/eventrail/eventrail"
)

// Parked hand-off records are written in a compact binary form instead of JSON: the event is
// copied as bytes (JSON re-validates and re-compacts it both ways) and the rule and target,
// the same for every hand-off of a record, are written once. Layout:
//
//	0x01                    version (a JSON record starts with '[' or white space)
//	uvarint n               hand-offs
//	n × hand-off:
//	  byte flags            1: rule and target as the previous hand-off; 2: payload is the
//	                        event; 4: ingestion time known
//	  [rule name, rule ARN, target JSON]   unless flag 1
//	  event ID, bus, [varint Unix seconds, uvarint nanoseconds of the ingestion time if flag 4],
//	  event, [payload unless flag 2], trace header, uvarint hops
//
// Strings and byte strings are a uvarint length and the bytes. The hand-off consumer reads both
// forms (other writers, and earlier versions, write JSON).
const parkVersion = 1

const (
	flagSameTarget   = 1
	flagPayloadEvent = 2
	flagIngestion    = 4
)

var errBadParked = errors.New("delivery: malformed parked hand-off record")

// isParked reports whether record data is in the binary (parked) form.
func isParked(data []byte) bool { return len(data) > 0 && data[0] == parkVersion }

// encodeHandoffs returns hs in the binary record form, or in the JSON form when one of them
// carries DeadLetterAttributes (which the binary form does not hold; the router never sets
// them).
func encodeHandoffs(hs []eventrail.Handoff) ([]byte, error) {
	for i := range hs {
		if len(hs[i].DeadLetterAttributes) > 0 {
			return json.Marshal(hs)
		}
	}
	size := 16
	for i := range hs {
		size += len(hs[i].Event) + len(hs[i].Payload) + 128
	}
	dst := make([]byte, 0, size)
	dst = append(dst, parkVersion)
	dst = binary.AppendUvarint(dst, uint64(len(hs)))
	for i := range hs {
		h := &hs[i]
		var flags byte
		if i > 0 && sameTarget(&hs[i-1], h) {
			flags |= flagSameTarget
		}
		if bytes.Equal(h.Payload, h.Event) {
			flags |= flagPayloadEvent
		}
		if !h.IngestionTime.IsZero() {
			flags |= flagIngestion
		}
		dst = append(dst, flags)
		if flags&flagSameTarget == 0 {
			tj, err := json.Marshal(h.Target)
			if err != nil {
				return nil, err
			}
			dst = appendBytes(appendBytes(appendBytes(dst, h.RuleName), h.RuleArn), tj)
		}
		dst = appendBytes(appendBytes(dst, h.EventID), h.Bus)
		if flags&flagIngestion != 0 {
			dst = binary.AppendVarint(dst, h.IngestionTime.Unix())
			dst = binary.AppendUvarint(dst, uint64(h.IngestionTime.Nanosecond()))
		}
		dst = appendBytes(dst, h.Event)
		if flags&flagPayloadEvent == 0 {
			dst = appendBytes(dst, h.Payload)
		}
		dst = appendBytes(dst, h.TraceHeader)
		dst = binary.AppendUvarint(dst, uint64(max(h.Hops, 0)))
	}
	return dst, nil
}

func sameTarget(a, b *eventrail.Handoff) bool {
	return a.RuleName == b.RuleName && a.RuleArn == b.RuleArn && reflect.DeepEqual(a.Target, b.Target)
}

func appendBytes[T ~string | ~[]byte](dst []byte, s T) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// decodeHandoffs reads a hand-off record in either form. Event and Payload of binary records
// alias data.
func decodeHandoffs(data []byte) ([]eventrail.Handoff, error) {
	if !isParked(data) {
		var hs []eventrail.Handoff
		err := json.Unmarshal(data, &hs)
		return hs, err
	}
	r := parkReader{buf: data[1:]}
	n := r.uvarint()
	if n > uint64(len(r.buf)) { // every hand-off takes several bytes
		return nil, errBadParked
	}
	hs := make([]eventrail.Handoff, 0, n)
	for ; n > 0 && r.err == nil; n-- {
		var h eventrail.Handoff
		flags := r.byte()
		if flags&flagSameTarget != 0 {
			if len(hs) == 0 {
				return nil, errBadParked
			}
			prev := &hs[len(hs)-1]
			h.RuleName, h.RuleArn, h.Target = prev.RuleName, prev.RuleArn, prev.Target
		} else {
			h.RuleName, h.RuleArn = string(r.bytes()), string(r.bytes())
			if tj := r.bytes(); r.err == nil && json.Unmarshal(tj, &h.Target) != nil {
				return nil, errBadParked
			}
		}
		h.EventID, h.Bus = string(r.bytes()), string(r.bytes())
		if flags&flagIngestion != 0 {
			sec, ns := r.varint(), r.uvarint()
			if ns >= 1e9 {
				return nil, errBadParked
			}
			h.IngestionTime = time.Unix(sec, int64(ns))
		}
		h.Event = r.bytes()
		h.Payload = h.Event
		if flags&flagPayloadEvent == 0 {
			h.Payload = r.bytes()
		}
		h.TraceHeader = string(r.bytes())
		h.Hops = int(min(r.uvarint(), 1<<20))
		hs = append(hs, h)
	}
	if r.err != nil || len(r.buf) != 0 {
		return nil, errBadParked
	}
	return hs, nil
}

// parkReader decodes the primitives; the first failure sticks in err.
type parkReader struct {
	buf []byte
	err error
}

func (r *parkReader) fail() {
	r.err, r.buf = errBadParked, nil
}

func (r *parkReader) byte() byte {
	if len(r.buf) == 0 {
		r.fail()
		return 0
	}
	b := r.buf[0]
	r.buf = r.buf[1:]
	return b
}

func (r *parkReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.buf)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *parkReader) varint() int64 {
	v, n := binary.Varint(r.buf)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.buf = r.buf[n:]
	return v
}

func (r *parkReader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.buf)) {
		r.fail()
		return nil
	}
	b := r.buf[:n:n]
	r.buf = r.buf[n:]
	return b
}
