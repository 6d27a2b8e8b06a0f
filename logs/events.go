package logs

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/eventrail/eventrail"
)

// PutLogEvents limits (logs 2014-03-28 model docs).
const (
	maxBatchEvents   = 10000
	maxBatchBytes    = 1048576
	eventOverhead    = 26
	maxBatchSpan     = 24 * time.Hour
	maxFuture        = 2 * time.Hour
	maxAge           = 14 * 24 * time.Hour
	maxGetLimit      = 10000
	maxResponseBytes = 1048576
)

func padInt(n int64) string { return fmt.Sprintf("%020d", n) }

// sequenceToken renders PutLogEvents' nextSequenceToken (never checked: SequenceToken is
// ignored, as AWS now does).
func sequenceToken(n uint64) string { return fmt.Sprintf("%056d", n) }

func validatePut(in *PutLogEventsInput) error {
	if err := validateGroupName(in.LogGroupName, "logGroupName"); err != nil {
		return err
	}
	if err := validateStreamName(in.LogStreamName); err != nil {
		return err
	}
	var v eventrail.Violations
	switch n := len(in.LogEvents); {
	case in.LogEvents == nil:
		v.AddNull("logEvents")
	case n == 0:
		v.Add("[]", "logEvents", "Member must have length greater than or equal to 1")
	case n > maxBatchEvents:
		v.Add(fmt.Sprintf("[%d events]", n), "logEvents", "Member must have length less than or equal to 10000")
	}
	for i, e := range in.LogEvents {
		path := fmt.Sprintf("logEvents.%d.member.", i+1)
		if e.Timestamp == nil {
			v.AddNull(path + "timestamp")
		}
		if e.Message == nil {
			v.AddNull(path + "message")
		} else {
			v.MinLen(*e.Message, path+"message", 1)
		}
	}
	if err := asInvalidParameter(&v); err != nil {
		return err
	}
	size := 0
	for i, e := range in.LogEvents {
		size += len(*e.Message) + eventOverhead
		if i > 0 && *e.Timestamp < *in.LogEvents[i-1].Timestamp {
			return errInvalid("Log events in a single PutLogEvents request must be in chronological order.")
		}
	}
	if first, last := *in.LogEvents[0].Timestamp, *in.LogEvents[len(in.LogEvents)-1].Timestamp; last-first > maxBatchSpan.Milliseconds() {
		return errInvalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
	}
	if size > maxBatchBytes {
		return errInvalid("Upload too large: %d bytes exceeds limit of %d", size, maxBatchBytes)
	}
	return nil
}

// PutLogEvents appends a chronological batch of events to a stream. Events too far in the
// future, older than 14 days or older than the group's retention are rejected individually
// and reported in rejectedLogEventsInfo; the rest are stored durably before it returns.
func (s *Service) PutLogEvents(ctx context.Context, in *PutLogEventsInput) (*PutLogEventsOutput, error) {
	if err := validatePut(in); err != nil {
		return nil, err
	}
	g, err := s.lookupGroup(in.LogGroupName)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	st, retention := g.streams[in.LogStreamName], g.rec.Retention
	s.mu.RUnlock()
	if st == nil {
		return nil, errStreamNotFound()
	}
	return s.appendEvents(ctx, st, in.LogEvents, retention)
}

// appendEvents stores the acceptable events of a validated batch in st.
func (s *Service) appendEvents(ctx context.Context, st *stream, evs []InputLogEvent, retention *int) (*PutLogEventsOutput, error) {
	now := s.clock.Now()
	accepted, rejected := classify(evs, now, retention)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.deleted {
		return nil, errStreamNotFound()
	}
	out := &PutLogEventsOutput{RejectedLogEventsInfo: rejected}
	if len(accepted) > 0 {
		rec := batchRecord{StreamGen: st.rec.Gen, Seq: st.nextBatch, Ingested: now.UnixMilli(), Events: accepted}
		if err := s.put(ctx, batchKey(st.group, st.rec.Name, rec.Seq), &rec); err != nil {
			return nil, err
		}
		st.insert(batchEvents(&rec))
		st.nextBatch++
		st.lastIngest = rec.Ingested
	}
	out.NextSequenceToken = sequenceToken(st.nextBatch)
	return out, nil
}

