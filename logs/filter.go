package logs

import (
	"context"
	"encoding/base64"
	"sort"
	"strconv"
	"strings"

	"github.com/eventrail/eventrail"
)

const maxFilterPattern = 1024

// FilterLogEvents searches the events of a group's streams (all, named, or by prefix) in a
// time range for a filter pattern, in timestamp order, paged by nextToken.
func (s *Service) FilterLogEvents(ctx context.Context, in *FilterLogEventsInput) (*FilterLogEventsOutput, error) {
	var v eventrail.Violations
	v.MaxLen(in.FilterPattern, "filterPattern", maxFilterPattern)
	if len(in.LogStreamNames) > 100 {
		v.Add("["+strings.Join(in.LogStreamNames, ", ")+"]", "logStreamNames", "Member must have length less than or equal to 100")
	}
	if err := asInvalidParameter(&v); err != nil {
		return nil, err
	}
	if len(in.LogStreamNames) > 0 && in.LogStreamNamePrefix != "" {
		return nil, errInvalid("Cannot specify both logStreamNames and logStreamNamePrefix.")
	}
	limit, err := pageLimit(in.Limit, maxGetLimit)
	if err != nil {
		return nil, err
	}
	match, err := compilePattern(in.FilterPattern)
	if err != nil {
		return nil, errInvalid("Invalid filter pattern: %s", in.FilterPattern)
	}
	after, err := decodeFilterToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	g, err := s.resolveGroup(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	streams, err := s.selectStreams(g, in)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	lo := s.cutoff(g.rec.Retention)
	s.mu.RUnlock()
	hi := int64(1<<63 - 1)
	if in.StartTime != nil {
		lo = max(lo, *in.StartTime)
	}
	if in.EndTime != nil {
		hi = *in.EndTime
	}
	found := collect(streams, lo, hi, match, after)
	return filterPage(found, streams, limit), nil
}

// selectStreams returns the streams FilterLogEvents searches, by name order.
func (s *Service) selectStreams(g *group, in *FilterLogEventsInput) ([]*stream, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*stream
	if len(in.LogStreamNames) > 0 {
		for _, n := range in.LogStreamNames {
			st := g.streams[n]
			if st == nil {
				return nil, errStreamNotFound()
			}
			out = append(out, st)
		}
	} else {
		for n, st := range g.streams {
			if strings.HasPrefix(n, in.LogStreamNamePrefix) {
				out = append(out, st)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rec.Name < out[j].rec.Name })
	return out, nil
}

// cursor orders filtered events: by timestamp, stream name, then event id.
type cursor struct {
	ts     int64
	stream string
	id     string
}

func (c cursor) less(o cursor) bool {
	if c.ts != o.ts {
		return c.ts < o.ts
	}
	if c.stream != o.stream {
		return c.stream < o.stream
	}
	return c.id < o.id
}

type found struct {
	ev     event
	stream string
}

// collect returns the matching events after the cursor, sorted.
func collect(streams []*stream, lo, hi int64, match matcher, after *cursor) []found {
	var out []found
	for _, st := range streams {
		st.mu.Lock()
		for _, e := range st.events {
			if e.ts >= lo && e.ts < hi && (after == nil || after.less(cursor{e.ts, st.rec.Name, e.id})) && match(e.msg) {
				out = append(out, found{e, st.rec.Name})
			}
		}
		st.mu.Unlock()
	}
	sort.Slice(out, func(i, j int) bool {
		return cursor{out[i].ev.ts, out[i].stream, out[i].ev.id}.less(cursor{out[j].ev.ts, out[j].stream, out[j].ev.id})
	})
	return out
}

func filterPage(all []found, streams []*stream, limit int) *FilterLogEventsOutput {
	out := &FilterLogEventsOutput{Events: []FilteredLogEvent{}, SearchedLogStreams: []SearchedLogStream{}}
	size := 0
	for i, f := range all {
		if i == limit || size >= maxResponseBytes {
			last := out.Events[len(out.Events)-1]
			out.NextToken = encodeFilterToken(cursor{last.Timestamp, last.LogStreamName, last.EventId})
			break
		}
		size += len(f.ev.msg)
		out.Events = append(out.Events, FilteredLogEvent{LogStreamName: f.stream, Timestamp: f.ev.ts,
			Message: f.ev.msg, IngestionTime: f.ev.ingested, EventId: f.ev.id})
	}
	for _, st := range streams {
		out.SearchedLogStreams = append(out.SearchedLogStreams, SearchedLogStream{LogStreamName: st.rec.Name, SearchedCompletely: true})
	}
	return out
}

func encodeFilterToken(c cursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.ts, 10) + ":" + c.id + ":" + c.stream))
}

func decodeFilterToken(tok string) (*cursor, error) {
	if tok == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return nil, errBadToken()
	}
	parts := strings.SplitN(string(b), ":", 3)
	if len(parts) != 3 || parts[1] == "" || parts[2] == "" {
		return nil, errBadToken()
	}
	n, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return nil, errBadToken()
	}
	return &cursor{n, parts[2], parts[1]}, nil
}
