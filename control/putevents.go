package control

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eventrail/eventrail"
)

// PutEventsEntry is one PutEventsRequestEntry.
type PutEventsEntry struct {
	Time         *EpochTime `json:"Time,omitempty"`
	Source       string     `json:"Source,omitempty"`
	Resources    []string   `json:"Resources,omitempty"`
	DetailType   string     `json:"DetailType,omitempty"`
	Detail       string     `json:"Detail,omitempty"`
	EventBusName string     `json:"EventBusName,omitempty"`
	TraceHeader  string     `json:"TraceHeader,omitempty"`

	// compact, when compactOf is the current Detail, is Detail validated and compacted by the
	// edge's decoder (DecodeAWSJSON), so that checkEntry need not do it again.
	compact   []byte
	compactOf string
}

// PutEventsInput is the PutEvents request.
type PutEventsInput struct {
	Entries    []PutEventsEntry `json:"Entries"`
	EndpointId string           `json:"EndpointId,omitempty"`
}

// PutEventsResultEntry is the result for one entry: EventId on success, else ErrorCode and
// ErrorMessage.
type PutEventsResultEntry struct {
	EventId      string `json:"EventId,omitempty"`
	ErrorCode    string `json:"ErrorCode,omitempty"`
	ErrorMessage string `json:"ErrorMessage,omitempty"`
}

// PutEventsOutput is the PutEvents response: one result per entry, in request order.
type PutEventsOutput struct {
	FailedEntryCount int                    `json:"FailedEntryCount"`
	Entries          []PutEventsResultEntry `json:"Entries"`
}

// PutEvents validates 1–10 entries (spec §2), turns the valid ones into events and hands them
// to the Ingester in one call, returning only once they are durable. Entries addressed to a
// bus that does not exist succeed and are dropped, as on AWS. An Ingest failure fails the
// whole request (no entry may be assumed stored).
func (s *Service) PutEvents(ctx context.Context, in *PutEventsInput) (*PutEventsOutput, error) {
	if err := s.checkPutEvents(in); err != nil {
		return nil, err
	}
	now := s.o.Clock.Now().UTC()
	allowAWS := awsSourceCheck{s: s, ctx: ctx}
	out, ids := newPutEventsOutput(len(in.Entries))
	events := make([]eventrail.Event, 0, len(in.Entries))
	var details detailBuffer
	for i := range in.Entries {
		e := &in.Entries[i]
		detail, fail := checkEntry(e, &allowAWS, &details, in.Entries[i+1:])
		if fail != nil {
			out.Entries[i] = *fail
			out.FailedEntryCount++
			continue
		}
		id, bus := eventID(ids, i), busNameOf(e.EventBusName)
		out.Entries[i].EventId = id
		exists, err := s.busExists(ctx, bus)
		if err != nil {
			return nil, err
		}
		if !exists {
			continue // succeeds and is dropped, as on AWS
		}
		// The event is built in place: copying a finished one in would cost a typed copy of
		// the whole struct (with write barriers while the GC runs).
		events = events[:len(events)+1]
		s.buildEvent(&events[len(events)-1], e, id, bus, detail, now)
	}
	if len(events) > 0 {
		if err := s.o.Ingester.Ingest(ctx, events); err != nil {
			return nil, fmt.Errorf("control: ingesting %d events: %w", len(events), err)
		}
	}
	return out, nil
}

// checkPutEvents performs the whole-request checks: model validation, then the size limit.
func (s *Service) checkPutEvents(in *PutEventsInput) error {
	var v eventrail.Violations
	if in.Entries == nil {
		v.AddNull("entries")
	} else {
		checkListLen(&v, len(in.Entries), "entries", 1, maxPutEventsEntries, func() string { return renderEntries(in.Entries) })
	}
	for i := range in.Entries {
		if e := &in.Entries[i]; !entryModelOK(e) {
			p := member("entries", i)
			for j, r := range e.Resources {
				v.MaxLen(r, member(p+".resources", j), 2048)
			}
			checkStr(&v, e.EventBusName, p+".eventBusName", str{1, 1600, patNonPartnerNameOrArn})
			checkStr(&v, e.TraceHeader, p+".traceHeader", str{1, 500, nil})
		}
	}
	checkStr(&v, in.EndpointId, "endpointId", str{1, 50, patEndpointID})
	if err := v.Err(); err != nil {
		return err
	}
	total := 0
	for i := range in.Entries {
		total += EntrySize(&in.Entries[i])
	}
	if total > s.o.MaxPutEventsBytes {
		return validationError("Total size of the entries in the request is over the limit.")
	}
	return nil
}

// patEndpointID is the model pattern of PutEvents' EndpointId (accepted and ignored).
var patEndpointID = newModelPattern(`^[A-Za-z0-9\-]+[\.][A-Za-z0-9\-]+$`)

// entryModelOK is the allocation-free fast path of an entry's model validation.
func entryModelOK(e *PutEventsEntry) bool {
	for _, r := range e.Resources {
		if len(r) > 2048 {
			return false
		}
	}
	return len(e.EventBusName) <= 1600 && len(e.TraceHeader) <= 500 &&
		(e.EventBusName == "" || patNonPartnerNameOrArn.match(e.EventBusName))
}

