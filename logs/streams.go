package logs

import (
	"context"
	"sort"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/google/uuid"
)

func validateStreamName(name string) error {
	if len(name) > maxNameLength {
		return errInvalid("Invalid LogGroup or LogStream, both must have length less than or equal to 512.")
	}
	var v eventrail.Violations
	v.MinLen(name, "logStreamName", 1)
	if strings.ContainsAny(name, ":*") {
		v.Add(name, "logStreamName", "Member must satisfy regular expression pattern: [^:*]*")
	}
	return asInvalidParameter(&v)
}

// CreateLogStream creates a stream in a group.
func (s *Service) CreateLogStream(ctx context.Context, in *CreateLogStreamInput) (*Empty, error) {
	if err := validateGroupName(in.LogGroupName, "logGroupName"); err != nil {
		return nil, err
	}
	if err := validateStreamName(in.LogStreamName); err != nil {
		return nil, err
	}
	_, err := s.createStream(ctx, in.LogGroupName, in.LogStreamName, false)
	if err != nil {
		return nil, err
	}
	return &Empty{}, nil
}

// createStream creates the stream, or returns the existing one when existingOK. The stream is
// published (locked) before its record is written, so the write does not hold Service.mu;
// callers that find it wait on its lock until the write is done.
func (s *Service) createStream(ctx context.Context, groupName, name string, existingOK bool) (*stream, error) {
	s.mu.Lock()
	g := s.groups[groupName]
	if g == nil {
		s.mu.Unlock()
		return nil, errGroupNotFound()
	}
	if st := g.streams[name]; st != nil {
		s.mu.Unlock()
		if existingOK {
			return st, nil
		}
		return nil, eventrail.Errorf(CodeResourceAlreadyExists, "The specified log stream already exists")
	}
	rec := streamRecord{Name: name, Gen: uuid.NewString(), GroupGen: g.rec.Gen, Created: s.clock.Now().UnixMilli()}
	st := &stream{rec: rec, group: groupName}
	st.mu.Lock()
	g.streams[name] = st
	s.mu.Unlock()
	err := s.put(ctx, streamKey(groupName, name), &rec)
	if err != nil {
		st.deleted = true
	}
	st.mu.Unlock()
	if err != nil {
		s.mu.Lock()
		if g.streams[name] == st {
			delete(g.streams, name)
		}
		s.mu.Unlock()
		return nil, err
	}
	return st, nil
}

// DeleteLogStream deletes a stream and its events.
func (s *Service) DeleteLogStream(ctx context.Context, in *CreateLogStreamInput) (*Empty, error) {
	s.mu.Lock()
	g := s.groups[in.LogGroupName]
	if g == nil {
		s.mu.Unlock()
		return nil, errGroupNotFound()
	}
	st := g.streams[in.LogStreamName]
	if st == nil {
		s.mu.Unlock()
		return nil, errStreamNotFound()
	}
	delete(g.streams, in.LogStreamName)
	st.mu.Lock()
	st.deleted = true
	st.mu.Unlock()
	s.mu.Unlock()
	if err := s.kv.Delete(ctx, streamKey(in.LogGroupName, in.LogStreamName)); err != nil {
		return nil, err
	}
	if err := s.deletePrefix(ctx, batchPrefix(in.LogGroupName, in.LogStreamName)); err != nil {
		return nil, err
	}
	return &Empty{}, nil
}

// DescribeLogStreams lists a group's streams by name (optionally by prefix) or by last event
// time.
func (s *Service) DescribeLogStreams(ctx context.Context, in *DescribeLogStreamsInput) (*DescribeLogStreamsOutput, error) {
	var v eventrail.Violations
	if in.OrderBy != "" {
		v.Enum(in.OrderBy, "orderBy", "LogStreamName", "LastEventTime")
	}
	if err := asInvalidParameter(&v); err != nil {
		return nil, err
	}
	if in.OrderBy == "LastEventTime" && in.LogStreamNamePrefix != "" {
		return nil, errInvalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
	}
	limit, err := pageLimit(in.Limit, 50)
	if err != nil {
		return nil, err
	}
	g, err := s.resolveGroup(in.LogGroupName, in.LogGroupIdentifier)
	if err != nil {
		return nil, err
	}
	var all []LogStream
	s.mu.RLock()
	for name, st := range g.streams {
		if strings.HasPrefix(name, in.LogStreamNamePrefix) {
			all = append(all, s.describeStream(g, st))
		}
	}
	s.mu.RUnlock()
	sortStreams(all, in.OrderBy == "LastEventTime", in.Descending)
	start := 0
	if in.NextToken != "" {
		key, err := decodeNameToken(in.NextToken)
		if err != nil {
			return nil, err
		}
		for start < len(all) && streamSortKey(all[start], in.OrderBy == "LastEventTime") != key {
			start++
		}
		if start == len(all) {
			return nil, errBadToken()
		}
		start++
	}
	out := &DescribeLogStreamsOutput{LogStreams: all[start:]}
	if len(out.LogStreams) > limit {
		out.LogStreams = out.LogStreams[:limit]
		out.NextToken = encodeNameToken(streamSortKey(out.LogStreams[limit-1], in.OrderBy == "LastEventTime"))
	}
	return out, nil
}

func (s *Service) describeStream(g *group, st *stream) LogStream {
	ls := LogStream{LogStreamName: st.rec.Name, CreationTime: st.rec.Created,
		Arn: s.groupARN(g.rec.Name) + ":log-stream:" + st.rec.Name}
	st.mu.Lock()
	defer st.mu.Unlock()
	if n := len(st.events); n > 0 {
		first, last, ing := st.events[0].ts, st.events[n-1].ts, st.lastIngest
		ls.FirstEventTimestamp, ls.LastEventTimestamp, ls.LastIngestionTime = &first, &last, &ing
		ls.UploadSequenceToken = sequenceToken(st.nextBatch)
	}
	return ls
}

// streamSortKey is a stream's position in the listing (the page token).
func streamSortKey(ls LogStream, byTime bool) string {
	if !byTime {
		return ls.LogStreamName
	}
	var t int64
	if ls.LastEventTimestamp != nil {
		t = *ls.LastEventTimestamp
	}
	return strings.Join([]string{padInt(t), ls.LogStreamName}, "\x00")
}

func sortStreams(all []LogStream, byTime, desc bool) {
	sort.Slice(all, func(i, j int) bool {
		a, b := streamSortKey(all[i], byTime), streamSortKey(all[j], byTime)
		if desc {
			return a > b
		}
		return a < b
	})
}
