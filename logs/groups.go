package logs

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/eventrail/eventrail"
	"github.com/google/uuid"
)

const maxNameLength = 512

var groupNameRe = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]+$`)

// retentionDays are the values PutRetentionPolicy accepts.
var retentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

func validateGroupName(name, path string) error {
	if len(name) > maxNameLength {
		return errInvalid("Invalid LogGroup or LogStream, both must have length less than or equal to 512.")
	}
	var v eventrail.Violations
	v.MinLen(name, path, 1)
	if name != "" && !groupNameRe.MatchString(name) {
		v.Add(name, path, `Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+`)
	}
	return asInvalidParameter(&v)
}

// CreateLogGroup creates a log group.
func (s *Service) CreateLogGroup(ctx context.Context, in *CreateLogGroupInput) (*Empty, error) {
	if err := validateGroupName(in.LogGroupName, "logGroupName"); err != nil {
		return nil, err
	}
	class := in.LogGroupClass
	if class == "" {
		class = "STANDARD"
	}
	var v eventrail.Violations
	v.Enum(class, "logGroupClass", "STANDARD", "INFREQUENT_ACCESS", "DELIVERY")
	if err := asInvalidParameter(&v); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.groups[in.LogGroupName] != nil {
		return nil, eventrail.Errorf(CodeResourceAlreadyExists, "The specified log group already exists")
	}
	rec := groupRecord{Name: in.LogGroupName, Gen: uuid.NewString(), Created: s.clock.Now().UnixMilli(),
		KmsKeyID: in.KmsKeyId, Class: class, Tags: maps.Clone(in.Tags)}
	if err := s.put(ctx, groupKey(rec.Name), &rec); err != nil {
		return nil, err
	}
	s.groups[rec.Name] = &group{rec: rec, streams: map[string]*stream{}}
	return &Empty{}, nil
}

// DeleteLogGroup deletes a log group with all its streams and events.
func (s *Service) DeleteLogGroup(ctx context.Context, in *LogGroupNameInput) (*Empty, error) {
	if err := validateGroupName(in.LogGroupName, "logGroupName"); err != nil {
		return nil, err
	}
	s.mu.Lock()
	g := s.groups[in.LogGroupName]
	if g == nil {
		s.mu.Unlock()
		return nil, errGroupNotFound()
	}
	delete(s.groups, in.LogGroupName)
	for _, st := range g.streams {
		st.mu.Lock()
		st.deleted = true
		st.mu.Unlock()
	}
	s.mu.Unlock()
	// The group record goes first: anything an interrupted delete leaves is an orphan Open
	// removes.
	if err := s.kv.Delete(ctx, groupKey(g.rec.Name)); err != nil {
		return nil, err
	}
	if err := s.deletePrefix(ctx, keyStreamPrefix+g.rec.Name+":"); err != nil {
		return nil, err
	}
	if err := s.deletePrefix(ctx, keyEventPrefix+g.rec.Name+":"); err != nil {
		return nil, err
	}
	return &Empty{}, nil
}

// DescribeLogGroups lists log groups in name order, by prefix or by a case-insensitive
// substring pattern.
func (s *Service) DescribeLogGroups(ctx context.Context, in *DescribeLogGroupsInput) (*DescribeLogGroupsOutput, error) {
	if in.LogGroupNamePrefix != "" && in.LogGroupNamePattern != "" {
		return nil, errInvalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
	}
	limit, err := pageLimit(in.Limit, 50)
	if err != nil {
		return nil, err
	}
	after, err := decodeNameToken(in.NextToken)
	if err != nil {
		return nil, err
	}
	pattern := strings.ToLower(in.LogGroupNamePattern)
	s.mu.RLock()
	var recs []groupRecord
	for name, g := range s.groups {
		if name > after && strings.HasPrefix(name, in.LogGroupNamePrefix) && strings.Contains(strings.ToLower(name), pattern) {
			recs = append(recs, g.rec)
		}
	}
	stored := map[string]int64{}
	for _, r := range recs {
		stored[r.Name] = s.groups[r.Name].storedBytes()
	}
	s.mu.RUnlock()
	sort.Slice(recs, func(i, j int) bool { return recs[i].Name < recs[j].Name })
	out := &DescribeLogGroupsOutput{LogGroups: []LogGroup{}}
	if len(recs) > limit {
		recs = recs[:limit]
		out.NextToken = encodeNameToken(recs[limit-1].Name)
	}
	for _, r := range recs {
		arn := s.groupARN(r.Name)
		out.LogGroups = append(out.LogGroups, LogGroup{LogGroupName: r.Name, CreationTime: r.Created,
			RetentionInDays: r.Retention, Arn: arn + ":*", LogGroupArn: arn, StoredBytes: stored[r.Name],
			KmsKeyId: r.KmsKeyID, LogGroupClass: r.Class})
	}
	return out, nil
}

// storedBytes sums the message bytes of every stream. Caller holds Service.mu.
func (g *group) storedBytes() int64 {
	var n int64
	for _, st := range g.streams {
		st.mu.Lock()
		for _, e := range st.events {
			n += int64(len(e.msg))
		}
		st.mu.Unlock()
	}
	return n
}

// PutRetentionPolicy sets how many days a group keeps events; older events are not returned.
func (s *Service) PutRetentionPolicy(ctx context.Context, in *PutRetentionPolicyInput) (*Empty, error) {
	var v eventrail.Violations
	if in.RetentionInDays == nil {
		v.AddNull("retentionInDays")
	} else {
		allowed := make([]string, len(retentionDays))
		for i, d := range retentionDays {
			allowed[i] = strconv.Itoa(d)
		}
		v.Enum(strconv.Itoa(*in.RetentionInDays), "retentionInDays", allowed...)
	}
	if err := asInvalidParameter(&v); err != nil {
		return nil, err
	}
	return s.updateGroup(ctx, in.LogGroupName, func(r *groupRecord) { d := *in.RetentionInDays; r.Retention = &d })
}

// DeleteRetentionPolicy makes a group keep events forever.
func (s *Service) DeleteRetentionPolicy(ctx context.Context, in *LogGroupNameInput) (*Empty, error) {
	return s.updateGroup(ctx, in.LogGroupName, func(r *groupRecord) { r.Retention = nil })
}

func (s *Service) updateGroup(ctx context.Context, name string, edit func(*groupRecord)) (*Empty, error) {
	if err := validateGroupName(name, "logGroupName"); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups[name]
	if g == nil {
		return nil, errGroupNotFound()
	}
	rec := g.rec
	edit(&rec)
	if err := s.put(ctx, groupKey(name), &rec); err != nil {
		return nil, err
	}
	g.rec = rec
	return &Empty{}, nil
}

// pageLimit validates a 1..max "limit" member (default max).
func pageLimit(limit *int, max int) (int, error) {
	if limit == nil {
		return max, nil
	}
	var v eventrail.Violations
	switch {
	case *limit < 1:
		v.Add(strconv.Itoa(*limit), "limit", "Member must have value greater than or equal to 1")
	case *limit > max:
		v.Add(strconv.Itoa(*limit), "limit", fmt.Sprintf("Member must have value less than or equal to %d", max))
	}
	if err := asInvalidParameter(&v); err != nil {
		return 0, err
	}
	return *limit, nil
}

func encodeNameToken(name string) string { return base64.RawURLEncoding.EncodeToString([]byte(name)) }

func decodeNameToken(tok string) (string, error) {
	if tok == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return "", errBadToken()
	}
	return string(b), nil
}