// classify splits a chronological batch into the events to store and the rejection report.
func classify(evs []InputLogEvent, now time.Time, retention *int) ([]storedEvent, *RejectedLogEventsInfo) {
	nowMs := now.UnixMilli()
	tooOldBefore := nowMs - maxAge.Milliseconds()
	expiredBefore := int64(-1 << 63)
	if retention != nil {
		expiredBefore = nowMs - int64(*retention)*24*time.Hour.Milliseconds()
	}
	var info RejectedLogEventsInfo
	var kept []storedEvent
	for i, e := range evs {
		ts := *e.Timestamp
		switch {
		case ts < tooOldBefore:
			info.TooOldLogEventEndIndex = ptr(i)
		case ts < expiredBefore:
			info.ExpiredLogEventEndIndex = ptr(i)
		case ts > nowMs+maxFuture.Milliseconds():
			if info.TooNewLogEventStartIndex == nil {
				info.TooNewLogEventStartIndex = ptr(i)
			}
		default:
			kept = append(kept, storedEvent{T: ts, M: *e.Message})
		}
	}
	if info == (RejectedLogEventsInfo{}) {
		return kept, nil
	}
	return kept, &info
}

func ptr[T any](v T) *T { return &v }

// cutoff returns the oldest timestamp a group with this retention still returns.
func (s *Service) cutoff(retention *int) int64 {
	if retention == nil {
		return -1 << 63
	}
	return s.clock.Now().UnixMilli() - int64(*retention)*24*time.Hour.Milliseconds()
}

// GetLogEvents pages through one stream's events in timestamp order (see package doc of the
// tokens: "f/<position>" pages forward, "b/<position>" backward; a page with no new events
// repeats the token it was given).
func (s *Service) GetLogEvents(ctx context.Context, in *GetLogEventsInput) (*GetLogEventsOutput, error) {
	limit, err := pageLimit(in.Limit, maxGetLimit)
	if err != nil {
		return nil, err
	}
	g, err := s.resolveGroup(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	st, retention := g.streams[in.LogStreamName], g.rec.Retention
	s.mu.RUnlock()
	if st == nil {
		return nil, errStreamNotFound()
	}
	lo, hi := s.cutoff(retention), int64(1<<63-1)
	if in.StartTime != nil {
		lo = max(lo, *in.StartTime)
	}
	if in.EndTime != nil {
		hi = *in.EndTime
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	forward, pos := in.StartFromHead != nil && *in.StartFromHead, len(st.events)
	if forward {
		pos = 0
	}
	if in.NextToken != "" {
		if forward, pos, err = parsePosition(in.NextToken, len(st.events)); err != nil {
			return nil, err
		}
	}
	in1 := func(e event) bool { return e.ts >= lo && e.ts < hi }
	var first, last int
	if forward {
		first, last = pageForward(st.events, pos, limit, in1)
	} else {
		first, last = pageBackward(st.events, pos, limit, in1)
	}
	out := &GetLogEventsOutput{Events: []OutputLogEvent{}, NextForwardToken: token('f', pos), NextBackwardToken: token('b', pos)}
	for i := first; i < last; i++ {
		if e := st.events[i]; in1(e) {
			out.Events = append(out.Events, OutputLogEvent{Timestamp: e.ts, Message: e.msg, IngestionTime: e.ingested})
		}
	}
	if len(out.Events) > 0 {
		out.NextForwardToken, out.NextBackwardToken = token('f', last), token('b', first)
	}
	return out, nil
}

// pageForward returns the index range [first, last) holding up to limit matching events from
// pos on (and at most maxResponseBytes of messages).
func pageForward(evs []event, pos, limit int, match func(event) bool) (first, last int) {
	first, n, size := -1, 0, 0
	for i := pos; i < len(evs) && n < limit && size < maxResponseBytes; i++ {
		if match(evs[i]) {
			if first < 0 {
				first = i
			}
			n, size, last = n+1, size+len(evs[i].msg), i+1
		}
	}
	if first < 0 {
		return pos, pos
	}
	return first, last
}

// pageBackward returns the range [first, last) of up to limit matching events before pos.
func pageBackward(evs []event, pos, limit int, match func(event) bool) (first, last int) {
	last, n, size := -1, 0, 0
	for i := pos - 1; i >= 0 && n < limit && size < maxResponseBytes; i-- {
		if match(evs[i]) {
			if last < 0 {
				last = i + 1
			}
			n, size, first = n+1, size+len(evs[i].msg), i
		}
	}
	if last < 0 {
		return pos, pos
	}
	return first, last
}

func token(dir byte, pos int) string { return fmt.Sprintf("%c/%056d", dir, pos) }

// parsePosition decodes an "f/…" or "b/…" token into a direction and a position clamped to n.
func parsePosition(tok string, n int) (forward bool, pos int, err error) {
	dir, num, ok := strings.Cut(tok, "/")
	if !ok || (dir != "f" && dir != "b") || num == "" {
		return false, 0, errBadToken()
	}
	p, perr := strconv.ParseUint(num, 10, 63)
	if perr != nil {
		return false, 0, errBadToken()
	}
	return dir == "f", int(min(p, uint64(n))), nil
}