// EntrySize is the size of one entry as AWS computes it (spec §2.5): 14 bytes when Time is
// set, plus the UTF-8 bytes of Source, DetailType, Detail and every Resources element.
func EntrySize(e *PutEventsEntry) int {
	n := len(e.Source) + len(e.DetailType) + len(e.Detail)
	if e.Time != nil {
		n += 14
	}
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

// awsSourceCheck answers, asking at most once per request, whether this caller may use
// "aws." sources. It is a value on PutEvents' stack (a closure capturing its answer would be
// one more allocation per call).
type awsSourceCheck struct {
	s              *Service
	ctx            context.Context
	asked, allowed bool
}

// allow reports whether the caller may use "aws." sources.
func (c *awsSourceCheck) allow() bool {
	if !c.asked {
		c.asked = true
		c.allowed = c.s.o.AllowAWSSources != nil && c.s.o.AllowAWSSources(c.ctx)
	}
	return c.allowed
}

// entryFailure builds a failed result.
func entryFailure(code, msg string) *PutEventsResultEntry {
	return &PutEventsResultEntry{ErrorCode: code, ErrorMessage: msg}
}

// maxDetailTypeLength is the documented DetailType limit.
const maxDetailTypeLength = 128

// checkEntry applies the per-entry rules of §2.4; it returns the compacted Detail of a valid
// entry, or the failure. A Detail the edge's decoder has not already compacted is compacted
// into details, which is sized on first use for this entry and the rest (every Detail in
// the request then shares one allocation).
func checkEntry(e *PutEventsEntry, allowAWS *awsSourceCheck, details *detailBuffer, rest []PutEventsEntry) ([]byte, *PutEventsResultEntry) {
	switch {
	case e.Source == "":
		return nil, missingArgument("Source")
	case e.DetailType == "":
		return nil, missingArgument("DetailType")
	case e.Detail == "":
		return nil, missingArgument("Detail")
	}
	if strings.HasPrefix(e.Source, "aws.") && !allowAWS.allow() {
		return nil, entryFailure("NotAuthorizedForSourceException", "Not authorized for the source.")
	}
	if len(e.DetailType) > maxDetailTypeLength && utf8.RuneCountInString(e.DetailType) > maxDetailTypeLength {
		return nil, entryFailure("InvalidArgument",
			fmt.Sprintf("Parameter DetailType is not valid. Reason: DetailType must not be longer than %d characters.", maxDetailTypeLength))
	}
	if e.compacted() {
		return e.compact, nil
	}
	detail, ok := details.appendCompact(e.Detail, rest)
	if !ok {
		return nil, entryFailure("MalformedDetail", "Detail is malformed.")
	}
	return detail, nil
}

// compacted reports whether e.compact is its current Detail, compacted by the edge's decoder.
func (e *PutEventsEntry) compacted() bool {
	return e.compact != nil && e.compactOf == e.Detail
}

// missingArgument is the failure of an entry without the required member name.
func missingArgument(name string) *PutEventsResultEntry {
	return entryFailure("InvalidArgument", "Parameter "+name+" is not valid. Reason: "+name+" is a required argument.")
}

// buildEvent fills ev, a zero Event, with the event of a valid entry for bus with its
// compacted detail, ingested at now.
func (s *Service) buildEvent(ev *eventrail.Event, e *PutEventsEntry, id, bus string, detail []byte, now time.Time) {
	t := now
	if e.Time != nil {
		t = e.Time.UTC()
	}
	resources := e.Resources
	if resources == nil {
		resources = []string{}
	}
	ev.ID = id
	ev.DetailType = e.DetailType
	ev.Source = e.Source
	ev.Account = s.o.Account.ID
	ev.Time = t
	ev.Region = s.o.Account.Region
	ev.Resources = resources
	ev.Detail = detail
	ev.Bus = bus
	ev.IngestionTime = now
	ev.TraceHeader = e.TraceHeader
}

// busExists reports whether a bus exists, trusting a recent positive answer.
func (s *Service) busExists(ctx context.Context, name string) (bool, error) {
	if name == eventrail.DefaultBusName {
		return true, nil
	}
	now := time.Now()
	if seen, ok := s.busSeen.Load(name); ok && now.Sub(seen.(time.Time)) < busSeenTTL {
		return true, nil
	}
	_, err := s.kv.Get(ctx, eventrail.BusKey(name))
	if err != nil {
		if errorsIsNotFound(err) {
			return false, nil
		}
		return false, err
	}
	s.busSeen.Store(name, now)
	return true, nil
}

// renderEntries prints entries as AWS's Java model does in the too-many-entries message.
func renderEntries(es []PutEventsEntry) string {
	parts := make([]string, len(es))
	for i := range es {
		e := &es[i]
		t := "null"
		if e.Time != nil {
			t = e.Time.UTC().Format("Mon Jan 02 15:04:05 UTC 2006")
		}
		res := "null"
		if e.Resources != nil {
			res = "[" + strings.Join(e.Resources, ", ") + "]"
		}
		parts[i] = fmt.Sprintf("PutEventsRequestEntry(time=%s, source=%s, resources=%s, detailType=%s, detail=%s, eventBusName=%s, traceHeader=%s, kmsKeyIdentifier=null, internalMetadata=null)",
			t, orNull(e.Source), res, orNull(e.DetailType), orNull(e.Detail), orNull(e.EventBusName), orNull(e.TraceHeader))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return s
}
