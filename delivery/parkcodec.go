package delivery

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"reflect"
	"time"

	"github.com/eventrail/eventrail"
	"github.com/eventrail/eventrail/internal/binframe"
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
			dst = binframe.AppendBytes(binframe.AppendBytes(binframe.AppendBytes(dst, h.RuleName), h.RuleArn), tj)
		}
		dst = binframe.AppendBytes(binframe.AppendBytes(dst, h.EventID), h.Bus)
		if flags&flagIngestion != 0 {
			dst = binary.AppendVarint(dst, h.IngestionTime.Unix())
			dst = binary.AppendUvarint(dst, uint64(h.IngestionTime.Nanosecond()))
		}
		dst = binframe.AppendBytes(dst, h.Event)
		if flags&flagPayloadEvent == 0 {
			dst = binframe.AppendBytes(dst, h.Payload)
		}
		dst = binframe.AppendBytes(dst, h.TraceHeader)
		dst = binary.AppendUvarint(dst, uint64(max(h.Hops, 0)))
	}
	return dst, nil
}

// sameTarget reports whether a and b have the same rule and deeply equal targets. Hand-offs of
// one record usually hold copies of one Target value, which sameTargetShallow confirms without
// reflection; only targets that differ there are compared deeply.
func sameTarget(a, b *eventrail.Handoff) bool {
	return a.RuleName == b.RuleName && a.RuleArn == b.RuleArn &&
		(sameTargetShallow(&a.Target, &b.Target) || reflect.DeepEqual(a.Target, b.Target))
}

// sameTargetShallow reports whether a and b have equal strings and raw parameters and the very
// same pointees: then they are deeply equal (false says nothing).
func sameTargetShallow(a, b *eventrail.Target) bool {
	return a.Id == b.Id && a.Arn == b.Arn && a.RoleArn == b.RoleArn &&
		a.Input == b.Input && a.InputPath == b.InputPath && a.InputTransformer == b.InputTransformer &&
		a.RetryPolicy == b.RetryPolicy && a.DeadLetterConfig == b.DeadLetterConfig &&
		a.HttpParameters == b.HttpParameters && a.SqsParameters == b.SqsParameters &&
		sameRaw(a.KinesisParameters, b.KinesisParameters) && sameRaw(a.RunCommandParameters, b.RunCommandParameters) &&
		sameRaw(a.EcsParameters, b.EcsParameters) && sameRaw(a.BatchParameters, b.BatchParameters) &&
		sameRaw(a.RedshiftDataParameters, b.RedshiftDataParameters) &&
		sameRaw(a.SageMakerPipelineParameters, b.SageMakerPipelineParameters) &&
		sameRaw(a.AppSyncParameters, b.AppSyncParameters)
}

// sameRaw is reflect.DeepEqual for byte slices: both nil, or both non-nil with equal bytes.
func sameRaw(a, b []byte) bool { return (a == nil) == (b == nil) && bytes.Equal(a, b) }

// decodeHandoffs reads a hand-off record in either form. Event and Payload of binary records
// alias data.
func decodeHandoffs(data []byte) ([]eventrail.Handoff, error) {
	if !isParked(data) {
		var hs []eventrail.Handoff
		err := json.Unmarshal(data, &hs)
		return hs, err
	}
	r := binframe.Reader{Buf: data[1:], Bad: errBadParked}
	n := r.Uvarint()
	if n > uint64(len(r.Buf)) { // every hand-off takes several bytes
		return nil, errBadParked
	}
	hs := make([]eventrail.Handoff, 0, n)
	for ; n > 0 && r.Err == nil; n-- {
		var h eventrail.Handoff
		flags := r.Byte()
		if flags&flagSameTarget != 0 {
			if len(hs) == 0 {
				return nil, errBadParked
			}
			prev := &hs[len(hs)-1]
			h.RuleName, h.RuleArn, h.Target = prev.RuleName, prev.RuleArn, prev.Target
		} else {
			h.RuleName, h.RuleArn = string(r.Bytes()), string(r.Bytes())
			if tj := r.Bytes(); r.Err == nil && json.Unmarshal(tj, &h.Target) != nil {
				return nil, errBadParked
			}
		}
		h.EventID, h.Bus = string(r.Bytes()), string(r.Bytes())
		if flags&flagIngestion != 0 {
			sec, ns := r.Varint(), r.Uvarint()
			if ns >= 1e9 {
				return nil, errBadParked
			}
			h.IngestionTime = time.Unix(sec, int64(ns))
		}
		h.Event = r.Bytes()
		h.Payload = h.Event
		if flags&flagPayloadEvent == 0 {
			h.Payload = r.Bytes()
		}
		h.TraceHeader = string(r.Bytes())
		h.Hops = int(min(r.Uvarint(), 1<<20))
		hs = append(hs, h)
	}
	if r.Err != nil || len(r.Buf) != 0 {
		return nil, errBadParked
	}
	return hs, nil
}
