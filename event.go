package eventrail

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// Event is one event as EventBridge represents it after ingestion: the envelope fields plus the
// detail object and the ingestion bookkeeping eventrail keeps beside it.
//
// An Event is a plain value; it is safe to copy. Detail is owned by the Event once set and must
// not be modified afterwards.
type Event struct {
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       time.Time       `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`

	// ReplayName is set on events re-sent by a replay; it becomes the "replay-name" field.
	ReplayName string `json:"replay-name,omitempty"`

	// Bus is the name of the event bus the event was put on (not part of the envelope).
	Bus string `json:"-"`
	// IngestionTime is when eventrail accepted the event (not part of the envelope; used for
	// <aws.events.event.ingestion-time>, event age in retries, archives and latency metrics).
	IngestionTime time.Time `json:"-"`
	// TraceHeader is the PutEvents TraceHeader, propagated to targets that support tracing.
	TraceHeader string `json:"-"`
	// Rule, when set, addresses the event to that one rule of Bus (scheduled events): it goes
	// to the rule's targets without being matched against any pattern.
	Rule string `json:"-"`
	// FilterRules, when non-empty, restricts matching to these rule names (replays with
	// FilterArns).
	FilterRules []string `json:"-"`
	// Hops counts bus-to-bus forwards, to stop loops.
	Hops int `json:"-"`
}

// TimeFormat is how EventBridge renders the envelope "time": RFC 3339, UTC, whole seconds.
const TimeFormat = "2006-01-02T15:04:05Z"

// Envelope returns the event as EventBridge delivers it, with AWS's key order:
// version, id, detail-type, source, account, time, region, [replay-name,] resources, detail.
func (e *Event) Envelope() []byte {
	return e.AppendEnvelope(make([]byte, 0, 256+len(e.Detail)))
}

// AppendEnvelope appends Envelope() to dst and returns the extended slice.
func (e *Event) AppendEnvelope(dst []byte) []byte {
	dst = append(dst, `{"version":"0","id":`...)
	dst = AppendJSONString(dst, e.ID)
	dst = append(dst, `,"detail-type":`...)
	dst = AppendJSONString(dst, e.DetailType)
	dst = append(dst, `,"source":`...)
	dst = AppendJSONString(dst, e.Source)
	dst = append(dst, `,"account":`...)
	dst = AppendJSONString(dst, e.Account)
	dst = append(dst, `,"time":"`...)
	dst = appendEnvelopeTime(dst, e.Time)
	dst = append(dst, `","region":`...)
	dst = AppendJSONString(dst, e.Region)
	if e.ReplayName != "" {
		dst = append(dst, `,"replay-name":`...)
		dst = AppendJSONString(dst, e.ReplayName)
	}
	dst = append(dst, `,"resources":[`...)
	for i, r := range e.Resources {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendJSONString(dst, r)
	}
	dst = append(dst, `],"detail":`...)
	if len(e.Detail) == 0 {
		dst = append(dst, "{}"...)
	} else {
		dst = append(dst, e.Detail...)
	}
	return append(dst, '}')
}

// AppendJSONString appends s as a JSON string literal (quoted, escaped as encoding/json does,
// but without HTML escaping) to dst. Invalid UTF-8 is replaced by U+FFFD.
func AppendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plainJSON8(s[i:i+8]) {
			i += 8
			continue
		}
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\u202`...)
			dst = strconv.AppendInt(dst, int64(r&0xF), 16)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
