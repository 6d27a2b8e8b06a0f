package control

import "unsafe"

// DecodeAWSJSON is the edge's fast path for decoding a PutEvents request body (awsjson checks
// for this method before falling back to encoding/json). body must be non-empty and free of
// surrounding whitespace. It decodes in one pass the bodies AWS clients send: an object with
// members named exactly "Entries" and "EndpointId", each at most once, entries with the members
// of PutEventsEntry named exactly, each at most once, no nulls, strings of valid UTF-8 without
// escaped surrogates. For such a body it fills in (which must be the zero value) exactly as
// json.Unmarshal would and reports true; it also validates and compacts each Detail, so that
// PutEvents need not do it again. For anything else, including every malformed body, it leaves
// in zero and reports false: the caller then decodes with encoding/json, which produces the
// same value or its usual error.
//
// The decoded strings share one buffer allocated for the request; body is not retained.
func (in *PutEventsInput) DecodeAWSJSON(body []byte) bool {
	d := peDecoder{lexer: lexer{b: body, arena: make([]byte, 0, len(body))}}
	if !d.input(in) {
		*in = PutEventsInput{}
		return false
	}
	return true
}

// peDecoder decodes one PutEvents body; resources and stripped are the shared backings of
// the entries' Resources lists and of their compacted Details that are not the decoded Detail
// itself.
type peDecoder struct {
	lexer
	resources []string
	stripped  []byte
}

// input decodes the top-level object.
func (d *peDecoder) input(in *PutEventsInput) bool {
	var seenEntries, seenEndpoint bool
	ok := d.object(func(key []byte) bool {
		switch string(key) {
		case "Entries":
			if seenEntries {
				return false
			}
			seenEntries = true
			return d.entries(in)
		case "EndpointId":
			if seenEndpoint {
				return false
			}
			seenEndpoint = true
			s, ok := d.str()
			in.EndpointId = s
			return ok
		}
		return false
	})
	d.skipSpace()
	return ok && d.i == len(d.b)
}

// entries decodes the Entries array into a non-nil slice (json.Unmarshal makes [] an empty,
// non-nil slice).
func (d *peDecoder) entries(in *PutEventsInput) bool {
	in.Entries = make([]PutEventsEntry, 0, maxPutEventsEntries)
	return d.array(func() bool {
		if n := len(in.Entries); n < cap(in.Entries) {
			in.Entries = in.Entries[:n+1] // still zero: nothing writes past the length
		} else {
			in.Entries = append(in.Entries, PutEventsEntry{})
		}
		return d.entry(&in.Entries[len(in.Entries)-1])
	})
}

// Entry member bits, to reject duplicates.
const (
	seenTime = 1 << iota
	seenSource
	seenResources
	seenDetailType
	seenDetail
	seenBus
	seenTrace
)

// entry decodes one PutEventsRequestEntry object.
func (d *peDecoder) entry(e *PutEventsEntry) bool {
	seen := 0
	once := func(bit int) bool {
		dup := seen&bit != 0
		seen |= bit
		return !dup
	}
	var ok bool
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "Source":
			e.Source, ok = d.str()
			return ok && once(seenSource)
		case "DetailType":
			e.DetailType, ok = d.str()
			return ok && once(seenDetailType)
		case "Detail":
			return once(seenDetail) && d.detail(e)
		case "EventBusName":
			e.EventBusName, ok = d.str()
			return ok && once(seenBus)
		case "TraceHeader":
			e.TraceHeader, ok = d.str()
			return ok && once(seenTrace)
		case "Resources":
			return once(seenResources) && d.resourceList(e)
		case "Time":
			return once(seenTime) && d.time(e)
		}
		return false
	})
}

// detail decodes Detail and, when it is a valid detail, caches its compact form: the decoded
// bytes themselves when they hold no insignificant whitespace, else a copy without it. A
// detail as encoders write it is decoded, validated and compacted in one pass
// (compactDetail); anything else is decoded (str), then validated and compacted (scanDetail).
func (d *peDecoder) detail(e *PutEventsEntry) bool {
	rawStart, first := d.i, len(d.stripped)
	s, out, spaced, ok := d.compactDetail(d.stripped, len(d.b)-rawStart) // one pass
	if ok {
		d.cache(e, s, out, spaced, first)
		return true
	}
	d.stripped = out // keeps any room made for the compact forms
	s, ok = d.str()
	if !ok {
		return false
	}
	// At its first whitespace, the detail's compact form gets room for itself and every
	// later one (each is shorter than its JSON text), so that they share one allocation.
	compact, spaced, valid := scanDetail(s, d.stripped, len(d.b)-rawStart)
	if valid {
		d.cache(e, s, compact, spaced, first)
	} else {
		e.Detail = s                 // PutEvents finds it malformed itself
		d.stripped = compact[:first] // keeps any room made for the compact forms
	}
	return true
}

// cache sets e's Detail s (which ends the arena) and its compact form: out[first:] when
// spaced, else s's own bytes.
func (d *peDecoder) cache(e *PutEventsEntry, s string, out []byte, spaced bool, first int) {
	e.Detail, e.compactOf = s, s
	if spaced {
		d.stripped = out
		e.compact = out[first:len(out):len(out)]
		return
	}
	n := len(d.arena)
	e.compact = d.arena[n-len(s) : n : n]
}

// resourceList decodes Resources (an array of strings) into a non-nil slice.
func (d *peDecoder) resourceList(e *PutEventsEntry) bool {
	if d.resources == nil {
		d.resources = make([]string, 0, 16)
	}
	first := len(d.resources)
	ok := d.array(func() bool {
		s, ok := d.str()
		d.resources = append(d.resources, s)
		return ok
	})
	if !ok {
		return false
	}
	n := len(d.resources)
	e.Resources = d.resources[first:n:n]
	return true
}

// time decodes Time as json.Unmarshal does: the raw number or string goes to
// EpochTime.UnmarshalJSON. Anything else, or a value it rejects, is not handled here.
func (d *peDecoder) time(e *PutEventsEntry) bool {
	raw, ok := d.rawScalar()
	if !ok {
		return false
	}
	t := new(EpochTime)
	if t.UnmarshalJSON(raw) != nil {
		return false
	}
	e.Time = t
	return true
}

// sharedString returns b as a string sharing its memory: b must not be modified afterwards.
// The decoder only appends to its arena, never rewriting what it has handed out.
func sharedString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
